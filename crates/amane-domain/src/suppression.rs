//! Small-cell suppression: no published figure may be about fewer than `k` children, whether read directly or
//! worked out by subtracting the figures shown from a total shown.
//!
//! The rules and the reasons for them are in `docs/REPORTS.md` ("Small groups").

use crate::error::FieldCode;
use serde::Serialize;

/// The smallest group whose figures are shown. Never below 5: smaller groups let a reader recognise a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MinCell(u32);

impl MinCell {
    pub const FLOOR: u32 = 5;

    pub fn new(k: u32) -> Result<MinCell, FieldCode> {
        if k < Self::FLOOR { Err(FieldCode::MinCellTooSmall) } else { Ok(MinCell(k)) }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for MinCell {
    fn default() -> Self {
        MinCell(Self::FLOOR)
    }
}

impl<'de> serde::Deserialize<'de> for MinCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let k = u32::deserialize(d)?;
        MinCell::new(k).map_err(|_| serde::de::Error::custom(format!("min cell {k} is below {}", MinCell::FLOOR)))
    }
}

impl Serialize for MinCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

/// A figure, or the mark that it is withheld. In JSON a shown figure is the figure itself and a withheld one is
/// `{"suppressed": true}`, so a client cannot mistake one for the other nor read anything from the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<T> {
    Shown(T),
    Suppressed,
}

impl<T> Cell<T> {
    pub fn shown(self) -> Option<T> {
        match self {
            Cell::Shown(t) => Some(t),
            Cell::Suppressed => None,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Cell::Suppressed)
    }
}

impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Cell::Shown(t) => t.serialize(s),
            Cell::Suppressed => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("suppressed", &true)?;
                m.end()
            }
        }
    }
}

/// The figures of a group of `n` participants, computed only when the group is large enough to show them.
pub fn cell<T>(n: u64, k: MinCell, f: impl FnOnce() -> T) -> Cell<T> {
    if n < u64::from(k.0) { Cell::Suppressed } else { Cell::Shown(f()) }
}

/// Which parts of a partition of `total` to hide (`true` = hidden), in the order of `parts`.
///
/// - A total below `k` hides every part (the caller hides the total as well).
/// - Primary: every part with 0 < n < k is hidden. A part of 0 is shown: it is about no child.
/// - Secondary: while some part is hidden and the hidden parts are fewer than two or add up to less than `k`, the
///   smallest non-zero shown part (the first of equals) is hidden too; when none is left, everything is.
///
/// Since `total − shown parts` always gives the sum of the hidden ones, this keeps that sum at `k` or more and
/// spread over two parts at least. Parts that add up to less than `total` leave an unlisted remainder that the
/// same subtraction reveals: it is treated as one more part that cannot be shown, so a small remainder is
/// covered by hiding listed parts. Parts that add up to more than `total` are taken at their own sum.
///
/// This protects one partition of one total. Figures crossed in two directions (a table whose rows and columns
/// both have totals) need the whole table looked at, which this function does not do.
pub fn suppress_partition(total: u64, parts: &[u64], k: MinCell) -> Vec<bool> {
    let k = u64::from(k.0);
    let listed: u64 = parts.iter().fold(0u64, |a, p| a.saturating_add(*p));
    let total = total.max(listed);
    if total < k {
        return vec![true; parts.len()];
    }
    let remainder = total - listed;
    let mut hidden: Vec<bool> = parts.iter().map(|p| *p > 0 && *p < k).collect();
    loop {
        let count = hidden.iter().filter(|h| **h).count();
        let sum: u64 = parts.iter().zip(&hidden).filter(|(_, h)| **h).map(|(p, _)| *p).sum();
        // The remainder, never listed, behaves as a part already hidden.
        let (count, sum) = if remainder > 0 { (count + 1, sum + remainder) } else { (count, sum) };
        let exposed = match count {
            0 => false,
            // The single hidden part (or the remainder alone) is total − shown parts.
            1 => true,
            _ => sum < k,
        };
        // A remainder of k or more, alone, reveals no small group.
        let exposed = exposed && !(count == 1 && remainder >= k);
        if !exposed {
            return hidden;
        }
        let next = parts
            .iter()
            .enumerate()
            .filter(|(i, p)| !hidden[*i] && **p > 0)
            .min_by_key(|(i, p)| (**p, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            None => return vec![true; parts.len()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k5() -> MinCell {
        MinCell::default()
    }

    #[test]
    fn the_threshold_is_never_below_five() {
        assert_eq!(MinCell::new(4), Err(FieldCode::MinCellTooSmall));
        assert_eq!(MinCell::new(0), Err(FieldCode::MinCellTooSmall));
        assert_eq!(MinCell::new(5).map(MinCell::get), Ok(5));
        assert_eq!(MinCell::new(10).map(MinCell::get), Ok(10));
        assert_eq!(MinCell::default().get(), 5);
        assert!(serde_json::from_str::<MinCell>("3").is_err());
        assert_eq!(serde_json::from_str::<MinCell>("7").ok(), MinCell::new(7).ok());
    }

    #[test]
    fn a_suppressed_cell_says_so_and_nothing_else() {
        let shown: Cell<f64> = cell(12, k5(), || 0.5);
        let hidden: Cell<f64> = cell(4, k5(), || unreachable!("not computed for a small group"));
        assert_eq!(serde_json::to_string(&shown).expect("json"), "0.5");
        assert_eq!(serde_json::to_string(&hidden).expect("json"), r#"{"suppressed":true}"#);
        assert_eq!(serde_json::to_string(&cell(5, k5(), || [1, 2])).expect("json"), "[1,2]");
        assert_eq!(serde_json::to_string(&cell(0, k5(), || 1)).expect("json"), r#"{"suppressed":true}"#);
        assert!(cell(4, k5(), || ()).is_suppressed());
        assert_eq!(cell(9, MinCell::new(10).expect("k"), || 1).shown(), None);
    }

    #[test]
    fn concrete_partitions() {
        let k = k5();
        // Nothing small: all shown.
        assert_eq!(suppress_partition(30, &[10, 12, 8], k), [false, false, false]);
        // One small part: the next smallest goes with it, 3 + 7 = 10 ≥ 5.
        assert_eq!(suppress_partition(30, &[12, 3, 8, 7], k), [false, true, false, true]);
        // Two small parts adding up to less than 5: a third is needed.
        assert_eq!(suppress_partition(22, &[2, 2, 9, 9], k), [true, true, true, false]);
        // Two small parts adding up to 5 or more protect each other.
        assert_eq!(suppress_partition(26, &[3, 4, 10, 9], k), [true, true, false, false]);
        // Zeros are shown and never chosen to cover another part.
        assert_eq!(suppress_partition(20, &[0, 3, 17, 0], k), [false, true, true, false]);
        // A total below k hides everything, zeros included.
        assert_eq!(suppress_partition(4, &[0, 4], k), [true, true]);
        assert_eq!(suppress_partition(0, &[0, 0], k), [true, true]);
        // Equal candidates: the first is taken.
        assert_eq!(suppress_partition(20, &[2, 9, 9], k), [true, true, false]);
        // Nothing else to hide with: all of it.
        assert_eq!(suppress_partition(7, &[3, 4], k), [true, true]);
        assert_eq!(suppress_partition(6, &[1, 5], k), [true, true]);
        assert_eq!(suppress_partition(9, &[9], k), [false]);
        assert!(suppress_partition(9, &[], k).is_empty());
        // A larger k.
        let k10 = MinCell::new(10).expect("k");
        assert_eq!(suppress_partition(40, &[6, 14, 20], k10), [true, true, false]);
    }

    #[test]
    fn an_unlisted_remainder_is_covered_too() {
        let k = k5();
        // 30 − (12 + 15) = 3 children in no listed part: 12 must go with it, or they would be 3.
        assert_eq!(suppress_partition(30, &[12, 15], k), [true, false]);
        // A remainder of 5 or more reveals no small group.
        assert_eq!(suppress_partition(32, &[12, 15], k), [false, false]);
        // A small part and a small remainder: 2 + 2 < 5, so one more.
        assert_eq!(suppress_partition(24, &[2, 10, 10], k), [true, true, false]);
    }

    /// What a reader can still learn: for every partition, the hidden cells (with the unlisted remainder) are
    /// none, or at least two adding up to k or more, or everything.
    fn check(total: u64, parts: &[u64], k: MinCell, hidden: &[bool]) -> Result<(), TestCaseError> {
        let k = u64::from(k.get());
        prop_assert_eq!(hidden.len(), parts.len());
        let listed: u64 = parts.iter().sum();
        let remainder = total.saturating_sub(listed);
        if total.max(listed) < k {
            prop_assert!(hidden.iter().all(|h| *h));
            return Ok(());
        }
        for (p, h) in parts.iter().zip(hidden) {
            prop_assert!(!(*p > 0 && *p < k && !*h), "a small part {} is shown", p);
        }
        if hidden.iter().all(|h| *h) {
            return Ok(());
        }
        let mut count = hidden.iter().filter(|h| **h).count();
        let mut sum: u64 = parts.iter().zip(hidden).filter(|(_, h)| **h).map(|(p, _)| *p).sum();
        if remainder > 0 {
            count += 1;
            sum += remainder;
        }
        if count > 0 {
            let alone_and_large = count == 1 && remainder >= k;
            prop_assert!(alone_and_large || (count >= 2 && sum >= k), "recoverable: {:?} {:?}", parts, hidden);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn no_hidden_part_can_be_recovered_by_subtraction(
            parts in proptest::collection::vec(prop_oneof![Just(0u64), 1u64..5, 1u64..40], 0..8),
            k in 5u32..12,
        ) {
            let k = MinCell::new(k).expect("k");
            let total: u64 = parts.iter().sum();
            let hidden = suppress_partition(total, &parts, k);
            check(total, &parts, k, &hidden)?;
        }

        #[test]
        fn nor_when_some_participants_are_in_no_listed_part(
            parts in proptest::collection::vec(0u64..30, 0..6),
            extra in 0u64..12,
        ) {
            let total = parts.iter().sum::<u64>() + extra;
            let hidden = suppress_partition(total, &parts, k5());
            check(total, &parts, k5(), &hidden)?;
        }

        #[test]
        fn a_partition_without_small_parts_is_shown_whole(
            parts in proptest::collection::vec(prop_oneof![Just(0u64), 5u64..50], 1..8),
        ) {
            let total: u64 = parts.iter().sum();
            prop_assume!(total >= 5);
            prop_assert!(suppress_partition(total, &parts, k5()).iter().all(|h| !*h));
        }
    }
}
