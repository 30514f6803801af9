//! Whole conversations read against a careful reader's labels (`fixtures/heldout*/`,
//! whose README says what each label means): the acts in each turn, the employee's tone,
//! the action items with their dues, and the stages. The dev split measures sentences
//! by the training data's own writers; this measures what a manager would be shown.
//!
//! An act is read in a turn when any of its sentences is read as that act. An action
//! item read matches a labelled one with the same owner at the same turn or one turn
//! either side (an offer in one turn is often taken up in the next), one to one; an
//! item read with no owner matches nothing and counts as read.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Norms;
use crate::domain::{DialogueAct, Language, Metadata, Sentiment, TurnId};
use crate::ingest::{self, IngestError, IngestOptions};
use crate::measure::classify::{Classifier, ClassifyError};
use crate::measure::feedback::{ConversationReading, read_conversation};
use crate::measure::stages::Stage;
use crate::measure::{self, Analysis, MeasureError};

/// The file in each folder that holds the labels.
pub const LABELS_FILE: &str = "labels.json";

/// The acts a turn can be labelled with; `other` is the absence of all of them.
const ACTS: [DialogueAct; 5] = [
    DialogueAct::Praise,
    DialogueAct::Criticism,
    DialogueAct::Suggestion,
    DialogueAct::OpenQuestion,
    DialogueAct::ClosedQuestion,
];

/// One conversation's labels, as `labels.json` lists them.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledConversation {
    pub file: String,
    pub language: Language,
    pub date: NaiveDate,
    pub manager: String,
    pub employee: String,
    pub turns: Vec<LabelledTurn>,
    pub action_items: Vec<LabelledItem>,
    pub stages: BTreeMap<Stage, Vec<TurnId>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledTurn {
    pub turn: TurnId,
    pub speaker: String,
    pub acts: Vec<DialogueAct>,
    pub sentiment: Sentiment,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledItem {
    pub turn: TurnId,
    pub owner: String,
    pub what: String,
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub recurring: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConversationsError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a list of labelled conversations: {source}", .path.display())]
    Labels {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(transparent)]
    Transcript(#[from] IngestError),
    #[error("{file}: {source}")]
    Measure { file: String, source: MeasureError },
    #[error("the models failed: {0}")]
    Models(#[from] ClassifyError),
}

/// Agreement on a yes/no question asked of many things: is this act in this turn,
/// is this item agreed, does this turn cover this stage.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "Agreement")]
pub struct Matches {
    pub true_positive: u32,
    pub false_positive: u32,
    pub false_negative: u32,
}

impl Matches {
    fn add(&mut self, truth: bool, read: bool) {
        match (truth, read) {
            (true, true) => self.true_positive += 1,
            (false, true) => self.false_positive += 1,
            (true, false) => self.false_negative += 1,
            (false, false) => {}
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl fmt::Display for Matches {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_positive,
            self.false_positive,
            self.false_negative
        )
    }
}

/// [`Matches`] as JSON shows it: the counts and what is read off them.
#[derive(Serialize)]
struct Agreement {
    precision: f64,
    recall: f64,
    f1: f64,
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
}

impl From<Matches> for Agreement {
    fn from(m: Matches) -> Agreement {
        Agreement {
            precision: m.precision(),
            recall: m.recall(),
            f1: m.f1(),
            true_positive: m.true_positive,
            false_positive: m.false_positive,
            false_negative: m.false_negative,
        }
    }
}

/// How many of some labelled things were read the same.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Right {
    pub right: u32,
    pub of: u32,
}

impl Right {
    fn add(&mut self, same: bool) {
        self.right += u32::from(same);
        self.of += 1;
    }
}

/// One language's share of the acts and action items.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct LanguageScores {
    pub acts: BTreeMap<DialogueAct, Matches>,
    pub all_acts: Matches,
    pub action_items: Matches,
}

/// Everything read off one folder of labelled conversations.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct ConversationScores {
    pub conversations: u32,
    pub turns: u32,
    /// Per act, (turn, act) pairs over both languages.
    pub acts: BTreeMap<DialogueAct, Matches>,
    pub all_acts: Matches,
    pub by_language: BTreeMap<Language, LanguageScores>,
    /// The employee's turns whose tone was read as labelled.
    pub employee_tone: Right,
    pub action_items: Matches,
    /// Matched one-off items whose due date was read as labelled (none for none).
    pub dues: Right,
    /// (stage, turn) pairs, per stage.
    pub stage_turns: BTreeMap<Stage, Matches>,
    pub all_stage_turns: Matches,
    /// Whether each stage was covered at all, per conversation.
    pub stages_covered: Matches,
    /// Every place the analyser and the labels part, for reading.
    pub disagreements: Vec<Disagreement>,
}

/// A place where the analyser read a conversation otherwise than its labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub file: String,
    pub turn: TurnId,
    #[serde(flatten)]
    pub difference: Difference,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    ActMissed {
        act: DialogueAct,
    },
    ActExtra {
        act: DialogueAct,
    },
    Tone {
        labelled: Sentiment,
        read: Option<Sentiment>,
    },
    ItemMissed {
        owner: String,
        what: String,
        due: Option<NaiveDate>,
    },
    ItemExtra {
        owner: Option<String>,
        what: String,
        due: Option<NaiveDate>,
    },
    Due {
        what: String,
        labelled: Option<NaiveDate>,
        read: Option<NaiveDate>,
        /// The item as read.
        read_as: String,
    },
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = format!("{}#{}", self.file, self.turn.0);
        let date = |d: &Option<NaiveDate>| d.map_or("none".to_owned(), |d| d.to_string());
        match &self.difference {
            Difference::ActMissed { act } => write!(f, "act  {place} missed {}", act.name()),
            Difference::ActExtra { act } => write!(f, "act  {place} extra {}", act.name()),
            Difference::Tone { labelled, read } => write!(
                f,
                "tone {place} {} read {}",
                labelled.name(),
                read.map_or("nothing", Sentiment::name)
            ),
            Difference::ItemMissed { owner, what, due } => {
                write!(f, "item {place} missed {owner}: {what} ({})", date(due))
            }
            Difference::ItemExtra { owner, what, due } => write!(
                f,
                "item {place} extra {}: {what} ({})",
                owner.as_deref().unwrap_or("no owner"),
                date(due)
            ),
            Difference::Due {
                what,
                labelled,
                read,
                read_as,
            } => write!(
                f,
                "due  {place} {what}: {} read {} ({read_as})",
                date(labelled),
                date(read)
            ),
        }
    }
}

/// The labels of the conversations in `dir`.
pub fn read_labels(dir: &Path) -> Result<Vec<LabelledConversation>, ConversationsError> {
    let path = dir.join(LABELS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| ConversationsError::Io {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| ConversationsError::Labels { path, source })
}

/// Analyses every labelled conversation in `dir` and scores the analyses.
pub fn score_dir(
    dir: &Path,
    classifier: &Classifier,
) -> Result<ConversationScores, ConversationsError> {
    let mut scores = ConversationScores::default();
    for label in read_labels(dir)? {
        let path = dir.join(&label.file);
        let bytes = std::fs::read(&path).map_err(|source| ConversationsError::Io {
            path: path.clone(),
            source,
        })?;
        let options = IngestOptions {
            metadata: Metadata {
                manager: Some(label.manager.clone()),
                employee: Some(label.employee.clone()),
                date: Some(label.date),
                ..Metadata::default()
            },
            ..IngestOptions::default()
        };
        let transcript = ingest::read(&bytes, &path.display().to_string(), &options)?;
        let conversation = &transcript.conversation;
        let analysis = measure::analyze(conversation, &Norms::default()).map_err(|source| {
            ConversationsError::Measure {
                file: label.file.clone(),
                source,
            }
        })?;
        let reading = read_conversation(conversation, &analysis, classifier)?;
        scores.add(&label, &analysis, &reading);
    }
    Ok(scores)
}

impl ConversationScores {
    /// Scores one conversation's analysis against its labels.
    pub fn add(
        &mut self,
        label: &LabelledConversation,
        analysis: &Analysis,
        reading: &ConversationReading,
    ) {
        self.conversations += 1;
        self.turns += label.turns.len() as u32;
        self.add_acts(label, reading);
        self.add_tones(label, reading);
        self.add_items(label, analysis);
        self.add_stages(label, reading);
    }

    fn disagree(&mut self, label: &LabelledConversation, turn: TurnId, difference: Difference) {
        self.disagreements.push(Disagreement {
            file: label.file.clone(),
            turn,
            difference,
        });
    }

    fn add_acts(&mut self, label: &LabelledConversation, reading: &ConversationReading) {
        for turn in &label.turns {
            for act in ACTS {
                let truth = turn.acts.contains(&act);
                let read = reading
                    .sentences
                    .iter()
                    .any(|s| s.turn_id == turn.turn && s.reading.reading.act == act);
                self.acts.entry(act).or_default().add(truth, read);
                self.all_acts.add(truth, read);
                let language = self.by_language.entry(label.language).or_default();
                language.acts.entry(act).or_default().add(truth, read);
                language.all_acts.add(truth, read);
                match (truth, read) {
                    (true, false) => self.disagree(label, turn.turn, Difference::ActMissed { act }),
                    (false, true) => self.disagree(label, turn.turn, Difference::ActExtra { act }),
                    _ => {}
                }
            }
        }
    }

    fn add_tones(&mut self, label: &LabelledConversation, reading: &ConversationReading) {
        for turn in label.turns.iter().filter(|t| t.speaker == label.employee) {
            let read = reading
                .turns
                .iter()
                .find(|t| t.turn_id == turn.turn)
                .map(|t| t.sentiment);
            self.employee_tone.add(read == Some(turn.sentiment));
            if read != Some(turn.sentiment) {
                let labelled = turn.sentiment;
                self.disagree(label, turn.turn, Difference::Tone { labelled, read });
            }
        }
    }

    fn add_items(&mut self, label: &LabelledConversation, analysis: &Analysis) {
        let mut unmatched: Vec<_> = analysis.action_items.iter().collect();
        let language = label.language;
        for want in &label.action_items {
            let found = unmatched.iter().position(|item| {
                item.owner.as_deref() == Some(want.owner.as_str())
                    && item.evidence.turn_id.0.abs_diff(want.turn.0) <= 1
            });
            self.action_items.add(true, found.is_some());
            let by_language = self.by_language.entry(language).or_default();
            by_language.action_items.add(true, found.is_some());
            let Some(index) = found else {
                let (owner, what, due) = (want.owner.clone(), want.what.clone(), want.due);
                self.disagree(
                    label,
                    want.turn,
                    Difference::ItemMissed { owner, what, due },
                );
                continue;
            };
            let item = unmatched.remove(index);
            if want.recurring {
                continue;
            }
            let read = item.due.as_ref().and_then(|d| d.date);
            self.dues.add(read == want.due);
            if read != want.due {
                let difference = Difference::Due {
                    what: want.what.clone(),
                    labelled: want.due,
                    read,
                    read_as: item.what.clone(),
                };
                self.disagree(label, want.turn, difference);
            }
        }
        for item in unmatched {
            self.action_items.add(false, true);
            let by_language = self.by_language.entry(language).or_default();
            by_language.action_items.add(false, true);
            let difference = Difference::ItemExtra {
                owner: item.owner.clone(),
                what: item.what.clone(),
                due: item.due.as_ref().and_then(|d| d.date),
            };
            self.disagree(label, item.evidence.turn_id, difference);
        }
    }

    fn add_stages(&mut self, label: &LabelledConversation, reading: &ConversationReading) {
        for stage in Stage::ALL {
            let labelled = label.stages.get(&stage).map_or(&[][..], Vec::as_slice);
            let read = reading
                .stages
                .iter()
                .find(|s| s.stage == stage)
                .map_or(&[][..], |s| s.turns.as_slice());
            self.stages_covered
                .add(!labelled.is_empty(), !read.is_empty());
            for turn in &label.turns {
                let (truth, got) = (labelled.contains(&turn.turn), read.contains(&turn.turn));
                self.stage_turns.entry(stage).or_default().add(truth, got);
                self.all_stage_turns.add(truth, got);
            }
        }
    }

    /// The scores as `candor eval` prints them; `disagreements` adds every one.
    pub fn table(&self, disagreements: bool) -> Table<'_> {
        Table {
            scores: self,
            disagreements,
        }
    }
}

/// [`ConversationScores`] as a table (see [`ConversationScores::table`]).
#[derive(Debug)]
pub struct Table<'a> {
    scores: &'a ConversationScores,
    disagreements: bool,
}

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.scores;
        writeln!(f, "{} conversations, {} turns", s.conversations, s.turns)?;
        writeln!(f, "acts per turn")?;
        for (act, m) in &s.acts {
            writeln!(f, "  {:<18}{m}", act.name())?;
        }
        writeln!(f, "  {:<18}{}", "all", s.all_acts)?;
        for (language, by) in &s.by_language {
            writeln!(f, "  all {:<14}{}", language.code(), by.all_acts)?;
        }
        let tone = s.employee_tone;
        writeln!(
            f,
            "employee tone per turn: {} of {} right",
            tone.right, tone.of
        )?;
        writeln!(f, "action items (owner, turn ±1)")?;
        writeln!(f, "  {:<18}{}", "all", s.action_items)?;
        for (language, by) in &s.by_language {
            writeln!(f, "  {:<18}{}", language.code(), by.action_items)?;
        }
        let dues = s.dues;
        writeln!(
            f,
            "dues right on matched one-off items: {} of {}",
            dues.right, dues.of
        )?;
        writeln!(f, "stages per turn")?;
        for (stage, m) in &s.stage_turns {
            writeln!(f, "  {:<24}{m}", stage.name())?;
        }
        writeln!(f, "  {:<24}{}", "all", s.all_stage_turns)?;
        writeln!(f, "  {:<24}{}", "covered or not", s.stages_covered)?;
        if self.disagreements {
            writeln!(f, "disagreements")?;
            for d in &s.disagreements {
                writeln!(f, "  {d}")?;
            }
        }
        Ok(())
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Conversation;
    use crate::measure::feedback::{SentenceReading, TurnReading};
    use crate::measure::stages::StageCoverage;

    fn labels() -> LabelledConversation {
        serde_json::from_str(
            r#"{"file": "talk.txt", "language": "en", "date": "2026-10-12",
                "manager": "Ann", "employee": "Bob",
                "turns": [
                  {"turn": 1, "speaker": "Ann", "acts": ["criticism", "open_question"], "sentiment": "neutral"},
                  {"turn": 2, "speaker": "Bob", "acts": [], "sentiment": "neutral"},
                  {"turn": 3, "speaker": "Ann", "acts": [], "sentiment": "positive"}],
                "action_items": [
                  {"turn": 2, "owner": "Bob", "what": "send the report", "due": "2026-10-15",
                   "recurring": false, "specific": true}],
                "stages": {"goal_review": [1], "process": [], "strengths_and_gaps": [1],
                           "development_and_support": [2]}}"#,
        )
        .expect("the labels parse")
    }

    /// Ann's report, read by hand: the criticism and the question right, "Thanks."
    /// as praise, Bob's turn as positive; goal review in turns 1 and 3.
    fn scored() -> ConversationScores {
        let label = labels();
        let lines = [
            ("Ann", "Your report was late again. When can you send it?"),
            ("Bob", "I'll send it to you by Friday."),
            ("Ann", "Thanks."),
        ];
        let metadata = Metadata {
            manager: Some("Ann".into()),
            employee: Some("Bob".into()),
            date: Some(label.date),
            ..Metadata::default()
        };
        let conversation = Conversation::for_test(metadata, &lines);
        let analysis = measure::analyze(&conversation, &Norms::default()).expect("measures");
        let acts = [
            vec![DialogueAct::Criticism, DialogueAct::OpenQuestion],
            vec![DialogueAct::Other],
            vec![DialogueAct::Praise],
        ];
        let mut sentences = Vec::new();
        for ((turn, utterance), acts) in conversation
            .turns
            .iter()
            .zip(&analysis.utterances)
            .zip(&acts)
        {
            for (sentence, act) in utterance.sentences.iter().zip(acts) {
                sentences.push(SentenceReading::for_test(turn, sentence, *act, None));
            }
        }
        let turns = conversation
            .turns
            .iter()
            .map(|turn| TurnReading {
                turn_id: turn.id,
                speaker: turn.speaker.clone(),
                act: DialogueAct::Other,
                act_score: 1.0,
                sentiment: Sentiment::Positive,
                polarity: 1.0,
            })
            .collect();
        let coverage = |stage, turns: &[u32]| StageCoverage {
            stage,
            covered: !turns.is_empty(),
            turns: turns.iter().map(|&t| TurnId(t)).collect(),
        };
        let reading = ConversationReading {
            sentences,
            turns,
            feedback: Vec::new(),
            employee_sentiment: None,
            stages: vec![
                coverage(Stage::GoalReview, &[1, 3]),
                coverage(Stage::Process, &[]),
                coverage(Stage::StrengthsAndGaps, &[1]),
                coverage(Stage::DevelopmentAndSupport, &[]),
            ],
        };
        let mut scores = ConversationScores::default();
        scores.add(&label, &analysis, &reading);
        scores
    }

    #[test]
    fn acts_tones_items_and_stages_are_counted_against_the_labels() {
        let scores = scored();
        assert_eq!((scores.conversations, scores.turns), (1, 3));
        let act = |a| scores.acts[&a];
        assert_eq!(act(DialogueAct::Criticism).true_positive, 1);
        assert_eq!(act(DialogueAct::Praise).false_positive, 1);
        let all = scores.all_acts;
        assert_eq!(
            (all.true_positive, all.false_positive, all.false_negative),
            (2, 1, 0)
        );
        assert!((all.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(scores.employee_tone, Right { right: 0, of: 1 });
        assert_eq!(
            scores.action_items.true_positive, 1,
            "{:?}",
            scores.disagreements
        );
        assert_eq!(
            scores.dues,
            Right { right: 0, of: 1 },
            "Friday is the 16th, not the 15th"
        );
        let goals = scores.stage_turns[&Stage::GoalReview];
        assert_eq!((goals.true_positive, goals.false_positive), (1, 1));
        assert_eq!(
            scores.stages_covered.false_negative, 1,
            "development was not read"
        );
        assert_eq!(scores.by_language[&Language::En].all_acts, all);
    }

    #[test]
    fn every_disagreement_names_its_place() {
        let lines: Vec<String> = scored()
            .disagreements
            .iter()
            .map(ToString::to_string)
            .collect();
        for expected in [
            "act  talk.txt#3 extra praise",
            "tone talk.txt#2 neutral read positive",
            "due  talk.txt#2 send the report: 2026-10-15 read 2026-10-16 (",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "no {expected:?} in {lines:#?}"
            );
        }
    }

    #[test]
    fn labels_that_do_not_parse_name_their_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(LABELS_FILE), r#"[{"file": 3}]"#).expect("writes");
        let err = read_labels(dir.path()).expect_err("not labels");
        assert!(err.to_string().contains("labels.json"), "{err}");
        let missing = read_labels(&dir.path().join("nowhere")).expect_err("no folder");
        assert!(
            matches!(missing, ConversationsError::Io { .. }),
            "{missing}"
        );
    }
}
