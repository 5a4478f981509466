//! Issue 3's scale targets, measured on SQLite (and PostgreSQL when AMANE_BENCH_DATABASE_URL is set):
//! a campaign of 10,000 workshops and 300,000 registered children; a page of its workshops (first, middle,
//! filtered by establishment) in under 50 ms, its progress figures in under 200 ms.
//!
//! cargo bench -p amane-store --bench scale

use amane_domain::campaign::CampaignInput;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use amane_domain::workshop::{Venue, Workshop, WorkshopId};
use amane_domain::{Audience, Lang};
use amane_store::registrations::{Kind, NewRegistration};
use amane_store::{Db, DbUrl};
use std::time::{Duration, Instant};

const WORKSHOPS: usize = 10_000;
const CHILDREN_PER_WORKSHOP: u32 = 30;
const SCHOOLS: usize = 300;
const RUNS: usize = 30;

async fn seed(db: &Db) -> amane_domain::campaign::CampaignId {
    let schools: Vec<Establishment> = (0..SCHOOLS)
        .map(|i| Establishment {
            code: EstablishmentCode::parse(&format!("B{i:04}")).expect("code"),
            name_fr: format!("École {i}"),
            name_ar: format!("مدرسة {i}"),
            region: format!("{:02}", i % 12 + 1),
            province: "P".into(),
            commune: "C".into(),
            level: Level::Primary,
            sector: Sector::Public,
            setting: Setting::Urban,
        })
        .collect();
    db.upsert_establishments(&schools, 0, &|_| {}).await.expect("schools");
    let input = CampaignInput {
        title_fr: "Février".into(),
        starts_on: "2027-02-01".into(),
        ends_on: "2027-02-28".into(),
        ..Default::default()
    };
    let c = db.create_campaign(&input.parse().expect("valid"), None, 0).await.expect("campaign");
    let start = Instant::now();
    for i in 0..WORKSHOPS {
        let school = format!("B{:04}", i % SCHOOLS);
        let at = 1_801_000_000_000 + (i as i64 % 20) * 86_400_000 + (i as i64 / 20 % 8) * 3_600_000;
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: format!("Atelier {i}"),
            venue: Venue { establishment: Some(school.clone()), name: school.clone(), room: String::new() },
            starts_at: at,
            ends_at: at + 3_600_000,
            capacity: 40,
            audience: Audience::Age8To11,
            lang: Lang::Fr,
            modules: vec!["passwords".into()],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("no clash");
        let r = db
            .register(
                &NewRegistration {
                    workshop: w.id,
                    establishment: Some(school),
                    kind: Kind::Group,
                    label: format!("Classe {i}"),
                    age_band: Some(Audience::Age8To11),
                    seats: CHILDREN_PER_WORKSHOP,
                    roster: vec![],
                    staff_email: None,
                    by: None,
                },
                1,
            )
            .await
            .expect("register");
        if i % 2 == 0 {
            db.set_attendance(&r.id, CHILDREN_PER_WORKSHOP - 2, None, 2).await.expect("db").expect("ok");
        }
    }
    eprintln!(
        "seeded {WORKSHOPS} workshops, {} children in {:?}",
        WORKSHOPS as u32 * CHILDREN_PER_WORKSHOP,
        start.elapsed()
    );
    c.id
}

fn report(name: &str, mut times: Vec<Duration>, target_ms: u128) {
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    let max = times[times.len() - 1];
    let verdict = if p95.as_millis() < target_ms { "ok" } else { "OVER TARGET" };
    println!("{name:<44} median {median:>10.2?}  p95 {p95:>10.2?}  max {max:>10.2?}  target {target_ms} ms: {verdict}");
}

async fn measure(db: &Db, label: &str) {
    let c = seed(db).await;
    let all = amane_store::workshops::WorkshopFilter::default();
    let (_, total) = db.campaign_workshops_page(c, &all, 50, 0).await.expect("page");
    assert_eq!(total, WORKSHOPS as i64);
    for (name, offset, est) in [
        ("first page (50 workshops)", 0, None),
        ("page 100 (50 workshops)", 4_950, None),
        ("filtered by establishment", 0, Some("B0123")),
    ] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let filter =
                amane_store::workshops::WorkshopFilter { establishment: est.map(str::to_owned), ..Default::default() };
            let (rows, _) = db.campaign_workshops_page(c, &filter, 50, offset).await.expect("page");
            assert!(!rows.is_empty());
            times.push(t.elapsed());
        }
        report(&format!("{label}: {name}"), times, 50);
    }
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let p = db.campaign_progress(c).await.expect("progress");
        assert_eq!(p.children_registered, i64::from(CHILDREN_PER_WORKSHOP) * WORKSHOPS as i64);
        times.push(t.elapsed());
    }
    report(&format!("{label}: progress figures"), times, 200);
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("tmp");
        let db = Db::connect(&DbUrl::Sqlite(dir.path().join("bench.db"))).await.expect("sqlite");
        db.migrate().await.expect("migrate");
        measure(&db, "sqlite").await;
        if let Ok(url) = std::env::var("AMANE_BENCH_DATABASE_URL") {
            let db = Db::connect(&DbUrl::Postgres(url)).await.expect("postgres");
            db.migrate().await.expect("migrate");
            measure(&db, "postgres").await;
        }
    });
}
