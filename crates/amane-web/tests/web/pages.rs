//! What every page and error carries: language and direction, security headers, localised errors, health.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::Tr;
use amane_store::testing;
use amane_web::error::{ErrorCode, FieldCode};
use amane_web::{AppState, WebConfig, router};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};

#[tokio::test]
async fn every_page_says_its_language_and_direction() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    for (query, lang, dir) in [("?lang=ar", "ar", "rtl"), ("?lang=fr", "fr", "ltr"), ("?lang=en", "en", "ltr")] {
        for path in ["/", "/login", "/no-such-page"] {
            let r = send(&app, get(&format!("{path}{query}")).body(Body::empty()).expect("req")).await;
            assert!(r.body.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")), "{path}{query}: {}", r.body);
        }
        let r = send(&app, get(&format!("/{query}")).body(Body::empty()).expect("req")).await;
        assert!(r.header("set-cookie").starts_with(&format!("amane_lang={lang}")), "the choice is remembered");
    }
    // Without ?lang=: cookie, then Accept-Language, then the default (fr).
    let by_cookie = send(
        &app,
        get("/").header("cookie", "amane_lang=en").header("accept-language", "ar").body(Body::empty()).expect("req"),
    )
    .await;
    assert!(by_cookie.body.contains("<html lang=\"en\""));
    let by_header =
        send(&app, get("/").header("accept-language", "de, ar;q=0.8").body(Body::empty()).expect("req")).await;
    assert!(by_header.body.contains("<html lang=\"ar\" dir=\"rtl\""));
    let default = send(&app, get("/").header("accept-language", "de").body(Body::empty()).expect("req")).await;
    assert!(default.body.contains("<html lang=\"fr\" dir=\"ltr\""));
}

#[tokio::test]
async fn responses_carry_security_headers_and_reference_no_other_host() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let home = send(&app, get("/").body(Body::empty()).expect("req")).await;
    let css = home.body.split("href=\"").nth(1).and_then(|s| s.split('"').next()).expect("stylesheet link").to_owned();
    assert!(css.starts_with("/static/app."), "{css}");
    for path in ["/", "/login", "/healthz", "/api/v1/me", "/no-such-page", css.as_str()] {
        let r = send(&app, get(path).body(Body::empty()).expect("req")).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(r.header("strict-transport-security"), "", "no HSTS over plain HTTP");
        for attr in ["src=\"", "href=\"", "action=\""] {
            for target in r.body.split(attr).skip(1).filter_map(|s| s.split('"').next()) {
                assert!(
                    target.starts_with('/') || target.starts_with('?') || target.starts_with('#'),
                    "{path} points outside the site: {target}"
                );
            }
        }
    }
    let css_res = send(&app, get(&css).body(Body::empty()).expect("req")).await;
    assert_eq!(css_res.status, StatusCode::OK);
    assert!(css_res.header("cache-control").contains("immutable"));
    assert!(css_res.header("content-type").starts_with("text/css"));

    let https = router(AppState::new(
        t.db.clone(),
        WebConfig { public_url: Some("https://amane.example.ma".parse().expect("url")), ..WebConfig::default() },
    ));
    let r = send(&https, get("/").body(Body::empty()).expect("req")).await;
    assert!(r.header("strict-transport-security").contains("max-age="));
}

#[tokio::test]
async fn errors_are_pages_or_json_in_the_readers_language() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let page = send(&app, get("/missing?lang=ar").body(Body::empty()).expect("req")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains(&Tr::new(Lang::Ar).get("not_found-title")));
    let api =
        send(&app, get("/api/v1/missing").header("accept-language", "en").body(Body::empty()).expect("req")).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let j = api.json();
    assert_eq!(j["error"], "not_found");
    assert_eq!(j["message"], Tr::new(Lang::En).get("not_found"));
    let wrong_method =
        send(&app, Request::builder().method("DELETE").uri("/healthz").body(Body::empty()).expect("req")).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.body.contains(&Tr::new(Lang::Fr).get("method_not_allowed-title")));
}

#[test]
fn every_error_code_is_translated() {
    for lang in Lang::ALL {
        let tr = Tr::new(lang);
        // Every variant, so that a code added to the enums without its messages fails here.
        for code in ErrorCode::ALL {
            assert!(tr.has(code.as_str()) && tr.has(&format!("{code}-title")), "{lang}: {code}");
        }
        for code in FieldCode::ALL {
            assert!(tr.has(&format!("field_{code}")), "{lang}: field_{code}");
        }
        for status in amane_store::live::LiveStatus::ALL {
            assert!(tr.has(&format!("live-status-{}", status.code())), "{lang}: live-status-{}", status.code());
        }
    }
}

#[tokio::test]
async fn health_follows_the_database() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let up = send(&app, get("/healthz").body(Body::empty()).expect("req")).await;
    assert_eq!((up.status, up.body.as_str()), (StatusCode::OK, "ok"));
    t.db.close().await;
    let down = send(&app, get("/healthz").body(Body::empty()).expect("req")).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_crashing_handler_gets_a_localised_500_and_the_server_lives_on() {
    async fn boom() -> &'static str {
        panic!("deliberate failure for the test")
    }
    let t = testing::sqlite().await;
    let routes = Router::new().route("/boom", axum::routing::get(boom)).route("/api/v1/boom", axum::routing::get(boom));
    let app = amane_web::with_middleware(routes, AppState::new(t.db.clone(), WebConfig::default()));
    let page = send(&app, get("/boom?lang=ar").body(Body::empty()).expect("req")).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains(&Tr::new(Lang::Ar).get("internal-title")), "{}", page.body);
    assert!(!page.body.contains("deliberate"), "the cause stays in the log");
    assert!(page.header("content-security-policy").contains("default-src"));
    let api = send(&app, get("/api/v1/boom").body(Body::empty()).expect("req")).await;
    assert_eq!(api.json()["error"], "internal");
    let still = send(&app, get("/boom?lang=en").body(Body::empty()).expect("req")).await;
    assert!(still.body.contains(&Tr::new(Lang::En).get("internal-title")), "a second request is served as well");
}

#[tokio::test]
async fn malformed_forms_get_a_localised_error_not_plain_text() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let now = amane_store::now_ms();
    t.db.create_setup_token(&amane_web::auth::digest("tok"), now, now + 3_600_000).await.expect("token");
    for uri in ["/login?lang=en", "/setup/tok?lang=en"] {
        let req = Request::builder()
            .method("POST")
            .uri(uri)
            .header("host", "amane.test")
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .expect("req");
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{uri}");
        assert!(r.header("content-type").starts_with("text/html"), "{uri}");
        assert!(r.body.contains(&Tr::new(Lang::En).get("unsupported_media_type-title")), "{uri}: {}", r.body);
    }
}
