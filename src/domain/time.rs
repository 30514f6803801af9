//! Time on a recording's clock, in seconds from the start of the recording.

use std::iter::Sum;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

/// A duration or an instant on the recording's clock, in seconds.
///
/// A newtype so that a count of speech units can never be added to a time.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

impl Seconds {
    pub const ZERO: Seconds = Seconds(0.0);

    pub fn get(self) -> f64 {
        self.0
    }

    pub fn minutes(self) -> f64 {
        self.0 / 60.0
    }

    pub fn max(self, other: Seconds) -> Seconds {
        Seconds(self.0.max(other.0))
    }

    pub fn min(self, other: Seconds) -> Seconds {
        Seconds(self.0.min(other.0))
    }
}

impl Add for Seconds {
    type Output = Seconds;
    fn add(self, rhs: Seconds) -> Seconds {
        Seconds(self.0 + rhs.0)
    }
}

impl Sub for Seconds {
    type Output = Seconds;
    fn sub(self, rhs: Seconds) -> Seconds {
        Seconds(self.0 - rhs.0)
    }
}

impl Sum for Seconds {
    fn sum<I: Iterator<Item = Seconds>>(iter: I) -> Seconds {
        Seconds(iter.map(Seconds::get).sum())
    }
}

/// A stretch of the recording during which one speaker talks: one cue of the source.
///
/// Invariant: `start <= end`, both finite and non-negative; [`TimeSpan::new`] refuses
/// anything else so that every metric can rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimeSpan {
    pub start: Seconds,
    pub end: Seconds,
}

impl TimeSpan {
    /// `None` when the span runs backwards or is not a real time.
    pub fn new(start: Seconds, end: Seconds) -> Option<TimeSpan> {
        let valid = start.0.is_finite() && end.0.is_finite() && start.0 >= 0.0 && end >= start;
        valid.then_some(TimeSpan { start, end })
    }

    pub fn duration(self) -> Seconds {
        self.end - self.start
    }

    /// Seconds of this span that fall inside `[from, to)`.
    pub fn overlap(self, from: Seconds, to: Seconds) -> Seconds {
        (self.end.min(to) - self.start.max(from)).max(Seconds::ZERO)
    }
}

/// Today's date in UTC, from the system clock: the day alerts and audits are worked
/// out for unless the caller names one (`--today`, `--to`).
pub fn today() -> chrono::NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_refuses_backwards_and_non_finite_times() {
        assert!(TimeSpan::new(Seconds(2.0), Seconds(1.0)).is_none());
        assert!(TimeSpan::new(Seconds(f64::NAN), Seconds(1.0)).is_none());
        assert!(TimeSpan::new(Seconds(-1.0), Seconds(1.0)).is_none());
        assert!(TimeSpan::new(Seconds(1.0), Seconds(1.0)).is_some());
    }

    #[test]
    fn overlap_clips_to_the_window() {
        let span = TimeSpan::new(Seconds(10.0), Seconds(20.0)).expect("valid span");
        assert_eq!(span.overlap(Seconds(15.0), Seconds(30.0)), Seconds(5.0));
        assert_eq!(span.overlap(Seconds(0.0), Seconds(5.0)), Seconds(0.0));
        assert_eq!(span.overlap(Seconds(12.0), Seconds(13.0)), Seconds(1.0));
    }
}
