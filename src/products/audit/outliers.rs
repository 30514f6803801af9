//! Outliers: a manager (or department) whose number stands far from the others'.
//!
//! For each metric, the groups that have a value are compared with their median: a
//! value further from it than [`CUT`] × the scaled median absolute deviation is an
//! outlier. Median and MAD rather than mean and standard deviation because the
//! manager being looked for would pull the mean towards themselves and inflate the
//! deviation, hiding themselves (with five managers, one far off can never be more
//! than 1.8 standard deviations out); 2.5 is the moderately conservative cut Leys
//! et al. (2013) recommend. Below [`MIN_GROUPS`] values the median and MAD are set
//! by one or two managers and any spread would look odd, so nothing is flagged.
//! When most managers share a value the MAD is 0 and any difference would count,
//! so each metric has a floor, the smallest spread worth HR's attention.

use serde::Serialize;

use super::groups::Group;
use super::stats::{median, scaled_mad};

/// How many scaled MADs from the median an outlier lies.
pub const CUT: f64 = 2.5;
/// The fewest groups with a value for any to be flagged.
pub const MIN_GROUPS: usize = 4;

/// Which list the group is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Manager,
    Department,
}

/// A metric the outliers are looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    MedianManagerTalkShare,
    OpenQuestionRate,
    PraisePerCriticism,
    RecordCompleteness,
    ConversationsPerEmployee,
}

/// What a metric's value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share, 0–1.
    Share,
    /// Praise sentences per criticism sentence.
    PraisePerCriticism,
    /// Conversations in the period per employee.
    ConversationsPerEmployee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    High,
    Low,
}

/// A group's value far from the others'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlier {
    pub group: GroupKind,
    pub name: String,
    pub metric: Metric,
    pub value: f64,
    /// The median over the groups with a value.
    pub median: f64,
    /// The spread used: 1.4826 × MAD, or the metric's floor when larger.
    pub spread: f64,
    pub unit: Unit,
    pub direction: Direction,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::MedianManagerTalkShare,
        Metric::OpenQuestionRate,
        Metric::PraisePerCriticism,
        Metric::RecordCompleteness,
        Metric::ConversationsPerEmployee,
    ];

    pub fn of(self, group: &Group) -> Option<f64> {
        match self {
            Metric::MedianManagerTalkShare => group.median_manager_talk_share,
            Metric::OpenQuestionRate => group.open_question_rate,
            Metric::PraisePerCriticism => group.praise_per_criticism,
            Metric::RecordCompleteness => group.record_completeness,
            Metric::ConversationsPerEmployee => group.conversations_per_employee,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::PraisePerCriticism => Unit::PraisePerCriticism,
            Metric::ConversationsPerEmployee => Unit::ConversationsPerEmployee,
            _ => Unit::Share,
        }
    }

    /// The smallest spread worth flagging against (module doc).
    fn floor(self) -> f64 {
        match self.unit() {
            Unit::Share => 0.05,
            Unit::PraisePerCriticism | Unit::ConversationsPerEmployee => 0.25,
        }
    }
}

/// The outliers among `groups`, by metric and then in the groups' order.
pub(super) fn outliers(kind: GroupKind, groups: &[Group]) -> Vec<Outlier> {
    let mut out = Vec::new();
    for metric in Metric::ALL {
        let valued: Vec<(&Group, f64)> = groups
            .iter()
            .filter_map(|g| metric.of(g).map(|v| (g, v)))
            .collect();
        if valued.len() < MIN_GROUPS {
            continue;
        }
        let values: Vec<f64> = valued.iter().map(|(_, v)| *v).collect();
        let Some(center) = median(&values) else {
            continue;
        };
        let Some(mad) = scaled_mad(&values, center) else {
            continue;
        };
        let spread = mad.max(metric.floor());
        for (group, value) in valued {
            if (value - center).abs() > CUT * spread {
                out.push(Outlier {
                    group: kind,
                    name: group.name.clone(),
                    metric,
                    value,
                    median: center,
                    spread,
                    unit: metric.unit(),
                    direction: if value > center {
                        Direction::High
                    } else {
                        Direction::Low
                    },
                });
            }
        }
    }
    out
}
