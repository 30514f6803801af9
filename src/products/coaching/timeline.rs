//! Who spoke when, one row per speaker, for the talk-time chart. With timings,
//! every cue of every turn on the recording's clock; without, the turns one after
//! another, each as long as its speech units (at least one), which shows the order
//! and the weight of the talk but not the time.

use crate::domain::{Conversation, Seconds, Turn};
use crate::measure::Analysis;

use super::{Timeline, TimelineBasis, TimelineRow, TimelineSpan};

pub fn timeline(conversation: &Conversation, analysis: &Analysis) -> Timeline {
    let mut rows: Vec<TimelineRow> = conversation
        .speaker_names()
        .into_iter()
        .map(|name| TimelineRow {
            speaker: name.to_owned(),
            role: analysis.roles.role_of(name),
            spans: Vec::new(),
        })
        .collect();
    let row_of = |turn: &Turn| rows.iter().position(|r| r.speaker == turn.speaker);
    let mut spans: Vec<(usize, TimelineSpan)> = Vec::new();
    let basis = if conversation.is_timed() {
        for turn in &conversation.turns {
            let Some(row) = row_of(turn) else { continue };
            for segment in &turn.segments {
                spans.push((
                    row,
                    TimelineSpan {
                        turn_id: turn.id,
                        start: segment.start.get(),
                        end: segment.end.get(),
                    },
                ));
            }
        }
        TimelineBasis::Seconds
    } else {
        let mut at = 0.0;
        for (turn, utterance) in conversation.turns.iter().zip(&analysis.utterances) {
            let Some(row) = row_of(turn) else { continue };
            let length = f64::from(utterance.units().max(1));
            spans.push((
                row,
                TimelineSpan {
                    turn_id: turn.id,
                    start: at,
                    end: at + length,
                },
            ));
            at += length;
        }
        TimelineBasis::TurnOrder
    };
    let start = spans.iter().map(|(_, s)| s.start).reduce(f64::min);
    let end = spans.iter().map(|(_, s)| s.end).reduce(f64::max);
    for (row, span) in spans {
        rows[row].spans.push(span);
    }
    Timeline {
        basis,
        start: start.unwrap_or(Seconds::ZERO.get()),
        end: end.unwrap_or(Seconds::ZERO.get()),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Norms;
    use crate::domain::{Metadata, TurnId};
    use crate::measure;

    fn conversation(turns: Vec<Turn>) -> Conversation {
        Conversation {
            metadata: Metadata::default(),
            turns,
        }
    }

    #[test]
    fn timed_turns_keep_their_cues() {
        let c = conversation(vec![
            Turn::for_test(1, "M", &[(60.0, 70.0)], "我们开始吧。"),
            Turn::for_test(2, "E", &[(71.0, 80.0), (82.0, 90.0)], "好的，我先说。"),
        ]);
        let a = measure::analyze(&c, &Norms::default()).expect("measures");
        let t = timeline(&c, &a);
        assert_eq!(t.basis, TimelineBasis::Seconds);
        assert!((t.start - 60.0).abs() < f64::EPSILON && (t.end - 90.0).abs() < f64::EPSILON);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].spans.len(), 2);
        assert_eq!(t.rows[1].spans[1].turn_id, TurnId(2));
    }

    #[test]
    fn untimed_turns_follow_each_other_by_length() {
        let c = conversation(vec![
            Turn::for_test(1, "M", &[], "one two three"),
            Turn::for_test(2, "E", &[], "four"),
            Turn::for_test(3, "M", &[], "…"),
        ]);
        let a = measure::analyze(&c, &Norms::default()).expect("measures");
        let t = timeline(&c, &a);
        assert_eq!(t.basis, TimelineBasis::TurnOrder);
        let m: Vec<(f64, f64)> = t.rows[0].spans.iter().map(|s| (s.start, s.end)).collect();
        // A turn with no speech units still takes one.
        assert_eq!(m, [(0.0, 3.0), (4.0, 5.0)]);
        assert!((t.end - 5.0).abs() < f64::EPSILON);
    }
}
