//! The role matrix (issue 12, finding 16): every route the router has, found by walking
//! `amane_web::route_paths()` and probing each method, is called by an anonymous visitor and by a session and a
//! token of each role, on the demonstration data (the facilitator runs the workshop, the coordinator is assigned to
//! its school). Each must be let through the gate or refused exactly as its entry below says; a route or a method
//! without an entry fails, so a new route cannot be added without saying who may use it.
//!
//! "Refused" is 401, 403, or a redirect to the login page; anything else (200, 303 elsewhere, 404 for a missing
//! object, 400 or 422 for an empty body) has passed the gate. Bodies are empty (`{}` for JSON), so the matrix reads
//! the authorisation that comes before the input: a role check made after reading the body would show here as a
//! refused role let through.

use crate::common::*;
use amane_domain::Role;
use amane_store::Db;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// Who passes the gate: `*` anyone (signed in or not), `s` any staff member, or the letters of the roles:
/// a(dmin), o(rganizer), f(acilitator), c(oordinator), v (obserVer).
const MATRIX: &[(&str, &str, &str)] = &[
    ("GET", "/", "*"),
    ("GET", "/healthz", "*"),
    ("GET", "/login", "*"),
    ("POST", "/login", "*"),
    ("POST", "/logout", "*"),
    ("GET", "/setup/{token}", "*"),
    ("POST", "/setup/{token}", "*"),
    ("GET", "/dashboard", "s"),
    ("GET", "/account", "s"),
    ("POST", "/account/tokens", "s"),
    ("POST", "/tokens/{id}/revoke", "s"),
    ("GET", "/admin/users", "a"),
    ("GET", "/admin/audit", "a"),
    ("GET", "/admin/audit.csv", "a"),
    ("POST", "/admin/users/{id}/active", "a"),
    ("POST", "/admin/users/{id}/unlock", "a"),
    ("GET", "/campaigns", "s"),
    ("GET", "/campaigns/new", "ao"),
    ("POST", "/campaigns/new", "ao"),
    ("GET", "/campaigns/{id}", "s"),
    ("GET", "/campaigns/{id}/edit", "ao"),
    ("POST", "/campaigns/{id}/edit", "ao"),
    ("GET", "/campaigns/{id}/report", "aofv"),
    ("GET", "/campaigns/{id}/tests", "aof"),
    ("POST", "/campaigns/{id}/tests", "ao"),
    ("POST", "/campaigns/{id}/tests/{test}/results", "aof"),
    ("GET", "/campaigns/{id}/report.csv", "aofv"),
    ("GET", "/campaigns/{id}/report.pdf", "aofv"),
    ("GET", "/campaigns/{id}/workshops/new", "ao"),
    ("POST", "/campaigns/{id}/workshops/new", "ao"),
    ("GET", "/workshops/mine", "s"),
    ("GET", "/workshops/mine.ics", "s"),
    ("GET", "/workshops/{id}", "s"),
    ("POST", "/workshops/{id}", "aoc"),
    ("POST", "/workshops/{id}/registrations/{reg}/cancel", "aoc"),
    ("POST", "/workshops/{id}/registrations/{reg}/attendance", "aofc"),
    ("GET", "/workshops/{id}/roster", "aofc"),
    ("GET", "/workshops/{id}/certificates.pdf", "aofc"),
    ("GET", "/workshops/{id}/checkin", "s"),
    ("POST", "/workshops/{id}/checkin", "aofc"),
    ("GET", "/workshops/{id}/tests", "aofc"),
    ("POST", "/workshops/{id}/tests", "aofc"),
    ("GET", "/workshops/{id}/tests/{code}", "aofc"),
    ("GET", "/workshops/{id}/edit", "ao"),
    ("POST", "/workshops/{id}/edit", "ao"),
    ("GET", "/checkin", "s"),
    ("GET", "/checkin/p/{reg}/{idx}", "aofc"),
    ("POST", "/checkin/p/{reg}/{idx}", "aofc"),
    ("GET", "/verify", "*"),
    ("GET", "/verify/{code}", "*"),
    ("GET", "/t", "*"),
    ("GET", "/t/{code}", "*"),
    ("POST", "/t/{code}", "*"),
    ("POST", "/t/{code}/survey", "*"),
    ("GET", "/join", "*"),
    ("GET", "/join/{pin}", "*"),
    ("GET", "/live", "aof"),
    ("POST", "/live", "aof"),
    ("GET", "/live/ws", "*"),
    ("GET", "/live/{id}", "aof"),
    ("GET", "/live/{id}/screen", "aof"),
    ("POST", "/live/{id}/control", "aof"),
    ("GET", "/live/{id}/results", "aof"),
    ("GET", "/live/{id}/results.csv", "aof"),
    ("GET", "/establishments", "s"),
    ("GET", "/establishments/suggest", "s"),
    ("GET", "/establishments/{code}", "s"),
    ("GET", "/establishments/import", "ao"),
    ("POST", "/establishments/import", "ao"),
    ("GET", "/curriculum", "*"),
    ("GET", "/curriculum/import", "aof"),
    ("POST", "/curriculum/import", "aof"),
    ("GET", "/curriculum/banks/{id}", "s"),
    ("GET", "/curriculum/{id}", "*"),
    ("GET", "/curriculum/{id}/questions", "s"),
    ("GET", "/curriculum/{id}/scenario/{qid}", "*"),
    ("POST", "/curriculum/{id}/scenario/{qid}", "*"),
    ("GET", "/curriculum/{id}/{doc}", "*"),
    ("GET", "/api/v1/openapi.json", "*"),
    ("GET", "/api/v1/campaigns", "s"),
    ("POST", "/api/v1/campaigns", "ao"),
    ("GET", "/api/v1/campaigns/{id}", "s"),
    ("PUT", "/api/v1/campaigns/{id}", "ao"),
    ("GET", "/api/v1/campaigns/{id}/progress", "s"),
    ("GET", "/api/v1/campaigns/{id}/report", "aofv"),
    ("GET", "/api/v1/campaigns/{id}/report.pdf", "aofv"),
    ("GET", "/api/v1/campaigns/{id}/tests", "aofv"),
    ("POST", "/api/v1/campaigns/{id}/tests", "ao"),
    ("GET", "/api/v1/campaigns/{id}/workshops", "s"),
    ("POST", "/api/v1/campaigns/{id}/workshops", "ao"),
    ("GET", "/api/v1/establishments", "s"),
    ("PUT", "/api/v1/establishments", "ao"),
    ("GET", "/api/v1/establishments/{code}", "s"),
    ("POST", "/api/v1/live", "aof"),
    ("GET", "/api/v1/live/{id}", "aof"),
    ("POST", "/api/v1/live/{id}/counts", "aof"),
    ("POST", "/api/v1/live/{id}/extend", "aof"),
    ("POST", "/api/v1/live/{id}/kick", "aof"),
    ("GET", "/api/v1/live/{id}/results", "aof"),
    ("POST", "/api/v1/live/{id}/{op}", "aof"),
    ("GET", "/api/v1/me", "s"),
    ("PATCH", "/api/v1/me", "s"),
    ("GET", "/api/v1/me/tokens", "s"),
    ("POST", "/api/v1/me/tokens", "s"),
    ("GET", "/api/v1/me/workshops.ics", "s"),
    ("GET", "/api/v1/regions", "s"),
    ("PUT", "/api/v1/registrations/{id}/attendance", "aofc"),
    ("GET", "/api/v1/tests/{id}", "aofv"),
    ("GET", "/api/v1/tests/{id}/learning", "aofv"),
    ("POST", "/api/v1/tests/{id}/openings", "aof"),
    ("POST", "/api/v1/tests/{id}/results", "aof"),
    ("GET", "/api/v1/tests/{id}/results.csv", "aof"),
    ("GET", "/api/v1/users", "a"),
    ("POST", "/api/v1/users", "a"),
    ("PATCH", "/api/v1/users/{id}", "a"),
    ("GET", "/api/v1/users/{id}/tokens", "a"),
    ("PUT", "/api/v1/workshops/{id}", "ao"),
    ("PATCH", "/api/v1/workshops/{id}", "ao"),
    ("GET", "/api/v1/workshops/{id}/registrations", "s"),
    ("POST", "/api/v1/workshops/{id}/registrations", "aoc"),
    ("GET", "/static/{name}", "*"),
    ("DELETE", "/api/v1/campaigns/{id}", "ao"),
    ("DELETE", "/api/v1/establishments/{code}", "ao"),
    ("DELETE", "/api/v1/registrations/{id}", "aoc"),
    ("DELETE", "/api/v1/tokens/{id}", "s"),
    ("DELETE", "/api/v1/workshops/{id}", "ao"),
];

/// Routes whose handler reads the body before it can tell whether the caller may act (the object named in the
/// body, or in the path, decides): they get a body that parses, so the reading is the authorisation's. `@key@` is
/// a fixture value.
const BODIES: &[(&str, &str, &str)] = &[
    ("POST", "/workshops/{id}/registrations/{reg}/attendance", "present=1"),
    ("POST", "/workshops/{id}/checkin", "reg=@registration@&action=in&idx=0"),
    ("POST", "/workshops/{id}/tests", "test=@test@&phase=pre&action=open"),
    ("PUT", "/api/v1/registrations/{id}/attendance", r#"{"present": 1}"#),
    ("POST", "/api/v1/live/{id}/counts", r#"{"question": 0, "counts": [1, 1]}"#),
    ("POST", "/api/v1/live/{id}/extend", r#"{"seconds": 10}"#),
    ("POST", "/api/v1/live/{id}/kick", r#"{"player": 0}"#),
    (
        "POST",
        "/api/v1/workshops/{id}/registrations",
        r#"{"establishment": "DEMO-03-000", "kind": "group", "label": "Classe M", "age_band": "8-11", "seats": 3, "roster": [], "staff_email": ""}"#,
    ),
];

const ROLES: [(char, Role, &str); 5] = [
    ('a', Role::Admin, "admin@amane.test"),
    ('o', Role::Organizer, "organizer@amane.test"),
    ('f', Role::Facilitator, "facilitator@amane.test"),
    ('c', Role::Coordinator, "coordinator@amane.test"),
    ('v', Role::Observer, "observer@amane.test"),
];

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The ids a path's parameters are filled with.
struct Fixture {
    values: BTreeMap<&'static str, String>,
}

impl Fixture {
    fn get(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or_else(|| panic!("no fixture value {k}"))
    }

    /// `/workshops/{id}/registrations/{reg}/cancel` with real ids. DELETE and cancelling act on objects kept for
    /// it, so that what the other routes read stays in place.
    fn fill(&self, method: &str, path: &str) -> String {
        let destroys = method == "DELETE" || path.ends_with("/cancel");
        let mut out = Vec::new();
        let mut previous = "";
        for seg in path.split('/') {
            let value = if seg.starts_with('{') {
                let key = match (previous, seg) {
                    ("campaigns", _) if destroys => "campaign2",
                    ("campaigns", _) => "campaign",
                    ("workshops", _) if destroys => "workshop2",
                    ("workshops", _) => "workshop",
                    ("registrations", _) if destroys => "registration2",
                    ("registrations", _) | ("p", _) => "registration",
                    ("tests", "{test}") => "test",
                    ("tests", "{code}") | ("t", _) => "test_code",
                    ("tests", _) => "test",
                    ("live", _) => "game",
                    ("establishments", _) => "school",
                    ("banks", _) => "bank",
                    ("users", _) => "target_user",
                    ("tokens", _) => "target_token",
                    ("curriculum", _) => "module",
                    ("scenario", _) => "scenario",
                    ("setup", _) => "setup",
                    ("verify", _) => "certificate",
                    ("join", _) => "pin",
                    ("static", _) => "asset",
                    (_, "{idx}") => "index",
                    (_, "{op}") => "op",
                    (_, "{doc}") => "doc",
                    (p, s) => panic!("no fixture for {s} after {p} in {path}"),
                };
                self.get(key).to_owned()
            } else {
                seg.to_owned()
            };
            previous = seg;
            out.push(value);
        }
        out.join("/")
    }
}

async fn fixture(db: &Db, app: &Router) -> Fixture {
    for (_, role, email) in ROLES {
        user(db, email, role.as_str()).await;
    }
    user(db, "target@amane.test", "facilitator").await;
    let id = |email: &'static str| async move { staff(db, email).await.id };
    let (org, fac, coord) =
        (id("organizer@amane.test").await, id("facilitator@amane.test").await, id("coordinator@amane.test").await);
    amane_app::demo::seed(db, Some(org), Some(fac)).await.expect("demo");
    for code in ["DEMO-03-000", "DEMO-03-001"] {
        db.assign_establishment(coord, code).await.expect("assign");
    }
    let target = staff(db, "target@amane.test").await;
    let token = amane_app::accounts::issue_token(db, &target, "target", 30).await.expect("token");

    let campaigns = db.list_campaigns().await.expect("campaigns");
    let national =
        campaigns.iter().find(|c| c.starts_on.to_string().starts_with("2027")).expect("the national campaign");
    let ai = campaigns.iter().find(|c| c.id != national.id).expect("the other campaign");
    let workshops = db.campaign_workshops(national.id).await.expect("workshops");
    // Two workshops the facilitator runs at the coordinator's schools, each with a registration: the first is
    // read, the second is where cancelling and deleting act.
    let mut own = Vec::new();
    for w in &workshops {
        let at_school = matches!(w.venue.establishment.as_deref(), Some("DEMO-03-000" | "DEMO-03-001"));
        if w.facilitators.contains(&fac) && at_school {
            let regs = db.workshop_registrations(w.id).await.expect("regs");
            if let Some(r) = regs.into_iter().next() {
                own.push((w.clone(), r));
            }
        }
    }
    assert!(own.len() >= 2, "two workshops of the facilitator's at the coordinator's schools: {}", own.len());
    let ((workshop, reg), (workshop2, reg2)) = (own[0].clone(), own[1].clone());
    let test = db.list_assessments(ai.id).await.expect("tests").into_iter().next().expect("a demo test");

    let fac_token =
        amane_app::accounts::issue_token(db, &staff(db, "facilitator@amane.test").await, "g", 1).await.expect("t");
    let body = format!(r#"{{"module":"passwords","audience":"8-11","workshop":"{}"}}"#, workshop.id);
    let game = send(app, api("POST", "/api/v1/live", &fac_token.secret, Some(&body))).await;
    assert_eq!(game.status, StatusCode::CREATED, "{}", game.body);

    let mut values = BTreeMap::new();
    values.insert("campaign", national.id.to_string());
    values.insert("campaign2", ai.id.to_string());
    values.insert("workshop", workshop.id.to_string());
    values.insert("workshop2", workshop2.id.to_string());
    values.insert("registration", reg.id.clone());
    values.insert("registration2", reg2.id.clone());
    values.insert("test", test.id.to_string());
    values.insert("test_code", "K7MP2Q".into());
    values.insert("game", game.json()["id"].as_str().expect("id").to_owned());
    values.insert("pin", game.json()["pin"].as_str().expect("pin").to_owned());
    values.insert("school", "DEMO-03-000".into());
    values.insert("bank", "6f1d2c3b-0000-4000-8000-000000000000".to_owned());
    values.insert("target_user", target.id.to_string());
    values.insert("target_token", token.info.id.clone());
    values.insert("module", "phishing".into());
    values.insert("scenario", "phishing-rf-01".into());
    values.insert("doc", "guide".into());
    values.insert("setup", "not-a-setup-link".into());
    values.insert("certificate", "ABCD-EFGH".into());
    values.insert("asset", "app.css".into());
    values.insert("index", "0".into());
    values.insert("op", "start".into());
    Fixture { values }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Session(char),
    Token(char),
}

async fn call(db: &Db, app: &Router, who: Who, method: &str, uri: &str, body: Option<String>) -> (StatusCode, String) {
    let mut b =
        Request::builder().method(method).uri(uri).header("host", "amane.test").header("origin", "http://amane.test");
    let email = |c: char| ROLES.iter().find(|r| r.0 == c).map(|r| r.2).expect("role");
    match who {
        Who::Anonymous => {}
        Who::Session(c) => {
            // A fresh session per call: `POST /logout` ends the one it is given.
            let sid = amane_app::secrets::random_secret();
            let u = staff(db, email(c)).await;
            db.create_session(&amane_app::secrets::digest(&sid), u.id, amane_store::now_ms()).await.expect("session");
            b = b.header("cookie", format!("amane_session={sid}"));
        }
        Who::Token(c) => {
            let u = staff(db, email(c)).await;
            let t = amane_app::accounts::issue_token(db, &u, "matrix", 1).await.expect("token");
            b = b.header("authorization", format!("Bearer {}", t.secret));
        }
    }
    let json = uri.starts_with("/api/");
    let req = if let Some(body) = body {
        let kind = if json { "application/json" } else { "application/x-www-form-urlencoded" };
        b.header("content-type", kind).body(Body::from(body))
    } else if method == "GET" || method == "DELETE" {
        b.body(Body::empty())
    } else if json {
        b.header("content-type", "application/json").body(Body::from("{}"))
    } else {
        b.header("content-type", "application/x-www-form-urlencoded").body(Body::empty())
    }
    .expect("request");
    let r = send(app, req).await;
    let location = r.header("location").to_owned();
    (r.status, location)
}

fn refused(status: StatusCode, location: &str) -> bool {
    status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || (status.is_redirection() && location.starts_with("/login?next="))
}

/// The letters of those who passed, in the matrix's notation.
fn notation(passed: &[Who]) -> String {
    let staff: String = ROLES.iter().map(|r| r.0).filter(|c| passed.contains(&Who::Session(*c))).collect();
    if passed.contains(&Who::Anonymous) && staff.len() == 5 {
        "*".into()
    } else if staff.len() == 5 {
        "s".into()
    } else {
        staff
    }
}

#[tokio::test]
async fn every_route_admits_exactly_the_roles_its_entry_names() {
    let t = amane_store::testing::sqlite().await;
    let db = &t.db;
    let app = app_for(db);
    let fx = fixture(db, &app).await;
    let mut found: Vec<(String, String)> = Vec::new();
    for path in amane_web::route_paths() {
        for method in METHODS {
            found.push((method.to_owned(), path.clone()));
        }
    }
    // Destructive methods last, so that what they remove is not read afterwards.
    found.sort_by_key(|(m, _)| m == "DELETE");
    let mut failures = Vec::new();
    let mut observed = Vec::new();
    for (method, path) in &found {
        let uri = fx.fill(method, path);
        let body = BODIES
            .iter()
            .find(|(m, p, _)| m == method && p == path)
            .map(|(_, _, b)| fx.values.iter().fold((*b).to_owned(), |acc, (k, v)| acc.replace(&format!("@{k}@"), v)));
        // Probe with the anonymous visitor: a method the path does not have answers 405 whoever asks.
        let (status, _) = call(db, &app, Who::Anonymous, method, &uri, body.clone()).await;
        if status == StatusCode::METHOD_NOT_ALLOWED {
            continue;
        }
        let mut passed = Vec::new();
        let mut whos = vec![Who::Anonymous];
        for c in ['v', 'c', 'f', 'o', 'a'] {
            whos.push(Who::Token(c));
            whos.push(Who::Session(c));
        }
        let mut by_token = Vec::new();
        for who in whos {
            let (status, location) = call(db, &app, who, method, &uri, body.clone()).await;
            let ok = !refused(status, &location);
            match who {
                Who::Token(c) if ok => by_token.push(c),
                Who::Token(_) => {}
                _ if ok => passed.push(who),
                _ => {}
            }
        }
        let got = notation(&passed);
        let sessions: Vec<char> =
            passed.iter().filter_map(|w| if let Who::Session(c) = w { Some(*c) } else { None }).collect();
        if by_token.iter().collect::<BTreeSet<_>>() != sessions.iter().collect::<BTreeSet<_>>() {
            failures.push(format!("{method} {path}: tokens {by_token:?} and sessions {sessions:?} differ"));
        }
        observed.push(format!("    (\"{method}\", \"{path}\", \"{got}\"),"));
        match MATRIX.iter().find(|(m, p, _)| m == method && p == path) {
            None => failures.push(format!("{method} {path}: no entry in the role matrix (observed \"{got}\")")),
            Some((_, _, want)) if *want != got => {
                failures.push(format!("{method} {path}: the matrix says \"{want}\", observed \"{got}\""))
            }
            Some(_) => {}
        }
    }
    for (m, p, _) in MATRIX {
        if !observed.iter().any(|o| o.contains(&format!("(\"{m}\", \"{p}\","))) {
            failures.push(format!("{m} {p}: in the matrix but not routed"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}\n\nobserved:\n{}",
        failures.len(),
        failures.join("\n"),
        observed.join("\n")
    );
}
