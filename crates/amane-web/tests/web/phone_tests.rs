//! Pre/post tests as pages, without JavaScript: an organizer makes a test and uploads paper results, the
//! facilitator opens it for a workshop and projects the code, a child answers on a phone (in Arabic), a sheet with
//! a gap comes back with every answer kept, the post-test is followed by the survey; who may see what.

use crate::common::*;
use amane_content::model::QuestionKind;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use axum::body::Body;
use axum::http::StatusCode;

fn school() -> Establishment {
    Establishment {
        code: EstablishmentCode::parse("K1").expect("code"),
        name_fr: "Collège K1".into(),
        name_ar: "إعدادية".into(),
        region: "03".into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Middle,
        sector: Sector::Public,
        setting: Setting::Urban,
    }
}

async fn page(app: &axum::Router, uri: &str, cookie: Option<&str>) -> Res {
    let mut b = get(uri);
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    send(app, b.body(Body::empty()).expect("req")).await
}

/// A well-formed answer to every question (not necessarily right), as the form's fields; `skip` leaves one out.
fn sheet_body(questions: &[amane_content::model::Question], nickname: &str, skip: Option<usize>) -> String {
    let mut parts = vec![format!("nickname={}", urlencoding(nickname))];
    for (i, q) in questions.iter().enumerate() {
        if skip == Some(i + 1) {
            continue;
        }
        let value = match &q.kind {
            QuestionKind::Single { .. } | QuestionKind::Multiple { .. } => Some("1"),
            QuestionKind::TrueFalse { .. } => Some("0"),
            QuestionKind::ShortAnswer { .. } => Some("mot"),
            QuestionKind::RedFlags(_) => None,
        };
        if let Some(v) = value {
            parts.push(format!("q{}={v}", i + 1));
        }
    }
    parts.join("&")
}

fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn a_test_is_made_opened_answered_on_a_phone_and_surveyed_without_javascript() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let token = given_organizer(&t.db).await;
    let cid = given_campaign(&app, &token).await;
    user(&t.db, "fac@example.ma", "facilitator").await;
    user(&t.db, "obs@example.ma", "observer").await;
    let facu = staff(&t.db, "fac@example.ma").await;
    let org = login(&app, "org@example.ma").await;
    let fac = login(&app, "fac@example.ma").await;
    let obs = login(&app, "obs@example.ma").await;

    // The organizer makes a test from a form; a wrong module comes back named, the title kept.
    let list = page(&app, &format!("/campaigns/{cid}/tests"), Some(&org)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("name=\"module\""), "the organizer gets the form");
    let bad = send(
        &app,
        form_post_with(&format!("/campaigns/{cid}/tests"), "title=Phishing&module=nope&age_band=12-14&count=3", &org),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"Phishing\"") && bad.body.contains("field-error"), "{}", bad.body);
    let made = send(
        &app,
        form_post_with(
            &format!("/campaigns/{cid}/tests"),
            "title=Phishing&module=passwords&age_band=12-14&count=10",
            &org,
        ),
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let test_id = made.header("location").rsplit("#test-").next().expect("anchor").to_owned();
    let test = t.db.find_assessment(test_id.parse().expect("id")).await.expect("db").expect("test");
    let questions = amane_app::assessments::questions(&test).expect("questions");
    // A facilitator sees the tests (to upload results) but not the form; an observer not at all.
    let as_fac = page(&app, &format!("/campaigns/{cid}/tests"), Some(&fac)).await;
    assert_eq!(as_fac.status, StatusCode::OK);
    assert!(!as_fac.body.contains("name=\"module\""));
    assert_eq!(page(&app, &format!("/campaigns/{cid}/tests"), Some(&obs)).await.status, StatusCode::FORBIDDEN);

    // Paper results uploaded from the page: a broken file names its lines (CRLF as typed), a good one is stored.
    let upload = format!("/campaigns/{cid}/tests/{test_id}/results");
    let broken = b"participant;establishment;age_band;phase;question;correct\r\np1;K1;12-14;pre;1;1\r\n\r\np2;K1;12-14;pre;99;1\r\n";
    let r = send(&app, multipart_to(&upload, &fac, &[], Some(("r.csv", broken)))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<td>4</td>"), "the bad row is line 4: {}", r.body);
    let good = b"participant;establishment;age_band;phase;question;correct\r\np1;K1;12-14;pre;1;1\r\n";
    let r = send(&app, multipart_to(&upload, &fac, &[], Some(("r.csv", good)))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("class=\"notice\""));

    // A workshop the facilitator runs; they open the pre-test on phones and get the board.
    let body = format!(
        r#"{{"title":"Hameçonnage","establishment":"K1","room":"B","date":"2025-04-21","start":"09:00","end":"10:00","capacity":30,"audience":"12-14","lang":"fr","facilitators":["{}"]}}"#,
        facu.id
    );
    let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(&body))).await;
    assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
    let wid = w.json()["id"].as_str().expect("id").to_owned();
    let show = page(&app, &format!("/workshops/{wid}"), Some(&fac)).await;
    assert!(show.body.contains(&format!("/workshops/{wid}/tests")), "the workshop page links to its tests");
    assert_eq!(page(&app, &format!("/workshops/{wid}/tests"), Some(&obs)).await.status, StatusCode::FORBIDDEN);
    let tests = page(&app, &format!("/workshops/{wid}/tests"), Some(&fac)).await;
    assert_eq!(tests.status, StatusCode::OK);
    assert!(tests.body.contains("Phishing"));
    let open = |phase: &str, action: &str| {
        form_post_with(
            &format!("/workshops/{wid}/tests"),
            &format!("test={test_id}&phase={phase}&action={action}"),
            &fac,
        )
    };
    let r = send(&app, open("pre", "open")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let board_url = r.header("location").to_owned();
    let code = board_url.rsplit('/').next().expect("code").to_owned();
    assert_eq!(code.len(), 6);
    let board = page(&app, &board_url, Some(&fac)).await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains(&format!("{}-{}", &code[..3], &code[3..])), "the code as written on the board");
    assert!(board.body.contains(&format!("/t/{code}")) && board.body.contains("<svg"), "address and QR code");
    assert!(board.body.contains(&format!("href=\"{board_url}\"")), "a link updates the count without a script");

    // A child types the code in lower case with the dash, and gets the sheet in Arabic.
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    let r = page(&app, &format!("/t?code={typed}"), None).await;
    assert_eq!((r.status, r.header("location")), (StatusCode::SEE_OTHER, format!("/t/{code}").as_str()));
    assert_eq!(page(&app, "/t?code=ZZZZZZ", None).await.status, StatusCode::NOT_FOUND);
    let sheet = page(&app, &format!("/t/{code}?lang=ar"), None).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.contains("dir=\"rtl\"") && sheet.body.contains("name=\"nickname\""));
    assert!(sheet.body.contains("name=\"q1\"") && !sheet.body.contains("correct"), "no answer in the form");

    // A gap: 422, the question named, the nickname and the other answers kept. (A red-flag message left with
    // nothing ticked is an answer, so the gap is a question of another kind.)
    let gap_at =
        questions.iter().position(|q| !matches!(q.kind, QuestionKind::RedFlags(_))).expect("a plain question") + 1;
    let gap = send(&app, form_post(&format!("/t/{code}"), &sheet_body(&questions, "Faucon", Some(gap_at)))).await;
    assert_eq!(gap.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", gap.body);
    assert!(gap.body.contains("value=\"Faucon\"") && gap.body.contains("field-error"));
    assert!(gap.body.contains(" checked"), "the answers given are still ticked");
    let done = send(&app, form_post(&format!("/t/{code}"), &sheet_body(&questions, "Faucon", None))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Faucon") && !done.body.contains("name=\"liked\""), "no survey after the pre-test");
    let twice = send(&app, form_post(&format!("/t/{code}"), &sheet_body(&questions, "faucon", None))).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Closed: the sheet says so and takes nothing.
    assert_eq!(send(&app, open("pre", "close")).await.status, StatusCode::SEE_OTHER);
    let closed = send(&app, form_post(&format!("/t/{code}"), &sheet_body(&questions, "Lynx", None))).await;
    assert!(!closed.body.contains("name=\"q1\""), "a closed test shows no questions");
    assert_eq!(
        t.db.workshop_phase_count(test.id, wid.parse().expect("id"), amane_domain::learning::Phase::Pre)
            .await
            .expect("db"),
        1
    );

    // The post-test, then the survey once.
    let r = send(&app, open("post", "open")).await;
    let post = r.header("location").rsplit('/').next().expect("code").to_owned();
    let done = send(&app, form_post(&format!("/t/{post}"), &sheet_body(&questions, "Faucon", None))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("name=\"liked\"") && done.body.contains("<svg class=\"survey-face\""));
    let survey = format!("/t/{post}/survey");
    let missing = send(&app, form_post(&survey, "nickname=Faucon&liked=3")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = send(&app, form_post(&survey, "nickname=Faucon&liked=3&learned=2&know_what_to_do=3")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let again = send(&app, form_post(&survey, "nickname=Faucon&liked=1&learned=1&know_what_to_do=1")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // One child answered the survey: the report shows the item hidden, on the page, in CSV and in the API.
    let report = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/report"), &token, None)).await;
    let sat = report.json()["satisfaction"].clone();
    assert_eq!(sat[0]["item"], "liked");
    assert_eq!(sat[0]["figures"], serde_json::json!({"suppressed": true}));
    let csv = page(&app, &format!("/campaigns/{cid}/report.csv?table=satisfaction"), Some(&org)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("liked,3,") && !csv.body.contains("liked,3,1,"), "{}", csv.body);
    // Through the API: the same opening (same code) closed, and a bad phase named.
    let body = format!(r#"{{"workshop":"{wid}","phase":"post","open":false}}"#);
    let r = send(&app, api("POST", &format!("/api/v1/tests/{test_id}/openings"), &token, Some(&body))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["code"], format!("{}-{}", &post[..3], &post[3..]));
    assert_eq!(
        (r.json()["open"].clone(), r.json()["answered"].clone()),
        (serde_json::json!(false), serde_json::json!(1))
    );
    let body = format!(r#"{{"workshop":"{wid}","phase":"during"}}"#);
    let r = send(&app, api("POST", &format!("/api/v1/tests/{test_id}/openings"), &token, Some(&body))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["details"][0]["field"], "phase");
    let html = page(&app, &format!("/campaigns/{cid}/report"), Some(&org)).await;
    assert!(html.body.contains("id=\"h-satisfaction\""), "the report page has the survey's block");

    // The per-participant export: the organizer gets every participant; the facilitator only those of the
    // workshops they run (p1 came on paper, in no workshop of theirs: another school's child, for all they know).
    let export = format!("/api/v1/tests/{test_id}/results.csv");
    let all = page(&app, &export, Some(&org)).await;
    assert!(all.body.contains("\r\np1,") && all.body.contains("/faucon,"), "{}", all.body);
    let own = page(&app, &export, Some(&fac)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("/faucon,") && !own.body.contains("p1,"), "{}", own.body);
}
