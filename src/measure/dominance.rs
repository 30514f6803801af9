//! Talk dominance over time: in 2.5-minute windows sliding by 30 s, does one side
//! hold the floor? The sides are the manager and everyone else.
//!
//! The conversation's pattern, from the share of windows each side dominates
//! (README "Metrics" gives the same rules):
//! - `dominated_throughout`: one side dominates at least 70% of the windows;
//! - `alternating`: each side dominates at least 20% of the windows — long
//!   stretches of one side, then the other;
//! - `back_and_forth`: anything else — mostly balanced windows, the floor
//!   changing hands within minutes.

use serde::Serialize;

use crate::config::Norms;
use crate::domain::{Conversation, Seconds, Turn};

/// Share of windows one side must dominate for `dominated_throughout`.
const THROUGHOUT_SHARE: f64 = 0.7;
/// Share of windows each side must dominate for `alternating`.
const ALTERNATING_SHARE: f64 = 0.2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Manager,
    /// The employee and anyone else who is not the manager.
    Others,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "pattern")]
pub enum DominancePattern {
    DominatedThroughout { by: Side },
    BackAndForth,
    Alternating,
}

/// One window of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Window {
    pub start: Seconds,
    pub end: Seconds,
    /// The manager's share of the speech in the window (0–1).
    pub manager_share: f64,
    /// The side holding at least `Norms::dominance_share`, if any.
    pub dominant: Option<Side>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dominance {
    pub pattern: DominancePattern,
    /// Windows with speech in them (silent windows are left out).
    pub windows: Vec<Window>,
    pub manager_dominated: u32,
    pub others_dominated: u32,
    pub balanced: u32,
}

/// Dominance for a timed conversation; `None` when nobody speaks in any window.
pub fn dominance(conversation: &Conversation, manager: &str, norms: &Norms) -> Option<Dominance> {
    let first = conversation
        .turns
        .iter()
        .filter_map(Turn::start)
        .reduce(Seconds::min)?;
    let last = conversation
        .turns
        .iter()
        .filter_map(Turn::end)
        .reduce(Seconds::max)?;
    let width = Seconds(norms.dominance_window_seconds);
    let step = norms.dominance_step_seconds;
    let count = window_count(last - first, width, step);
    let windows: Vec<Window> = (0..count)
        .map(|i| first + Seconds(step * i as f64))
        .filter_map(|start| window(conversation, manager, start, start + width, norms))
        .collect();
    let tally = |side| windows.iter().filter(|w| w.dominant == Some(side)).count() as u32;
    let (manager_dominated, others_dominated) = (tally(Side::Manager), tally(Side::Others));
    let total = windows.len() as u32;
    let pattern = pattern(manager_dominated, others_dominated, total)?;
    Some(Dominance {
        pattern,
        manager_dominated,
        others_dominated,
        balanced: total - manager_dominated - others_dominated,
        windows,
    })
}

/// Windows needed so the last one reaches the end (at least one).
fn window_count(length: Seconds, width: Seconds, step: f64) -> usize {
    let beyond_first = (length - width).get().max(0.0);
    1 + (beyond_first / step).ceil() as usize
}

fn window(
    conversation: &Conversation,
    manager: &str,
    start: Seconds,
    end: Seconds,
    norms: &Norms,
) -> Option<Window> {
    let (mut by_manager, mut by_others) = (0.0, 0.0);
    for turn in &conversation.turns {
        let spoken: f64 = turn
            .segments
            .iter()
            .map(|s| s.overlap(start, end).get())
            .sum();
        if turn.speaker == manager {
            by_manager += spoken;
        } else {
            by_others += spoken;
        }
    }
    let total = by_manager + by_others;
    (total > 0.0).then(|| {
        let manager_share = by_manager / total;
        let dominant = if manager_share >= norms.dominance_share {
            Some(Side::Manager)
        } else if 1.0 - manager_share >= norms.dominance_share {
            Some(Side::Others)
        } else {
            None
        };
        Window {
            start,
            end,
            manager_share,
            dominant,
        }
    })
}

fn pattern(manager: u32, others: u32, total: u32) -> Option<DominancePattern> {
    if total == 0 {
        return None;
    }
    let share = |n: u32| f64::from(n) / f64::from(total);
    Some(if share(manager) >= THROUGHOUT_SHARE {
        DominancePattern::DominatedThroughout { by: Side::Manager }
    } else if share(others) >= THROUGHOUT_SHARE {
        DominancePattern::DominatedThroughout { by: Side::Others }
    } else if share(manager) >= ALTERNATING_SHARE && share(others) >= ALTERNATING_SHARE {
        DominancePattern::Alternating
    } else {
        DominancePattern::BackAndForth
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Metadata, TimeSpan, TurnId};

    /// Turns of `seconds` each, alternating speakers as `pattern` says ('M' or 'E').
    fn conversation(pattern: &str, seconds: f64) -> Conversation {
        let turns = pattern
            .chars()
            .enumerate()
            .map(|(i, who)| {
                let start = i as f64 * seconds;
                Turn {
                    id: TurnId(i as u32 + 1),
                    speaker: who.to_string(),
                    segments: vec![
                        TimeSpan::new(Seconds(start), Seconds(start + seconds)).expect("valid"),
                    ],
                    text: "x".into(),
                    line: None,
                }
            })
            .collect();
        Conversation {
            metadata: Metadata::default(),
            turns,
        }
    }

    #[test]
    fn a_manager_monologue_dominates_throughout() {
        let found =
            dominance(&conversation("MMMMMMMMME", 60.0), "M", &Norms::default()).expect("timed");
        assert_eq!(
            found.pattern,
            DominancePattern::DominatedThroughout { by: Side::Manager }
        );
    }

    #[test]
    fn quick_exchanges_are_back_and_forth() {
        let found = dominance(
            &conversation(&"ME".repeat(40), 10.0),
            "M",
            &Norms::default(),
        )
        .expect("timed");
        assert_eq!(found.pattern, DominancePattern::BackAndForth);
        assert_eq!(found.balanced as usize, found.windows.len());
    }

    #[test]
    fn long_stretches_that_change_hands_alternate() {
        let found = dominance(
            &conversation("MMMMMEEEEEMMMMMEEEEE", 60.0),
            "M",
            &Norms::default(),
        )
        .expect("timed");
        assert_eq!(found.pattern, DominancePattern::Alternating);
    }

    #[test]
    fn windows_cover_the_whole_conversation() {
        assert_eq!(window_count(Seconds(100.0), Seconds(150.0), 30.0), 1);
        assert_eq!(window_count(Seconds(150.0), Seconds(150.0), 30.0), 1);
        assert_eq!(window_count(Seconds(151.0), Seconds(150.0), 30.0), 2);
        assert_eq!(window_count(Seconds(5400.0), Seconds(150.0), 30.0), 176);
    }
}
