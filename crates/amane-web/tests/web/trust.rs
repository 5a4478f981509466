//! What an attacker's probe found (issue 12), each reproduced: control characters that would forge calendar
//! lines, and time zones that do not exist.

use crate::common::*;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use axum::http::StatusCode;

fn school() -> Establishment {
    Establishment {
        code: EstablishmentCode::parse("T1").expect("code"),
        name_fr: "École T1".into(),
        name_ar: "مدرسة".into(),
        region: "03".into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Primary,
        sector: Sector::Public,
        setting: Setting::Urban,
    }
}

fn fields(r: &Res) -> Vec<(String, String)> {
    r.json()["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| (d["field"].as_str().unwrap_or("").to_owned(), d["code"].as_str().unwrap_or("").to_owned()))
        .collect()
}

/// A CR or a line feed in a workshop's title, place or room is refused (it would end a line of the facilitator's
/// calendar file and start a property of the sender's choosing).
#[tokio::test]
async fn control_characters_in_a_workshops_text_are_refused() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let token = given_organizer(&t.db).await;
    let cid = given_campaign(&app, &token).await;
    let body = serde_json::json!({
        "title": "Atelier\r\nATTENDEE:mailto:evil@example.org",
        "establishment": "T1",
        "room": "Salle\u{7}4",
        "date": "2025-04-21", "start": "09:00", "end": "10:00", "capacity": 30, "audience": "8-11", "lang": "fr",
    })
    .to_string();
    let r = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(&body))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let f = fields(&r);
    for field in ["title", "room"] {
        assert!(f.contains(&(field.to_owned(), "text_control_chars".to_owned())), "{field}: {f:?}");
    }
}

/// A time zone is looked up in the bundled database: a misspelt one is refused (it used to be stored, and a
/// 09:00 workshop saved as 09:00 UTC), and `UTC` is accepted.
#[tokio::test]
async fn time_zones_must_exist_and_utc_is_one() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    let token = given_organizer(&t.db).await;
    let make = |tz: &str| {
        format!(r#"{{"title_fr":"Fuseau","starts_on":"2025-04-19","ends_on":"2025-04-27","time_zone":"{tz}"}}"#)
    };
    let r = send(&app, api("POST", "/api/v1/campaigns", &token, Some(&make("Europe/Pariss")))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), [("time_zone".to_owned(), "time_zone_invalid".to_owned())]);
    for tz in ["UTC", "Europe/Paris", "Africa/Casablanca"] {
        let r = send(&app, api("POST", "/api/v1/campaigns", &token, Some(&make(tz)))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{tz}: {}", r.body);
        assert_eq!(r.json()["time_zone"], tz);
    }
}

/// A page number near the top of i64 used to overflow into page 1 (or a 500 in a debug build): the API refuses
/// it by name, the pages show their last page.
#[tokio::test]
async fn huge_page_numbers_are_refused_or_bounded() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let token = given_organizer(&t.db).await;
    let huge = "4611686018427387904";
    let r = send(&app, api("GET", &format!("/api/v1/establishments?page={huge}"), &token, None)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), [("page".to_owned(), "invalid_type".to_owned())]);
    let cid = given_campaign(&app, &token).await;
    let r = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/workshops?page={huge}"), &token, None)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let cookie = login(&app, "org@example.ma").await;
    for path in [format!("/establishments?page={huge}"), format!("/campaigns/{cid}?page={huge}")] {
        let r = send(&app, get(&path).header("cookie", &cookie).body(axum::body::Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        if path.starts_with("/establishments") {
            assert!(!r.body.contains("École T1"), "page 100,000, not page 1 again");
        }
    }
}

/// Attendance on a cancelled registration used to be stored, and counted as reached.
#[tokio::test]
async fn a_cancelled_registration_takes_no_attendance() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let token = given_organizer(&t.db).await;
    let cid = given_campaign(&app, &token).await;
    let body = r#"{"title":"Atelier","establishment":"T1","date":"2025-04-21","start":"09:00","end":"10:00","capacity":30,"audience":"8-11","lang":"fr"}"#;
    let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(body))).await;
    let wid = w.json()["id"].as_str().expect("id").to_owned();
    let reg = r#"{"establishment":"T1","kind":"group","label":"CE6 A","age_band":"8-11","seats":20}"#;
    let r = send(&app, api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &token, Some(reg))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rid = r.json()["id"].as_str().expect("id").to_owned();
    let present = r#"{"present":12}"#;
    let ok = send(&app, api("PUT", &format!("/api/v1/registrations/{rid}/attendance"), &token, Some(present))).await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    let gone = send(&app, api("DELETE", &format!("/api/v1/registrations/{rid}"), &token, None)).await;
    assert!(gone.status.is_success(), "{}", gone.body);
    let r = send(&app, api("PUT", &format!("/api/v1/registrations/{rid}/attendance"), &token, Some(present))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), [("present".to_owned(), "registration_not_confirmed".to_owned())]);
}

/// A coordinator registers classes while the campaign is open, not into a draft or a closed one (the probe
/// registered into a closed campaign); an organizer still may.
#[tokio::test]
async fn coordinators_register_only_while_the_campaign_is_open() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school()], 0, &|_| {}).await.expect("school");
    let token = given_organizer(&t.db).await;
    user(&t.db, "coord@example.ma", "coordinator").await;
    let coord = staff(&t.db, "coord@example.ma").await;
    t.db.assign_establishment(coord.id, "T1").await.expect("assign");
    let coord_token = amane_web::auth::issue_token(&t.db, &coord, "c").await.expect("token");
    let campaign = |status: &str| {
        format!(r#"{{"title_fr":"Campagne","starts_on":"2025-04-19","ends_on":"2025-04-27","status":"{status}"}}"#)
    };
    let c = send(&app, api("POST", "/api/v1/campaigns", &token, Some(&campaign("open")))).await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let cid = c.json()["id"].as_str().expect("id").to_owned();
    let body = r#"{"title":"Atelier","establishment":"T1","date":"2025-04-21","start":"09:00","end":"10:00","capacity":90,"audience":"8-11","lang":"fr"}"#;
    let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(body))).await;
    let wid = w.json()["id"].as_str().expect("id").to_owned();
    let reg = r#"{"establishment":"T1","kind":"group","label":"CE6 A","age_band":"8-11","seats":20}"#;
    let uri = format!("/api/v1/workshops/{wid}/registrations");
    assert_eq!(send(&app, api("POST", &uri, &coord_token, Some(reg))).await.status, StatusCode::CREATED, "open");
    let closed = send(&app, api("PUT", &format!("/api/v1/campaigns/{cid}"), &token, Some(&campaign("closed")))).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let r = send(&app, api("POST", &uri, &coord_token, Some(reg))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), [("campaign".to_owned(), "campaign_not_open".to_owned())]);
    assert_eq!(send(&app, api("POST", &uri, &token, Some(reg))).await.status, StatusCode::CREATED, "the organizer may");
}
