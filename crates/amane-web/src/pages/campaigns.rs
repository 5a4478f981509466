//! Campaign pages: the list, a campaign's targets, and the form to create or change one.

use super::curriculum::{Opt, filter_options};
use super::{FormField, Page, render, render_status};
use crate::AppState;
use crate::auth::{CampaignEditors, PageUser, Staff};
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_app::campaigns::{CAMPAIGN_EDITORS, create, to_input, update};
use amane_domain::campaign::{Campaign, CampaignId, CampaignInput, CampaignStatus, Day};
use amane_domain::{Lang, ValidationErrors};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// One target with what has been reached.
pub struct ProgressRow {
    pub label: String,
    pub goal: String,
    pub registered: String,
    pub reached: String,
    /// 0 to 100, for the bars: registered and present against the goal.
    pub registered_percent: i64,
    pub percent: i64,
    pub registered_label: String,
    pub percent_label: String,
}

/// One region's line of the campaign's progress.
pub struct RegionRow {
    pub name: String,
    pub establishments: String,
    pub registered: String,
    pub reached: String,
    /// Share of the region's registered establishments reached, 0 to 100 (coverage).
    pub coverage: i64,
    pub coverage_label: String,
    pub workshops: String,
    pub children_registered: String,
    pub children_present: String,
}

pub struct CampaignCard {
    pub id: String,
    pub title: String,
    pub period: String,
    pub status: String,
    pub targets: String,
}

fn day_ms(d: Day) -> i64 {
    d.days_since_epoch() * 86_400_000
}

pub fn period(t: Tr, c: &Campaign) -> String {
    t.args(
        "campaign-period-line",
        &[("start", Arg::Str(&t.date(day_ms(c.starts_on)))), ("end", Arg::Str(&t.date(day_ms(c.ends_on))))],
    )
}

fn card(t: Tr, c: &Campaign) -> CampaignCard {
    let n = |v: u32| t.number(i64::from(v));
    CampaignCard {
        id: c.id.to_string(),
        title: c.title_in(t.lang).to_owned(),
        period: period(t, c),
        status: t.get(&format!("campaign-status-{}", c.status.code())),
        targets: t.args(
            "campaign-targets-line",
            &[
                ("children", Arg::Str(&n(c.targets.children))),
                ("staff", Arg::Str(&n(c.targets.staff))),
                ("workshops", Arg::Str(&n(c.targets.workshops))),
            ],
        ),
    }
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    page: Page,
    cards: Vec<CampaignCard>,
    can_edit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let cards = state.db.list_campaigns().await?.iter().map(|c| card(t, c)).collect();
    let can_edit = CAMPAIGN_EDITORS.contains(&id.user.role);
    Ok(render(&ListPage { page: Page::new(t, t.get("campaigns-title"), Some(id.user)), cards, can_edit }))
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
struct ShowPage {
    page: Page,
    id: String,
    theme: String,
    period: String,
    status: String,
    targets: Vec<ProgressRow>,
    regions: Vec<RegionRow>,
    partners: Vec<String>,
    retention: String,
    can_edit: bool,
    /// Whether the tests page is open to this person (those who record results).
    can_test: bool,
    days: Vec<super::workshops::AgendaDay>,
    prev: Option<String>,
    next: Option<String>,
    page_line: String,
    /// The agenda's filters, as chosen.
    q: String,
    region_options: Vec<Opt>,
    date: String,
    period_start: String,
    period_end: String,
    filtered: bool,
    shown_line: String,
}

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
    /// The agenda's filters: words of a school's name or code, a region code, a local day.
    #[serde(default)]
    q: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    date: String,
}

/// A partner line may name the partner in several languages, `French | Arabic | English`; the reader's
/// language is shown when given, the first name otherwise.
pub fn partner_name(line: &str, lang: amane_domain::Lang) -> String {
    let names: Vec<&str> = line.split('|').map(str::trim).collect();
    let at = match lang {
        amane_domain::Lang::Fr => 0,
        amane_domain::Lang::Ar => 1,
        amane_domain::Lang::En => 2,
    };
    names.get(at).filter(|n| !n.is_empty()).or(names.first()).map(|n| (*n).to_owned()).unwrap_or_default()
}

fn parse_id(raw: &str) -> Result<CampaignId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(who): PageUser,
    Path(raw): Path<String>,
    axum::extract::Query(q): axum::extract::Query<PageQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let c = state.db.find_campaign(parse_id(&raw)?).await?.ok_or(AppError::NotFound)?;
    let p = state.db.campaign_progress(c.id).await?;
    let pct = |part: i64, goal: i64| if goal > 0 { (part * 100 / goal).clamp(0, 100) } else { 0 };
    let pct_label = |part: i64, goal: i64| {
        if goal > 0 {
            t.args("campaign-percent", &[("percent", Arg::Str(&t.number(part * 100 / goal)))])
        } else {
            "—".into()
        }
    };
    let row = |key: &str, goal: u32, registered: i64, reached: i64| {
        let goal = i64::from(goal);
        ProgressRow {
            label: t.get(key),
            goal: t.number(goal),
            registered: t.number(registered),
            reached: t.number(reached),
            registered_percent: pct(registered, goal),
            percent: pct(reached, goal),
            registered_label: pct_label(registered, goal),
            percent_label: pct_label(reached, goal),
        }
    };
    let targets = vec![
        row("campaign-target-children", c.targets.children, p.children_registered, p.children_present),
        row("campaign-target-staff", c.targets.staff, p.staff_registered, p.staff_present),
        row("campaign-target-parents", c.targets.parents, p.parents_registered, p.parents_present),
        row("campaign-target-workshops", c.targets.workshops, p.workshops_planned, p.workshops_held),
        row(
            "campaign-target-establishments",
            c.targets.establishments,
            p.establishments_registered,
            p.establishments_reached,
        ),
    ];
    let mut targets = targets;
    // A campaign with fewer children than the smallest group shown does not say how many (nor do its regions).
    let few = |n: i64| n > 0 && n < i64::from(state.config.min_cell.get());
    if let Some(children) = targets.first_mut() {
        if few(p.children_registered) {
            children.registered = t.get("report-hidden");
            children.registered_label = String::new();
            children.registered_percent = 0;
        }
        if few(p.children_present) {
            children.reached = t.get("report-hidden");
            children.percent_label = String::new();
            children.percent = 0;
        }
    }
    let region_list = state.db.list_regions().await?;
    let by_region = state.db.campaign_progress_by_region(c.id).await?;
    // Children per region are a partition of the campaign's children: small groups are hidden as in the report,
    // with enough others that no subtraction gives them back (docs/REPORTS.md).
    let k = state.config.min_cell;
    let hide = |total: i64, parts: Vec<i64>| {
        let parts: Vec<u64> = parts.into_iter().map(|n| u64::try_from(n).unwrap_or(0)).collect();
        amane_domain::suppression::suppress_partition(u64::try_from(total).unwrap_or(0), &parts, k)
    };
    let hide_registered = hide(p.children_registered, by_region.iter().map(|r| r.children_registered).collect());
    let hide_present = hide(p.children_present, by_region.iter().map(|r| r.children_present).collect());
    let children = |n: i64, hidden: bool| if hidden { t.get("report-hidden") } else { t.number(n) };
    let regions = by_region
        .into_iter()
        .enumerate()
        .map(|(i, r)| RegionRow {
            name: match &r.region {
                Some(code) => super::establishments::region_name(t, &region_list, code),
                None => t.get("campaign-region-none"),
            },
            establishments: if r.region.is_some() { t.number(r.establishments) } else { "—".into() },
            registered: t.number(r.establishments_registered),
            reached: t.number(r.establishments_reached),
            coverage: pct(r.establishments_reached, r.establishments),
            coverage_label: if r.region.is_some() {
                pct_label(r.establishments_reached, r.establishments)
            } else {
                "—".into()
            },
            workshops: t.number(r.workshops),
            children_registered: children(r.children_registered, hide_registered[i]),
            children_present: children(r.children_present, hide_present[i]),
        })
        .collect();
    let d = i64::from(c.retention_days);
    const PER_PAGE: i64 = 50;
    let page_no = q.page.unwrap_or(1).clamp(1, crate::MAX_PAGE);
    let day = q.date.trim().to_owned();
    let bounds = amane_app::workshops::local_day_bounds(&c.time_zone, &day);
    let region = q.region.trim().to_owned();
    let filter = amane_store::workshops::WorkshopFilter {
        establishment: None,
        region: Some(region.clone()).filter(|r| !r.is_empty()),
        from: bounds.map(|b| b.0),
        to: bounds.map(|b| b.1),
        search: Some(q.q.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let filtered = filter != amane_store::workshops::WorkshopFilter::default();
    let (workshops, total) =
        state.db.campaign_workshops_page(c.id, &filter, PER_PAGE, (page_no - 1) * PER_PAGE).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let days = super::workshops::agenda(&state, t, &workshops).await?;
    // The pager keeps the filters.
    let mut keep = String::new();
    for (k, v) in [("q", q.q.trim()), ("region", region.as_str()), ("date", day.as_str())] {
        if !v.is_empty() {
            keep.push_str(&format!("&{k}={}", url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()));
        }
    }
    let prev = (page_no > 1).then(|| format!("/campaigns/{}?page={}{keep}", c.id, page_no - 1));
    let next = (page_no < pages).then(|| format!("/campaigns/{}?page={}{keep}", c.id, page_no + 1));
    let page_line =
        t.args("pager-line", &[("page", Arg::Str(&t.number(page_no))), ("pages", Arg::Str(&t.number(pages)))]);
    let region_options = filter_options(
        t.get("campaign-filter-all-regions"),
        region.is_empty(),
        region_list.iter().map(|r| Opt {
            value: r.code.clone(),
            label: super::establishments::region_name(t, &region_list, &r.code),
            selected: r.code == region,
        }),
    );
    let page = ShowPage {
        days,
        prev,
        next,
        page_line,
        id: c.id.to_string(),
        theme: c.theme_in(lang).to_owned(),
        period: period(t, &c),
        status: t.get(&format!("campaign-status-{}", c.status.code())),
        targets,
        regions,
        partners: c.partners.iter().map(|p| partner_name(p, lang)).collect(),
        retention: match c.purged_at {
            Some(at) => t.args("campaign-purged-line", &[("date", Arg::Str(&t.date(at)))]),
            None => t.args(
                "campaign-retention-line",
                &[
                    ("days", Arg::Num(d)),
                    ("formatted", Arg::Str(&t.number(d))),
                    ("date", Arg::Str(&t.date(amane_app::retention::deadline(&c)))),
                ],
            ),
        },
        can_edit: CAMPAIGN_EDITORS.contains(&who.user.role),
        can_test: amane_app::assessments::RESULT_RECORDERS.contains(&who.user.role),
        q: q.q.clone(),
        region_options,
        date: day,
        period_start: c.starts_on.to_string(),
        period_end: c.ends_on.to_string(),
        filtered,
        shown_line: t
            .args("campaign-agenda-shown", &[("count", Arg::Num(total)), ("formatted", Arg::Str(&t.number(total)))]),
        page: Page::new(t, c.title_in(lang).to_owned(), Some(who.user)),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    page: Page,
    action: String,
    has_errors: bool,
    titles: Vec<FormField>,
    period: Vec<FormField>,
    targets: Vec<FormField>,
    other: Vec<FormField>,
}

fn form_page(
    t: Tr,
    user: amane_domain::User,
    action: String,
    heading: String,
    v: &CampaignInput,
    e: &ValidationErrors,
) -> FormPage {
    let f =
        |name, kind, value: &str, dir| FormField { dir, ..FormField::new(t, e, "campaign-field", name, kind, value) };
    let status = if v.status.is_empty() { "draft" } else { v.status.as_str() };
    let mut status_field = f("status", "select", status, "");
    status_field.options = CampaignStatus::ALL
        .into_iter()
        .map(|s| Opt {
            value: s.code().into(),
            label: t.get(&format!("campaign-status-{}", s.code())),
            selected: s.code() == status,
        })
        .collect();
    FormPage {
        page: Page::new(t, heading, Some(user)),
        action,
        has_errors: !e.is_empty(),
        titles: [
            (["title_fr", "title_ar", "title_en"], "text", [&v.title_fr, &v.title_ar, &v.title_en]),
            (["theme_fr", "theme_ar", "theme_en"], "textarea", [&v.theme_fr, &v.theme_ar, &v.theme_en]),
        ]
        .into_iter()
        .flat_map(|(names, kind, values)| {
            // One field per language, in Lang::ALL's order, each written in its own direction.
            Lang::ALL.into_iter().zip(names).zip(values).map(move |((l, n), v)| f(n, kind, v, l.dir()))
        })
        .collect(),
        period: vec![
            f("starts_on", "date", &v.starts_on, ""),
            f("ends_on", "date", &v.ends_on, ""),
            f("time_zone", "text", if v.time_zone.is_empty() { "Africa/Casablanca" } else { &v.time_zone }, "ltr"),
        ],
        targets: vec![
            f("target_children", "number", &v.target_children, ""),
            f("target_staff", "number", &v.target_staff, ""),
            f("target_parents", "number", &v.target_parents, ""),
            f("target_workshops", "number", &v.target_workshops, ""),
            f("target_establishments", "number", &v.target_establishments, ""),
        ],
        other: vec![
            f("partners", "textarea", &v.partners, ""),
            f("retention_days", "number", if v.retention_days.is_empty() { "365" } else { &v.retention_days }, ""),
            status_field,
        ],
    }
}

pub async fn new_form(Staff { user, t, .. }: Staff<CampaignEditors>) -> Result<Response, AppError> {
    Ok(render(&form_page(
        t,
        user,
        "/campaigns/new".into(),
        t.get("campaign-new"),
        &CampaignInput::default(),
        &ValidationErrors::new(),
    )))
}

pub async fn create_submit(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    super::PageForm(input): super::PageForm<CampaignInput>,
) -> Result<Response, AppError> {
    match create(&state.db, &user, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response()),
        Err(amane_app::Error::Validation(e)) => {
            let page = form_page(t, user, "/campaigns/new".into(), t.get("campaign-new"), &input, &e);
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let c = state.db.find_campaign(parse_id(&raw)?).await?.ok_or(AppError::NotFound)?;
    let heading = t.get("campaign-edit");
    Ok(render(&form_page(
        t,
        user,
        format!("/campaigns/{}/edit", c.id),
        heading,
        &to_input(&c),
        &ValidationErrors::new(),
    )))
}

pub async fn edit_submit(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
    super::PageForm(input): super::PageForm<CampaignInput>,
) -> Result<Response, AppError> {
    let cid = parse_id(&raw)?;
    match update(&state.db, cid, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response()),
        Err(amane_app::Error::Validation(e)) => {
            let page = form_page(t, user, format!("/campaigns/{cid}/edit"), t.get("campaign-edit"), &input, &e);
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}
