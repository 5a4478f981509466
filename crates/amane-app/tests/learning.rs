//! Learning figures from paper results, against values computed by hand (fractions, then decimals), on SQLite and
//! PostgreSQL: the same data set as docs/REPORTS.md's worked example, with two more schools.

use amane_app::assessments::{self, AssessmentIn, ImportRefusal};
use amane_domain::campaign::CampaignInput;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use amane_domain::learning::Learning;
use amane_domain::suppression::{Cell, MinCell};
use amane_domain::{FieldCode, User};
use amane_store::testing;

fn school(code: &str, region: &str) -> Establishment {
    Establishment {
        code: EstablishmentCode::parse(code).expect("code"),
        name_fr: format!("École {code}"),
        name_ar: "مدرسة".into(),
        region: region.into(),
        province: "Fès".into(),
        commune: "Agdal".into(),
        level: Level::Middle,
        sector: Sector::Public,
        setting: Setting::Urban,
    }
}

/// One line per question: the first `score` right, the rest wrong (a paper sheet carries no chosen option).
fn sheet(csv: &mut String, who: &str, school: &str, phase: &str, score: u32) {
    for q in 1..=10 {
        csv.push_str(&format!("{who};{school};12-14;{phase};{q};{}\r\n", u8::from(q <= score)));
    }
}

/// S1 (region 03): A–F paired, G and H pre only, I post only (the worked example). S2 (region 04): five children
/// 2 → 4. S3 (region 04): two children, 5 → 8 and 6 → 6.
fn results() -> String {
    let mut csv = String::from("\u{feff}participant;establishment;age_band;phase;question;correct\r\n");
    let s1 = [("A", 3, 7), ("B", 5, 6), ("C", 4, 4), ("D", 6, 9), ("E", 2, 5), ("F", 7, 6)];
    for (who, pre, post) in s1 {
        sheet(&mut csv, &format!("S1-{who}"), "S1", "pre", pre);
        sheet(&mut csv, &format!("S1-{who}"), "S1", "post", post);
    }
    sheet(&mut csv, "S1-G", "S1", "pre", 8);
    sheet(&mut csv, "S1-H", "S1", "pre", 5);
    sheet(&mut csv, "S1-I", "S1", "post", 9);
    for i in 1..=5 {
        sheet(&mut csv, &format!("S2-{i}"), "S2", "pre", 2);
        sheet(&mut csv, &format!("S2-{i}"), "S2", "post", 4);
    }
    for (who, pre, post) in [("S3-1", 5, 8), ("S3-2", 6, 6)] {
        sheet(&mut csv, who, "S3", "pre", pre);
        sheet(&mut csv, who, "S3", "post", post);
    }
    csv
}

fn near(got: Option<f64>, want: f64) {
    let g = got.expect("a figure");
    assert!((g - want).abs() < 1e-6, "got {g}, want {want}");
}

fn shown(c: &Cell<Learning>) -> &Learning {
    match c {
        Cell::Shown(g) => g,
        Cell::Suppressed => panic!("suppressed"),
    }
}

async fn organizer(db: &amane_store::Db) -> User {
    let id = testing::facilitator(db).await;
    db.find_user(id).await.expect("db").expect("user")
}

#[tokio::test]
async fn paper_results_give_the_hand_computed_learning_figures_with_small_groups_hidden() {
    let curriculum = amane_content::load_builtin().expect("curriculum");
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03"), school("S2", "04"), school("S3", "04")], 0, &|_| {})
            .await
            .expect("schools");
        let input = CampaignInput {
            title_fr: "C".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            ..Default::default()
        };
        let by = organizer(db).await;
        let campaign = amane_app::campaigns::create(db, &by, &input).await.expect("campaign");
        let ask = AssessmentIn {
            title: "Hameçonnage, 12-14 ans".into(),
            module: "phishing".into(),
            age_band: "12-14".into(),
            count: Some(10),
            ..Default::default()
        };
        let test = assessments::create(db, &curriculum, &by, campaign.id, &ask).await.expect("test");
        assert_eq!(test.fields.n_questions, 10);

        let done = assessments::import_paper(db, test.id, results().as_bytes()).await.expect("db").expect("stored");
        assert_eq!((done.lines, done.participants_new, done.answers_new), (290, 16, 290));
        // The same file again replaces every answer and changes no figure.
        let again = assessments::import_paper(db, test.id, results().as_bytes()).await.expect("db").expect("stored");
        assert_eq!((again.participants_new, again.answers_new, again.answers_replaced), (0, 0, 290));

        let r = assessments::learning_report(db, test.id, MinCell::default()).await.expect("report");
        // Everyone: 13 paired. Pre 48/13, post 71/13, gain 23/13; variance of gains 79/39, sd 1.423250163;
        // t(0.975, 12) = 2.178812830, half-width 0.860061465; dz (23/13)/sd; normalised (23/13)/(10 − 48/13) =
        // 23/82; improved 10/13.
        let all = shown(&r.all);
        assert_eq!(all.n_paired, 13);
        assert_eq!((all.n_pre_only.is_suppressed(), all.n_post_only.is_suppressed()), (true, true), "2 and 1 children");
        near(all.mean_pre, 48.0 / 13.0);
        near(all.mean_post, 71.0 / 13.0);
        near(all.mean_gain, 23.0 / 13.0);
        let ci = all.ci95.expect("ci");
        near(Some(ci[0]), 0.909169304);
        near(Some(ci[1]), 2.629292235);
        near(all.cohens_dz, 1.243091914);
        near(all.normalised_gain, 23.0 / 82.0);
        near(all.share_improved, 10.0 / 13.0);

        // S1 is docs/REPORTS.md's worked example: ci95 [−0.396926954, 3.730260287], dz 0.847579380.
        let s1 = shown(&r.by_establishment["S1"]);
        assert_eq!(s1.n_paired, 6);
        near(s1.mean_gain, 5.0 / 3.0);
        near(s1.ci95.map(|c| c[0]), -0.396926954);
        near(s1.ci95.map(|c| c[1]), 3.730260287);
        near(s1.cohens_dz, 0.847579380);
        near(s1.normalised_gain, 10.0 / 33.0);
        // S3 has 2 paired children: hidden; S2 (5) is hidden too, or 13 − 6 − 5 would give S3 away.
        assert!(r.by_establishment["S3"].is_suppressed());
        assert!(r.by_establishment["S2"].is_suppressed());
        // Region 04 holds S2 and S3: 7 paired, pre 3, post 34/7, gain 13/7, variance 17/21; t(0.975, 6) =
        // 2.446911851 → ci95 [1.025026388, 2.689259326]; dz 2.064098884; normalised 13/49; improved 6/7.
        let r04 = shown(&r.by_region["04"]);
        assert_eq!(r04.n_paired, 7);
        near(r04.mean_pre, 3.0);
        near(r04.mean_post, 34.0 / 7.0);
        near(r04.ci95.map(|c| c[0]), 1.025026388);
        near(r04.ci95.map(|c| c[1]), 2.689259326);
        near(r04.cohens_dz, 2.064098884);
        near(r04.normalised_gain, 13.0 / 49.0);
        near(r04.share_improved, 6.0 / 7.0);
        assert_eq!(shown(&r.by_region["03"]).n_paired, 6);
        assert_eq!(shown(&r.by_age_band["12-14"]).n_paired, 13);
        assert_eq!(shown(&r.by_module["phishing"]).n_paired, 13);
        assert!(!r.by_workshop[assessments::UNKNOWN].is_suppressed(), "paper results name no workshop");

        // Per question: 15 took the pre-test, 14 the post-test. Question 5 was right for 7 of 15 before (B, D,
        // F, G, H, S3-1, S3-2) and 8 of 14 after (A, B, D, F, I, E, S3-1, S3-2); nobody had question 10.
        let q5 = &r.by_question[4].figures;
        assert_eq!((q5.position, q5.n_pre, q5.n_post), (5, 15, 14));
        near(q5.correct_rate_pre, 7.0 / 15.0);
        near(q5.correct_rate_post, 8.0 / 14.0);
        assert_eq!(q5.most_chosen_wrong_post, None, "paper says nothing of the option chosen");
        near(r.by_question[9].figures.correct_rate_post, 0.0);
        assert_eq!(r.by_question.len(), 10);

        // The campaign's PDF carries the test in every language; kept beside the screenshots to be looked at.
        let report =
            amane_app::reports::campaign_report(db, campaign.id, MinCell::default(), None).await.expect("report");
        assert_eq!(report.learning.len(), 1);
        // The dashboard's summary has the same figures, without the groups per workshop and establishment.
        let detail = amane_app::assessments::Detail::Summary;
        let summary = amane_app::reports::campaign_report_with(db, campaign.id, MinCell::default(), None, detail)
            .await
            .expect("summary");
        let (full, short) = (&report.learning[0], &summary.learning[0]);
        assert_eq!(
            (&short.all, &short.by_age_band, &short.by_region, &short.by_module, &short.by_question),
            (&full.all, &full.by_age_band, &full.by_region, &full.by_module, &full.by_question)
        );
        assert!(short.by_workshop.is_empty() && short.by_establishment.is_empty());
        assert!(!full.by_establishment.is_empty());
        assert_eq!(summary.totals, report.totals);
        let regions = db.list_regions().await.expect("regions");
        let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&shots).expect("dir");
        for lang in amane_domain::Lang::ALL {
            let pdf = amane_app::report_pdf::render(&report, &regions, lang, "2025-04-28").expect("pdf");
            assert!(pdf.starts_with(b"%PDF"));
            std::fs::write(shots.join(format!("report-{}.pdf", lang.code())), pdf).expect("write");
        }

        // In the API's JSON a hidden group is {"suppressed": true} and nothing else.
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["by_establishment"]["S3"], serde_json::json!({"suppressed": true}));
        assert_eq!(json["all"]["n_pre_only"], serde_json::json!({"suppressed": true}));
        assert!(json["all"]["ci95"].is_array());
    }
}

#[tokio::test]
async fn a_bad_results_file_is_refused_whole_with_every_line_named() {
    let curriculum = amane_content::load_builtin().expect("curriculum");
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03")], 0, &|_| {}).await.expect("schools");
        let input = CampaignInput {
            title_fr: "C".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            ..Default::default()
        };
        let by = organizer(db).await;
        let campaign = amane_app::campaigns::create(db, &by, &input).await.expect("campaign");
        let ask = AssessmentIn {
            title: "T".into(),
            module: "phishing".into(),
            age_band: "12-14".into(),
            count: Some(3),
            ..Default::default()
        };
        let test = assessments::create(db, &curriculum, &by, campaign.id, &ask).await.expect("test");
        let good = "participant,establishment,age_band,phase,question,correct\nP1,S1,12-14,pre,1,1\n";
        assessments::import_paper(db, test.id, good.as_bytes()).await.expect("db").expect("stored");
        // Line 3 names an unknown school and question 4 of a 3-question test; line 4 says P1 is now 8-11.
        let bad = "participant,establishment,age_band,phase,question,correct\r\nP2,S1,12-14,pre,1,1\r\nP3,S9,12-14,pre,4,1\r\nP1,S1,8-11,post,1,1\r\n";
        let Err(ImportRefusal::Rows(rows)) = assessments::import_paper(db, test.id, bad.as_bytes()).await.expect("db")
        else {
            panic!("refused by rows")
        };
        let found: Vec<(usize, &str, FieldCode)> =
            rows.iter().flat_map(|r| r.errors.iter().map(move |e| (r.line, e.column, e.code))).collect();
        assert_eq!(
            found,
            vec![(3, "establishment", FieldCode::EstablishmentUnknown), (3, "question", FieldCode::QuestionOutOfRange)]
        );
        // The stored participant clash is found after the file itself is clean.
        let clash = "participant,establishment,age_band,phase,question,correct\r\nP2,S1,12-14,pre,1,1\r\nP1,S1,8-11,post,1,1\r\n";
        let Err(ImportRefusal::Rows(rows)) =
            assessments::import_paper(db, test.id, clash.as_bytes()).await.expect("db")
        else {
            panic!("refused by the stored participant")
        };
        assert_eq!((rows[0].line, rows[0].errors[0].code), (3, FieldCode::ParticipantAgeBandDiffers));
        // Nothing of either file landed: P2 is unknown to the figures.
        let r = assessments::learning_report(db, test.id, MinCell::default()).await.expect("report");
        assert!(r.all.is_suppressed());
        assert_eq!(
            db.assessment_learning_cells(test.id)
                .await
                .expect("cells")
                .iter()
                .map(|c| c.sums.participants())
                .sum::<u64>(),
            1
        );
    }
}

/// Two live games played as a test's pre- and post-test in one workshop: when each ends its answers become the
/// test's, players pair by nickname (whatever its case), the option chosen is kept, and ending again changes nothing.
#[tokio::test]
async fn live_games_played_as_a_test_pair_their_players_by_nickname() {
    use amane_domain::learning::Phase;
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_store::live::{self as store, AnswerRow, LiveGame, PlayerRow, Write};
    let curriculum = amane_content::load_builtin().expect("curriculum");
    for t in testing::all().await {
        let db = &t.db;
        db.upsert_establishments(&[school("S1", "03")], 0, &|_| {}).await.expect("schools");
        let input = CampaignInput {
            title_fr: "C".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            ..Default::default()
        };
        let by = organizer(db).await;
        let campaign = amane_app::campaigns::create(db, &by, &input).await.expect("campaign");
        let ask = AssessmentIn {
            title: "T".into(),
            module: "phishing".into(),
            age_band: "12-14".into(),
            count: Some(2),
            ..Default::default()
        };
        let test = assessments::create(db, &curriculum, &by, campaign.id, &ask).await.expect("test");
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: campaign.id,
            title: "W".into(),
            venue: Venue { establishment: Some("S1".into()), name: "S1".into(), room: String::new() },
            starts_at: 0,
            ends_at: 1,
            capacity: 30,
            audience: amane_domain::Audience::Age12To14,
            lang: amane_domain::Lang::Fr,
            modules: vec![],
            facilitators: vec![],
        };
        let w = db.create_workshop(&w, 0).await.expect("db").expect("workshop");
        // (nickname, [right?, right?]) in the pre game, then the post game; "lynx" came to the post game only.
        let pre = [
            ("Faucon", [false, false]),
            ("Étoile", [true, false]),
            ("Comète", [false, false]),
            ("Aigle", [false, true]),
            ("Nuage", [false, false]),
        ];
        let post = [
            ("faucon", [true, true]),
            ("ÉTOILE", [true, true]),
            ("Comète", [true, false]),
            ("Aigle", [true, true]),
            ("Nuage", [false, true]),
            ("Lynx", [true, true]),
        ];
        for (phase, players) in [(Phase::Pre, &pre[..]), (Phase::Post, &post[..])] {
            let id = amane_domain::workshop::WorkshopId::new().to_string();
            let game = LiveGame {
                id: id.clone(),
                node: "n".into(),
                owner_id: by.id,
                workshop_id: Some(w.id),
                module_id: "phishing".into(),
                audience: "12-14".into(),
                lang: "fr".into(),
                settings: "{}".into(),
                questions: "[]".into(),
            };
            store::create(db, &game).await.expect("game");
            db.link_assessment_game(&id, test.id, phase).await.expect("link");
            let mut writes = Vec::new();
            for (idx, (nick, rights)) in players.iter().enumerate() {
                let player = PlayerRow {
                    idx: idx as i64,
                    nickname: (*nick).into(),
                    resume_hash: "h".into(),
                    switch_code: format!("c{idx}"),
                    kicked: false,
                };
                writes.push(Write::Player { session: id.clone(), player, joined_at: 1 });
                for (q, right) in rights.iter().enumerate() {
                    let answer = AnswerRow {
                        player_idx: idx as i64,
                        question_idx: q as i64,
                        question_id: format!("q{q}"),
                        answer: format!("{{\"choices\":[{}]}}", if *right { 0 } else { 2 }),
                        correct_milli: if *right { 1000 } else { 0 },
                        points: 0,
                        elapsed_ms: 1000,
                        answered_at: 2,
                    };
                    writes.push(Write::Answer { session: id.clone(), answer });
                }
            }
            store::write_batch(db, &writes).await.expect("answers");
            let done = assessments::record_game(db, &id).await.expect("db").expect("a test game");
            assert_eq!(done.answers_new, players.len() as u64 * 2, "{phase:?}");
            let again = assessments::record_game(db, &id).await.expect("db").expect("a test game");
            assert_eq!((again.answers_new, again.participants_new), (0, 0), "ending twice changes nothing");
        }
        let r = assessments::learning_report(db, test.id, MinCell::default()).await.expect("report");
        // Five paired (pre 0+1+0+1+0 = 2, post 2+2+1+2+1 = 8): gain 6/5; Lynx counted apart.
        let all = shown(&r.all);
        assert_eq!(all.n_paired, 5);
        near(all.mean_pre, 2.0 / 5.0);
        near(all.mean_post, 8.0 / 5.0);
        assert_eq!(shown(&r.by_establishment["S1"]).n_paired, 5);
        assert_eq!(shown(&r.by_workshop[&w.id.to_string()]).n_paired, 5);
        // Question 1 before: 4 of 5 wrong, all on option 2.
        assert_eq!(r.by_question[0].figures.most_chosen_wrong_pre, Some(2));
        // A game that is not a test hands nothing over.
        assert!(assessments::record_game(db, "no-such-game").await.expect("db").is_none());
    }
}

/// The national demonstration at a small size (500 children): the registry over the regions, the reach, one test whose every
/// participant answered ten questions before and after, with scores and counts that agree with the answers, and
/// the certificates workshop's 200 certificates. Then the full export, read back a few participants at a time and
/// imported into a fresh test, gives the same learning figures.
#[tokio::test]
async fn the_national_demo_small_is_consistent_and_its_export_imports_back_unchanged() {
    use amane_app::demo_national::{self, NationalSize};
    use amane_store::q;
    let curriculum = amane_content::load_builtin().expect("curriculum");
    for t in testing::all().await {
        let db = &t.db;
        let by = organizer(db).await;
        let size = NationalSize { schools: 60, participants: 500 };
        let steps = std::sync::Mutex::new(Vec::new());
        let made = demo_national::seed(db, size, Some(by.id), None, &|p| steps.lock().expect("lock").push(p))
            .await
            .expect("seeded");
        assert_eq!((made.schools, made.participants, made.answers), (60, 500, 10_000));
        assert!(
            steps.lock().expect("lock").contains(&demo_national::Progress::Answers { participants: 500, total: 500 })
        );
        let count = |sql: &'static str| async move {
            db.fetch_one(q(sql).bind(made.test.to_string())).await.expect("count").get::<i64>("n").expect("n")
        };
        assert_eq!(count("SELECT COUNT(*) AS n FROM assessment_participants WHERE assessment_id = $1").await, 500);
        // Scores and per-question counts agree with the answers, row for row.
        let disagreeing_scores = count(
            "SELECT COUNT(*) AS n FROM assessment_scores s
             LEFT JOIN (SELECT participant, phase, SUM(correct) AS score, COUNT(*) AS answered FROM assessment_answers
                        WHERE assessment_id = $1 GROUP BY participant, phase) a
               ON a.participant = s.participant AND a.phase = s.phase
             WHERE s.assessment_id = $1 AND (a.score IS NULL OR a.score <> s.score OR a.answered <> s.answered)",
        )
        .await;
        assert_eq!(disagreeing_scores, 0);
        assert_eq!(count("SELECT COUNT(*) AS n FROM assessment_scores WHERE assessment_id = $1").await, 1_000);
        let disagreeing_counts = count(
            "SELECT COUNT(*) AS n FROM assessment_question_counts c
             LEFT JOIN (SELECT phase, position, COALESCE(choice, -1) AS choice, COUNT(*) AS n, SUM(correct) AS n_correct
                        FROM assessment_answers WHERE assessment_id = $1 GROUP BY phase, position, COALESCE(choice, -1)) a
               ON a.phase = c.phase AND a.position = c.position AND a.choice = c.choice
             WHERE c.assessment_id = $1 AND (a.n IS NULL OR a.n <> c.n OR a.n_correct <> c.n_correct)",
        )
        .await;
        assert_eq!(disagreeing_counts, 0);
        assert_eq!(
            count("SELECT CAST(SUM(n) AS BIGINT) AS n FROM assessment_question_counts WHERE assessment_id = $1").await,
            10_000
        );

        // Reach: every participant was present, in schools of several regions; everyone learnt something.
        let report =
            amane_app::reports::campaign_report(db, made.campaign, MinCell::default(), None).await.expect("report");
        assert_eq!(report.totals.reach.children_present, Cell::Shown(500));
        assert!(report.by_region.len() >= 8, "{:?}", report.by_region.keys());
        let learning = &report.learning[0];
        let all = shown(&learning.all);
        assert_eq!(all.n_paired, 500);
        assert!(all.mean_gain.expect("gain") > 1.0, "{:?}", all.mean_gain);
        assert_eq!(learning.by_age_band.len(), 3);
        let issued = amane_app::certificates::issue_for_workshop(
            db,
            &db.find_workshop(made.certificates_workshop.expect("certificates workshop"))
                .await
                .expect("db")
                .expect("w"),
        )
        .await
        .expect("issued");
        assert_eq!(issued.len(), 200);

        // The export, seven participants a page (page boundaries inside classes and schools).
        let mut export = assessments::ResultsExport::open(db, made.test).await.expect("export").page_size(7);
        let mut file = Vec::new();
        while let Some(chunk) = export.next_chunk().await.expect("chunk") {
            file.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(file.clone()).expect("utf-8");
        assert!(text.starts_with("\u{feff}participant,establishment,age_band,phase,question,correct\r\n"));
        assert_eq!(text.lines().count(), 10_001);
        let national = db.find_assessment(made.test).await.expect("db").expect("test");
        let ask = AssessmentIn {
            title: "Again".into(),
            module: "phishing".into(),
            age_band: "12-14".into(),
            questions: Some(assessments::to_out(&national).expect("out").questions),
            ..Default::default()
        };
        let copy = assessments::create(db, &curriculum, &by, made.campaign, &ask).await.expect("test");
        let done = assessments::import_paper(db, copy.id, &file).await.expect("db").expect("imported");
        assert_eq!((done.participants_new, done.answers_new), (500, 10_000));
        let a = assessments::learning_report(db, made.test, MinCell::default()).await.expect("figures");
        let b = assessments::learning_report(db, copy.id, MinCell::default()).await.expect("figures");
        assert_eq!(a.all, b.all);
        assert_eq!(a.by_age_band, b.by_age_band);
        assert_eq!(a.by_establishment, b.by_establishment);
        assert_eq!(a.by_region, b.by_region);
        assert_eq!(a.by_module, b.by_module);
        // Per question the rates are the same; paper does not say which wrong option was chosen.
        let rates = |r: &assessments::LearningReport| -> Vec<_> {
            r.by_question
                .iter()
                .map(|q| {
                    (
                        q.question.clone(),
                        q.figures.n_pre,
                        q.figures.n_post,
                        q.figures.correct_rate_pre,
                        q.figures.correct_rate_post,
                    )
                })
                .collect()
        };
        assert_eq!(rates(&a), rates(&b));
    }
}
