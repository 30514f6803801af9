//! Heads: small classifiers on top of frozen sentence embeddings, one per question
//! the product asks of a text (its dialogue act, its sentiment, whether feedback is
//! specific). Trained by `candor train` with candle, saved as
//! `models/heads/<name>.safetensors` with a card beside it (`<name>.card.json`).
//!
//! A head reads a text's features (`features.rs`: the embedding and hashed
//! n-grams). It is a logistic regression, or a one-hidden-layer MLP when `hidden > 0`.
//! Training is full-batch AdamW on a class-weighted cross-entropy, from weights
//! drawn with a seeded generator: the same data and seed give the same head.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{D, DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use serde::{Deserialize, Serialize};

use super::features::NGRAM_WEIGHT;
use super::tuned::Pooling;

/// Why a head could not be trained, saved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum HeadError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a head card: {reason}", .path.display())]
    Card { path: PathBuf, reason: String },
    #[error(
        "{}: the head's weights do not fit its card ({reason}); retrain with `candor train`",
        .path.display()
    )]
    Shape { path: PathBuf, reason: String },
    #[error("cannot train {head}: {reason}")]
    Data { head: String, reason: String },
    #[error("the head computation failed: {0}")]
    Tensor(#[from] candle_core::Error),
}

/// How a head is trained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    pub seed: u64,
    /// Units of the hidden layer; 0 for a logistic regression.
    pub hidden: usize,
    pub epochs: usize,
    pub learning_rate: f64,
    pub weight_decay: f64,
    /// Passes over the data fine-tuning the encoder's last layer with the heads
    /// (`tuned.rs`); 0 trains the heads alone on the frozen embedding.
    #[serde(default)]
    pub tune_epochs: usize,
    /// The tuned layers' learning rate. 1e-4: on nine rounds of data (seed 7) it gave
    /// dev acts 0.876 / 0.893 and sentiment 0.830 / 0.835 where 5e-5 gave 0.852 /
    /// 0.876 and 0.813 / 0.809.
    #[serde(default)]
    pub tune_learning_rate: f64,
    /// Texts per fine-tuning step.
    #[serde(default)]
    pub tune_batch: usize,
    /// The share of each target spread over all classes: the heads stay
    /// calibrated instead of certain, which the rules that read their
    /// probabilities (`measure::understanding`) rely on.
    #[serde(default)]
    pub label_smoothing: f64,
    /// The share of the heads' inputs zeroed at each fine-tuning step (inverted
    /// dropout, drawn from the seed). Off by default: 0.2 gave dev sentiment 0.818 /
    /// 0.788 where averaging the weights (`average_epochs`) gave 0.833 / 0.792.
    #[serde(default)]
    pub dropout: f64,
    /// The hashed n-grams' weight beside the embedding (`features.rs`); cards
    /// written before it was an option used `NGRAM_WEIGHT`.
    #[serde(default = "default_ngram_weight")]
    pub ngram_weight: f32,
    /// Fine-tuning ends with the mean of the weights over the steps of this many
    /// last epochs (0: the last step's weights).
    #[serde(default)]
    pub average_epochs: usize,
    /// How many of the encoder's last layers are fine-tuned (cards written before it
    /// was an option tuned one). Three, the last two reading by query
    /// (`Pooling::QueryStack`): on nine rounds of data they gave dev acts 0.891 /
    /// 0.904 and sentiment 0.852 / 0.846 where two (the last by query) gave 0.882 /
    /// 0.889 and 0.831 / 0.831, and three over every token 0.896 / 0.899 and 0.857 /
    /// 0.850 for about 2.2 of the encoder's twelve layers instead of 1.3.
    #[serde(default = "default_tune_layers")]
    pub tune_layers: usize,
    /// How the tuned layers pool a text into one vector (cards written before it was
    /// an option pooled over the tokens).
    #[serde(default = "default_pooling")]
    pub pooling: Pooling,
    /// Fine-tuning runs from the same starting weights, each over its own order of
    /// the batches; the weights kept are the mean of every run's averaged weights
    /// (a model soup), at no cost when reading. Off by default: on the seventh
    /// round's data two runs measured dev acts 0.854 / 0.866 and sentiment 0.831 /
    /// 0.804 where one gave 0.852 / 0.863 and 0.834 / 0.806, for twice the training
    /// time; the average over the last epochs already smooths the end point (cards
    /// written before it was an option made one run).
    #[serde(default = "default_tune_runs")]
    pub tune_runs: usize,
}

fn default_tune_runs() -> usize {
    1
}

fn default_pooling() -> Pooling {
    Pooling::Tokens
}

fn default_tune_layers() -> usize {
    1
}

fn default_ngram_weight() -> f32 {
    NGRAM_WEIGHT
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 20_261_128,
            hidden: 256,
            epochs: 300,
            learning_rate: 3e-3,
            weight_decay: 1e-2,
            tune_epochs: 8,
            tune_learning_rate: 1e-4,
            tune_batch: 32,
            label_smoothing: 0.0,
            dropout: 0.0,
            ngram_weight: NGRAM_WEIGHT,
            average_epochs: 4,
            tune_layers: 3,
            pooling: Pooling::QueryStack,
            tune_runs: 1,
        }
    }
}

/// One training example: its features (`features.rs`) and the index of its label.
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    pub features: &'a [f32],
    pub label: usize,
}

/// A trained head: its label names and layers.
#[derive(Debug, Clone)]
pub struct Head {
    labels: Vec<String>,
    hidden: Option<Layer>,
    output: Layer,
}

#[derive(Debug, Clone)]
struct Layer {
    weight: Tensor,
    bias: Tensor,
}

impl Layer {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.matmul(&self.weight.t()?)?.broadcast_add(&self.bias)
    }
}

impl Head {
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Class probabilities for each feature vector, in the order of [`Head::labels`].
    pub fn probabilities(&self, features: &[&[f32]]) -> Result<Vec<Vec<f32>>, HeadError> {
        if features.is_empty() {
            return Ok(Vec::new());
        }
        let x = stack(features)?;
        let probs = candle_nn::ops::softmax(&self.logits(&x)?, D::Minus1)?;
        Ok(probs.to_vec2()?)
    }

    fn logits(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        match &self.hidden {
            Some(hidden) => self.output.forward(&hidden.forward(x)?.gelu_erf()?),
            None => self.output.forward(x),
        }
    }

    /// Fits a head for `labels` on `examples`.
    pub fn train(
        name: &str,
        labels: &[&str],
        examples: &[Example<'_>],
        options: TrainOptions,
    ) -> Result<Head, HeadError> {
        let data_error = |reason: String| HeadError::Data {
            head: name.to_owned(),
            reason,
        };
        let Some(first) = examples.first() else {
            return Err(data_error("no examples".into()));
        };
        let weights =
            class_weights(labels.len(), examples.iter().map(|e| e.label)).map_err(data_error)?;
        let rows: Vec<&[f32]> = examples.iter().map(|e| e.features).collect();
        let x = stack(&rows)?;
        let targets: Vec<u32> = examples.iter().map(|e| e.label as u32).collect();
        let mut rng = SplitMix64(options.seed);
        let head = TrainableHead::new(labels, first.features.len(), options.hidden, &mut rng)?;
        let mut optimizer = AdamW::new(
            head.vars(),
            ParamsAdamW {
                lr: options.learning_rate,
                weight_decay: options.weight_decay,
                ..ParamsAdamW::default()
            },
        )?;
        for _ in 0..options.epochs {
            optimizer.backward_step(&head.loss(
                &x,
                &targets,
                &weights,
                options.label_smoothing,
            )?)?;
        }
        head.frozen()
    }
    /// Writes `<dir>/<name>.safetensors`, in f16: half the size in git, and the
    /// heads' outputs move by less than 1e-3.
    pub fn save(&self, dir: &Path, name: &str) -> Result<PathBuf, HeadError> {
        let path = dir.join(format!("{name}.safetensors"));
        let mut tensors: HashMap<String, Tensor> = HashMap::new();
        let half = |t: &Tensor| t.to_dtype(DType::F16);
        tensors.insert("output.weight".into(), half(&self.output.weight)?);
        tensors.insert("output.bias".into(), half(&self.output.bias)?);
        if let Some(hidden) = &self.hidden {
            tensors.insert("hidden.weight".into(), half(&hidden.weight)?);
            tensors.insert("hidden.bias".into(), half(&hidden.bias)?);
        }
        std::fs::create_dir_all(dir).map_err(|source| HeadError::Io {
            path: dir.to_owned(),
            source,
        })?;
        candle_core::safetensors::save(&tensors, &path)?;
        Ok(path)
    }

    /// Loads `<dir>/<name>.safetensors` with the labels of its card.
    pub fn load(dir: &Path, name: &str) -> Result<Head, HeadError> {
        let card = HeadCard::load(dir, name)?;
        let path = dir.join(format!("{name}.safetensors"));
        if !path.exists() {
            return Err(HeadError::Io {
                path,
                source: std::io::ErrorKind::NotFound.into(),
            });
        }
        let shape_error = |reason: String| HeadError::Shape {
            path: path.clone(),
            reason,
        };
        let mut tensors = candle_core::safetensors::load(&path, &Device::Cpu)
            .map_err(|err| shape_error(err.to_string()))?;
        let mut take = |key: &str| {
            tensors
                .remove(key)
                .ok_or_else(|| shape_error(format!("no {key}")))?
                .to_dtype(DType::F32)
                .map_err(|err| shape_error(err.to_string()))
        };
        let output = Layer {
            weight: take("output.weight")?,
            bias: take("output.bias")?,
        };
        let hidden = match (take("hidden.weight"), take("hidden.bias")) {
            (Ok(weight), Ok(bias)) => Some(Layer { weight, bias }),
            _ => None,
        };
        let classes = output.weight.dims().first().copied().unwrap_or(0);
        if classes != card.labels.len() {
            return Err(shape_error(format!(
                "{classes} outputs for {} labels",
                card.labels.len()
            )));
        }
        Ok(Head {
            labels: card.labels,
            hidden,
            output,
        })
    }
}

/// Inverse-frequency class weights, normalised to average 1 over the examples.
pub fn class_weights(
    classes: usize,
    labels: impl Iterator<Item = usize>,
) -> Result<Vec<f32>, String> {
    let mut counts = vec![0usize; classes];
    for label in labels {
        *counts
            .get_mut(label)
            .ok_or_else(|| format!("label index {label} of {classes}"))? += 1;
    }
    if let Some(missing) = counts.iter().position(|&c| c == 0) {
        return Err(format!("no example of class {missing}"));
    }
    let n = counts.iter().sum::<usize>() as f32;
    Ok(counts
        .iter()
        .map(|&c| n / (classes as f32 * c as f32))
        .collect())
}

fn stack(features: &[&[f32]]) -> candle_core::Result<Tensor> {
    let rows = features.len();
    let dimension = features.first().map_or(0, |f| f.len());
    let flat: Vec<f32> = features.iter().flat_map(|f| f.iter().copied()).collect();
    Tensor::from_vec(flat, (rows, dimension), &Device::Cpu)
}

/// A head being trained: its layers as optimiser variables.
#[derive(Debug)]
pub struct TrainableHead {
    labels: Vec<String>,
    hidden: Option<TrainableLayer>,
    output: TrainableLayer,
}

impl TrainableHead {
    /// A head over `inputs` features, with `hidden` units (0: none), drawn from `rng`.
    pub fn new(
        labels: &[&str],
        inputs: usize,
        hidden: usize,
        rng: &mut SplitMix64,
    ) -> candle_core::Result<TrainableHead> {
        let (hidden_layer, output_inputs) = if hidden > 0 {
            (Some(TrainableLayer::new(inputs, hidden, rng)?), hidden)
        } else {
            (None, inputs)
        };
        Ok(TrainableHead {
            labels: labels.iter().map(|&l| l.to_owned()).collect(),
            hidden: hidden_layer,
            output: TrainableLayer::new(output_inputs, labels.len(), rng)?,
        })
    }

    pub fn vars(&self) -> Vec<Var> {
        let mut vars = self.output.vars();
        if let Some(h) = &self.hidden {
            vars.extend(h.vars());
        }
        vars
    }

    fn current(&self) -> Head {
        Head {
            labels: Vec::new(),
            hidden: self.hidden.as_ref().map(TrainableLayer::layer),
            output: self.output.layer(),
        }
    }

    /// The class-weighted mean cross-entropy of `x` (`[n, inputs]`) against
    /// `targets`, each target keeping `1 − smoothing` of its mass and spreading
    /// the rest evenly over all classes.
    pub fn loss(
        &self,
        x: &Tensor,
        targets: &[u32],
        weights: &[f32],
        smoothing: f64,
    ) -> candle_core::Result<Tensor> {
        let device = x.device();
        let targets = Tensor::new(targets, device)?;
        let example_weights = Tensor::new(weights, device)?.gather(&targets, 0)?;
        let log_probs = candle_nn::ops::log_softmax(&self.current().logits(x)?, D::Minus1)?;
        let target_term = log_probs
            .gather(&targets.unsqueeze(1)?, 1)?
            .squeeze(1)?
            .affine(1.0 - smoothing, 0.0)?;
        let spread_term = log_probs.mean(D::Minus1)?.affine(smoothing, 0.0)?;
        let picked = (target_term + spread_term)?.mul(&example_weights)?;
        picked
            .sum_all()?
            .neg()?
            .affine(1.0 / targets.dims1()?.max(1) as f64, 0.0)
    }

    /// The trained head, detached from the optimiser.
    pub fn frozen(&self) -> Result<Head, HeadError> {
        Ok(Head {
            labels: self.labels.clone(),
            hidden: self
                .hidden
                .as_ref()
                .map(TrainableLayer::frozen)
                .transpose()?,
            output: self.output.frozen()?,
        })
    }
}

/// A layer whose weights the optimiser updates.
#[derive(Debug)]
struct TrainableLayer {
    weight: Var,
    bias: Var,
}

impl TrainableLayer {
    /// Uniform in ±1/√inputs, as torch initialises `nn.Linear`.
    fn new(inputs: usize, outputs: usize, rng: &mut SplitMix64) -> candle_core::Result<Self> {
        let bound = 1.0 / (inputs as f32).sqrt();
        let mut draw = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.uniform(bound)).collect() };
        let weight = Tensor::from_vec(draw(inputs * outputs), (outputs, inputs), &Device::Cpu)?;
        let bias = Tensor::from_vec(draw(outputs), outputs, &Device::Cpu)?;
        Ok(TrainableLayer {
            weight: Var::from_tensor(&weight)?,
            bias: Var::from_tensor(&bias)?,
        })
    }

    fn vars(&self) -> Vec<Var> {
        vec![self.weight.clone(), self.bias.clone()]
    }

    fn layer(&self) -> Layer {
        Layer {
            weight: self.weight.as_tensor().clone(),
            bias: self.bias.as_tensor().clone(),
        }
    }

    /// The trained weights, detached from the optimiser's graph.
    fn frozen(&self) -> candle_core::Result<Layer> {
        Ok(Layer {
            weight: self.weight.as_tensor().detach().to_dtype(DType::F32)?,
            bias: self.bias.as_tensor().detach().to_dtype(DType::F32)?,
        })
    }
}

/// A small seeded generator (SplitMix64): deterministic across platforms, which
/// candle's random tensors do not promise.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-bound, bound).
    pub fn uniform(&mut self, bound: f32) -> f32 {
        let unit = (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
        (unit * 2.0 - 1.0) * bound
    }
}

/// What a head is, how it was made and how well it does: `<name>.card.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadCard {
    pub schema: String,
    pub name: String,
    pub labels: Vec<String>,
    pub encoder: String,
    /// The e5 prefix the embeddings were made with.
    pub prefix: String,
    pub options: TrainOptions,
    /// The day it was trained (YYYY-MM-DD).
    pub trained: String,
    /// Examples per label and language, for training and dev.
    pub data: serde_json::Value,
    /// Metrics on the dev split, per language.
    pub dev_metrics: serde_json::Value,
    /// How rules combine with the head's output, in words.
    pub rules: String,
}

impl HeadCard {
    pub const SCHEMA: &'static str = "candor.head/1";

    pub fn path(dir: &Path, name: &str) -> PathBuf {
        dir.join(format!("{name}.card.json"))
    }

    pub fn load(dir: &Path, name: &str) -> Result<HeadCard, HeadError> {
        let path = HeadCard::path(dir, name);
        let text = std::fs::read_to_string(&path).map_err(|source| HeadError::Io {
            path: path.clone(),
            source,
        })?;
        let card: HeadCard = serde_json::from_str(&text).map_err(|err| HeadError::Card {
            path: path.clone(),
            reason: err.to_string(),
        })?;
        if card.schema != HeadCard::SCHEMA {
            return Err(HeadError::Card {
                path,
                reason: format!("schema {} is not {}", card.schema, HeadCard::SCHEMA),
            });
        }
        Ok(card)
    }

    pub fn save(&self, dir: &Path) -> Result<PathBuf, HeadError> {
        let path = HeadCard::path(dir, &self.name);
        let mut text = serde_json::to_string_pretty(self).map_err(|err| HeadError::Card {
            path: path.clone(),
            reason: err.to_string(),
        })?;
        text.push('\n');
        std::fs::write(&path, text).map_err(|source| HeadError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two well-separated clusters in 4 dimensions, labelled by cluster.
    fn clusters() -> Vec<(Vec<f32>, usize)> {
        let mut rng = SplitMix64(7);
        (0..60)
            .map(|i| {
                let label = i % 3;
                let mut v = vec![0.0f32; 4];
                v[label] = 1.0;
                for x in &mut v {
                    *x += rng.uniform(0.2);
                }
                (v, label)
            })
            .collect()
    }

    fn examples(data: &[(Vec<f32>, usize)]) -> Vec<Example<'_>> {
        data.iter()
            .map(|(features, label)| Example {
                features,
                label: *label,
            })
            .collect()
    }

    fn fit(hidden: usize) -> Head {
        let data = clusters();
        let examples = examples(&data);
        let options = TrainOptions {
            hidden,
            epochs: 200,
            learning_rate: 0.05,
            ..TrainOptions::default()
        };
        Head::train("test", &["a", "b", "c"], &examples, options).expect("trains")
    }

    #[test]
    fn both_architectures_learn_separable_classes() {
        for hidden in [0, 8] {
            let head = fit(hidden);
            let data = clusters();
            let inputs: Vec<&[f32]> = data.iter().map(|(f, _)| f.as_slice()).collect();
            let probs = head.probabilities(&inputs).expect("runs");
            for (p, (_, label)) in probs.iter().zip(&data) {
                let best = p
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(i, _)| i);
                assert_eq!(best, Some(*label), "hidden {hidden}: {p:?}");
                assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_head_and_it_round_trips() {
        let (a, b) = (fit(8), fit(8));
        let probe: &[f32] = &[0.3, 0.2, 0.9, 0.1];
        let pa = a.probabilities(&[probe]).expect("runs");
        assert_eq!(pa, b.probabilities(&[probe]).expect("runs"));

        let dir = tempfile::tempdir().expect("temp dir");
        a.save(dir.path(), "test").expect("saves");
        let card = HeadCard {
            schema: HeadCard::SCHEMA.into(),
            name: "test".into(),
            labels: vec!["a".into(), "b".into(), "c".into()],
            encoder: "none".into(),
            prefix: String::new(),
            options: TrainOptions::default(),
            trained: "2026-11-28".into(),
            data: serde_json::Value::Null,
            dev_metrics: serde_json::Value::Null,
            rules: String::new(),
        };
        card.save(dir.path()).expect("card saves");
        let loaded = Head::load(dir.path(), "test").expect("loads");
        assert_eq!(loaded.labels(), ["a", "b", "c"]);
        let reloaded = loaded.probabilities(&[probe]).expect("runs");
        for (a, b) in reloaded[0].iter().zip(&pa[0]) {
            assert!((a - b).abs() < 1e-3, "{reloaded:?} vs {pa:?}");
        }
    }

    #[test]
    fn a_class_without_examples_is_refused() {
        let data = clusters();
        let examples = examples(&data);
        let err = Head::train(
            "test",
            &["a", "b", "c", "d"],
            &examples,
            TrainOptions::default(),
        )
        .expect_err("class 3 is empty");
        assert!(err.to_string().contains("no example of class 3"), "{err}");
    }

    #[test]
    fn a_missing_card_names_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = Head::load(dir.path(), "act").expect_err("nothing there");
        assert!(err.to_string().contains("act.card.json"), "{err}");
    }
}
