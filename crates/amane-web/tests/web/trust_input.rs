//! Bad input the probe sent (issue 12, finding 11) that used to get axum's plain English, a lossy "�" or a 400:
//! each now gets the error shape of where it was sent, in the reader's language, and nothing is stored.

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// A query value of the wrong type is named, in JSON for the API and as a page for a browser; a path value that
/// cannot be an id leads nowhere (404), like an id that does not exist.
#[tokio::test]
async fn wrong_query_and_path_values_answer_in_the_readers_language() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    let token = given_organizer(&t.db).await;
    let r = send(&app, api("GET", "/api/v1/establishments?page=abc&lang=ar", &token, None)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.header("content-type").starts_with("application/json"), "{}", r.body);
    assert_eq!(r.json()["error"], "bad_request");
    assert_eq!(r.json()["details"][0]["field"], "page");
    assert_eq!(r.json()["details"][0]["code"], "invalid_type");
    let message = r.json()["details"][0]["message"].as_str().unwrap_or("").to_owned();
    assert!(message.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)), "in Arabic: {message}");
    assert!(!r.body.contains("Failed to deserialize"), "{}", r.body);

    let cookie = login(&app, "org@example.ma").await;
    let page =
        send(&app, get("/establishments?page=abc&lang=fr").header("cookie", &cookie).body(Body::empty()).expect("r"))
            .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.header("content-type").starts_with("text/html"), "{}", page.body);
    assert!(page.body.contains("lang=\"fr\""), "{}", page.body);
    let path =
        send(&app, get("/checkin/p/abc/not-a-number").header("cookie", &cookie).body(Body::empty()).expect("r")).await;
    assert_eq!(path.status, StatusCode::NOT_FOUND, "{}", path.body);
    assert!(path.header("content-type").starts_with("text/html"));
}

/// A form whose text is not UTF-8 once decoded is refused by field name, and nothing is stored (it used to be
/// stored with "�" in it).
#[tokio::test]
async fn a_form_that_is_not_utf8_is_refused_and_nothing_stored() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "org@example.ma", "organizer").await;
    let cookie = login(&app, "org@example.ma").await;
    let r = send(&app, form_post_with("/account/tokens?lang=en", "label=caf%E9+%FF&days=30", &cookie)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("not UTF-8") || r.body.contains("damaged"), "{}", r.body);
    assert!(t.db.list_api_tokens(staff(&t.db, "org@example.ma").await.id).await.expect("list").is_empty());
    // The same text sent as UTF-8 is taken.
    let ok = send(&app, form_post_with("/account/tokens?lang=en", "label=caf%C3%A9&days=30", &cookie)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let list = t.db.list_api_tokens(staff(&t.db, "org@example.ma").await.id).await.expect("list");
    assert_eq!(list.iter().map(|k| k.label.as_str()).collect::<Vec<_>>(), ["café"]);
}

/// An upload over the route's limit is 413, not 400.
#[tokio::test]
async fn an_upload_over_the_limit_is_413() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "org@example.ma", "organizer").await;
    let cookie = login(&app, "org@example.ma").await;
    let big = vec![b'a'; 40 * 1024 * 1024];
    let mut req: Request<Body> = multipart_to("/establishments/import?lang=en", &cookie, &[], Some(("big.csv", &big)));
    req.headers_mut().remove("content-length");
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &r.body[..r.body.len().min(300)]);
}

/// A facilitator may attach a game only to a workshop they run (the probe attached one to any workshop, and its
/// answers then counted in another school's figures); an organizer may attach it to any.
#[tokio::test]
async fn a_game_is_attached_only_to_a_workshop_its_host_runs() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    let school = amane_domain::establishment::Establishment {
        code: amane_domain::establishment::EstablishmentCode::parse("T1").expect("code"),
        name_fr: "École T1".into(),
        name_ar: "مدرسة".into(),
        region: "03".into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: amane_domain::establishment::Level::Primary,
        sector: amane_domain::establishment::Sector::Public,
        setting: amane_domain::establishment::Setting::Urban,
    };
    t.db.upsert_establishments(&[school], 0, &|_| {}).await.expect("school");
    let org = given_organizer(&t.db).await;
    let cid = given_campaign(&app, &org).await;
    let body = r#"{"title":"Atelier","establishment":"T1","date":"2025-04-21","start":"09:00","end":"10:00","capacity":30,"audience":"8-11","lang":"fr"}"#;
    let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &org, Some(body))).await;
    let wid = w.json()["id"].as_str().expect("id").to_owned();
    user(&t.db, "fac@example.ma", "facilitator").await;
    let fac = amane_web::auth::issue_token(&t.db, &staff(&t.db, "fac@example.ma").await, "f").await.expect("t");
    let game = format!(r#"{{"module":"passwords","audience":"8-11","workshop":"{wid}"}}"#);
    let r = send(&app, api("POST", "/api/v1/live", &fac, Some(&game))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["details"][0]["code"], "workshop_not_run");
    let ok = send(&app, api("POST", "/api/v1/live", &org, Some(&game))).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let unattached =
        send(&app, api("POST", "/api/v1/live", &fac, Some(r#"{"module":"passwords","audience":"8-11"}"#))).await;
    assert_eq!(unattached.status, StatusCode::CREATED, "a game in no workshop needs none");
}

/// The campaign page's children by region follow the report's suppression (issue 11: it showed a region's 3
/// children to every signed-in role): a small region is hidden, and so is another, so that the campaign's total
/// does not give it back by subtraction.
#[tokio::test]
async fn the_campaign_page_hides_small_groups_of_children_by_region() {
    use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    let school = |code: &str, region: &str| Establishment {
        code: EstablishmentCode::parse(code).expect("code"),
        name_fr: format!("École {code}"),
        name_ar: "مدرسة".into(),
        region: region.into(),
        province: "P".into(),
        commune: "C".into(),
        level: Level::Primary,
        sector: Sector::Public,
        setting: Setting::Urban,
    };
    t.db.upsert_establishments(&[school("T1", "03"), school("T2", "04"), school("T3", "05")], 0, &|_| {})
        .await
        .expect("schools");
    let org = given_organizer(&t.db).await;
    let c = send(
        &app,
        api(
            "POST",
            "/api/v1/campaigns",
            &org,
            Some(r#"{"title_fr":"C","starts_on":"2027-02-01","ends_on":"2027-02-28","status":"open"}"#),
        ),
    )
    .await;
    let cid = c.json()["id"].as_str().expect("id").to_owned();
    for (school, seats) in [("T1", 30), ("T2", 3), ("T3", 40)] {
        let body = format!(
            r#"{{"title":"Atelier {school}","establishment":"{school}","date":"2027-02-10","start":"09:00","end":"10:00","capacity":60,"audience":"8-11","lang":"fr"}}"#
        );
        let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &org, Some(&body))).await;
        let wid = w.json()["id"].as_str().expect("id").to_owned();
        let reg =
            format!(r#"{{"establishment":"{school}","kind":"group","label":"CE6","age_band":"8-11","seats":{seats}}}"#);
        let r = send(&app, api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &org, Some(&reg))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    user(&t.db, "obs@example.ma", "observer").await;
    let obs = login(&app, "obs%40example.ma").await;
    let page =
        send(&app, get(&format!("/campaigns/{cid}?lang=en")).header("cookie", &obs).body(Body::empty()).expect("r"))
            .await;
    let body = amane_i18n::strip_isolation(&page.body);
    let cell = |n: &str| format!(">{n}</td>");
    assert!(!body.contains(&cell("3")), "the region of 3 children is hidden: {body}");
    assert!(!body.contains(&cell("30")), "and the next smallest, or 73 − 40 gives it back");
    assert!(body.contains(&cell("40")), "a region big enough, with the others hidden, is shown");
    assert!(body.contains(&cell("hidden")) || body.contains("hidden"), "{body}");
}
