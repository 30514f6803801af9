//! Who talked how much: turns, speaking time, speech units, shares, monologues,
//! pace and fillers, per speaker.
//!
//! Denominators (README "Metrics"): `TalkShare::time` divides by the sum of
//! everyone's speaking time (overlaps count for both speakers); `duration` by the
//! wall-clock length of the conversation (first start to last end, silences
//! included); `units` by everyone's speech units.

use serde::Serialize;

use crate::domain::{Conversation, Role, Seconds, Turn, TurnId, Utterance};

/// A speaker's part of the conversation, as shares from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TalkShare {
    /// Of all speaking time; `None` without timings.
    pub time: Option<f64>,
    /// Of the whole duration, silences included; `None` without timings.
    pub duration: Option<f64>,
    /// Of all speech units.
    pub units: f64,
}

impl TalkShare {
    /// The share the norms use: by time when the transcript has times, else by units.
    pub fn preferred(self) -> f64 {
        self.time.unwrap_or(self.units)
    }
}

/// One turn seen as a monologue: how long it ran and how much was said.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Monologue {
    pub turn_id: TurnId,
    /// Wall-clock length of the turn, pauses inside it included.
    pub seconds: Option<Seconds>,
    pub units: u32,
}

/// Everything measured about one speaker's talk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerTalk {
    pub name: String,
    pub role: Role,
    pub turns: u32,
    pub talk_seconds: Option<Seconds>,
    pub talk_units: u32,
    pub share: TalkShare,
    /// The turn that ran longest in time; `None` without timings.
    pub longest_by_time: Option<Monologue>,
    /// The turn with the most speech units.
    pub longest_by_units: Monologue,
    /// Speech units per minute of this speaker's own speaking time.
    pub units_per_minute: Option<f64>,
    pub fillers: u32,
    /// Fillers per 100 speech units.
    pub filler_rate: f64,
}

/// Totals over the whole conversation, the denominators of the shares.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Totals {
    /// First start to last end; `None` without timings.
    pub duration: Option<Seconds>,
    /// Sum of everyone's speaking time.
    pub speaking: Option<Seconds>,
    pub units: u32,
}

impl Totals {
    pub fn of(conversation: &Conversation, utterances: &[Utterance]) -> Totals {
        let timed = conversation.is_timed();
        let first = conversation
            .turns
            .iter()
            .filter_map(Turn::start)
            .reduce(Seconds::min);
        let last = conversation
            .turns
            .iter()
            .filter_map(Turn::end)
            .reduce(Seconds::max);
        Totals {
            duration: timed.then(|| first.zip(last).map(|(a, b)| b - a)).flatten(),
            speaking: timed.then(|| conversation.turns.iter().filter_map(Turn::spoken).sum()),
            units: utterances.iter().map(Utterance::units).sum(),
        }
    }
}

/// Talk measures for `name`, who must have at least one turn (speakers come from
/// the turns themselves).
pub fn speaker_talk(
    name: &str,
    role: Role,
    conversation: &Conversation,
    utterances: &[Utterance],
    totals: Totals,
) -> SpeakerTalk {
    let own: Vec<(&Turn, &Utterance)> = conversation
        .turns
        .iter()
        .zip(utterances)
        .filter(|(turn, _)| turn.speaker == name)
        .collect();
    let talk_seconds = conversation
        .is_timed()
        .then(|| own.iter().filter_map(|(t, _)| t.spoken()).sum::<Seconds>());
    let talk_units: u32 = own.iter().map(|(_, u)| u.units()).sum();
    let fillers = own.iter().map(|(_, u)| u.fillers().count()).sum::<usize>() as u32;
    let monologues: Vec<Monologue> = own.iter().map(|(t, u)| monologue(t, u)).collect();
    SpeakerTalk {
        name: name.to_owned(),
        role,
        turns: own.len() as u32,
        talk_seconds,
        talk_units,
        share: TalkShare {
            time: ratio(talk_seconds, totals.speaking),
            duration: ratio(talk_seconds, totals.duration),
            units: share(f64::from(talk_units), f64::from(totals.units)),
        },
        longest_by_time: talk_seconds
            .and_then(|_| longest(&monologues, |m| m.seconds.map_or(0.0, Seconds::get))),
        longest_by_units: longest(&monologues, |m| f64::from(m.units))
            .expect("every speaker in the roster has a turn; this is a bug"),
        units_per_minute: talk_seconds
            .filter(|s| s.get() > 0.0)
            .map(|s| f64::from(talk_units) / s.minutes()),
        fillers,
        filler_rate: share(f64::from(fillers) * 100.0, f64::from(talk_units)),
    }
}

/// A turn as a monologue.
pub fn monologue(turn: &Turn, utterance: &Utterance) -> Monologue {
    Monologue {
        turn_id: turn.id,
        seconds: turn.start().zip(turn.end()).map(|(a, b)| b - a),
        units: utterance.units(),
    }
}

/// The first monologue with the greatest `key` (earliest wins a tie).
pub fn longest(monologues: &[Monologue], key: impl Fn(&Monologue) -> f64) -> Option<Monologue> {
    monologues
        .iter()
        .copied()
        .reduce(|best, m| if key(&m) > key(&best) { m } else { best })
}

fn ratio(part: Option<Seconds>, whole: Option<Seconds>) -> Option<f64> {
    part.zip(whole).map(|(p, w)| share(p.get(), w.get()))
}

/// `part / whole`, 0 when the whole is empty.
pub fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Metadata;
    use crate::normalize::utterance;

    fn turn(id: u32, speaker: &str, spans: &[(f64, f64)], text: &str) -> Turn {
        Turn::for_test(id, speaker, spans, text)
    }

    #[test]
    fn shares_by_time_duration_and_units() {
        let conversation = Conversation {
            metadata: Metadata::default(),
            turns: vec![
                turn(1, "M", &[(0.0, 10.0)], "我们开始吧。"),
                turn(
                    2,
                    "E",
                    &[(12.0, 40.0), (42.0, 50.0)],
                    "好的，我先说说这个季度的情况。",
                ),
                turn(3, "M", &[(50.0, 60.0)], "嗯。"),
            ],
        };
        let utterances: Vec<Utterance> = conversation.turns.iter().map(utterance).collect();
        let totals = Totals::of(&conversation, &utterances);
        assert_eq!(totals.duration, Some(Seconds(60.0)));
        assert_eq!(totals.speaking, Some(Seconds(56.0)));
        let manager = speaker_talk("M", Role::Manager, &conversation, &utterances, totals);
        assert_eq!(manager.turns, 2);
        assert_eq!(manager.talk_seconds, Some(Seconds(20.0)));
        assert!((manager.share.time.expect("timed") - 20.0 / 56.0).abs() < 1e-9);
        assert!((manager.share.duration.expect("timed") - 20.0 / 60.0).abs() < 1e-9);
        assert_eq!(manager.fillers, 1);
        let employee = speaker_talk("E", Role::Employee, &conversation, &utterances, totals);
        let longest = employee.longest_by_time.expect("timed");
        assert_eq!(
            (longest.turn_id, longest.seconds),
            (TurnId(2), Some(Seconds(38.0)))
        );
        assert_eq!(employee.talk_units, 13);
    }

    #[test]
    fn untimed_conversations_share_by_units_only() {
        let conversation = Conversation {
            metadata: Metadata::default(),
            turns: vec![
                turn(1, "A", &[], "one two three"),
                turn(2, "B", &[], "four"),
            ],
        };
        let utterances: Vec<Utterance> = conversation.turns.iter().map(utterance).collect();
        let totals = Totals::of(&conversation, &utterances);
        let a = speaker_talk("A", Role::Manager, &conversation, &utterances, totals);
        assert_eq!(
            (a.talk_seconds, a.share.time, a.longest_by_time),
            (None, None, None)
        );
        assert!((a.share.units - 0.75).abs() < 1e-9);
        assert!((a.share.preferred() - 0.75).abs() < 1e-9);
    }
}
