//! The GIFT reader and writer on banks as teachers write them and as Moodle exports them.

use super::*;

const BANK: &str = r#"// A bank as teachers write them.
$CATEGORY: $course$/Sécurité

::Q1:: Quel mot de passe est le plus solide ? {
=trois-chameaux-boivent-du-thé#Oui : long et facile à retenir.
~123456#Le plus utilisé au monde.
~azerty
####La longueur compte plus que les symboles.
}

::Q2:: Un code reçu par SMS peut être partagé avec un ami. {F#Jamais.}

::Q3:: Cochez les bons réflexes. {
~%50%Vérifier l'adresse de l'expéditeur
~%50%Demander à un adulte
~%-100%Cliquer pour voir
}

::Q4:: Quelle est la capitale du Maroc ? {=Rabat =rabat}

::Q5:: Racontez une expérience. {}

::Q6:: Combien font 2+2 ? {#4}

::Q7:: Associez. {=chat -> miaou =chien -> ouaf}

Les mots de passe \{ et \} sont des accolades, et un \: deux-points.

[html]<p>Le <b>hameçonnage</b> arrive par e-mail.</p>{T}
"#;

#[test]
fn lines_are_the_same_with_windows_line_ends() {
    let crlf = BANK.replace('\n', "\r\n");
    let imp = parse(&crlf, Lang::Fr, "bank", &[Audience::Staff]);
    let skipped: Vec<_> = imp.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
    assert_eq!(skipped, [(21, "essay"), (23, "numerical"), (25, "matching"), (27, "description")]);
    assert_eq!(imp.questions.len(), 5);
    assert_eq!(imp.questions[0].prompt.text(Lang::Fr), "Quel mot de passe est le plus solide ?", "no stray \\r");
    let QuestionKind::Single { choices } = &imp.questions[0].kind else { panic!() };
    assert!(choices.iter().all(|c| !c.text.text(Lang::Fr).contains('\r')), "{choices:?}");
}

#[test]
fn reads_supported_types_and_lists_the_rest() {
    let imp = parse(BANK, Lang::Fr, "bank", &[Audience::Staff]);
    let ids: Vec<_> = imp.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert_eq!(&ids[..4], ["bank-q1", "bank-q2", "bank-q3", "bank-q4"]);
    let kinds: Vec<_> = imp.questions.iter().map(|q| q.kind.code()).collect();
    assert_eq!(kinds, ["single", "true_false", "multiple", "short_answer", "true_false"]);
    let skipped: Vec<_> = imp.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
    assert_eq!(skipped, [(21, "essay"), (23, "numerical"), (25, "matching"), (27, "description")]);
    let q1 = &imp.questions[0];
    assert_eq!(q1.prompt.text(Lang::Fr), "Quel mot de passe est le plus solide ?");
    assert_eq!(q1.explanation.text(Lang::Fr), "La longueur compte plus que les symboles.");
    let QuestionKind::Single { choices } = &q1.kind else { panic!() };
    assert!(choices[0].correct && !choices[1].correct);
    assert_eq!(choices[1].feedback.as_ref().map(|f| f.text(Lang::Fr)), Some("Le plus utilisé au monde."));
    assert_eq!(imp.questions[4].prompt.text(Lang::Fr), "Le hameçonnage arrive par e-mail.");
}

#[test]
fn round_trip_keeps_every_supported_question() {
    let first = parse(BANK, Lang::Fr, "bank", &[Audience::Staff]);
    let (text, unsupported) = write(&first.questions, Lang::Fr);
    assert!(unsupported.is_empty());
    let second = parse(&text, Lang::Fr, "x", &[Audience::Staff]);
    assert!(second.skipped.is_empty(), "{:?}\n{text}", second.skipped);
    assert_eq!(second.questions.len(), first.questions.len());
    for (a, b) in first.questions.iter().zip(&second.questions) {
        assert_eq!((&a.prompt, &a.explanation, &a.kind), (&b.prompt, &b.explanation, &b.kind), "\n{text}");
    }
}

#[test]
fn escapes_survive() {
    let q = Question {
        id: "x-1".into(),
        audiences: vec![],
        prompt: Text3::one(Lang::En, "Is {this} = ~that #1: yes?"),
        explanation: Text3::one(Lang::En, "a#b"),
        kind: QuestionKind::TrueFalse { answer: true },
        test_form: None,
    };
    let (text, _) = write(std::slice::from_ref(&q), Lang::En);
    let back = parse(&text, Lang::En, "y", &[]);
    assert_eq!(back.questions[0].prompt, q.prompt, "{text}");
    assert_eq!(back.questions[0].explanation, q.explanation, "{text}");
}

#[test]
fn a_tilde_equals_answer_is_the_right_one_as_moodle_reads_it() {
    let imp = parse("I drink {~=hardly any~a few ~=\\=} coffee.\n", Lang::En, "b", &[]);
    assert!(imp.skipped.is_empty(), "{:?}", imp.skipped);
    assert_eq!(imp.questions[0].prompt.text(Lang::En), "I drink _____ coffee.");
    let QuestionKind::Multiple { choices } = &imp.questions[0].kind else { panic!("{:?}", imp.questions[0].kind) };
    let read: Vec<_> = choices.iter().map(|c| (c.text.text(Lang::En), c.correct)).collect();
    assert_eq!(read, [("hardly any", true), ("a few", false), ("=", true)]);
    let single = parse("I drink {~=hardly any~a few} coffee.\n", Lang::En, "b", &[]);
    let QuestionKind::Single { choices } = &single.questions[0].kind else { panic!() };
    assert!(choices[0].correct && !choices[1].correct);
}

#[test]
fn backslashes_come_back_as_they_were() {
    let imp = parse("::P:: Where is C:\\\\Users\\\\ana? {=here ~there}\n", Lang::En, "b", &[]);
    assert_eq!(imp.questions[0].prompt.text(Lang::En), "Where is C:\\Users\\ana?");
    let mut text = write(&imp.questions, Lang::En).0;
    for _ in 0..3 {
        let again = parse(&text, Lang::En, "b", &[]);
        assert_eq!(again.questions[0].prompt, imp.questions[0].prompt, "{text}");
        text = write(&again.questions, Lang::En).0;
    }
}

#[test]
fn format_markers_on_answers_and_feedback_are_read_not_kept() {
    let src = "::F:: Which colour? {\n~[plain]blue#[html]<i>No</i>, the sky.\n=[plain]red\n####[html]<p>Red means <b>stop</b>.</p>\n}\n\
               \n::T:: True? {F#[plain]wrong#[html]<b>right</b>}\n";
    let imp = parse(src, Lang::En, "b", &[]);
    let QuestionKind::Single { choices } = &imp.questions[0].kind else { panic!() };
    assert_eq!(choices[0].text.text(Lang::En), "blue");
    assert_eq!(choices[0].feedback.as_ref().map(|f| f.text(Lang::En)), Some("No, the sky."));
    assert_eq!(choices[1].text.text(Lang::En), "red");
    assert_eq!(imp.questions[0].explanation.text(Lang::En), "Red means stop.");
    assert_eq!(imp.questions[1].explanation.text(Lang::En), "right");
}

#[test]
fn no_two_questions_of_a_file_share_an_id_and_ids_are_stable() {
    let long = "A reading passage about a village and its well, question";
    let src = format!(
        "Is it safe? {{T}}\n\nIs it safe? {{T}}\n\n::{long} 1:: One? {{T}}\n\n::{long} 2:: Two? {{F}}\n\n\
         ::Q:: Q? {{T}}\n\n::Q:: Q again? {{T}}\n\n::Q 2:: Q two? {{T}}\n"
    );
    let imp = parse(&src, Lang::En, "bank", &[]);
    let ids: Vec<&str> = imp.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 7, "{ids:?}");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 7, "{ids:?}");
    let again = parse(&src, Lang::En, "bank", &[]);
    assert_eq!(again.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ids, "the same file, the same ids");
    // An export imported again into the same module keeps its ids, so the import updates it.
    let (text, _) = write(&imp.questions, Lang::En);
    let back = parse(&text, Lang::En, "bank", &[]);
    assert_eq!(back.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ids, "{text}");
}

#[test]
fn html_keeps_a_less_than_sign_and_parts_sentences_without_cutting_words() {
    let imp = parse("[html]<p>Is 3 < 5 true?</p><p>Yes, <b>ham</b>eçonnage.</p>{T}\n", Lang::En, "b", &[]);
    assert_eq!(imp.questions[0].prompt.text(Lang::En), "Is 3 < 5 true? Yes, hameçonnage.");
}

#[test]
fn a_question_that_cannot_be_read_says_why() {
    let src = "::Title only:: {=a ~b}\n\n\
               Fill in: {1:MULTICHOICE:=Rabat~Fes} is the capital.\n\n\
               Which one? {a ~b}\n\n\
               None right? {~a ~b}\n\n\
               Cut short? {=yes ~no\n";
    let imp = parse(src, Lang::En, "b", &[]);
    let why: Vec<(usize, &str)> = imp.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
    assert_eq!(why, [(1, "no_text"), (3, "cloze"), (5, "bad_answers"), (7, "no_right"), (9, "unclosed")]);
    assert!(imp.questions.is_empty());
}
