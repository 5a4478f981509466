//! Live games from the pages: the form, the console's controls, results.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use axum::body::Body;
use axum::http::StatusCode;

#[tokio::test]
async fn live_games_start_from_modules_or_banks_and_say_what_is_wrong() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "fac@example.ma", "facilitator").await;
        user(&t.db, "other@example.ma", "facilitator").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let fac = staff(&t.db, "fac@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &fac, "t").await.expect("token");
        let coord = staff(&t.db, "coord@example.ma").await;
        let coord_token = amane_web::auth::issue_token(&t.db, &coord, "t").await.expect("token");

        let body = r#"{"module": "nope", "audience": "99", "count": 0, "lang": "de", "time_limit_s": 1}"#;
        let bad = send(&app, api("POST", "/api/v1/live?lang=fr", &token, Some(body))).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let fields: Vec<String> = bad.json()["details"]
            .as_array()
            .expect("details")
            .iter()
            .map(|d| d["field"].as_str().unwrap_or("").to_owned())
            .collect();
        for f in ["module", "audience", "count", "lang", "time_limit_s"] {
            assert!(fields.iter().any(|x| x == f), "{f} is named: {fields:?}");
        }
        let ok = r#"{"module": "phishing", "audience": "12-14"}"#;
        let refused = send(&app, api("POST", "/api/v1/live", &coord_token, Some(ok))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "coordinators do not run games");

        // An imported question bank is a source too (its short answers included).
        let cookie = login(&app, "fac%40example.ma").await;
        let gift = include_bytes!("../../../amane/tests/fixtures/securite.gift");
        let fields = [("module", "securite-5e"), ("title", "Sécurité 5e"), ("lang", "fr"), ("audience", "12-14")];
        assert_eq!(send(&app, multipart(&cookie, &fields, Some(("securite.gift", gift)))).await.status, StatusCode::OK);
        let created = send(
            &app,
            api(
                "POST",
                "/api/v1/live",
                &token,
                Some(r#"{"module": "securite-5e", "audience": "12-14", "scoring": "accuracy"}"#),
            ),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let (id, pin) = (
            created.json()["id"].as_str().expect("id").to_owned(),
            created.json()["pin"].as_str().expect("pin").to_owned(),
        );
        let state = send(&app, api("GET", &format!("/api/v1/live/{id}"), &token, None)).await.json();
        assert_eq!((state["status"].as_str(), state["total"].as_u64()), (Some("lobby"), Some(6)));

        // The console is its owner's; the join page is anybody's.
        let console =
            send(&app, get(&format!("/live/{id}")).header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert_eq!(console.status, StatusCode::OK);
        assert!(console.body.contains(&pin) && console.body.contains("<svg"), "PIN and QR code on the console");
        let other = login(&app, "other%40example.ma").await;
        let theirs =
            send(&app, get(&format!("/live/{id}")).header("cookie", &other).body(Body::empty()).expect("req")).await;
        assert_eq!(theirs.status, StatusCode::FORBIDDEN);
        let play = send(&app, get(&format!("/join/{pin}?lang=ar")).body(Body::empty()).expect("req")).await;
        assert_eq!(play.status, StatusCode::OK);
        assert!(play.body.contains(&format!("data-pin=\"{pin}\"")) && play.body.contains("dir=\"rtl\""));
        assert!(play.body.contains("<noscript>"), "says what to do without JavaScript");
        let unknown = send(&app, get("/join?pin=000000&lang=en").body(Body::empty()).expect("req")).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(strip_isolation(&unknown.body).contains(&Tr::new(Lang::En).get("live-unknown-pin")));
        let known = send(&app, get(&format!("/join?pin={pin}")).body(Body::empty()).expect("req")).await;
        assert_eq!((known.status, known.header("location")), (StatusCode::SEE_OTHER, format!("/join/{pin}").as_str()));

        // The control form works without JavaScript, and the results exist from the start.
        let next = send(&app, form_post_with(&format!("/live/{id}/control"), "op=next", &cookie)).await;
        assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
        let results = send(
            &app,
            get(&format!("/live/{id}/results?lang=fr")).header("cookie", &cookie).body(Body::empty()).expect("req"),
        )
        .await;
        assert_eq!(results.status, StatusCode::OK);
        let bad_op = send(&app, form_post_with(&format!("/live/{id}/control"), "op=dance", &cookie)).await;
        assert_eq!(bad_op.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Ending the game asks first, without JavaScript too; only the confirmed form ends it.
        let ask = send(&app, form_post_with(&format!("/live/{id}/control?lang=en"), "op=end", &cookie)).await;
        assert_eq!(ask.status, StatusCode::OK);
        assert!(ask.body.contains("name=\"confirmed\" value=\"yes\"") && ask.body.contains("Are you sure?"));
        let still = send(&app, api("GET", &format!("/api/v1/live/{id}"), &token, None)).await.json();
        assert_eq!(still["status"], "open", "not ended by the first click");
        let console =
            send(&app, get(&format!("/live/{id}?lang=en")).header("cookie", &cookie).body(Body::empty()).expect("req"))
                .await;
        let shown: Vec<&str> = console
            .body
            .split("<form method=\"post\" action=\"/live/")
            .skip(1)
            .filter(|f| !f.split('>').next().unwrap_or("").ends_with(" hidden") && f.contains("name=\"op\" value=\""))
            .filter_map(|f| f.split("name=\"op\" value=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(
            shown,
            ["close", "extend", "pause", "skip", "end"],
            "the controls of an open question, closing first"
        );

        // A custom set picked from the module's questions in the form.
        let form = send(
            &app,
            get("/live?module=phishing&audience=8-11&lang=ar")
                .header("cookie", &cookie)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        let ids: Vec<String> = form
            .body
            .split("name=\"q\" value=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or("").to_owned())
            .collect();
        assert!(ids.len() >= 8, "the module's questions for 8-11 are offered: {}", ids.len());
        let several = Tr::new(Lang::Ar).get("question-type-multiple");
        assert!(!form.body.contains(&format!("({several}) ({several})")), "the kind is said once");
        let body = format!("module=phishing&audience=8-11&lang=ar&count=10&streaks=on&q={}&q={}", ids[3], ids[1]);
        let made = send(&app, form_post_with("/live", &body, &cookie)).await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let custom = made.header("location").trim_start_matches("/live/").to_owned();
        let state = send(&app, api("GET", &format!("/api/v1/live/{custom}"), &token, None)).await.json();
        assert_eq!(state["total"], 2, "only the two questions ticked");
        let wrong =
            send(&app, form_post_with("/live", "module=phishing&audience=8-11&q=not-a-question", &cookie)).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
