//! What one conversation contributes to the HR audit, the manager's agenda and the
//! alerts (issue 6): a few numbers and short quotes read once from the stored
//! `candor.analysis/1` document and kept beside it, so that an audit over a thousand
//! conversations never re-reads a transcript. The JSON is this type serialised
//! (`candor.conversation_facts/1`, additive changes only), under 2 KB.
//!
//! What needs the models (praise and criticism, specificity, the stages, the quotes)
//! is `None` (or empty) when the analysis ran without them: unknown, never zero.
//!
//! Two facts are rules of this module:
//! - **career talk** (`career_discussed`): a sentence by either speaker names career
//!   growth outright ([`CAREER`]: 晋升, 职业发展, 成长, 培训, career, promotion,
//!   "your growth"…), or, when the models ran, a sentence's best topic is
//!   `development` with a score of at least [`STRONG_TOPIC`]. The word list is
//!   narrower than the topic cues of `measure::topics` on purpose: 发展 and 学习 alone
//!   also mean a business's growth or reading a document. A keyword-only cue scores
//!   exactly 0.5, and weak embedding matches ("你现在进展到哪了" reads as development
//!   at 0.26) are noise, so the topic counts only when the embedding alone is sure.
//! - **support talk** (`support_discussed`): likewise with [`SUPPORT`] (支持, 资源,
//!   需要我, 帮你, "what do you need", "anything you need from me"…; bare "support"
//!   and "help" are left out: "Support told me…" names a team) and the `support`
//!   topic.
//!
//! Without the models a keyword hit still says `Some(true)`; no hit says `None`, since
//! the topic reading could have found talk phrased without the keywords.

mod document;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::domain::{ConversationKind, Language, Role, TurnId};
use crate::measure::stages::Stage;

use document::{Document, ReadSentence};

/// The schema id of the serialised facts.
pub const SCHEMA: &str = "candor.conversation_facts/1";

/// The schema the facts are read from (`render::analysis_json::SCHEMA`, which this
/// layer may not import; a test keeps the two equal).
const ANALYSIS_SCHEMA: &str = "candor.analysis/1";

/// At most this many praise and this many criticism quotes are kept.
const MAX_QUOTES: usize = 3;
/// A quote is cut, with "…", after this many characters…
const MAX_QUOTE_CHARS: usize = 80;
/// …or before it would pass this many bytes of UTF-8 (40 Chinese characters), which
/// keeps six quotes and the rest under 2 KB.
const MAX_QUOTE_BYTES: usize = 120;

/// A topic score the embedding alone must reach for the topic to count as talk
/// about it (the module doc says why).
pub const STRONG_TOPIC: f64 = 0.75;

/// Words that name career growth outright, in both languages.
pub const CAREER: &str = r"晋升|升职|提拔|职级|职业|成长|培训|发展方向|个人发展|带人|学习计划|转岗|\bcareers?\b|\bpromot(?:e|ed|ion|ions)\b|\bnext (?:role|level)\b|\bstretch (?:goal|assignment|project|role)s?\b|\bmentor(?:ing|ship)?\b|\btraining\b|\b(?:your|my) (?:growth|development)\b|\bgrow(?:ing)? (?:as|into)\b|\blearning goals?\b";

/// Words that offer or ask for support, in both languages.
pub const SUPPORT: &str = r"支持|资源|需要我|帮你|帮忙|协调|人手|预算|权限|\bneed from me\b|\bhelp you\b|\bcan I help\b|\bwhat (?:would|could|will) help\b|\bwhat do you need\b|\banything you need\b|\bresources?\b|\bheadcount\b|\bbudget\b|\bunblock\w*|\bsupport (?:you|from me)\b|\boff your plate\b";

static CAREER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i){CAREER}")).expect("CAREER is a valid regex"));
static SUPPORT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i){SUPPORT}")).expect("SUPPORT is a valid regex"));

/// Why a stored analysis could not be read into facts.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    /// Not JSON, or a field the facts need is missing or of the wrong type; the
    /// message names the field (serde's "missing field `speakers`") and `path` where.
    #[error("the analysis JSON cannot be read at `{path}`: {source}")]
    Malformed {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("the analysis has schema {found:?}; facts are read from {ANALYSIS_SCHEMA}")]
    Schema { found: String },
    #[error("the analysis names {manager:?} as manager but lists no speaker with the manager role")]
    NoManager { manager: String },
}

/// What one conversation contributes to the audit, the agenda and the alerts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationFacts {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// zh, en or mixed; null when nothing was said.
    pub language: Option<Language>,
    /// As the record's metadata gives them.
    pub date: Option<NaiveDate>,
    pub kind: Option<ConversationKind>,
    /// From the first cue to the last; null without timings.
    pub duration_seconds: Option<f64>,
    /// The transcript has speaking times.
    pub timed: bool,
    pub turns: u32,
    /// The models read the conversation; without them the model facts are null.
    pub models: bool,
    /// The manager's share of the talk, 0–1, in `talk_share_unit`.
    pub manager_talk_share: Option<f64>,
    pub talk_share_unit: Option<ShareUnit>,
    /// The manager's feedback, in sentences (models).
    pub praise: Option<u32>,
    pub criticism: Option<u32>,
    /// Praise and criticism sentences read as specific or vague (models).
    pub specific: Option<u32>,
    pub vague: Option<u32>,
    /// The first praise came before the first criticism; null without both.
    pub praise_before_criticism: Option<bool>,
    /// The manager's criticism sentences, up to three, in order (models).
    pub employee_criticism_received: Vec<Quote>,
    /// The manager's praise sentences, up to three, in order (models).
    pub employee_praise_received: Vec<Quote>,
    /// The manager's questions by the question rules; `closed` includes tag
    /// questions, rhetorical questions are not counted.
    pub manager_open_questions: u32,
    pub manager_closed_questions: u32,
    /// open / (open + closed), 0–1; null when the manager asked nothing.
    pub open_question_rate: Option<f64>,
    pub action_items: u32,
    /// Those with a due time and a concrete deliverable.
    pub action_items_specific: u32,
    /// Which of the four stages the conversation covered (models).
    pub stages: Option<StagesCovered>,
    /// Career growth was talked about (module doc); null when unknown.
    pub career_discussed: Option<bool>,
    /// The first turn that shows it.
    pub career_turn: Option<TurnId>,
    /// Support the employee needs was talked about (module doc); null when unknown.
    pub support_discussed: Option<bool>,
    pub support_turn: Option<TurnId>,
    /// The employee's mood, second half minus first half of their turns, in
    /// polarity (−2 to 2); above 0 they ended in better spirits (models).
    pub employee_sentiment_change: Option<f64>,
    pub record: RecordCompleteness,
}

/// What a talk share divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareUnit {
    /// Of everyone's speaking time (the transcript has timings).
    ShareOfTime,
    /// Of the speech units: a CJK character or an English word each.
    ShareOfUnits,
}

/// A short quote: the turn and the words, cut with "…".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub turn_id: TurnId,
    pub text: String,
}

/// The four stages of DOMAIN.md, each covered or not: one flag per stage, so the
/// JSON reads `{"goal_review": true, …}` (not a state machine, whatever clippy
/// guesses from four bools).
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StagesCovered {
    pub goal_review: bool,
    pub process: bool,
    pub strengths_and_gaps: bool,
    pub development_and_support: bool,
}

impl StagesCovered {
    /// The stages covered, in the interview's order.
    pub fn covered(self) -> Vec<Stage> {
        [
            (self.goal_review, Stage::GoalReview),
            (self.process, Stage::Process),
            (self.strengths_and_gaps, Stage::StrengthsAndGaps),
            (self.development_and_support, Stage::DevelopmentAndSupport),
        ]
        .into_iter()
        .filter_map(|(covered, stage)| covered.then_some(stage))
        .collect()
    }

    pub fn all(self) -> bool {
        self.covered().len() == 4
    }
}

/// How complete the conversation's record is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordCompleteness {
    /// What the record lacks, in [`RecordField::ALL`]'s order.
    pub missing: Vec<RecordField>,
    /// The share of [`RecordField::ALL`] present, 0–1.
    pub share: f64,
}

/// What a complete record of a conversation states (the "3+1" model's record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordField {
    Kind,
    Date,
    /// The manager is named in the metadata, not inferred.
    Manager,
    /// The employee is named in the metadata.
    Employee,
    /// The transcript has timings, so talk share is by time.
    Timed,
    /// At least one action item, and every one with an owner.
    ActionItemOwners,
    /// At least one action item, and every one with a due time.
    ActionItemDueDates,
}

impl RecordField {
    pub const ALL: [RecordField; 7] = [
        RecordField::Kind,
        RecordField::Date,
        RecordField::Manager,
        RecordField::Employee,
        RecordField::Timed,
        RecordField::ActionItemOwners,
        RecordField::ActionItemDueDates,
    ];
}

impl ConversationFacts {
    /// The facts of one stored `candor.analysis/1` document.
    pub fn from_analysis_json(json: &str) -> Result<ConversationFacts, FactsError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let document: Document =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                FactsError::Malformed {
                    path: e.path().to_string(),
                    source: e.into_inner(),
                }
            })?;
        if document.schema != ANALYSIS_SCHEMA {
            return Err(FactsError::Schema {
                found: document.schema,
            });
        }
        Self::from_document(&document)
    }

    fn from_document(doc: &Document) -> Result<ConversationFacts, FactsError> {
        let manager = doc
            .speakers
            .iter()
            .find(|s| s.role == Role::Manager)
            .ok_or_else(|| FactsError::NoManager {
                manager: doc.manager.clone(),
            })?;
        let timed = manager.talk_share_time.is_some();
        let understanding = doc.understanding.as_ref();
        let feedback =
            understanding.and_then(|u| u.feedback.iter().find(|f| f.role == Role::Manager));
        // The models ran but the manager gave no feedback: zero, not unknown.
        let count =
            |of: fn(&document::Feedback) -> u32| understanding.map(|_| feedback.map_or(0, of));
        let (open, closed) = (manager.questions.open, manager.questions.closed);
        let manager_sentences = |act: &'static str| {
            understanding
                .into_iter()
                .flat_map(|u| &u.sentences)
                .filter(move |s| s.speaker == manager.name && s.act == act)
        };
        let career = talk_about(doc, &CAREER_RE, "development");
        let support = talk_about(doc, &SUPPORT_RE, "support");
        Ok(ConversationFacts {
            schema: SCHEMA.to_owned(),
            language: doc.language,
            date: doc.metadata.date,
            kind: doc.metadata.kind,
            duration_seconds: doc.duration_seconds,
            timed,
            turns: doc.metrics.turns,
            models: understanding.is_some(),
            manager_talk_share: Some(manager.talk_share_time.unwrap_or(manager.talk_share_units)),
            talk_share_unit: Some(if timed {
                ShareUnit::ShareOfTime
            } else {
                ShareUnit::ShareOfUnits
            }),
            praise: count(|f| f.praise),
            criticism: count(|f| f.criticism),
            specific: count(|f| f.specific),
            vague: count(|f| f.vague),
            praise_before_criticism: feedback.and_then(|f| f.praise_before_criticism),
            employee_criticism_received: quotes(manager_sentences("criticism")),
            employee_praise_received: quotes(manager_sentences("praise")),
            manager_open_questions: open,
            manager_closed_questions: closed,
            open_question_rate: rate(open, open + closed),
            action_items: doc.metrics.action_items.len() as u32,
            action_items_specific: doc
                .metrics
                .action_items
                .iter()
                .filter(|a| a.specific)
                .count() as u32,
            stages: understanding.map(|u| stages(&u.stages)),
            career_discussed: career.discussed,
            career_turn: career.turn,
            support_discussed: support.discussed,
            support_turn: support.turn,
            employee_sentiment_change: understanding
                .and_then(|u| u.employee_sentiment.as_ref())
                .map(|t| t.change),
            record: record(doc, timed),
        })
    }
}

/// `part / whole`, or `None` when `whole` is zero.
fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn quotes<'a>(sentences: impl Iterator<Item = &'a ReadSentence>) -> Vec<Quote> {
    sentences
        .take(MAX_QUOTES)
        .map(|s| Quote {
            turn_id: s.turn_id,
            text: shorten(&s.text),
        })
        .collect()
}

/// `text` trimmed and cut with "…" after [`MAX_QUOTE_CHARS`] characters or before
/// [`MAX_QUOTE_BYTES`] bytes, whichever comes first.
pub fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_QUOTE_CHARS && text.len() <= MAX_QUOTE_BYTES {
        return text.to_owned();
    }
    let room = MAX_QUOTE_BYTES - '…'.len_utf8();
    let end = text
        .char_indices()
        .take(MAX_QUOTE_CHARS)
        .map(|(at, c)| at + c.len_utf8())
        .take_while(|&end| end <= room)
        .last()
        .unwrap_or(0);
    format!("{}…", text[..end].trim_end().trim_end_matches('…'))
}

/// Whether a subject came up, and where first.
#[derive(Debug, Clone, Copy)]
struct Heard {
    /// `None` when unknown: no keyword, and no models to read the topics.
    discussed: Option<bool>,
    turn: Option<TurnId>,
}

/// Whether the conversation talked about what `words` name or, when the models
/// ran, what `topic` is about (module doc).
fn talk_about(doc: &Document, words: &Regex, topic: &str) -> Heard {
    let by_word = doc
        .turns
        .iter()
        .find(|t| t.sentences.iter().any(|s| words.is_match(&s.text)))
        .map(|t| t.id);
    let by_topic = doc.understanding.as_ref().map(|u| {
        u.sentences
            .iter()
            .find(|s| {
                s.topics
                    .first()
                    .is_some_and(|t| t.topic == topic && t.score >= STRONG_TOPIC)
            })
            .map(|s| s.turn_id)
    });
    let turn = match (by_word, by_topic.flatten()) {
        (Some(w), Some(t)) => Some(w.min(t)),
        (w, t) => w.or(t),
    };
    Heard {
        discussed: if turn.is_some() {
            Some(true)
        } else {
            by_topic.map(|_| false)
        },
        turn,
    }
}

fn stages(coverage: &[document::StageCoverage]) -> StagesCovered {
    let covered = |name: &str| coverage.iter().any(|c| c.stage == name && c.covered);
    StagesCovered {
        goal_review: covered("goal_review"),
        process: covered("process"),
        strengths_and_gaps: covered("strengths_and_gaps"),
        development_and_support: covered("development_and_support"),
    }
}

fn record(doc: &Document, timed: bool) -> RecordCompleteness {
    let items = &doc.metrics.action_items;
    let every = |has: fn(&document::ActionItem) -> bool| !items.is_empty() && items.iter().all(has);
    let metadata = &doc.metadata;
    let present = |field: RecordField| match field {
        RecordField::Kind => metadata.kind.is_some(),
        RecordField::Date => metadata.date.is_some(),
        RecordField::Manager => metadata.manager.is_some(),
        RecordField::Employee => metadata.employee.is_some(),
        RecordField::Timed => timed,
        RecordField::ActionItemOwners => every(|a| a.owner.is_some()),
        RecordField::ActionItemDueDates => every(|a| a.due.is_some()),
    };
    let missing: Vec<RecordField> = RecordField::ALL
        .into_iter()
        .filter(|&f| !present(f))
        .collect();
    let all = RecordField::ALL.len();
    RecordCompleteness {
        share: (all - missing.len()) as f64 / all as f64,
        missing,
    }
}

#[cfg(test)]
impl ConversationFacts {
    /// Facts with the numbers the audit reads, the rest empty: a timed conversation
    /// read by the models with a complete record.
    pub(crate) fn for_test(
        kind: Option<ConversationKind>,
        share: f64,
        praise: u32,
        criticism: u32,
        questions: (u32, u32),
    ) -> ConversationFacts {
        ConversationFacts {
            schema: SCHEMA.to_owned(),
            language: Some(Language::Zh),
            date: None,
            kind,
            duration_seconds: Some(1800.0),
            timed: true,
            turns: 20,
            models: true,
            manager_talk_share: Some(share),
            talk_share_unit: Some(ShareUnit::ShareOfTime),
            praise: Some(praise),
            criticism: Some(criticism),
            specific: Some(0),
            vague: Some(0),
            praise_before_criticism: None,
            employee_criticism_received: Vec::new(),
            employee_praise_received: Vec::new(),
            manager_open_questions: questions.0,
            manager_closed_questions: questions.1,
            open_question_rate: rate(questions.0, questions.0 + questions.1),
            action_items: 2,
            action_items_specific: 1,
            stages: Some(StagesCovered::default()),
            career_discussed: Some(false),
            career_turn: None,
            support_discussed: Some(false),
            support_turn: None,
            employee_sentiment_change: None,
            record: RecordCompleteness {
                missing: Vec::new(),
                share: 1.0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Conversation, DialogueAct};
    use crate::ingest::{Format, Timing, Transcript};
    use crate::measure::Analysis;
    use crate::measure::feedback::{ConversationReading, FeedbackBalance, SentenceReading};
    use crate::measure::stages::StageCoverage;
    use crate::measure::topics::{Topic, TopicScore};
    use crate::products::test_support::measured;
    use crate::render::analysis_json::AnalysisDocument;

    /// A stored analysis with the models' reading, from the demo database
    /// (`target/demo/candor.db`, table `analyses`, the analysis of
    /// `fixtures/demo/conversations/li_na_2026-08-19_coaching.vtt`).
    const LI_NA: &str = include_str!("testdata/li_na_2026-08-19_coaching.analysis.json");

    const TALK: &[(&str, &str)] = &[
        ("M", "How did the quarter go for you?"),
        (
            "E",
            "Mostly well. We shipped the billing export two weeks early, but the audit slipped.",
        ),
        (
            "M",
            "The billing export was excellent. The audit report came in a week late, though.",
        ),
        (
            "E",
            "I know. I would like to talk about my career next time.",
        ),
        ("M", "Did legal review it on time?"),
        ("E", "No."),
        (
            "M",
            "I'll book the legal review by the 30th. Can you send me the audit plan by Friday?",
        ),
        ("E", "Sure."),
    ];

    fn stored(
        conversation: &Conversation,
        analysis: &Analysis,
        reading: Option<&ConversationReading>,
        timed: bool,
    ) -> String {
        let transcript = Transcript {
            format: Format::Plain,
            encoding: "UTF-8",
            timing: if timed { Timing::Cues } else { Timing::None },
            conversation: conversation.clone(),
        };
        let document = AnalysisDocument::new("test.txt", &transcript, analysis, reading);
        serde_json::to_string(&document).expect("serialises")
    }

    /// A reading where each sentence is `other` except those listed by turn id.
    fn reading(
        conversation: &Conversation,
        analysis: &Analysis,
        acts: &[(u32, DialogueAct)],
        topics: &[(u32, Topic, f32)],
    ) -> ConversationReading {
        let mut sentences = Vec::new();
        for (turn, utterance) in conversation.turns.iter().zip(&analysis.utterances) {
            for sentence in &utterance.sentences {
                let act = acts
                    .iter()
                    .find(|(t, _)| *t == turn.id.0)
                    .map_or(DialogueAct::Other, |a| a.1);
                let mut read = SentenceReading::for_test(turn, sentence, act, None);
                read.reading.topics = topics
                    .iter()
                    .filter(|(t, _, _)| *t == turn.id.0)
                    .map(|&(_, topic, score)| TopicScore { topic, score })
                    .collect();
                sentences.push(read);
            }
        }
        let stage = |stage, covered| StageCoverage {
            stage,
            covered,
            turns: Vec::new(),
        };
        ConversationReading {
            sentences,
            turns: Vec::new(),
            feedback: vec![FeedbackBalance {
                speaker: "M".into(),
                role: Role::Manager,
                praise: 1,
                criticism: 1,
                praise_per_criticism: Some(1.0),
                praise_before_criticism: Some(true),
                specific: 1,
                vague: 1,
                first_praise: None,
                first_criticism: None,
            }],
            employee_sentiment: None,
            stages: vec![
                stage(Stage::GoalReview, true),
                stage(Stage::Process, false),
                stage(Stage::StrengthsAndGaps, true),
                stage(Stage::DevelopmentAndSupport, true),
            ],
        }
    }

    fn assert_close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn without_models_the_facts_say_what_the_analysis_says_and_model_facts_are_unknown() {
        let (c, a) = measured(TALK, true);
        let facts = ConversationFacts::from_analysis_json(&stored(&c, &a, None, true))
            .expect("reads its own analysis");
        let manager = a.speakers.iter().find(|s| s.talk.role == Role::Manager);
        let manager = manager.expect("M is the manager");
        assert_eq!(facts.schema, SCHEMA);
        assert!(facts.timed && !facts.models);
        assert_eq!(facts.turns, 8);
        assert_eq!(facts.language, a.language);
        assert_eq!(
            facts.duration_seconds,
            a.totals.duration.map(crate::domain::Seconds::get)
        );
        assert_close(
            facts.manager_talk_share.expect("known"),
            manager.talk.share.preferred(),
        );
        assert_eq!(facts.talk_share_unit, Some(ShareUnit::ShareOfTime));
        assert_eq!(facts.manager_open_questions, manager.questions.open);
        assert_eq!(facts.manager_closed_questions, manager.questions.closed);
        let asked = manager.questions.open + manager.questions.closed;
        assert!(asked > 0);
        assert_close(
            facts.open_question_rate.expect("asked"),
            f64::from(manager.questions.open) / f64::from(asked),
        );
        assert_eq!(facts.action_items as usize, a.action_items.len());
        assert!(facts.action_items >= 1, "{:?}", a.action_items);
        let specific = a.action_items.iter().filter(|i| i.specific).count();
        assert_eq!(facts.action_items_specific as usize, specific);
        // The models did not run: unknown, not zero.
        for count in [facts.praise, facts.criticism, facts.specific, facts.vague] {
            assert_eq!(count, None);
        }
        assert_eq!(facts.stages, None);
        assert!(facts.employee_criticism_received.is_empty());
        // "my career" is a keyword hit; nothing names support, which without the
        // models is unknown.
        assert_eq!(facts.career_discussed, Some(true));
        assert_eq!(facts.career_turn, Some(TurnId(4)));
        assert_eq!(facts.support_discussed, None);
        // The test conversation has no kind or date in its metadata.
        assert!(facts.record.missing.contains(&RecordField::Kind));
        assert!(facts.record.missing.contains(&RecordField::Date));
        assert!(!facts.record.missing.contains(&RecordField::Timed));
        let present = 7 - facts.record.missing.len();
        assert_close(facts.record.share, present as f64 / 7.0);
    }

    #[test]
    fn an_untimed_transcript_shares_by_units_and_misses_timings_in_the_record() {
        let (c, a) = measured(TALK, false);
        let facts =
            ConversationFacts::from_analysis_json(&stored(&c, &a, None, false)).expect("reads");
        let manager = a.speakers.iter().find(|s| s.talk.role == Role::Manager);
        let manager = manager.expect("M is the manager");
        assert!(!facts.timed);
        assert_eq!(facts.duration_seconds, None);
        assert_eq!(facts.talk_share_unit, Some(ShareUnit::ShareOfUnits));
        assert_close(
            facts.manager_talk_share.expect("known"),
            manager.talk.share.units,
        );
        assert!(facts.record.missing.contains(&RecordField::Timed));
    }

    #[test]
    fn with_a_reading_the_feedback_quotes_stages_and_topics_come_from_the_models() {
        let (c, a) = measured(TALK, true);
        let r = reading(
            &c,
            &a,
            &[(3, DialogueAct::Criticism), (1, DialogueAct::OpenQuestion)],
            &[(5, Topic::Support, 0.9), (6, Topic::Development, 0.5)],
        );
        let facts =
            ConversationFacts::from_analysis_json(&stored(&c, &a, Some(&r), true)).expect("reads");
        assert!(facts.models);
        assert_eq!(
            (facts.praise, facts.criticism, facts.specific, facts.vague),
            (Some(1), Some(1), Some(1), Some(1))
        );
        assert_eq!(facts.praise_before_criticism, Some(true));
        assert_eq!(facts.employee_criticism_received.len(), 2);
        assert_eq!(facts.employee_criticism_received[0].turn_id, TurnId(3));
        assert_eq!(
            facts.employee_criticism_received[0].text,
            "The billing export was excellent."
        );
        assert!(facts.employee_praise_received.is_empty());
        let stages = facts.stages.expect("the models ran");
        assert_eq!(
            stages.covered(),
            [
                Stage::GoalReview,
                Stage::StrengthsAndGaps,
                Stage::DevelopmentAndSupport
            ]
        );
        assert!(!stages.all());
        // Support by a strong topic; a cue-strength development topic adds nothing
        // to the keyword hit in turn 4.
        assert_eq!(facts.support_discussed, Some(true));
        assert_eq!(facts.support_turn, Some(TurnId(5)));
        assert_eq!(facts.career_turn, Some(TurnId(4)));
    }

    #[test]
    fn with_models_and_no_manager_feedback_the_counts_are_zero_not_unknown() {
        let (c, a) = measured(TALK, true);
        let mut r = reading(&c, &a, &[], &[]);
        r.feedback.clear();
        let facts =
            ConversationFacts::from_analysis_json(&stored(&c, &a, Some(&r), true)).expect("reads");
        assert_eq!((facts.praise, facts.criticism), (Some(0), Some(0)));
        assert_eq!(facts.praise_before_criticism, None);
        assert_eq!(facts.support_discussed, Some(false));
    }

    #[test]
    fn a_stored_demo_analysis_with_understanding_gives_its_numbers() {
        let facts = ConversationFacts::from_analysis_json(LI_NA).expect("reads the demo");
        assert_eq!(facts.language, Some(Language::Zh));
        assert_eq!(facts.kind, Some(ConversationKind::Coaching));
        assert_eq!(facts.date, NaiveDate::from_ymd_opt(2026, 8, 19));
        assert!(facts.timed && facts.models);
        assert_eq!(facts.turns, 26);
        assert_close(
            facts.manager_talk_share.expect("timed"),
            0.572_490_771_975_062_3,
        );
        assert_eq!(
            (facts.manager_open_questions, facts.manager_closed_questions),
            (2, 6)
        );
        assert_close(facts.open_question_rate.expect("asked"), 0.25);
        assert_eq!(
            (facts.praise, facts.criticism, facts.specific, facts.vague),
            (Some(6), Some(4), Some(3), Some(7))
        );
        assert_eq!(facts.praise_before_criticism, Some(true));
        assert_eq!(facts.employee_criticism_received.len(), 3);
        assert_eq!(facts.employee_praise_received.len(), 3);
        assert_eq!(facts.employee_praise_received[0].turn_id, TurnId(3));
        assert!(
            facts.employee_criticism_received[0]
                .text
                .starts_with("缓存方案评审的时候")
        );
        assert_eq!((facts.action_items, facts.action_items_specific), (3, 1));
        let stages = facts.stages.expect("read");
        assert!(!stages.goal_review && stages.process && stages.development_and_support);
        // "王磊可能也需要你支持" and "有什么需要我支持的吗" name support; nobody
        // names a career word and no sentence is strongly about development.
        assert_eq!(facts.support_discussed, Some(true));
        assert_eq!(facts.career_discussed, Some(false));
        assert!(facts.employee_sentiment_change.is_some_and(|c| c < 0.0));
        assert!(facts.record.missing.is_empty(), "{:?}", facts.record);
        assert_close(facts.record.share, 1.0);
        let json = serde_json::to_string(&facts).expect("serialises");
        assert!(json.len() < 2048, "{} bytes", json.len());
        let back: ConversationFacts = serde_json::from_str(&json).expect("round-trips");
        assert_eq!(back, facts);
    }

    #[test]
    fn the_largest_facts_stay_under_two_kilobytes() {
        let long = Quote {
            turn_id: TurnId(123),
            text: shorten(&"很".repeat(300)),
        };
        let mut facts =
            ConversationFacts::for_test(Some(ConversationKind::Review), 0.5, 9, 9, (9, 9));
        facts.employee_criticism_received = vec![long.clone(); 3];
        facts.employee_praise_received = vec![long; 3];
        facts.praise_before_criticism = Some(true);
        facts.career_turn = Some(TurnId(100));
        facts.support_turn = Some(TurnId(100));
        facts.employee_sentiment_change = Some(-0.123_456_789_012_345);
        facts.date = NaiveDate::from_ymd_opt(2026, 12, 31);
        facts.record = RecordCompleteness {
            missing: RecordField::ALL.to_vec(),
            share: 0.0,
        };
        let json = serde_json::to_string(&facts).expect("serialises");
        assert!(json.len() < 2048, "{} bytes", json.len());
    }

    #[test]
    fn quotes_are_cut_by_characters_or_bytes() {
        assert_eq!(shorten("  short "), "short");
        let zh = shorten(&"很".repeat(100));
        assert!(zh.len() <= MAX_QUOTE_BYTES && zh.ends_with('…'), "{zh}");
        let en = shorten(&"a".repeat(200));
        assert_eq!(en.chars().count(), MAX_QUOTE_CHARS + 1);
        assert_eq!(shorten(&"a".repeat(80)), "a".repeat(80));
    }

    #[test]
    fn the_keyword_rules_hear_career_and_support_but_not_their_lookalikes() {
        for said in [
            "你对晋升有什么想法？",
            "明年我想往架构方向成长。",
            "Where do you see your career in two years?",
            "Let's talk about your growth.",
        ] {
            assert!(CAREER_RE.is_match(said), "{said}");
        }
        for said in [
            "业务发展很快。",
            "我学习了一下文档。",
            "Revenue growth was 12%.",
        ] {
            assert!(!CAREER_RE.is_match(said), "{said}");
        }
        for said in [
            "那你这边现在有什么需要我支持的吗？",
            "Anything you need from me on ShipBridge?",
            "What would help you next time?",
        ] {
            assert!(SUPPORT_RE.is_match(said), "{said}");
        }
        for said in [
            "Support told me they had zero tickets.",
            "That would help a lot.",
        ] {
            assert!(!SUPPORT_RE.is_match(said), "{said}");
        }
    }

    #[test]
    fn the_facts_read_the_schema_render_writes() {
        assert_eq!(ANALYSIS_SCHEMA, crate::render::analysis_json::SCHEMA);
    }

    #[test]
    fn a_missing_field_or_another_schema_is_a_clear_error() {
        let (c, a) = measured(TALK, true);
        let json = stored(&c, &a, None, true);
        let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        value.as_object_mut().expect("object").remove("speakers");
        let err = ConversationFacts::from_analysis_json(&value.to_string())
            .expect_err("speakers are needed");
        assert!(err.to_string().contains("speakers"), "{err}");
        value["speakers"] = serde_json::json!([{"name": "M", "role": "manager"}]);
        let err = ConversationFacts::from_analysis_json(&value.to_string())
            .expect_err("a speaker needs its shares");
        assert!(err.to_string().contains("talk_share_units"), "{err}");
        assert!(err.to_string().contains("speakers[0]"), "{err}");
        let other = json.replace("candor.analysis/1", "candor.analysis/2");
        assert!(matches!(
            ConversationFacts::from_analysis_json(&other),
            Err(FactsError::Schema { .. })
        ));
        assert!(matches!(
            ConversationFacts::from_analysis_json("not json"),
            Err(FactsError::Malformed { .. })
        ));
    }
}
