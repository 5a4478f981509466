//! Tests taken on phones, on SQLite and PostgreSQL: opened by whoever runs the workshop, answered under a
//! nickname (graded by the live game's rules), paired before and after by nickname, refused whole when something
//! is missing or the nickname has answered already, closed on demand; then the satisfaction survey and its
//! figures in the campaign report, suppressed below k.

use amane_app::assessments::{self, AssessmentIn};
use amane_app::phone_tests::{self, field};
use amane_content::model::{Question, QuestionKind};
use amane_domain::campaign::CampaignInput;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use amane_domain::learning::{Learning, Phase};
use amane_domain::suppression::{Cell, MinCell};
use amane_domain::survey::SurveyItem;
use amane_domain::workshop::{Venue, Workshop, WorkshopId};
use amane_domain::{FieldCode, Lang, User, ValidationErrors};
use amane_live::game::{Tap, tap_message};
use amane_store::{Db, testing};

fn school() -> Establishment {
    Establishment {
        code: EstablishmentCode::parse("P1").expect("code"),
        name_fr: "Collège P1".into(),
        name_ar: "إعدادية".into(),
        region: "03".into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Middle,
        sector: Sector::Public,
        setting: Setting::Urban,
    }
}

/// A sheet's fields: question n answered right when `rights[n - 1]`, else wrong (a red-flag message wrong is
/// left with nothing ticked).
fn answers(questions: &[Question], rights: &[bool]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (q, right)) in questions.iter().zip(rights).enumerate() {
        let name = field(i + 1);
        match &q.kind {
            QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                for (j, c) in choices.iter().enumerate() {
                    let pick = if *right { c.correct } else { !c.correct && !out.iter().any(|(k, _)| *k == name) };
                    if pick {
                        out.push((name.clone(), j.to_string()));
                    }
                }
            }
            QuestionKind::TrueFalse { answer } => out.push((name, if *answer == *right { "1" } else { "0" }.into())),
            QuestionKind::ShortAnswer { answers } => {
                let text = if *right { answers[0].text(Lang::Fr).to_owned() } else { "je ne sais pas".into() };
                out.push((name, text));
            }
            QuestionKind::RedFlags(rf) => {
                if *right {
                    let m = tap_message(rf, Lang::Fr);
                    for (n, tap) in m.taps.iter().enumerate() {
                        if matches!(tap, Tap::Flag(_)) {
                            out.push((name.clone(), n.to_string()));
                        }
                    }
                }
            }
        }
    }
    out
}

fn refused(r: Result<phone_tests::Submitted, ValidationErrors>) -> Vec<(String, FieldCode)> {
    match r {
        Ok(s) => panic!("accepted: {s:?}"),
        Err(e) => e.0.iter().map(|x| (x.field.clone(), x.code)).collect(),
    }
}

fn shown<T: Clone>(c: &Cell<T>) -> T {
    c.clone().shown().expect("shown")
}

async fn setup(db: &Db) -> (User, amane_store::assessments::Assessment, Workshop, Vec<Question>) {
    let curriculum = amane_content::load_builtin().expect("curriculum");
    db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let host = db.find_user(testing::facilitator(db).await).await.expect("db").expect("user");
    let input = CampaignInput {
        title_fr: "C".into(),
        starts_on: "2025-04-19".into(),
        ends_on: "2025-04-27".into(),
        ..Default::default()
    };
    let campaign = amane_app::campaigns::create(db, &host, &input).await.expect("campaign");
    let ask = AssessmentIn {
        title: "T".into(),
        // Single answers, true or false, several answers and a red-flag message, in that order.
        module: "passwords".into(),
        age_band: "12-14".into(),
        count: Some(10),
        ..Default::default()
    };
    let test = assessments::create(db, &curriculum, &host, campaign.id, &ask).await.expect("test");
    let w = Workshop {
        id: WorkshopId::new(),
        campaign: campaign.id,
        title: "W".into(),
        venue: Venue { establishment: Some("P1".into()), name: "P1".into(), room: String::new() },
        starts_at: 0,
        ends_at: 1,
        capacity: 30,
        audience: amane_domain::Audience::Age12To14,
        lang: Lang::Fr,
        modules: vec![],
        facilitators: vec![host.id],
    };
    let w = db.create_workshop(&w, 0).await.expect("db").expect("workshop");
    let questions = assessments::questions(&test).expect("questions");
    (host, test, w, questions)
}

#[tokio::test]
async fn a_test_on_phones_pairs_by_nickname_and_keeps_the_first_sheet() {
    for t in testing::all().await {
        let db = &t.db;
        let (host, test, w, questions) = setup(db).await;
        assert_eq!(questions.len(), 10);
        // Someone who does not run the workshop may not open its test.
        let other = db.find_user(testing::facilitator(db).await).await.expect("db").expect("user");
        let no = phone_tests::open(db, &other, test.id, w.id, Phase::Pre).await;
        assert!(matches!(no, Err(amane_app::Error::Forbidden)), "{no:?}");
        let pre = phone_tests::open(db, &host, test.id, w.id, Phase::Pre).await.expect("open");
        let again = phone_tests::open(db, &host, test.id, w.id, Phase::Pre).await.expect("open");
        assert_eq!(pre.code, again.code, "opening again keeps the code on the board");
        // The code as a child types it: lower case, with the dash.
        let typed = pre.code.to_string().to_lowercase();
        let sheet = phone_tests::sheet(db, &typed).await.expect("db").expect("the sheet");
        assert!(phone_tests::sheet(db, "ZZZ-ZZZ").await.expect("db").is_none());

        // Pre: five children, 0, 1, 1, 2 and 0 right (first questions right first).
        let pre_scores = [("Faucon", 0), ("Étoile", 1), ("Comète", 1), ("Aigle", 2), ("Nuage", 0)];
        for (nick, score) in pre_scores {
            let rights: Vec<bool> = (0..10).map(|q| q < score).collect();
            let done = phone_tests::submit(db, &sheet, Lang::Fr, nick, &answers(&questions, &rights))
                .await
                .expect("db")
                .expect("stored");
            assert_eq!((done.score, done.n_questions), (score as u32, 10), "{nick}");
        }
        // The same nickname again (another case) is refused and the first sheet stays.
        let all_right = answers(&questions, &[true; 10]);
        let r = phone_tests::submit(db, &sheet, Lang::Fr, "faucon", &all_right).await.expect("db");
        assert_eq!(refused(r), [("nickname".to_owned(), FieldCode::AlreadyAnswered)]);
        // A missing answer and a full name: both named, nothing stored.
        let mut missing = answers(&questions, &[true; 10]);
        missing.retain(|(k, _)| *k != "q2");
        let r = phone_tests::submit(db, &sheet, Lang::Fr, "Samira Bennani", &missing).await.expect("db");
        let errs = refused(r);
        assert!(errs.contains(&("nickname".to_owned(), FieldCode::NicknameFullName)), "{errs:?}");
        assert!(errs.contains(&("q2".to_owned(), FieldCode::Required)), "{errs:?}");
        // An option that does not exist is refused, not stored as wrong.
        let mut bogus = answers(&questions, &[true; 10]);
        for (k, v) in bogus.iter_mut() {
            if k == "q1" {
                *v = "99".into();
            }
        }
        let r = phone_tests::submit(db, &sheet, Lang::Fr, "Lynx", &bogus).await.expect("db");
        assert_eq!(refused(r), [("q1".to_owned(), FieldCode::InvalidType)]);
        assert_eq!(db.workshop_phase_count(test.id, w.id, Phase::Pre).await.expect("db"), 5);

        // Closed: no more sheets.
        phone_tests::set_closed(db, &host, &pre.code, true).await.expect("close");
        let closed = phone_tests::sheet(db, &typed).await.expect("db").expect("still found");
        assert!(!closed.opening.is_open());
        assert!(phone_tests::submit(db, &closed, Lang::Fr, "Lynx", &all_right).await.is_err());

        // Post: the same five with 2, 3, 4, 4, 1 right, and Lynx (post only) with 4.
        let post = phone_tests::open(db, &host, test.id, w.id, Phase::Post).await.expect("open");
        assert_ne!(post.code, pre.code);
        let sheet = phone_tests::sheet(db, post.code.as_str()).await.expect("db").expect("sheet");
        for (nick, score) in [("FAUCON", 2), ("étoile", 3), ("Comète", 4), ("Aigle", 4), ("Nuage", 1), ("Lynx", 4)] {
            let rights: Vec<bool> = (0..10).map(|q| q < score).collect();
            phone_tests::submit(db, &sheet, Lang::Ar, nick, &answers(&questions, &rights))
                .await
                .expect("db")
                .expect("stored");
        }
        let r = assessments::learning_report(db, test.id, MinCell::default()).await.expect("report");
        let all: Learning = shown(&r.all);
        // Paired: pre 0+1+1+2+0 = 4, post 2+3+4+4+1 = 14, gains 2,2,3,2,1.
        assert_eq!(all.n_paired, 5);
        assert_eq!(all.n_post_only, Cell::Suppressed, "one child post only: a count below k is hidden");
        assert!((all.mean_pre.expect("pre") - 4.0 / 5.0).abs() < 1e-9);
        assert!((all.mean_post.expect("post") - 14.0 / 5.0).abs() < 1e-9);
        assert!((all.mean_gain.expect("gain") - 2.0).abs() < 1e-9);
        assert_eq!(shown(&r.by_workshop[&w.id.to_string()]).n_paired, 5);

        // The survey: only after the post-test, once per nickname, each item on its scale.
        assert!(sheet.survey() == SurveyItem::CHILDREN);
        let pre_sheet = phone_tests::sheet(db, pre.code.as_str()).await.expect("db").expect("sheet");
        assert!(pre_sheet.survey().is_empty(), "no survey after the pre-test");
        let form = |liked: u8, learned: u8, know: u8| {
            vec![
                ("liked".to_owned(), liked.to_string()),
                ("learned".to_owned(), learned.to_string()),
                ("know_what_to_do".to_owned(), know.to_string()),
            ]
        };
        let survey_err = |r: Result<(), ValidationErrors>| -> Vec<(String, FieldCode)> {
            r.expect_err("refused").0.iter().map(|x| (x.field.clone(), x.code)).collect()
        };
        let r = phone_tests::submit_survey(db, &sheet, "Inconnu", &form(3, 3, 3)).await.expect("db");
        assert_eq!(survey_err(r), [("nickname".to_owned(), FieldCode::PlayerUnknown)], "never answered the test");
        let r = phone_tests::submit_survey(db, &sheet, "Faucon", &form(4, 0, 3)).await.expect("db");
        assert_eq!(
            survey_err(r),
            [("liked".to_owned(), FieldCode::NumberInvalid), ("learned".to_owned(), FieldCode::NumberInvalid)]
        );
        let r = phone_tests::submit_survey(db, &sheet, "Faucon", &form(3, 3, 3)[..2]).await.expect("db");
        assert_eq!(survey_err(r), [("know_what_to_do".to_owned(), FieldCode::Required)]);
        // liked 3,3,3,3,3,2 and learned 3,3,2,3,1,3 (six answers each): the small counts (1 or 2 children for a
        // value) hide the distribution, not the mean.
        let votes = [
            ("faucon", 3, 3, 2),
            ("Étoile", 3, 3, 3),
            ("Comète", 3, 2, 3),
            ("Aigle", 3, 3, 3),
            ("Nuage", 3, 1, 2),
            ("Lynx", 2, 3, 3),
        ];
        for (nick, a, b, c) in votes {
            phone_tests::submit_survey(db, &sheet, nick, &form(a, b, c)).await.expect("db").expect("stored");
        }
        let r = phone_tests::submit_survey(db, &sheet, "Lynx", &form(1, 1, 1)).await.expect("db");
        assert_eq!(survey_err(r), [("nickname".to_owned(), FieldCode::AlreadyAnswered)]);
        let report = amane_app::reports::campaign_report(db, test.fields.campaign, MinCell::default(), None)
            .await
            .expect("report");
        let item = |i: SurveyItem| report.satisfaction.iter().find(|x| x.item == i).expect("item").clone();
        let liked = shown(&item(SurveyItem::Liked).figures);
        assert_eq!(liked.n, 6);
        assert!((liked.mean - 17.0 / 6.0).abs() < 1e-9);
        assert!(liked.counts.is_suppressed(), "one child chose 2: the distribution is hidden");
        let learned = shown(&item(SurveyItem::Learned).figures);
        assert!((learned.mean - 15.0 / 6.0).abs() < 1e-9);
        // Another region's report has no survey answers at all.
        let other = amane_app::reports::campaign_report(db, test.fields.campaign, MinCell::default(), Some("04"))
            .await
            .expect("report");
        assert!(other.satisfaction.is_empty());
    }
}
