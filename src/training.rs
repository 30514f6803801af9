//! Fitting the understanding heads on Candor's own labelled data
//! (`fixtures/train/`): embed every text once, train each head on the train split,
//! score the heads with their rules on the dev split, write heads and cards.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use crate::domain::{DialogueAct, Language, Sentiment, Specificity};
use crate::evaluation::{self, DevEvaluation};
use crate::inference::dataset::{self, DatasetError, LabelledText, Split};
use crate::inference::features::features;
use crate::inference::heads::{Example, Head, HeadCard, HeadError, TrainOptions};
use crate::inference::{Embedding, Encoder, InferenceError, Kind};
use crate::measure::understanding::{
    ACT_HEAD, RULES, Reader, ReaderError, SENTIMENT_HEAD, SPECIFICITY_HEAD,
};

/// The encoder the heads are trained on, as the cards name it.
pub const ENCODER_NAME: &str = "multilingual-e5-small";

/// Why training stopped.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error(transparent)]
    Inference(#[from] InferenceError),
    #[error(transparent)]
    Head(#[from] HeadError),
    #[error(transparent)]
    Reader(#[from] ReaderError),
}

/// What one training run was given.
#[derive(Debug, Clone)]
pub struct TrainingPlan<'a> {
    pub data_dir: &'a Path,
    pub heads_dir: &'a Path,
    pub options: TrainOptions,
    pub kind: Kind,
    /// The day written on the cards (YYYY-MM-DD).
    pub today: String,
}

/// Labelled texts with their embeddings, in one order.
#[derive(Debug)]
pub struct EmbeddedData {
    pub items: Vec<LabelledText>,
    pub embeddings: Vec<Embedding>,
}

impl EmbeddedData {
    /// Reads `dir` and embeds every text as `kind`; `progress` hears (done, total).
    pub fn load(
        dir: &Path,
        encoder: &Encoder,
        kind: Kind,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<EmbeddedData, TrainingError> {
        let items = dataset::read_dir(dir)?;
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        let embeddings = embed_all(encoder, &texts, kind, progress)?;
        Ok(EmbeddedData { items, embeddings })
    }

    /// The items and embeddings of one side of the split.
    pub fn side(&self, split: Split) -> (Vec<LabelledText>, Vec<Embedding>) {
        self.items
            .iter()
            .zip(&self.embeddings)
            .filter(|(item, _)| item.split() == split)
            .map(|(i, e)| (i.clone(), e.clone()))
            .unzip()
    }
}

/// Embeds `texts` in chunks so `progress` can report.
pub fn embed_all(
    encoder: &Encoder,
    texts: &[&str],
    kind: Kind,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Embedding>, InferenceError> {
    let mut out = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(256) {
        out.extend(encoder.embed(chunk, kind)?);
        progress(out.len(), texts.len());
    }
    Ok(out)
}

/// One head to fit: its name, labels, and each item's label index if it has one.
struct HeadTask {
    name: &'static str,
    labels: Vec<&'static str>,
    label_of: fn(&LabelledText) -> Option<usize>,
}

fn tasks() -> [HeadTask; 3] {
    fn position<T: PartialEq>(all: &[T], value: &T) -> Option<usize> {
        all.iter().position(|v| v == value)
    }
    [
        HeadTask {
            name: ACT_HEAD,
            labels: DialogueAct::ALL.map(DialogueAct::name).to_vec(),
            label_of: |i| i.act.and_then(|a| position(&DialogueAct::ALL, &a)),
        },
        HeadTask {
            name: SENTIMENT_HEAD,
            labels: Sentiment::ALL.map(Sentiment::name).to_vec(),
            label_of: |i| position(&Sentiment::ALL, &i.sentiment),
        },
        HeadTask {
            name: SPECIFICITY_HEAD,
            labels: Specificity::ALL.map(Specificity::name).to_vec(),
            label_of: |i| i.specificity.and_then(|s| position(&Specificity::ALL, &s)),
        },
    ]
}

/// Trains every head, writes them with their cards, and returns the dev scores.
pub fn train(plan: &TrainingPlan<'_>, data: &EmbeddedData) -> Result<DevEvaluation, TrainingError> {
    let (train_items, train_embeddings) = data.side(Split::Train);
    let (dev_items, dev_embeddings) = data.side(Split::Dev);
    let train_features: Vec<Vec<f32>> = train_items
        .iter()
        .zip(&train_embeddings)
        .map(|(item, embedding)| features(embedding, &item.text, Some(item.role)))
        .collect();
    let tasks = tasks();
    for task in &tasks {
        let examples: Vec<Example<'_>> = train_items
            .iter()
            .zip(&train_features)
            .filter_map(|(item, features)| {
                (task.label_of)(item).map(|label| Example { features, label })
            })
            .collect();
        Head::train(task.name, &task.labels, &examples, plan.options)?
            .save(plan.heads_dir, task.name)?;
        card(plan, task, &data.items, &json!(null)).save(plan.heads_dir)?;
    }
    let reader = Reader::load(plan.heads_dir)?;
    let scores = evaluation::evaluate(&dev_items, &dev_embeddings, &reader)?;
    for task in &tasks {
        let metrics = match task.name {
            ACT_HEAD => &scores.act,
            SENTIMENT_HEAD => &scores.sentiment,
            _ => &scores.specificity,
        };
        let summary = json!({
            "zh": {"macro_f1": metrics.zh.macro_f1, "accuracy": metrics.zh.accuracy, "examples": metrics.zh.examples},
            "en": {"macro_f1": metrics.en.macro_f1, "accuracy": metrics.en.accuracy, "examples": metrics.en.examples},
            "all": metrics.all,
        });
        card(plan, task, &data.items, &summary).save(plan.heads_dir)?;
    }
    Ok(scores)
}

fn card(
    plan: &TrainingPlan<'_>,
    task: &HeadTask,
    items: &[LabelledText],
    dev_metrics: &serde_json::Value,
) -> HeadCard {
    HeadCard {
        schema: HeadCard::SCHEMA.into(),
        name: task.name.into(),
        labels: task.labels.iter().map(|&l| l.to_owned()).collect(),
        encoder: ENCODER_NAME.into(),
        prefix: plan.kind.prefix().into(),
        options: plan.options,
        trained: plan.today.clone(),
        data: counts(task, items),
        dev_metrics: dev_metrics.clone(),
        rules: RULES.into(),
    }
}

/// Examples per split, label and language.
fn counts(task: &HeadTask, items: &[LabelledText]) -> serde_json::Value {
    let mut table: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, u32>>> = BTreeMap::new();
    for item in items {
        let Some(label) = (task.label_of)(item) else {
            continue;
        };
        let split = match item.split() {
            Split::Train => "train",
            Split::Dev => "dev",
        };
        let language = match item.language {
            Language::Zh => "zh",
            Language::En => "en",
            Language::Mixed => "mixed",
        };
        *table
            .entry(split)
            .or_default()
            .entry(task.labels[label])
            .or_default()
            .entry(language)
            .or_default() += 1;
    }
    json!(table)
}
