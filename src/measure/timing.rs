//! The rhythm of a timed conversation: how often the floor changes hands, how long
//! the manager waits before answering, who cuts in, and where nobody speaks.

use serde::Serialize;

use crate::config::Norms;
use crate::domain::{Conversation, Seconds, TimeSpan, Turn, TurnId};

use super::roles::RoleAssignment;

/// Speaker switches per minute of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interactivity {
    pub switches: u32,
    pub per_minute: f64,
}

/// How long the manager lets a pause run after the employee stops (median, seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Patience {
    pub median_pause_seconds: Seconds,
    /// Employee→manager hand-overs the median is taken over.
    pub handovers: u32,
    /// The manager turn whose pause is the median, to look at one example.
    pub median_turn_id: TurnId,
}

/// A turn that starts before the previous speaker has finished.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interruption {
    pub turn_id: TurnId,
    pub by: String,
    pub interrupted: String,
    pub overlap_seconds: Seconds,
}

/// A stretch with nobody speaking, at least `Norms::silence_seconds` long.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Silence {
    pub start: Seconds,
    pub seconds: Seconds,
    /// The turn speaking before the silence and the one after (the same turn when a
    /// speaker pauses in the middle of a turn).
    pub after_turn_id: TurnId,
    pub before_turn_id: TurnId,
}

/// Speaker switches over the conversation's duration.
pub fn interactivity(conversation: &Conversation, duration: Seconds) -> Option<Interactivity> {
    let switches = conversation.turns.len().saturating_sub(1) as u32;
    (duration.get() > 0.0).then(|| Interactivity {
        switches,
        per_minute: f64::from(switches) / duration.minutes(),
    })
}

/// Median pause before the manager speaks after the employee; overlaps count as 0.
pub fn patience(conversation: &Conversation, roles: &RoleAssignment) -> Option<Patience> {
    let employee = roles.employee.as_deref()?;
    let mut pauses: Vec<(Seconds, TurnId)> = conversation
        .turns
        .windows(2)
        .filter(|pair| pair[0].speaker == employee && pair[1].speaker == roles.manager)
        .filter_map(|pair| {
            let pause = pair[1].start()? - pair[0].end()?;
            Some((pause.max(Seconds::ZERO), pair[1].id))
        })
        .collect();
    if pauses.is_empty() {
        return None;
    }
    pauses.sort_by(|a, b| a.0.get().total_cmp(&b.0.get()));
    let (median, turn) = median(&pauses);
    Some(Patience {
        median_pause_seconds: median,
        handovers: pauses.len() as u32,
        median_turn_id: turn,
    })
}

/// The median of sorted pauses; for an even count, the mean of the middle two and
/// the later of their turns.
fn median(sorted: &[(Seconds, TurnId)]) -> (Seconds, TurnId) {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (
            Seconds(f64::midpoint(sorted[mid - 1].0.get(), sorted[mid].0.get())),
            sorted[mid].1,
        )
    }
}

/// Turns that start more than `Norms::interruption_min_overlap_seconds` before the
/// previous turn ends.
pub fn interruptions(conversation: &Conversation, norms: &Norms) -> Vec<Interruption> {
    conversation
        .turns
        .windows(2)
        .filter_map(|pair| {
            let overlap = pair[0].end()? - pair[1].start()?;
            (overlap.get() > norms.interruption_min_overlap_seconds).then(|| Interruption {
                turn_id: pair[1].id,
                by: pair[1].speaker.clone(),
                interrupted: pair[0].speaker.clone(),
                overlap_seconds: overlap,
            })
        })
        .collect()
}

/// Gaps of at least `Norms::silence_seconds` between any two cues on the timeline.
pub fn silences(conversation: &Conversation, norms: &Norms) -> Vec<Silence> {
    let mut cues: Vec<(TimeSpan, TurnId)> = conversation
        .turns
        .iter()
        .flat_map(|turn: &Turn| turn.segments.iter().map(move |span| (*span, turn.id)))
        .collect();
    cues.sort_by(|a, b| a.0.start.get().total_cmp(&b.0.start.get()));
    let mut found = Vec::new();
    let mut spoken_until: Option<(Seconds, TurnId)> = None;
    for (span, turn) in cues {
        if let Some((until, last_turn)) = spoken_until {
            let gap = span.start - until;
            if gap.get() >= norms.silence_seconds {
                found.push(Silence {
                    start: until,
                    seconds: gap,
                    after_turn_id: last_turn,
                    before_turn_id: turn,
                });
            }
        }
        spoken_until = match spoken_until {
            Some((until, last_turn)) if until >= span.end => Some((until, last_turn)),
            _ => Some((span.end, turn)),
        };
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Metadata, Role, Speaker};

    fn turn(id: u32, speaker: &str, spans: &[(f64, f64)]) -> Turn {
        Turn::for_test(id, speaker, spans, "x")
    }

    fn conversation(turns: Vec<Turn>) -> Conversation {
        Conversation {
            metadata: Metadata::default(),
            turns,
        }
    }

    fn roles() -> RoleAssignment {
        RoleAssignment {
            speakers: vec![
                Speaker {
                    name: "M".into(),
                    role: Role::Manager,
                },
                Speaker {
                    name: "E".into(),
                    role: Role::Employee,
                },
            ],
            manager: "M".into(),
            employee: Some("E".into()),
            manager_inferred: false,
            confidence: 1.0,
            basis: vec![],
        }
    }

    #[test]
    fn patience_is_the_median_pause_before_the_manager_speaks() {
        let c = conversation(vec![
            turn(1, "M", &[(0.0, 5.0)]),
            turn(2, "E", &[(6.0, 20.0)]),
            turn(3, "M", &[(21.0, 25.0)]),
            turn(4, "E", &[(26.0, 40.0)]),
            turn(5, "M", &[(43.0, 45.0)]),
            turn(6, "E", &[(46.0, 60.0)]),
            turn(7, "M", &[(59.0, 62.0)]),
        ]);
        let patience = patience(&c, &roles()).expect("three hand-overs");
        assert_eq!(patience.handovers, 3);
        assert_eq!(patience.median_pause_seconds, Seconds(1.0));
        assert_eq!(patience.median_turn_id, TurnId(3));
    }

    #[test]
    fn interruptions_ignore_jitter() {
        let c = conversation(vec![
            turn(1, "M", &[(0.0, 10.0)]),
            turn(2, "E", &[(9.9, 20.0)]),
            turn(3, "M", &[(18.5, 25.0)]),
        ]);
        let found = interruptions(&c, &Norms::default());
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].turn_id, found[0].by.as_str()), (TurnId(3), "M"));
        assert!((found[0].overlap_seconds.get() - 1.5).abs() < 1e-9);
    }

    #[test]
    fn silences_inside_and_between_turns() {
        let c = conversation(vec![
            turn(1, "M", &[(0.0, 5.0), (12.0, 15.0)]),
            turn(2, "E", &[(16.0, 20.0)]),
            turn(3, "M", &[(30.0, 31.0)]),
        ]);
        let found = silences(&c, &Norms::default());
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].after_turn_id, found[0].before_turn_id),
            (TurnId(1), TurnId(1))
        );
        assert_eq!(found[0].seconds, Seconds(7.0));
        assert_eq!(
            (found[1].start, found[1].seconds),
            (Seconds(20.0), Seconds(10.0))
        );
    }

    #[test]
    fn a_cue_inside_a_longer_one_does_not_end_the_speech() {
        let c = conversation(vec![
            turn(1, "M", &[(0.0, 30.0)]),
            turn(2, "E", &[(10.0, 11.0)]),
            turn(3, "M", &[(31.0, 32.0)]),
        ]);
        assert!(silences(&c, &Norms::default()).is_empty());
    }

    #[test]
    fn interactivity_counts_switches_per_minute() {
        let c = conversation(vec![
            turn(1, "M", &[(0.0, 30.0)]),
            turn(2, "E", &[(30.0, 60.0)]),
            turn(3, "M", &[(60.0, 120.0)]),
        ]);
        let found = interactivity(&c, Seconds(120.0)).expect("timed");
        assert_eq!((found.switches, found.per_minute), (2, 1.0));
    }
}
