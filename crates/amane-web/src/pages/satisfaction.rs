//! The satisfaction survey in the campaign report: a chart of each item's mean against its scale and the table
//! beside it (answers, mean, how many chose each value), on the page and as CSV. Suppressed as the domain says
//! (`amane_domain::survey`): nothing for an item answered by fewer than k, no counts when one of them is small.

use super::reports::{Block, chart_to};
use crate::i18n::Tr;
use amane_app::reports::CampaignReport;
use amane_domain::suppression::Cell;
use amane_domain::survey::ItemReport;

fn label(t: &Tr, i: &ItemReport) -> String {
    t.get(&format!("survey-{}", i.item.code().replace('_', "-")))
}

/// The values' counts as `3 · 10 · 25`, 1 first, or the hidden word.
fn distribution(t: &Tr, c: &Cell<Vec<u64>>) -> String {
    match c {
        Cell::Shown(v) => {
            v.iter().map(|n| t.number(i64::try_from(*n).unwrap_or(i64::MAX))).collect::<Vec<_>>().join(" · ")
        }
        Cell::Suppressed => t.get("report-hidden"),
    }
}

/// The report's satisfaction block, or `None` when nobody answered the survey.
pub fn block(t: &Tr, rtl: bool, r: &CampaignReport, csv: String) -> Option<Block> {
    if r.satisfaction.is_empty() {
        return None;
    }
    let items: Vec<(String, Option<f64>, String)> = r
        .satisfaction
        .iter()
        .map(|i| match &i.figures {
            Cell::Shown(f) => (label(t, i), Some(f.mean / f64::from(i.scale)), format!("{:.2} / {}", f.mean, i.scale)),
            Cell::Suppressed => (label(t, i), None, t.get("report-hidden")),
        })
        .collect();
    let (height, bars) = chart_to(rtl, &items, 1.0);
    let heading = t.get("report-satisfaction");
    let rows = r
        .satisfaction
        .iter()
        .map(|i| match &i.figures {
            Cell::Shown(f) => vec![
                label(t, i),
                t.number(i64::try_from(f.n).unwrap_or(i64::MAX)),
                format!("{:.2} / {}", f.mean, i.scale),
                distribution(t, &f.counts),
            ],
            Cell::Suppressed => {
                vec![label(t, i), t.get("report-hidden"), t.get("report-hidden"), t.get("report-hidden")]
            }
        })
        .collect();
    Some(Block {
        id: "satisfaction".into(),
        caption: heading.clone(),
        heading,
        height,
        bars,
        columns: vec![
            t.get("report-col-item"),
            t.get("report-col-answers"),
            t.get("report-col-mean"),
            t.get("report-col-distribution"),
        ],
        rows,
        csv: Some(csv),
    })
}

/// The CSV rows of the satisfaction table: item, scale, answers, mean, then one count per value (empty past the
/// item's scale); hidden figures as `hidden`.
pub fn csv_rows(t: &Tr, r: &CampaignReport) -> Vec<Vec<String>> {
    let hidden = t.get("report-hidden");
    r.satisfaction
        .iter()
        .map(|i| {
            let mut row = vec![i.item.code().to_owned(), i.scale.to_string()];
            match &i.figures {
                Cell::Shown(f) => {
                    row.push(f.n.to_string());
                    row.push(format!("{:.4}", f.mean));
                    for v in 0..5 {
                        row.push(match &f.counts {
                            Cell::Shown(c) => c.get(v).map(u64::to_string).unwrap_or_default(),
                            Cell::Suppressed if v < usize::from(i.scale) => hidden.clone(),
                            Cell::Suppressed => String::new(),
                        });
                    }
                }
                Cell::Suppressed => row.extend((0..7).map(|_| hidden.clone())),
            }
            row
        })
        .collect()
}

/// The header of the satisfaction CSV.
pub const CSV_HEADER: [&str; 9] = ["item", "scale", "answers", "mean", "n_1", "n_2", "n_3", "n_4", "n_5"];
