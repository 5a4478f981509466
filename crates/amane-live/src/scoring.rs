//! Points for an answer. The formula is part of the live protocol: participants see it in the rules.
//!
//! - `correctness` is in [0, 1]: 1 or 0 for one-answer, multiple-answer (the exact set) and true/false questions;
//!   for "spot the red flags", (flags found − harmless parts tapped, never below 0) / flags.
//! - Speed-weighted mode: `points = round(correctness × (500 + 500 × (1 − elapsed / limit)))`, so a right answer
//!   is worth 500 to 1,000 points depending on how fast it came; accuracy-only mode (for younger children):
//!   `round(correctness × 1,000)`.
//! - Streak bonus (optional): after two or more fully correct answers in a row, +100 per answer in the streak
//!   beyond the first, at most +500.

/// How speed counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    SpeedWeighted,
    AccuracyOnly,
}

pub const MAX_POINTS: u32 = 1_000;
pub const STREAK_STEP: u32 = 100;
pub const STREAK_CAP: u32 = 500;

/// Points for one answer, before any streak bonus.
pub fn points(correctness: f64, elapsed_ms: i64, limit_ms: i64, mode: Mode) -> u32 {
    let c = correctness.clamp(0.0, 1.0);
    let value = match mode {
        Mode::AccuracyOnly => c * f64::from(MAX_POINTS),
        Mode::SpeedWeighted => {
            let limit = limit_ms.max(1) as f64;
            let left = (1.0 - (elapsed_ms.max(0) as f64 / limit)).clamp(0.0, 1.0);
            c * (500.0 + 500.0 * left)
        }
    };
    value.round() as u32
}

/// The bonus for an answer that makes the streak `streak` long (1 = this answer alone).
pub fn streak_bonus(streak: u32) -> u32 {
    (streak.saturating_sub(1) * STREAK_STEP).min(STREAK_CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_counts_between_half_and_full() {
        assert_eq!(points(1.0, 0, 20_000, Mode::SpeedWeighted), 1_000);
        assert_eq!(points(1.0, 10_000, 20_000, Mode::SpeedWeighted), 750);
        assert_eq!(points(1.0, 20_000, 20_000, Mode::SpeedWeighted), 500);
        assert_eq!(points(1.0, 99_000, 20_000, Mode::SpeedWeighted), 500, "never below half for a right answer");
        assert_eq!(points(0.0, 0, 20_000, Mode::SpeedWeighted), 0);
        assert_eq!(points(0.5, 0, 20_000, Mode::SpeedWeighted), 500);
    }

    #[test]
    fn accuracy_only_ignores_time() {
        assert_eq!(points(1.0, 19_999, 20_000, Mode::AccuracyOnly), 1_000);
        assert_eq!(points(0.25, 0, 20_000, Mode::AccuracyOnly), 250);
    }

    #[test]
    fn streaks_grow_then_cap() {
        assert_eq!((1..=8).map(streak_bonus).collect::<Vec<_>>(), [0, 100, 200, 300, 400, 500, 500, 500]);
    }
}
