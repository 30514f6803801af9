//! The encoder's top layers, fine-tuned for the understanding heads.
//!
//! Heads on the frozen e5 embedding confuse praise with criticism: e5 was trained
//! to find texts about the same thing, not to tell a compliment from a complaint
//! about it. `candor train` therefore trains a copy of the last transformer layers
//! (`--tune-layers`) together with the heads, starting from e5's own weights; the
//! frozen layers below are shared, so one forward pass gives both the e5 embedding
//! (for topics and similarity) and the tuned vector the heads read. Each copy
//! mirrors `models/xlm_roberta.rs`'s `Layer` (transformers' `XLMRobertaLayer`) with
//! ops candle can differentiate; they are stored as
//! `models/heads/tuned_layer.safetensors` (weight matrices in 8 bits, 1.9 MB a
//! layer; files written before in f16 load as they are): one layer under
//! the bare tensor names, a deeper stack under `layers.{i}.` with its `num_layers`.
//!
//! The heads need one vector per text, not one per token, so the last tuned layer
//! can pool by query (`Pooling::Query`, marked by `pooling_query` in the file):
//! one query per text, the mean of the tokens entering that layer, attends to all
//! of them, and the layer's feed-forward block runs once per text. Two layers then
//! cost about 1.2 of the encoder's twelve instead of 2. Under `Pooling::QueryStack`
//! the last two layers run for the query, the second taking the first's output as
//! its query against the same tokens: the shipped three tuned layers cost about
//! 1.3 layers, where three over every token cost 2.2 and read about as well.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{D, DType, Device, Tensor, Var};

use super::heads::HeadError;
pub use super::models::xlm_roberta::Pooling;
use super::models::xlm_roberta::{LayerStack, LayerWeights, mean_over_tokens};

/// The file the tuned layer is stored in, beside the heads.
pub const TUNED_LAYER_FILE: &str = "tuned_layer.safetensors";

/// Present when the last layers pool by query: how many run for the query alone (1,
/// `Pooling::Query`; 2, `Pooling::QueryStack`; 3, `Pooling::QueryDeep`). Files without it pool over the
/// tokens, as every file before it did.
const POOLING_QUERY: &str = "pooling_query";

const NAMES: [&str; 12] = [
    "qkv.weight",
    "qkv.bias",
    "attention_output.weight",
    "attention_output.bias",
    "attention_norm.weight",
    "attention_norm.bias",
    "intermediate.weight",
    "intermediate.bias",
    "output.weight",
    "output.bias",
    "output_norm.weight",
    "output_norm.bias",
];

/// One transformer layer as plain tensors (or the tensors of trainable vars).
#[derive(Debug, Clone)]
struct TunedLayer {
    /// In the order of `NAMES`.
    tensors: Vec<Tensor>,
    num_heads: usize,
    eps: f64,
}

impl TunedLayer {
    /// A copy of `weights`, ready to train or run.
    fn from_weights(weights: &LayerWeights) -> TunedLayer {
        let w = weights;
        let pairs = [
            &w.qkv,
            &w.attention_output,
            &w.attention_norm,
            &w.intermediate,
            &w.output,
            &w.output_norm,
        ];
        TunedLayer {
            tensors: pairs
                .iter()
                .flat_map(|(a, b)| [a.clone(), b.clone()])
                .collect(),
            num_heads: w.num_heads,
            eps: w.layer_norm_eps,
        }
    }

    /// Trainable variables initialised from this layer, and the layer reading them.
    fn to_vars(&self) -> candle_core::Result<(Vec<Var>, TunedLayer)> {
        let vars = self
            .tensors
            .iter()
            .map(Var::from_tensor)
            .collect::<candle_core::Result<Vec<_>>>()?;
        let layer = TunedLayer {
            tensors: vars.iter().map(|v| v.as_tensor().clone()).collect(),
            num_heads: self.num_heads,
            eps: self.eps,
        };
        Ok((vars, layer))
    }

    /// The weights as the model's layers hold them.
    fn weights(&self) -> LayerWeights {
        let pair = |i: usize| (self.t(i).clone(), self.t(i + 1).clone());
        LayerWeights {
            qkv: pair(0),
            attention_output: pair(2),
            attention_norm: pair(4),
            intermediate: pair(6),
            output: pair(8),
            output_norm: pair(10),
            num_heads: self.num_heads,
            layer_norm_eps: self.eps,
        }
    }

    /// The current values, detached from any training graph.
    fn detached(&self) -> TunedLayer {
        TunedLayer {
            tensors: self.tensors.iter().map(Tensor::detach).collect(),
            num_heads: self.num_heads,
            eps: self.eps,
        }
    }

    fn t(&self, index: usize) -> &Tensor {
        &self.tensors[index]
    }

    /// `hidden`: `[batch, seq, h]` entering the layer; `mask`: `[batch, seq]` f32, 1
    /// for tokens. Returns the layer's output, same shape.
    fn forward(&self, hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let (batch, seq, width) = hidden.dims3()?;
        let (heads, head_size) = (self.num_heads, width / self.num_heads);
        let x = hidden.reshape((batch * seq, width))?;
        let qkv = linear(&x, self.t(0), self.t(1))?
            .reshape((batch, seq, 3 * heads, head_size))?
            .transpose(1, 2)?;
        let scale = 1.0 / (head_size as f64).sqrt();
        let query = (qkv.narrow(1, 0, heads)?.contiguous()? * scale)?;
        let key = qkv.narrow(1, heads, heads)?.contiguous()?;
        let value = qkv.narrow(1, 2 * heads, heads)?.contiguous()?;
        let context = attend(&query, &key, &value, mask)?
            .transpose(1, 2)?
            .reshape((batch * seq, width))?;
        self.feed_forward(&context, &x)?
            .reshape((batch, seq, width))
    }

    /// The layer run for one query per text (`query`, `[batch, h]`, also the
    /// residual), attending to all the tokens of `hidden` (see [`Pooling`]): `[batch, h]`.
    fn forward_query(
        &self,
        query: &Tensor,
        hidden: &Tensor,
        mask: &Tensor,
    ) -> candle_core::Result<Tensor> {
        let (batch, seq, width) = hidden.dims3()?;
        let (heads, head_size) = (self.num_heads, width / self.num_heads);
        let residual = query;
        let (weight, bias) = (self.t(0), self.t(1));
        let scale = 1.0 / (head_size as f64).sqrt();
        let query = (linear(
            residual,
            &weight.narrow(0, 0, width)?,
            &bias.narrow(0, 0, width)?,
        )?
        .reshape((batch, heads, 1, head_size))?
            * scale)?;
        let key_value = linear(
            &hidden.reshape((batch * seq, width))?,
            &weight.narrow(0, width, 2 * width)?,
            &bias.narrow(0, width, 2 * width)?,
        )?
        .reshape((batch, seq, 2 * heads, head_size))?
        .transpose(1, 2)?;
        let key = key_value.narrow(1, 0, heads)?.contiguous()?;
        let value = key_value.narrow(1, heads, heads)?.contiguous()?;
        let context = attend(&query, &key, &value, mask)?.reshape((batch, width))?;
        self.feed_forward(&context, residual)
    }

    /// What follows attention: the output projection and its residual, then the
    /// feed-forward block, each with its LayerNorm. `context` and `residual`: `[n, h]`.
    fn feed_forward(&self, context: &Tensor, residual: &Tensor) -> candle_core::Result<Tensor> {
        let attended = self.norm(&(linear(context, self.t(2), self.t(3))? + residual)?, 4)?;
        let expanded = linear(&attended, self.t(6), self.t(7))?.gelu_erf()?;
        self.norm(&(linear(&expanded, self.t(8), self.t(9))? + &attended)?, 10)
    }

    fn norm(&self, x: &Tensor, index: usize) -> candle_core::Result<Tensor> {
        let mean = x.mean_keepdim(D::Minus1)?;
        let centred = x.broadcast_sub(&mean)?;
        let variance = centred.sqr()?.mean_keepdim(D::Minus1)?;
        let normed = centred.broadcast_div(&(variance + self.eps)?.sqrt()?)?;
        normed
            .broadcast_mul(self.t(index))?
            .broadcast_add(self.t(index + 1))
    }
}

/// The tuned copies of the encoder's last layers, lowest first.
#[derive(Debug, Clone)]
pub struct TunedLayers {
    layers: Vec<TunedLayer>,
    pooling: Pooling,
}

impl TunedLayers {
    /// Copies of `weights` (the last layers, lowest first), ready to train or run.
    pub fn from_weights(weights: &[LayerWeights], pooling: Pooling) -> TunedLayers {
        TunedLayers {
            layers: weights.iter().map(TunedLayer::from_weights).collect(),
            pooling,
        }
    }

    pub fn pooling(&self) -> Pooling {
        self.pooling
    }

    /// How many of the encoder's last layers these replace.
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// Trainable variables initialised from these layers, and the layers reading them.
    pub fn to_vars(&self) -> candle_core::Result<(Vec<Var>, TunedLayers)> {
        let mut vars = Vec::new();
        let mut layers = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let (layer_vars, reading) = layer.to_vars()?;
            vars.extend(layer_vars);
            layers.push(reading);
        }
        let pooling = self.pooling;
        Ok((vars, TunedLayers { layers, pooling }))
    }

    /// The current values, detached from any training graph.
    pub fn detached(&self) -> TunedLayers {
        TunedLayers {
            layers: self.layers.iter().map(TunedLayer::detached).collect(),
            pooling: self.pooling,
        }
    }

    /// These layers on the encoder's own kernels, for inference: the same values as
    /// [`TunedLayers::pooled`] (which training differentiates) at about the cost of
    /// one of the encoder's layers each (a sixth of one for a `Pooling::Query` last layer).
    pub fn runner(&self) -> candle_core::Result<LayerStack> {
        let weights: Vec<LayerWeights> = self.layers.iter().map(TunedLayer::weights).collect();
        LayerStack::new(&weights, self.pooling)
    }

    /// `hidden`: `[batch, seq, h]` entering the first of these layers; `mask`:
    /// `[batch, seq]` f32, 1 for tokens. Returns one vector per text, `[batch, h]`,
    /// not normalised.
    pub fn pooled(&self, hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let (every_token, query) = self.pooling.split(&self.layers)?;
        let mut out = hidden.clone();
        for layer in every_token {
            out = layer.forward(&out, mask)?;
        }
        let mut pooled = mean_over_tokens(&out, mask)?;
        for layer in query {
            pooled = layer.forward_query(&pooled, &out, mask)?;
        }
        Ok(pooled)
    }

    /// Writes the weight matrices in 8 bits (see [`quantize`]), biases and norms in f16.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, HeadError> {
        let path = dir.join(TUNED_LAYER_FILE);
        let depth = self.depth();
        let mut map: HashMap<String, Tensor> = HashMap::new();
        for (i, layer) in self.layers.iter().enumerate() {
            for (name, t) in NAMES.iter().zip(&layer.tensors) {
                let key = format!("{}{name}", prefix(i, depth));
                let t = t.detach();
                match quantize(&t)? {
                    Some((codes, scales)) => {
                        map.insert(format!("{key}{SCALES}"), scales);
                        map.insert(key, codes);
                    }
                    None => {
                        map.insert(key, t.to_dtype(DType::F16)?);
                    }
                }
            }
        }
        let first = self.layers.first();
        let heads = first.map_or(1, |l| l.num_heads) as u32;
        let eps = first.map_or(1e-12, |l| l.eps) as f32;
        map.insert("num_heads".into(), Tensor::new(&[heads], &Device::Cpu)?);
        map.insert("layer_norm_eps".into(), Tensor::new(&[eps], &Device::Cpu)?);
        if depth > 1 {
            let count = Tensor::new(&[depth as u32], &Device::Cpu)?;
            map.insert("num_layers".into(), count);
        }
        let query_layers = self.pooling.query_layers() as u32;
        if query_layers > 0 {
            let count = Tensor::new(&[query_layers], &Device::Cpu)?;
            map.insert(POOLING_QUERY.into(), count);
        }
        candle_core::safetensors::save(&map, &path)?;
        Ok(path)
    }

    /// Reads layers written by [`TunedLayers::save`], if `dir` has them.
    pub fn load(dir: &Path) -> Result<Option<TunedLayers>, HeadError> {
        let path = dir.join(TUNED_LAYER_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let shape_error = |reason: String| HeadError::Shape {
            path: path.clone(),
            reason,
        };
        let mut map = candle_core::safetensors::load(&path, &Device::Cpu)
            .map_err(|err| shape_error(err.to_string()))?;
        let mut take = |name: &str| {
            map.remove(name)
                .ok_or_else(|| shape_error(format!("no {name}")))
        };
        let first_u32 = |t: Tensor| -> Result<Option<u32>, HeadError> {
            Ok(t.to_vec1::<u32>()?.first().copied())
        };
        let depth = match take("num_layers") {
            Ok(count) => first_u32(count)?.unwrap_or(1) as usize,
            Err(_) => 1,
        };
        let query_layers = match take(POOLING_QUERY) {
            Ok(count) => first_u32(count)?.unwrap_or(1) as usize,
            Err(_) => 0,
        };
        let pooling = Pooling::with_query_layers(query_layers)
            .filter(|pooling| pooling.query_layers() <= depth)
            .ok_or_else(|| {
                shape_error(format!(
                    "{POOLING_QUERY} is {query_layers} for {depth} tuned layers; \
                     retrain with `candor train`"
                ))
            })?;
        let num_heads = first_u32(take("num_heads")?)?.unwrap_or(1) as usize;
        let eps = take("layer_norm_eps")?.to_vec1::<f32>()?;
        let eps = f64::from(eps.first().copied().unwrap_or(1e-12));
        let mut layers = Vec::with_capacity(depth);
        for i in 0..depth {
            let tensors = NAMES
                .iter()
                .map(|name| {
                    let key = format!("{}{name}", prefix(i, depth));
                    let stored = take(&key)?;
                    match take(&format!("{key}{SCALES}")) {
                        Ok(scales) => Ok(dequantize(&stored, &scales)?),
                        Err(_) => Ok(stored.to_dtype(DType::F32)?),
                    }
                })
                .collect::<Result<Vec<_>, HeadError>>()?;
            layers.push(TunedLayer {
                tensors,
                num_heads,
                eps,
            });
        }
        Ok(Some(TunedLayers { layers, pooling }))
    }
}

/// Beside an 8-bit matrix `<name>`, its blocks' scales are `<name>.scales`.
const SCALES: &str = ".scales";

/// Values per scale in an 8-bit matrix, as in ggml's Q8_0.
const BLOCK: usize = 32;

/// A weight matrix in 8 bits: each run of [`BLOCK`] values along a row keeps a scale
/// (f16, its largest magnitude over 127) and one byte per value, the value over the
/// scale rounded and offset by 128. Three tuned layers take 5.6 MB instead of 10.6 in
/// f16, and read the same within the dev split's noise. `None` for what is not a
/// matrix whose rows split into blocks (biases, norms), which stay in f16.
fn quantize(t: &Tensor) -> candle_core::Result<Option<(Tensor, Tensor)>> {
    let Ok((rows, cols)) = t.dims2() else {
        return Ok(None);
    };
    if cols % BLOCK != 0 {
        return Ok(None);
    }
    let blocks = t
        .to_dtype(DType::F32)?
        .reshape((rows, cols / BLOCK, BLOCK))?;
    let scales = (blocks.abs()?.max_keepdim(D::Minus1)? / 127.0)?.clamp(1e-12, f64::MAX)?;
    let scales = scales.to_dtype(DType::F16)?;
    let codes = (blocks
        .broadcast_div(&scales.to_dtype(DType::F32)?)?
        .round()?
        + 128.0)?
        .clamp(0.0, 255.0)?
        .to_dtype(DType::U8)?
        .reshape((rows, cols))?;
    Ok(Some((codes, scales.squeeze(D::Minus1)?)))
}

/// The f32 matrix [`quantize`] stored.
fn dequantize(codes: &Tensor, scales: &Tensor) -> candle_core::Result<Tensor> {
    let (rows, cols) = codes.dims2()?;
    let blocks = (codes.to_dtype(DType::F32)? - 128.0)?.reshape((rows, cols / BLOCK, BLOCK))?;
    blocks
        .broadcast_mul(&scales.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?)?
        .reshape((rows, cols))
}

/// Where layer `i` of a stack of `depth` keeps its tensors: a single layer under the
/// bare names (the format before stacks), a deeper stack under `layers.{i}.`.
fn prefix(i: usize, depth: usize) -> String {
    if depth == 1 {
        String::new()
    } else {
        format!("layers.{i}.")
    }
}

fn linear(x: &Tensor, weight: &Tensor, bias: &Tensor) -> candle_core::Result<Tensor> {
    x.matmul(&weight.t()?)?.broadcast_add(bias)
}

/// Scaled dot-product attention with candle's differentiable softmax: `query`
/// `[batch, heads, queries, head]` (already scaled), `key` and `value` `[batch, heads,
/// seq, head]`, `mask` `[batch, seq]` f32; returns `[batch, heads, queries, head]`.
fn attend(
    query: &Tensor,
    key: &Tensor,
    value: &Tensor,
    mask: &Tensor,
) -> candle_core::Result<Tensor> {
    let (batch, seq) = mask.dims2()?;
    // 0 for tokens, −1e9 for padding, broadcast over heads and queries.
    let bias = mask.affine(1e9, -1e9)?.reshape((batch, 1, 1, seq))?;
    let scores = query.matmul(&key.t()?)?.broadcast_add(&bias)?;
    candle_nn::ops::softmax(&scores, D::Minus1)?.matmul(value)
}

/// Each row of `x` (`[batch, h]`) at unit length, as e5's embeddings are.
pub fn unit_rows(x: &Tensor) -> candle_core::Result<Tensor> {
    let norm = x.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?;
    x.broadcast_div(&(norm + 1e-6)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_8_bit_matrix_comes_back_within_half_a_step_of_its_block() -> anyhow::Result<()> {
        // Rows of very different magnitudes: each block keeps its own scale.
        let values: Vec<f32> = (0..4 * 64)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) * if i < 64 { 1e-4 } else { 0.3 })
            .collect();
        let matrix = Tensor::from_vec(values, (4, 64), &Device::Cpu)?;
        let (codes, scales) = quantize(&matrix)?.expect("a matrix of whole blocks");
        assert_eq!((codes.dtype(), codes.dims()), (DType::U8, &[4, 64][..]));
        assert_eq!(scales.dims(), &[4, 2]);
        let back = dequantize(&codes, &scales)?;
        let error = (back - &matrix)?
            .abs()?
            .reshape((4, 2, BLOCK))?
            .max(D::Minus1)?;
        let step = scales.to_dtype(DType::F32)?;
        // Half a step, plus the f16 rounding of the scale itself.
        let slack = ((step * 0.5)? * 1.01)?;
        let over = error.ge(&slack)?.sum_all()?.to_scalar::<u8>()?;
        assert_eq!(over, 0, "error {error} against half a step {slack}");
        // Biases and rows that do not split into blocks stay as they are.
        assert!(quantize(&Tensor::zeros(64, DType::F32, &Device::Cpu)?)?.is_none());
        assert!(quantize(&Tensor::zeros((2, 40), DType::F32, &Device::Cpu)?)?.is_none());
        Ok(())
    }
}
