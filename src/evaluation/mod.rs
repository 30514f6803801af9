//! How well Candor understands text, measured on data it was not trained on: the
//! dev split of our own data and the public sets in `../shared/eval`.
//!
//! | file | owns |
//! |---|---|
//! | `metrics.rs` | confusion matrices, precision, recall, F1 |
//! | `public.rs` | reading the public sets and their label mappings |
//! | `conversations.rs` | whole conversations against a careful reader's labels |

pub mod conversations;
pub mod metrics;
pub mod public;

use serde::Serialize;

use crate::domain::{DialogueAct, Language, Role, Sentiment, Specificity};
use crate::inference::Embedding;
use crate::inference::dataset::LabelledText;
use crate::inference::heads::HeadError;
use crate::measure::understanding::{Reader, Reading};

use metrics::{Confusion, Report};

/// One task's scores for each language and for both together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerLanguage {
    pub zh: Report,
    pub en: Report,
    pub all: Report,
}

/// Confusion matrices for zh, en and both, over one label set.
struct Tally {
    zh: Confusion,
    en: Confusion,
    all: Confusion,
}

impl Tally {
    fn new(labels: &[&str]) -> Tally {
        Tally {
            zh: Confusion::new(labels),
            en: Confusion::new(labels),
            all: Confusion::new(labels),
        }
    }

    fn add(&mut self, language: Language, truth: usize, predicted: usize) {
        self.all.add(truth, predicted);
        match language {
            Language::Zh => self.zh.add(truth, predicted),
            Language::En => self.en.add(truth, predicted),
            Language::Mixed => {}
        }
    }

    fn report(&self) -> PerLanguage {
        PerLanguage {
            zh: self.zh.report(),
            en: self.en.report(),
            all: self.all.report(),
        }
    }
}

/// The dev split's scores: acts on utterances, sentiment on everything,
/// specificity on praise and criticism (given that they are feedback).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DevEvaluation {
    pub act: PerLanguage,
    pub sentiment: PerLanguage,
    pub specificity: PerLanguage,
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|v| v == value).unwrap_or(0)
}

/// Scores `reader` on labelled `items`, given their embeddings (same order).
pub fn evaluate(
    items: &[LabelledText],
    embeddings: &[Embedding],
    reader: &Reader,
) -> Result<DevEvaluation, HeadError> {
    Ok(evaluate_read(items, embeddings, reader)?.0)
}

/// [`evaluate`], and the reading of each item it scored, for callers that show them.
pub fn evaluate_read(
    items: &[LabelledText],
    embeddings: &[Embedding],
    reader: &Reader,
) -> Result<(DevEvaluation, Vec<Reading>), HeadError> {
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let roles: Vec<Option<Role>> = items.iter().map(|i| Some(i.role)).collect();
    let readings = reader.read(&texts, &roles, embeddings)?;
    let specificities = reader.specificity(&texts, &roles, embeddings)?;
    let mut act = Tally::new(&DialogueAct::ALL.map(DialogueAct::name));
    let mut sentiment = Tally::new(&Sentiment::ALL.map(Sentiment::name));
    let mut specificity = Tally::new(&Specificity::ALL.map(Specificity::name));
    for ((item, reading), specific) in items.iter().zip(&readings).zip(&specificities) {
        if let Some(truth) = item.act {
            let (t, p) = (
                index_of(&DialogueAct::ALL, &truth),
                index_of(&DialogueAct::ALL, &reading.act),
            );
            act.add(item.language, t, p);
        }
        sentiment.add(
            item.language,
            index_of(&Sentiment::ALL, &item.sentiment),
            index_of(&Sentiment::ALL, &reading.sentiment),
        );
        if let Some(truth) = item.specificity {
            specificity.add(
                item.language,
                index_of(&Specificity::ALL, &truth),
                index_of(&Specificity::ALL, specific),
            );
        }
    }
    let scores = DevEvaluation {
        act: act.report(),
        sentiment: sentiment.report(),
        specificity: specificity.report(),
    };
    Ok((scores, readings))
}
