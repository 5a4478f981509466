//! The audit log (issue 12, finding 17): sign-ins, failed sign-ins, changes and exports by staff, with who, when
//! and from where, on both databases; reads, children and request bodies are not in it; administrators read it on a
//! page and as CSV, nobody else.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn staff_actions_are_logged_without_what_children_typed() {
    for t in amane_store::testing::all().await {
        let app = app_for(&t.db);
        user(&t.db, "root@example.ma", "admin").await;
        let org = given_organizer(&t.db).await;
        let org_id = staff(&t.db, "org@example.ma").await.id.to_string();
        login(&app, "org@example.ma").await;
        let typed = "Motdepasse-Dans-Le-Champ";
        send(&app, form_post("/login", &format!("email={typed}&password=x&next=%2F"))).await;
        send(&app, form_post("/login", "email=org%40example.ma&password=wrong+one&next=%2F")).await;
        let cid = given_campaign(&app, &org).await;
        assert_eq!(
            send(&app, api("GET", &format!("/api/v1/campaigns/{cid}"), &org, None)).await.status,
            StatusCode::OK
        );
        let csv = send(
            &app,
            get(&format!("/campaigns/{cid}/report.csv?table=coverage"))
                .header("authorization", format!("Bearer {org}"))
                .body(Default::default())
                .expect("r"),
        )
        .await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);

        let rows = t.db.audit_entries(100, 0).await.expect("entries");
        let lines: Vec<String> =
            rows.iter().rev().map(|e| format!("{}|{}|{}|{}", e.actor, e.action, e.target, e.status)).collect();
        let has = |want: &str| lines.iter().any(|l| l.starts_with(want));
        assert!(has("org@example.ma|sign-in|/login|303"), "{:?}: {lines:#?}", t.db.backend());
        assert!(has("|sign-in-failed|/login|401"), "an attempt on no account: {lines:#?}");
        assert!(has("org@example.ma|sign-in-failed|/login|401"), "{lines:#?}");
        assert!(has("org@example.ma|POST /api/v1/campaigns|/api/v1/campaigns|201"), "{lines:#?}");
        assert!(
            has(&format!("org@example.ma|GET /campaigns/{{id}}/report.csv|/campaigns/{cid}/report.csv|200")),
            "{lines:#?}"
        );
        assert!(!lines.iter().any(|l| l.contains("GET /api/v1/campaigns/{id}")), "reads are not logged: {lines:#?}");
        assert!(!lines.iter().any(|l| l.contains(typed)), "never what was typed");
        let failed_known = rows.iter().find(|e| e.action == "sign-in-failed" && e.actor_id.is_some()).expect("known");
        assert_eq!(failed_known.actor_id.as_deref(), Some(org_id.as_str()));
    }
}

#[tokio::test]
async fn only_administrators_read_the_audit_log() {
    let t = amane_store::testing::sqlite().await;
    let app = app_for(&t.db);
    user(&t.db, "root@example.ma", "admin").await;
    user(&t.db, "org@example.ma", "organizer").await;
    let org = login(&app, "org@example.ma").await;
    for path in ["/admin/audit", "/admin/audit.csv"] {
        let r = send(&app, get(path).header("cookie", &org).body(Default::default()).expect("r")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    // An address that starts like a formula is written as text in the CSV.
    t.db.record_audit(&amane_store::audit::AuditEntry {
        at: 1,
        actor_id: None,
        actor: "=HYPERLINK(\"http://evil\")".into(),
        action: "sign-in-failed".into(),
        target: "/login".into(),
        status: 401,
        address: "".into(),
    })
    .await
    .expect("record");
    let root = login(&app, "root@example.ma").await;
    let page =
        send(&app, get("/admin/audit?lang=en").header("cookie", &root).body(Default::default()).expect("r")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("sign-in") && page.body.contains("root@example.ma"), "{}", page.body);
    let csv = send(&app, get("/admin/audit.csv").header("cookie", &root).body(Default::default()).expect("r")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("\u{feff}at_utc,actor_id,actor,action,target,status,address"), "{}", csv.body);
    assert!(csv.body.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{}", csv.body);
    assert!(csv.body.contains("1970-01-01T00:00:00.001Z"), "{}", csv.body);
}
