//! The establishment registry: a filtered, paged list for every staff member, and the CSV upload for
//! administrators and organizers (the same service as `amane import establishments`).

use super::curriculum::{Opt, filter_options};
use super::{Page, render, render_status};
use crate::AppState;
use crate::auth::{PageUser, RegistryEditors, Staff};
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_app::establishments::{FileProblem, ImportError, import};
use amane_domain::Role;
use amane_domain::establishment::{Establishment, Level, Region};
use amane_store::establishments::EstablishmentFilter;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub const REGISTRY_EDITORS: [Role; 2] = [Role::Admin, Role::Organizer];
const PER_PAGE: i64 = 50;

pub struct RowView {
    pub code: String,
    pub name: String,
    pub region: String,
    pub province: String,
    pub level: String,
    pub sector: String,
    pub setting: String,
}

#[derive(Template)]
#[template(path = "establishments/list.html")]
struct ListPage {
    page: Page,
    total_line: String,
    can_import: bool,
    q: String,
    regions: Vec<Opt>,
    levels: Vec<Opt>,
    rows: Vec<RowView>,
    prev: Option<String>,
    next: Option<String>,
    page_line: String,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    page: Option<i64>,
}

pub fn region_name(t: Tr, regions: &[Region], code: &str) -> String {
    regions
        .iter()
        .find(|r| r.code == code)
        .map(|r| {
            if t.lang == amane_domain::Lang::Ar && !r.name_ar.is_empty() {
                r.name_ar.clone()
            } else {
                r.name_fr.clone()
            }
        })
        .unwrap_or_else(|| code.to_owned())
}

pub fn row_view(t: Tr, regions: &[Region], e: &Establishment) -> RowView {
    RowView {
        code: e.code.to_string(),
        name: e.name_in(t.lang).to_owned(),
        region: region_name(t, regions, &e.region),
        province: e.province.clone(),
        level: t.get(&format!("level-{}", e.level.code())),
        sector: t.get(&format!("sector-{}", e.sector.code())),
        setting: t.get(&format!("setting-{}", e.setting.code())),
    }
}

fn url(q: &ListQuery, page: i64) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!("/establishments?q={}&region={}&level={}&page={page}", enc(&q.q), enc(&q.region), enc(&q.level))
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let regions = state.db.list_regions().await?;
    let level = Level::parse(&q.level).ok();
    let region = regions.iter().find(|r| r.code == q.region).map(|r| r.code.clone());
    let page = q.page.unwrap_or(1).clamp(1, crate::MAX_PAGE);
    let filter = EstablishmentFilter {
        region: region.clone(),
        level,
        search: Some(q.q.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let (rows, total) = state.db.list_establishments(&filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let region_opts = filter_options(
        t.get("est-all-regions"),
        region.is_none(),
        regions.iter().map(|r| Opt {
            value: r.code.clone(),
            label: format!("{} · {}", r.code, region_name(t, &regions, &r.code)),
            selected: region.as_deref() == Some(&r.code),
        }),
    );
    let level_opts = filter_options(
        t.get("est-all-levels"),
        level.is_none(),
        Level::ALL.iter().map(|l| Opt {
            value: l.code().into(),
            label: t.get(&format!("level-{}", l.code())),
            selected: level == Some(*l),
        }),
    );
    let view = ListPage {
        total_line: t.args("est-total", &[("count", Arg::Num(total)), ("formatted", Arg::Str(&t.number(total)))]),
        can_import: REGISTRY_EDITORS.contains(&id.user.role),
        q: q.q.clone(),
        regions: region_opts,
        levels: level_opts,
        rows: rows.iter().map(|e| row_view(t, &regions, e)).collect(),
        prev: (page > 1).then(|| url(&q, page - 1)),
        next: (page < pages).then(|| url(&q, page + 1)),
        page_line: t.args("pager-line", &[("page", Arg::Str(&t.number(page))), ("pages", Arg::Str(&t.number(pages)))]),
        page: Page::new(t, t.get("est-title"), Some(id.user)),
    };
    Ok(render(&view))
}

#[derive(Template)]
#[template(path = "establishments/import.html")]
struct ImportPage {
    page: Page,
    summary: Option<String>,
    error: Option<String>,
    /// (line, column, value, reason) of each refused cell.
    problems: Vec<(usize, String, String, String)>,
}

pub async fn import_form(Staff { user, t, .. }: Staff<RegistryEditors>) -> Result<Response, AppError> {
    Ok(render(&ImportPage {
        page: Page::new(t, t.get("est-import-heading"), Some(user)),
        summary: None,
        error: None,
        problems: Vec::new(),
    }))
}

/// Every bad cell of an imported file as a table row: line, column, value as typed, reason.
pub(crate) fn problem_cells(t: Tr, rows: &[amane_app::establishments::BadRow]) -> Vec<(usize, String, String, String)> {
    rows.iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                (r.line, e.column.to_owned(), e.value.clone(), t.plain(&format!("field_{}", e.code.as_str()), &[]))
            })
        })
        .collect()
}

/// What is wrong with an imported file as a whole.
pub(crate) fn file_problem(t: Tr, p: &FileProblem) -> String {
    match p {
        FileProblem::NotUtf8 => t.get("cli-est-not-utf8"),
        FileProblem::Empty => t.get("cli-est-empty"),
        FileProblem::MissingColumns(c) => t.args("cli-est-missing-columns", &[("columns", Arg::Str(&c.join(", ")))]),
        FileProblem::Malformed { line, reason } => {
            t.args("cli-est-malformed", &[("line", Arg::Num(*line as i64)), ("reason", Arg::Str(reason))])
        }
    }
}

pub async fn import_submit(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<RegistryEditors>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let bad = super::multipart_refusal;
    let mut bytes = Vec::new();
    let mut skip_invalid = false;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "file" => bytes = field.bytes().await.map_err(bad)?.to_vec(),
            "skip_invalid" => skip_invalid = !field.text().await.map_err(bad)?.is_empty(),
            _ => {}
        }
    }
    let cells = |rows: &[amane_app::establishments::BadRow]| problem_cells(t, rows);
    let (status, summary, error, problems) = match import(&state.db, &bytes, skip_invalid, &|_| {}).await {
        Ok(o) => {
            let s = t.args(
                "est-import-done",
                &[
                    ("inserted", Arg::Num(o.imported.inserted as i64)),
                    ("updated", Arg::Num(o.imported.updated as i64)),
                    ("rejected", Arg::Num(o.rejected.len() as i64)),
                ],
            );
            (StatusCode::OK, Some(s), None, cells(&o.rejected))
        }
        Err(ImportError::Rows(rows)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(t.args("est-import-refused", &[("count", Arg::Num(rows.len() as i64))])),
            cells(&rows),
        ),
        Err(ImportError::File(p)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(file_problem(t, &p)), Vec::new()),
        Err(ImportError::Store(e)) => return Err(e.into()),
    };
    let page = ImportPage { page: Page::new(t, t.get("est-import-heading"), Some(user)), summary, error, problems };
    Ok(render_status(status, &page))
}

#[derive(Template)]
#[template(path = "establishments/show.html")]
struct ShowPage {
    page: Page,
    row: RowView,
    other_name: String,
    commune: String,
    days: Vec<super::workshops::AgendaDay>,
}

/// One establishment and the workshops held there.
pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let e = state.db.find_establishment(&code.trim().to_uppercase()).await?.ok_or(AppError::NotFound)?;
    let regions = state.db.list_regions().await?;
    let workshops = state.db.establishment_workshops(e.code.as_str()).await?;
    let days = super::workshops::agenda(&state, t, &workshops).await?;
    let row = row_view(t, &regions, &e);
    let other_name = if lang == amane_domain::Lang::Ar { e.name_fr.clone() } else { e.name_ar.clone() };
    Ok(render(&ShowPage {
        page: Page::new(t, row.name.clone(), Some(id.user)),
        row,
        other_name,
        commune: e.commune.clone(),
        days,
    }))
}

#[derive(Deserialize, Default)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
}

#[derive(serde::Serialize)]
pub struct Suggestion {
    /// What the field is filled with: the code.
    value: String,
    /// What the list shows: the name in the reader's language, the code and the province.
    label: String,
}

/// `/establishments/suggest?q=`: up to 15 schools whose code or name contains the words, for the form fields that
/// take a school (the form works without it: the server finds the school on submit).
pub async fn suggest(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(_): PageUser,
    Query(q): Query<SuggestQuery>,
) -> Result<Response, AppError> {
    let words = q.q.trim();
    if words.chars().count() < 2 {
        return Ok(axum::Json(Vec::<Suggestion>::new()).into_response());
    }
    let filter = EstablishmentFilter { search: Some(words.to_owned()), ..Default::default() };
    let (found, _) = state.db.list_establishments(&filter, 15, 0).await?;
    let items: Vec<Suggestion> = found
        .into_iter()
        .map(|e| Suggestion {
            label: format!("{} — {} · {}", e.name_in(lang), e.code, e.province),
            value: e.code.to_string(),
        })
        .collect();
    Ok(axum::Json(items).into_response())
}
