//! Pre/post tests through the API: made from a module, paper results posted as CSV (refused whole with lines
//! named), learning figures with small groups suppressed; who may do what.

use crate::common::*;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

fn school(code: &str, region: &str) -> Establishment {
    Establishment {
        code: EstablishmentCode::parse(code).expect("code"),
        name_fr: format!("Collège {code}"),
        name_ar: "إعدادية".into(),
        region: region.into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Middle,
        sector: Sector::Public,
        setting: Setting::Rural,
    }
}

fn csv_post(uri: &str, token: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/csv")
        .body(Body::from(body.to_owned()))
        .expect("req")
}

/// Six children of A1 go from 1 to 3 right answers out of 3 except one (2 → 2); two children of B1 and five of C1
/// (region 04) take both tests too.
fn results() -> String {
    let mut csv = String::from("participant;establishment;age_band;phase;question;correct\r\n");
    let a1 = [("a1", 1, 3), ("a2", 1, 3), ("a3", 1, 3), ("a4", 1, 3), ("a5", 1, 3), ("a6", 2, 2)];
    let b1 = [("b1", 0, 1), ("b2", 0, 3)];
    let c1 = [("c1", 0, 3), ("c2", 0, 3), ("c3", 0, 3), ("c4", 0, 3), ("c5", 0, 3)];
    for (school, rows) in [("A1", &a1[..]), ("B1", &b1[..]), ("C1", &c1[..])] {
        for (who, pre, post) in rows {
            for (phase, score) in [("pre", pre), ("post", post)] {
                for q in 1..=3 {
                    csv.push_str(&format!("{who};{school};12-14;{phase};{q};{}\r\n", u8::from(q <= *score)));
                }
            }
        }
    }
    csv
}

#[tokio::test]
async fn a_test_is_made_filled_from_paper_and_read_with_small_groups_hidden() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        t.db.upsert_establishments(&[school("A1", "03"), school("B1", "04"), school("C1", "04")], 0, &|_| {})
            .await
            .expect("schools");
        let token = given_organizer(&t.db).await;
        let campaign = given_campaign(&app, &token).await;
        let body = json!({"title": "Hameçonnage", "module": "phishing", "age_band": "12-14", "count": 3}).to_string();
        let made = send(&app, api("POST", &format!("/api/v1/campaigns/{campaign}/tests"), &token, Some(&body))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let test = made.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(made.json()["questions"].as_array().map(Vec::len), Some(3));

        // A wrong module and an unknown age band are both named.
        let bad = json!({"title": "", "module": "nope", "age_band": "7-9"}).to_string();
        let r = send(&app, api("POST", &format!("/api/v1/campaigns/{campaign}/tests"), &token, Some(&bad))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let details = r.json()["details"].clone();
        let fields: Vec<&str> =
            details.as_array().expect("details").iter().filter_map(|d| d["field"].as_str()).collect();
        assert_eq!(fields, ["title", "module", "age_band"]);

        // A refused file: every bad cell with its line (CRLF counted as a person sees it), and nothing stored.
        let broken = "participant;establishment;age_band;phase;question;correct\r\nx1;A1;12-14;pre;1;1\r\n\r\nx2;ZZ9;12-14;during;1;2\r\n";
        let r = send(&app, csv_post(&format!("/api/v1/tests/{test}/results"), &token, broken)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"], "results_unreadable");
        let cells: Vec<(u64, String, String)> = r.json()["details"]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|c| (c["line"].as_u64().unwrap_or(0), c["column"].to_string(), c["code"].to_string()))
            .collect();
        assert_eq!(
            cells,
            [
                (4, "\"establishment\"".into(), "\"establishment_unknown\"".into()),
                (4, "\"phase\"".into(), "\"phase_unknown\"".into()),
                (4, "\"correct\"".into(), "\"correct_invalid\"".into()),
            ]
        );

        let r = send(&app, csv_post(&format!("/api/v1/tests/{test}/results"), &token, &results())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["participants_new"], 13);
        assert_eq!(r.json()["answers_new"], 78);

        let r = send(&app, api("GET", &format!("/api/v1/tests/{test}/learning"), &token, None)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let l = r.json();
        // Everyone (13 paired): pre 7/13, post 36/13, gain 29/13; 12 of 13 improved.
        let near = |v: &serde_json::Value, want: f64| (v.as_f64().expect("a number") - want).abs() < 1e-9;
        assert_eq!(l["all"]["n_paired"], 13);
        assert!(near(&l["all"]["mean_gain"], 29.0 / 13.0), "{}", l["all"]);
        assert!(near(&l["all"]["share_improved"], 12.0 / 13.0));
        // A1: 6 paired, pre 7/6, post 17/6, gain 10/6; normalised (10/6)/(3 − 7/6) = 10/11.
        let a1 = &l["by_establishment"]["A1"];
        assert_eq!(a1["n_paired"], 6);
        assert!(near(&a1["normalised_gain"], 10.0 / 11.0));
        // B1 has 2 children: nothing but the flag; C1 (5) is hidden with it, or 13 − 6 − 5 would give B1 away.
        assert_eq!(l["by_establishment"]["B1"], json!({"suppressed": true}));
        assert_eq!(l["by_establishment"]["C1"], json!({"suppressed": true}));
        // Region 04 holds both (7 children): shown, pre 0, post 19/7.
        assert_eq!(l["by_region"]["04"]["n_paired"], 7);
        assert!(near(&l["by_region"]["04"]["mean_post"], 19.0 / 7.0));
        assert_eq!(l["by_region"]["03"]["n_paired"], 6);
        // Whole JSON strings: an id that happens to start with "a1" is no code.
        assert!(!r.body.contains("\"b1\"") && !r.body.contains("\"a1\""), "no participant code in the figures");
        assert_eq!(l["by_question"].as_array().map(Vec::len), Some(3));

        // Partners read the figures; a coordinator does not; nobody reads another campaign's test by guessing.
        user(&t.db, "obs@example.ma", "observer").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let obs = amane_web::auth::issue_token(&t.db, &staff(&t.db, "obs@example.ma").await, "o").await.expect("t");
        let coord = amane_web::auth::issue_token(&t.db, &staff(&t.db, "coord@example.ma").await, "c").await.expect("t");
        let r = send(&app, api("GET", &format!("/api/v1/tests/{test}/learning"), &obs, None)).await;
        assert_eq!(r.status, StatusCode::OK);
        let r = send(&app, api("GET", &format!("/api/v1/tests/{test}/learning"), &coord, None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = send(&app, csv_post(&format!("/api/v1/tests/{test}/results"), &obs, &results())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "partners read, they do not write");
        let r =
            send(&app, api("GET", "/api/v1/tests/00000000-0000-4000-8000-000000000000/learning", &token, None)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = send(&app, api("GET", &format!("/api/v1/campaigns/{campaign}/tests"), &obs, None)).await;
        assert_eq!(r.json()["items"][0]["id"], test.as_str());
    }
}

/// Workshops in three schools of two regions, registrations and attendance through the API: the report adds them
/// up against the targets, hides the small school and whatever would give it away, and renders as a PDF in Arabic.
#[tokio::test]
async fn the_campaign_report_counts_reach_hides_small_groups_and_prints() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    t.db.upsert_establishments(&[school("A1", "03"), school("B1", "04"), school("C1", "04")], 0, &|_| {})
        .await
        .expect("schools");
    let token = given_organizer(&t.db).await;
    let body =
        r#"{"title_fr":"SID","starts_on":"2025-04-19","ends_on":"2025-04-27","targets":{"children":100,"staff":10}}"#;
    let c = send(&app, api("POST", "/api/v1/campaigns", &token, Some(body))).await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let cid = c.json()["id"].as_str().expect("id").to_owned();
    // (school, day, children present of 30 registered, staff present)
    for (est, day, present, staff) in
        [("A1", "2025-04-19", 25, 2), ("B1", "2025-04-20", 3, 1), ("C1", "2025-04-20", 12, 0)]
    {
        let w = json!({"title": format!("Atelier {est}"), "establishment": est, "date": day, "start": "09:00",
            "end": "10:00", "capacity": 40, "audience": "12-14", "lang": "fr"});
        let w =
            send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(&w.to_string()))).await;
        assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
        let wid = w.json()["id"].as_str().expect("id").to_owned();
        let reg = |kind: &str, seats: u32| {
            let mut r = json!({"establishment": est, "kind": kind, "label": "6e A", "seats": seats});
            if kind == "group" {
                r["age_band"] = json!("12-14");
            }
            r.to_string()
        };
        for (kind, seats, came) in [("group", 30, present), ("staff", 2, staff)] {
            let r = send(
                &app,
                api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &token, Some(&reg(kind, seats))),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            let rid = r.json()["id"].as_str().expect("id").to_owned();
            let a = send(
                &app,
                api(
                    "PUT",
                    &format!("/api/v1/registrations/{rid}/attendance"),
                    &token,
                    Some(&json!({"present": came}).to_string()),
                ),
            )
            .await;
            assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.body);
        }
    }
    let r = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/report"), &token, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rep = r.json();
    assert_eq!(rep["targets"]["children"], 100);
    assert_eq!(rep["totals"]["children_registered"], 90);
    assert_eq!(rep["totals"]["children_present"], 40);
    assert_eq!(rep["totals"]["staff_present"], json!({"suppressed": true}), "3 adults");
    assert_eq!(
        (rep["totals"]["workshops_held"].clone(), rep["totals"]["establishments_reached"].clone()),
        (json!(3), json!(3))
    );
    // B1 had 3 children: hidden, and C1 (12) with it, or 40 − 25 − 12 would give B1 away; their region (15) shows.
    assert_eq!(rep["by_establishment"]["A1"]["children_present"], 25);
    assert_eq!(rep["by_establishment"]["B1"]["children_present"], json!({"suppressed": true}));
    assert_eq!(rep["by_establishment"]["C1"]["children_present"], json!({"suppressed": true}));
    assert_eq!(rep["by_establishment"]["B1"]["children_registered"], 30, "30 registered is not a small group");
    assert_eq!(rep["by_region"]["04"]["children_present"], 15);
    assert_eq!(rep["by_day"]["2025-04-20"]["children_present"], 15);
    assert_eq!(rep["by_setting"]["rural"]["children_present"], 40);
    assert_eq!(rep["by_age_band"]["12-14"]["children_present"], 40);
    assert_eq!(rep["coverage"]["04"]["reached"], 2);
    assert_eq!(rep["coverage"]["03"]["establishments"], 1);
    // A region's report counts that region's workshops and schools, not the whole campaign's.
    let cid_typed = cid.parse().expect("campaign id");
    let region = amane_app::reports::campaign_report(&t.db, cid_typed, Default::default(), Some("04"))
        .await
        .expect("region report");
    let tt = &region.totals;
    assert_eq!(
        (tt.workshops_planned, tt.workshops_held, tt.establishments_registered, tt.establishments_reached),
        (2, 2, 2, 2)
    );
    assert_eq!(region.coverage.keys().collect::<Vec<_>>(), ["04"]);
    // No count of people anywhere is between 1 and 4; nobody at all (parents here) is shown as 0.
    fn small_counts(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{path}/{k}");
                    let people = ["children_", "staff_", "parents_"].iter().any(|p| k.starts_with(p));
                    if people && x.as_u64().is_some_and(|n| (1..5).contains(&n)) {
                        out.push(p.clone());
                    }
                    small_counts(x, &p, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| small_counts(x, path, out)),
            _ => {}
        }
    }
    let mut small = Vec::new();
    small_counts(&rep, "", &mut small);
    assert!(small.is_empty(), "{small:?}");
    assert_eq!(rep["by_region"]["03"]["parents_present"], 0);

    // The dashboard page: the same figures, charts as SVG with their tables, in Arabic, without JavaScript.
    let cookie = login(&app, "org%40example.ma").await;
    let page = |uri: String| {
        let mut r = get(&uri).body(Body::empty()).expect("req");
        r.headers_mut().insert("cookie", cookie.parse().expect("cookie"));
        r
    };
    let html = send(&app, page(format!("/campaigns/{cid}/report?lang=ar"))).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("dir=\"rtl\""));
    assert!(html.body.matches("role=\"img\"").count() >= 5, "a chart per breakdown");
    assert!(html.body.contains(&amane_i18n::Tr::new(amane_domain::Lang::Ar).get("report-hidden")));
    assert!(!html.body.contains("<script"), "no script on the report");
    let region = send(&app, page(format!("/campaigns/{cid}/report?lang=fr&region=03"))).await;
    assert!(region.body.contains("<bdi>A1</bdi>") && !region.body.contains("<bdi>C1</bdi>"), "filtered to region 03");
    let csv = send(&app, page(format!("/campaigns/{cid}/report.csv?table=by_establishment&lang=en"))).await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.body.starts_with('\u{feff}'), "BOM for Excel");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[1], "A1,A1,30,25,hidden,hidden,0,0,1");
    assert_eq!(lines[2], "B1,B1,30,hidden,hidden,hidden,0,0,1");
    let missing = send(&app, page(format!("/campaigns/{cid}/report.csv?table=nope"))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    user(&t.db, "coord@example.ma", "coordinator").await;
    let coord = login(&app, "coord%40example.ma").await;
    let mut r = get(&format!("/campaigns/{cid}/report")).body(Body::empty()).expect("req");
    r.headers_mut().insert("cookie", coord.parse().expect("cookie"));
    assert_eq!(send(&app, r).await.status, StatusCode::FORBIDDEN, "the report is for organizers and partners");

    let pdf = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/report.pdf?lang=ar"), &token, None)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with("%PDF"), "a PDF");
    assert!(pdf.body.contains("/Lang(ar)"), "marked as Arabic");
    let bad = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/report.pdf?lang=de"), &token, None)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The full export of a test's answers: a paper-results file (BOM, the import's header, a code that starts like a
/// formula written as text) that, posted to another test, gives the same figures; only those who record results
/// may take it (participant-level data), and an unknown test is a 404.
#[tokio::test]
async fn a_tests_answers_export_as_a_results_file_that_imports_back_to_the_same_figures() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        t.db.upsert_establishments(&[school("A1", "03"), school("B1", "04"), school("C1", "04")], 0, &|_| {})
            .await
            .expect("schools");
        let token = given_organizer(&t.db).await;
        let campaign = given_campaign(&app, &token).await;
        let body = json!({"title": "Hameçonnage", "module": "phishing", "age_band": "12-14", "count": 3}).to_string();
        let mut tests = Vec::new();
        for _ in 0..2 {
            let made =
                send(&app, api("POST", &format!("/api/v1/campaigns/{campaign}/tests"), &token, Some(&body))).await;
            assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
            tests.push(made.json()["id"].as_str().expect("id").to_owned());
        }
        // One more child whose code a spreadsheet would take for a formula.
        let mut file = results();
        for (phase, right) in [("pre", 0), ("post", 1)] {
            for q in 1..=3 {
                file.push_str(&format!("=c6;C1;12-14;{phase};{q};{right}\r\n"));
            }
        }
        let r = send(&app, csv_post(&format!("/api/v1/tests/{}/results", tests[0]), &token, &file)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        let r = send(&app, api("GET", &format!("/api/v1/tests/{}/results.csv", tests[0]), &token, None)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
        assert!(r.header("content-disposition").starts_with("attachment;"));
        let lines: Vec<&str> = r.body.split("\r\n").collect();
        assert_eq!(lines[0], "\u{feff}participant,establishment,age_band,phase,question,correct");
        assert_eq!(lines.len(), 1 + 84 + 1, "84 answers and the final line break");
        for line in ["'=c6,C1,12-14,pre,1,0", "'=c6,C1,12-14,post,3,1", "a1,A1,12-14,post,3,1"] {
            assert!(lines.contains(&line), "{line} in {lines:?}");
        }

        let r = send(&app, csv_post(&format!("/api/v1/tests/{}/results", tests[1]), &token, &r.body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!((r.json()["participants_new"].as_u64(), r.json()["answers_new"].as_u64()), (Some(14), Some(84)));
        let figures = |id: &str| {
            let (app, token, uri) = (app.clone(), token.clone(), format!("/api/v1/tests/{id}/learning"));
            async move {
                let mut l = send(&app, api("GET", &uri, &token, None)).await.json();
                l.as_object_mut().expect("object").remove("test");
                l
            }
        };
        let (a, b) = (figures(&tests[0]).await, figures(&tests[1]).await);
        assert_eq!(a, b);
        assert_eq!(a["all"]["n_paired"], 14);

        // Facilitators record results, so they may export; partners and coordinators may not.
        user(&t.db, "fac@example.ma", "facilitator").await;
        user(&t.db, "obs@example.ma", "observer").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        for (email, status) in [
            ("fac@example.ma", StatusCode::OK),
            ("obs@example.ma", StatusCode::FORBIDDEN),
            ("coord@example.ma", StatusCode::FORBIDDEN),
        ] {
            let who = amane_web::auth::issue_token(&t.db, &staff(&t.db, email).await, "x").await.expect("token");
            let r = send(&app, api("GET", &format!("/api/v1/tests/{}/results.csv", tests[0]), &who, None)).await;
            assert_eq!(r.status, status, "{email}");
            if status == StatusCode::FORBIDDEN {
                assert_eq!(r.json()["error"], "forbidden", "{}", r.body);
                assert!(!r.body.contains("a1,A1"), "no answer leaks into a refusal");
            }
        }
        let r = send(&app, api("GET", "/api/v1/tests/00000000-0000-4000-8000-000000000000/results.csv", &token, None))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let doc = send(&app, get("/api/v1/openapi.json").body(Body::empty()).expect("req")).await.json();
        assert!(doc["paths"]["/api/v1/tests/{id}/results.csv"]["get"].is_object(), "in the OpenAPI document");
    }
}
