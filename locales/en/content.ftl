## Problems found by `amane content check`: `content-<code>`.
content-toml-syntax = not valid TOML: { $message }
content-missing-file = file missing
content-missing-translation = "{ $field }" has no { $lang } text
content-unknown-language = unknown language "{ $value }" (use fr, ar, en)
content-unknown-audience = unknown audience "{ $value }" (use 8-11, 12-14, 15-17, staff, parents)
content-audience-not-in-module = audience "{ $value }" is not among the module's audiences
content-unknown-competency = unknown competency "{ $value }"
content-bad-id = "{ $value }" is not a valid id (lowercase letters, digits, hyphens)
content-id-mismatch = the id "{ $id }" differs from the folder name "{ $folder }"
content-duplicate-id = the id "{ $id }" is already used (at { $other })
content-duplicate-module = the module "{ $id }" exists twice
content-unknown-type = unknown question type "{ $value }" (use single, multiple, true_false, red_flags)
content-no-correct-answer = no choice is marked correct = true
content-single-needs-one-correct = a single-choice question needs exactly one correct choice, not { $count }
content-choices-count = a question needs 2 to 6 choices, not { $count }
content-true-false-needs-answer = a true_false question needs answer = true or answer = false
content-true-false-no-choices = a true_false question has no choices
content-too-few-questions = audience { $audience } has { $count } questions; at least { $min } are needed
content-unknown-format = unknown scenario format "{ $value }" (use sms, email, chat, social, voice)
content-rf-flag-missing = the red flag "{ $flag }" does not appear in the { $lang } message
content-rf-flag-not-explained = the { $lang } message marks "{ $flag }", which has no [[questions.flags]] block
content-rf-flag-repeated = the red flag "{ $flag }" appears more than once in the { $lang } message
content-rf-too-few-flags = a scenario needs at least 2 red flags, not { $count }
content-rf-too-few-neutral = the { $lang } message needs at least 2 harmless parts [[-|…]], not { $count }
content-rf-malformed = the { $lang } message is malformed: { $reason }
content-rf-fields-only = "{ $field }" does not belong to this question type
content-md-missing-part = the part "{ $part }" is missing (a line <!-- part: { $part } -->)
content-md-part-order = the part "{ $part }" is repeated or out of order (lesson, guide, handout)
content-md-empty-part = the part "{ $part }" is empty
content-md-unknown-marker = unknown marker line: { $text }
content-md-raw-html = HTML is not allowed in lessons and would be removed: { $html }
content-md-broken-link = broken link "{ $target }" (use https://… or module:<id>)
content-md-unknown-placeholder = unknown placeholder "{ $key }" (use {"{{"}contact:child_helpline{"}}"} and the other contact keys, or {"{{"}law:fraud{"}}"} and the other law keys)
content-md-image-missing = the image "{ $target }" is not in the module's folder
content-no-questions = the file has no [[questions]]
content-bad-version = "{ $value }" is not a version like 1.0.0
content-bad-duration = a duration of { $value } minutes is not plausible (5 to 480)
content-empty-list = "{ $field }" must not be empty
content-unknown-test-form = unknown test form "{ $value }" (write "a" or "b")
content-glossary-bad-entry = the glossary term "{ $term }" needs en, fr and use, and no empty avoid form
content-fair-position = the right answer is choice { $position } in { $count } of the { $total } single- and multiple-choice questions ({ $share } %; at most 40 %): a child who always picks it wins, so move some right answers to other positions
content-fair-longest = in { $lang }, the right answer is the longest choice in { $count } of the { $total } single-choice questions ({ $share } %; at most 50 %): a child who picks the longest wins, so lengthen distractors or shorten answers
content-fair-true-false = { $count } of the { $total } true/false questions have the answer { $answer ->
    [true] true
   *[false] false
} ({ $share } %; at most 65 %): balance them
content-year-in-text = the year { $year } is written in the text: it will be wrong next year (write "this year", an age or a duration)
content-bidi-unmarked = "{ $text }" is displayed as "{ $shown }" inside Arabic: put a LEFT-TO-RIGHT MARK (U+200E) right before and right after it (amane content check --fix-direction DIR does it)
content-glossary-term = "{ $found }": the glossary uses { $use } instead of { $form }
content-ok = Content is valid: { $modules ->
    [one] one module
   *[other] { $modules } modules
}, { $questions ->
    [one] one question
   *[other] { $questions } questions
}.
