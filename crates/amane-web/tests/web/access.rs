//! Ending access (issue 12, finding 6): tokens expire and are listed and revoked through the API and the account
//! page; an administrator turns an account off and its session and tokens stop at once, on both databases.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::Value;

/// A token made through the API shows its secret once, lists without it, opens the API until revoked, and
/// another staff member can neither list nor revoke it (404, so ids cannot be probed).
#[tokio::test]
async fn tokens_are_made_listed_and_revoked_through_the_api() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        let org = given_organizer(&t.db).await;
        let made =
            send(&app, api("POST", "/api/v1/me/tokens", &org, Some(r#"{"label":"nightly export","days":7}"#))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let secret = made.json()["token"].as_str().expect("secret").to_owned();
        let id = made.json()["id"].as_str().expect("id").to_owned();
        let week = made.json()["expires_at"].as_i64().expect("expiry") - made.json()["created_at"].as_i64().expect("c");
        assert_eq!(week, 7 * 86_400_000);
        assert_eq!(send(&app, api("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::OK);

        let list = send(&app, api("GET", "/api/v1/me/tokens", &org, None)).await;
        let items = list.json()["items"].as_array().expect("items").clone();
        assert_eq!(items.len(), 2, "{}", list.body);
        assert!(items.iter().all(|k| k.get("token").is_none()), "a listed token never shows its secret");
        assert!(!list.body.contains(&secret));

        user(&t.db, "fac@example.ma", "facilitator").await;
        let fac = amane_web::auth::issue_token(&t.db, &staff(&t.db, "fac@example.ma").await, "f").await.expect("t");
        let other = send(&app, api("DELETE", &format!("/api/v1/tokens/{id}"), &fac, None)).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
        let org_id = staff(&t.db, "org@example.ma").await.id;
        let peek = send(&app, api("GET", &format!("/api/v1/users/{org_id}/tokens"), &fac, None)).await;
        assert_eq!(peek.status, StatusCode::FORBIDDEN);
        assert_eq!(send(&app, api("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::OK);

        let gone = send(&app, api("DELETE", &format!("/api/v1/tokens/{id}"), &org, None)).await;
        assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
        assert_eq!(gone.json()["live"], Value::Bool(false));
        let refused = send(&app, api("GET", "/api/v1/me", &secret, None)).await;
        assert_eq!(
            (refused.status, refused.json()["error"].clone()),
            (StatusCode::UNAUTHORIZED, "invalid_token".into())
        );
        assert_eq!(send(&app, api("GET", "/api/v1/me", &org, None)).await.status, StatusCode::OK, "the other stays");

        for bad in [r#"{"days":0}"#, r#"{"days":366}"#] {
            let r = send(&app, api("POST", "/api/v1/me/tokens", &org, Some(bad))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", r.body);
            assert_eq!(r.json()["details"][0]["code"], "token_days_out_of_range", "{bad}");
        }
    }
}

/// An expired token answers 401 like a revoked one.
#[tokio::test]
async fn an_expired_token_no_longer_opens_the_api() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "org@example.ma", "organizer").await;
    let u = staff(&t.db, "org@example.ma").await;
    let now = amane_store::now_ms();
    let digest = amane_app::secrets::digest("amane_expired-token");
    t.db.create_api_token(u.id, &digest, "old", now - 10_000, now - 1).await.expect("token");
    let r = send(&app, api("GET", "/api/v1/me", "amane_expired-token", None)).await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::UNAUTHORIZED, "invalid_token".into()));
}

/// An administrator turns a facilitator off: the facilitator's open browser session and token stop on their
/// next request, and the login form refuses them; turned back on, they sign in again. The last administrator
/// cannot turn themself off, and only administrators may switch accounts.
#[tokio::test]
async fn turning_an_account_off_ends_its_session_and_tokens_at_once() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "root@example.ma", "admin").await;
        user(&t.db, "fac@example.ma", "facilitator").await;
        let admin = amane_web::auth::issue_token(&t.db, &staff(&t.db, "root@example.ma").await, "a").await.expect("t");
        let fac_user = staff(&t.db, "fac@example.ma").await;
        let fac_token = amane_web::auth::issue_token(&t.db, &fac_user, "f").await.expect("t");
        let fac_cookie = login(&app, "fac@example.ma").await;
        let dash =
            send(&app, get("/dashboard").header("cookie", &fac_cookie).body(Default::default()).expect("r")).await;
        assert_eq!(dash.status, StatusCode::OK);

        let by_fac = send(
            &app,
            api("PATCH", &format!("/api/v1/users/{}", fac_user.id), &fac_token, Some(r#"{"active":false}"#)),
        )
        .await;
        assert_eq!(by_fac.status, StatusCode::FORBIDDEN);

        let off =
            send(&app, api("PATCH", &format!("/api/v1/users/{}", fac_user.id), &admin, Some(r#"{"active":false}"#)))
                .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert_eq!(off.json()["active"], Value::Bool(false));
        let dash =
            send(&app, get("/dashboard").header("cookie", &fac_cookie).body(Default::default()).expect("r")).await;
        assert_eq!(dash.status, StatusCode::SEE_OTHER, "{:?}", t.db.backend());
        assert!(dash.header("location").starts_with("/login"));
        assert_eq!(send(&app, api("GET", "/api/v1/me", &fac_token, None)).await.status, StatusCode::UNAUTHORIZED);
        let again =
            send(&app, form_post("/login", "email=fac@example.ma&password=correct+horse+battery&next=%2Fdashboard"))
                .await;
        assert_ne!(again.status, StatusCode::SEE_OTHER, "a turned-off account cannot sign in");

        let root_id = staff(&t.db, "root@example.ma").await.id;
        let last =
            send(&app, api("PATCH", &format!("/api/v1/users/{root_id}"), &admin, Some(r#"{"active":false}"#))).await;
        assert_eq!((last.status, last.json()["error"].clone()), (StatusCode::CONFLICT, "last_admin".into()));

        let on =
            send(&app, api("PATCH", &format!("/api/v1/users/{}", fac_user.id), &admin, Some(r#"{"active":true}"#)))
                .await;
        assert_eq!(on.status, StatusCode::OK);
        login(&app, "fac@example.ma").await;
        assert_eq!(send(&app, api("GET", "/api/v1/me", &fac_token, None)).await.status, StatusCode::UNAUTHORIZED);
    }
}

/// The pages do the same without JavaScript: a staff member makes a token on `/account` and sees it once, revokes
/// it; an administrator turns an account off on `/admin/users`, which other roles cannot open.
#[tokio::test]
async fn the_account_pages_make_revoke_and_switch() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "root@example.ma", "admin").await;
    user(&t.db, "org@example.ma", "organizer").await;
    let org_cookie = login(&app, "org@example.ma").await;
    let made = send(&app, form_post_with("/account/tokens?lang=en", "label=sync&days=30", &org_cookie)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = made.body.split("amane_").nth(1).and_then(|s| s.split('<').next()).expect("the secret is shown");
    let secret = format!("amane_{secret}");
    assert_eq!(send(&app, api("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::OK);
    let page =
        send(&app, get("/account?lang=en").header("cookie", &org_cookie).body(Default::default()).expect("r")).await;
    assert!(page.body.contains("sync") && !page.body.contains(&secret), "listed, secret not shown again");
    let bad = send(&app, form_post_with("/account/tokens?lang=fr", "label=x&days=900", &org_cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("De 1 à 365 jours") || bad.body.contains("1 à 365"), "{}", bad.body);

    let id = t.db.list_api_tokens(staff(&t.db, "org@example.ma").await.id).await.expect("list")[0].id.clone();
    let revoked = send(&app, form_post_with(&format!("/tokens/{id}/revoke"), "back=users", &org_cookie)).await;
    assert_eq!((revoked.status, revoked.header("location")), (StatusCode::SEE_OTHER, "/account"));
    assert_eq!(send(&app, api("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::UNAUTHORIZED);

    let denied =
        send(&app, get("/admin/users").header("cookie", &org_cookie).body(Default::default()).expect("r")).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let root_cookie = login(&app, "root@example.ma").await;
    let list =
        send(&app, get("/admin/users?lang=en").header("cookie", &root_cookie).body(Default::default()).expect("r"))
            .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.replace(['\u{2068}', '\u{2069}'], "").contains("2 accounts, 2 active"), "{}", list.body);
    let org_id = staff(&t.db, "org@example.ma").await.id;
    let off = send(&app, form_post_with(&format!("/admin/users/{org_id}/active"), "active=off", &root_cookie)).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
    let gone = send(&app, get("/dashboard").header("cookie", &org_cookie).body(Default::default()).expect("r")).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "the organizer's session ended");
    let root_id = staff(&t.db, "root@example.ma").await.id;
    let last = send(&app, form_post_with(&format!("/admin/users/{root_id}/active"), "active=off", &root_cookie)).await;
    assert!(last.header("location").contains("error=last_admin"), "{}", last.header("location"));
    let shown = send(
        &app,
        get("/admin/users?lang=en&error=last_admin")
            .header("cookie", &root_cookie)
            .body(Default::default())
            .expect("r"),
    )
    .await;
    assert!(shown.body.contains("last active administrator"), "{}", shown.body);
}

/// The unlock path (issue 12, finding 2): an account slowed down by an attack from the owner's own address gets in
/// again at once once an administrator lifts its blocks, on the accounts page or from the terminal.
#[tokio::test]
async fn an_administrator_lifts_an_accounts_sign_in_blocks() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "root@example.ma", "admin").await;
        user(&t.db, "o@example.ma", "organizer").await;
        let root = login(&app, "root@example.ma").await;
        for _ in 0..10 {
            send(&app, form_post("/login?lang=en", "email=o%40example.ma&password=not+the+password")).await;
        }
        let right = "email=o%40example.ma&password=correct+horse+battery&next=%2Fdashboard";
        assert_eq!(send(&app, form_post("/login", right)).await.status, StatusCode::TOO_MANY_REQUESTS);
        let id = staff(&t.db, "o@example.ma").await.id;
        let r = send(&app, form_post_with(&format!("/admin/users/{id}/unlock"), "", &root)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(r.header("location").contains("unlocked=1"));
        assert_eq!(send(&app, form_post("/login", right)).await.status, StatusCode::SEE_OTHER, "{:?}", t.db.backend());
        let audit = t.db.audit_entries(100, 0).await.expect("audit");
        assert!(audit.iter().any(|e| e.action == "POST /admin/users/{id}/unlock" && e.actor == "root@example.ma"));
    }
}
