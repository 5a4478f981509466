//! Live-game pages, one file each: starting a game, joining with a PIN (children, no account) and playing, the
//! console, the classroom screen, the results. Playing needs the small live script; the rest is plain HTML. Here:
//! what several pages need (the script's sentences, the hosted game and its join address, a form field).

pub mod console;
pub mod join;
pub mod new;
pub mod results;
pub mod screen;

use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::live::runnable;
use amane_store::live as store;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

/// The sentences the live script shows, in the page's language (a JSON block the script reads).
fn script_strings(t: Tr) -> String {
    const KEYS: &[&str] = &[
        "live-connecting",
        "live-reconnecting",
        "live-waiting",
        "live-players",
        "live-question-of",
        "live-seconds-left",
        "live-paused",
        "live-answer-sent",
        "live-answer-stored",
        "live-submit",
        "live-true",
        "live-false",
        "live-tap-hint",
        "live-type-answer",
        "live-right",
        "live-wrong",
        "live-partly",
        "live-not-answered",
        "live-points",
        "live-score",
        "live-rank",
        "live-streak",
        "live-leaderboard",
        "live-podium",
        "live-final",
        "live-kicked-text",
        "live-replaced-text",
        "live-switch-code",
        "live-answers-count",
        "live-correct-answer",
        "live-explanation",
        "live-finished",
        "live-red-flags-were",
        "live-rf-spotted",
        "live-shape-0",
        "live-shape-1",
        "live-shape-2",
        "live-shape-3",
        "live-shape-4",
        "live-shape-5",
        "live-shape-6",
        "live-shape-7",
        "live-confirm-kick",
        "live-op-kick",
        "live-rf-missed",
        "live-rf-false",
        "live-accepted-answers",
        "live-no-answers",
        "live-status-lobby",
        "live-status-open",
        "live-status-closed",
        "live-status-finished",
    ];
    let map: serde_json::Map<String, serde_json::Value> =
        KEYS.iter().map(|k| ((*k).to_owned(), serde_json::Value::String(t.attr(k)))).collect();
    // `</` cannot end the JSON block early.
    serde_json::Value::Object(map).to_string().replace("</", "<\\/")
}

fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A game its facilitator is looking at, and where children join it.
pub(crate) struct Hosted {
    /// Who asked: the game's owner, or an administrator or organizer.
    user: amane_domain::User,
    row: store::LiveSessionRow,
    game: std::sync::Arc<amane_live::game::Game>,
    join_url: String,
    /// The join address without the scheme, as the screen shows it.
    join_host: String,
}

/// The game of the route's `{id}`, for the pages that show it to whoever runs it (the console and the
/// classroom screen): signed in (else the login page), allowed to run it, and running on the engine.
impl FromRequestParts<AppState> for Hosted {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let PageUser(id) = PageUser::from_request_parts(parts, state).await?;
        let Path(gid) = Path::<String>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let hosted = async {
            let row = runnable(state, &id.user, &gid).await?;
            let game = state.live.fanout(&gid).await?.ok_or(AppError::NotFound)?.game.clone();
            Ok::<_, AppError>((row, game))
        };
        let (row, game) = hosted.await.map_err(IntoResponse::into_response)?;
        let base = crate::pages::base_url(state, &parts.headers);
        let join_url = format!("{base}/join/{}", row.pin);
        let join_host = format!("{base}/join").replace("https://", "").replace("http://", "");
        Ok(Hosted { user: id.user, row, game, join_url, join_host })
    }
}
