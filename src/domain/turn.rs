//! Turns: one speaker holding the floor, and the roles speakers play.

use serde::{Deserialize, Serialize};

use super::time::{Seconds, TimeSpan};

/// A turn's position in its conversation, starting at 1. Evidence points at these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TurnId(pub u32);

impl std::fmt::Display for TurnId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One speaker talking until someone else does.
///
/// Consecutive cues of one speaker are merged into one turn; each cue keeps its own
/// [`TimeSpan`] in `segments` so that talk time is the sum of what was actually
/// spoken, not the wall-clock span of the turn (which would count pauses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub id: TurnId,
    pub speaker: String,
    /// One span per source cue, in order; empty when the source has no timings.
    pub segments: Vec<TimeSpan>,
    pub text: String,
    /// 1-based line of the source file where the turn begins, when the format has lines.
    pub line: Option<usize>,
}

impl Turn {
    pub fn is_timed(&self) -> bool {
        !self.segments.is_empty()
    }

    pub fn start(&self) -> Option<Seconds> {
        self.segments.first().map(|s| s.start)
    }

    pub fn end(&self) -> Option<Seconds> {
        self.segments.iter().map(|s| s.end).reduce(Seconds::max)
    }

    /// Seconds of speech: the sum of the cue durations.
    pub fn spoken(&self) -> Option<Seconds> {
        self.is_timed()
            .then(|| self.segments.iter().map(|s| s.duration()).sum())
    }
}

#[cfg(test)]
impl Turn {
    /// A turn for tests: one segment per `(start, end)` pair in seconds.
    pub(crate) fn for_test(id: u32, speaker: &str, spans: &[(f64, f64)], text: &str) -> Turn {
        Turn {
            id: TurnId(id),
            speaker: speaker.into(),
            segments: spans
                .iter()
                .map(|&(a, b)| TimeSpan::new(Seconds(a), Seconds(b)).expect("valid span"))
                .collect(),
            text: text.into(),
            line: None,
        }
    }
}

/// What a speaker is in a performance conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    Employee,
    /// Anyone else present: an HR observer, a skip-level manager, a note taker.
    Other,
}

/// A participant as the analysis sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: f64, b: f64) -> TimeSpan {
        TimeSpan::new(Seconds(a), Seconds(b)).expect("valid span")
    }

    #[test]
    fn spoken_time_excludes_pauses_between_cues() {
        let turn = Turn {
            id: TurnId(1),
            speaker: "Alice".into(),
            segments: vec![span(0.0, 2.0), span(5.0, 6.5)],
            text: "Hi. Let's start.".into(),
            line: Some(3),
        };
        assert_eq!(turn.spoken(), Some(Seconds(3.5)));
        assert_eq!(turn.start(), Some(Seconds(0.0)));
        assert_eq!(turn.end(), Some(Seconds(6.5)));
    }

    #[test]
    fn untimed_turn_has_no_times() {
        let turn = Turn {
            id: TurnId(1),
            speaker: "张经理".into(),
            segments: vec![],
            text: "我们开始吧。".into(),
            line: None,
        };
        assert_eq!(turn.spoken(), None);
        assert_eq!(turn.end(), None);
    }
}
