//! The curriculum pages: modules, lessons, guides, handouts, posters, red-flag scenarios, question banks.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use amane_web::{AppState, WebConfig, router};
use axum::body::Body;
use axum::http::StatusCode;

#[tokio::test]
async fn the_curriculum_browser_lists_every_module_in_each_language() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    for lang in Lang::ALL {
        let r = send(&app, get(&format!("/curriculum?lang={}", lang.code())).body(Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::OK);
        let links = r.body.matches("<h2><a href=\"/curriculum/").count();
        assert!(links >= 10, "{lang}: {links} modules listed");
        assert!(r.body.contains(&format!("dir=\"{}\"", lang.dir())));
    }
    let young = send(&app, get("/curriculum?audience=8-11&lang=en").body(Body::empty()).expect("req")).await;
    assert!(!young.body.contains("href=\"/curriculum/sextortion\""), "sextortion is for 12-17 and adults only");
    assert!(young.body.contains("href=\"/curriculum/passwords\""));
    let ai = send(&app, get("/curriculum?competency=ai-literacy&lang=en").body(Body::empty()).expect("req")).await;
    assert!(ai.body.contains("href=\"/curriculum/deepfakes\"") && !ai.body.contains("href=\"/curriculum/passwords\""));
}

#[tokio::test]
async fn lessons_guides_and_handouts_render_per_language_and_audience() {
    let t = testing::sqlite().await;
    let mut config = WebConfig::default();
    config.contacts.insert("child_helpline".into(), "Ligne Enfance 0000".into());
    config.laws.insert("sextortion".into(), "Code pénal, article cité par le ministère".into());
    let app = router(AppState::new(t.db.clone(), config));
    for path in [
        "/curriculum/grooming/poster?lang=ar",
        "/curriculum/grooming?audience=8-11&lang=ar",
        "/curriculum/grooming/guide?lang=fr",
        "/curriculum/grooming/handout?audience=15-17&lang=en",
    ] {
        let r = send(&app, get(path).body(Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("class=\"prose\"") || r.body.contains("class=\"question-list\""), "{path}");
        assert!(!r.body.contains("<script"), "{path}");
    }
    let guide = send(&app, get("/curriculum/grooming/guide?lang=fr").body(Body::empty()).expect("req")).await;
    assert!(guide.body.contains("Ligne Enfance 0000"), "the configured helpline replaces the placeholder");
    assert!(!guide.body.contains("{{contact:"), "no placeholder reaches the page");
    let missing = send(&app, get("/curriculum/no-such-module").body(Body::empty()).expect("req")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // The law is the deployment's citation where configured, and a neutral sentence where not.
    let teen = send(&app, get("/curriculum/grooming?audience=15-17&lang=fr").body(Body::empty()).expect("req")).await;
    let text = strip_isolation(&teen.body);
    assert!(text.contains("Code pénal, article cité par le ministère"), "the configured law");
    assert!(text.contains(&strip_isolation(&Tr::new(Lang::Fr).get("law-fallback-intimate_images"))), "the fallback");
    assert!(!text.contains("{{law:"), "no placeholder reaches the page");
    let poster = send(&app, get("/curriculum/grooming/poster?lang=fr").body(Body::empty()).expect("req")).await;
    assert!(poster.body.contains("class=\"document poster\""), "a poster page, printed on A3");
    let title =
        amane_content::load_builtin().expect("c").module("grooming").expect("m").title.text(Lang::Fr).to_owned();
    assert!(
        strip_isolation(&poster.body).contains(&format!("Retour à « {title} »")),
        "a Back link names where it goes"
    );
}

#[tokio::test]
async fn a_red_flag_scenario_scores_the_parts_tapped() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let page =
        send(&app, get("/curriculum/phishing/scenario/phishing-rf-01?lang=en").body(Body::empty()).expect("req")).await;
    assert_eq!(page.status, StatusCode::OK);
    let names: Vec<String> = page
        .body
        .split("type=\"checkbox\" name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect();
    // The form's field names are positions: they do not say which parts are red flags.
    let message = {
        let c = amane_content::load_builtin().expect("curriculum");
        let (_, q) = c.question("phishing-rf-01").expect("scenario");
        let amane_content::QuestionKind::RedFlags(rf) = &q.kind else { panic!("not a scenario") };
        rf.message.text(amane_domain::Lang::En).to_owned()
    };
    let taps: Vec<bool> = amane_content::redflags::parse(&message)
        .expect("segments")
        .into_iter()
        .filter_map(|s| match s {
            amane_content::redflags::Segment::Flag { .. } => Some(true),
            amane_content::redflags::Segment::Neutral { .. } => Some(false),
            amane_content::redflags::Segment::Text { .. } => None,
        })
        .collect();
    assert_eq!(names, (0..taps.len()).map(|i| format!("t-{i}")).collect::<Vec<_>>());
    let flags: Vec<usize> = (0..taps.len()).filter(|i| taps[*i]).collect();
    let harmless = (0..taps.len()).find(|i| !taps[*i]).expect("a harmless part");
    assert!(flags.len() >= 2, "{taps:?}");
    // Every flag but one, plus one harmless part: flags - 1 - 1 points.
    let mut body: Vec<String> = flags.iter().skip(1).map(|f| format!("t-{f}=on")).collect();
    body.push(format!("t-{harmless}=on"));
    let r = send(&app, form_post("/curriculum/phishing/scenario/phishing-rf-01?lang=en", &body.join("&"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let text = strip_isolation(&r.body);
    let n = flags.len();
    for expected in [
        format!("Your score: {} out of {n}.", n - 2),
        format!("You spotted {} of the {n} red flags.", n - 1),
        "You tapped 1 harmless part (a false alarm).".to_owned(),
        "one point for each red flag you spot, minus one for each harmless part you tap".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected} in {text}");
    }
    assert!(!text.contains("You found 0"), "no contradiction between the score and what was found");
    assert!(r.body.contains("class=\"seg seg-missed\"") && r.body.contains("class=\"seg seg-false\""));
    assert!(r.body.contains("class=\"flags-false\""), "the false alarm is listed");
}

#[tokio::test]
async fn question_banks_upload_from_the_page() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "fac@example.ma", "facilitator").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let cookie = login(&app, "fac%40example.ma").await;
        let form =
            send(&app, get("/curriculum/import?lang=ar").header("cookie", &cookie).body(Body::empty()).expect("req"))
                .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("dir=\"rtl\""));

        let gift = include_bytes!("../../../amane/tests/fixtures/securite.gift");
        let fields = [
            ("module", "securite-5e"),
            ("title", "Sécurité 5e"),
            ("lang", "fr"),
            ("audience", "12-14"),
            ("audience", "15-17"),
        ];
        let done = send(&app, multipart(&cookie, &fields, Some(("securite.gift", gift)))).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let text = strip_isolation(&done.body);
        assert!(text.contains("6 questions imported (6 new, 0 updated); 4 skipped."), "{text}");
        assert!(text.contains("essay questions, not supported yet (line 32)"), "{text}");

        let list =
            send(&app, get("/curriculum?lang=en").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert!(list.body.contains("href=\"/curriculum/banks/securite-5e\""));
        // The answer key is for staff: a visitor (a child) is sent to sign in, for a bank and a module alike.
        for path in ["/curriculum/banks/securite-5e", "/curriculum/grooming/questions?audience=12-14"] {
            let anonymous = send(&app, get(path).body(Body::empty()).expect("req")).await;
            assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{path}");
            assert!(anonymous.header("location").starts_with("/login"), "{path}");
            assert!(!anonymous.body.contains("quatre-olives"), "{path}");
        }
        let bank = send(
            &app,
            get("/curriculum/banks/securite-5e").header("cookie", &cookie).body(Body::empty()).expect("req"),
        )
        .await;
        assert_eq!(bank.status, StatusCode::OK);
        assert!(bank.body.contains("quatre-olives-dansent-sous-la-pluie"));
        let key = send(
            &app,
            get("/curriculum/grooming/questions?audience=12-14&lang=fr")
                .header("cookie", &cookie)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert!(key.body.contains("class=\"question-list\""), "signed in, the module's answer key");

        let clash = send(
            &app,
            multipart(&cookie, &[("module", "phishing"), ("lang", "fr"), ("audience", "8-11")], Some(("x.gift", gift))),
        )
        .await;
        assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(clash.body.contains(&Tr::new(Lang::En).get("field_module_builtin")));
        let bad_xml = send(
            &app,
            multipart(
                &cookie,
                &[("module", "broken"), ("lang", "fr"), ("audience", "8-11")],
                Some(("x.xml", b"<quiz>\n<question>\n</quiz>")),
            ),
        )
        .await;
        assert_eq!(bad_xml.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(t.db.find_bank("broken").await.expect("q").is_none(), "nothing half-imported");

        let coord = login(&app, "coord%40example.ma").await;
        let denied = send(&app, multipart(&coord, &fields, Some(("securite.gift", gift)))).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}

/// A question bank has an owner and a sharing level (issue 12, finding 8): another facilitator cannot import into
/// it (which would change its questions), and a private bank is seen and played only by its owner and organizers.
#[tokio::test]
async fn a_facilitators_bank_is_theirs_to_change_and_to_keep_private() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        for (email, role) in
            [("a@example.ma", "facilitator"), ("b@example.ma", "facilitator"), ("org@example.ma", "organizer")]
        {
            user(&t.db, email, role).await;
        }
        let a = login(&app, "a%40example.ma").await;
        let b = login(&app, "b%40example.ma").await;
        let org = login(&app, "org%40example.ma").await;
        let gift = include_bytes!("../../../amane/tests/fixtures/securite.gift");
        let fields = |sharing: &'static str| {
            [
                ("module", "mes-questions"),
                ("title", "Mes questions"),
                ("lang", "fr"),
                ("audience", "12-14"),
                ("sharing", sharing),
            ]
        };
        let made = send(&app, multipart(&a, &fields("private"), Some(("q.gift", gift)))).await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let page = |cookie: &str, path: &str| {
            let req = get(path).header("cookie", cookie).body(Body::empty()).expect("req");
            send(&app, req)
        };
        assert_eq!(page(&b, "/curriculum/banks/mes-questions").await.status, StatusCode::NOT_FOUND);
        assert!(!page(&b, "/curriculum?lang=en").await.body.contains("mes-questions"), "not listed for another");
        assert!(!page(&b, "/live?lang=en").await.body.contains("mes-questions"), "not playable by another");
        assert_eq!(page(&a, "/curriculum/banks/mes-questions").await.status, StatusCode::OK);
        assert_eq!(page(&org, "/curriculum/banks/mes-questions").await.status, StatusCode::OK);
        let taken = send(&app, multipart(&b, &fields("staff"), Some(("q.gift", gift)))).await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", t.db.backend());
        assert!(strip_isolation(&taken.body).contains("belongs to someone else"), "{}", taken.body);
        // Its owner shares it: the other facilitator sees and plays it, and still cannot change it.
        let shared = send(&app, multipart(&a, &fields("staff"), Some(("q.gift", gift)))).await;
        assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
        assert_eq!(page(&b, "/curriculum/banks/mes-questions").await.status, StatusCode::OK);
        assert!(page(&b, "/live?lang=en").await.body.contains("mes-questions"));
        let still = send(&app, multipart(&b, &fields("staff"), Some(("q.gift", gift)))).await;
        assert_eq!(still.status, StatusCode::UNPROCESSABLE_ENTITY);
        let by_org = send(&app, multipart(&org, &fields("staff"), Some(("q.gift", gift)))).await;
        assert_eq!(by_org.status, StatusCode::OK, "an organizer looks after every bank");
    }
}
