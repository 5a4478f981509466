//! Retention (issue 12, finding 18): after a campaign's retention period, its children's data is purged on both
//! databases — rosters, check-ins, certificates, live players, test answers and participant codes — while every
//! figure of its report stays as it was; another campaign is not touched.

use amane_domain::suppression::MinCell;
use amane_store::{Db, q};

async fn count(db: &Db, sql: &'static str) -> i64 {
    db.fetch_one(q(sql)).await.expect(sql).get("n").expect("n")
}

/// Nicknames in rosters, per-child check-ins, certificates, live players and answers, test answers, and test
/// participants whose code is still theirs, and which questions each got right (kept beside their scores for
/// exports): everything that names (or pseudonymously tracks) a child.
async fn personal(db: &Db) -> [i64; 7] {
    [
        count(db, "SELECT COUNT(*) AS n FROM registrations WHERE roster <> '[]'").await,
        count(db, "SELECT COUNT(*) AS n FROM attendance_participants").await,
        count(db, "SELECT COUNT(*) AS n FROM certificates").await,
        count(db, "SELECT COUNT(*) AS n FROM live_players").await,
        count(db, "SELECT COUNT(*) AS n FROM assessment_answers").await,
        count(db, "SELECT COUNT(*) AS n FROM assessment_participants WHERE code NOT LIKE '@%'").await,
        count(db, "SELECT COUNT(*) AS n FROM assessment_scores WHERE answered_bits <> 0 OR right_bits <> 0").await,
    ]
}

#[tokio::test]
async fn a_campaign_past_its_retention_loses_its_childrens_data_and_keeps_its_figures() {
    for t in amane_store::testing::all().await {
        let db = &t.db;
        amane_app::demo::seed(db, None, None).await.expect("demo");
        // The demonstration keeps its 2025 campaign ten years; this one keeps it 30 days.
        db.execute(q("UPDATE campaigns SET retention_days = 30 WHERE ends_on = '2025-04-27'"))
            .await
            .expect("retention");
        let campaigns = db.list_campaigns().await.expect("campaigns");
        let ai = campaigns.iter().find(|c| c.ends_on.to_string() == "2025-04-27").expect("the 2025 campaign").clone();
        let national = campaigns.iter().find(|c| c.id != ai.id).expect("the 2027 campaign").clone();
        // A child checked in, certificates printed, and a game played in one of the 2025 workshops.
        let workshops = db.campaign_workshops(ai.id).await.expect("workshops");
        let w = workshops.iter().find(|w| w.audience.code() == "8-11").expect("a workshop for 8-11").clone();
        let reg = amane_store::registrations::NewRegistration {
            workshop: w.id,
            establishment: w.venue.establishment.clone(),
            kind: amane_store::registrations::Kind::Group,
            label: "CM2 B".into(),
            age_band: Some(w.audience),
            seats: 3,
            roster: vec!["Faucon".into(), "Zitoune".into(), "Nour".into()],
            staff_email: None,
            by: None,
        };
        let r = db.register(&reg, 1).await.expect("register");
        db.check_in_participant(&r.id, 0, None, 1).await.expect("check in");
        let issued = amane_app::certificates::issue_for_workshop(db, &w).await.expect("certificates");
        assert!(!issued.is_empty());
        let owner = amane_web_owner(db).await;
        db.execute(
            q("INSERT INTO live_sessions (id, pin, status, node, owner_id, workshop_id, module_id, audience, lang, settings,
                 questions, created_at) VALUES ('g1', '123456', 'finished', 'n', $1, $2, 'passwords', '8-11', 'fr', '{}', '[]', 1)")
            .bind(owner)
            .bind(w.id.to_string()),
        )
        .await
        .expect("game");
        db.execute(q("INSERT INTO live_players (session_id, idx, nickname, resume_hash, switch_code, joined_at)
                       VALUES ('g1', 0, 'Faucon', 'h', 'c', 1)"))
            .await
            .expect("player");
        // Twenty children answered the survey after their post-test.
        db.execute(
            q("INSERT INTO survey_answers (assessment_id, participant, item, value, recorded_at)
               SELECT assessment_id, code, 'liked', 3, 1 FROM assessment_participants
               WHERE assessment_id IN (SELECT id FROM assessments WHERE campaign_id = $1) ORDER BY code LIMIT 20")
            .bind(ai.id.to_string()),
        )
        .await
        .expect("survey");
        let k = MinCell::new(5).expect("k");
        let before = amane_app::reports::campaign_report(db, ai.id, k, None).await.expect("report");
        assert!(!before.learning.is_empty() && !before.satisfaction.is_empty(), "the demo has test results");
        let national_before = personal(db).await;
        let ai_deadline = amane_app::retention::deadline(&ai);

        // The day before the deadline, nothing is due.
        assert!(amane_app::retention::preview(db, ai_deadline - 1).await.expect("preview").is_empty());
        let preview = amane_app::retention::preview(db, ai_deadline).await.expect("preview");
        assert_eq!(preview.len(), 1, "{:?}", db.backend());
        let p = preview[0].counts;
        assert!(p.rosters > 0 && p.checkins == 1 && p.certificates > 0 && p.live_players == 1, "{p:?}");
        assert!(p.test_participants > 0 && p.test_answers > 0, "{p:?}");
        assert_eq!(personal(db).await, national_before, "a dry run changes nothing");

        let (done, _) = amane_app::retention::run(db, ai_deadline).await.expect("purge");
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].counts, p, "the purge removes what the dry run said");
        let after = amane_app::reports::campaign_report(db, ai.id, k, None).await.expect("report");
        assert_eq!(after.totals, before.totals, "{:?}", db.backend());
        assert_eq!(after.by_region, before.by_region);
        assert_eq!(after.learning, before.learning);
        assert_eq!(after.satisfaction, before.satisfaction);
        assert!(db.find_campaign(ai.id).await.expect("find").expect("c").purged_at.is_some());

        // What is left is the 2027 campaign's own (its rosters), nothing of 2025.
        let left = personal(db).await;
        assert_eq!(left[1..], [0, 0, 0, 0, 0, 0], "{:?}: {left:?}", db.backend());
        let national_rosters = count(
            db,
            "SELECT COUNT(*) AS n FROM registrations r JOIN workshops w ON w.id = r.workshop_id
             WHERE r.roster <> '[]' AND w.campaign_id <> (SELECT id FROM campaigns WHERE ends_on = '2025-04-27')",
        )
        .await;
        assert_eq!(left[0], national_rosters);
        assert!(national.purged_at.is_none());
        let again = amane_app::retention::run(db, ai_deadline + 86_400_000).await.expect("again");
        assert!(again.0.is_empty(), "a purged campaign is not purged twice");
    }
}

/// Any account to own the game.
async fn amane_web_owner(db: &Db) -> String {
    crate::common::user(db, "owner@example.ma", "facilitator").await;
    crate::common::staff(db, "owner@example.ma").await.id.to_string()
}
