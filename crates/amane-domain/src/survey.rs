//! The short satisfaction survey taken after a workshop's post-test on a phone: three smiley questions for
//! children (1 = sad, 2 = so-so, 3 = happy), four statements for adults on a five-point scale (1 = strongly
//! disagree … 5 = strongly agree). Answers are counted per item; an item answered by fewer people than the
//! small-cell threshold shows no figures.

use crate::audience::Audience;
use crate::suppression::{Cell, MinCell, cell};
use serde::Serialize;

/// One question of the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SurveyItem {
    /// Children: did you like the workshop?
    Liked,
    /// Children: did you learn something new?
    Learned,
    /// Children: do you know what to do if something goes wrong online?
    KnowWhatToDo,
    /// Adults: the workshop was useful to me.
    Useful,
    /// Adults: what was said was clear.
    Clear,
    /// Adults: I feel able to help a child who meets a problem online.
    Confident,
    /// Adults: I would recommend it to others.
    Recommend,
}

impl SurveyItem {
    pub const ALL: [SurveyItem; 7] = [
        SurveyItem::Liked,
        SurveyItem::Learned,
        SurveyItem::KnowWhatToDo,
        SurveyItem::Useful,
        SurveyItem::Clear,
        SurveyItem::Confident,
        SurveyItem::Recommend,
    ];
    pub const CHILDREN: [SurveyItem; 3] = [SurveyItem::Liked, SurveyItem::Learned, SurveyItem::KnowWhatToDo];
    pub const ADULTS: [SurveyItem; 4] =
        [SurveyItem::Useful, SurveyItem::Clear, SurveyItem::Confident, SurveyItem::Recommend];

    pub fn code(self) -> &'static str {
        match self {
            SurveyItem::Liked => "liked",
            SurveyItem::Learned => "learned",
            SurveyItem::KnowWhatToDo => "know_what_to_do",
            SurveyItem::Useful => "useful",
            SurveyItem::Clear => "clear",
            SurveyItem::Confident => "confident",
            SurveyItem::Recommend => "recommend",
        }
    }

    pub fn parse(s: &str) -> Option<SurveyItem> {
        SurveyItem::ALL.into_iter().find(|i| i.code() == s.trim())
    }

    /// The highest answer: 3 smileys for children's items, 5 points for adults'.
    pub fn scale(self) -> u8 {
        if SurveyItem::CHILDREN.contains(&self) { 3 } else { 5 }
    }

    /// The questions put to an audience.
    pub fn for_audience(a: Audience) -> &'static [SurveyItem] {
        if a.is_child() { &SurveyItem::CHILDREN } else { &SurveyItem::ADULTS }
    }
}

impl Serialize for SurveyItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// An item's answers as shown: how many answered, the mean answer, and how many gave each value (1 first).
///
/// The counts are a partition of `n`: they are shown only when none of them is between 1 and k − 1, since with
/// `n` and the mean a single hidden count could be worked out from the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemFigures {
    pub n: u64,
    pub mean: f64,
    pub counts: Cell<Vec<u64>>,
}

/// One item of the survey in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReport {
    pub item: SurveyItem,
    pub scale: u8,
    pub figures: Cell<ItemFigures>,
}

/// Figures of an item from how many chose each value (`counts[v - 1]` for value `v`), or `Suppressed` when fewer
/// than `k` answered. Values outside the scale are not counted.
pub fn item_report(item: SurveyItem, counts_by_value: &[(u8, u64)], k: MinCell) -> ItemReport {
    let scale = item.scale();
    let mut counts = vec![0u64; usize::from(scale)];
    for &(v, c) in counts_by_value {
        if (1..=scale).contains(&v) {
            counts[usize::from(v - 1)] += c;
        }
    }
    let n: u64 = counts.iter().sum();
    let figures = cell(n, k, || {
        let total: u64 = counts.iter().zip(1u64..).map(|(c, v)| c * v).sum();
        let small = counts.iter().any(|&c| c > 0 && c < u64::from(k.get()));
        ItemFigures {
            n,
            mean: total as f64 / n as f64,
            counts: if small { Cell::Suppressed } else { Cell::Shown(counts.clone()) },
        }
    });
    ItemReport { item, scale, figures }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_and_fit_their_audience() {
        for i in SurveyItem::ALL {
            assert_eq!(SurveyItem::parse(i.code()), Some(i));
        }
        assert_eq!(SurveyItem::parse("happy"), None);
        assert_eq!(SurveyItem::for_audience(Audience::Age8To11), &SurveyItem::CHILDREN);
        assert_eq!(SurveyItem::for_audience(Audience::Staff), &SurveyItem::ADULTS);
        assert_eq!(SurveyItem::Liked.scale(), 3);
        assert_eq!(SurveyItem::Recommend.scale(), 5);
    }

    #[test]
    fn item_figures_by_hand() {
        let k = MinCell::default();
        // 2 sad, 1 so-so, 4 happy (and 5 answers out of the scale, not counted): n 7, mean (2 + 2 + 12) / 7; the
        // counts are small, so only n and the mean show.
        let r = item_report(SurveyItem::Liked, &[(1, 2), (2, 1), (3, 4), (9, 5)], k);
        let Cell::Shown(f) = r.figures else { panic!("7 answers are shown") };
        assert_eq!(f.n, 7);
        assert!((f.mean - 16.0 / 7.0).abs() < 1e-12);
        assert!(f.counts.is_suppressed());
        // 5 so-so and 6 happy, none sad: every count shows.
        let Cell::Shown(f) = item_report(SurveyItem::Learned, &[(2, 5), (3, 6)], k).figures else { panic!() };
        assert_eq!(f.counts, Cell::Shown(vec![0, 5, 6]));
        assert!((f.mean - 28.0 / 11.0).abs() < 1e-12);
        // Four answers: nothing shown.
        assert!(item_report(SurveyItem::Useful, &[(5, 3), (4, 1)], k).figures.is_suppressed());
    }
}
