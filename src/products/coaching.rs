//! The coaching report for one conversation (PRODUCT.md "Products", issue 5): what
//! a manager receives after an interview they held, as typed data. Rendering is
//! `render::coaching_md` and `render::coaching_html`; the JSON is this type
//! serialised (`candor.coaching/1`, additive changes only).
//!
//! [`build`] reads a conversation, its [`Analysis`] and, when the models ran, its
//! [`ConversationReading`], and gives:
//! - the manager's talk share against DOMAIN.md's 40% and whether praise came
//!   before criticism;
//! - the four dimensions of DOMAIN.md (questioning, listening, affirmation,
//!   summarising), each 0–100 from a small formula shown with its numbers
//!   (`dimensions.rs` documents each one), with the quotes behind it;
//! - the manager's self-check list of article 001 (table 2), filled in where the
//!   transcript can tell and "not visible" elsewhere (`checklist.rs`);
//! - the agreed action items;
//! - up to three strengths and three concrete changes, each with quotes, chosen by
//!   the points they earn or cost in the formulas (`advice.rs`); fewer when fewer
//!   are supported by the transcript;
//! - a talk-time timeline per speaker for the HTML page (`timeline.rs`).
//!
//! Without the models, what needs them (affirmation, praise order) says that it was
//! not judged instead of guessing. The same inputs always give the same report.

mod advice;
mod checklist;
mod dimensions;
mod facts;
mod timeline;
mod wording;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Conversation, ConversationKind, Language, Role, TurnId};
use crate::measure::Analysis;
use crate::measure::evidence::Evidence;
use crate::measure::feedback::ConversationReading;

pub use dimensions::{ListeningInputs, StoryLength};
pub use dimensions::{Scored, affirmation, listening, questioning, summarising};

/// The schema id of the serialised report.
pub const SCHEMA: &str = "candor.coaching/1";

/// Quotes in the report are cut, with "…", to this many characters.
const MAX_QUOTE_CHARS: usize = 80;

/// The coaching report for one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoachingReport {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The conversation's language (zh, en or mixed); the report's texts are in
    /// Chinese for zh and in English otherwise. Null when nothing was said.
    pub language: Option<Language>,
    pub manager: String,
    /// The manager was inferred, not named in the metadata.
    pub manager_inferred: bool,
    pub employee: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Option<ConversationKind>,
    /// The manager's share of the talk, a fraction from 0 to 1: of everyone's
    /// speaking time when the transcript has timings, otherwise of the speech units
    /// (one per CJK character or English word). `talk_share_basis` names which.
    pub manager_talk_share: f64,
    pub talk_share_basis: ShareBasis,
    /// The most the manager should talk, in the same unit (DOMAIN.md: 0.40).
    pub manager_talk_share_norm: f64,
    /// Whether the manager praised before criticising: true when the first praise
    /// came before the first criticism or there was no criticism, false when
    /// criticism came first or there was no praise; null when the manager gave
    /// neither, or when the models did not run.
    pub praise_before_criticism: Option<bool>,
    /// Whether the models read the conversation. Without them, affirmation and the
    /// order of praise and criticism are not judged.
    pub models: bool,
    pub dimensions: Dimensions,
    /// Article 001, table 2, in its order.
    pub checklist: Vec<CheckItem>,
    pub action_items: Vec<ActionEntry>,
    /// At most three, strongest first.
    pub strengths: Vec<Point>,
    /// At most three, the ones worth most points first.
    pub changes: Vec<Point>,
    pub timeline: Timeline,
}

/// What `manager_talk_share` divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    SpeakingTime,
    SpeechUnits,
}

/// The four dimensions of DOMAIN.md ("Dialogue analysis").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimensions {
    pub questioning: Dimension,
    pub listening: Dimension,
    pub affirmation: Dimension,
    pub summarising: Dimension,
}

impl Dimensions {
    /// The dimensions with their names, in the report's order.
    pub fn named(&self) -> [(DimensionName, &Dimension); 4] {
        [
            (DimensionName::Questioning, &self.questioning),
            (DimensionName::Listening, &self.listening),
            (DimensionName::Affirmation, &self.affirmation),
            (DimensionName::Summarising, &self.summarising),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionName {
    Questioning,
    Listening,
    Affirmation,
    Summarising,
}

/// One dimension's score, how it was reached and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    /// 0–100; null when the dimension could not be judged (`not_judged` says why).
    pub score: Option<u8>,
    /// The formula with the numbers that went in, e.g.
    /// "60 × min(open/3, 1) + … = 60 × min(4/3, 1) + … = 82".
    pub formula: String,
    /// The formula's terms: points earned of the most each can give (penalties
    /// have `max` 0 and negative points).
    pub parts: Vec<Part>,
    pub evidence: Vec<Quote>,
    /// What a reader should know to read the formula (no timings, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why there is no score, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_judged: Option<String>,
}

/// One term of a dimension's formula.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub name: &'static str,
    pub points: f64,
    pub max: f64,
}

impl Part {
    /// Points this term leaves on the table.
    pub fn lost(&self) -> f64 {
        (self.max - self.points).max(0.0)
    }
}

/// A short quote from the transcript and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub turn_id: TurnId,
    /// The words as said, cut with "…" after 80 characters.
    pub quote: String,
    pub signal: Signal,
}

impl Quote {
    /// `evidence` as a quote, shortened.
    pub fn of(evidence: &Evidence, signal: Signal) -> Quote {
        Quote {
            turn_id: evidence.turn_id,
            quote: shorten(&evidence.quote),
            signal,
        }
    }
}

fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((at, _)) => {
            let kept = text[..at].trim_end_matches('…');
            format!("{}…", kept.trim_end())
        }
        None => text.to_owned(),
    }
}

/// What a quote is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    OpenQuestion,
    ClosedQuestion,
    RhetoricalQuestion,
    /// The employee's longest turn: the story they got to tell.
    EmployeeStory,
    /// The manager's longest turn.
    ManagerMonologue,
    /// A manager turn that started before the employee had finished.
    Interruption,
    Praise,
    SpecificPraise,
    VaguePraise,
    Criticism,
    VagueCriticism,
    Labelling,
    ClosingSummary,
    Reflection,
    ActionItem,
    /// An action item without a date or a concrete deliverable.
    VagueActionItem,
    /// The employee disagreeing.
    Pushback,
    /// The manager's answer to a pushback.
    Reply,
    /// The manager's last turn: where a summary or agreed actions would have been.
    LastWord,
}

/// One line of the self-check list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckItem {
    pub id: CheckId,
    pub phase: Phase,
    /// The article's question, in the conversation's language.
    pub item: String,
    pub status: Status,
    /// What the status rests on, or "not visible in the transcript".
    pub note: String,
    pub evidence: Vec<Quote>,
}

/// The lines of article 001, table 2, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    NoticeAndAgenda,
    SelfReviewAndCases,
    OpenQuestions,
    TalkShare,
    PraiseFirst,
    RoomToExplain,
    AgreedActions,
    RecordAndFollowUp,
}

/// When in the cycle of an interview a check belongs (面谈前 / 中 / 后).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Before,
    During,
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    /// The transcript cannot tell (preparation, records), or nothing happened that
    /// the item is about (no disagreement), or the models did not run.
    NotVisible,
}

/// An agreed action, as `measure::actions` found it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionEntry {
    /// Who does it; null when both do (我们…, "let's…").
    pub owner: Option<String>,
    pub what: String,
    /// When, as said (周五前, "by Friday").
    pub due: Option<String>,
    /// The date that resolves to, when the conversation's date is known.
    pub due_date: Option<NaiveDate>,
    /// Has a due time and a concrete deliverable.
    pub specific: bool,
    pub turn_id: TurnId,
    pub quote: String,
}

/// A strength or a change, with the quotes it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub id: Advice,
    pub dimension: DimensionName,
    /// In the conversation's language.
    pub text: String,
    pub quotes: Vec<Quote>,
}

/// What a strength or change is about; stable ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    TalkShare,
    OpenQuestions,
    EmployeeStory,
    Interruptions,
    RhetoricalQuestions,
    Labelling,
    SpecificPraise,
    PraiseFirst,
    MorePraise,
    VagueCriticism,
    ClosingSummary,
    SpecificActions,
    RoomToExplain,
    Reflection,
}

/// Who spoke when, per speaker, for the talk-time chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub basis: TimelineBasis,
    /// The axis runs from `start` to `end`, in seconds or speech units.
    pub start: f64,
    pub end: f64,
    /// One row per speaker, in order of first appearance.
    pub rows: Vec<TimelineRow>,
}

/// What the timeline's axis measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineBasis {
    /// Seconds on the recording's clock, from the cues.
    Seconds,
    /// No timings: the turns one after another, each as long as its speech units.
    TurnOrder,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    pub speaker: String,
    pub role: Role,
    pub spans: Vec<TimelineSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimelineSpan {
    pub turn_id: TurnId,
    pub start: f64,
    pub end: f64,
}

/// The coaching report for `conversation`; `reading` is `None` when the models did
/// not run.
pub fn build(
    conversation: &Conversation,
    analysis: &Analysis,
    reading: Option<&ConversationReading>,
) -> CoachingReport {
    let words = wording::Words::for_language(analysis.language);
    let facts = facts::Facts::gather(conversation, analysis, reading);
    let dimensions = dimensions::all(&facts, words);
    let checklist = checklist::fill(&facts, words);
    let strengths = advice::strengths(&facts, &dimensions, words);
    let changes = advice::changes(&facts, &dimensions, words);
    CoachingReport {
        schema: SCHEMA,
        language: analysis.language,
        manager: analysis.roles.manager.clone(),
        manager_inferred: analysis.roles.manager_inferred,
        employee: analysis.roles.employee.clone(),
        date: conversation.metadata.date,
        kind: conversation.metadata.kind,
        manager_talk_share: facts.share,
        talk_share_basis: facts.basis,
        manager_talk_share_norm: facts.max_share,
        praise_before_criticism: facts.feedback.as_ref().and_then(|f| f.praise_first),
        models: reading.is_some(),
        dimensions,
        checklist,
        action_items: facts.actions.clone(),
        strengths,
        changes,
        timeline: timeline::timeline(conversation, analysis),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DialogueAct, Specificity};
    use crate::measure::feedback::SentenceReading;
    use crate::products::test_support::measured;

    /// A reading in which every sentence is `other`, except the (turn, sentence)
    /// pairs in `acts`.
    fn reading(
        conversation: &Conversation,
        analysis: &Analysis,
        acts: &[(u32, usize, DialogueAct, Specificity)],
    ) -> ConversationReading {
        let mut sentences = Vec::new();
        for (turn, utterance) in conversation.turns.iter().zip(&analysis.utterances) {
            for (k, sentence) in utterance.sentences.iter().enumerate() {
                let found = acts.iter().find(|(t, s, _, _)| *t == turn.id.0 && *s == k);
                let act = found.map_or(DialogueAct::Other, |a| a.2);
                sentences.push(SentenceReading::for_test(
                    turn,
                    sentence,
                    act,
                    found.map(|a| a.3),
                ));
            }
        }
        ConversationReading {
            sentences,
            turns: Vec::new(),
            feedback: Vec::new(),
            employee_sentiment: None,
            stages: Vec::new(),
        }
    }

    fn check(report: &CoachingReport, id: CheckId) -> &CheckItem {
        report
            .checklist
            .iter()
            .find(|c| c.id == id)
            .expect("every item is listed")
    }

    const REVIEW: &[(&str, &str)] = &[
        ("M", "How did the quarter go for you?"),
        (
            "E",
            "Mostly well. We shipped the billing export two weeks early, but the audit slipped because legal reviewed the contract late.",
        ),
        (
            "M",
            "The billing export was excellent: you cut the run from four hours to twenty minutes. The audit report came in a week late, though.",
        ),
        ("E", "I know."),
        ("M", "What would help you next time?"),
        ("E", "Earlier reviews with legal."),
        (
            "M",
            "So, to recap. You send the audit plan by Friday, and I book the legal review by the 30th.",
        ),
        ("E", "Sounds good."),
    ];

    #[test]
    fn without_models_affirmation_and_praise_order_are_not_judged() {
        let (c, a) = measured(REVIEW, false);
        let report = build(&c, &a, None);
        assert!(!report.models);
        assert_eq!(report.praise_before_criticism, None);
        assert_eq!(report.dimensions.affirmation.score, None);
        assert!(report.dimensions.affirmation.not_judged.is_some());
        assert_eq!(
            check(&report, CheckId::PraiseFirst).status,
            Status::NotVisible
        );
        // The rest is judged from the rules alone.
        assert!(report.dimensions.questioning.score.is_some());
        assert!(report.dimensions.summarising.score.is_some());
        assert_eq!(report.checklist.len(), 8);
        assert_eq!(report.schema, SCHEMA);
    }

    #[test]
    fn with_a_reading_praise_first_is_met_and_becomes_a_strength() {
        let (c, a) = measured(REVIEW, false);
        let r = reading(
            &c,
            &a,
            &[
                (3, 0, DialogueAct::Praise, Specificity::Specific),
                (3, 1, DialogueAct::Criticism, Specificity::Specific),
            ],
        );
        let report = build(&c, &a, Some(&r));
        assert_eq!(report.praise_before_criticism, Some(true));
        assert_eq!(check(&report, CheckId::PraiseFirst).status, Status::Met);
        // 40 × 1/2 + 30 × 1/2 + 30 × 1 − 0 = 65
        assert_eq!(report.dimensions.affirmation.score, Some(65));
        assert!(
            report
                .strengths
                .iter()
                .any(|p| p.id == Advice::SpecificPraise && p.quotes[0].turn_id == TurnId(3))
        );
    }

    #[test]
    fn criticism_without_praise_is_not_met_and_asks_for_praise() {
        let (c, a) = measured(REVIEW, false);
        let r = reading(
            &c,
            &a,
            &[(3, 1, DialogueAct::Criticism, Specificity::Vague)],
        );
        let report = build(&c, &a, Some(&r));
        assert_eq!(report.praise_before_criticism, Some(false));
        assert_eq!(check(&report, CheckId::PraiseFirst).status, Status::NotMet);
        assert_eq!(report.dimensions.affirmation.score, Some(0));
        let more = report
            .changes
            .iter()
            .find(|p| p.id == Advice::MorePraise)
            .expect("no praise is the biggest change");
        assert_eq!(more.quotes[0].signal, Signal::Criticism);
    }

    #[test]
    fn no_feedback_at_all_leaves_praise_order_not_visible() {
        let (c, a) = measured(REVIEW, false);
        let r = reading(&c, &a, &[]);
        let report = build(&c, &a, Some(&r));
        assert_eq!(report.praise_before_criticism, None);
        assert_eq!(
            check(&report, CheckId::PraiseFirst).status,
            Status::NotVisible
        );
        assert_eq!(report.dimensions.affirmation.score, Some(0));
    }

    #[test]
    fn a_recap_with_dated_actions_is_summarised_and_checked() {
        let (c, a) = measured(REVIEW, false);
        let report = build(&c, &a, None);
        let summarising = &report.dimensions.summarising;
        assert!(
            summarising
                .evidence
                .iter()
                .any(|q| q.signal == Signal::ClosingSummary && q.turn_id == TurnId(7)),
            "{summarising:?}"
        );
        assert_eq!(
            check(&report, CheckId::OpenQuestions).status,
            Status::NotMet
        );
        assert_eq!(
            check(&report, CheckId::RoomToExplain).status,
            Status::NotVisible
        );
        for id in [
            CheckId::NoticeAndAgenda,
            CheckId::SelfReviewAndCases,
            CheckId::RecordAndFollowUp,
        ] {
            assert_eq!(check(&report, id).status, Status::NotVisible);
        }
    }

    #[test]
    fn no_questions_scores_zero_and_asks_for_open_questions() {
        let (c, a) = measured(
            &[
                (
                    "M",
                    "Your numbers were down this month. Fix the onboarding flow.",
                ),
                ("E", "Okay."),
                ("M", "That is all."),
            ],
            true,
        );
        let report = build(&c, &a, None);
        assert_eq!(report.dimensions.questioning.score, Some(0));
        assert!(report.changes.iter().any(|p| p.id == Advice::OpenQuestions));
        assert_eq!(
            check(&report, CheckId::OpenQuestions).status,
            Status::NotMet
        );
        // Nothing to praise the manager for: no strengths rather than padding.
        assert!(report.strengths.is_empty(), "{:?}", report.strengths);
        assert!(report.changes.len() <= 3);
    }

    #[test]
    fn timings_decide_the_share_basis_the_listening_note_and_the_timeline() {
        let (c, a) = measured(REVIEW, true);
        let timed = build(&c, &a, None);
        assert_eq!(timed.talk_share_basis, ShareBasis::SpeakingTime);
        assert_eq!(timed.timeline.basis, TimelineBasis::Seconds);
        assert_eq!(timed.dimensions.listening.note, None);
        let (c, a) = measured(REVIEW, false);
        let untimed = build(&c, &a, None);
        assert_eq!(untimed.talk_share_basis, ShareBasis::SpeechUnits);
        assert_eq!(untimed.timeline.basis, TimelineBasis::TurnOrder);
        assert!(untimed.dimensions.listening.note.is_some());
        assert!(untimed.dimensions.listening.formula.contains("100/80"));
    }

    #[test]
    fn the_report_is_deterministic_and_serialises_to_the_contract_keys() {
        let (c, a) = measured(REVIEW, true);
        let first = build(&c, &a, None);
        assert_eq!(first, build(&c, &a, None));
        let json = serde_json::to_value(&first).expect("serialises");
        for key in [
            "schema",
            "language",
            "manager_talk_share",
            "praise_before_criticism",
            "dimensions",
            "checklist",
            "action_items",
            "strengths",
            "changes",
        ] {
            assert!(json.get(key).is_some(), "no {key}");
        }
        for name in ["questioning", "listening", "affirmation", "summarising"] {
            let dimension = &json["dimensions"][name];
            for key in ["score", "formula", "evidence"] {
                assert!(dimension.get(key).is_some(), "no {name}.{key}");
            }
        }
        assert_eq!(json["checklist"][0]["status"], "not_visible");
    }

    #[test]
    fn quotes_are_cut_after_eighty_characters() {
        let long = "很".repeat(200);
        let cut = shorten(&long);
        assert_eq!(cut.chars().count(), MAX_QUOTE_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(shorten("  short  "), "short");
        let clipped_before = format!("{}…", "a".repeat(79));
        assert_eq!(shorten(&clipped_before), clipped_before);
    }

    #[test]
    fn lost_points_never_go_below_zero() {
        let full = Part {
            name: "x",
            points: 40.0,
            max: 40.0,
        };
        let penalty = Part {
            name: "rhetorical",
            points: -20.0,
            max: 0.0,
        };
        assert!(full.lost().abs() < f64::EPSILON);
        assert!((penalty.lost() - 20.0).abs() < f64::EPSILON);
    }
}
