//! Deterministic metrics over a conversation, each with the evidence it rests on.
//!
//! [`analyze`] runs them all: sentences (via `normalize`), questions, labelling
//! phrases, roles, talk per speaker, the timing metrics when there are timings, and
//! the DOMAIN.md norms. Nothing here uses a model; the same input always gives the
//! same [`Analysis`].

pub mod actions;
pub mod classify;
pub mod dominance;
pub mod evidence;
pub mod feedback;
pub mod figures;
pub mod follow_up;
pub mod keyphrases;
pub mod labelling;
pub mod norms;
pub mod proposals;
pub mod questions;
pub mod report;
pub mod roles;
pub mod stages;
pub mod talk;
pub mod timing;
pub mod topics;
pub mod understanding;

use serde::Serialize;

use crate::config::Norms;
use crate::domain::{Conversation, Language, Role, Turn, TurnId, Utterance};
use crate::normalize;

use dominance::Dominance;
use evidence::Evidence;
use norms::{Measured, NormCheck, NormInputs, Unit};
use questions::QuestionKind;
use roles::{RoleAssignment, SpeakerSignals, UnknownSpeaker};
use talk::{Monologue, SpeakerTalk, Totals};
use timing::{Interactivity, Interruption, Patience, Silence};

/// Why a conversation could not be measured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    #[error(transparent)]
    UnknownSpeaker(#[from] UnknownSpeaker),
}

/// A question someone asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub speaker: String,
    pub kind: QuestionKind,
    pub evidence: Evidence,
}

/// A labelling phrase ("你总是…", "you never…") someone used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labelling {
    pub speaker: String,
    pub evidence: Evidence,
}

/// Questions one speaker asked, by kind. `closed` includes tag questions;
/// rhetorical questions are not questions and are counted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct QuestionCounts {
    pub open: u32,
    pub closed: u32,
    pub tag: u32,
    pub rhetorical: u32,
}

/// All measures of one speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerMeasures {
    #[serde(flatten)]
    pub talk: SpeakerTalk,
    pub questions: QuestionCounts,
    pub labelling: u32,
}

/// The metrics that need timings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rhythm {
    pub interactivity: Option<Interactivity>,
    pub patience: Option<Patience>,
    pub interruptions: Vec<Interruption>,
    pub silences: Vec<Silence>,
    pub dominance: Option<Dominance>,
}

/// Everything measured about one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub language: Option<Language>,
    pub roles: RoleAssignment,
    pub totals: Totals,
    pub speakers: Vec<SpeakerMeasures>,
    pub utterances: Vec<Utterance>,
    pub questions: Vec<Question>,
    pub labelling: Vec<Labelling>,
    /// `None` when the transcript has no timings.
    pub rhythm: Option<Rhythm>,
    /// The employee's longest turn: the story they got to tell.
    pub employee_longest_story: Option<Evidence>,
    pub norms: Vec<NormCheck>,
    /// What was agreed, by whom and by when (rules only; `actions/`).
    pub action_items: Vec<actions::ActionItem>,
}

impl Analysis {
    /// Whether an action item was agreed in turn `turn`: an approval after it
    /// acknowledges, and feelings said in it plan rather than open up.
    pub fn sets_an_action(&self, turn: TurnId) -> bool {
        self.action_items.iter().any(|i| i.evidence.turn_id == turn)
    }
}

/// Measures `conversation` against `norms`.
pub fn analyze(conversation: &Conversation, norms: &Norms) -> Result<Analysis, MeasureError> {
    let utterances: Vec<Utterance> = conversation
        .turns
        .iter()
        .map(normalize::utterance)
        .collect();
    let questions = find_questions(conversation, &utterances);
    let labelling = find_labelling(conversation);
    let roles = assign_roles(conversation, &utterances, &questions)?;
    let totals = Totals::of(conversation, &utterances);
    let speakers: Vec<SpeakerMeasures> = roles
        .speakers
        .iter()
        .map(|s| SpeakerMeasures {
            talk: talk::speaker_talk(&s.name, s.role, conversation, &utterances, totals),
            questions: count_questions(&questions, &s.name),
            labelling: labelling.iter().filter(|l| l.speaker == s.name).count() as u32,
        })
        .collect();
    let rhythm = totals.duration.map(|duration| Rhythm {
        interactivity: timing::interactivity(conversation, duration),
        patience: timing::patience(conversation, &roles),
        interruptions: timing::interruptions(conversation, norms),
        silences: timing::silences(conversation, norms),
        dominance: dominance::dominance(conversation, &roles.manager, norms),
    });
    let employee_longest_story = speakers
        .iter()
        .find(|s| s.talk.role == Role::Employee)
        .and_then(|s| turn_of(conversation, longest_turn(&s.talk)))
        .map(Evidence::turn);
    let norms = norms::check(
        norm_inputs(conversation, &speakers, &questions, &labelling, &roles),
        norms,
    );
    let action_items = actions::find_action_items(
        conversation,
        &utterances,
        &roles.speakers,
        conversation.metadata.date,
    );
    Ok(Analysis {
        action_items,
        language: normalize::conversation_language(&utterances),
        roles,
        totals,
        speakers,
        utterances,
        questions,
        labelling,
        rhythm,
        employee_longest_story,
        norms,
    })
}

/// Questions per sentence. An elicitation without a question mark counts only when
/// it ends its turn, handing the floor over (see `questions::Asked`).
fn find_questions(conversation: &Conversation, utterances: &[Utterance]) -> Vec<Question> {
    conversation
        .turns
        .iter()
        .zip(utterances)
        .flat_map(|(turn, utterance)| {
            let last = utterance.sentences.len().saturating_sub(1);
            utterance
                .sentences
                .iter()
                .enumerate()
                .filter_map(move |(index, sentence)| {
                    let asked = questions::ask(&sentence.text, sentence.language)?;
                    let hands_over = !asked.unmarked_elicitation || index == last;
                    hands_over.then(|| Question {
                        speaker: turn.speaker.clone(),
                        kind: asked.kind,
                        evidence: Evidence::span(turn.id, sentence.span, &turn.text),
                    })
                })
        })
        .collect()
}

fn find_labelling(conversation: &Conversation) -> Vec<Labelling> {
    conversation
        .turns
        .iter()
        .flat_map(|turn| {
            labelling::labelling_phrases(&turn.text)
                .into_iter()
                .map(move |phrase| Labelling {
                    speaker: turn.speaker.clone(),
                    evidence: Evidence::span(turn.id, phrase.span, &turn.text),
                })
        })
        .collect()
}

fn assign_roles(
    conversation: &Conversation,
    utterances: &[Utterance],
    questions: &[Question],
) -> Result<RoleAssignment, UnknownSpeaker> {
    let names = conversation.speaker_names();
    let kinds: Vec<Vec<QuestionKind>> = names
        .iter()
        .map(|name| {
            questions
                .iter()
                .filter(|q| q.speaker == *name)
                .map(|q| q.kind)
                .collect()
        })
        .collect();
    let signals: Vec<SpeakerSignals<'_>> = names
        .iter()
        .zip(&kinds)
        .map(|(name, kinds)| SpeakerSignals {
            name,
            units: conversation
                .turns
                .iter()
                .zip(utterances)
                .filter(|(turn, _)| turn.speaker == *name)
                .map(|(_, u)| u.units())
                .sum(),
            questions: kinds,
        })
        .collect();
    roles::assign(&conversation.metadata, &signals)
}

fn count_questions(questions: &[Question], speaker: &str) -> QuestionCounts {
    questions.iter().filter(|q| q.speaker == speaker).fold(
        QuestionCounts::default(),
        |mut counts, q| {
            match q.kind {
                QuestionKind::Open => counts.open += 1,
                QuestionKind::Closed => counts.closed += 1,
                QuestionKind::Tag => {
                    counts.closed += 1;
                    counts.tag += 1;
                }
                QuestionKind::Rhetorical => counts.rhetorical += 1,
            }
            counts
        },
    )
}

/// The longest turn by time when timed, else by speech units.
fn longest_turn(talk: &SpeakerTalk) -> Monologue {
    talk.longest_by_time.unwrap_or(talk.longest_by_units)
}

fn turn_of(conversation: &Conversation, monologue: Monologue) -> Option<&Turn> {
    conversation
        .turns
        .iter()
        .find(|t| t.id == monologue.turn_id)
}

fn norm_inputs(
    conversation: &Conversation,
    speakers: &[SpeakerMeasures],
    questions: &[Question],
    labelling: &[Labelling],
    roles: &RoleAssignment,
) -> NormInputs {
    let share_of = |role: Role| {
        speakers
            .iter()
            .find(|s| s.talk.role == role)
            .map(|s| Measured {
                value: s.talk.share.preferred(),
                unit: if s.talk.share.time.is_some() {
                    Unit::ShareOfTime
                } else {
                    Unit::ShareOfUnits
                },
                evidence: turn_of(conversation, longest_turn(&s.talk))
                    .map(Evidence::turn)
                    .into_iter()
                    .collect(),
            })
    };
    NormInputs {
        manager_share: share_of(Role::Manager).unwrap_or(Measured {
            value: 0.0,
            unit: Unit::ShareOfUnits,
            evidence: vec![],
        }),
        employee_share: share_of(Role::Employee),
        manager_open_questions: questions
            .iter()
            .filter(|q| q.speaker == roles.manager && q.kind == QuestionKind::Open)
            .map(|q| q.evidence.clone())
            .collect(),
        manager_labelling: labelling
            .iter()
            .filter(|l| l.speaker == roles.manager)
            .map(|l| l.evidence.clone())
            .collect(),
    }
}
