//! What the coaching report is computed from, gathered once: counts with the quotes
//! behind them, from `measure`, the models' reading when there is one, and the
//! conversational moves of `products::moves`.

use crate::config::Norms;
use crate::domain::{Conversation, DialogueAct, Role, Specificity, Turn, TurnId};
use crate::measure::evidence::Evidence;
use crate::measure::feedback::ConversationReading;
use crate::measure::norms::Norm;
use crate::measure::questions::QuestionKind;
use crate::measure::talk::Monologue;
use crate::measure::{Analysis, SpeakerMeasures};
use crate::products::moves::{self, Room};

use super::{ActionEntry, Quote, ShareBasis, Signal};

/// The employee's longest turn and how long it ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub quote: Quote,
    /// Wall-clock seconds of the turn, when timed.
    pub seconds: Option<f64>,
    pub units: u32,
}

/// The manager's praise and criticism as the models read them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feedback {
    /// The first praise sentence of each turn with praise.
    pub praise_turns: Vec<Quote>,
    /// The first specific praise sentence of each turn with one.
    pub specific_praise_turns: Vec<Quote>,
    pub vague_praise: Vec<Quote>,
    pub criticism: Vec<Quote>,
    pub vague_criticism: Vec<Quote>,
    /// True when praise came first or alone, false when criticism did; `None`
    /// without either.
    pub praise_first: Option<bool>,
}

/// The employee disagreeing, and whether they had room to explain.
#[derive(Debug, Clone, PartialEq)]
pub struct PushbackFact {
    pub said: Quote,
    pub reply: Option<Quote>,
    pub room: Room,
}

/// Everything the dimensions, the checklist and the advice read.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub employee: Option<String>,
    pub share: f64,
    pub basis: ShareBasis,
    pub max_share: f64,
    pub min_open: u32,
    pub timed: bool,
    pub open: Vec<Quote>,
    pub closed: Vec<Quote>,
    pub rhetorical: Vec<Quote>,
    pub story: Option<Story>,
    pub monologue: Option<Quote>,
    /// Manager turns that cut into the employee's.
    pub interruptions: Vec<Quote>,
    pub labelling: Vec<Quote>,
    /// `None` when the models did not run.
    pub feedback: Option<Feedback>,
    pub summary: Option<Quote>,
    pub reflections: Vec<Quote>,
    pub actions: Vec<ActionEntry>,
    pub pushbacks: Vec<PushbackFact>,
    /// The manager's last turn.
    pub last_word: Option<Quote>,
}

impl Facts {
    pub fn gather(
        conversation: &Conversation,
        analysis: &Analysis,
        reading: Option<&ConversationReading>,
    ) -> Facts {
        let manager = analysis.roles.manager.as_str();
        let measures = |role: Role| analysis.speakers.iter().find(|s| s.talk.role == role);
        let manager_measures = measures(Role::Manager);
        let (share, basis) = manager_measures.map_or((0.0, ShareBasis::SpeechUnits), |m| {
            match m.talk.share.time {
                Some(time) => (time, ShareBasis::SpeakingTime),
                None => (m.talk.share.units, ShareBasis::SpeechUnits),
            }
        });
        let defaults = Norms::default();
        let threshold = |norm: Norm| {
            analysis
                .norms
                .iter()
                .find(|c| c.norm == norm)
                .map(|c| c.threshold)
        };
        let questions = |kinds: &[QuestionKind], signal: Signal| {
            analysis
                .questions
                .iter()
                .filter(|q| q.speaker == manager && kinds.contains(&q.kind))
                .map(|q| Quote::of(&q.evidence, signal))
                .collect::<Vec<_>>()
        };
        let quote_turn = |id: TurnId, signal: Signal| {
            turn(conversation, id).map(|t| Quote::of(&Evidence::turn(t), signal))
        };
        Facts {
            employee: analysis.roles.employee.clone(),
            share,
            basis,
            max_share: threshold(Norm::ManagerTalkShare).unwrap_or(defaults.manager_max_talk_share),
            min_open: threshold(Norm::ManagerOpenQuestions)
                .map_or(defaults.min_open_questions, |t| t.round() as u32),
            timed: analysis.rhythm.is_some(),
            open: questions(&[QuestionKind::Open], Signal::OpenQuestion),
            closed: questions(
                &[QuestionKind::Closed, QuestionKind::Tag],
                Signal::ClosedQuestion,
            ),
            rhetorical: questions(&[QuestionKind::Rhetorical], Signal::RhetoricalQuestion),
            story: measures(Role::Employee).and_then(|m| story(conversation, m)),
            monologue: manager_measures
                .and_then(|m| quote_turn(longest(m).turn_id, Signal::ManagerMonologue)),
            interruptions: analysis
                .rhythm
                .iter()
                .flat_map(|r| &r.interruptions)
                .filter(|i| i.by == manager)
                .filter_map(|i| quote_turn(i.turn_id, Signal::Interruption))
                .collect(),
            labelling: analysis
                .labelling
                .iter()
                .filter(|l| l.speaker == manager)
                .map(|l| Quote::of(&l.evidence, Signal::Labelling))
                .collect(),
            feedback: reading.map(|r| feedback(r, manager, conversation)),
            summary: moves::closing_summary(conversation, analysis)
                .map(|e| Quote::of(&e, Signal::ClosingSummary)),
            reflections: moves::reflections(conversation, analysis)
                .iter()
                .map(|e| Quote::of(e, Signal::Reflection))
                .collect(),
            actions: analysis.action_items.iter().map(action).collect(),
            pushbacks: moves::pushbacks(conversation, analysis)
                .into_iter()
                .map(|p| PushbackFact {
                    said: Quote::of(&p.said, Signal::Pushback),
                    reply: p.reply.map(|r| Quote::of(&r, Signal::Reply)),
                    room: p.room,
                })
                .collect(),
            last_word: conversation
                .turns
                .iter()
                .rev()
                .find(|t| t.speaker == manager)
                .map(|t| Quote::of(&Evidence::turn(t), Signal::LastWord)),
        }
    }

    /// The action items that are specific and measurable, as quotes.
    pub fn specific_actions(&self) -> Vec<Quote> {
        self.action_quotes(true)
    }

    /// The action items that are not, as quotes.
    pub fn vague_actions(&self) -> Vec<Quote> {
        self.action_quotes(false)
    }

    fn action_quotes(&self, specific: bool) -> Vec<Quote> {
        self.actions
            .iter()
            .filter(|a| a.specific == specific)
            .map(|a| Quote {
                turn_id: a.turn_id,
                quote: a.quote.clone(),
                signal: if specific {
                    Signal::ActionItem
                } else {
                    Signal::VagueActionItem
                },
            })
            .collect()
    }
}

fn turn(conversation: &Conversation, id: TurnId) -> Option<&Turn> {
    conversation.turns.iter().find(|t| t.id == id)
}

/// The longest turn by time when timed, else by speech units (as `measure` picks
/// the employee's story).
fn longest(measures: &SpeakerMeasures) -> Monologue {
    measures
        .talk
        .longest_by_time
        .unwrap_or(measures.talk.longest_by_units)
}

fn story(conversation: &Conversation, employee: &SpeakerMeasures) -> Option<Story> {
    let monologue = longest(employee);
    let turn = turn(conversation, monologue.turn_id)?;
    Some(Story {
        quote: Quote::of(&Evidence::turn(turn), Signal::EmployeeStory),
        seconds: monologue.seconds.map(crate::domain::Seconds::get),
        units: monologue.units,
    })
}

fn action(item: &crate::measure::actions::ActionItem) -> ActionEntry {
    ActionEntry {
        owner: item.owner.clone(),
        what: item.what.clone(),
        due: item.due.as_ref().map(|d| d.text.clone()),
        due_date: item.due.as_ref().and_then(|d| d.date),
        specific: item.specific,
        turn_id: item.evidence.turn_id,
        quote: Quote::of(&item.evidence, Signal::ActionItem).quote,
    }
}

fn feedback(reading: &ConversationReading, manager: &str, conversation: &Conversation) -> Feedback {
    let mut found = Feedback::default();
    let mut first_praise = None;
    let mut first_criticism = None;
    for (index, sentence) in reading
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.speaker == manager)
    {
        let Some(turn) = turn(conversation, sentence.turn_id) else {
            continue;
        };
        let evidence = Evidence::span(sentence.turn_id, sentence.span, &turn.text);
        let reading = &sentence.reading.reading;
        let specific = reading.specificity == Some(Specificity::Specific);
        match reading.act {
            DialogueAct::Praise if !acknowledgement(&sentence.reading.text) => {
                first_praise.get_or_insert(index);
                let signal = if specific {
                    Signal::SpecificPraise
                } else {
                    Signal::Praise
                };
                match found.praise_turns.last_mut() {
                    // One quote per turn, the specific praise where there is one.
                    Some(last) if last.turn_id == evidence.turn_id => {
                        if specific && last.signal != Signal::SpecificPraise {
                            *last = Quote::of(&evidence, signal);
                        }
                    }
                    _ => found.praise_turns.push(Quote::of(&evidence, signal)),
                }
                if specific {
                    if found
                        .specific_praise_turns
                        .last()
                        .is_none_or(|q| q.turn_id != evidence.turn_id)
                    {
                        found
                            .specific_praise_turns
                            .push(Quote::of(&evidence, signal));
                    }
                } else {
                    found
                        .vague_praise
                        .push(Quote::of(&evidence, Signal::VaguePraise));
                }
            }
            DialogueAct::Criticism => {
                first_criticism.get_or_insert(index);
                found
                    .criticism
                    .push(Quote::of(&evidence, Signal::Criticism));
                if !specific {
                    found
                        .vague_criticism
                        .push(Quote::of(&evidence, Signal::VagueCriticism));
                }
            }
            _ => {}
        }
    }
    found.praise_first = match (first_praise, first_criticism) {
        (Some(p), Some(c)) => Some(p < c),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    };
    found
}

/// A bare "好。" or "Good." acknowledges what was said; the act head may call it
/// praise, but it is not a positive point about the work.
fn acknowledgement(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "好",
        "好的",
        "嗯",
        "嗯嗯",
        "行",
        "可以",
        "对",
        "是",
        "ok",
        "okay",
        "good",
        "great",
        "right",
        "sure",
        "fine",
        "alright",
        "all right",
        "perfect",
        "nice",
    ];
    let bare = text
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || "。！，、…～ ".contains(c))
        .to_lowercase();
    WORDS.contains(&bare.as_str())
}
