//! Fitting the understanding heads on Candor's own labelled data
//! (`fixtures/train/`): embed every text once, train each head on the train split,
//! score the heads with their rules on the dev split, write heads and cards.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use crate::domain::{DialogueAct, Language, Sentiment, Specificity};
use crate::evaluation::{self, DevEvaluation};
use crate::inference::dataset::{self, DatasetError, LabelledText, Split};
use candle_core::{Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

use crate::inference::features::{EXTRAS, extras, features};
use crate::inference::heads::{
    Example, Head, HeadCard, HeadError, SplitMix64, TrainOptions, TrainableHead, class_weights,
};
use crate::inference::tuned::{TUNED_LAYER_FILE, TunedLayers, unit_rows};
use crate::inference::{Encoder, InferenceError, Kind};
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
    #[error("fine-tuning failed: {0}")]
    Tensor(#[from] candle_core::Error),
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

/// Trains every head (and, with `tune_epochs`, the encoder's last layers), writes
/// them with their cards, and returns the dev scores. `progress` hears what is
/// being done.
pub fn train(
    plan: &TrainingPlan<'_>,
    encoder: &Encoder,
    progress: &mut dyn FnMut(&str),
) -> Result<DevEvaluation, TrainingError> {
    let items = dataset::read_dir(plan.data_dir)?;
    let (train_items, dev_items): (Vec<LabelledText>, Vec<LabelledText>) = items
        .iter()
        .cloned()
        .partition(|i| i.split() == Split::Train);
    let tasks = tasks();
    std::fs::create_dir_all(plan.heads_dir).map_err(|source| HeadError::Io {
        path: plan.heads_dir.to_owned(),
        source,
    })?;
    let stale = plan.heads_dir.join(TUNED_LAYER_FILE);
    if stale.exists() {
        std::fs::remove_file(&stale).map_err(|source| HeadError::Io {
            path: stale.clone(),
            source,
        })?;
    }
    let heads = if plan.options.tune_epochs > 0 {
        progress(&format!(
            "fine-tuning the last {} layer(s) with the heads",
            plan.options.tune_layers
        ));
        let (layer, heads) = tune(plan, encoder, &train_items, &tasks, progress)?;
        layer.save(plan.heads_dir)?;
        heads
    } else {
        progress("training the heads on frozen embeddings");
        frozen_heads(plan, encoder, &train_items, &tasks)?
    };
    for (task, head) in tasks.iter().zip(heads) {
        head.save(plan.heads_dir, task.name)?;
        card(plan, task, &items, &json!(null)).save(plan.heads_dir)?;
    }
    progress("scoring the dev split");
    let reader = Reader::load(plan.heads_dir)?;
    let dev_texts: Vec<&str> = dev_items.iter().map(|i| i.text.as_str()).collect();
    let (_, dev_vectors) = reader.embed(encoder, &dev_texts)?;
    let scores = evaluation::evaluate(&dev_items, &dev_vectors, &reader)?;
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
        card(plan, task, &items, &summary).save(plan.heads_dir)?;
    }
    Ok(scores)
}

/// Heads on the frozen embedding, each trained full-batch.
fn frozen_heads(
    plan: &TrainingPlan<'_>,
    encoder: &Encoder,
    items: &[LabelledText],
    tasks: &[HeadTask],
) -> Result<Vec<Head>, TrainingError> {
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let embeddings = encoder.embed(&texts, plan.kind)?;
    let rows: Vec<Vec<f32>> = items
        .iter()
        .zip(&embeddings)
        .map(|(item, embedding)| {
            features(
                embedding,
                &item.text,
                Some(item.role),
                plan.options.ngram_weight,
            )
        })
        .collect();
    tasks
        .iter()
        .map(|task| {
            let examples: Vec<Example<'_>> = items
                .iter()
                .zip(&rows)
                .filter_map(|(item, features)| {
                    (task.label_of)(item).map(|label| Example { features, label })
                })
                .collect();
            Ok(Head::train(
                task.name,
                &task.labels,
                &examples,
                plan.options,
            )?)
        })
        .collect()
}

/// Fine-tunes copies of the last layers together with all heads: one step per
/// batch of texts, the loss the sum of each head's class-weighted cross-entropy
/// over the texts that carry its label. With `tune_runs` above 1 the same start
/// is trained again over other batch orders and the averages of all runs are
/// averaged.
fn tune(
    plan: &TrainingPlan<'_>,
    encoder: &Encoder,
    items: &[LabelledText],
    tasks: &[HeadTask],
    progress: &mut dyn FnMut(&str),
) -> Result<(TunedLayers, Vec<Head>), TrainingError> {
    let options = plan.options;
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let inputs = encoder.tuned_inputs(&texts, plan.kind, options.tune_layers)?;
    // A quarter of the texts are shown without their speaker's role, so the heads
    // also work where the role is unknown (`candor classify`, the public sets).
    let mut dropout = SplitMix64(options.seed ^ 0x5EED);
    let extra_rows: Vec<Vec<f32>> = items
        .iter()
        .map(|i| {
            extras(
                &i.text,
                (!dropout.next_u64().is_multiple_of(4)).then_some(i.role),
                options.ngram_weight,
            )
        })
        .collect();
    let labels: Vec<Vec<Option<usize>>> = tasks
        .iter()
        .map(|t| items.iter().map(|i| (t.label_of)(i)).collect())
        .collect();
    let mut rng = SplitMix64(options.seed);
    let (layer_vars, layer) = encoder
        .last_layers(options.tune_layers, options.pooling)?
        .to_vars()?;
    let width = encoder.dimension() + EXTRAS;
    let (heads, weights) = new_heads(tasks, &labels, width, &options, &mut rng)?;
    let adamw = |vars, lr| {
        AdamW::new(
            vars,
            ParamsAdamW {
                lr,
                weight_decay: options.weight_decay,
                ..ParamsAdamW::default()
            },
        )
    };
    let head_vars: Vec<Var> = heads.iter().flat_map(TrainableHead::vars).collect();
    let all_vars: Vec<Var> = layer_vars.iter().chain(&head_vars).cloned().collect();
    let runs = options.tune_runs.max(1);
    // Only a soup returns to the start, so one run keeps no copy of it.
    let start = if runs > 1 {
        all_vars
            .iter()
            .map(snapshot)
            .collect::<candle_core::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let mut average = Average::new(all_vars.clone());
    let mut order: Vec<usize> = (0..items.len()).collect();
    let average_from = options.tune_epochs.saturating_sub(options.average_epochs);
    for run in 0..runs {
        if run > 0 {
            for (var, value) in all_vars.iter().zip(&start) {
                var.set(value)?;
            }
            rng = SplitMix64(options.seed ^ (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
        let mut layer_optimizer = adamw(layer_vars.clone(), options.tune_learning_rate)?;
        let mut head_optimizer = adamw(head_vars.clone(), options.learning_rate)?;
        for epoch in 0..options.tune_epochs {
            shuffle(&mut order, &mut rng);
            let mut total = 0.0;
            for batch in order.chunks(options.tune_batch.max(1)) {
                let x = dropped(
                    &batch_features(&layer, &inputs, &extra_rows, batch)?,
                    options.dropout,
                    &mut rng,
                )?;
                let loss = batch_loss(
                    &heads,
                    &labels,
                    &weights,
                    &x,
                    batch,
                    options.label_smoothing,
                )?;
                let Some(loss) = loss else { continue };
                total += loss.to_scalar::<f32>()?;
                let grads = loss.backward()?;
                layer_optimizer.step(&grads)?;
                head_optimizer.step(&grads)?;
                if epoch >= average_from {
                    average.add()?;
                }
            }
            progress(&format!(
                "run {}/{runs}, epoch {}: loss {total:.2}",
                run + 1,
                epoch + 1
            ));
        }
    }
    average.apply()?;
    let frozen = heads
        .iter()
        .map(TrainableHead::frozen)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((layer.detached(), frozen))
}

/// Each task's head with fresh weights drawn from `rng`, and its class weights.
fn new_heads(
    tasks: &[HeadTask],
    labels: &[Vec<Option<usize>>],
    width: usize,
    options: &TrainOptions,
    rng: &mut SplitMix64,
) -> Result<(Vec<TrainableHead>, Vec<Vec<f32>>), TrainingError> {
    let mut heads = Vec::with_capacity(tasks.len());
    let mut weights = Vec::with_capacity(tasks.len());
    for (task, task_labels) in tasks.iter().zip(labels) {
        heads.push(TrainableHead::new(
            &task.labels,
            width,
            options.hidden,
            rng,
        )?);
        weights.push(
            class_weights(task.labels.len(), task_labels.iter().flatten().copied()).map_err(
                |reason| HeadError::Data {
                    head: task.name.to_owned(),
                    reason,
                },
            )?,
        );
    }
    Ok((heads, weights))
}

/// The sum of each head's class-weighted loss over the rows of `batch` that carry
/// its label; None when no row carries any.
fn batch_loss(
    heads: &[TrainableHead],
    labels: &[Vec<Option<usize>>],
    weights: &[Vec<f32>],
    x: &Tensor,
    batch: &[usize],
    smoothing: f64,
) -> candle_core::Result<Option<Tensor>> {
    let mut loss: Option<Tensor> = None;
    for ((head, task_labels), task_weights) in heads.iter().zip(labels).zip(weights) {
        let (rows, targets): (Vec<u32>, Vec<u32>) = batch
            .iter()
            .enumerate()
            .filter_map(|(row, &i)| task_labels[i].map(|l| (row as u32, l as u32)))
            .unzip();
        if rows.is_empty() {
            continue;
        }
        let index = Tensor::new(rows.as_slice(), &Device::Cpu)?;
        let part = head.loss(
            &x.index_select(&index, 0)?,
            &targets,
            task_weights,
            smoothing,
        )?;
        loss = Some(match loss {
            Some(sum) => (sum + part)?,
            None => part,
        });
    }
    Ok(loss)
}

/// The heads' inputs for `batch`: the tuned layers' pooled vector, then the extras.
fn batch_features(
    layer: &TunedLayers,
    inputs: &[Tensor],
    extra_rows: &[Vec<f32>],
    batch: &[usize],
) -> candle_core::Result<Tensor> {
    let longest = batch
        .iter()
        .map(|&i| inputs[i].dim(0))
        .collect::<candle_core::Result<Vec<_>>>()?;
    let longest = longest.into_iter().max().unwrap_or(1);
    let mut padded = Vec::with_capacity(batch.len());
    let mut mask = Vec::with_capacity(batch.len() * longest);
    for &i in batch {
        let len = inputs[i].dim(0)?;
        padded.push(inputs[i].pad_with_zeros(0, 0, longest - len)?);
        mask.extend((0..longest).map(|t| if t < len { 1f32 } else { 0.0 }));
    }
    let hidden = Tensor::stack(&padded, 0)?;
    let mask = Tensor::from_vec(mask, (batch.len(), longest), &Device::Cpu)?;
    let pooled = unit_rows(&layer.pooled(&hidden, &mask)?)?;
    let extras: Vec<f32> = batch
        .iter()
        .flat_map(|&i| extra_rows[i].iter().copied())
        .collect();
    let extras = Tensor::from_vec(extras, (batch.len(), EXTRAS), &Device::Cpu)?;
    Tensor::cat(&[&pooled, &extras], 1)
}

/// The mean of the weights over the steps of the last epochs (stochastic weight
/// averaging): one run's end point depends on the last batches it saw, and the
/// dev split's sentiment macro-F1 moved by 0.03–0.04 between seeds; the average
/// of many nearby points moves less and generalises better. Runs of a soup add to
/// the same average.
struct Average {
    vars: Vec<Var>,
    sums: Vec<Tensor>,
    count: usize,
}

impl Average {
    fn new(vars: Vec<Var>) -> Average {
        Average {
            vars,
            sums: Vec::new(),
            count: 0,
        }
    }

    /// Adds the current weights.
    fn add(&mut self) -> candle_core::Result<()> {
        if self.sums.is_empty() {
            self.sums = self
                .vars
                .iter()
                .map(snapshot)
                .collect::<candle_core::Result<_>>()?;
        } else {
            for (sum, var) in self.sums.iter_mut().zip(&self.vars) {
                *sum = (&*sum + var.as_tensor().detach())?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Sets every weight to its average, when any was added.
    fn apply(&self) -> candle_core::Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        for (sum, var) in self.sums.iter().zip(&self.vars) {
            var.set(&sum.affine(1.0 / self.count as f64, 0.0)?)?;
        }
        Ok(())
    }
}

/// The variable's current values in storage of their own and outside the graph: a
/// detached tensor shares the variable's storage, which the optimiser overwrites in
/// place at the next step, and a copy alone records the variable as its input, so
/// sums built on it would chain every earlier sum (24 GB by the sixth epoch).
fn snapshot(var: &Var) -> candle_core::Result<Tensor> {
    Ok(var.as_tensor().copy()?.detach())
}

/// `x` with each value zeroed with probability `p` and the rest scaled by
/// 1 / (1 − p), drawn from the seeded generator so training stays reproducible.
fn dropped(x: &Tensor, p: f64, rng: &mut SplitMix64) -> candle_core::Result<Tensor> {
    if p <= 0.0 {
        return Ok(x.clone());
    }
    let p = p.min(0.95) as f32;
    let keep = 1.0 / (1.0 - p);
    let mask: Vec<f32> = (0..x.elem_count())
        .map(|_| {
            if rng.uniform(0.5) + 0.5 < p {
                0.0
            } else {
                keep
            }
        })
        .collect();
    x.mul(&Tensor::from_vec(mask, x.shape(), x.device())?)
}

/// Fisher–Yates with the seeded generator.
fn shuffle(order: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..order.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The optimiser overwrites a variable in place, so a snapshot that shared its
    /// storage would turn into the newest weights; one that kept its graph would
    /// keep every step's weights alive.
    #[test]
    fn the_average_keeps_each_snapshot_as_it_was() -> candle_core::Result<()> {
        let var = Var::new(&[1.0f32, 2.0], &Device::Cpu)?;
        let mut average = Average::new(vec![var.clone()]);
        average.add()?;
        var.set(&Tensor::new(&[3.0f32, 6.0], &Device::Cpu)?)?;
        average.add()?;
        // Outside the graph, or each sum would hold every one before it.
        assert!(average.sums.iter().all(|sum| !sum.track_op()));
        var.set(&Tensor::new(&[0.0f32, 0.0], &Device::Cpu)?)?;
        average.apply()?;
        assert_eq!(var.as_tensor().to_vec1::<f32>()?, [2.0, 4.0]);
        Ok(())
    }
}
