//! The web layer in-process (tower `oneshot`), on SQLite and, when configured, PostgreSQL.

use amane_app::accounts::{AccountInput, create_account};
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::{Db, q, testing};
use amane_web::error::{ErrorCode, FieldCode};
use amane_web::{AppState, WebConfig, router};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

struct Res {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Res {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    /// The `amane_session=…` pair from Set-Cookie, if any.
    fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("amane_session=") && !v.starts_with("amane_session=;"))
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
    }
}

async fn send(app: &Router, req: Request<Body>) -> Res {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

fn get(uri: &str) -> axum::http::request::Builder {
    Request::builder().method("GET").uri(uri).header("host", "amane.test")
}

fn form_post(uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", "amane.test")
        .header("origin", "http://amane.test")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .expect("request")
}

fn app_for(db: &Db) -> Router {
    router(AppState::new(db.clone(), WebConfig::default()))
}

async fn user(db: &Db, email: &str, role: &str) {
    let input = AccountInput {
        email: email.into(),
        display_name: "Samira Test".into(),
        role: role.into(),
        password: "correct horse battery".into(),
        locale: None,
    };
    create_account(db, &input).await.expect("account");
}

/// A staff account created earlier in the test, by e-mail.
async fn staff(db: &Db, email: &str) -> amane_domain::User {
    db.find_user_by_email(&amane_domain::Email::parse(email).expect("e")).await.expect("q").expect("u")
}

async fn login(app: &Router, email: &str) -> String {
    let r = send(app, form_post("/login", &format!("email={email}&password=correct+horse+battery&next=%2Fdashboard")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.session_cookie().expect("session cookie")
}

#[tokio::test]
async fn an_accounts_language_wins_over_the_browsers_once_signed_in() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let input = AccountInput {
        email: "salma@example.ma".into(),
        display_name: "Salma".into(),
        role: "facilitator".into(),
        password: "correct horse battery".into(),
        locale: Some("ar".into()),
    };
    create_account(&t.db, &input).await.expect("account");
    let cookie = login(&app, "salma%40example.ma").await;
    let page = |uri: &str| {
        get(uri).header("cookie", &cookie).header("accept-language", "fr-FR,fr;q=0.9").body(Body::empty()).expect("req")
    };
    let dash = send(&app, page("/dashboard")).await;
    assert!(dash.body.contains("<html lang=\"ar\" dir=\"rtl\">"), "the account's Arabic, not the browser's French");
    // Choosing English makes it the account's language, on this browser and any other.
    let en = send(&app, page("/dashboard?lang=en")).await;
    assert!(en.body.contains("<html lang=\"en\""));
    let later = send(&app, page("/campaigns")).await;
    assert!(later.body.contains("<html lang=\"en\""), "English stays without ?lang=");
    let stored = t.db.find_user_by_email(&amane_domain::Email::parse("salma@example.ma").expect("e")).await;
    assert_eq!(stored.expect("db").expect("user").locale, Some(Lang::En));
    // Signed out, the browser decides again.
    let anonymous = send(&app, get("/login").header("accept-language", "fr").body(Body::empty()).expect("req")).await;
    assert!(anonymous.body.contains("<html lang=\"fr\""));
}

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
    }
}

#[tokio::test]
async fn login_session_and_logout() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "coord@example.ma", "coordinator").await;
        let bad = send(&app, form_post("/login?lang=ar", "email=coord%40example.ma&password=wrong+password")).await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert!(bad.body.contains(&Tr::new(Lang::Ar).get("login-invalid")));
        assert!(bad.body.contains("value=\"coord@example.ma\""), "the e-mail is kept");

        let r = send(
            &app,
            form_post("/login", "email=Coord%40Example.ma&password=correct+horse+battery&next=%2Fdashboard"),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location"), "/dashboard");
        let set = r.header("set-cookie");
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"), "{set}");
        let cookie = r.session_cookie().expect("cookie");
        assert!(cookie.len() > "amane_session=".len() + 40, "a long random id: {cookie}");

        let dash = send(&app, get("/dashboard").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert_eq!(dash.status, StatusCode::OK);
        assert!(dash.body.contains("Samira Test"));
        assert!(dash.body.contains(&Tr::new(Lang::Fr).get("role-coordinator")));

        // Logging in again from the same browser replaces the session: the old id stops working.
        let again = send(&app, {
            let mut req = form_post("/login", "email=coord%40example.ma&password=correct+horse+battery");
            req.headers_mut().insert("cookie", cookie.parse().expect("header"));
            req
        })
        .await;
        let second = again.session_cookie().expect("new cookie");
        assert_ne!(second, cookie);
        let old = send(&app, get("/dashboard").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert_eq!(old.status, StatusCode::SEE_OTHER, "the pre-login session id is dead");

        let out = send(&app, {
            let mut req = form_post("/logout", "");
            req.headers_mut().insert("cookie", second.parse().expect("header"));
            req
        })
        .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(out.header("set-cookie").contains("Max-Age=0"));
        let after = send(&app, get("/dashboard").header("cookie", &second).body(Body::empty()).expect("req")).await;
        assert_eq!(after.status, StatusCode::SEE_OTHER);
        assert!(after.header("location").starts_with("/login?next="));
    }
}

#[tokio::test]
async fn sessions_end_after_idle_and_absolute_limits() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "f@example.ma", "facilitator").await;
        let cookie = login(&app, "f%40example.ma").await;
        let now = amane_store::now_ms();
        t.db.execute(q("UPDATE sessions SET last_seen_at = $1").bind(now - 31 * 60 * 1000)).await.expect("age");
        let r = send(&app, get("/dashboard").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "idle 31 minutes");

        let cookie = login(&app, "f%40example.ma").await;
        t.db.execute(q("UPDATE sessions SET created_at = $1").bind(now - 8 * 60 * 60 * 1000 - 1000))
            .await
            .expect("age");
        let r = send(&app, get("/dashboard").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "older than 8 hours although active");
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused_even_with_a_session() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "admin@example.ma", "admin").await;
        let cookie = login(&app, "admin%40example.ma").await;
        let hostile = |method: &str, uri: &str, ctype: &str, body: &str| {
            Request::builder()
                .method(method)
                .uri(uri)
                .header("host", "amane.test")
                .header("origin", "https://evil.example")
                .header("sec-fetch-site", "cross-site")
                .header("cookie", &cookie)
                .header("content-type", ctype)
                .body(Body::from(body.to_owned()))
                .expect("req")
        };
        let r = send(
            &app,
            hostile(
                "POST",
                "/login",
                "application/x-www-form-urlencoded",
                "email=admin%40example.ma&password=correct+horse+battery",
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.session_cookie().is_none());
        let body = r#"{"email":"new@example.ma","role":"organizer","password":"long enough password"}"#;
        let r = send(&app, hostile("POST", "/api/v1/users", "application/json", body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json()["error"], "cross_site_request");
        let r = send(&app, hostile("POST", "/logout", "application/x-www-form-urlencoded", "")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(t.db.count_users().await.expect("count"), 1, "nothing was created");
        // An Origin from another site without Sec-Fetch-Site (older browsers) is refused too.
        let r = send(
            &app,
            Request::builder()
                .method("PATCH")
                .uri("/api/v1/me")
                .header("host", "amane.test")
                .header("origin", "http://evil.example")
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .body(Body::from(r#"{"display_name":"Hacked"}"#))
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // The same request from our own page goes through.
        let r = send(
            &app,
            Request::builder()
                .method("PATCH")
                .uri("/api/v1/me")
                .header("host", "amane.test")
                .header("origin", "http://amane.test")
                .header("sec-fetch-site", "same-origin")
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .body(Body::from(r#"{"display_name":"Samira B."}"#))
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["display_name"], "Samira B.");
    }
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_account_for_a_while() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "o@example.ma", "organizer").await;
        for i in 0..10 {
            let r = send(&app, form_post("/login?lang=en", "email=o%40example.ma&password=not+the+password")).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
            // The last few failures say that signing in is about to pause, and when it does.
            let text = strip_isolation(&r.body);
            match i {
                0..=5 => assert!(!text.contains("signing in pauses"), "attempt {i}"),
                8 => assert!(text.contains("One more failed attempt and signing in pauses"), "{text}"),
                9 => assert!(text.contains("Signing in now pauses for a few minutes."), "{text}"),
                _ => assert!(text.contains("more failed attempts and signing in pauses"), "attempt {i}: {text}"),
            }
        }
        let r = send(&app, form_post("/login?lang=en", "email=o%40example.ma&password=correct+horse+battery")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
        let retry: i64 = r.header("retry-after").parse().expect("Retry-After in seconds");
        assert!((1..=15 * 60).contains(&retry), "{retry}");
        assert!(r.body.contains("Too many attempts"), "{}", r.body);
        assert!(r.session_cookie().is_none());
        // Another account is not affected.
        user(&t.db, "p@example.ma", "organizer").await;
        login(&app, "p%40example.ma").await;
    }
}

fn api(method: &str, uri: &str, token: &str, body: Option<&str>) -> Request<Body> {
    let b = Request::builder().method(method).uri(uri).header("authorization", format!("Bearer {token}"));
    match body {
        Some(json) => b.header("content-type", "application/json").body(Body::from(json.to_owned())),
        None => b.body(Body::empty()),
    }
    .expect("req")
}

#[tokio::test]
async fn api_tokens_and_json_errors() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "admin@example.ma", "admin").await;
        let admin = staff(&t.db, "admin@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &admin, "test").await.expect("token");

        let me = send(&app, api("GET", "/api/v1/me", &token, None)).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["email"], "admin@example.ma");
        assert_eq!(me.json()["role"], "admin");

        let wrong = send(&app, api("GET", "/api/v1/me?lang=ar", "amane_not-a-real-token", None)).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let j = wrong.json();
        assert_eq!(j["error"], "invalid_token");
        assert_eq!(j["message"], strip_isolation(&Tr::new(Lang::Ar).get("invalid_token")));
        assert!(j.get("details").is_some());
        let none = send(&app, get("/api/v1/me").body(Body::empty()).expect("req")).await;
        assert_eq!(
            (none.status, none.json()["error"].clone()),
            (StatusCode::UNAUTHORIZED, Value::from("unauthorized"))
        );

        // Validation: every bad field named, messages in the caller's language.
        let bad = send(
            &app,
            api("POST", "/api/v1/users", &token, Some(r#"{"email":"not-an-email","role":"pupil","password":"short"}"#)),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let j = bad.json();
        assert_eq!(j["error"], "validation_failed");
        let fields: Vec<&str> =
            j["details"].as_array().expect("list").iter().filter_map(|d| d["field"].as_str()).collect();
        assert_eq!(fields, ["email", "role", "password"]);
        assert_eq!(j["details"][0]["message"], Tr::new(Lang::Fr).get("field_email_invalid"));

        let broken = send(&app, api("POST", "/api/v1/users", &token, Some("{\"email\": "))).await;
        assert_eq!(broken.status, StatusCode::BAD_REQUEST);
        assert_eq!(broken.json()["error"], "invalid_json");
        assert_eq!(broken.json()["details"]["line"], 1);

        let missing =
            send(&app, api("POST", "/api/v1/users", &token, Some(r#"{"email":"x@example.ma","role":"observer"}"#)))
                .await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(missing.json()["details"][0]["field"], "password");
        assert_eq!(missing.json()["details"][0]["code"], "required");

        let wrong_type =
            send(&app, api("POST", "/api/v1/users", &token, Some(r#"{"email":5,"role":"observer","password":"x"}"#)))
                .await;
        assert_eq!(wrong_type.json()["details"][0]["field"], "email");
        assert_eq!(wrong_type.json()["details"][0]["code"], "invalid_type");

        let not_json = Request::builder()
            .method("POST")
            .uri("/api/v1/users")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/plain")
            .body(Body::from("hello"))
            .expect("req");
        assert_eq!(send(&app, not_json).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

        let ok_body = r#"{"email":"Org@Example.ma","display_name":"Youssef","role":"organizer","password":"a long enough password","locale":"ar"}"#;
        let created = send(&app, api("POST", "/api/v1/users", &token, Some(ok_body))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.json()["email"], "org@example.ma");
        assert_eq!(created.json()["locale"], "ar");
        let dup = send(&app, api("POST", "/api/v1/users", &token, Some(ok_body))).await;
        assert_eq!((dup.status, dup.json()["error"].clone()), (StatusCode::CONFLICT, Value::from("email_taken")));

        let list = send(&app, api("GET", "/api/v1/users", &token, None)).await;
        assert_eq!(list.json()["items"].as_array().map(Vec::len), Some(2));

        // An organizer may not manage accounts.
        let org = staff(&t.db, "org@example.ma").await;
        let org_token = amane_web::auth::issue_token(&t.db, &org, "test").await.expect("token");
        let denied = send(&app, api("GET", "/api/v1/users", &org_token, None)).await;
        assert_eq!((denied.status, denied.json()["error"].clone()), (StatusCode::FORBIDDEN, Value::from("forbidden")));
        t.db.revoke_api_tokens(org.id, amane_store::now_ms()).await.expect("revoke");
        assert_eq!(send(&app, api("GET", "/api/v1/me", &org_token, None)).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn openapi_document_describes_the_routes() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    let r = send(&app, get("/api/v1/openapi.json").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    for (path, method) in
        [("/api/v1/me", "get"), ("/api/v1/me", "patch"), ("/api/v1/users", "get"), ("/api/v1/users", "post")]
    {
        let op = &doc["paths"][path][method];
        assert!(op["responses"].is_object(), "{method} {path} missing");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn setup_link_creates_the_first_admin_once() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        let token = "setup-token-for-test";
        let now = amane_store::now_ms();
        t.db.create_setup_token(&amane_web::auth::digest(token), now, now + 3_600_000).await.expect("token");
        let form = send(&app, get(&format!("/setup/{token}?lang=ar")).body(Body::empty()).expect("req")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("dir=\"rtl\"") && form.body.contains("name=\"password_confirm\""));

        let mismatch = send(&app, form_post(&format!("/setup/{token}"), "display_name=Amina&email=amina%40example.ma&password=a+long+passphrase&password_confirm=another+passphrase")).await;
        assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(mismatch.body.contains(&Tr::new(Lang::Fr).get("field_passwords_differ")));
        assert!(mismatch.body.contains("value=\"amina@example.ma\""));
        assert_eq!(t.db.count_users().await.expect("count"), 0);

        let ok = send(&app, form_post(&format!("/setup/{token}"), "display_name=Amina&email=amina%40example.ma&password=a+long+passphrase&password_confirm=a+long+passphrase")).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let cookie = ok.session_cookie().expect("signed in");
        let dash = send(&app, get("/dashboard").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert!(dash.body.contains("Amina"));
        assert_eq!(t.db.count_active_admins().await.expect("count"), 1);

        let reused = send(&app, get(&format!("/setup/{token}")).body(Body::empty()).expect("req")).await;
        assert_eq!(reused.status, StatusCode::GONE);
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
        "/curriculum/grooming/questions?audience=12-14&lang=fr",
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

fn multipart(cookie: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Request<Body> {
    multipart_to("/curriculum/import?lang=en", cookie, fields, file)
}

fn multipart_to(uri: &str, cookie: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Request<Body> {
    let boundary = "amane-test-boundary";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", "amane.test")
        .header("origin", "http://amane.test")
        .header("cookie", cookie)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("req")
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

        let gift = include_bytes!("../../amane/tests/fixtures/securite.gift");
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
        assert!(text.contains("Line 32: essay questions are not supported"), "{text}");

        let list =
            send(&app, get("/curriculum?lang=en").header("cookie", &cookie).body(Body::empty()).expect("req")).await;
        assert!(list.body.contains("href=\"/curriculum/banks/securite-5e\""));
        let bank = send(&app, get("/curriculum/banks/securite-5e").body(Body::empty()).expect("req")).await;
        assert_eq!(bank.status, StatusCode::OK);
        assert!(bank.body.contains("quatre-olives-dansent-sous-la-pluie"));

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

#[tokio::test]
async fn establishments_upload_list_and_api() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let org = login(&app, "org%40example.ma").await;
        let bad = include_bytes!("../../amane/tests/fixtures/etablissements-errones.csv");
        let refused = send(&app, multipart_to("/establishments/import?lang=fr", &org, &[], Some(("e.csv", bad)))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(strip_isolation(&refused.body).contains("4 lignes sont invalides"), "{}", refused.body);
        assert!(refused.body.contains("<td>6</td><td dir=\"ltr\">setting</td><td>Banlieue</td>"), "{}", refused.body);
        assert_eq!(t.db.count_establishments().await.expect("count"), 0);

        let skipped = send(
            &app,
            multipart_to("/establishments/import?lang=en", &org, &[("skip_invalid", "1")], Some(("e.csv", bad))),
        )
        .await;
        assert_eq!(skipped.status, StatusCode::OK);
        assert!(
            strip_isolation(&skipped.body).contains("3 establishments added, 0 updated, 4 rows refused."),
            "{}",
            skipped.body
        );

        let good = include_bytes!("../../amane/tests/fixtures/etablissements.csv");
        let ok = send(&app, multipart_to("/establishments/import?lang=en", &org, &[], Some(("e.csv", good)))).await;
        assert!(
            strip_isolation(&ok.body).contains("4 establishments added, 3 updated, 0 rows refused."),
            "{}",
            ok.body
        );

        let coord = login(&app, "coord%40example.ma").await;
        let list = send(
            &app,
            get("/establishments?region=03&lang=ar").header("cookie", &coord).body(Body::empty()).expect("req"),
        )
        .await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(
            list.body.contains("مدرسة ابن خلدون الابتدائية") && !list.body.contains("ثانوية أنفا"),
            "filtered by region, names in Arabic"
        );
        let denied = send(&app, multipart_to("/establishments/import", &coord, &[], Some(("e.csv", good)))).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        let admin = staff(&t.db, "org@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &admin, "t").await.expect("token");
        let page = send(&app, api("GET", "/api/v1/establishments?per_page=2&page=2", &token, None)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let j = page.json();
        assert_eq!((j["total"].as_i64(), j["items"].as_array().map(Vec::len)), (Some(7), Some(2)));
        let one = send(&app, api("GET", "/api/v1/establishments/fes-0002", &token, None)).await;
        assert_eq!(one.json()["name_ar"], "إعدادية القدس");
        assert_eq!(
            send(&app, api("GET", "/api/v1/establishments/NOPE", &token, None)).await.status,
            StatusCode::NOT_FOUND
        );
        let bad_level = send(&app, api("GET", "/api/v1/establishments?level=nursery", &token, None)).await;
        assert_eq!(
            (bad_level.status, bad_level.json()["details"][0]["field"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, Value::from("level"))
        );
        let regions = send(&app, api("GET", "/api/v1/regions", &token, None)).await;
        assert_eq!(regions.json()["items"].as_array().map(Vec::len), Some(12));
    }
}

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
        let c = send(
            &app,
            api(
                "POST",
                "/api/v1/campaigns",
                &token,
                Some(r#"{"title_fr":"IA","starts_on":"2025-04-19","ends_on":"2025-04-27"}"#),
            ),
        )
        .await;
        let cid = c.json()["id"].as_str().expect("id").to_owned();

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
    let c = send(
        &app,
        api(
            "POST",
            "/api/v1/campaigns",
            &token,
            Some(r#"{"title_fr":"IA","starts_on":"2025-04-19","ends_on":"2025-04-27"}"#),
        ),
    )
    .await;
    let cid = c.json()["id"].as_str().expect("id").to_owned();
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
async fn workshops_and_establishments_are_managed_through_the_api() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        amane_app::demo::seed(&t.db, None, None).await.expect("demo");
        user(&t.db, "org@example.ma", "organizer").await;
        let orgu = staff(&t.db, "org@example.ma").await;
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let camps = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
        let ai = camps.json()["items"].as_array().expect("items").iter().find(|c| c["status"] == "closed").expect("ai")
            ["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let page =
            send(&app, api("GET", &format!("/api/v1/campaigns/{ai}/workshops?per_page=10&page=4"), &token, None)).await;
        assert_eq!((page.json()["total"].as_i64(), page.json()["items"].as_array().map(Vec::len)), (Some(32), Some(2)));
        let bad = send(&app, api("GET", &format!("/api/v1/campaigns/{ai}/workshops?per_page=0"), &token, None)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let first = page.json()["items"][0].clone();
        let wid = first["id"].as_str().expect("id").to_owned();
        let shrink = format!(
            r#"{{"title":"Renamed","venue_name":"{}","room":"{}","date":"{}","start":"{}","end":"{}","capacity":5,"audience":"{}","lang":"fr"}}"#,
            first["venue_name"].as_str().expect("v"),
            first["room"].as_str().expect("r"),
            first["date"].as_str().expect("d"),
            first["start"].as_str().expect("s"),
            first["end"].as_str().expect("e"),
            first["audience"].as_str().expect("a")
        );
        let refused = send(&app, api("PUT", &format!("/api/v1/workshops/{wid}"), &token, Some(&shrink))).await;
        assert_eq!(
            (refused.status, refused.json()["error"].clone()),
            (StatusCode::CONFLICT, Value::from("capacity_below_registrations"))
        );
        let renamed = send(
            &app,
            api(
                "PUT",
                &format!("/api/v1/workshops/{wid}"),
                &token,
                Some(&shrink.replace("\"capacity\":5", "\"capacity\":30")),
            ),
        )
        .await;
        assert_eq!(
            (renamed.status, renamed.json()["title"].clone()),
            (StatusCode::OK, Value::from("Renamed")),
            "{}",
            renamed.body
        );
        assert_eq!(
            send(&app, api("DELETE", &format!("/api/v1/workshops/{wid}"), &token, None)).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            send(&app, api("GET", &format!("/api/v1/campaigns/{ai}/workshops"), &token, None)).await.json()["total"]
                .as_i64(),
            Some(31)
        );

        let est = r#"{"code":"new-1","name_fr":"École Nouvelle","name_ar":"مدرسة جديدة","region":"Souss-Massa","province":"Agadir","commune":"Agadir","level":"primaire","sector":"public","setting":"urbain"}"#;
        let put = send(&app, api("PUT", "/api/v1/establishments", &token, Some(est))).await;
        assert_eq!((put.status, put.json()["region"].clone()), (StatusCode::OK, Value::from("09")), "{}", put.body);
        let wrong =
            send(&app, api("PUT", "/api/v1/establishments", &token, Some(&est.replace("Souss-Massa", "Atlantis"))))
                .await;
        assert_eq!(wrong.json()["details"][0]["code"], "region_unknown");
        assert_eq!(
            send(&app, api("DELETE", "/api/v1/establishments/NEW-1", &token, None)).await.status,
            StatusCode::NO_CONTENT
        );
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
        let gift = include_bytes!("../../amane/tests/fixtures/securite.gift");
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

fn form_post_with(uri: &str, body: &str, cookie: &str) -> Request<Body> {
    let mut req = form_post(uri, body);
    req.headers_mut().insert("cookie", cookie.parse().expect("cookie"));
    req
}
