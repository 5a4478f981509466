//! The store's behaviour, checked on SQLite and (when configured) PostgreSQL with the same assertions.

use amane_domain::{Email, Lang, Role, UserId};
use amane_store::auth::{SetupOutcome, ThrottleScope};
use amane_store::testing::TypeClass;
use amane_store::users::NewUser;
use amane_store::{StoreError, q, testing};

fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: Email::parse(email).expect("valid email"),
        display_name: "Nadia Benali".into(),
        role,
        password_hash: "hash".into(),
        locale: Some(Lang::Ar),
    }
}

#[tokio::test]
async fn migrations_are_idempotent() {
    for t in testing::all().await {
        assert_eq!(t.db.migrate().await.expect("second migrate"), 0, "{:?}", t.db.backend());
        assert_eq!(t.db.schema_version().await.expect("version"), 21);
    }
}

/// The (version, name) rows a fresh database records: the ones the code with a folder per backend recorded,
/// so a database it migrated finds everything applied.
#[tokio::test]
async fn migrations_record_the_names_they_always_had() {
    for t in testing::all().await {
        let rows =
            t.db.fetch_all(q("SELECT version, name FROM amane_migrations ORDER BY version")).await.expect("rows");
        let recorded: Vec<(i64, String)> =
            rows.iter().map(|r| (r.get("version").expect("version"), r.get("name").expect("name"))).collect();
        let expected = [
            "foundation",
            "question_banks",
            "establishments",
            "campaigns",
            "workshops",
            "registrations",
            "attendance",
            "checkin",
            "live",
            "live_nodes",
            "assessments",
            "certificates",
            "assessment_games",
            "test_openings",
            "login_pairs",
            "assessment_cells",
            "token_expiry",
            "purge",
            "audit_log",
            "bank_sharing",
            "score_bits",
        ];
        let expected: Vec<(i64, String)> = (1..).zip(expected.map(String::from)).collect();
        assert_eq!(recorded, expected, "{:?}", t.db.backend());
    }
}

/// Migrating a fresh SQLite and a fresh PostgreSQL database gives the same tables with the same columns, of
/// the same type class and nullability: a migration written for one backend only, or differently, fails here.
#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let Some(url) = testing::postgres_url() else { return };
    let (sqlite, postgres) = (testing::sqlite().await, testing::postgres(&url).await);
    let a = testing::columns(&sqlite.db).await.expect("SQLite columns");
    let b = testing::columns(&postgres.db).await.expect("PostgreSQL columns");

    // The introspection itself works on both (two empty lists would agree too).
    for cols in [&a, &b] {
        let find = |table: &str, column: &str| {
            cols.iter()
                .find(|c| c.table == table && c.column == column)
                .map(|c| (c.class.clone(), c.not_null))
                .unwrap_or_else(|| panic!("{table}.{column} not found in {cols:?}"))
        };
        assert_eq!(find("users", "id"), (TypeClass::Text, true));
        assert_eq!(find("users", "active"), (TypeClass::Boolean, true));
        assert_eq!(find("users", "created_at"), (TypeClass::Integer, true));
        assert_eq!(find("workshops", "checkin_code"), (TypeClass::Text, false));
        assert_eq!(find("amane_migrations", "version"), (TypeClass::Integer, true));
    }
    for c in a.iter().chain(&b) {
        assert!(
            !matches!(c.class, TypeClass::Other(_)),
            "{}.{} is {:?}: keep to TEXT, BIGINT, BOOLEAN (and REAL) as D1b says, or teach TypeClass::of the type \
             if both backends store and decode it alike",
            c.table,
            c.column,
            c.class
        );
    }
    let differences = testing::column_differences(("SQLite", &a), ("PostgreSQL", &b));
    assert!(differences.is_empty(), "the backends' schemas differ:\n{}", differences.join("\n"));
}

#[tokio::test]
async fn users_round_trip_and_duplicates_conflict() {
    for t in testing::all().await {
        let db = &t.db;
        let u = db.create_user(&new_user("Organizer@Example.ma", Role::Organizer), 1_000).await.expect("create");
        assert_eq!(u.email.as_str(), "organizer@example.ma");
        assert_eq!(u.role, Role::Organizer);
        assert_eq!(u.locale, Some(Lang::Ar));
        assert!(u.active);
        assert_eq!(u.created_at, 1_000);
        assert_eq!(db.find_user(u.id).await.expect("find"), Some(u.clone()));

        let dup = db.create_user(&new_user("organizer@example.ma", Role::Admin), 2_000).await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");

        let (found, hash) = db.find_login(&u.email).await.expect("login").expect("exists");
        assert_eq!((found.id, hash.as_str()), (u.id, "hash"));

        let changed = db.update_profile(u.id, "Nadia B.", None, 3_000).await.expect("update");
        assert_eq!((changed.display_name.as_str(), changed.locale), ("Nadia B.", None));
        assert_eq!(db.count_active_admins().await.expect("count"), 0);
        assert_eq!(db.list_users().await.expect("list").len(), 1);
    }
}

#[tokio::test]
async fn sessions_expire_and_cascade() {
    for t in testing::all().await {
        let db = &t.db;
        let u = db.create_user(&new_user("f@example.ma", Role::Facilitator), 0).await.expect("create");
        db.create_session("h1", u.id, 100).await.expect("session");
        db.create_session("h2", u.id, 5_000).await.expect("session");
        let s = db.find_session("h1").await.expect("find").expect("exists");
        assert_eq!((s.user_id, s.created_at, s.last_seen_at), (u.id, 100, 100));
        db.touch_session("h1", 200).await.expect("touch");
        assert_eq!(db.find_session("h1").await.expect("find").expect("exists").last_seen_at, 200);
        // h1 is idle since 200 (< 1000): removed; h2 stays.
        assert_eq!(db.delete_expired_sessions(1_000, 0).await.expect("sweep"), 1);
        assert!(db.find_session("h1").await.expect("find").is_none());
        assert!(db.delete_session("h2").await.expect("delete"));
        assert!(!db.delete_session("h2").await.expect("delete again"));
    }
}

#[tokio::test]
async fn api_tokens_resolve_until_revoked() {
    for t in testing::all().await {
        let db = &t.db;
        let u = db.create_user(&new_user("a@example.ma", Role::Admin), 0).await.expect("create");
        db.create_api_token(u.id, "th", "script", 10, 1_000).await.expect("token");
        assert_eq!(db.user_for_token("th", 20).await.expect("lookup").map(|x| x.id), Some(u.id));
        assert_eq!(db.user_for_token("other", 20).await.expect("lookup"), None);
        assert_eq!(db.revoke_api_tokens(u.id, 30).await.expect("revoke"), 1);
        assert_eq!(db.user_for_token("th", 40).await.expect("lookup"), None);
    }
}

/// A token opens the API until its expiry and not at it; one token is revoked without touching the others.
#[tokio::test]
async fn api_tokens_expire_and_are_revoked_one_by_one() {
    for t in testing::all().await {
        let db = &t.db;
        let u = db.create_user(&new_user("a@example.ma", Role::Organizer), 0).await.expect("create");
        let first = db.create_api_token(u.id, "h1", "nightly", 10, 1_000).await.expect("token");
        db.create_api_token(u.id, "h2", "sync", 20, 5_000).await.expect("token");
        assert!(db.user_for_token("h1", 999).await.expect("lookup").is_some());
        assert!(db.user_for_token("h1", 1_000).await.expect("lookup").is_none(), "{:?}", db.backend());
        let list = db.list_api_tokens(u.id).await.expect("list");
        assert_eq!(list.iter().map(|k| k.label.as_str()).collect::<Vec<_>>(), ["sync", "nightly"]);
        assert_eq!(list[1].expires_at, Some(1_000));
        assert!(!list[1].is_live(1_000) && list[0].is_live(1_000));
        assert!(db.revoke_api_token(&first, 1_100).await.expect("revoke"));
        assert!(!db.revoke_api_token(&first, 1_200).await.expect("again"), "a revoked token stays as it was");
        assert_eq!(db.find_api_token(&first).await.expect("find").and_then(|k| k.revoked_at), Some(1_100));
        assert!(db.user_for_token("h2", 1_300).await.expect("lookup").is_some(), "the other token still works");
    }
}

/// Turning an account off ends its sessions and revokes its tokens in one go; the last active administrator
/// cannot be turned off; turning an account back on leaves its old tokens revoked.
#[tokio::test]
async fn turning_an_account_off_ends_its_access() {
    for t in testing::all().await {
        let db = &t.db;
        let admin = db.create_user(&new_user("root@example.ma", Role::Admin), 0).await.expect("admin");
        let u = db.create_user(&new_user("f@example.ma", Role::Facilitator), 0).await.expect("user");
        db.create_session("s1", u.id, 10).await.expect("session");
        db.create_api_token(u.id, "tk", "script", 10, i64::MAX).await.expect("token");
        let off = db.set_user_active(u.id, false, 20).await.expect("off");
        assert!(!off.active);
        assert!(db.find_session("s1").await.expect("find").is_none(), "{:?}", db.backend());
        assert!(db.user_for_token("tk", 30).await.expect("lookup").is_none());
        assert!(matches!(db.set_user_active(admin.id, false, 40).await, Err(amane_store::StoreError::Conflict(_))));
        assert!(db.find_user(admin.id).await.expect("find").expect("admin").active, "still on");
        assert!(db.set_user_active(u.id, true, 50).await.expect("on").active);
        assert!(db.user_for_token("tk", 60).await.expect("lookup").is_none(), "old tokens stay revoked");
        assert!(matches!(db.set_user_active(UserId::new(), true, 70).await, Err(amane_store::StoreError::NotFound)));
    }
}

#[tokio::test]
async fn login_failures_count_in_window() {
    for t in testing::all().await {
        let db = &t.db;
        for at in [100, 200, 300] {
            db.record_login_failure(ThrottleScope::Account, "x@example.ma", at).await.expect("record");
        }
        db.record_login_failure(ThrottleScope::Ip, "x@example.ma", 300).await.expect("record");
        assert_eq!(
            db.login_failures_since(ThrottleScope::Account, "x@example.ma", 150).await.expect("count"),
            (2, Some(200))
        );
        assert_eq!(db.login_failures_since(ThrottleScope::Account, "y", 0).await.expect("count"), (0, None));
        db.clear_login_failures(ThrottleScope::Account, "x@example.ma").await.expect("clear");
        assert_eq!(db.login_failures_since(ThrottleScope::Account, "x@example.ma", 0).await.expect("count").0, 0);
        assert_eq!(db.login_failures_since(ThrottleScope::Ip, "x@example.ma", 0).await.expect("count").0, 1);
    }
}

#[tokio::test]
async fn setup_link_creates_one_admin_once() {
    for t in testing::all().await {
        let db = &t.db;
        db.create_setup_token("st", 0, 3_600_000).await.expect("token");
        assert!(db.setup_token_is_valid("st", 10).await.expect("valid"));
        assert!(!db.setup_token_is_valid("st", 3_600_000).await.expect("expired"));
        let out = db.complete_setup("st", &new_user("root@example.ma", Role::Admin), 20).await.expect("setup");
        let SetupOutcome::Created(admin) = out else { panic!("expected an admin, got {out:?}") };
        assert_eq!(admin.role, Role::Admin);
        assert!(matches!(
            db.complete_setup("st", &new_user("second@example.ma", Role::Admin), 30).await.expect("again"),
            SetupOutcome::InvalidToken
        ));
        db.create_setup_token("st2", 0, 3_600_000).await.expect("token");
        assert!(matches!(
            db.complete_setup("st2", &new_user("third@example.ma", Role::Admin), 40).await.expect("again"),
            SetupOutcome::AdminExists
        ));
        // The refused attempt left no account behind.
        assert_eq!(db.count_users().await.expect("count"), 1);
        db.create_setup_token("st3", 0, 100).await.expect("token");
        assert!(matches!(
            db.complete_setup("st3", &new_user("late@example.ma", Role::Admin), 200).await.expect("late"),
            SetupOutcome::InvalidToken
        ));
    }
}

#[tokio::test]
async fn question_banks_upsert_in_one_transaction() {
    let bank = |title: &'static str, lang: Lang| amane_store::banks::BankImport {
        id: "my-bank",
        title,
        lang,
        by: None,
        shared: None,
    };
    for t in testing::all().await {
        let db = &t.db;
        let qs = vec![("b-1".to_owned(), "{\"a\":1}".to_owned()), ("b-2".to_owned(), "{\"a\":2}".to_owned())];
        let first = db.upsert_bank(bank("My bank", Lang::Fr), &qs, 10).await.expect("import");
        assert_eq!((first.created_bank, first.inserted, first.updated), (true, 2, 0));
        let again = vec![("b-2".to_owned(), "{\"a\":22}".to_owned()), ("b-3".to_owned(), "{\"a\":3}".to_owned())];
        let second = db.upsert_bank(bank("ignored", Lang::Fr), &again, 20).await.expect("re-import");
        assert_eq!((second.created_bank, second.inserted, second.updated), (false, 1, 1));
        assert_eq!(db.bank_questions("my-bank").await.expect("list"), ["{\"a\":1}", "{\"a\":22}", "{\"a\":3}"]);
        let banks = db.list_banks().await.expect("banks");
        assert_eq!(banks.len(), 1);
        assert_eq!((banks[0].questions, banks[0].title.as_str(), banks[0].lang), (3, "My bank", Lang::Fr));
        // A bank keeps its language; a conflicting import changes nothing.
        let clash = db.upsert_bank(bank("x", Lang::Ar), &[("b-9".into(), "{}".into())], 30).await;
        assert!(matches!(clash, Err(StoreError::Conflict(_))));
        assert_eq!(db.bank_questions("my-bank").await.expect("list").len(), 3);
    }
}

/// A campaign for 19–27 April 2025, the tests' usual frame.
async fn campaign(db: &amane_store::Db) -> amane_domain::campaign::Campaign {
    let input = amane_domain::campaign::CampaignInput {
        title_fr: "C".into(),
        starts_on: "2025-04-19".into(),
        ends_on: "2025-04-27".into(),
        ..Default::default()
    };
    db.create_campaign(&input.parse().expect("valid"), None, 0).await.expect("campaign")
}

fn school(code: &str, region: &str, name: &str) -> amane_domain::establishment::Establishment {
    use amane_domain::establishment::*;
    Establishment {
        code: EstablishmentCode::parse(code).expect("code"),
        name_fr: name.into(),
        name_ar: "مدرسة".into(),
        region: region.into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Primary,
        sector: Sector::Public,
        setting: Setting::Urban,
    }
}

#[tokio::test]
async fn establishments_upsert_filter_and_page() {
    for t in testing::all().await {
        let db = &t.db;
        assert_eq!(db.list_regions().await.expect("regions").len(), 12, "Morocco's regions are the default");
        let rows = vec![
            school("A1", "03", "École Ibn Khaldoun"),
            school("A2", "03", "École Al Amal"),
            school("B1", "06", "Lycée Anfa"),
        ];
        let first = db.upsert_establishments(&rows, 1, &|_| {}).await.expect("import");
        assert_eq!((first.inserted, first.updated), (3, 0));
        let again = db.upsert_establishments(&rows[..1], 2, &|_| {}).await.expect("re-import");
        assert_eq!((again.inserted, again.updated), (0, 1));
        assert_eq!(db.count_establishments().await.expect("count"), 3);
        use amane_store::establishments::EstablishmentFilter;
        let (fes, total) = db
            .list_establishments(&EstablishmentFilter { region: Some("03".into()), ..Default::default() }, 1, 0)
            .await
            .expect("list");
        assert_eq!((fes.len(), total), (1, 2));
        let (found, _) = db
            .list_establishments(&EstablishmentFilter { search: Some("anfa".into()), ..Default::default() }, 10, 0)
            .await
            .expect("search");
        assert_eq!(found.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["B1"]);
        // An unknown region refuses the whole batch.
        let bad = vec![school("C1", "03", "ok"), school("C2", "99", "bad region")];
        assert!(db.upsert_establishments(&bad, 3, &|_| {}).await.is_err());
        assert!(db.find_establishment("C1").await.expect("find").is_none(), "nothing half-written");
    }
}

#[tokio::test]
async fn campaigns_round_trip() {
    use amane_domain::campaign::{CampaignInput, CampaignStatus};
    for t in testing::all().await {
        let db = &t.db;
        let input = CampaignInput {
            title_fr: "Protéger les enfants en ligne".into(),
            title_ar: "حماية الأطفال على الإنترنت".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            partners: "Conseil de l'Europe\nCMRPI".into(),
            target_children: "700".into(),
            target_staff: "100".into(),
            ..Default::default()
        };
        let f = input.parse().expect("valid");
        let c = db.create_campaign(&f, None, 5).await.expect("create");
        assert_eq!(
            (c.title_in(Lang::Ar), c.title_in(Lang::En)),
            ("حماية الأطفال على الإنترنت", "Protéger les enfants en ligne")
        );
        assert_eq!((c.targets.children, c.targets.staff, c.partners.len()), (700, 100, 2));
        let mut f2 = f.clone();
        f2.status = CampaignStatus::Open;
        let c2 = db.update_campaign(c.id, &f2, 6).await.expect("update");
        assert_eq!(c2.status, CampaignStatus::Open);
        assert_eq!(db.list_campaigns().await.expect("list").len(), 1);
        assert!(db.delete_campaign(c.id).await.expect("delete"));
        assert!(db.find_campaign(c.id).await.expect("find").is_none());
    }
}

#[tokio::test]
async fn workshops_refuse_busy_facilitators_and_rooms() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::workshops::Clash;
    for t in testing::all().await {
        let db = &t.db;
        let c = campaign(db).await;
        let f1 = db.create_user(&new_user("f1@example.ma", Role::Facilitator), 0).await.expect("f1");
        let f2 = db.create_user(&new_user("f2@example.ma", Role::Facilitator), 0).await.expect("f2");
        let hour = 3_600_000;
        let w = |title: &str, room: &str, start: i64, f: Vec<amane_domain::UserId>| Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: title.into(),
            venue: Venue { establishment: None, name: "Institut national".into(), room: room.into() },
            starts_at: start,
            ends_at: start + hour,
            capacity: 30,
            audience: amane_domain::Audience::Age8To11,
            lang: Lang::Fr,
            modules: vec!["passwords".into()],
            facilitators: f,
        };
        let a = db.create_workshop(&w("A", "Salle 1", 10 * hour, vec![f1.id]), 0).await.expect("db").expect("no clash");
        assert_eq!(a.facilitators, vec![f1.id]);
        let busy = db.create_workshop(&w("B", "Salle 2", 10 * hour + hour / 2, vec![f1.id]), 0).await.expect("db");
        assert!(
            matches!(busy, Err(Clash::FacilitatorBusy { facilitator, ref other_title, .. }) if facilitator == f1.id && other_title == "A"),
            "{busy:?}"
        );
        let room = db.create_workshop(&w("C", " salle  1 ", 10 * hour + hour / 2, vec![f2.id]), 0).await.expect("db");
        assert!(matches!(room, Err(Clash::RoomBusy { ref other_title, .. }) if other_title == "A"), "{room:?}");
        // Back to back is fine; so is another room.
        db.create_workshop(&w("D", "Salle 1", 11 * hour, vec![f1.id]), 0).await.expect("db").expect("after A");
        db.create_workshop(&w("E", "Salle 2", 10 * hour, vec![f2.id]), 0).await.expect("db").expect("other room");
        assert_eq!(db.campaign_workshops(c.id).await.expect("list").len(), 3);
        assert_eq!(
            db.facilitator_workshops(f1.id).await.expect("mine").iter().map(|w| w.title.as_str()).collect::<Vec<_>>(),
            ["A", "D"]
        );
        // Moving D onto A's time clashes; the stored D is unchanged.
        let mut d = db.facilitator_workshops(f1.id).await.expect("mine")[1].clone();
        d.starts_at = 10 * hour;
        d.ends_at = 11 * hour;
        assert!(db.update_workshop(&d, 1).await.expect("db").is_err());
        assert_eq!(db.find_workshop(d.id).await.expect("find").expect("d").starts_at, 11 * hour);
    }
}

#[tokio::test]
async fn registrations_fill_seats_then_wait_and_promote() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::registrations::{Kind, NewRegistration, Status};
    for t in testing::all().await {
        let db = &t.db;
        let c = campaign(db).await;
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: "A".into(),
            venue: Venue { establishment: None, name: "Institut".into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 30,
            audience: amane_domain::Audience::Age8To11,
            lang: Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("ok");
        let reg = |label: &str, seats: u32| NewRegistration {
            workshop: w.id,
            establishment: None,
            kind: Kind::Group,
            label: label.into(),
            age_band: Some(amane_domain::Audience::Age8To11),
            seats,
            roster: vec!["Faucon".into(), "Étoile".into()],
            staff_email: None,
            by: None,
        };
        let a = db.register(&reg("CE6 A", 20), 1).await.expect("a");
        let b = db.register(&reg("CE6 B", 15), 2).await.expect("b");
        let c2 = db.register(&reg("CE6 C", 5), 3).await.expect("c");
        assert_eq!(
            (a.status, b.status, c2.status),
            (Status::Confirmed, Status::Waiting, Status::Waiting),
            "no overtaking the line"
        );
        assert_eq!(a.roster, ["Faucon", "Étoile"]);
        assert_eq!(
            db.set_capacity(w.id, 10, 4).await.expect("db"),
            Err(20),
            "capacity below confirmed seats is refused"
        );
        assert_eq!(
            db.set_capacity(w.id, 35, 5).await.expect("db"),
            Ok(1),
            "B (15) now fits beside A (20); C still waits"
        );
        let statuses: Vec<Status> =
            db.workshop_registrations(w.id).await.expect("list").iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Status::Confirmed, Status::Confirmed, Status::Waiting]);
        assert_eq!(db.cancel_registration(&a.id, 6).await.expect("cancel"), 1, "C is promoted when A cancels");
        let left: Vec<(String, Status)> =
            db.workshop_registrations(w.id).await.expect("list").into_iter().map(|r| (r.label, r.status)).collect();
        assert_eq!(left, [("CE6 B".to_owned(), Status::Confirmed), ("CE6 C".to_owned(), Status::Confirmed)]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_last_seat_registrations_give_one_seat_and_one_wait() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::registrations::{Kind, NewRegistration, Status};
    for t in testing::all().await {
        let db = &t.db;
        let c = campaign(db).await;
        for round in 0..5 {
            let w = Workshop {
                id: WorkshopId::new(),
                campaign: c.id,
                title: format!("W{round}"),
                venue: Venue { establishment: None, name: "Institut".into(), room: String::new() },
                starts_at: 0,
                ends_at: 1,
                capacity: 1,
                audience: amane_domain::Audience::Staff,
                lang: Lang::Fr,
                modules: vec![],
                facilitators: vec![],
            };
            let w = db.create_workshop(&w, 0).await.expect("db").expect("ok");
            let reg = |label: &str| NewRegistration {
                workshop: w.id,
                establishment: None,
                kind: Kind::Staff,
                label: label.into(),
                age_band: None,
                seats: 1,
                roster: vec![],
                staff_email: None,
                by: None,
            };
            let (d1, d2) = (db.clone(), db.clone());
            let (r1, r2) = (reg("Nadia"), reg("Omar"));
            let (a, b) = tokio::join!(
                tokio::spawn(async move { d1.register(&r1, 1).await }),
                tokio::spawn(async move { d2.register(&r2, 1).await })
            );
            let mut statuses = vec![a.expect("task").expect("a").status, b.expect("task").expect("b").status];
            statuses.sort_by_key(|s| s.code());
            assert_eq!(statuses, [Status::Confirmed, Status::Waiting], "round {round} on {:?}", db.backend());
        }
    }
}

#[tokio::test]
async fn attendance_feeds_campaign_progress_without_double_counting() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::registrations::{Kind, NewRegistration};
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03", "École 1"), school("S2", "04", "École 2")], 0, &|_| {})
            .await
            .expect("schools");
        let c = campaign(db).await;
        let mk = |title: &str, est: &str| Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: title.into(),
            venue: Venue { establishment: Some(est.into()), name: est.into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 100,
            audience: amane_domain::Audience::Age12To14,
            lang: Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w1 = db.create_workshop(&mk("W1", "S1"), 0).await.expect("db").expect("ok");
        let w2 = db.create_workshop(&mk("W2", "S2"), 0).await.expect("db").expect("ok");
        let reg = |w: WorkshopId, est: &str, kind: Kind, seats: u32| NewRegistration {
            workshop: w,
            establishment: Some(est.into()),
            kind,
            label: "x".into(),
            age_band: (kind == Kind::Group).then_some(amane_domain::Audience::Age12To14),
            seats,
            roster: vec![],
            staff_email: None,
            by: None,
        };
        let g = db.register(&reg(w1.id, "S1", Kind::Group, 28), 1).await.expect("g");
        let s = db.register(&reg(w1.id, "S1", Kind::Staff, 2), 1).await.expect("s");
        db.register(&reg(w2.id, "S2", Kind::Group, 30), 1).await.expect("g2");
        assert_eq!(db.set_attendance(&g.id, 40, None, 2).await.expect("db"), Err(28), "not more than registered");
        for _ in 0..3 {
            db.set_attendance(&g.id, 25, None, 2).await.expect("db").expect("ok");
        }
        db.set_attendance(&s.id, 2, None, 2).await.expect("db").expect("ok");
        let p = db.campaign_progress(c.id).await.expect("progress");
        assert_eq!(
            (p.children_registered, p.children_present, p.staff_present),
            (58, 25, 2),
            "a retried figure counts once"
        );
        assert_eq!((p.workshops_planned, p.workshops_held, p.establishments_reached), (2, 1, 1));
    }
}

#[tokio::test]
async fn roster_check_in_counts_each_child_once() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::registrations::{Kind, NewRegistration};
    for t in testing::all().await {
        let db = &t.db;
        let c = campaign(db).await;
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: "W".into(),
            venue: Venue { establishment: None, name: "V".into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 30,
            audience: amane_domain::Audience::Age8To11,
            lang: Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("ok");
        let code = db.checkin_code(w.id).await.expect("code");
        assert_eq!(code.len(), 6);
        assert_eq!(db.checkin_code(w.id).await.expect("same"), code, "stable once made");
        assert_eq!(db.workshop_by_checkin_code(&code).await.expect("find"), Some(w.id));
        let r = db
            .register(
                &NewRegistration {
                    workshop: w.id,
                    establishment: None,
                    kind: Kind::Group,
                    label: "CE6".into(),
                    age_band: Some(amane_domain::Audience::Age8To11),
                    seats: 3,
                    roster: vec!["Faucon".into(), "Étoile".into(), "Comète".into()],
                    staff_email: None,
                    by: None,
                },
                1,
            )
            .await
            .expect("reg");
        assert_eq!(db.check_in_participant(&r.id, 0, None, 2).await.expect("in"), 1);
        assert_eq!(
            db.check_in_participant(&r.id, 0, None, 3).await.expect("again"),
            1,
            "a second scan changes nothing"
        );
        assert_eq!(db.check_in_participant(&r.id, 2, None, 4).await.expect("in"), 2);
        assert!(db.check_in_participant(&r.id, 3, None, 5).await.is_err(), "no fourth child on the roster");
        assert_eq!(db.checked_in(&r.id).await.expect("list"), [0, 2]);
        assert_eq!(db.workshop_attendance(w.id).await.expect("att"), [(r.id.clone(), 2)]);
        // A child marked by mistake is taken back, once; the attendance follows.
        assert_eq!(db.uncheck_participant(&r.id, 0, None, 6).await.expect("undo"), 1);
        assert_eq!(db.uncheck_participant(&r.id, 0, None, 7).await.expect("undo again"), 1, "an undo repeated");
        assert_eq!(db.checked_in(&r.id).await.expect("list"), [2]);
        assert_eq!(db.workshop_attendance(w.id).await.expect("att"), [(r.id.clone(), 1)]);
        assert!(db.uncheck_participant(&r.id, 9, None, 8).await.is_err(), "no tenth child on the roster");
    }
}

#[tokio::test]
async fn a_certificate_is_issued_once_per_recipient_and_found_by_its_code() {
    use amane_domain::certificate::{CertificateCode, CertificateKind};
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::certificates::NewCertificate;
    use amane_store::registrations::{Kind, NewRegistration};
    let code = |s: &str| CertificateCode::parse(s).expect("code");
    for t in testing::all().await {
        let db = &t.db;
        let c = campaign(db).await;
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: "W".into(),
            venue: Venue { establishment: None, name: "V".into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 30,
            audience: amane_domain::Audience::Age8To11,
            lang: Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("ok");
        let new_reg = NewRegistration {
            workshop: w.id,
            establishment: None,
            kind: Kind::Group,
            label: "CE6".into(),
            age_band: Some(amane_domain::Audience::Age8To11),
            seats: 2,
            roster: vec!["Faucon".into(), "Étoile".into()],
            staff_email: None,
            by: None,
        };
        let r = db.register(&new_reg, 1).await.expect("reg");
        let class = NewCertificate {
            workshop: w.id,
            registration: r.id.clone(),
            kind: CertificateKind::Class,
            roster_idx: None,
            recipient: "CE6".into(),
        };
        let first = db.issue_certificate(&class, || code("AAAAA-AAAAA"), 10).await.expect("issue");
        assert_eq!((first.code.as_str(), first.roster_idx, first.issued_at), ("AAAAAAAAAA", None, 10));
        let again = db.issue_certificate(&class, || code("BBBBB-BBBBB"), 20).await.expect("again");
        assert_eq!(again, first, "a class without a roster position is still issued once");

        // A code already taken is drawn again.
        let mut draws = ["AAAAAAAAAA", "CCCCCCCCCC"].into_iter();
        let child =
            NewCertificate { kind: CertificateKind::Child, roster_idx: Some(1), recipient: "Étoile".into(), ..class };
        let child = db.issue_certificate(&child, || code(draws.next().expect("draw")), 30).await.expect("child");
        assert_eq!((child.code.as_str(), child.roster_idx), ("CCCCCCCCCC", Some(1)));

        assert_eq!(db.find_certificate(&code("ccccc cccc c")).await.expect("find"), Some(child.clone()));
        assert_eq!(db.find_certificate(&code("DDDDDDDDDD")).await.expect("none"), None);
        assert_eq!(db.workshop_certificates(w.id).await.expect("list"), vec![first, child]);
    }
}

#[tokio::test]
async fn assessment_answers_keep_scores_and_question_counts_and_refuse_clashes_whole() {
    use amane_domain::Audience;
    use amane_domain::assessment::Source;
    use amane_domain::learning::Phase;
    use amane_store::assessments::{AssessmentFields, NewAnswer, Participant};
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03", "École 1"), school("S2", "04", "École 2")], 0, &|_| {})
            .await
            .expect("schools");
        let c = campaign(db).await;
        let new = AssessmentFields {
            campaign: c.id,
            title: "Phishing 12-14".into(),
            module: "phishing".into(),
            audience: Audience::Age12To14,
            questions_json: "[]".into(),
            n_questions: 3,
            by: None,
        };
        let a = db.create_assessment(&new, 5).await.expect("create");
        assert_eq!(db.list_assessments(c.id).await.expect("list"), vec![a.clone()]);
        let who = |code: &str, est: &str| Participant {
            code: code.into(),
            workshop: None,
            establishment: Some(est.into()),
            age_band: Some(Audience::Age12To14),
            source: Source::Paper,
        };
        let ans = |p: &'static str, phase: Phase, position: u32, correct: bool, choice: Option<u32>| NewAnswer {
            participant: p,
            phase,
            position,
            correct,
            choice,
        };
        let batch = [
            ans("P1", Phase::Pre, 1, false, Some(2)),
            ans("P1", Phase::Pre, 2, true, Some(0)),
            ans("P1", Phase::Post, 1, true, Some(1)),
            ans("P1", Phase::Post, 2, true, Some(0)),
            ans("P2", Phase::Pre, 1, false, Some(2)),
        ];
        let done = db
            .record_assessment_answers(a.id, &[who("P1", "S1"), who("P2", "S2")], &batch, 6)
            .await
            .expect("db")
            .expect("no clash");
        assert_eq!((done.participants_new, done.answers_new, done.answers_replaced), (2, 5, 0));
        // P2's pre answer to question 1 is corrected: replaced, not counted twice.
        let fix = [ans("P2", Phase::Pre, 1, true, Some(1)), ans("P2", Phase::Post, 1, true, Some(1))];
        let done = db.record_assessment_answers(a.id, &[who("P2", "S2")], &fix, 7).await.expect("db").expect("ok");
        assert_eq!((done.participants_new, done.answers_new, done.answers_replaced), (0, 1, 1));
        // A participant said to be at another school: nothing of the batch lands.
        let clash = db
            .record_assessment_answers(
                a.id,
                &[who("P3", "S1"), who("P1", "S2")],
                &[ans("P3", Phase::Pre, 1, true, None)],
                8,
            )
            .await
            .expect("db")
            .expect_err("clash");
        assert_eq!(clash.len(), 1);
        assert_eq!((clash[0].code.as_str(), clash[0].field, clash[0].stored.as_str()), ("P1", "establishment", "S1"));
        // A new participant whose answer is named twice in one batch: the later replaces the earlier, counted once.
        let twice = [ans("P4", Phase::Post, 3, false, Some(2)), ans("P4", Phase::Post, 3, true, Some(0))];
        let done = db.record_assessment_answers(a.id, &[who("P4", "S2")], &twice, 9).await.expect("db").expect("ok");
        assert_eq!((done.participants_new, done.answers_new, done.answers_replaced), (1, 1, 1));
        let q3: Vec<_> = db
            .assessment_question_counts(a.id)
            .await
            .expect("counts")
            .into_iter()
            .filter(|c| c.phase == Phase::Post && c.position == 3)
            .map(|c| (c.choice, c.n, c.n_correct))
            .collect();
        assert_eq!(q3, vec![(Some(0), 1, 1)], "the replaced option counts nothing");
        let mut cells = db.assessment_learning_cells(a.id).await.expect("cells");
        cells.sort_by(|x, y| x.establishment.cmp(&y.establishment));
        assert_eq!(cells.len(), 2, "P3 was not stored (P4 joins S2's cell)");
        assert_eq!((cells[0].region.as_deref(), cells[1].region.as_deref()), (Some("03"), Some("04")));
        let s1 = cells[0].sums;
        // P1: pre 1 of 3, post 2 of 3 → gain 1.
        assert_eq!(
            (s1.n_paired, s1.sum_pre, s1.sum_post, s1.sum_gain, s1.sum_gain_sq, s1.n_improved),
            (1, 1, 2, 1, 1, 1)
        );
        let s2 = cells[1].sums;
        // P2: pre 1 (corrected), post 1 → gain 0; P4 took the post-test only.
        assert_eq!((s2.n_paired, s2.sum_pre, s2.sum_post, s2.sum_gain, s2.n_improved), (1, 1, 1, 0, 0));
        assert_eq!(s2.n_post_only, 1);
        let counts = db.assessment_question_counts(a.id).await.expect("counts");
        let pre_q1: Vec<_> = counts
            .iter()
            .filter(|c| c.phase == Phase::Pre && c.position == 1)
            .map(|c| (c.choice, c.n, c.n_correct))
            .collect();
        assert_eq!(pre_q1, vec![(Some(1), 1, 1), (Some(2), 1, 0)], "the corrected answer moved from option 2 to 1");
    }
}

/// The bulk writer (generated data sets) leaves exactly what answering one batch at a time leaves: the same scores,
/// question counts and learning cells for the same answers; it refuses a batch it cannot write whole; and the
/// export reads the answers back a page of participants at a time, in code order, pre before post.
#[tokio::test]
async fn bulk_answers_keep_the_same_summaries_as_recording_them_and_read_back_by_page() {
    use amane_domain::Audience;
    use amane_domain::assessment::Source;
    use amane_domain::learning::Phase;
    use amane_store::assessments::{AssessmentFields, NewAnswer, Participant};
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03", "École 1"), school("S2", "04", "École 2")], 0, &|_| {})
            .await
            .expect("schools");
        let c = campaign(db).await;
        let fields = AssessmentFields {
            campaign: c.id,
            title: "T".into(),
            module: "phishing".into(),
            audience: Audience::Age12To14,
            questions_json: "[]".into(),
            n_questions: 3,
            by: None,
        };
        let one_by_one = db.create_assessment(&fields, 1).await.expect("create");
        let bulk = db.create_assessment(&fields, 1).await.expect("create");
        let codes = ["P1", "P2", "P3", "P4", "P5", "P6", "P7"];
        let people: Vec<Participant> = codes
            .iter()
            .enumerate()
            .map(|(i, code)| Participant {
                code: (*code).into(),
                workshop: None,
                establishment: Some(if i % 3 == 0 { "S1" } else { "S2" }.into()),
                age_band: Some(if i < 4 { Audience::Age12To14 } else { Audience::Age8To11 }),
                source: Source::Phone,
            })
            .collect();
        let mut answers = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            // P3 misses the post-test, P6 the pre-test; P5's options are unknown (paper).
            for phase in [Phase::Pre, Phase::Post] {
                if (i == 2 && phase == Phase::Post) || (i == 5 && phase == Phase::Pre) {
                    continue;
                }
                for position in 1..=3u32 {
                    let correct = !(i as u32 + position + u32::from(phase == Phase::Post)).is_multiple_of(3);
                    let choice = (i != 4).then_some(if correct { 0 } else { position % 2 + 1 });
                    answers.push(NewAnswer { participant: code, phase, position, correct, choice });
                }
            }
        }
        // Answered in two batches one way, in one bulk write the other.
        let (first, second) = answers.split_at(9);
        db.record_assessment_answers(one_by_one.id, &people[..3], first, 2).await.expect("db").expect("ok");
        db.record_assessment_answers(one_by_one.id, &people[3..], second, 2).await.expect("db").expect("ok");
        assert_eq!(db.bulk_new_participants(bulk.id, &people, &answers, 2).await.expect("bulk"), 36);

        let scores = |id: String| async move {
            db.fetch_all(
                q("SELECT participant, phase, score, answered, answered_bits, right_bits FROM assessment_scores
                   WHERE assessment_id = $1 ORDER BY participant, phase")
                .bind(id),
            )
            .await
            .expect("scores")
            .iter()
            .map(|r| {
                (
                    r.get::<String>("participant").expect("p"),
                    r.get::<String>("phase").expect("phase"),
                    r.get::<i64>("score").expect("score"),
                    r.get::<i64>("answered").expect("answered"),
                    r.get::<i64>("answered_bits").expect("answered_bits"),
                    r.get::<i64>("right_bits").expect("right_bits"),
                )
            })
            .collect::<Vec<_>>()
        };
        let want = scores(one_by_one.id.to_string()).await;
        assert_eq!(want.len(), 12);
        assert_eq!(scores(bulk.id.to_string()).await, want);
        assert_eq!(
            db.assessment_question_counts(bulk.id).await.expect("counts"),
            db.assessment_question_counts(one_by_one.id).await.expect("counts")
        );
        assert_eq!(
            db.assessment_learning_cells(bulk.id).await.expect("cells"),
            db.assessment_learning_cells(one_by_one.id).await.expect("cells")
        );

        // Read back three participants at a time, whichever way they were written: every answer once, in order,
        // pre first.
        let written: Vec<_> = answers
            .iter()
            .map(|a| {
                let p = people.iter().find(|p| p.code == a.participant).expect("listed");
                (p.code.clone(), p.establishment.clone(), p.age_band, a.phase, a.position, a.correct)
            })
            .collect();
        for test in [bulk.id, one_by_one.id] {
            let mut after = String::new();
            let mut read = Vec::new();
            loop {
                let page = db.assessment_answer_page(test, &after, 3).await.expect("page");
                let Some(last) = page.participants.last() else { break };
                after = last.0.clone();
                for (who, phase, position, correct) in &page.answers {
                    let (code, est, band) = &page.participants[*who];
                    read.push((code.clone(), est.clone(), *band, *phase, *position, *correct));
                }
            }
            assert_eq!(read, written, "{:?}", db.backend());
        }

        // A batch naming an answer twice, or someone outside it, is refused before anything is written.
        let again = db.create_assessment(&fields, 1).await.expect("create");
        let twice = [answers[0], answers[0]];
        assert!(matches!(
            db.bulk_new_participants(again.id, &people[..1], &twice, 3).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            db.bulk_new_participants(again.id, &people[1..2], &answers[..1], 3).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(db.assessment_learning_cells(again.id).await.expect("cells").is_empty());
        // A participant the test already holds fails the whole batch.
        assert!(db.bulk_new_participants(bulk.id, &people[..1], &answers[..3], 3).await.is_err());
        assert_eq!(scores(bulk.id.to_string()).await, want);
    }
}

/// Generated workshops land with their confirmed classes and attendance, as the report reads them.
#[tokio::test]
async fn bulk_workshops_are_read_by_the_campaign_report() {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_domain::{Audience, Lang};
    use amane_store::bulk::{BulkGroup, BulkWorkshop};
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03", "École 1")], 0, &|_| {}).await.expect("schools");
        let c = campaign(db).await;
        let workshop = |hour: i64| Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: format!("Atelier {hour}"),
            venue: Venue { establishment: Some("S1".into()), name: "École 1".into(), room: String::new() },
            starts_at: hour * 3_600_000,
            ends_at: (hour + 1) * 3_600_000,
            capacity: 70,
            audience: Audience::Age8To11,
            lang: Lang::Ar,
            modules: vec!["phishing".into()],
            facilitators: vec![],
        };
        let group = |label: &str, seats: u32, present: u32| BulkGroup {
            establishment: Some("S1".into()),
            label: label.into(),
            age_band: Some(Audience::Age8To11),
            seats,
            present,
        };
        let list = vec![
            BulkWorkshop { workshop: workshop(9), groups: vec![group("A", 30, 28), group("B", 31, 31)] },
            BulkWorkshop { workshop: workshop(11), groups: vec![group("C", 25, 20)] },
        ];
        db.bulk_workshops(&list, 5).await.expect("bulk");
        let cells = db.campaign_reach_cells(c.id).await.expect("reach");
        let mut got: Vec<(i64, i64)> = cells.iter().map(|c| (c.registered, c.present)).collect();
        got.sort();
        assert_eq!(got, vec![(25, 20), (61, 59)]);
        assert!(cells.iter().all(|c| c.region.as_deref() == Some("03")));
        assert_eq!(db.campaign_workshops(c.id).await.expect("workshops").len(), 2);
    }
}

/// The learning cells kept while answering always equal the sums computed again from every participant's scores:
/// after new answers, corrected ones, a refused clash, a bulk write, and a deleted workshop (whose participants then
/// belong to no workshop, and whose later answers move sums between two rows of the same group).
#[tokio::test]
async fn kept_learning_cells_equal_the_sums_computed_from_scores() {
    use amane_domain::assessment::Source;
    use amane_domain::learning::Phase;
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_domain::{Audience, Lang};
    use amane_store::assessments::{AssessmentFields, LearningCell, NewAnswer, Participant};
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03", "École 1"), school("S2", "04", "École 2")], 0, &|_| {})
            .await
            .expect("schools");
        let c = campaign(db).await;
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: "W".into(),
            venue: Venue { establishment: Some("S1".into()), name: "École 1".into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 30,
            audience: Audience::Age12To14,
            lang: Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("workshop");
        let fields = AssessmentFields {
            campaign: c.id,
            title: "T".into(),
            module: "phishing".into(),
            audience: Audience::Age12To14,
            questions_json: "[]".into(),
            n_questions: 3,
            by: None,
        };
        let a = db.create_assessment(&fields, 1).await.expect("create");
        let check = |when: &'static str| async move {
            let key = |c: &LearningCell| {
                (c.workshop.map(|w| w.to_string()), c.establishment.clone(), c.age_band.map(|b| b.code()))
            };
            let mut kept = db.assessment_learning_cells(a.id).await.expect("kept");
            let mut computed = db.assessment_learning_cells_from_scores(a.id).await.expect("computed");
            kept.sort_by_key(key);
            computed.sort_by_key(key);
            assert_eq!(kept, computed, "{when}");
            kept
        };
        let who = |code: &str, workshop: bool, est: &str| Participant {
            code: code.into(),
            workshop: workshop.then_some(w.id),
            establishment: Some(est.into()),
            age_band: Some(Audience::Age12To14),
            source: Source::Phone,
        };
        let ans = |p: &'static str, phase: Phase, position: u32, correct: bool| NewAnswer {
            participant: p,
            phase,
            position,
            correct,
            choice: None,
        };
        let mut first = Vec::new();
        for (p, pre, post) in [
            ("P1", Some([true, false, true]), Some([true, true, true])),
            ("P2", Some([false; 3]), None),
            ("P3", None, Some([true, false, false])),
        ] {
            for (phase, marks) in [(Phase::Pre, pre), (Phase::Post, post)] {
                for (i, m) in marks.iter().flatten().enumerate() {
                    first.push(ans(p, phase, i as u32 + 1, *m));
                }
            }
        }
        first.push(ans("P4", Phase::FollowUp, 1, true));
        let people = [who("P1", true, "S1"), who("P2", false, "S2"), who("P3", true, "S1"), who("P4", false, "S2")];
        db.record_assessment_answers(a.id, &people, &first, 2).await.expect("db").expect("ok");
        let cells = check("first batch").await;
        assert_eq!(cells.iter().map(|c| c.sums.participants()).sum::<u64>(), 3, "P4 took the follow-up only");
        // P1's pre q2 corrected (gain 0 now), P2 takes the post-test, P3 the pre-test.
        let second = [ans("P1", Phase::Pre, 2, true), ans("P2", Phase::Post, 1, true), ans("P3", Phase::Pre, 3, false)];
        db.record_assessment_answers(a.id, &people[..3], &second, 3).await.expect("db").expect("ok");
        check("corrections").await;
        let clash = db
            .record_assessment_answers(a.id, &[who("P1", true, "S2")], &[ans("P1", Phase::Post, 1, false)], 4)
            .await
            .expect("db");
        assert!(clash.is_err());
        check("a refused clash").await;
        let bulk_people = [who("B1", true, "S1"), who("B2", false, "S2")];
        let bulk = [ans("B1", Phase::Pre, 1, false), ans("B1", Phase::Post, 1, true), ans("B2", Phase::Post, 2, true)];
        db.bulk_new_participants(a.id, &bulk_people, &bulk, 5).await.expect("bulk");
        check("a bulk write").await;
        assert!(db.delete_workshop(w.id).await.expect("delete"));
        let cells = check("the workshop deleted").await;
        assert!(cells.iter().all(|c| c.workshop.is_none()));
        // P1 now belongs to no workshop: a new answer moves sums out of the old workshop's row into another.
        db.record_assessment_answers(a.id, &[who("P1", false, "S1")], &[ans("P1", Phase::Post, 1, false)], 6)
            .await
            .expect("db")
            .expect("ok");
        let cells = check("an answer after the deletion").await;
        let s1 = cells.iter().find(|c| c.establishment.as_deref() == Some("S1")).expect("S1");
        // P1 3 → 2, P3 0 → 1, B1 0 → 1.
        assert_eq!((s1.sums.n_paired, s1.sums.sum_pre, s1.sums.sum_post, s1.sums.n_improved), (3, 3, 4, 2));
    }
}
