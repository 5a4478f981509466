//! Certificates: issued from the attendance (children checked in, classes and staff present), printed as one PDF
//! per workshop by those allowed, and verified in public by code without showing whose certificate it is.

use crate::common::*;
use amane_app::certificates::{IssuedCertificate, issue_for_workshop};
use amane_domain::Lang;
use amane_domain::certificate::CertificateKind;
use amane_i18n::{Tr, strip_isolation};
use amane_store::testing;
use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use tower::ServiceExt;

/// A GET answered with its raw bytes (a PDF is not text).
async fn get_bytes(app: &axum::Router, uri: &str, cookie: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = get(uri).header("cookie", cookie).body(Body::empty()).expect("req");
    let res = app.clone().oneshot(req).await.expect("infallible");
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    (status, headers, bytes.to_vec())
}

async fn get_page(app: &axum::Router, uri: &str, cookie: Option<&str>) -> Res {
    let mut b = get(uri);
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    send(app, b.body(Body::empty()).expect("req")).await
}

/// Page objects of a PDF (`/Type/Page`, with or without a space, not the `/Type/Pages` tree).
fn pdf_pages(bytes: &[u8]) -> usize {
    [&b"/Type/Page"[..], &b"/Type /Page"[..]]
        .iter()
        .map(|needle| {
            bytes.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
        })
        .sum()
}

fn of_kind(certs: &[IssuedCertificate], kind: CertificateKind) -> Vec<&str> {
    certs.iter().filter(|c| c.kind == kind).map(|c| c.recipient.as_str()).collect()
}

#[tokio::test]
async fn certificates_are_issued_from_attendance_printed_and_verified_without_names() {
    for t in testing::all().await {
        let app = app_for(&t.db);
        amane_app::demo::seed(&t.db, None, None).await.expect("demo");
        user(&t.db, "org@example.ma", "organizer").await;
        user(&t.db, "fac@example.ma", "facilitator").await;
        user(&t.db, "coord@example.ma", "coordinator").await;
        user(&t.db, "other@example.ma", "coordinator").await;
        let orgu = staff(&t.db, "org@example.ma").await;
        let facu = staff(&t.db, "fac@example.ma").await;
        t.db.assign_establishment(staff(&t.db, "coord@example.ma").await.id, "DEMO-03-000").await.expect("assign");
        t.db.assign_establishment(staff(&t.db, "other@example.ma").await.id, "DEMO-03-001").await.expect("assign");
        let token = amane_web::auth::issue_token(&t.db, &orgu, "t").await.expect("token");
        let camps = send(&app, api("GET", "/api/v1/campaigns", &token, None)).await;
        let cid = camps.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|c| c["status"] == "open")
            .expect("open campaign")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let body = format!(
            r#"{{"title":"Mots de passe","establishment":"DEMO-03-000","room":"Salle 4","date":"2027-02-10","start":"09:00","end":"10:00","capacity":60,"audience":"8-11","lang":"fr","facilitators":["{}"]}}"#,
            facu.id
        );
        let w = send(&app, api("POST", &format!("/api/v1/campaigns/{cid}/workshops"), &token, Some(&body))).await;
        assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
        let wid = w.json()["id"].as_str().expect("id").to_owned();
        let register = |json: &'static str| {
            let (app, token, wid) = (app.clone(), token.clone(), wid.clone());
            async move {
                let r = send(&app, api("POST", &format!("/api/v1/workshops/{wid}/registrations"), &token, Some(json)))
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
                r.json()["id"].as_str().expect("id").to_owned()
            }
        };
        let with_roster = register(r#"{"establishment":"DEMO-03-000","kind":"group","label":"CE6 A","age_band":"8-11","seats":3,"roster":["Faucon","Étoile","Comète"]}"#).await;
        let no_roster =
            register(r#"{"establishment":"DEMO-03-000","kind":"group","label":"CE6 B","age_band":"8-11","seats":25}"#)
                .await;
        let came = register(r#"{"establishment":"DEMO-03-000","kind":"staff","label":"Karim Alaoui","seats":1}"#).await;
        let _absent =
            register(r#"{"establishment":"DEMO-03-000","kind":"staff","label":"Leila Haddad","seats":1}"#).await;

        let fac = login(&app, "fac%40example.ma").await;
        let pdf_uri = format!("/workshops/{wid}/certificates.pdf");

        // Nobody has come yet: a page says so, no empty PDF.
        let none = get_page(&app, &format!("{pdf_uri}?lang=en"), Some(&fac)).await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.header("content-type").starts_with("text/html"), "{:?}", none.headers);
        assert!(strip_isolation(&none.body).contains(&Tr::new(Lang::En).get("cert-none")), "{}", none.body);

        t.db.check_in_participant(&with_roster, 0, None, 1).await.expect("Faucon");
        t.db.check_in_participant(&with_roster, 2, None, 2).await.expect("Comète");
        t.db.set_attendance(&no_roster, 20, None, 3).await.expect("db").expect("fits");
        t.db.set_attendance(&came, 1, None, 4).await.expect("db").expect("fits");

        let workshop = t.db.find_workshop(wid.parse().expect("id")).await.expect("db").expect("workshop");
        let issued = issue_for_workshop(&t.db, &workshop).await.expect("issue");
        assert_eq!(of_kind(&issued, CertificateKind::Child), ["Faucon", "Comète"]);
        assert_eq!(of_kind(&issued, CertificateKind::Class), ["CE6 A", "CE6 B"]);
        assert_eq!(of_kind(&issued, CertificateKind::Staff), ["Karim Alaoui"]);
        let again = issue_for_workshop(&t.db, &workshop).await.expect("issue again");
        assert_eq!(again, issued, "issuing again gives the same codes");

        // The workshop page offers the certificates to those who may print them, not to another school.
        let coord = login(&app, "coord%40example.ma").await;
        let other = login(&app, "other%40example.ma").await;
        let page = get_page(&app, &format!("/workshops/{wid}"), Some(&coord)).await;
        assert!(page.body.contains(&format!("action=\"{pdf_uri}\"")), "{}", page.body);
        let page = get_page(&app, &format!("/workshops/{wid}"), Some(&other)).await;
        assert!(!page.body.contains(&pdf_uri));
        let (status, _, _) = get_bytes(&app, &pdf_uri, &other).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a coordinator of another school");

        // One PDF, one page per certificate, in the language asked for.
        let (status, headers, pdf) = get_bytes(&app, &format!("{pdf_uri}?language=ar"), &fac).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(headers[CONTENT_TYPE], "application/pdf");
        let disposition = headers[CONTENT_DISPOSITION].to_str().expect("ascii");
        assert!(disposition.starts_with("attachment; filename=\"certificates-2027-02-10-"), "{disposition}");
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(pdf_pages(&pdf), 5);
        assert_eq!(issue_for_workshop(&t.db, &workshop).await.expect("after"), issued, "printing issued nothing new");

        // A class from another school came to this one: its facilitator prints it too, the host school's
        // coordinator only their own school's certificates (they printed every class's before).
        let visitors =
            register(r#"{"establishment":"DEMO-03-001","kind":"group","label":"CE6 C","age_band":"8-11","seats":10}"#)
                .await;
        t.db.set_attendance(&visitors, 10, None, 5).await.expect("db").expect("fits");
        let (_, _, pdf) = get_bytes(&app, &pdf_uri, &fac).await;
        assert_eq!(pdf_pages(&pdf), 6, "{:?}", t.db.backend());
        let (status, _, pdf) = get_bytes(&app, &pdf_uri, &coord).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(pdf_pages(&pdf), 5, "the host school's coordinator prints their school's certificates only");

        // Anyone may check a code: what the certificate attests, never whose it is.
        let child = issued.iter().find(|c| c.kind == CertificateKind::Child).expect("child");
        let en = Tr::new(Lang::En);
        let v = get_page(&app, &format!("/verify/{}?lang=en", child.code), None).await;
        assert_eq!(v.status, StatusCode::OK, "{}", v.body);
        let text = strip_isolation(&v.body).replace("&#39;", "'").replace("&#x27;", "'");
        assert!(text.contains(&en.get("verify-genuine")));
        assert!(text.contains(&en.get("cert-kind-child")));
        assert!(text.contains("Mots de passe"));
        let campaign = t.db.find_campaign(workshop.campaign).await.expect("db").expect("campaign");
        assert!(text.contains(campaign.title_in(Lang::En)), "{text}");
        for name in ["Faucon", "Comète", "Étoile", "CE6", "Karim", "Leila"] {
            assert!(!text.contains(name), "{name} shown on the verification page");
        }
        let staff_cert = issued.iter().find(|c| c.kind == CertificateKind::Staff).expect("staff");
        let typed = staff_cert.code.to_string().to_lowercase().replace('-', "%20");
        let v = get_page(&app, &format!("/verify/{typed}?lang=en"), None).await;
        assert_eq!(v.status, StatusCode::OK, "a code typed in lower case with a space");
        let text = strip_isolation(&v.body).replace("&#39;", "'").replace("&#x27;", "'");
        assert!(!text.contains("Karim") && text.contains(&en.get("cert-kind-staff")));

        // The form leads to the code's page; unknown and malformed codes are a clear 404.
        let r = get_page(&app, &format!("/verify?code={}", child.code.as_str().to_lowercase()), None).await;
        assert_eq!(
            (r.status, r.header("location")),
            (StatusCode::SEE_OTHER, format!("/verify/{}", child.code).as_str())
        );
        for bad in ["ABCDE-23456", "not-a-code", "0000000000"] {
            let r = get_page(&app, &format!("/verify/{bad}?lang=en"), None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
            assert!(strip_isolation(&r.body).contains(&en.get("verify-unknown")), "{bad}: {}", r.body);
        }
        let r = get_page(&app, "/verify?code=xyz&lang=fr", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // In Arabic the page reads right to left, the code isolated left to right.
        let ar = get_page(&app, &format!("/verify/{}?lang=ar", child.code), None).await;
        assert_eq!(ar.status, StatusCode::OK);
        assert!(ar.body.contains("dir=\"rtl\""));
        assert!(ar.body.contains(&format!("<bdi dir=\"ltr\" class=\"verify-code\">{}</bdi>", child.code)));
        assert!(strip_isolation(&ar.body).contains(&Tr::new(Lang::Ar).get("verify-genuine")));

        // Attendance corrected after printing: the child's certificate no longer stands (it used to verify as
        // genuine for ever); the others still do.
        t.db.uncheck_participant(&with_roster, 0, None, 9).await.expect("Faucon was not there after all");
        let v = get_page(&app, &format!("/verify/{}?lang=en", child.code), None).await;
        let text = strip_isolation(&v.body).replace("&#39;", "'").replace("&#x27;", "'");
        assert!(text.contains(&en.get("verify-withdrawn").replace("&#39;", "'")), "{text}");
        assert!(!text.contains(&en.get("verify-genuine")), "{text}");
        let other =
            issued.iter().find(|c| c.kind == CertificateKind::Child && c.recipient == "Comète").expect("Comète");
        let v = get_page(&app, &format!("/verify/{}?lang=en", other.code), None).await;
        assert!(strip_isolation(&v.body).replace("&#39;", "'").contains(&en.get("verify-genuine")));
    }
}
