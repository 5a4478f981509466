//! `/live`: the facilitator's recent games and the form that starts one (a module or an imported bank, an
//! audience, a language, scoring and a custom set of questions), and `POST /live`, which creates it.

use super::form_value;
use crate::AppState;
use crate::auth::{LiveHosts, Staff};
use crate::error::{AppError, field_message};
use crate::i18n::Tr;
use crate::pages::curriculum::{Opt, audience_options, lang_options};
use crate::pages::{Page, PageForm, render, render_status};
use amane_app::live::LiveIn;
use amane_domain::FieldCode;
use amane_domain::{Audience, ValidationErrors};
use amane_store::live as store;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct GameLine {
    pub id: String,
    pub title: String,
    pub pin: String,
    pub status: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "live/new.html")]
struct NewPage {
    page: Page,
    games: Vec<GameLine>,
    modules: Vec<Opt>,
    audiences: Vec<Opt>,
    langs: Vec<Opt>,
    workshop: String,
    count: String,
    time_limit: String,
    accuracy: bool,
    streaks: bool,
    teams: bool,
    no_device: bool,
    auto_close: bool,
    errors: Vec<(String, String)>,
    /// The chosen module's questions for the chosen audience, to pick a custom set from.
    picks: Vec<Pick>,
    /// A pre/post test this game is played as (its id and phase), and a sentence saying so.
    test: String,
    phase: String,
    test_line: Option<String>,
}

pub struct Pick {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    workshop: String,
    #[serde(default)]
    module: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    time_limit_s: String,
    #[serde(default)]
    test: String,
    #[serde(default)]
    phase: String,
}

async fn new_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    input: &LiveIn,
    e: &ValidationErrors,
) -> Result<NewPage, AppError> {
    let games = store::list_for_owner(&state.db, user.id, 20)
        .await?
        .into_iter()
        .map(|r| {
            let title = state.curriculum.module(&r.game.module_id).map(|m| m.title.text(t.lang).to_owned());
            GameLine {
                status: t.get(&format!("live-status-{}", r.status.code())),
                title: title.unwrap_or(r.game.module_id),
                pin: r.pin,
                created: format!("{} UTC", t.date_time(r.created_at, 0)),
                id: r.game.id,
            }
        })
        .collect();
    let mut modules: Vec<Opt> = state
        .curriculum
        .modules
        .iter()
        .filter(|m| !m.questions.is_empty())
        .map(|m| Opt { value: m.id.clone(), label: m.title.text(t.lang).to_owned(), selected: m.id == input.module })
        .collect();
    // Imported question banks can be played too.
    for b in state.db.list_banks().await? {
        if b.questions > 0 && amane_app::banks::may_see(&user, &b) {
            let selected = b.id == input.module;
            modules.push(Opt { label: format!("{} ({})", b.title, b.id), value: b.id, selected });
        }
    }
    let audiences = audience_options(t, Audience::ALL, &input.audience);
    let chosen = input.lang.clone().unwrap_or_else(|| t.lang.code().to_owned());
    let langs = lang_options(&chosen);
    let errors = ["module", "audience", "lang", "count", "time_limit_s", "workshop", "questions", "scoring"]
        .into_iter()
        .filter_map(|f| field_message(t, e, f).map(|m| (t.get(&format!("live-field-{}", f.replace('_', "-"))), m)))
        .collect();
    let mut picks = Vec::new();
    let audience = Audience::parse(input.audience.trim()).ok();
    let module = match state.curriculum.module(input.module.trim()) {
        Some(m) => Some(m.clone()),
        None if !input.module.trim().is_empty() => {
            amane_app::banks::bank_module(&state.db, input.module.trim(), Some(&user)).await?
        }
        None => None,
    };
    if let (Some(m), Some(a)) = (module, audience) {
        let chosen = input.questions.clone().unwrap_or_default();
        for q in m.questions.iter().filter(|q| q.audiences.contains(&a)) {
            let kind = t.get(&format!("question-type-{}", q.kind.code()));
            let prompt = q.prompt.text(t.lang);
            // Prompts often say "(several answers)" already: the kind is not said twice.
            let said = prompt.to_lowercase().contains(&kind.to_lowercase());
            picks.push(Pick {
                label: if said { prompt.to_owned() } else { format!("{prompt} ({kind})") },
                checked: chosen.contains(&q.id),
                id: q.id.clone(),
            });
        }
    }
    let test = input.test.clone().unwrap_or_default();
    let phase = input.phase.clone().unwrap_or_default();
    let test_line = match test.parse::<amane_domain::assessment::AssessmentId>() {
        Ok(id) => state.db.find_assessment(id).await?.map(|a| {
            t.plain(
                &format!("live-test-{}", if phase.is_empty() { "pre" } else { phase.as_str() }),
                &[("title", amane_i18n::Arg::Str(&a.fields.title))],
            )
        }),
        Err(_) => None,
    };
    Ok(NewPage {
        test,
        phase,
        test_line,
        picks,
        page: Page::new(t, t.get("live-title"), Some(user)),
        games,
        modules,
        audiences,
        langs,
        workshop: input.workshop.clone().unwrap_or_default(),
        count: input.count.unwrap_or(10).to_string(),
        time_limit: input.time_limit_s.map(|s| s.to_string()).unwrap_or_default(),
        accuracy: input.scoring.as_deref() == Some("accuracy"),
        streaks: input.streaks.unwrap_or(true),
        teams: input.teams.unwrap_or(false),
        no_device: input.no_device.unwrap_or(false),
        auto_close: input.auto_close.unwrap_or(true),
        errors,
    })
}

/// `/live`: the facilitator's games and a form to start one.
pub async fn list(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<LiveHosts>,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let audience = if q.audience.is_empty() { "12-14".to_owned() } else { q.audience };
    let input = LiveIn {
        module: q.module,
        audience,
        workshop: Some(q.workshop).filter(|w| !w.is_empty()),
        lang: Some(q.lang).filter(|l| !l.is_empty()),
        count: q.count.trim().parse().ok(),
        time_limit_s: q.time_limit_s.trim().parse().ok(),
        test: Some(q.test).filter(|x| !x.trim().is_empty()),
        phase: Some(q.phase).filter(|x| !x.trim().is_empty()),
        ..Default::default()
    };
    Ok(render(&new_page(&state, t, user, &input, &ValidationErrors::new()).await?))
}

/// `POST /live`: creates the game and opens its console.
pub async fn create(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<LiveHosts>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::new();
    let number = |name: &str, e: &mut ValidationErrors| match form_value(&pairs, name).map(str::trim) {
        None | Some("") => None,
        Some(v) => match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                e.add(name, FieldCode::NumberInvalid);
                None
            }
        },
    };
    let count = number("count", &mut e);
    let time_limit_s = number("time_limit_s", &mut e);
    let on = |name: &str| form_value(&pairs, name).is_some();
    let input = LiveIn {
        test: form_value(&pairs, "test").map(str::to_owned).filter(|x| !x.trim().is_empty()),
        phase: form_value(&pairs, "phase").map(str::to_owned).filter(|x| !x.trim().is_empty()),
        module: form_value(&pairs, "module").unwrap_or("").to_owned(),
        audience: form_value(&pairs, "audience").unwrap_or("").to_owned(),
        lang: form_value(&pairs, "lang").map(str::to_owned),
        count,
        questions: None,
        workshop: form_value(&pairs, "workshop").map(str::to_owned).filter(|w| !w.trim().is_empty()),
        scoring: Some(if on("accuracy") { "accuracy" } else { "speed" }.to_owned()),
        streaks: Some(on("streaks")),
        teams: Some(on("teams")),
        no_device: Some(on("no_device")),
        auto_close: Some(on("auto_close")),
        time_limit_s,
    };
    let picked: Vec<String> = pairs.iter().filter(|(k, _)| k == "q").map(|(_, v)| v.clone()).collect();
    let input = LiveIn { questions: Some(picked).filter(|p| !p.is_empty()), ..input };
    let prepared = if e.is_empty() {
        amane_app::live::prepare_linked(&state.db, &state.curriculum, &user, &input).await
    } else {
        Err(e.into())
    };
    match prepared {
        Ok(prepared) => {
            let (gid, _) = state.live.create(prepared.game).await?;
            if let Some((test, phase)) = prepared.test {
                state.db.link_assessment_game(&gid, test, phase).await?;
            }
            Ok(Redirect::to(&format!("/live/{gid}")).into_response())
        }
        Err(amane_app::Error::Validation(e)) => {
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &new_page(&state, t, user, &input, &e).await?))
        }
        Err(other) => Err(other.into()),
    }
}
