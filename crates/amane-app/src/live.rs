//! Live games on the service side: checking what a facilitator asks for and picking its questions, who may run a
//! game, and a game's results read back from the database (also as CSV).

use crate::error::{Error, Result};
use amane_content::Curriculum;
use amane_content::model::Question;
use amane_domain::FieldCode;
use amane_domain::{Audience, Lang, Role, User, ValidationErrors};
use amane_i18n::Tr;
use amane_live::NewGame;
use amane_live::game::{Game, Scoring, Settings, StoredAnswer};
use amane_store::Db;
use amane_store::live::{self as store, LiveSessionRow};
use serde::{Deserialize, Serialize};

/// Who may start and run games.
pub const LIVE_HOSTS: [Role; 3] = [Role::Admin, Role::Organizer, Role::Facilitator];

/// What a facilitator asks for; shared by the form and the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LiveIn {
    /// A module of the curriculum (`phishing`, `deepfakes`…).
    pub module: String,
    /// 8-11, 12-14, 15-17, staff or parents: questions are those written for this audience.
    pub audience: String,
    /// The screen's language (fr, ar or en); each participant reads in their own.
    #[serde(default)]
    pub lang: Option<String>,
    /// How many questions, in the module's order (default 10, at most 50).
    #[serde(default)]
    pub count: Option<u32>,
    /// A custom set: question ids of the module, in this order (instead of `count`).
    #[serde(default)]
    pub questions: Option<Vec<String>>,
    /// The workshop this game belongs to (its campaign, establishment and region count it).
    #[serde(default)]
    pub workshop: Option<String>,
    /// `speed` (500 to 1,000 points by speed) or `accuracy` (1,000 per right answer; for younger children).
    #[serde(default)]
    pub scoring: Option<String>,
    #[serde(default)]
    pub streaks: Option<bool>,
    /// A class or a table shares one device; nicknames are team names.
    #[serde(default)]
    pub teams: Option<bool>,
    /// No phones in the room: the facilitator enters show-of-hands counts.
    #[serde(default)]
    pub no_device: Option<bool>,
    /// The same time for every question (5 to 300 s); else 20 to 60 s depending on the kind.
    #[serde(default)]
    pub time_limit_s: Option<u32>,
    /// Close a question as soon as every connected participant has answered, instead of waiting for the timer
    /// or a `close` (default no through the API; the console's form offers it ticked).
    #[serde(default)]
    pub auto_close: Option<bool>,
    /// Play a campaign's pre/post test (its id): the test's questions, in its order, and its age band; when the game
    /// ends its answers become the test's (`phase` says which), each player a participant by nickname.
    #[serde(default)]
    pub test: Option<String>,
    /// `pre`, `post` or `followup` (with `test`).
    #[serde(default)]
    pub phase: Option<String>,
}

/// A checked game, and the test it is played as, if any.
pub struct Prepared {
    pub game: NewGame,
    pub test: Option<(amane_domain::assessment::AssessmentId, amane_domain::learning::Phase)>,
}

/// Checks a request that may name a test: the game then plays the test's frozen questions for its age band, and
/// the caller links the created game to the test (`Db::link_assessment_game`).
pub async fn prepare_linked(db: &Db, curriculum: &Curriculum, user: &User, input: &LiveIn) -> Result<Prepared> {
    let Some(raw) = input.test.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Prepared { game: prepare(db, curriculum, user, input).await?, test: None });
    };
    let mut e = ValidationErrors::new();
    let test = match raw.parse() {
        Ok(id) => db.find_assessment(id).await?,
        Err(_) => None,
    };
    if test.is_none() {
        e.add("test", FieldCode::IdInvalid);
    }
    let phase = amane_domain::learning::Phase::parse(input.phase.as_deref().unwrap_or(""));
    if phase.is_err() {
        e.add("phase", FieldCode::PhaseUnknown);
    }
    e.into_result()?;
    let (Some(test), Ok(phase)) = (test, phase) else { return Err(Error::internal("checked above")) };
    let frozen = crate::assessments::questions(&test)?;
    let effective = LiveIn {
        module: test.fields.module.clone(),
        audience: test.fields.audience.code().to_owned(),
        count: None,
        questions: None,
        ..input.clone()
    };
    let mut game = prepare(db, curriculum, user, &effective).await?;
    game.questions = frozen;
    Ok(Prepared { game, test: Some((test.id, phase)) })
}

/// Checks a request and picks its questions.
pub async fn prepare(db: &Db, curriculum: &Curriculum, user: &User, input: &LiveIn) -> Result<NewGame> {
    let mut e = ValidationErrors::new();
    // A module of the curriculum, or an imported question bank.
    let module = match curriculum.module(input.module.trim()) {
        Some(m) => Some(m.clone()),
        None => crate::banks::bank_module(db, input.module.trim(), Some(user)).await?,
    };
    if module.is_none() {
        e.add("module", FieldCode::ModuleUnknown);
    }
    let audience = Audience::parse(input.audience.trim()).ok();
    if audience.is_none() {
        e.add("audience", FieldCode::AudienceUnknown);
    }
    let lang = match input.lang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Lang::Fr),
        Some(l) => Lang::from_tag(l).filter(|x| x.code() == l),
    };
    if lang.is_none() {
        e.add("lang", FieldCode::LangUnknown);
    }
    let scoring = match input.scoring.as_deref().map(str::trim).unwrap_or("speed") {
        "speed" | "" => Some(Scoring::Speed),
        "accuracy" => Some(Scoring::Accuracy),
        _ => None,
    };
    if scoring.is_none() {
        e.add("scoring", FieldCode::ScoringUnknown);
    }
    if input.count.is_some_and(|c| !(1..=50).contains(&c)) {
        e.add("count", FieldCode::NumberInvalid);
    }
    if input.time_limit_s.is_some_and(|s| !(5..=300).contains(&s)) {
        e.add("time_limit_s", FieldCode::NumberInvalid);
    }
    let workshop = match input.workshop.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(w) => {
            let found = match w.parse::<amane_domain::workshop::WorkshopId>() {
                Ok(id) => db.find_workshop(id).await?,
                Err(_) => None,
            };
            match found {
                // A game counts in the figures of the workshop it names: only who runs that workshop may name it.
                Some(w) if crate::workshops::may_run(db, user, &w).await? => Some(w.id),
                Some(_) => {
                    e.add("workshop", FieldCode::WorkshopNotRun);
                    None
                }
                None => {
                    e.add("workshop", FieldCode::WorkshopUnknown);
                    None
                }
            }
        }
    };
    let mut questions: Vec<Question> = Vec::new();
    if let (Some(m), Some(a)) = (&module, audience) {
        let fits = |q: &&Question| q.audiences.contains(&a);
        match &input.questions {
            Some(ids) => {
                for id in ids {
                    match m.questions.iter().find(|q| q.id == *id) {
                        Some(q) => questions.push(q.clone()),
                        None => e.add("questions", FieldCode::QuestionUnknown),
                    }
                }
                if ids.is_empty() || ids.len() > 50 {
                    e.add("questions", FieldCode::NumberInvalid);
                }
            }
            None => {
                let n = input.count.unwrap_or(10) as usize;
                questions = m.questions.iter().filter(fits).take(n).cloned().collect();
                if questions.is_empty() {
                    e.add("audience", FieldCode::NoQuestionsForAudience);
                }
            }
        }
    }
    e.into_result()?;
    let (Some(module), Some(audience), Some(lang), Some(scoring)) = (module, audience, lang, scoring) else {
        return Err(Error::internal("validated input without values"));
    };
    Ok(NewGame {
        owner_id: user.id,
        workshop_id: workshop,
        module_id: module.id.clone(),
        audience: audience.code().into(),
        lang,
        settings: Settings {
            title: module.title.clone(),
            scoring,
            streaks: input.streaks.unwrap_or(true),
            teams: input.teams.unwrap_or(false),
            no_device: input.no_device.unwrap_or(false),
            time_limit_s: input.time_limit_s,
            auto_close: input.auto_close.unwrap_or(false),
        },
        questions,
    })
}

/// The game, if this user may run it: its owner, or an administrator or organizer.
pub async fn runnable(db: &Db, user: &User, id: &str) -> Result<LiveSessionRow> {
    let row = store::get(db, id).await?.ok_or(Error::NotFound)?;
    if row.game.owner_id == user.id || matches!(user.role, Role::Admin | Role::Organizer) {
        Ok(row)
    } else {
        Err(Error::Forbidden)
    }
}

/// One question's figures after the game.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionStats {
    pub index: u32,
    pub id: String,
    pub kind: String,
    pub prompt: String,
    /// Participants who answered.
    pub answered: u32,
    /// Of those, fully right.
    pub correct: u32,
    /// Points on average over those who answered.
    pub mean_points: u32,
    /// Mean time to answer, milliseconds.
    pub mean_ms: u32,
    /// Show-of-hands counts per option (no-device mode).
    pub group_counts: Option<Vec<i64>>,
    /// Answers per option (or per red flag and harmless part), show-of-hands counts included.
    pub chart: Vec<Bar>,
}

/// One bar of a question's answer chart.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bar {
    pub label: String,
    pub count: i64,
    /// A right option, or a real red flag.
    pub right: bool,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub rank: u32,
    pub nickname: String,
    pub score: i64,
    pub answered: u32,
    pub correct: u32,
}

/// A game's results, from what was stored (pseudonymous: nicknames only).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    pub id: String,
    pub pin: String,
    pub status: String,
    pub module: String,
    pub audience: String,
    pub workshop: Option<String>,
    pub players: u32,
    pub questions: Vec<QuestionStats>,
    pub ranking: Vec<Standing>,
}

pub async fn results(db: &Db, row: &LiveSessionRow, lang: Lang) -> Result<Results> {
    let game = Game::from_json(&row.game.settings, &row.game.questions)
        .map_err(|e| Error::caused("reading a game's questions (live_sessions.questions)", e))?;
    let players = store::players(db, &row.game.id).await?;
    let answers = store::answers(db, &row.game.id).await?;
    let groups = store::group_counts(db, &row.game.id).await?;
    let t = Tr::new(lang);
    let (right, wrong, yes, no) =
        (t.attr("live-right"), t.attr("live-wrong"), t.attr("live-true"), t.attr("live-false"));
    let questions = game
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mine: Vec<_> = answers.iter().filter(|a| a.question_idx == i as i64).collect();
            let group = groups.iter().find(|(qi, _)| *qi == i as i64).map(|(_, c)| c.clone());
            let mut chart: Vec<Bar> = game
                .slots(i, lang, &right, &wrong, &yes, &no)
                .into_iter()
                .enumerate()
                .map(|(k, s)| Bar {
                    label: s.label,
                    count: group.as_ref().and_then(|g| g.get(k)).copied().unwrap_or(0),
                    right: s.right,
                })
                .collect();
            for a in &mine {
                let Ok(stored) = serde_json::from_str::<StoredAnswer>(&a.answer) else { continue };
                let Ok(answer) = game.answer(i, stored.lang.unwrap_or_default(), &stored.wire) else { continue };
                for k in game.slots_of(i, &answer, a.correct_milli as f64 / 1000.0) {
                    if let Some(b) = chart.get_mut(k) {
                        b.count += 1;
                    }
                }
            }
            let n = mine.len() as u32;
            let div = |x: i64| if n == 0 { 0 } else { (x / i64::from(n)) as u32 };
            QuestionStats {
                index: i as u32,
                id: q.id.clone(),
                kind: q.kind.code().into(),
                prompt: q.prompt.get(lang).1.to_owned(),
                answered: n,
                correct: mine.iter().filter(|a| a.correct_milli >= 1000).count() as u32,
                mean_points: div(mine.iter().map(|a| a.points).sum()),
                mean_ms: div(mine.iter().map(|a| a.elapsed_ms).sum()),
                group_counts: group,
                chart,
            }
        })
        .collect();
    let mut ranking: Vec<Standing> = players
        .iter()
        .filter(|p| !p.kicked)
        .map(|p| {
            let mine: Vec<_> = answers.iter().filter(|a| a.player_idx == p.idx).collect();
            Standing {
                rank: 0,
                nickname: p.nickname.clone(),
                score: mine.iter().map(|a| a.points).sum(),
                answered: mine.len() as u32,
                correct: mine.iter().filter(|a| a.correct_milli >= 1000).count() as u32,
            }
        })
        .collect();
    ranking.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.nickname.cmp(&b.nickname)));
    for (i, s) in ranking.iter_mut().enumerate() {
        s.rank = i as u32 + 1;
    }
    Ok(Results {
        id: row.game.id.clone(),
        pin: row.pin.clone(),
        status: row.status.code().into(),
        module: row.game.module_id.clone(),
        audience: row.game.audience.clone(),
        workshop: row.game.workshop_id.map(|w| w.to_string()),
        players: ranking.len() as u32,
        questions,
        ranking,
    })
}

/// The results as CSV: one line per participant, then one per question.
pub fn results_csv(r: &Results) -> Result<String> {
    let mut w = crate::csv_out::writer();
    let err = |e: csv::Error| Error::caused("writing the results CSV", e);
    crate::csv_out::row(
        &mut w,
        ["section", "rank_or_index", "nickname_or_question", "score_or_mean_points", "answered", "correct"],
    )
    .map_err(err)?;
    for s in &r.ranking {
        crate::csv_out::row(
            &mut w,
            [
                "participant",
                &s.rank.to_string(),
                &s.nickname,
                &s.score.to_string(),
                &s.answered.to_string(),
                &s.correct.to_string(),
            ],
        )
        .map_err(err)?;
    }
    for q in &r.questions {
        crate::csv_out::row(
            &mut w,
            [
                "question",
                &(q.index + 1).to_string(),
                &q.prompt,
                &q.mean_points.to_string(),
                &q.answered.to_string(),
                &q.correct.to_string(),
            ],
        )
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::caused("writing the results CSV", e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| Error::caused("the results CSV as text", e))
}
