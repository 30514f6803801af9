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
    let grid = Grid {
        first,
        width: norms.dominance_window_seconds,
        step: norms.dominance_step_seconds,
        count: window_count(
            last - first,
            Seconds(norms.dominance_window_seconds),
            norms.dominance_step_seconds,
        ),
    };
    let speech = grid.speech(conversation, manager);
    let windows: Vec<Window> = speech
        .iter()
        .enumerate()
        .filter_map(|(i, &(by_manager, by_others))| {
            window(grid.start(i), grid.width, by_manager, by_others, norms)
        })
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

/// Windows `[first + i·step, first + i·step + width)` for `i` in `0..count`.
struct Grid {
    first: Seconds,
    width: f64,
    step: f64,
    count: usize,
}

impl Grid {
    fn start(&self, i: usize) -> Seconds {
        self.first + Seconds(self.step * i as f64)
    }

    /// Seconds spoken by the manager and by the others in each window. Each cue
    /// adds to the few windows it overlaps, so the cost follows the number of cues.
    fn speech(&self, conversation: &Conversation, manager: &str) -> Vec<(f64, f64)> {
        let mut speech = vec![(0.0, 0.0); self.count];
        for turn in &conversation.turns {
            for span in &turn.segments {
                for i in self.overlapping(span.start, span.end) {
                    let start = self.start(i);
                    let spoken = span.overlap(start, start + Seconds(self.width)).get();
                    let slot = &mut speech[i];
                    if turn.speaker == manager {
                        slot.0 += spoken;
                    } else {
                        slot.1 += spoken;
                    }
                }
            }
        }
        speech
    }

    /// Indices of the windows that `[from, to)` can overlap.
    fn overlapping(&self, from: Seconds, to: Seconds) -> std::ops::Range<usize> {
        let offset = |t: Seconds| (t - self.first).get() / self.step;
        let low = (offset(from) - self.width / self.step).floor().max(0.0) as usize;
        let high = (offset(to).floor().max(0.0) as usize).saturating_add(1);
        low.min(self.count)..high.min(self.count)
    }
}

/// Windows needed so the last one reaches the end (at least one).
fn window_count(length: Seconds, width: Seconds, step: f64) -> usize {
    let beyond_first = (length - width).get().max(0.0);
    ((beyond_first / step).ceil() as usize).saturating_add(1)
}

fn window(
    start: Seconds,
    width: f64,
    by_manager: f64,
    by_others: f64,
    norms: &Norms,
) -> Option<Window> {
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
            end: start + Seconds(width),
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
    use crate::domain::Metadata;

    /// Turns of `seconds` each, alternating speakers as `pattern` says ('M' or 'E').
    fn conversation(pattern: &str, seconds: f64) -> Conversation {
        let turns = pattern
            .chars()
            .enumerate()
            .map(|(i, who)| {
                let start = i as f64 * seconds;
                Turn::for_test(
                    i as u32 + 1,
                    &who.to_string(),
                    &[(start, start + seconds)],
                    "x",
                )
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
