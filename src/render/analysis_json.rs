//! The `candor.analysis/1` document: the public, versioned JSON of `candor analyze
//! --json`. Changes are additive only; a breaking change is a new schema id.

use serde::Serialize;

use crate::domain::Role;
use crate::domain::{Language, Metadata, Seconds, Sentence, Turn, TurnId};
use crate::ingest::{Format, Timing, Transcript};
use crate::measure::actions::ActionItem;
use crate::measure::dominance::Dominance;
use crate::measure::evidence::Evidence;
use crate::measure::feedback::ConversationReading;
use crate::measure::norms::NormCheck;
use crate::measure::roles::Basis;
use crate::measure::timing::{Interactivity, Interruption, Patience, Silence};
use crate::measure::{Analysis, Labelling, Question, QuestionCounts, SpeakerMeasures};

pub const SCHEMA: &str = "candor.analysis/1";

/// The whole document for one transcript.
#[derive(Debug, Serialize)]
pub struct AnalysisDocument<'a> {
    pub schema: &'static str,
    pub source: &'a str,
    pub format: Format,
    pub encoding: &'static str,
    pub timing: Timing,
    pub language: Option<Language>,
    pub metadata: &'a Metadata,
    pub manager: &'a str,
    pub manager_inferred: bool,
    pub manager_confidence: f64,
    pub manager_basis: &'a [Basis],
    pub employee: Option<&'a str>,
    pub duration_seconds: Option<Seconds>,
    pub speaking_seconds: Option<Seconds>,
    pub speakers: Vec<SpeakerEntry<'a>>,
    pub turns: Vec<TurnEntry<'a>>,
    pub metrics: Metrics<'a>,
    /// What the models read: acts, sentiment, feedback, stages. Absent when the
    /// analysis ran without models (`--no-models`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub understanding: Option<&'a ConversationReading>,
}

#[derive(Debug, Serialize)]
pub struct SpeakerEntry<'a> {
    pub name: &'a str,
    pub role: Role,
    pub turns: u32,
    pub talk_seconds: Option<Seconds>,
    pub talk_units: u32,
    pub talk_share_time: Option<f64>,
    pub talk_share_duration: Option<f64>,
    pub talk_share_units: f64,
    pub longest_monologue_seconds: Option<Seconds>,
    pub longest_monologue_seconds_turn_id: Option<TurnId>,
    pub longest_monologue_units: u32,
    pub longest_monologue_units_turn_id: TurnId,
    pub units_per_minute: Option<f64>,
    pub questions: QuestionCounts,
    pub labelling: u32,
    pub fillers: u32,
    pub filler_rate_per_100_units: f64,
}

#[derive(Debug, Serialize)]
pub struct TurnEntry<'a> {
    pub id: TurnId,
    pub speaker: &'a str,
    pub start: Option<Seconds>,
    pub end: Option<Seconds>,
    pub spoken_seconds: Option<Seconds>,
    pub line: Option<usize>,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
}

#[derive(Debug, Serialize)]
pub struct Metrics<'a> {
    pub turns: usize,
    pub total_units: u32,
    pub interactivity: Option<Interactivity>,
    pub patience: Option<Patience>,
    pub interruptions: &'a [Interruption],
    pub silences: &'a [Silence],
    pub dominance: Option<&'a Dominance>,
    pub employee_longest_story: Option<&'a Evidence>,
    pub questions: &'a [Question],
    pub labelling: &'a [Labelling],
    pub norms: &'a [NormCheck],
    pub action_items: &'a [ActionItem],
}

impl<'a> AnalysisDocument<'a> {
    pub fn new(
        source: &'a str,
        transcript: &'a Transcript,
        analysis: &'a Analysis,
        understanding: Option<&'a ConversationReading>,
    ) -> Self {
        let conversation = &transcript.conversation;
        let rhythm = analysis.rhythm.as_ref();
        AnalysisDocument {
            schema: SCHEMA,
            source,
            format: transcript.format,
            encoding: transcript.encoding,
            timing: transcript.timing,
            language: analysis.language,
            metadata: &conversation.metadata,
            manager: &analysis.roles.manager,
            manager_inferred: analysis.roles.manager_inferred,
            manager_confidence: analysis.roles.confidence,
            manager_basis: &analysis.roles.basis,
            employee: analysis.roles.employee.as_deref(),
            duration_seconds: analysis.totals.duration,
            speaking_seconds: analysis.totals.speaking,
            speakers: analysis.speakers.iter().map(SpeakerEntry::new).collect(),
            turns: conversation
                .turns
                .iter()
                .zip(&analysis.utterances)
                .map(|(turn, utterance)| TurnEntry::new(turn, &utterance.sentences))
                .collect(),
            metrics: Metrics {
                turns: conversation.turns.len(),
                total_units: analysis.totals.units,
                interactivity: rhythm.and_then(|r| r.interactivity),
                patience: rhythm.and_then(|r| r.patience),
                interruptions: rhythm.map_or(&[], |r| &r.interruptions),
                silences: rhythm.map_or(&[], |r| &r.silences),
                dominance: rhythm.and_then(|r| r.dominance.as_ref()),
                employee_longest_story: analysis.employee_longest_story.as_ref(),
                questions: &analysis.questions,
                labelling: &analysis.labelling,
                norms: &analysis.norms,
                action_items: &analysis.action_items,
            },
            understanding,
        }
    }
}

impl<'a> SpeakerEntry<'a> {
    fn new(measures: &'a SpeakerMeasures) -> Self {
        let talk = &measures.talk;
        SpeakerEntry {
            name: &talk.name,
            role: talk.role,
            turns: talk.turns,
            talk_seconds: talk.talk_seconds,
            talk_units: talk.talk_units,
            talk_share_time: talk.share.time,
            talk_share_duration: talk.share.duration,
            talk_share_units: talk.share.units,
            longest_monologue_seconds: talk.longest_by_time.and_then(|m| m.seconds),
            longest_monologue_seconds_turn_id: talk.longest_by_time.map(|m| m.turn_id),
            longest_monologue_units: talk.longest_by_units.units,
            longest_monologue_units_turn_id: talk.longest_by_units.turn_id,
            units_per_minute: talk.units_per_minute,
            questions: measures.questions,
            labelling: measures.labelling,
            fillers: talk.fillers,
            filler_rate_per_100_units: talk.filler_rate,
        }
    }
}

impl<'a> TurnEntry<'a> {
    fn new(turn: &'a Turn, sentences: &'a [Sentence]) -> Self {
        TurnEntry {
            id: turn.id,
            speaker: &turn.speaker,
            start: turn.start(),
            end: turn.end(),
            spoken_seconds: turn.spoken(),
            line: turn.line,
            text: &turn.text,
            sentences,
        }
    }
}
