# Tests on phones (children), the satisfaction survey, and the staff pages that open tests and make them.

sheet-code-title = Take a test
sheet-code-intro = Type the code written on the board (or scan the QR code).
sheet-code = Test code
sheet-code-go = Open the test
sheet-code-unknown = No test has this code. Check it on the board and type it again.
sheet-intro-pre = Before the workshop: { $count ->
    [one] one question
   *[other] { $formatted } questions
}. Answer on your own, without looking anything up. It is not marked: it shows what the workshop should explain.
sheet-intro-post = After the workshop: { $count ->
    [one] one question
   *[other] { $formatted } questions
}. Use the same nickname as in the first test, so that we can see what you learned.
sheet-intro-followup = A few weeks later: { $count ->
    [one] one question
   *[other] { $formatted } questions
}. Use the same nickname as in the first test.
sheet-errors = { $count ->
    [one] One thing is missing or wrong: it is marked below. Your other answers are kept.
   *[other] { $formatted } things are missing or wrong: they are marked below. Your other answers are kept.
}
sheet-nickname = Your nickname
sheet-nickname-hint = Not your real name, no phone number, no e-mail. Use the same one in every test.
sheet-hint-several = Tick every right answer.
sheet-hint-flags = Tick each part of the message that should make you suspicious.
sheet-your-answer = Your answer
sheet-submit = Send my answers
sheet-closed = This test is closed: it no longer takes answers. Ask the facilitator.
sheet-done = Thank you, { $nickname }! Right answers: { $score } out of { $total }.
sheet-done-bye = Your answers are saved. You can close this page.

survey-title = What did you think?
survey-intro = Three quick questions. There are no wrong answers.
survey-submit = Send
survey-thanks = Thank you! Your answers are saved. You can close this page.
survey-liked = Did you like the workshop?
survey-learned = Did you learn something new?
survey-know-what-to-do = Do you know what to do if something goes wrong online?
survey-useful = The workshop was useful to me.
survey-clear = What was said was clear.
survey-confident = I feel able to help a child who meets a problem online.
survey-recommend = I would recommend this workshop to others.
survey-scale3-1 = Not really
survey-scale3-2 = A little
survey-scale3-3 = Yes, a lot
survey-scale5-1 = Strongly disagree
survey-scale5-2 = Disagree
survey-scale5-3 = Neither
survey-scale5-4 = Agree
survey-scale5-5 = Strongly agree

tests-link = Tests on phones
tests-title = Tests on phones · { $workshop }
tests-back = The workshop
tests-back-list = All the tests of the workshop
tests-intro = Open a test before the workshop and again after it: children answer on their phones from the code or the QR code, with the same nickname both times. Answers from a live game or paper sheets count in the same test.
tests-none = This campaign has no test yet.
tests-make = Make one
tests-facts = { $count ->
    [one] one question
   *[other] { $formatted } questions
} · { $audience }
tests-phase-pre = Before the workshop
tests-phase-post = After the workshop
tests-phase-followup = Follow-up
tests-state-none = not opened
tests-state-open = open, code
tests-state-closed = closed
tests-answered = { $count ->
    [one] one child has answered
   *[other] { $formatted } children have answered
}
tests-board = Show the code
tests-open = Open on phones
tests-close = Close the test
tests-reopen = Open again
tests-board-how = Scan the QR code, or open the address and type the code:
tests-board-closed = This test is closed: it no longer takes answers.
tests-refresh = Update

ctests-link = Pre/post tests
ctests-title = Tests · { $campaign }
ctests-back = The campaign
ctests-report = The report
ctests-intro = A test is a list of questions taken before a workshop and after it. Children take it on phones (from the workshop's page), in a live game, or on paper: results typed from paper sheets are uploaded here as a CSV file.
ctests-none = No test yet.
ctests-new = New test
ctests-create = Make the test
ctests-upload = Paper results (CSV)
ctests-upload-hint = Columns participant,establishment,age_band,phase,question,correct (pre or post, question number, 1 or 0). The whole file is stored, or nothing.
ctests-upload-done = Stored: { $lines } lines, { $participants } new participants, { $replaced } answers replaced.
ctests-upload-refused = Nothing was stored: { $count ->
    [one] one line has a problem.
   *[other] { $count } lines have problems.
}
test-field-title = Title
test-field-module = Module
test-field-age-band = Age band
test-field-count = Number of questions
test-field-count-hint = From 1 to 50, taken in the module's order for this age band.
