//! Workshops: the form and its school search, scheduling without double bookings, registrations and rosters, attendance, check-in.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use axum::body::Body;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_workshop_finds_its_school_by_name_or_code() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        amane_app::demo::seed(&t.db, None, None).await.expect("demo");
        user(&t.db, "org@example.ma", "organizer").await;
        let org = login(&app, "org%40example.ma").await;
        let cid =
            t.db.list_campaigns()
                .await
                .expect("list")
                .into_iter()
                .find(|c| c.targets.establishments == 300)
                .expect("national")
                .id;
        let post = |school: &str| {
            let mut r = form_post(
                &format!("/campaigns/{cid}/workshops/new?lang=en"),
                &format!(
                    "title=Atelier&establishment={school}&date=2027-02-03&start=14%3A00&end=15%3A00&capacity=30&audience=12-14&lang=fr&module=phishing"
                ),
            );
            r.headers_mut().insert("cookie", org.parse().expect("cookie"));
            r
        };
        // A name that only one school has, typed in lower case without its accents.
        let mut unique = amane_app::demo::schools().remove(0);
        unique.code = amane_domain::establishment::EstablishmentCode::parse("TEST-1").expect("code");
        unique.name_fr = "Lycée Zerktouni (Témara)".into();
        t.db.upsert_establishments(&[unique.clone()], 0, &|_| {}).await.expect("school");
        let by_name = send(&app, post("lycee+zerktouni")).await;
        assert_eq!(by_name.status, StatusCode::SEE_OTHER, "{}", by_name.body);
        let stored = t.db.campaign_workshops(cid).await.expect("list");
        assert!(stored.iter().any(|w| w.venue.establishment.as_deref() == Some("TEST-1")), "stored against TEST-1");
        // A name several schools share: the form offers them, and the one picked is stored.
        let several = send(&app, post("Ibn+Rochd")).await;
        assert_eq!(several.status, StatusCode::UNPROCESSABLE_ENTITY);
        let choices = several.body.matches("name=\"establishment_choice\"").count();
        assert!(choices >= 2, "{}", several.body);
        let code = several
            .body
            .split("name=\"establishment_choice\" value=\"")
            .nth(2)
            .and_then(|s| s.split('"').next())
            .expect("a second choice")
            .to_owned();
        let mut picked = post("Ibn+Rochd");
        *picked.body_mut() = Body::from(format!(
            "title=Atelier+2&establishment=Ibn+Rochd&establishment_choice={code}&date=2027-02-04&start=14%3A00&end=15%3A00&capacity=30&audience=12-14&lang=fr&module=phishing"
        ));
        assert_eq!(send(&app, picked).await.status, StatusCode::SEE_OTHER);
        let stored = t.db.campaign_workshops(cid).await.expect("list");
        assert!(stored.iter().any(|w| w.venue.establishment.as_deref() == Some(code.as_str())), "the school picked");
        let by_code = send(&app, post("demo-03-001")).await;
        assert_eq!(by_code.status, StatusCode::SEE_OTHER, "a code in lower case: {}", by_code.body);
        let ambiguous = send(&app, post("Ibn")).await;
        assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(strip_isolation(&ambiguous.body).contains("Several schools match"), "{}", ambiguous.body);
        let unknown = send(&app, post("Nowhere+school")).await;
        assert!(strip_isolation(&unknown.body).contains(&Tr::new(Lang::En).get("field_establishment_unknown")));
        let wildcard = send(&app, post("%25")).await;
        assert_eq!(wildcard.status, StatusCode::UNPROCESSABLE_ENTITY, "a % is not a wildcard");

        let suggest = |q: &str| {
            get(&format!("/establishments/suggest?q={q}&lang=ar"))
                .header("cookie", &org)
                .body(Body::empty())
                .expect("req")
        };
        let found = send(&app, suggest("DEMO-03-00")).await;
        let items = found.json();
        let items = items.as_array().expect("a list");
        assert!(!items.is_empty() && items.len() <= 15, "{items:?}");
        assert!(items.iter().all(|i| i["value"].as_str().is_some_and(|v| v.starts_with("DEMO-03-00"))), "{items:?}");
        assert!(
            items[0]["label"]
                .as_str()
                .is_some_and(|l| l.contains("مدرسة") || l.contains("إعدادية") || l.contains("ثانوية")),
            "Arabic names on an Arabic page: {items:?}"
        );
        assert_eq!(send(&app, suggest("%25%25")).await.json(), serde_json::json!([]), "no wildcard");
        let anonymous = send(&app, get("/establishments/suggest?q=DEMO").body(Body::empty()).expect("req")).await;
        assert_ne!(anonymous.status, StatusCode::OK, "suggestions need a session");
    }
}

#[tokio::test]
async fn roster_problems_name_their_lines() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    amane_app::demo::seed(&t.db, None, None).await.expect("demo");
    user(&t.db, "org@example.ma", "organizer").await;
    let org = login(&app, "org%40example.ma").await;
    let cid =
        t.db.list_campaigns().await.expect("list").into_iter().find(|c| c.targets.establishments == 300).expect("n").id;
    let w = t.db.campaign_workshops(cid).await.expect("workshops").remove(0);
    // As a spreadsheet copied into the box writes it: CRLF line ends, a blank line, then two bad lines.
    let roster = "Faucon\r\n\r\nAmina Benali\r\nComète\r\nali@mail.ma\r\n";
    let body = format!(
        "establishment={}&kind=group&label=6e+A&age_band={}&seats=10&roster={}",
        w.venue.establishment.clone().unwrap_or_default(),
        w.audience.code(),
        url::form_urlencoded::byte_serialize(roster.as_bytes()).collect::<String>()
    );
    let mut req = form_post(&format!("/workshops/{}?lang=en", w.id), &body);
    req.headers_mut().insert("cookie", org.parse().expect("cookie"));
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = strip_isolation(&r.body);
    let tr = Tr::new(Lang::En);
    for (line, code) in [(3, "field_nickname_full_name"), (5, "field_nickname_contact")] {
        let want = format!("line {line}: {}", strip_isolation(&tr.get(code)).replace('\'', "&#39;"));
        assert!(text.contains(&want), "{want} in {text}");
    }
    assert!(!text.contains("line 1:") && !text.contains("line 4:"), "good lines are not blamed");
}

#[tokio::test]
async fn workshops_are_scheduled_without_double_bookings_and_exported_as_ics() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "fac@example.ma", "facilitator").await;
        let org = login(&app, "org%40example.ma").await;
        let orgu = staff(&t.db, "org@example.ma").await;
        let fac = staff(&t.db, "fac@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let cid = given_campaign(&app, &token).await;

        let post = |body: String| {
            let mut r = form_post(&format!("/campaigns/{cid}/workshops/new?lang=fr"), &body);
            r.headers_mut().insert("cookie", org.parse().expect("cookie"));
            r
        };
        let body = |title: &str, room: &str, start: &str, end: &str| {
            format!(
                "title={title}&venue_name=Institut+national&room={room}&date=2025-04-19&start={start}&end={end}&capacity=30&audience=8-11&lang=ar&module=passwords&module=phishing&facilitator={}",
                fac.id
            )
        };
        let ok = send(&app, post(body("Atelier+A", "Salle+1", "09%3A00", "10%3A30"))).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let busy = send(&app, post(body("Atelier+B", "Salle+2", "10%3A00", "11%3A00"))).await;
        assert_eq!(busy.status, StatusCode::CONFLICT);
        assert!(strip_isolation(&busy.body).contains("Un animateur anime déjà « Atelier A »"), "{}", busy.body);
        let outside =
            send(&app, post(body("Atelier+C", "Salle+2", "11%3A00", "10%3A00").replace("2025-04-19", "2025-05-19")))
                .await;
        assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(outside.body.contains(&Tr::new(Lang::Fr).get("field_outside_campaign")));

        // The API refuses the room double-booking and names the workshop in the way.
        let room = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(r#"{"title":"Atelier D","venue_name":"Institut national","room":"salle 1","date":"2025-04-19","start":"10:00","end":"11:00","capacity":25,"audience":"staff","lang":"fr"}"#))).await;
        assert_eq!(room.status, StatusCode::CONFLICT);
        assert_eq!(
            (room.json()["error"].clone(), room.json()["details"]["title"].clone()),
            (Value::from("room_busy"), Value::from("Atelier A"))
        );
        let later = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(r#"{"title":"Atelier E","venue_name":"Institut national","room":"salle 1","date":"2025-04-19","start":"10:30","end":"12:00","capacity":25,"audience":"staff","lang":"fr"}"#))).await;
        assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
        assert_eq!(
            (later.json()["start"].clone(), later.json()["date"].clone()),
            (Value::from("10:30"), Value::from("2025-04-19"))
        );
        let list = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/workshops"), &token, None)).await;
        assert_eq!(list.json()["items"].as_array().map(Vec::len), Some(2));

        // The campaign page shows the agenda; the facilitator sees theirs and downloads it.
        let page = send(
            &app,
            get(&format!("/campaigns/{cid}?lang=en")).header("cookie", &org).body(Body::empty()).expect("req"),
        )
        .await;
        assert!(
            page.body.contains("Atelier A") && page.body.contains("09:00–10:30") && page.body.contains("19 April 2025"),
            "{}",
            page.body
        );
        let fac_cookie = login(&app, "fac%40example.ma").await;
        let mine =
            send(&app, get("/workshops/mine").header("cookie", &fac_cookie).body(Body::empty()).expect("req")).await;
        assert!(mine.body.contains("Atelier A") && !mine.body.contains("Atelier E"));
        let ics =
            send(&app, get("/workshops/mine.ics").header("cookie", &fac_cookie).body(Body::empty()).expect("req"))
                .await;
        assert!(ics.header("content-type").starts_with("text/calendar"));
        let lines: Vec<&str> = ics.body.split("\r\n").collect();
        assert_eq!(lines.first().copied(), Some("BEGIN:VCALENDAR"));
        assert!(lines.contains(&"END:VCALENDAR") && lines.iter().filter(|l| **l == "BEGIN:VEVENT").count() == 1);
        // 09:00 in Casablanca on 19 April 2025 (UTC+1) is 08:00 UTC.
        assert!(lines.contains(&"DTSTART:20250419T080000Z") && lines.contains(&"DTEND:20250419T093000Z"), "{lines:?}");
        assert!(lines.iter().all(|l| l.len() <= 75));
    }
}

#[tokio::test]
async fn coordinators_register_their_classes_with_a_waiting_list() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        amane_app::demo::seed(&t.db, None, None).await.expect("demo");
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let orgu = staff(&t.db, "org@example.ma").await;
        let coordu = staff(&t.db, "coord@example.ma").await;
        t.db.assign_establishment(coordu.id, "DEMO-03-000").await.expect("assign");
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let camp = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
        let cid = camp.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|c| c["status"] == "open")
            .expect("open campaign")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(r#"{"title":"Mots de passe","establishment":"DEMO-03-000","room":"Salle 4","date":"2027-02-10","start":"09:00","end":"10:00","capacity":30,"audience":"8-11","lang":"fr","modules":["passwords"]}"#))).await;
        assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
        let wid = w.json()["id"].as_str().expect("id").to_owned();

        let coord = login(&app, "coord%40example.ma").await;
        let post = |body: &str| {
            let mut r = form_post(&format!("/workshops/{wid}?lang=fr"), body);
            r.headers_mut().insert("cookie", coord.parse().expect("cookie"));
            r
        };
        let bad = send(&app, post("establishment=DEMO-03-000&kind=group&label=CE6+A&age_band=8-11&seats=20&roster=Faucon%0D%0AYasmine+Benali")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains(&Tr::new(Lang::Fr).get("field_nickname_full_name")));
        let other_school =
            send(&app, post("establishment=DEMO-03-001&kind=group&label=CE6+A&age_band=8-11&seats=20")).await;
        assert_eq!(other_school.status, StatusCode::FORBIDDEN, "a coordinator registers only for their establishments");
        let first = send(&app, post("establishment=DEMO-03-000&kind=group&label=CE6+A&age_band=8-11&seats=20&roster=Faucon%0D%0A%C3%89toile")).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains(&Tr::new(Lang::Fr).get("reg-done-confirmed")));
        let second = send(&app, post("establishment=DEMO-03-000&kind=group&label=CE6+B&age_band=8-11&seats=15")).await;
        assert!(second.body.contains(&Tr::new(Lang::Fr).get("reg-done-waiting")));

        // The capacity cannot go below the confirmed seats; raising it promotes the waiting list.
        let shrink =
            send(&app, api("PATCH", &format!("/api/v1/workshops/{wid}"), &token, Some(r#"{"capacity":10}"#))).await;
        assert_eq!(
            (shrink.status, shrink.json()["error"].clone()),
            (StatusCode::CONFLICT, Value::from("capacity_below_registrations"))
        );
        let grow =
            send(&app, api("PATCH", &format!("/api/v1/workshops/{wid}"), &token, Some(r#"{"capacity":40}"#))).await;
        assert_eq!(grow.status, StatusCode::OK);
        let regs = send(&app, api("GET", &format!("/api/v1/workshops/{wid}/registrations"), &token, None)).await;
        let statuses: Vec<&str> = regs.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|r| r["status"].as_str().unwrap_or(""))
            .map(|s| if s == "confirmed" { "c" } else { "w" })
            .collect();
        assert_eq!(statuses, ["c", "c"]);
        let roster = regs.json()["items"][0]["roster"].clone();
        assert_eq!(roster, serde_json::json!(["Faucon", "Étoile"]));
        let at_school = send(
            &app,
            get("/establishments/demo-03-000?lang=fr").header("cookie", &coord).body(Body::empty()).expect("req"),
        )
        .await;
        assert_eq!(at_school.status, StatusCode::OK);
        assert!(
            at_school.body.contains("Mots de passe") && at_school.body.contains("09:00–10:00"),
            "the establishment's agenda"
        );
        let child_email = send(&app, api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &token, Some(r#"{"establishment":"DEMO-03-000","kind":"group","label":"CE5","age_band":"8-11","seats":3,"staff_email":"kid@example.ma"}"#))).await;
        assert_eq!(child_email.json()["details"][0]["code"], "no_child_contact");
    }
}

#[tokio::test]
async fn an_impossible_time_is_a_field_error_not_a_crash() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "org@example.ma", "organizer").await;
    let orgu = staff(&t.db, "org@example.ma").await;
    let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
    let cid = given_campaign(&app, &token).await;
    let r = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(r#"{"title":"X","venue_name":"V","date":"2025-04-19","start":"25:00","end":"26:30","capacity":5,"audience":"staff","lang":"fr"}"#))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        (r.json()["details"][0]["field"].clone(), r.json()["details"][0]["code"].clone()),
        (Value::from("start"), Value::from("time_invalid"))
    );
}

#[tokio::test]
async fn attendance_is_recorded_once_however_often_it_is_sent() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    amane_app::demo::seed(&t.db, None, None).await.expect("demo");
    user(&t.db, "org@example.ma", "organizer").await;
    let orgu = staff(&t.db, "org@example.ma").await;
    let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
    let camps = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
    let cid =
        camps.json()["items"].as_array().expect("items").iter().find(|c| c["status"] == "open").expect("open")["id"]
            .as_str()
            .expect("id")
            .to_owned();
    let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(r#"{"title":"T","establishment":"DEMO-01-000","date":"2027-02-02","start":"09:00","end":"10:00","capacity":30,"audience":"8-11","lang":"ar"}"#))).await;
    let wid = w.json()["id"].as_str().expect("id").to_owned();
    let r = send(
        &app,
        api(
            "POST",
            &format!("/api/v1/workshops/{wid}/registrations"),
            &token,
            Some(r#"{"establishment":"DEMO-01-000","kind":"group","label":"CM1","age_band":"8-11","seats":28}"#),
        ),
    )
    .await;
    let rid = r.json()["id"].as_str().expect("id").to_owned();
    for _ in 0..3 {
        let put = send(
            &app,
            api("PUT", &format!("/api/v1/registrations/{rid}/attendance"), &token, Some(r#"{"present":26}"#)),
        )
        .await;
        assert_eq!(put.status, StatusCode::NO_CONTENT);
    }
    let over =
        send(&app, api("PUT", &format!("/api/v1/registrations/{rid}/attendance"), &token, Some(r#"{"present":29}"#)))
            .await;
    assert_eq!(over.json()["details"][0]["code"], "present_over_seats");
    let p = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/progress"), &token, None)).await;
    assert_eq!(
        (
            p.json()["children_present"].as_i64(),
            p.json()["establishments_reached"].as_i64(),
            p.json()["workshops_held"].as_i64()
        ),
        (Some(26), Some(1), Some(1))
    );
}

#[tokio::test]
async fn the_roster_sheet_and_phone_check_in() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        amane_app::demo::seed(&t.db, None, None).await.expect("demo");
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "fac@example.ma", "facilitator").await;
        user(&t.db, "fac2@example.ma", "facilitator").await;
        let orgu = staff(&t.db, "org@example.ma").await;
        let facu = staff(&t.db, "fac@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let camps = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
        let cid = camps.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|c| c["status"] == "open")
            .expect("open")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let body = format!(
            r#"{{"title":"Hameçonnage","establishment":"DEMO-02-000","date":"2027-02-03","start":"09:00","end":"10:00","capacity":30,"audience":"12-14","lang":"fr","facilitators":["{}"]}}"#,
            facu.id
        );
        let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(&body))).await;
        let wid = w.json()["id"].as_str().expect("id").to_owned();
        let r = send(&app, api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &token, Some(r#"{"establishment":"DEMO-02-000","kind":"group","label":"2AC B","age_band":"12-14","seats":3,"roster":["Faucon","Étoile","Comète"]}"#))).await;
        let rid = r.json()["id"].as_str().expect("id").to_owned();

        let fac = login(&app, "fac%40example.ma").await;
        let sheet = send(
            &app,
            get(&format!("/workshops/{wid}/roster?lang=fr"))
                .header("cookie", &fac)
                .header("host", "amane.test")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(sheet.status, StatusCode::OK);
        let code: String = sheet
            .body
            .split("class=\"roster-code-digits\" dir=\"ltr\">")
            .nth(1)
            .expect("code shown")
            .chars()
            .take(6)
            .collect();
        assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
        assert_eq!(sheet.body.matches("<svg").count(), 4, "one QR for the code and one per child");
        assert!(sheet.body.contains("Comète"));

        let open =
            send(&app, get(&format!("/checkin?code={code}")).header("cookie", &fac).body(Body::empty()).expect("req"))
                .await;
        assert_eq!(
            (open.status, open.header("location").to_owned()),
            (StatusCode::SEE_OTHER, format!("/workshops/{wid}/checkin")),
            "the code opens the workshop's check-in list"
        );
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let unknown = send(
            &app,
            get(&format!("/checkin?code={wrong}&lang=en")).header("cookie", &fac).body(Body::empty()).expect("req"),
        )
        .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);

        let mark = |cookie: &str| {
            let mut req = form_post(&format!("/checkin/p/{rid}/1?lang=en"), "");
            req.headers_mut().insert("cookie", cookie.parse().expect("cookie"));
            req
        };
        for _ in 0..2 {
            let res = send(&app, mark(&fac)).await;
            assert_eq!(res.status, StatusCode::OK);
            assert!(strip_isolation(&res.body).contains("1 of 3 checked in"), "{}", res.body);
        }
        let other = login(&app, "fac2%40example.ma").await;
        assert_eq!(
            send(&app, mark(&other)).await.status,
            StatusCode::FORBIDDEN,
            "only the workshop's facilitators check in"
        );
        let p = send(&app, api("GET", &format!("/api/v1/campaigns/{cid}/progress"), &token, None)).await;
        assert_eq!(p.json()["children_present"].as_i64(), Some(1));

        // The door list: every child with one button, the counts at the top, a search, and undo.
        let list = |q: &str| {
            get(&format!("/workshops/{wid}/checkin?lang=en{q}"))
                .header("cookie", &fac)
                .body(Body::empty())
                .expect("req")
        };
        let page = send(&app, list("")).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = strip_isolation(&page.body);
        assert!(text.contains("Children present: <strong>1 of 3</strong>"), "{text}");
        assert_eq!(page.body.matches("name=\"action\" value=\"in\"").count(), 2, "two children to mark");
        assert_eq!(page.body.matches("name=\"action\" value=\"out\"").count(), 1, "one to take back");
        let tap = |action: &str, idx: u32| {
            let mut req = form_post(
                &format!("/workshops/{wid}/checkin"),
                &format!("reg={rid}&idx={idx}&action={action}&q=com%C3%A8te"),
            );
            req.headers_mut().insert("cookie", fac.parse().expect("cookie"));
            req
        };
        let res = send(&app, tap("in", 2)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            res.header("location"),
            format!("/workshops/{wid}/checkin?q=com%C3%A8te#c-{rid}-2"),
            "back to the same child, with the search kept"
        );
        let found = send(&app, list("&q=comete")).await;
        let text = strip_isolation(&found.body);
        assert!(text.contains("Comète") && !text.contains("Faucon"), "the search folds accents and keeps one child");
        assert!(text.contains("Children present: <strong>2 of 3</strong>"), "{text}");
        assert_eq!(send(&app, tap("out", 1)).await.status, StatusCode::SEE_OTHER);
        assert_eq!(send(&app, tap("out", 1)).await.status, StatusCode::SEE_OTHER, "an undo repeated changes nothing");
        let text = strip_isolation(&send(&app, list("")).await.body);
        assert!(text.contains("Children present: <strong>1 of 3</strong>"), "{text}");
        let mut stranger = tap("in", 0);
        stranger.headers_mut().insert("cookie", other.parse().expect("cookie"));
        assert_eq!(send(&app, stranger).await.status, StatusCode::FORBIDDEN, "another facilitator cannot mark");
    }
}

#[tokio::test]
async fn a_workshop_is_edited_from_its_page() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    amane_app::demo::seed(&t.db, None, None).await.expect("demo");
    user(&t.db, "org@example.ma", "organizer").await;
    let org = login(&app, "org%40example.ma").await;
    let orgu = staff(&t.db, "org@example.ma").await;
    let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
    let camps = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
    let ai =
        camps.json()["items"].as_array().expect("items").iter().find(|c| c["status"] == "closed").expect("ai")["id"]
            .as_str()
            .expect("id")
            .to_owned();
    let first = send(&app, api("GET", &format!("/api/v1/campaigns/{ai}/workshops?per_page=1"), &token, None))
        .await
        .json()["items"][0]
        .clone();
    let wid = first["id"].as_str().expect("id").to_owned();
    let form = send(
        &app,
        get(&format!("/workshops/{wid}/edit?lang=fr")).header("cookie", &org).body(Body::empty()).expect("req"),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!("value=\"{}\"", first["start"].as_str().expect("start"))),
        "prefilled with the local time"
    );
    let body = |capacity: u32| {
        format!(
            "title=Atelier+1+bis&venue_name=Institut&room=Salle+9&date={}&start={}&end={}&capacity={capacity}&audience={}&lang=ar",
            first["date"].as_str().expect("d"),
            first["start"].as_str().expect("s").replace(':', "%3A"),
            first["end"].as_str().expect("e").replace(':', "%3A"),
            first["audience"].as_str().expect("a"),
        )
    };
    let post = |b: String| {
        let mut r = form_post(&format!("/workshops/{wid}/edit?lang=fr"), &b);
        r.headers_mut().insert("cookie", org.parse().expect("cookie"));
        r
    };
    let too_small = send(&app, post(body(2))).await;
    assert_eq!(too_small.status, StatusCode::CONFLICT);
    let ok = send(&app, post(body(40))).await;
    assert_eq!(
        (ok.status, ok.header("location").to_owned()),
        (StatusCode::SEE_OTHER, format!("/workshops/{wid}")),
        "{}",
        ok.body
    );
    let after = send(&app, api("GET", &format!("/api/v1/campaigns/{ai}/workshops?per_page=1"), &token, None))
        .await
        .json()["items"][0]
        .clone();
    assert_eq!(
        (after["title"].clone(), after["room"].clone(), after["capacity"].clone()),
        (Value::from("Atelier 1 bis"), Value::from("Salle 9"), Value::from(40))
    );
}
