//! The JSON API: bearer tokens, JSON errors, the OpenAPI document.

use crate::common::*;
use amane_domain::Lang;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

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
    // Every reference resolves: a generated client fails on a dangling one (`Op` of the live controls was).
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r);
                }
                m.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 20, "the document refers to its schemas");
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("an outside reference: {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{r} is not defined");
    }
    let op = &doc["paths"]["/api/v1/live/{id}/{op}"]["post"]["parameters"][1]["schema"];
    assert_eq!(op["enum"], serde_json::json!(["start", "next", "close", "skip", "pause", "resume", "end"]));
    // The domain's own types are described, so a script sees the values a field may take.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["EstablishmentOut"]["properties"]["level"]["$ref"], "#/components/schemas/Level");
    assert_eq!(schemas["Level"]["enum"], serde_json::json!(["primary", "middle", "secondary", "higher", "other"]));
    assert_eq!(schemas["CampaignIn"]["properties"]["targets"]["$ref"], "#/components/schemas/Targets");
    assert_eq!(schemas["CampaignOut"]["properties"]["targets"]["$ref"], "#/components/schemas/Targets");
    // The store's own `Progress` is the answer of the progress route, described under the name it always had.
    let progress = &doc["paths"]["/api/v1/campaigns/{id}/progress"]["get"]["responses"]["200"];
    assert_eq!(progress["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ProgressOut");
    assert_eq!(schemas["ProgressOut"]["properties"]["establishments_registered"]["type"], "integer");
    assert_eq!(schemas["ProgressOut"]["required"].as_array().map(Vec::len), Some(10));
}
