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

    /// `periods` periods after `from`: a month on from 31 January is 28 February.
    pub fn after(self, from: NaiveDate, periods: u32) -> Option<NaiveDate> {
        match self.period() {
            Period::Days(days) => from.checked_add_days(Days::new(u64::from(periods) * days)),
            Period::Months(months) => from.checked_add_months(Months::new(periods * months)),
        }
    }

    /// The occurrence due on `day`: the first on or after it, counting periods from
    /// `first`. A weekly check-in agreed weeks ago is due at its next Monday, never
    /// overdue for good because its first Monday passed.
    pub fn current(self, first: NaiveDate, day: NaiveDate) -> Option<NaiveDate> {
        if day <= first {
            return Some(first);
        }
        // Whole periods already behind, counted low (months vary in length).
        let behind = match self.period() {
            Period::Days(days) => u64::try_from((day - first).num_days()).ok()? / days,
            Period::Months(months) => {
                let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month());
                u64::try_from(index(day) - index(first)).ok()? / u64::from(months)
            }
        };
        let mut periods = u32::try_from(behind).ok()?;
        loop {
            let on = self.after(first, periods)?;
            if on >= day {
                return Some(on);
            }
            periods += 1;
        }
    }

    fn period(self) -> Period {
        match self {
            Repeat::Daily => Period::Days(1),
            Repeat::Weekly => Period::Days(7),
            Repeat::Biweekly => Period::Days(14),
            Repeat::Monthly => Period::Months(1),
            Repeat::Quarterly => Period::Months(3),
        }
    }
}

/// A repeat's length: days, or calendar months (which vary in days).
#[derive(Debug, Clone, Copy)]
enum Period {
    Days(u64),
    Months(u32),
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
