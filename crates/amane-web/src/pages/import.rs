//! The upload page for question banks (GIFT, Moodle XML): the same service as `amane import questions`.

use super::curriculum::{Opt, audience_label};
use super::{Page, render, render_status};
use crate::AppState;
use crate::auth::{Importers, Staff};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use amane_app::banks::{ImportRequest, import};
use amane_domain::{Audience, Lang, ValidationErrors};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "curriculum/import.html")]
struct ImportPage {
    page: Page,
    module: String,
    title: String,
    langs: Vec<Opt>,
    audiences: Vec<Opt>,
    private: bool,
    error: Option<String>,
    file_error: Option<String>,
    module_error: Option<String>,
    audience_error: Option<String>,
}

#[derive(Template)]
#[template(path = "curriculum/import_done.html")]
struct DonePage {
    page: Page,
    module: String,
    summary: String,
    skipped: Vec<String>,
}

#[derive(Default)]
struct Form {
    module: String,
    title: String,
    lang: Option<Lang>,
    audiences: Vec<Audience>,
    file_name: String,
    bytes: Vec<u8>,
    /// `Some(false)` when the importer keeps the bank to themself.
    shared: Option<bool>,
}

fn form_page(
    t: Tr,
    user: amane_domain::User,
    f: &Form,
    errors: &ValidationErrors,
    error: Option<String>,
) -> ImportPage {
    let lang = f.lang.unwrap_or(t.lang);
    let chosen = if f.audiences.is_empty() && errors.is_empty() {
        vec![Audience::Age8To11, Audience::Age12To14, Audience::Age15To17]
    } else {
        f.audiences.clone()
    };
    ImportPage {
        page: Page::new(t, t.get("import-heading"), Some(user)),
        module: f.module.clone(),
        title: f.title.clone(),
        langs: Lang::ALL
            .into_iter()
            .map(|l| Opt { value: l.code().into(), label: l.native_name().into(), selected: l == lang })
            .collect(),
        audiences: Audience::ALL
            .into_iter()
            .map(|a| Opt { value: a.code().into(), label: audience_label(t, a), selected: chosen.contains(&a) })
            .collect(),
        private: f.shared == Some(false),
        error,
        file_error: field_message(t, errors, "file"),
        module_error: field_message(t, errors, "module"),
        audience_error: field_message(t, errors, "audience"),
    }
}

pub async fn show(Staff { user, t, .. }: Staff<Importers>) -> Result<Response, AppError> {
    Ok(render(&form_page(t, user, &Form::default(), &ValidationErrors::new(), None)))
}

async fn read_form(mut mp: Multipart) -> Result<Form, AppError> {
    let bad = super::multipart_refusal;
    let mut f = Form::default();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "file" => {
                f.file_name = field.file_name().unwrap_or("").to_owned();
                f.bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            "module" => f.module = field.text().await.map_err(bad)?.trim().to_owned(),
            "title" => f.title = field.text().await.map_err(bad)?.trim().to_owned(),
            "lang" => f.lang = field.text().await.map_err(bad)?.parse().ok(),
            "sharing" => f.shared = Some(field.text().await.map_err(bad)?.trim() != "private"),
            "audience" => {
                if let Ok(a) = Audience::parse(&field.text().await.map_err(bad)?) {
                    f.audiences.push(a);
                }
            }
            _ => {}
        }
    }
    Ok(f)
}

pub async fn submit(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<Importers>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let f = read_form(mp).await?;
    let req = ImportRequest {
        module: f.module.clone(),
        title: f.title.clone(),
        lang: f.lang.unwrap_or(t.lang),
        audiences: f.audiences.clone(),
        file_name: f.file_name.clone(),
        bytes: f.bytes.clone(),
        shared: f.shared,
    };
    match import(&state.db, &state.curriculum, &req, Some(&user)).await {
        Ok(report) => {
            let summary = t.args(
                "import-summary",
                &[
                    ("imported", Arg::Num(report.imported() as i64)),
                    ("inserted", Arg::Num(report.inserted as i64)),
                    ("updated", Arg::Num(report.updated as i64)),
                    ("skipped", Arg::Num(report.skipped.len() as i64)),
                ],
            );
            let skipped = amane_app::banks::skipped_report(&t, &report.skipped);
            Ok(render(&DonePage {
                page: Page::new(t, t.get("import-done-heading"), Some(user)),
                module: f.module,
                summary,
                skipped,
            }))
        }
        Err(amane_app::Error::Validation(errors)) => {
            let page = form_page(t, user, &f, &errors, Some(t.get("form-has-errors")));
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(amane_app::Error::Unreadable { code: amane_app::ErrorCode::BankUnreadable, details }) => {
            let line = details["line"].as_i64().unwrap_or(0);
            let reason = details["reason"].as_str().unwrap_or("").to_owned();
            let msg = t.args("import-unreadable", &[("line", Arg::Num(line)), ("reason", Arg::Str(&reason))]);
            let page = form_page(t, user, &f, &ValidationErrors::new(), Some(msg));
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}
