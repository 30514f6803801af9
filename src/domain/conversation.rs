//! A conversation and what is known about it besides the words.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::turn::Turn;

/// The four kinds of performance conversation (DOMAIN.md "Kinds of conversation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// 绩效计划面谈: goals, measures and standards at the start of a cycle.
    Plan,
    /// 过程辅导面谈: progress, blockers and support during the cycle.
    Coaching,
    /// 绩效考评面谈: results against goals at the end of a cycle.
    Review,
    /// 绩效反馈面谈: the rating, its basis and the development plan.
    Feedback,
}

impl ConversationKind {
    /// The name the articles give the kind (绩效计划面谈…), for Chinese output; every
    /// product that says the kind in Chinese says it this way.
    pub fn chinese_name(self) -> &'static str {
        match self {
            ConversationKind::Plan => "绩效计划面谈",
            ConversationKind::Coaching => "过程辅导面谈",
            ConversationKind::Review => "绩效考评面谈",
            ConversationKind::Feedback => "绩效反馈面谈",
        }
    }
}

/// The employee's performance level, which changes what the conversation should stress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceLevel {
    High,
    Middle,
    Low,
}

/// A value given on the command line or in metadata that is not one of the known words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {what}; expected one of: {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl FromStr for ConversationKind {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "plan" => Ok(Self::Plan),
            "coaching" => Ok(Self::Coaching),
            "review" => Ok(Self::Review),
            "feedback" => Ok(Self::Feedback),
            _ => Err(UnknownValue {
                what: "conversation kind",
                value: s.to_owned(),
                expected: "plan, coaching, review, feedback",
            }),
        }
    }
}

impl fmt::Display for ConversationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Plan => "plan",
            Self::Coaching => "coaching",
            Self::Review => "review",
            Self::Feedback => "feedback",
        })
    }
}

impl FromStr for PerformanceLevel {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" => Ok(Self::High),
            "middle" | "medium" => Ok(Self::Middle),
            "low" => Ok(Self::Low),
            _ => Err(UnknownValue {
                what: "performance level",
                value: s.to_owned(),
                expected: "high, middle, low",
            }),
        }
    }
}

/// What is known about a conversation besides its words. Everything is optional: a
/// bare transcript has none of it, and what is missing is inferred or left out.
/// Unknown fields are ignored so that files written by a newer Candor still load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee: Option<String>,
    /// Others present, such as an HR observer; they get the role `other`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConversationKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_level: Option<PerformanceLevel>,
}

impl Metadata {
    /// Fills every field that `self` leaves empty from `fallback`, so that what the
    /// user says on the command line wins over what the file says.
    #[must_use]
    pub fn or(self, fallback: Metadata) -> Metadata {
        Metadata {
            manager: self.manager.or(fallback.manager),
            employee: self.employee.or(fallback.employee),
            participants: if self.participants.is_empty() {
                fallback.participants
            } else {
                self.participants
            },
            department: self.department.or(fallback.department),
            date: self.date.or(fallback.date),
            kind: self.kind.or(fallback.kind),
            performance_level: self.performance_level.or(fallback.performance_level),
        }
    }
}

/// A performance conversation: metadata and the turns in the order they were spoken.
///
/// Invariants kept by `ingest`: at least one turn; turn ids are 1, 2, 3… in order;
/// no two consecutive turns have the same speaker; either every turn is timed, in
/// order of start, or none is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub metadata: Metadata,
    pub turns: Vec<Turn>,
}

impl Conversation {
    /// Speaker names in order of first appearance.
    pub fn speaker_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for turn in &self.turns {
            if !names.contains(&turn.speaker.as_str()) {
                names.push(&turn.speaker);
            }
        }
        names
    }

    /// True when every turn has timings, so time-based metrics are meaningful.
    pub fn is_timed(&self) -> bool {
        !self.turns.is_empty() && self.turns.iter().all(Turn::is_timed)
    }
}

#[cfg(test)]
impl Conversation {
    /// `lines` of (speaker, text) as turns numbered from 1, without timings: for tests
    /// of what is measured on conversations.
    pub(crate) fn for_test(metadata: Metadata, lines: &[(&str, &str)]) -> Conversation {
        Conversation {
            metadata,
            turns: lines
                .iter()
                .zip(1..)
                .map(|((speaker, text), id)| Turn::for_test(id, speaker, &[], text))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_metadata_wins_over_file_metadata() {
        let cli = Metadata {
            manager: Some("张伟".into()),
            ..Metadata::default()
        };
        let file = Metadata {
            manager: Some("Li".into()),
            department: Some("研发部".into()),
            ..Metadata::default()
        };
        let merged = cli.or(file);
        assert_eq!(merged.manager.as_deref(), Some("张伟"));
        assert_eq!(merged.department.as_deref(), Some("研发部"));
    }

    #[test]
    fn unknown_kind_names_the_choices() {
        let err = "appraisal"
            .parse::<ConversationKind>()
            .expect_err("not a kind");
        assert!(err.to_string().contains("plan, coaching, review, feedback"));
    }
}
