//! What the models say about a piece of text: its dialogue act and its sentiment.
//! The label sets are fixed here once; heads, training data, rules and reports
//! all speak in these types, never in strings.

use serde::{Deserialize, Serialize};

/// What a speaker does with an utterance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DialogueAct {
    /// A positive evaluation of the listener's work or behaviour.
    Praise,
    /// A negative evaluation of the listener's work or behaviour, however phrased
    /// (as a question, as sarcasm, after a compliment).
    Criticism,
    /// A recommendation, request or directive about what to do next.
    Suggestion,
    /// A genuine question that invites an explanation.
    OpenQuestion,
    /// A genuine yes/no or pick-one question.
    ClosedQuestion,
    /// Statements, accounts, agreement, agenda talk.
    Other,
}

impl DialogueAct {
    /// Every act, in the order heads number their classes.
    pub const ALL: [DialogueAct; 6] = [
        DialogueAct::Praise,
        DialogueAct::Criticism,
        DialogueAct::Suggestion,
        DialogueAct::OpenQuestion,
        DialogueAct::ClosedQuestion,
        DialogueAct::Other,
    ];

    /// The snake_case name used in JSON, training data and head cards.
    pub fn name(self) -> &'static str {
        match self {
            DialogueAct::Praise => "praise",
            DialogueAct::Criticism => "criticism",
            DialogueAct::Suggestion => "suggestion",
            DialogueAct::OpenQuestion => "open_question",
            DialogueAct::ClosedQuestion => "closed_question",
            DialogueAct::Other => "other",
        }
    }

    pub fn is_question(self) -> bool {
        matches!(
            self,
            DialogueAct::OpenQuestion | DialogueAct::ClosedQuestion
        )
    }

    /// Praise or criticism: feedback that can be specific or vague.
    pub fn is_feedback(self) -> bool {
        matches!(self, DialogueAct::Praise | DialogueAct::Criticism)
    }
}

/// The tone of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    /// Every sentiment, in the order heads number their classes.
    pub const ALL: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    pub fn name(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }
}

/// How concrete a piece of feedback is (DOMAIN.md "What good feedback looks like").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specificity {
    /// Names a behaviour, an event, data or an impact.
    Specific,
    /// A verdict without substance: "做得不错", "be more proactive".
    Vague,
}

impl Specificity {
    pub const ALL: [Specificity; 2] = [Specificity::Specific, Specificity::Vague];

    pub fn name(self) -> &'static str {
        match self {
            Specificity::Specific => "specific",
            Specificity::Vague => "vague",
        }
    }
}
