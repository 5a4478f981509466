//! `/campaigns/{id}/report`: the campaign's dashboard for organizers and partners (reach against targets, by day,
//! region, province, establishment, setting, level and age band; coverage; learning), every chart an SVG drawn
//! here with its data table beside it, no JavaScript; `/report.csv` for each table and `/report.pdf`.

use crate::AppState;
use crate::auth::{FigureReaders, Staff};
use crate::error::AppError;
use crate::pages::{Page, render};
use amane_app::assessments::LearningReport;
use amane_app::report_pdf::group_name;
use amane_app::reports::{self, CampaignReport, Reach};
use amane_domain::Lang;
use amane_domain::campaign::CampaignId;
use amane_domain::establishment::Region;
use amane_domain::suppression::Cell;
use amane_i18n::{Arg, Tr};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

/// One bar of a chart, placed for the page's direction (labels on the start side: the right in Arabic).
pub struct SvgBar {
    pub y: u32,
    pub text_y: u32,
    pub label: String,
    pub label_x: u32,
    pub label_anchor: &'static str,
    pub bar_x: u32,
    pub bar_w: u32,
    pub value: String,
    pub value_x: u32,
    pub value_anchor: &'static str,
    pub hidden: bool,
}

/// A chart and its table: the same figures, drawn and written.
pub struct Block {
    pub id: String,
    pub heading: String,
    pub caption: String,
    pub height: u32,
    pub bars: Vec<SvgBar>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub csv: Option<String>,
}

pub struct Figure {
    pub label: String,
    pub value: String,
    pub target: String,
}

pub struct QuestionRow {
    pub position: u32,
    pub prompt: String,
    pub pre: String,
    pub post: String,
    pub wrong: String,
}

pub struct LearningBlock {
    pub test_id: String,
    pub heading: String,
    pub figures: Vec<Figure>,
    pub chart: Option<Block>,
    pub questions: Vec<QuestionRow>,
}

pub struct RegionOpt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "campaigns/report.html")]
struct ReportPage {
    page: Page,
    id: String,
    period: String,
    hidden_note: String,
    figures: Vec<Figure>,
    blocks: Vec<Block>,
    learning: Vec<LearningBlock>,
    method: Vec<String>,
    regions: Vec<RegionOpt>,
    learning_none: String,
    /// Whether the reader may start a game (to play a test as its pre- or post-test).
    can_play: bool,
}

const WIDTH: u32 = 480;
/// The most groups a breakdown shows on the page.
const MAX_ROWS: usize = 25;
const LABEL: u32 = 170;
const ROW: u32 = 30;

/// Bars proportional to the largest shown value; a hidden value is a short grey stub with its word.
fn chart(rtl: bool, items: &[(String, Option<f64>, String)]) -> (u32, Vec<SvgBar>) {
    chart_to(rtl, items, items.iter().filter_map(|(_, v, _)| *v).fold(0.0_f64, f64::max))
}

/// Bars proportional to `max` (a full bar is `max`).
pub(super) fn chart_to(rtl: bool, items: &[(String, Option<f64>, String)], max: f64) -> (u32, Vec<SvgBar>) {
    let room = WIDTH - LABEL - 70;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, value, display))| {
            let y = 6 + i as u32 * ROW;
            let w = match value {
                Some(v) if max > 0.0 => {
                    ((v / max) * f64::from(room)).round().max(if *v > 0.0 { 2.0 } else { 0.0 }) as u32
                }
                Some(_) => 0,
                None => 12,
            };
            let (label_x, label_anchor, bar_x, value_x, value_anchor) = if rtl {
                (WIDTH - 4, "start", WIDTH - LABEL - w, (WIDTH - LABEL - w).saturating_sub(6), "start")
            } else {
                (LABEL - 8, "end", LABEL, LABEL + w + 6, "start")
            };
            SvgBar {
                y,
                text_y: y + 16,
                label: label.clone(),
                label_x,
                label_anchor,
                bar_x,
                bar_w: w,
                value: display.clone(),
                value_x,
                value_anchor,
                hidden: value.is_none(),
            }
        })
        .collect();
    (6 + items.len() as u32 * ROW + 4, bars)
}

fn count(t: &Tr, c: &Cell<u64>) -> String {
    match c {
        Cell::Shown(n) => t.number(i64::try_from(*n).unwrap_or(i64::MAX)),
        Cell::Suppressed => t.get("report-hidden"),
    }
}

/// The breakdowns of the report in page order: (anchor, heading key, kind of group, groups).
fn breakdowns(r: &CampaignReport) -> [(&'static str, &'static str, &'static str, &BTreeMap<String, Reach>); 7] {
    [
        ("by_region", "report-by-region", "region", &r.by_region),
        ("by_day", "report-by-day", "day", &r.by_day),
        ("by_setting", "report-by-setting", "setting", &r.by_setting),
        ("by_level", "report-by-level", "level", &r.by_level),
        ("by_age_band", "report-by-age-band", "age_band", &r.by_age_band),
        ("by_province", "report-by-province", "province", &r.by_province),
        ("by_establishment", "report-by-establishment", "establishment", &r.by_establishment),
    ]
}

fn reach_columns(t: &Tr) -> Vec<String> {
    vec![
        t.get("report-col-group"),
        t.get("report-children-registered"),
        t.get("report-children-present"),
        t.get("report-staff-registered"),
        t.get("report-staff-present"),
        t.get("report-parents-present"),
        t.get("report-workshops"),
    ]
}

fn reach_row(t: &Tr, name: String, r: &Reach) -> Vec<String> {
    vec![
        name,
        count(t, &r.children_registered),
        count(t, &r.children_present),
        count(t, &r.staff_registered),
        count(t, &r.staff_present),
        count(t, &r.parents_present),
        t.number(i64::try_from(r.workshops).unwrap_or(0)),
    ]
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

fn decimal(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

fn learning_block(
    t: &Tr,
    lang: Lang,
    regions: &[Region],
    l: &LearningReport,
    prompts: &[(String, Vec<String>)],
) -> LearningBlock {
    let heading = t.plain("report-learning", &[("title", Arg::Str(&l.test.title))]);
    let n = i64::from(l.test.n_questions);
    let figures = match &l.all {
        Cell::Suppressed => {
            vec![Figure { label: t.get("report-paired"), value: t.get("report-hidden"), target: String::new() }]
        }
        Cell::Shown(a) => {
            let score = |x: Option<f64>| {
                t.plain("report-score-of", &[("score", Arg::Str(&decimal(x))), ("total", Arg::Num(n))])
            };
            vec![
                Figure {
                    label: t.get("report-paired"),
                    value: t.number(i64::try_from(a.n_paired).unwrap_or(0)),
                    target: String::new(),
                },
                Figure { label: t.get("report-mean-pre"), value: score(a.mean_pre), target: String::new() },
                Figure { label: t.get("report-mean-post"), value: score(a.mean_post), target: String::new() },
                Figure {
                    label: t.get("report-mean-gain"),
                    value: decimal(a.mean_gain),
                    target: a.ci95.map_or_else(String::new, |[lo, hi]| {
                        format!("{} \u{2066}[{lo:.2} ; {hi:.2}]\u{2069}", t.get("report-ci95"))
                    }),
                },
                Figure {
                    label: t.get("report-normalised-gain"),
                    value: decimal(a.normalised_gain),
                    target: String::new(),
                },
                Figure {
                    label: t.get("report-share-improved"),
                    value: percent(a.share_improved),
                    target: String::new(),
                },
            ]
        }
    };
    let items: Vec<(String, Option<f64>, String)> = l
        .by_region
        .iter()
        .map(|(key, c)| {
            let gain = c.clone().shown().and_then(|x| x.mean_gain);
            (
                group_name(t, lang, regions, "region", key),
                gain.map(|g| g.max(0.0)),
                gain.map_or_else(|| t.get("report-hidden"), |g| format!("{g:.2}")),
            )
        })
        .collect();
    let chart_block = (!items.is_empty()).then(|| {
        let (height, bars) = chart(lang == Lang::Ar, &items);
        let caption = t.plain(
            "report-chart-caption",
            &[("title", Arg::Str(&t.get("report-by-region"))), ("measure", Arg::Str(&t.get("report-mean-gain")))],
        );
        Block {
            id: format!("gain-{}", l.test.id),
            heading: caption.clone(),
            caption,
            height,
            bars,
            columns: vec![t.get("report-col-group"), t.get("report-mean-gain")],
            rows: items.iter().map(|(name, _, shown)| vec![name.clone(), shown.clone()]).collect(),
            csv: None,
        }
    });
    let questions = l
        .by_question
        .iter()
        .map(|q| {
            let f = &q.figures;
            let at = (f.position as usize).saturating_sub(1);
            let (prompt, options) = prompts.get(at).cloned().unwrap_or_default();
            QuestionRow {
                position: f.position,
                prompt,
                pre: percent(f.correct_rate_pre),
                post: percent(f.correct_rate_post),
                wrong: f
                    .most_chosen_wrong_post
                    .and_then(|i| options.get(i as usize).cloned())
                    .unwrap_or_else(|| "–".to_owned()),
            }
        })
        .collect();
    LearningBlock { test_id: l.test.id.to_string(), heading, figures, chart: chart_block, questions }
}

#[derive(serde::Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    table: String,
}

fn parse_id(raw: &str) -> Result<CampaignId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn load(state: &AppState, id: CampaignId, region: &str) -> Result<(CampaignReport, Vec<Region>), AppError> {
    let regions = state.db.list_regions().await?;
    let region = Some(region.trim()).filter(|r| !r.is_empty() && regions.iter().any(|x| x.code == *r));
    // The page and its CSV tables show no learning figures per workshop or establishment: not computed.
    let detail = amane_app::assessments::Detail::Summary;
    let report = reports::campaign_report_with(&state.db, id, state.config.min_cell, region, detail).await?;
    Ok((report, regions))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff<FigureReaders>,
    Path(raw): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let t = staff.t;
    let lang = t.lang;
    let id = parse_id(&raw)?;
    let (r, regions) = load(&state, id, &q.region).await?;
    let title_i = match lang {
        Lang::Fr => 0,
        Lang::Ar => 1,
        Lang::En => 2,
    };
    let title = r.campaign.title[title_i]
        .clone()
        .or_else(|| r.campaign.title.iter().flatten().next().cloned())
        .unwrap_or_default();
    let target = |value: &Cell<u64>, goal: u32| {
        let shown = count(&t, value);
        if goal == 0 {
            (shown, String::new())
        } else {
            (
                shown.clone(),
                t.plain(
                    "report-of-target",
                    &[("value", Arg::Str(&shown)), ("target", Arg::Str(&t.number(i64::from(goal))))],
                ),
            )
        }
    };
    let tt = &r.totals;
    let fig = |key: &str, (value, target): (String, String)| Figure { label: t.get(key), value, target };
    let figures = vec![
        fig("report-children-present", target(&tt.reach.children_present, r.targets.children)),
        fig("report-children-registered", target(&tt.reach.children_registered, r.targets.children)),
        fig("report-staff-present", target(&tt.reach.staff_present, r.targets.staff)),
        fig("report-parents-present", target(&tt.reach.parents_present, r.targets.parents)),
        fig("report-workshops-held", target(&Cell::Shown(tt.workshops_held), r.targets.workshops)),
        fig("report-establishments-reached", target(&Cell::Shown(tt.establishments_reached), r.targets.establishments)),
    ];
    let rtl = lang == Lang::Ar;
    let present_any = tt.reach.children_present.shown().is_some_and(|n| n > 0);
    let measure_key = if present_any { "report-children-present" } else { "report-children-registered" };
    let suffix = if q.region.is_empty() { String::new() } else { format!("&region={}", q.region) };
    let mut blocks: Vec<Block> = breakdowns(&r)
        .into_iter()
        // A breakdown whose only group is "outside the registry" (a campaign held at one venue) says nothing.
        .filter(|(_, _, _, groups)| groups.keys().any(|k| k != reports::UNKNOWN))
        .map(|(anchor, key, kind, groups)| {
            let mut named: Vec<(String, &Reach)> =
                groups.iter().map(|(k, v)| (group_name(&t, lang, &regions, kind, k), v)).collect();
            // Before anyone is present (a campaign ahead), the chart shows who registered.
            let measure = |v: &Reach| if present_any { v.children_present } else { v.children_registered };
            // A long breakdown (hundreds of schools) shows its largest groups; the CSV has them all.
            if named.len() > MAX_ROWS {
                named.sort_by_key(|(_, v)| std::cmp::Reverse(measure(v).shown().unwrap_or(0)));
                named.truncate(MAX_ROWS);
            }
            let items: Vec<(String, Option<f64>, String)> = named
                .iter()
                .map(|(name, v)| (name.clone(), measure(v).shown().map(|n| n as f64), count(&t, &measure(v))))
                .collect();
            let (height, bars) = chart(rtl, &items);
            let heading = t.get(key);
            Block {
                id: anchor.to_owned(),
                caption: t.plain(
                    "report-chart-caption",
                    &[("title", Arg::Str(&heading)), ("measure", Arg::Str(&t.get(measure_key)))],
                ),
                heading,
                height,
                bars,
                columns: reach_columns(&t),
                rows: named.into_iter().map(|(name, v)| reach_row(&t, name, v)).collect(),
                csv: Some(format!("/campaigns/{id}/report.csv?table={anchor}{suffix}")),
            }
        })
        .collect();
    if !r.coverage.is_empty() {
        let items: Vec<(String, Option<f64>, String)> = r
            .coverage
            .iter()
            .map(|(k, c)| (group_name(&t, lang, &regions, "region", k), c.share, percent(c.share)))
            .collect();
        let (height, bars) = chart(rtl, &items);
        let heading = t.get("report-coverage");
        blocks.push(Block {
            id: "coverage".into(),
            caption: heading.clone(),
            heading,
            height,
            bars,
            columns: vec![
                t.get("report-col-group"),
                t.get("report-col-establishments"),
                t.get("report-col-reached"),
                t.get("report-col-share"),
            ],
            rows: r
                .coverage
                .iter()
                .map(|(k, c)| {
                    vec![
                        group_name(&t, lang, &regions, "region", k),
                        t.number(i64::try_from(c.establishments).unwrap_or(0)),
                        t.number(i64::try_from(c.reached).unwrap_or(0)),
                        percent(c.share),
                    ]
                })
                .collect(),
            csv: Some(format!("/campaigns/{id}/report.csv?table=coverage{suffix}")),
        });
    }
    blocks.extend(super::satisfaction::block(
        &t,
        rtl,
        &r,
        format!("/campaigns/{id}/report.csv?table=satisfaction{suffix}"),
    ));
    let mut learning = Vec::new();
    for l in &r.learning {
        let prompts: Vec<(String, Vec<String>)> = match state.db.find_assessment(l.test.id).await? {
            Some(a) => amane_app::assessments::questions(&a)?
                .iter()
                .map(|q| {
                    let options = match &q.kind {
                        amane_content::model::QuestionKind::Single { choices }
                        | amane_content::model::QuestionKind::Multiple { choices } => {
                            choices.iter().map(|c| c.text.text(lang).to_owned()).collect()
                        }
                        _ => Vec::new(),
                    };
                    (q.prompt.text(lang).to_owned(), options)
                })
                .collect(),
            None => Vec::new(),
        };
        learning.push(learning_block(&t, lang, &regions, l, &prompts));
    }
    let k = i64::from(r.min_cell);
    let mut options =
        vec![RegionOpt { value: String::new(), label: t.get("report-filter-all"), selected: q.region.is_empty() }];
    options.extend(regions.iter().map(|x| RegionOpt {
        value: x.code.clone(),
        label: crate::pages::establishments::region_name(t, &regions, &x.code),
        selected: x.code == q.region,
    }));
    let can_play = amane_app::live::LIVE_HOSTS.contains(&staff.user.role);
    let page = ReportPage {
        page: Page::new(t, format!("{} — {title}", t.get("report-title")), Some(staff.user)),
        id: id.to_string(),
        period: t.plain(
            "report-period",
            &[("start", Arg::Str(&r.campaign.starts_on)), ("end", Arg::Str(&r.campaign.ends_on))],
        ),
        hidden_note: t.plain("report-hidden-note", &[("k", Arg::Num(k))]),
        figures,
        blocks,
        learning,
        method: vec![
            t.get("report-method-reach"),
            t.get("report-method-learning"),
            t.plain("report-method-suppression", &[("k", Arg::Num(k))]),
        ],
        regions: options,
        learning_none: t.plain("report-learning", &[("title", Arg::Str(""))]),
        can_play,
    };
    Ok(render(&page))
}

/// One table of the report as CSV (UTF-8 with BOM, formula-safe), hidden cells written as the word the page shows.
pub async fn csv(
    State(state): State<AppState>,
    Staff { t, .. }: Staff<FigureReaders>,
    Path(raw): Path<String>,
    Query(ReportQuery { region, table }): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let (r, regions) = load(&state, id, &region).await?;
    let mut w = amane_app::csv_out::writer();
    if table == "satisfaction" {
        amane_app::csv_out::row(&mut w, super::satisfaction::CSV_HEADER).map_err(fail)?;
        for row in super::satisfaction::csv_rows(&t, &r) {
            amane_app::csv_out::row(&mut w, row).map_err(fail)?;
        }
    } else if table == "coverage" {
        amane_app::csv_out::row(&mut w, ["region", "establishments", "reached", "share"]).map_err(fail)?;
        for (k, c) in &r.coverage {
            let share = c.share.map(|s| format!("{s:.4}")).unwrap_or_default();
            amane_app::csv_out::row(&mut w, [k.clone(), c.establishments.to_string(), c.reached.to_string(), share])
                .map_err(fail)?;
        }
    } else {
        let Some((_, _, kind, groups)) = breakdowns(&r).into_iter().find(|(a, _, _, _)| *a == table) else {
            return Err(AppError::NotFound);
        };
        let header = [
            "group",
            "name",
            "children_registered",
            "children_present",
            "staff_registered",
            "staff_present",
            "parents_registered",
            "parents_present",
            "workshops",
        ];
        amane_app::csv_out::row(&mut w, header).map_err(fail)?;
        let hidden = t.get("report-hidden");
        let n = |c: &Cell<u64>| c.shown().map_or_else(|| hidden.clone(), |v| v.to_string());
        for (k, v) in groups {
            amane_app::csv_out::row(
                &mut w,
                [
                    k.clone(),
                    group_name(&t, t.lang, &regions, kind, k),
                    n(&v.children_registered),
                    n(&v.children_present),
                    n(&v.staff_registered),
                    n(&v.staff_present),
                    n(&v.parents_registered),
                    n(&v.parents_present),
                    v.workshops.to_string(),
                ],
            )
            .map_err(fail)?;
        }
    }
    let bytes = w.into_inner().map_err(fail)?;
    let name = format!("attachment; filename=\"amane-{}-{id}.csv\"", table.replace('_', "-"));
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, name)], bytes).into_response())
}

fn fail(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("report CSV: {e}"))
}

#[derive(serde::Deserialize, Default)]
pub struct PdfQuery {
    #[serde(default)]
    language: String,
}

/// The PDF in the language chosen on the page (`language`, so the page's own language is left as it is).
pub async fn pdf(
    State(state): State<AppState>,
    staff: Staff<FigureReaders>,
    Path(raw): Path<String>,
    Query(q): Query<PdfQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::from_tag(q.language.trim()).filter(|l| l.code() == q.language.trim()).unwrap_or(staff.t.lang);
    crate::api::reports::pdf_response(&state, parse_id(&raw)?, lang).await
}
