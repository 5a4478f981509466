//! A workshop's certificates: one PDF to print in a batch, issuing first what the attendance recorded since the
//! last print calls for. When nobody has come yet, a page says so instead of an empty document.

use super::find_workshop;
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, base_url, render};
use amane_domain::Lang;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

#[derive(serde::Deserialize, Default)]
pub struct PrintQuery {
    /// The certificates' language. Not `lang`: that one would also switch the signed-in person's pages (and
    /// account) to the language of the children's certificates.
    #[serde(default)]
    language: String,
}

#[derive(Template)]
#[template(path = "workshops/certificates_none.html")]
struct NonePage {
    page: Page,
    back: String,
}

/// `GET /workshops/{id}/certificates.pdf?language=fr|ar|en` (default: the workshop's language).
pub async fn print(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: axum::http::HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    if !amane_app::workshops::may_run(&state.db, &id.user, &w).await? {
        return Err(AppError::Forbidden);
    }
    let language = Lang::from_tag(q.language.trim()).unwrap_or(w.lang);
    let base = base_url(&state, &headers);
    let Some(pdf) = amane_app::certificates::workshop_pdf(&state.db, &w, &id.user, language, &base).await? else {
        let t = Tr::new(lang);
        return Ok(render(&NonePage {
            page: Page::new(t, t.get("cert-none-title"), Some(id.user)),
            back: format!("/workshops/{}", w.id),
        }));
    };
    tracing::info!(workshop = %w.id, pages = pdf.pages, lang = language.code(), "certificates printed");
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", pdf.file_name)),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        pdf.bytes,
    )
        .into_response())
}
