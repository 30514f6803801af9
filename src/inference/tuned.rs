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
//! `models/heads/tuned_layer.safetensors` (f16, 3.5 MB a layer): one layer under
//! the bare tensor names, a deeper stack under `layers.{i}.` with its `num_layers`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{D, DType, Device, Tensor, Var};

use super::heads::HeadError;
use super::models::xlm_roberta::{LayerStack, LayerWeights};

/// The file the tuned layer is stored in, beside the heads.
pub const TUNED_LAYER_FILE: &str = "tuned_layer.safetensors";

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
        let heads = self.num_heads;
        let head_size = width / heads;
        let x = hidden.reshape((batch * seq, width))?;
        let qkv = linear(&x, self.t(0), self.t(1))?
            .reshape((batch, seq, 3 * heads, head_size))?
            .transpose(1, 2)?;
        let scale = 1.0 / (head_size as f64).sqrt();
        let query = (qkv.narrow(1, 0, heads)?.contiguous()? * scale)?;
        let key = qkv.narrow(1, heads, heads)?.contiguous()?;
        let value = qkv.narrow(1, 2 * heads, heads)?.contiguous()?;
        // 0 for tokens, −1e9 for padding, broadcast over heads and queries.
        let bias = mask.affine(1e9, -1e9)?.reshape((batch, 1, 1, seq))?;
        let scores = query.matmul(&key.t()?)?.broadcast_add(&bias)?;
        let probs = candle_nn::ops::softmax(&scores, D::Minus1)?;
        let context = probs
            .matmul(&value)?
            .transpose(1, 2)?
            .reshape((batch * seq, width))?;
        let attended = self.norm(&(linear(&context, self.t(2), self.t(3))? + &x)?, 4)?;
        let expanded = linear(&attended, self.t(6), self.t(7))?.gelu_erf()?;
        let out = self.norm(&(linear(&expanded, self.t(8), self.t(9))? + &attended)?, 10)?;
        out.reshape((batch, seq, width))
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
}

impl TunedLayers {
    /// Copies of `weights` (the last layers, lowest first), ready to train or run.
    pub fn from_weights(weights: &[LayerWeights]) -> TunedLayers {
        TunedLayers {
            layers: weights.iter().map(TunedLayer::from_weights).collect(),
        }
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
        Ok((vars, TunedLayers { layers }))
    }

    /// The current values, detached from any training graph.
    pub fn detached(&self) -> TunedLayers {
        TunedLayers {
            layers: self.layers.iter().map(TunedLayer::detached).collect(),
        }
    }

    /// These layers on the encoder's own kernels, for inference: the same values as
    /// [`TunedLayers::forward`] (which training differentiates) at about the cost of
    /// one of the encoder's layers each.
    pub fn runner(&self) -> candle_core::Result<LayerStack> {
        let weights: Vec<LayerWeights> = self.layers.iter().map(TunedLayer::weights).collect();
        LayerStack::new(&weights)
    }

    /// `hidden`: `[batch, seq, h]` entering the first of these layers; `mask`:
    /// `[batch, seq]` f32, 1 for tokens. Returns the last one's output, same shape.
    pub fn forward(&self, hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let mut out = hidden.clone();
        for layer in &self.layers {
            out = layer.forward(&out, mask)?;
        }
        Ok(out)
    }

    /// Writes the layers in f16.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, HeadError> {
        let path = dir.join(TUNED_LAYER_FILE);
        let depth = self.depth();
        let mut map: HashMap<String, Tensor> = HashMap::new();
        for (i, layer) in self.layers.iter().enumerate() {
            for (name, t) in NAMES.iter().zip(&layer.tensors) {
                let key = format!("{}{name}", prefix(i, depth));
                map.insert(key, t.detach().to_dtype(DType::F16)?);
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
        let num_heads = first_u32(take("num_heads")?)?.unwrap_or(1) as usize;
        let eps = take("layer_norm_eps")?.to_vec1::<f32>()?;
        let eps = f64::from(eps.first().copied().unwrap_or(1e-12));
        let mut layers = Vec::with_capacity(depth);
        for i in 0..depth {
            let tensors = NAMES
                .iter()
                .map(|name| Ok(take(&format!("{}{name}", prefix(i, depth)))?.to_dtype(DType::F32)?))
                .collect::<Result<Vec<_>, HeadError>>()?;
            layers.push(TunedLayer {
                tensors,
                num_heads,
                eps,
            });
        }
        Ok(Some(TunedLayers { layers }))
    }
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

/// Mean over the tokens of `hidden` (`[batch, seq, h]`) where `mask` (`[batch,
/// seq]` f32) is 1, then unit length: how e5 pools.
pub fn pool(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.unsqueeze(D::Minus1)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let mean = summed.broadcast_div(&mask.sum(1)?)?;
    let norm = mean.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?;
    mean.broadcast_div(&(norm + 1e-6)?)
}
