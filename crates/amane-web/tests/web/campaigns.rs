//! Campaigns from the form and the API, their progress, the demo data and the agenda's filters.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use axum::body::Body;
use axum::http::StatusCode;

#[tokio::test]
async fn campaigns_are_planned_from_the_form_and_the_api() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "fac@example.ma", "facilitator").await;
        let org = login(&app, "org%40example.ma").await;
        let post = |cookie: &str, uri: &str, body: &str| {
            let mut r = form_post(uri, body);
            r.headers_mut().insert("cookie", cookie.parse().expect("cookie"));
            r
        };
        let bad = send(
            &app,
            post(
                &org,
                "/campaigns/new?lang=fr",
                "title_fr=&starts_on=2025-04-27&ends_on=2025-04-19&target_children=beaucoup",
            ),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        for key in ["field_required", "field_ends_before_start", "field_number_invalid"] {
            assert!(bad.body.contains(&Tr::new(Lang::Fr).get(key)), "{key}");
        }
        assert!(t.db.list_campaigns().await.expect("list").is_empty(), "nothing stored");

        let ok = send(&app, post(&org, "/campaigns/new", "title_fr=Prot%C3%A9ger+les+enfants&title_ar=%D8%AD%D9%85%D8%A7%D9%8A%D8%A9&starts_on=2025-04-19&ends_on=2025-04-27&target_children=700&target_staff=100&partners=CMRPI%0D%0AConseil+de+l%27Europe")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let at = ok.header("location").to_owned();
        let show =
            send(&app, get(&format!("{at}?lang=ar")).header("cookie", &org).body(Body::empty()).expect("req")).await;
        assert_eq!(show.status, StatusCode::OK);
        assert!(
            show.body.contains("حماية")
                && show.body.contains(">700</td>")
                && show.body.contains("Conseil de l&#39;Europe"),
            "{}",
            show.body
        );
        assert!(show.body.contains("19 أبريل 2025"), "dates in the reader's language");

        let fac = login(&app, "fac%40example.ma").await;
        let denied =
            send(&app, post(&fac, "/campaigns/new", "title_fr=X&starts_on=2025-01-01&ends_on=2025-01-02")).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let list = send(&app, get("/campaigns").header("cookie", &fac).body(Body::empty()).expect("req")).await;
        assert!(list.body.contains("Protéger les enfants") && !list.body.contains("href=\"/campaigns/new\""));

        let orgu = staff(&t.db, "org@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let invalid = send(
            &app,
            api(
                "POST",
                "/api/v1/campaigns",
                &token,
                Some(r#"{"title_en":"Feb","starts_on":"2027-02-30","ends_on":"2027-02-28","targets":{"children":10}}"#),
            ),
        )
        .await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.json()["details"][0]["field"], "starts_on");
        let created = send(&app, api("POST", "/api/v1/campaigns", &token, Some(r#"{"title_en":"February","starts_on":"2027-02-01","ends_on":"2027-02-28","targets":{"establishments":300},"status":"open"}"#))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(created.json()["time_zone"], "Africa/Casablanca");
        let list = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
        assert_eq!(list.json()["items"].as_array().map(Vec::len), Some(2));
        let put = send(
            &app,
            api(
                "PUT",
                &format!("/api/v1/campaigns/{id}"),
                &token,
                Some(r#"{"title_en":"February","starts_on":"2027-02-01","ends_on":"2027-02-28","status":"closed"}"#),
            ),
        )
        .await;
        assert_eq!(put.json()["status"], "closed");
        assert_eq!(
            send(&app, api("DELETE", &format!("/api/v1/campaigns/{id}"), &token, None)).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            send(&app, api("GET", &format!("/api/v1/campaigns/{id}"), &token, None)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_demo_fills_the_registry_and_campaigns_once() {
    let t = testing::sqlite().await;
    let first = amane_app::demo::seed(&t.db, None, None).await.expect("seed");
    assert_eq!(first, (300, 2));
    assert_eq!(amane_app::demo::seed(&t.db, None, None).await.expect("again"), (0, 0));
    let campaigns = t.db.list_campaigns().await.expect("list");
    let ai = campaigns.iter().find(|c| c.targets.children == 700).expect("the AI campaign");
    assert_eq!((ai.targets.staff, ai.partners.len()), (100, 3));
    let p = t.db.campaign_progress(ai.id).await.expect("progress");
    assert_eq!((p.workshops_planned, p.workshops_held), (32, 32));
    assert!(p.children_present > 500 && p.children_present <= p.children_registered, "{p:?}");
    assert!(p.staff_present > 50, "{p:?}");
    let app = app_for(&t.db);
    user(&t.db, "obs@example.ma", "observer").await;
    let obs = login(&app, "obs%40example.ma").await;
    let page = send(
        &app,
        get(&format!("/campaigns/{}?lang=fr", ai.id)).header("cookie", &obs).body(Body::empty()).expect("req"),
    )
    .await;
    let text = strip_isolation(&page.body);
    let number = |n: i64| amane_i18n::Tr::new(amane_domain::Lang::Fr).number(n);
    let present = format!("</span></span> {} <span class=\"muted\">(", number(p.children_present));
    let registered = format!("</span></span> {} <span class=\"muted\">(", number(p.children_registered));
    assert!(text.contains(&present) && text.contains(&registered), "registered and present side by side: {text}");
    assert!(page.body.contains("class=\"meter-fill meter-w"), "with progress bars");
    assert!(text.contains("Conseil de l’Europe") && !text.contains("| Council of Europe"), "partners by language");
    let en = send(
        &app,
        get(&format!("/campaigns/{}?lang=en", ai.id)).header("cookie", &obs).body(Body::empty()).expect("req"),
    )
    .await;
    assert!(strip_isolation(&en.body).contains("<bdi>Council of Europe</bdi>"), "the partner's English name");
    let regions: std::collections::BTreeSet<String> =
        t.db.all_establishments().await.expect("all").into_iter().map(|e| e.region).collect();
    assert_eq!(regions.len(), 12);

    // The national campaign: reach by region, and an agenda filtered by region, school and day.
    let national = campaigns.iter().find(|c| c.targets.establishments == 300).expect("national");
    let by_region = t.db.campaign_progress_by_region(national.id).await.expect("regions");
    assert_eq!(by_region.len(), 12, "{by_region:?}");
    assert!(by_region.iter().all(|r| r.establishments == 25 && r.establishments_registered == 25 && r.workshops == 25));
    let agenda = |q: &str| {
        let app = app.clone();
        let obs = obs.clone();
        let id = national.id;
        let q = q.to_owned();
        async move {
            let r = send(
                &app,
                get(&format!("/campaigns/{id}?lang=fr{q}")).header("cookie", &obs).body(Body::empty()).expect("req"),
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{q}");
            strip_isolation(&r.body)
        }
    };
    let all = agenda("").await;
    assert!(
        all.contains("role=\"status\">300 ateliers") && all.contains("Fès-Meknès"),
        "the region table names regions"
    );
    let fes = agenda("&region=03").await;
    assert!(
        fes.contains("role=\"status\">25 ateliers") && fes.contains("value=\"03\" selected"),
        "the filter stays chosen"
    );
    let school = agenda("&q=DEMO-03-001").await;
    assert!(
        school.contains("role=\"status\">1 atelier"),
        "one school by code: {}",
        school.split("role=\"status\">").nth(1).unwrap_or("").chars().take(80).collect::<String>()
    );
    let day = agenda("&date=2027-02-15").await;
    assert!(day.contains("role=\"status\">15 ateliers"), "the workshops of one day");
    let wildcard = agenda("&q=%25").await;
    assert!(wildcard.contains("role=\"status\">0 atelier"), "a % in the search is a character, not a wildcard");
}
