//! Accounts, sessions, sign-in throttling, the setup link, cross-site refusals and the account's language.

use crate::common::*;
use amane_app::accounts::{AccountInput, create_account};
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::{q, testing};
use axum::body::Body;
use axum::http::{Request, StatusCode};

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

/// After signing in, `next` leads only to a path of this site: a tab or a line break after the first slash (which a
/// browser drops, making `//evil.example`) leads to the dashboard, and a line break is not a 500.
#[tokio::test]
async fn signing_in_never_leads_off_site_whatever_next_hides() {
    let t = testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "salim@example.ma", "facilitator").await;
    for next in
        ["%2F%09%2Fevil.example", "%2F%0a", "%2F%0d%0aLocation%3A%20https%3A%2F%2Fevil.example", "%2F%5Cevil.example"]
    {
        let body = format!("email=salim@example.ma&password=correct+horse+battery&next={next}");
        let r = send(&app, form_post("/login", &body)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}: {}", r.body);
        assert_eq!(r.header("location"), "/dashboard", "{next}");
    }
    let r = send(
        &app,
        form_post("/login", "email=salim@example.ma&password=correct+horse+battery&next=%2Fcampaigns%3Fq%3D1"),
    )
    .await;
    assert_eq!(r.header("location"), "/campaigns?q=1", "a real path of the site is kept");
}

/// The victim's side of the sign-in throttle (issue 12): ten wrong passwords from one address slow that address
/// only, the administrator signs in from another; a hundred made-up e-mails from a school's address do not keep out
/// a coordinator who signs in from there; parallel guesses reach at most ten password checks.
#[tokio::test]
async fn guessing_slows_the_guesser_and_never_locks_the_owner_out() {
    use amane_web::auth::{LoginError, PAIR_FAILURE_LIMIT, login as sign_in};
    for t in testing::all().await {
        let state = amane_web::AppState::new(t.db.clone(), amane_web::WebConfig::default());
        user(&t.db, "admin@example.ma", "admin").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        let attacker: std::net::IpAddr = "198.51.100.9".parse().expect("ip");
        let office: std::net::IpAddr = "203.0.113.20".parse().expect("ip");
        let school: std::net::IpAddr = "192.0.2.44".parse().expect("ip");
        // The coordinator has signed in from the school before.
        sign_in(&state, "coord@example.ma", "correct horse battery", Some(school)).await.expect("first sign-in");
        for _ in 0..20 {
            let _ = sign_in(&state, "admin@example.ma", "guess", Some(attacker)).await;
        }
        let r = sign_in(&state, "admin@example.ma", "correct horse battery", Some(attacker)).await;
        assert!(matches!(r, Err(LoginError::Throttled(_))), "the guesser's address waits, even with the password");
        sign_in(&state, "admin@example.ma", "correct horse battery", Some(office)).await.expect("the admin elsewhere");
        // A hundred made-up accounts tried from the school's address.
        for i in 0..110 {
            let _ = sign_in(&state, &format!("nobody{i}@example.ma"), "guess", Some(school)).await;
        }
        let r = sign_in(&state, "someone@example.ma", "guess", Some(school)).await;
        assert!(matches!(r, Err(LoginError::Throttled(_))), "the address is slowed down for new accounts");
        sign_in(&state, "coord@example.ma", "correct horse battery", Some(school))
            .await
            .expect("the coordinator, known at that address, still signs in");
        // 40 guesses at once from one address: at most ten are checked against the password.
        let other: std::net::IpAddr = "198.51.100.77".parse().expect("ip");
        let guesses = (0..40).map(|_| sign_in(&state, "coord@example.ma", "guess", Some(other)));
        let results = futures::future::join_all(guesses).await;
        let checked = results.iter().filter(|r| matches!(r, Err(LoginError::Invalid { .. }))).count();
        assert!(checked <= PAIR_FAILURE_LIMIT as usize, "{checked} password checks");
        assert!(results.iter().all(|r| r.is_err()));
    }
}
