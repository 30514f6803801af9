//! The parts of a stored `candor.analysis/1` document (`render::analysis_json`) that
//! the conversation facts read, as private serde mirrors. Only what the facts need is
//! declared; unknown fields are ignored and the optional parts (timings, the models'
//! `understanding`) may be absent. Acts, topics and stages are read as strings so a
//! label added later (the schema grows additively) does not break reading.

use serde::Deserialize;

use crate::domain::{Language, Metadata, Role, TurnId};

/// The whole document, as far as the facts go.
#[derive(Debug, Deserialize)]
pub(super) struct Document {
    pub schema: String,
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub metadata: Metadata,
    pub manager: String,
    #[serde(default)]
    pub duration_seconds: Option<f64>,
    pub speakers: Vec<Speaker>,
    #[serde(default)]
    pub turns: Vec<Turn>,
    pub metrics: Metrics,
    #[serde(default)]
    pub understanding: Option<Understanding>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Speaker {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub talk_share_time: Option<f64>,
    pub talk_share_units: f64,
    pub questions: Questions,
}

/// `closed` already includes tag questions.
#[derive(Debug, Deserialize)]
pub(super) struct Questions {
    pub open: u32,
    pub closed: u32,
}

#[derive(Debug, Deserialize)]
pub(super) struct Turn {
    pub id: TurnId,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Sentence {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Metrics {
    pub turns: u32,
    pub action_items: Vec<ActionItem>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ActionItem {
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    pub specific: bool,
}

#[derive(Debug, Deserialize)]
pub(super) struct Understanding {
    #[serde(default)]
    pub sentences: Vec<ReadSentence>,
    #[serde(default)]
    pub feedback: Vec<Feedback>,
    #[serde(default)]
    pub employee_sentiment: Option<SentimentTrend>,
    #[serde(default)]
    pub stages: Vec<StageCoverage>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ReadSentence {
    pub turn_id: TurnId,
    pub speaker: String,
    pub text: String,
    pub act: String,
    #[serde(default)]
    pub topics: Vec<TopicScore>,
}

#[derive(Debug, Deserialize)]
pub(super) struct TopicScore {
    pub topic: String,
    pub score: f64,
}

#[derive(Debug, Deserialize)]
pub(super) struct Feedback {
    pub role: Role,
    pub praise: u32,
    pub criticism: u32,
    #[serde(default)]
    pub praise_before_criticism: Option<bool>,
    pub specific: u32,
    pub vague: u32,
}

#[derive(Debug, Deserialize)]
pub(super) struct SentimentTrend {
    pub change: f64,
}

#[derive(Debug, Deserialize)]
pub(super) struct StageCoverage {
    pub stage: String,
    pub covered: bool,
}
