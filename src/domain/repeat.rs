//! How often a recurring action comes round (每周五前, "every Monday", monthly).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The period of a recurring action item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Repeat {
    pub const ALL: [Repeat; 5] = [
        Repeat::Daily,
        Repeat::Weekly,
        Repeat::Biweekly,
        Repeat::Monthly,
        Repeat::Quarterly,
    ];

    /// The word stored and shown, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Repeat::Daily => "daily",
            Repeat::Weekly => "weekly",
            Repeat::Biweekly => "biweekly",
            Repeat::Monthly => "monthly",
            Repeat::Quarterly => "quarterly",
        }
    }

    /// The period named by `word` (as [`Repeat::as_str`] writes it).
    pub fn from_word(word: &str) -> Option<Repeat> {
        Repeat::ALL.into_iter().find(|r| r.as_str() == word)
    }

    /// The occurrence due on `day`: the first on or after it, counting periods from
    /// `first`. A weekly check-in agreed weeks ago is due at its next Monday, never
    /// overdue for good because its first Monday passed.
    pub fn current(self, first: NaiveDate, day: NaiveDate) -> Option<NaiveDate> {
        if day <= first {
            return Some(first);
        }
        let (step_days, step_months) = match self {
            Repeat::Daily => (1, 0),
            Repeat::Weekly => (7, 0),
            Repeat::Biweekly => (14, 0),
            Repeat::Monthly => (0, 1),
            Repeat::Quarterly => (0, 3),
        };
        if step_days > 0 {
            let behind = u64::try_from((day - first).num_days()).ok()?;
            return first.checked_add_days(Days::new(behind.div_ceil(step_days) * step_days));
        }
        let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month());
        let months = index(day) - index(first);
        let mut periods = u32::try_from(months).ok()? / step_months;
        loop {
            let on = first.checked_add_months(Months::new(periods * step_months))?;
            if on >= day {
                return Some(on);
            }
            periods += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn the_current_occurrence_is_the_first_on_or_after_the_day() {
        let monday = ymd(2026, 11, 9);
        assert_eq!(
            Repeat::Weekly.current(monday, ymd(2026, 11, 2)),
            Some(monday)
        );
        assert_eq!(Repeat::Weekly.current(monday, monday), Some(monday));
        assert_eq!(
            Repeat::Weekly.current(monday, ymd(2026, 11, 10)),
            Some(ymd(2026, 11, 16))
        );
        assert_eq!(
            Repeat::Biweekly.current(monday, ymd(2026, 11, 24)),
            Some(ymd(2026, 12, 7))
        );
        assert_eq!(
            Repeat::Daily.current(monday, ymd(2026, 12, 1)),
            Some(ymd(2026, 12, 1))
        );
        let end = ymd(2026, 1, 31);
        assert_eq!(
            Repeat::Monthly.current(end, ymd(2026, 2, 10)),
            Some(ymd(2026, 2, 28))
        );
        assert_eq!(
            Repeat::Monthly.current(end, ymd(2026, 3, 1)),
            Some(ymd(2026, 3, 31))
        );
        assert_eq!(
            Repeat::Quarterly.current(end, ymd(2026, 2, 1)),
            Some(ymd(2026, 4, 30))
        );
    }

    #[test]
    fn the_stored_word_reads_back() {
        for repeat in Repeat::ALL {
            assert_eq!(Repeat::from_word(repeat.as_str()), Some(repeat));
        }
        assert_eq!(Repeat::from_word("hourly"), None);
    }
}
