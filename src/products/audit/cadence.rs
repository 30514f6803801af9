//! Cadence gaps (DOMAIN.md "Cadence": process feedback at least monthly, a formal
//! interview at least quarterly): stretches of the period in which an employee went
//! too long without a conversation.
//!
//! One rule serves both checks. The stretches are the days between consecutive
//! dates of the employee's conversations, starting from the last one before the
//! period (or from the period's first day when there is none: what came before is
//! not known, so the employee is given the benefit of the doubt) and ending at the
//! period's last day. A stretch longer than the limit is a gap: over
//! [`super::MAX_DAYS_WITHOUT_CONVERSATION`] (31) days with no conversation at all,
//! or over [`super::MAX_DAYS_WITHOUT_FORMAL_INTERVIEW`] (92, a quarter) days with no
//! formal interview (a `review`, or the `feedback` interview that follows a review).
//! Each such stretch holds a day of the period on which the employee had gone past
//! the limit, so it is a gap of the period even when it began before. A period no
//! longer than the limit can show a gap only through a stretch that began before it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ConversationKind;

/// What an employee went without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// No conversation of any kind for over 31 days.
    #[serde(rename = "no_conversation_31_days")]
    NoConversation31Days,
    /// No formal interview (review or feedback) for over a quarter (92 days).
    NoFormalInterviewInQuarter,
}

/// One stretch in which an employee went too long without a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CadenceGap {
    pub employee: String,
    pub manager: String,
    pub department: Option<String>,
    pub kind: GapKind,
    /// `to` − `from`, in days.
    pub days: i64,
    /// The last conversation before the gap (of the kind that counts), or the
    /// period's first day when there was none.
    pub from: NaiveDate,
    /// The next such conversation, or the period's last day when none followed.
    pub to: NaiveDate,
    /// The conversation the gap starts from, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_conversation_id: Option<i64>,
}

/// A dated conversation of one employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Held {
    pub on: NaiveDate,
    pub id: i64,
    pub kind: Option<ConversationKind>,
}

/// Who the gaps are about.
#[derive(Debug, Clone, Copy)]
pub(super) struct Employee<'a> {
    pub name: &'a str,
    pub manager: &'a str,
    pub department: Option<&'a str>,
}

/// Whether a conversation is a formal interview for the quarterly rule.
fn formal(kind: Option<ConversationKind>) -> bool {
    matches!(
        kind,
        Some(ConversationKind::Review | ConversationKind::Feedback)
    )
}

/// The gaps of one employee in `from..=to`; `held` is every dated conversation of
/// theirs, sorted by date (those after `to` are ignored).
pub(super) fn gaps(
    employee: Employee<'_>,
    held: &[Held],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<CadenceGap> {
    let mut out = lapses(held.iter(), from, to, super::MAX_DAYS_WITHOUT_CONVERSATION)
        .into_iter()
        .map(|l| l.gap(employee, GapKind::NoConversation31Days))
        .collect::<Vec<_>>();
    let formal_held = held.iter().filter(|h| formal(h.kind));
    out.extend(
        lapses(
            formal_held,
            from,
            to,
            super::MAX_DAYS_WITHOUT_FORMAL_INTERVIEW,
        )
        .into_iter()
        .map(|l| l.gap(employee, GapKind::NoFormalInterviewInQuarter)),
    );
    out
}

/// A stretch longer than the limit.
struct Lapse {
    from: NaiveDate,
    to: NaiveDate,
    last: Option<i64>,
}

impl Lapse {
    fn gap(self, employee: Employee<'_>, kind: GapKind) -> CadenceGap {
        CadenceGap {
            employee: employee.name.to_owned(),
            manager: employee.manager.to_owned(),
            department: employee.department.map(str::to_owned),
            kind,
            days: (self.to - self.from).num_days(),
            from: self.from,
            to: self.to,
            last_conversation_id: self.last,
        }
    }
}

/// The stretches of more than `limit` days (module doc) among `held` (sorted).
fn lapses<'a>(
    held: impl Iterator<Item = &'a Held>,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Vec<Lapse> {
    let mut start: (NaiveDate, Option<i64>) = (from, None);
    let mut out = Vec::new();
    let mut push = |a: (NaiveDate, Option<i64>), b: NaiveDate| {
        if (b - a.0).num_days() > limit {
            out.push(Lapse {
                from: a.0,
                to: b,
                last: a.1,
            });
        }
    };
    for h in held.take_while(|h| h.on <= to) {
        if h.on < from {
            start = (h.on, Some(h.id));
            continue;
        }
        push(start, h.on);
        start = (h.on, Some(h.id));
    }
    push(start, to);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::TimeDelta::days(n)
    }

    fn held(days: &[(i64, Option<ConversationKind>)]) -> Vec<Held> {
        (1..)
            .zip(days)
            .map(|(id, &(d, kind))| Held {
                on: day(d),
                id,
                kind,
            })
            .collect()
    }

    const E: Employee<'static> = Employee {
        name: "E",
        manager: "M",
        department: None,
    };

    fn of(kind: GapKind, gaps: &[CadenceGap]) -> Vec<(i64, i64, i64)> {
        gaps.iter()
            .filter(|g| g.kind == kind)
            .map(|g| {
                (
                    (g.from - day(0)).num_days(),
                    (g.to - day(0)).num_days(),
                    g.days,
                )
            })
            .collect()
    }

    const COACHING: Option<ConversationKind> = Some(ConversationKind::Coaching);
    const REVIEW: Option<ConversationKind> = Some(ConversationKind::Review);

    #[test]
    fn thirty_one_days_between_conversations_is_on_time_and_thirty_two_is_a_gap() {
        let on_time = gaps(E, &held(&[(0, COACHING), (31, COACHING)]), day(0), day(31));
        assert!(of(GapKind::NoConversation31Days, &on_time).is_empty());
        let late = gaps(E, &held(&[(0, COACHING), (32, COACHING)]), day(0), day(32));
        assert_eq!(of(GapKind::NoConversation31Days, &late), [(0, 32, 32)]);
        assert_eq!(late[0].last_conversation_id, Some(1));
    }

    #[test]
    fn the_period_start_and_end_bound_the_first_and_last_stretches() {
        // Nothing before the period: its first day is the start; the last stretch
        // runs to its last day.
        let g = gaps(E, &held(&[(40, COACHING)]), day(0), day(80));
        assert_eq!(
            of(GapKind::NoConversation31Days, &g),
            [(0, 40, 40), (40, 80, 40)]
        );
        assert_eq!(g[0].last_conversation_id, None);
        // No conversation at all in a 31-day period is not a gap; in 32 days it is.
        assert!(gaps(E, &[], day(0), day(31)).is_empty());
        assert_eq!(
            of(
                GapKind::NoConversation31Days,
                &gaps(E, &[], day(0), day(32))
            ),
            [(0, 32, 32)]
        );
    }

    #[test]
    fn the_last_conversation_before_the_period_counts_and_later_ones_do_not() {
        let h = held(&[(-20, COACHING), (15, COACHING), (100, COACHING)]);
        let g = gaps(E, &h, day(0), day(30));
        // -20 → 15 is 35 days, of which the period's first 15.
        assert_eq!(of(GapKind::NoConversation31Days, &g), [(-20, 15, 35)]);
        assert_eq!(g[0].last_conversation_id, Some(1));
        // A short period still shows an employee long overdue.
        let g = gaps(E, &held(&[(-40, COACHING)]), day(0), day(10));
        assert_eq!(of(GapKind::NoConversation31Days, &g), [(-40, 10, 50)]);
    }

    #[test]
    fn a_quarter_without_a_review_or_feedback_interview_is_a_gap() {
        // Monthly coaching, no review in 120 days.
        let monthly: Vec<(i64, Option<ConversationKind>)> =
            (0..5).map(|m| (m * 30, COACHING)).collect();
        let g = gaps(E, &held(&monthly), day(0), day(120));
        assert!(of(GapKind::NoConversation31Days, &g).is_empty());
        assert_eq!(of(GapKind::NoFormalInterviewInQuarter, &g), [(0, 120, 120)]);
        // A review on day 60 splits it into two stretches of 60.
        let mut with_review = monthly.clone();
        with_review[2].1 = REVIEW;
        let g = gaps(E, &held(&with_review), day(0), day(120));
        assert!(of(GapKind::NoFormalInterviewInQuarter, &g).is_empty());
        // A feedback interview counts too; a plan does not.
        with_review[2].1 = Some(ConversationKind::Feedback);
        assert!(gaps(E, &held(&with_review), day(0), day(120)).is_empty());
        with_review[2].1 = Some(ConversationKind::Plan);
        assert_eq!(gaps(E, &held(&with_review), day(0), day(120)).len(), 1);
        // A period shorter than a quarter shows no quarterly gap by itself.
        assert!(gaps(E, &held(&monthly), day(0), day(92)).is_empty());
        assert_eq!(gaps(E, &held(&monthly), day(0), day(93)).len(), 1);
    }
}
