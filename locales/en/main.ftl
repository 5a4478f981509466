## Layout
skip-to-content = Skip to content
brand-home = home page
lang-switcher = Language
nav-main = Main navigation
nav-dashboard = Dashboard
nav-logout = Sign out
footer-tagline = amane: online-safety awareness campaigns for children and school staff.

## Roles
role-admin = Administrator
role-organizer = Organizer
role-facilitator = Facilitator
role-coordinator = School coordinator
role-observer = Observer
role-admin-intro = You are an { $role }: you manage accounts, reference data and the configuration of this installation.
role-organizer-intro = You are an { $role }: you plan campaigns, their targets and workshops, and follow the results.
role-facilitator-intro = You are a { $role }: you run workshops from ready lesson plans, with a live quiz.
role-coordinator-intro = You are a { $role }: you register your school's classes and staff and follow attendance.
role-observer-intro = You are an { $role }: you read aggregated, anonymised figures on the reach and learning of campaigns.

## Home
home-title = Campaigns for a safer Internet
home-lead = amane helps a ministry, a school network or an NGO plan, deliver, measure and report online-safety awareness campaigns, from classroom workshops to the report for partners.
home-staff-login = Staff sign-in
home-who-title = Who is it for?
home-who-organizers = Organizers
home-who-organizers-text = Create a campaign, set its targets and spread its workshops across schools.
home-who-facilitators = Facilitators
home-who-facilitators-text = Run a workshop from a lesson plan, with a live quiz on the classroom screen.
home-who-schools = Schools
home-who-schools-text = Register your classes and staff, and follow attendance.
home-who-children = Children
home-who-children-text = No account: a code and a nickname are enough to join the quiz, in French, Arabic or English.

## Login
login-title = Sign in
field-email = E-mail address
field-password = Password
login-submit = Sign in
login-help = Forgot your password? Ask the administrator of your installation.
login-missing = Enter your e-mail address and your password.
login-invalid = Wrong e-mail address or password.
login-invalid-left = Wrong e-mail address or password. { $left ->
    [0] Signing in now pauses for a few minutes.
    [one] One more failed attempt and signing in pauses for a few minutes.
   *[other] { $formatted } more failed attempts and signing in pauses for a few minutes.
}
login-throttled = Too many attempts. Try again in { $minutes ->
    [one] { $formatted } minute
   *[other] { $formatted } minutes
}.
logout-done = You are signed out.

## Setup
setup-title = Create the first administrator
setup-lead = This installation has no administrator yet. This link works once and expires after one hour.
form-has-errors = Some fields need correcting: see the messages below.
field-display-name = Display name
field-new-password = Password
field-password-confirm = Confirm the password
password-hint = At least { $formatted } characters. A sentence of several words is easy to remember and hard to guess.
setup-submit = Create the account

## Dashboard
dashboard-title = Dashboard
dashboard-greeting = Hello, { $name }
dashboard-today = Today is { $date }.
dashboard-your-work = Your areas
dashboard-accounts = { $count ->
    [one] { $formatted } account
   *[other] { $formatted } accounts
}
card-coming = Coming soon
card-accounts-title = Staff accounts
card-accounts-body = Turn accounts off or on and revoke their API tokens. New accounts are created with amane admin create-user or through the API.
card-campaigns-title = Campaigns
card-campaigns-body = Plan a campaign, its targets (children, staff, workshops) and its partners.
card-establishments-title = Schools
card-establishments-body = The register of schools by region and province, importable from a CSV file.
card-curriculum-title = Curriculum
card-curriculum-body = Ready modules for each age band: passwords, scams, cyberbullying, AI…
card-reports-title = Reports
card-reports-body = The reach and learning of campaigns, aggregated and anonymised.
card-workshops-title = My workshops
card-workshops-body = Your workshop schedule, with the lesson plan of each.
card-live-title = Live quiz
card-live-body = Project a quiz; children answer from a phone or tablet with a code.
card-registrations-title = Registrations
card-registrations-body = Find a workshop in a campaign and register your school’s classes and staff for it.
card-school-workshops-title = My schools’ workshops
card-school-workshops-body = The workshops planned at your schools, your registrations and attendance.
card-checkin-title = Check-in
card-checkin-body = Mark the children present on a phone, with the workshop’s code.

## Errors
error-back-home = Back to the home page
error-go-back = Go back to the form with your browser, correct it and send it again.
retry-in-minutes = You can try again in { $minutes ->
    [one] { $formatted } minute
   *[other] { $formatted } minutes
}.

## Curriculum
nav-curriculum = Curriculum
curriculum-title = Curriculum
curriculum-lead = Ready-to-run modules on online safety, for each age band and for adults, in French, Arabic and English.
curriculum-filter-audience = Audience
curriculum-filter-competency = Competency
curriculum-all-audiences = All audiences
curriculum-all-competencies = All competencies
curriculum-apply = Filter
curriculum-count = { $count ->
    [0] No module matches.
    [one] One module.
   *[other] { $formatted } modules.
}
audience-8-11 = Ages 8–11
audience-12-14 = Ages 12–14
audience-15-17 = Ages 15–17
audience-staff = School staff
audience-parents = Parents
competency-account-security = Account security
competency-privacy = Privacy
competency-scam-awareness = Scams
competency-respectful-communication = Respectful communication
competency-ai-literacy = Artificial intelligence
competency-media-literacy = Media literacy
competency-wellbeing = Well-being
competency-safe-contact = Safe contact
competency-help-seeking = Asking for help
competency-adult-guidance = Guiding children
module-facts = { $minutes_formatted } min · { $questions ->
    [one] one question
   *[other] { $questions_formatted } questions
}
module-objectives = Learning objectives
module-materials = Workshop materials
module-lesson = Lesson
module-guide = Facilitator's guide
module-handout = Handout
module-questions = Questions
module-guide-heading = { $title }: facilitator's guide
module-handout-heading = { $title }: handout
module-poster = Poster (A3)
module-poster-heading = { $title }: poster
module-questions-heading = { $title }: questions
question-type-single = One answer
question-type-multiple = Several answers
question-type-true_false = True or false
question-type-short_answer = Short answer
question-type-red_flags = Spot the red flags
question-correct = right answer
question-answer = Answer:
question-explanation = Why:
answer-true = True
answer-false = False
rf-format-sms = Text message
rf-format-email = E-mail
rf-format-chat = Chat
rf-format-social = Social media post
rf-format-voice = Voice message (transcript)
rf-try = Try this scenario
rf-instructions = Tap every part that looks suspicious, then check your answer.
rf-check = Check my answer
rf-score = Your score: { $score_formatted } out of { $max_formatted }.
rf-flags-title = The red flags
rf-found = Spotted:
rf-missed = Missed:
rf-found-count = You spotted { $found_formatted } of the { $max_formatted } red flags.
rf-false-count = { $count ->
    [0] You tapped no harmless part.
    [one] You tapped { $formatted } harmless part (a false alarm).
   *[other] You tapped { $formatted } harmless parts (false alarms).
}
rf-score-rule = Scoring: one point for each red flag you spot, minus one for each harmless part you tap (never below zero).
rf-false-alarm = False alarm:
rf-false-alarm-why = this part is harmless.
rf-again = Try again
contact-fallback-child_helpline = a helpline for children (the school has the number)
contact-fallback-report_portal = the official website for reporting illegal content (the school has the address)
contact-fallback-cybercrime_police = the police unit for online crime
contact-fallback-data_protection_authority = the national data protection authority
contact-fallback-emergency = the emergency numbers (police, civil protection) posted at school
law-fallback-intimate_images = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-sextortion = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-harassment = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-fraud = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-personal_data = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-hate_speech = ask a trusted adult or the school's administration what the law of your country provides
law-fallback-impersonation = ask a trusted adult or the school's administration what the law of your country provides
banks-title = Imported question banks
bank-facts = { $count ->
    [one] one question
   *[other] { $formatted } questions
} · { $lang }
import-heading = Import a question bank
import-lead = Bring questions from Moodle or another quiz tool: a GIFT file or a Moodle XML export. Multiple choice, true/false and short answers are imported with their feedback; other types are listed and skipped.
import-file = Question bank file
import-file-hint = .gift, .txt or .xml, up to 8 MB, in UTF-8.
import-module = Module id
import-module-hint = Lowercase letters, digits and hyphens, e.g. security-grade-8. Importing again into the same id updates its questions.
import-title = Title
import-lang = Language of the questions
import-audiences = Who the questions are for
import-sharing = Who may see and use this bank
import-sharing-staff = Every staff member
import-sharing-private = Only me (and the organizers)
import-submit = Import
import-done-heading = Question bank imported
import-summary = { $imported } questions imported ({ $inserted } new, { $updated } updated); { $skipped } skipped.
import-skipped-title = Questions skipped
import-skip-group-one = { $reason } (line { $lines })
import-skip-group = { $reason }: { $count } (lines { $lines })
import-skip-group-more = { $reason }: { $count } (lines { $lines } and { $more } more)
import-skip-type = questions of type “{ $kind }”, not supported
import-skip-essay = essay questions, not supported yet
import-skip-numerical = numerical questions, not supported yet
import-skip-matching = matching questions, not supported yet
import-skip-description = descriptions (text without answers), not questions
import-skip-cloze = cloze questions (answers inside the text), not supported
import-skip-unclosed = a “{"{"}” never closed (the file may be cut short)
import-skip-no-text = no question text (a title or answers alone)
import-skip-bad-answers = answers that cannot be read (each one starts with = or ~)
import-skip-no-right = no right answer
import-skip-no-type = a question without a type
import-see-bank = See the questions
import-unreadable = The file could not be read at line { $line }: { $reason }

## Establishments
nav-establishments = Schools
est-title = Schools and establishments
est-total = { $count ->
    [0] No establishment matches.
    [one] One establishment.
   *[other] { $formatted } establishments.
}
est-import-heading = Import establishments (CSV)
est-import-lead = A CSV file in UTF-8 (with or without BOM), separated by commas or semicolons, with the columns code, name_fr, name_ar, region, province, commune, level, sector, setting (or their French names nom_fr, nom_ar, niveau, secteur, milieu) in any order. Establishments are matched by code: importing again updates them.
est-file = CSV file
est-file-hint = Regions by code (01–12) or by French or Arabic name; levels primary/middle/secondary/higher/other or primaire/collège/lycée/supérieur/autre.
est-skip-invalid = Import the valid rows even if others are refused
est-import-done = { $inserted } establishments added, { $updated } updated, { $rejected } rows refused.
est-import-refused = { $count } rows are invalid: nothing was imported. Correct them, or tick the box to import the valid rows.
est-search = Search
est-region = Region
est-level = Level
est-code = Code
est-name = Name
est-province = Province
est-sector = Sector
est-setting = Setting
est-line = Line
est-column = Column
est-value = Value
est-reason = Problem
est-all-regions = All regions
est-all-levels = All levels
level-primary = Primary
level-middle = Middle school
level-secondary = Secondary
level-higher = Higher education
level-other = Other
sector-public = Public
sector-private = Private
setting-urban = Urban
setting-rural = Rural
pager = Pages
pager-prev = Previous
pager-next = Next
pager-line = Page { $page } of { $pages }

## Campaigns
nav-campaigns = Campaigns
campaigns-title = Campaigns
campaign-new = New campaign
campaign-none = No campaign yet.
campaign-edit = Edit the campaign
campaign-save = Save
campaign-titles = Title and theme
campaign-period = Period
campaign-targets = Targets
campaign-target = Target
campaign-goal = Goal
campaign-partners = Partners
campaign-period-line = From { $start } to { $end }
campaign-targets-line = Targets: { $children } children, { $staff } staff, { $workshops } workshops
campaign-retention-line = Children's data is kept { $formatted } days after the campaign ends, until { $date }; then nicknames, check-ins, certificates and answers are deleted and the figures stay.
campaign-purged-line = Children's data was deleted on { $date }, at the end of its retention period; the figures stay.
campaign-progress-note = Registered: confirmed places. Reached: people present, workshops with attendance recorded, establishments with someone present.
campaign-status-draft = Draft
campaign-status-open = Open
campaign-status-closed = Closed
campaign-target-children = Children
campaign-target-staff = Staff
campaign-target-parents = Parents
campaign-target-workshops = Workshops
campaign-target-establishments = Establishments
campaign-field-title-fr = Title in French
campaign-field-title-ar = Title in Arabic
campaign-field-title-en = Title in English
campaign-field-theme-fr = Theme in French
campaign-field-theme-ar = Theme in Arabic
campaign-field-theme-en = Theme in English
campaign-field-starts-on = First day
campaign-field-ends-on = Last day
campaign-field-time-zone = Time zone
campaign-field-target-children = Children
campaign-field-target-staff = Staff
campaign-field-target-parents = Parents
campaign-field-target-workshops = Workshops
campaign-field-target-establishments = Establishments
campaign-field-partners = Partner organisations (one per line; to name one in each language: French | Arabic | English)
campaign-field-retention-days = Keep children's data (days after the end)
campaign-field-status = Status

## Workshops
nav-my-workshops = My workshops
agenda-title = Workshops
agenda-mine = My workshops
agenda-mine-schools = Workshops at my schools
agenda-empty = No workshop scheduled.
agenda-ics = Add to my calendar (.ics)
agenda-details = { $place } · { $audience } · { $lang } · { $capacity } places · { $facilitators }
workshop-new = Schedule a workshop
workshop-modules = Curriculum modules
workshop-facilitators = Facilitators
workshop-field-title = Title
workshop-field-establishment = School (if held at one)
workshop-field-venue-name = Venue (if not a school of the registry)
workshop-field-room = Room
workshop-field-date = Day
workshop-field-start = Start (local time)
workshop-field-end = End (local time)
workshop-field-capacity = Capacity
workshop-field-audience = Audience
workshop-field-lang = Language
facilitator_busy-detail = A facilitator already runs “{ $other }” at that time.
room_busy-detail = The room is already taken by “{ $other }” at that time.

## Registrations
reg-title = Registrations
reg-none = No registration yet.
reg-new = Register a group, staff or parents
reg-status = Status
reg-cancel = Cancel
reg-submit = Register
reg-seats-line = { $confirmed } of { $capacity } places taken · { $waiting } on the waiting list
reg-status-confirmed = Confirmed
reg-status-waiting = Waiting list
reg-status-cancelled = Cancelled
reg-kind-group = Class or group of children
reg-kind-staff = Staff member
reg-kind-parents = Parents
reg-done-confirmed = Registered: the places are confirmed.
reg-done-waiting = The workshop is full: the registration is on the waiting list and moves up automatically when places free up.
reg-field-establishment = Establishment
reg-field-kind = Who
reg-field-label = Class, group or name
reg-field-age-band = Age band (children)
reg-field-seats = Places
reg-field-roster = Nicknames (optional, one per line)
reg-field-staff-email = E-mail (staff and parents only)
reg-roster-hint = Children are never registered by name: a roster holds nicknames only, and no contact data.
reg-facilitators-line = Facilitators: { $names }
campaign-registered = Registered
campaign-reached = Reached
campaign-progress = Progress
campaign-percent = { $percent }%
reg-present = Present
reg-present-save = Save
field_present_over_seats = More present than places registered.
roster-link = Roster sheet and check-in codes
roster-title = { $title }: roster sheet
roster-code = Check-in code
roster-facts = { $establishment } · { $seats } places
roster-headcount-only = No roster: record the headcount present on the workshop page.
roster-present = present
checkin-title = Check in
checkin-open = Open the workshop
checkin-unknown = No workshop has this check-in code.
checkin-mark = Mark present
checkin-marked = Present. { $count } of { $seats } checked in for this group.
workshop-edit = Edit the workshop
checkin-list-title = Check-in: { $title }
checkin-back-workshop = Back to the workshop
checkin-search = Find a group or a child
checkin-search-go = Search
checkin-show-all = Show everyone
checkin-none = No confirmed registration to check in.
checkin-headcount = Present (headcount)
checkin-is-present = present
checkin-undo = Undo
checkin-count-children = Children present:
checkin-count-adults = Adults present:
checkin-count-line = { $present } of { $registered }
checkin-group-count = { $present }/{ $seats }
checkin-hidden = { $count ->
    [one] { $formatted } group does not match.
   *[other] { $formatted } groups do not match.
}
checkin-qr-hint = Prefer paper? Each child also has a QR code on the printed roster.
checkin-list-link = Check-in
field_registration_not_confirmed = This registration is not confirmed (waiting list or cancelled).
campaign-by-region = By region
campaign-region-registry = Schools in the registry
campaign-region-registered = Schools registered
campaign-region-reached = Schools reached (coverage)
campaign-region-children-registered = Children registered
campaign-region-children-present = Children present
campaign-region-none = Outside the registry
campaign-by-region-note = Coverage: the share of the region’s schools in the registry where someone took part.
campaign-filter-school = School (name or code)
campaign-filter-date = Day
campaign-filter-all-regions = All regions
campaign-filter-clear = Clear the filters
campaign-agenda-shown = { $count ->
    [one] { $formatted } workshop
   *[other] { $formatted } workshops
}
workshop-establishment-hint = Type the school’s code or part of its name; leave empty for a venue outside the registry.
field_establishment_ambiguous = Several schools match: type the code, or more of the name.
workshop-establishment-pick = Which school did you mean?
field-at-line = line { $line }: { $message }
back-to = Back to “{ $place }”
reg-roster-show = Nicknames

## Own account and API tokens (/account), staff accounts (/admin/users)
nav-account = My account
account-title = My account
account-tokens = API tokens
account-tokens-intro = A token lets a script use amane's API in your name, with your role. Give each script its own token, for no longer than it needs, and revoke it when the script stops.
account-tokens-none = You have no API token.
account-token-label = Label
account-token-made = Created
account-token-state = Valid
account-token-used = Last used
account-token-never = never
account-token-revoked = revoked on { $date }
account-token-expired = expired on { $date }
account-token-expires = until { $date }
account-token-no-expiry = no expiry
account-token-revoke = Revoke
account-token-new = New token
account-token-days = Valid for (days)
account-token-days-hint = From 1 to 365 days.
account-token-create = Create the token
account-token-created = Your new token:
account-token-once = Copy it now and keep it somewhere safe: amane keeps only a fingerprint of it and will never show it again.
users-title = Staff accounts
users-summary = { $count ->
    [one] { $count } account, { $active } active
   *[other] { $count } accounts, { $active } active
}
users-intro = Turning an account off ends its sessions and revokes its API tokens at once; turning it back on does not bring old tokens back.
users-name = Name
users-role = Role
users-state = State
users-tokens = Valid API tokens
users-action = Action
users-active = active
users-inactive = turned off
users-no-tokens = none
users-deactivate = Turn off
users-activate = Turn back on
users-you = (you)
users-unlock = Lift sign-in blocks
users-unlocked = Sign-in blocks lifted: the account can sign in again from anywhere.
audit-title = Audit log
audit-summary = { $count ->
    [one] { $formatted } entry
   *[other] { $formatted } entries
}
audit-intro = Every sign-in and failed sign-in, every change made by a staff member, every import and export, with who, when and from which address. Children are not in it, and no nickname or contact is ever written.
audit-csv = Download as CSV
audit-when = When
audit-who = Who
audit-what = What
audit-status = Answer
audit-where = Address
audit-unknown-account = (no such account)
users-audit = Audit log
