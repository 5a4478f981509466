//! A game's results: the figures per question and the ranking as a page (also while the game runs), and the
//! same as a CSV file.

use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::live::runnable;
use crate::pages::{Page, render};
use amane_app::live::{results, results_csv};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "live/results.html")]
struct ResultsPage {
    page: Page,
    id: String,
    title: String,
    res: amane_app::live::Results,
    summary: String,
    bars: Vec<u32>,
}

/// `/live/<id>/results`: the figures of a game (also while it runs).
pub async fn results_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let row = runnable(&state, &id.user, &gid).await?;
    let r = results(&state.db, &row, lang).await?;
    let title = state.curriculum.module(&row.game.module_id).map(|m| m.title.text(lang).to_owned()).unwrap_or_default();
    let bars = r.questions.iter().map(|q| (q.correct * 100).checked_div(q.answered).unwrap_or(0)).collect();
    let summary = format!(
        "{} · {}",
        t.get(&format!("live-status-{}", r.status)),
        t.args("live-players", &[("count", Arg::Num(i64::from(r.players)))])
    );
    Ok(render(&ResultsPage {
        page: Page::new(t, t.get("live-results-title"), Some(id.user)),
        id: gid,
        title,
        res: r,
        summary,
        bars,
    }))
}

/// `/live/<id>/results.csv`.
pub async fn results_csv_file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let row = runnable(&state, &id.user, &gid).await?;
    let r = results(&state.db, &row, lang).await?;
    let body = results_csv(&r)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"amane-live-{}.csv\"", row.pin)),
        ],
        body,
    )
        .into_response())
}
