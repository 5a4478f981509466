//! Shared helpers: a request to the router in process, a signed-in staff member, the usual test accounts and data.

use amane_app::accounts::{AccountInput, create_account};
use amane_store::Db;
use amane_web::{AppState, WebConfig, router};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    /// The `amane_session=…` pair from Set-Cookie, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("amane_session=") && !v.starts_with("amane_session=;"))
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Res {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub fn get(uri: &str) -> axum::http::request::Builder {
    Request::builder().method("GET").uri(uri).header("host", "amane.test")
}

pub fn form_post(uri: &str, body: &str) -> Request<Body> {
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

pub fn app_for(db: &Db) -> Router {
    router(AppState::new(db.clone(), WebConfig::default()))
}

pub async fn user(db: &Db, email: &str, role: &str) {
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
pub async fn staff(db: &Db, email: &str) -> amane_domain::User {
    db.find_user_by_email(&amane_domain::Email::parse(email).expect("e")).await.expect("q").expect("u")
}

pub async fn login(app: &Router, email: &str) -> String {
    let r = send(app, form_post("/login", &format!("email={email}&password=correct+horse+battery&next=%2Fdashboard")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.session_cookie().expect("session cookie")
}

pub fn api(method: &str, uri: &str, token: &str, body: Option<&str>) -> Request<Body> {
    let b = Request::builder().method(method).uri(uri).header("authorization", format!("Bearer {token}"));
    match body {
        Some(json) => b.header("content-type", "application/json").body(Body::from(json.to_owned())),
        None => b.body(Body::empty()),
    }
    .expect("req")
}

pub fn multipart(cookie: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Request<Body> {
    multipart_to("/curriculum/import?lang=en", cookie, fields, file)
}

pub fn multipart_to(uri: &str, cookie: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Request<Body> {
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

pub fn form_post_with(uri: &str, body: &str, cookie: &str) -> Request<Body> {
    let mut req = form_post(uri, body);
    req.headers_mut().insert("cookie", cookie.parse().expect("cookie"));
    req
}

/// An organizer (`org@example.ma`) and an API token of theirs.
pub async fn given_organizer(db: &Db) -> String {
    user(db, "org@example.ma", "organizer").await;
    let orgu = staff(db, "org@example.ma").await;
    amane_web::auth::issue_token(db, &orgu, "t").await.expect("token")
}

/// The usual test campaign (19 to 27 April 2025), created through the API; its id.
pub async fn given_campaign(app: &Router, token: &str) -> String {
    let body = r#"{"title_fr":"IA","starts_on":"2025-04-19","ends_on":"2025-04-27"}"#;
    let c = send(app, api("POST", "/api/v1/campaigns", token, Some(body))).await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    c.json()["id"].as_str().expect("id").to_owned()
}
