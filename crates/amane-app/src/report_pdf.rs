//! The campaign report as a document for partners: the figures of [`crate::reports::CampaignReport`] (already
//! suppressed) laid out with their labels in one language, then rendered by `amane-pdf` (typst, fonts embedded).

use crate::error::{Error, Result};
use crate::reports::{CampaignReport, Reach, UNKNOWN};
use amane_domain::Lang;
use amane_domain::establishment::Region;
use amane_domain::learning::Learning;
use amane_domain::suppression::Cell;
use amane_i18n::{Arg, Tr};
use amane_pdf::{Bar, BarChart, KeyFigure, Report, Section, Table};
use std::collections::BTreeMap;

fn count(tr: &Tr, c: &Cell<u64>) -> String {
    match c {
        Cell::Shown(n) => tr.number(i64::try_from(*n).unwrap_or(i64::MAX)),
        Cell::Suppressed => tr.get("report-hidden"),
    }
}

fn decimal(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

/// A group's name as a reader knows it: a region's name, a level or setting in words, an age band.
pub fn group_name(tr: &Tr, lang: Lang, regions: &[Region], kind: &str, key: &str) -> String {
    if key == UNKNOWN {
        return tr.get("report-unknown");
    }
    match kind {
        "region" => regions
            .iter()
            .find(|r| r.code == key)
            .map(|r| if lang == Lang::Ar { r.name_ar.clone() } else { r.name_fr.clone() })
            .unwrap_or_else(|| key.to_owned()),
        "setting" => tr.get(&format!("setting-{key}")),
        "level" => tr.get(&format!("level-{key}")),
        "age_band" => tr.get(&format!("audience-{key}")),
        _ => key.to_owned(),
    }
}

/// Children present per group as a chart, and registered and present per group as a table.
fn reach_section(
    tr: &Tr,
    lang: Lang,
    regions: &[Region],
    heading_key: &str,
    kind: &str,
    groups: &BTreeMap<String, Reach>,
) -> Section {
    let heading = tr.get(heading_key);
    let bars = groups
        .iter()
        .map(|(key, r)| Bar {
            label: group_name(tr, lang, regions, kind, key),
            value: r.children_present.shown().map(|n| n as f64),
            display: count(tr, &r.children_present),
        })
        .collect();
    let rows = groups
        .iter()
        .map(|(key, r)| {
            vec![
                group_name(tr, lang, regions, kind, key),
                count(tr, &r.children_registered),
                count(tr, &r.children_present),
                count(tr, &r.staff_present),
                tr.number(i64::try_from(r.workshops).unwrap_or(i64::MAX)),
            ]
        })
        .collect();
    Section {
        heading: heading.clone(),
        paragraphs: Vec::new(),
        figures: Vec::new(),
        charts: vec![BarChart {
            caption: tr.plain(
                "report-chart-caption",
                &[("title", Arg::Str(&heading)), ("measure", Arg::Str(&tr.get("report-children-present")))],
            ),
            bars,
        }],
        tables: vec![Table {
            caption: heading,
            columns: vec![
                tr.get("report-col-group"),
                tr.get("report-children-registered"),
                tr.get("report-children-present"),
                tr.get("report-staff-present"),
                tr.get("report-workshops"),
            ],
            rows,
            numeric: vec![false, true, true, true, true],
        }],
    }
}

fn learning_figures(tr: &Tr, l: &Learning, n_questions: u32) -> Vec<KeyFigure> {
    let total = i64::from(n_questions);
    let score =
        |x: Option<f64>| tr.plain("report-score-of", &[("score", Arg::Str(&decimal(x))), ("total", Arg::Num(total))]);
    vec![
        KeyFigure { label: tr.get("report-paired"), value: tr.number(i64::try_from(l.n_paired).unwrap_or(0)) },
        KeyFigure { label: tr.get("report-mean-pre"), value: score(l.mean_pre) },
        KeyFigure { label: tr.get("report-mean-post"), value: score(l.mean_post) },
        KeyFigure { label: tr.get("report-mean-gain"), value: decimal(l.mean_gain) },
        KeyFigure {
            label: tr.get("report-ci95"),
            // Isolated left to right, so that the interval reads [low ; high] inside Arabic too.
            value: l.ci95.map_or_else(|| "–".to_owned(), |[a, b]| format!("\u{2066}[{a:.2} ; {b:.2}]\u{2069}")),
        },
        KeyFigure { label: tr.get("report-normalised-gain"), value: decimal(l.normalised_gain) },
        KeyFigure { label: tr.get("report-share-improved"), value: percent(l.share_improved) },
    ]
}

/// The report's document in `lang`; `today` is the date printed on the cover.
pub fn document(report: &CampaignReport, regions: &[Region], lang: Lang, today: &str) -> Report {
    let tr = Tr::new(lang);
    let k = i64::from(report.min_cell);
    let title_of = |t: &[Option<String>; 3]| {
        let i = match lang {
            Lang::Fr => 0,
            Lang::Ar => 1,
            Lang::En => 2,
        };
        t[i].clone().or_else(|| t.iter().flatten().next().cloned()).unwrap_or_default()
    };
    let c = &report.campaign;
    let mut cover_lines =
        vec![tr.plain("report-period", &[("start", Arg::Str(&c.starts_on)), ("end", Arg::Str(&c.ends_on))])];
    if !c.partners.is_empty() {
        cover_lines.push(tr.plain("report-partners", &[("list", Arg::Str(&c.partners.join(", ")))]));
    }
    let t = &report.totals;
    let of_target = |value: &Cell<u64>, target: u32| {
        let shown = count(&tr, value);
        if target == 0 {
            shown
        } else {
            tr.plain(
                "report-of-target",
                &[("value", Arg::Str(&shown)), ("target", Arg::Str(&tr.number(i64::from(target))))],
            )
        }
    };
    let whole = |n: u64| Cell::Shown(n);
    let reach = Section {
        heading: tr.get("report-reach"),
        paragraphs: vec![tr.get("report-reach-intro"), tr.plain("report-hidden-note", &[("k", Arg::Num(k))])],
        figures: vec![
            KeyFigure {
                label: tr.get("report-children-present"),
                value: of_target(&t.reach.children_present, report.targets.children),
            },
            KeyFigure {
                label: tr.get("report-staff-present"),
                value: of_target(&t.reach.staff_present, report.targets.staff),
            },
            KeyFigure {
                label: tr.get("report-parents-present"),
                value: of_target(&t.reach.parents_present, report.targets.parents),
            },
            KeyFigure {
                label: tr.get("report-workshops-held"),
                value: of_target(&whole(t.workshops_held), report.targets.workshops),
            },
            KeyFigure {
                label: tr.get("report-establishments-reached"),
                value: of_target(&whole(t.establishments_reached), report.targets.establishments),
            },
        ],
        charts: Vec::new(),
        tables: Vec::new(),
    };
    let breakdowns = [
        ("report-by-region", "region", &report.by_region),
        ("report-by-day", "day", &report.by_day),
        ("report-by-setting", "setting", &report.by_setting),
        ("report-by-level", "level", &report.by_level),
        ("report-by-age-band", "age_band", &report.by_age_band),
    ];
    let mut sections = vec![reach];
    // A breakdown with nothing in it (no registration yet) is left out rather than printed empty.
    sections.extend(
        breakdowns
            .iter()
            .filter(|(_, _, groups)| !groups.is_empty())
            .map(|(key, kind, groups)| reach_section(&tr, lang, regions, key, kind, groups)),
    );
    let coverage_rows = report
        .coverage
        .iter()
        .map(|(key, cv)| {
            vec![
                group_name(&tr, lang, regions, "region", key),
                tr.number(i64::try_from(cv.establishments).unwrap_or(0)),
                tr.number(i64::try_from(cv.reached).unwrap_or(0)),
                percent(cv.share),
            ]
        })
        .collect::<Vec<_>>();
    if !report.coverage.is_empty() {
        sections.push(Section {
            heading: tr.get("report-coverage"),
            paragraphs: Vec::new(),
            figures: Vec::new(),
            charts: Vec::new(),
            tables: vec![Table {
                caption: tr.get("report-coverage"),
                columns: vec![
                    tr.get("report-col-group"),
                    tr.get("report-col-establishments"),
                    tr.get("report-col-reached"),
                    tr.get("report-col-share"),
                ],
                rows: coverage_rows,
                numeric: vec![false, true, true, true],
            }],
        });
    }
    if report.learning.is_empty() {
        sections.push(Section {
            heading: tr.plain("report-learning", &[("title", Arg::Str(""))]),
            paragraphs: vec![tr.get("report-learning-none")],
            figures: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
        });
    }
    for test in &report.learning {
        let n = test.test.n_questions;
        let figures = match &test.all {
            Cell::Shown(l) => learning_figures(&tr, l, n),
            Cell::Suppressed => vec![KeyFigure { label: tr.get("report-paired"), value: tr.get("report-hidden") }],
        };
        let rows = test
            .by_question
            .iter()
            .map(|q| {
                vec![
                    q.figures.position.to_string(),
                    percent(q.figures.correct_rate_pre),
                    percent(q.figures.correct_rate_post),
                ]
            })
            .collect();
        let bars = test
            .by_region
            .iter()
            .map(|(key, cell)| {
                let gain = cell.clone().shown().and_then(|l| l.mean_gain);
                Bar {
                    label: group_name(&tr, lang, regions, "region", key),
                    value: gain.map(|g| g.max(0.0)),
                    display: gain.map_or_else(|| tr.get("report-hidden"), |g| format!("{g:.2}")),
                }
            })
            .collect();
        let heading = tr.plain("report-learning", &[("title", Arg::Str(&test.test.title))]);
        sections.push(Section {
            heading: heading.clone(),
            paragraphs: Vec::new(),
            figures,
            charts: vec![BarChart {
                caption: tr.plain(
                    "report-chart-caption",
                    &[
                        ("title", Arg::Str(&tr.get("report-by-region"))),
                        ("measure", Arg::Str(&tr.get("report-mean-gain"))),
                    ],
                ),
                bars,
            }],
            tables: vec![Table {
                caption: heading,
                columns: vec![tr.get("report-question"), tr.get("report-correct-pre"), tr.get("report-correct-post")],
                rows,
                numeric: vec![true, true, true],
            }],
        });
    }
    if !report.satisfaction.is_empty() {
        sections.push(satisfaction_section(&tr, report));
    }
    sections.push(Section {
        heading: tr.get("report-method"),
        paragraphs: vec![
            tr.get("report-method-reach"),
            tr.get("report-method-learning"),
            tr.plain("report-method-suppression", &[("k", Arg::Num(k))]),
        ],
        figures: Vec::new(),
        charts: Vec::new(),
        tables: Vec::new(),
    });
    Report {
        lang: lang.code().to_owned(),
        title: title_of(&c.title),
        subtitle: tr.get("report-title"),
        generated_on: tr.plain("report-generated", &[("date", Arg::Str(today))]),
        cover_lines,
        sections,
        footer: tr.get("report-footer"),
    }
}

/// The satisfaction survey: each item's answers, mean on its scale and answers per value, hidden as the domain
/// says.
fn satisfaction_section(tr: &Tr, report: &CampaignReport) -> Section {
    let hidden = || tr.get("report-hidden");
    let rows = report
        .satisfaction
        .iter()
        .map(|i| {
            let label = tr.get(&format!("survey-{}", i.item.code().replace('_', "-")));
            match &i.figures {
                Cell::Shown(f) => vec![
                    label,
                    tr.number(i64::try_from(f.n).unwrap_or(i64::MAX)),
                    format!("{:.2} / {}", f.mean, i.scale),
                    match &f.counts {
                        Cell::Shown(c) => c.iter().map(u64::to_string).collect::<Vec<_>>().join(" · "),
                        Cell::Suppressed => hidden(),
                    },
                ],
                Cell::Suppressed => vec![label, hidden(), hidden(), hidden()],
            }
        })
        .collect();
    let bars = report
        .satisfaction
        .iter()
        .map(|i| {
            let shown = i.figures.clone().shown();
            Bar {
                label: tr.get(&format!("survey-{}", i.item.code().replace('_', "-"))),
                value: shown.as_ref().map(|f| f.mean / f64::from(i.scale)),
                display: shown.map_or_else(hidden, |f| format!("{:.2} / {}", f.mean, i.scale)),
            }
        })
        .collect();
    Section {
        heading: tr.get("report-satisfaction"),
        paragraphs: Vec::new(),
        figures: Vec::new(),
        charts: vec![BarChart { caption: tr.get("report-satisfaction"), bars }],
        tables: vec![Table {
            caption: tr.get("report-satisfaction"),
            columns: vec![
                tr.get("report-col-item"),
                tr.get("report-col-answers"),
                tr.get("report-col-mean"),
                tr.get("report-col-distribution"),
            ],
            rows,
            numeric: vec![false, true, true, false],
        }],
    }
}

/// The report as PDF bytes (CPU-bound: call it off the async runtime).
pub fn render(report: &CampaignReport, regions: &[Region], lang: Lang, today: &str) -> Result<Vec<u8>> {
    amane_pdf::report_pdf(&document(report, regions, lang, today)).map_err(|e| Error::caused("the report's PDF", e))
}
