//! The XLM-RoBERTa encoder (intfloat/multilingual-e5-small and kin) on candle's CPU backend:
//! token ids and an attention mask in, one hidden state per token out. Pooling, normalisation
//! and tokenization are not here.
//!
//! Mirrors transformers' `XLMRobertaModel` without its pooler:
//! <https://github.com/huggingface/transformers/blob/main/src/transformers/models/xlm_roberta/modeling_xlm_roberta.py>
//!
//! One model code serves two weight sources ([`Weights`]): f32/f16 safetensors from the hub,
//! and GGUF files from our converter (same tensor names) whose big matrices are quantized.
//! Quantized linear layers run as [`QMatMul`]; the quantized word-embedding table is never
//! dequantized whole, only the rows a batch needs.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor, ggml_file, gguf_file};
use candle_core::{DType, Device, Module, Result, Shape, Tensor, bail};
use candle_nn::{Embedding, LayerNorm, VarBuilder};
use rayon::prelude::*;

/// The fields of the checkpoint's `config.json` this encoder needs; serde ignores the rest.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    /// Only `"gelu"` (exact, erf-based) is accepted: it is what XLM-R checkpoints use, and
    /// silently substituting another activation would produce plausible but wrong vectors.
    pub hidden_act: String,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    pub layer_norm_eps: f64,
    /// Also XLM-R's `padding_idx` for position ids: padding sits at this position and real
    /// tokens count up from the next one.
    pub pad_token_id: u32,
}

impl Config {
    /// The longest sequence (special tokens included) the position table can describe:
    /// positions start at `pad_token_id + 1`, so e5's 514 positions hold 512 tokens.
    pub fn max_tokens(&self) -> usize {
        self.max_position_embeddings
            .saturating_sub(self.pad_token_id as usize + 1)
    }

    fn head_size(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    /// Rejects configurations the forward pass would otherwise trip over halfway through.
    fn validate(&self) -> Result<()> {
        if self.num_attention_heads == 0
            || !self.hidden_size.is_multiple_of(self.num_attention_heads)
        {
            bail!(
                "hidden_size {} is not divisible by num_attention_heads {}",
                self.hidden_size,
                self.num_attention_heads
            )
        }
        if self.hidden_act != "gelu" {
            bail!(
                "hidden_act {:?} is not supported (only \"gelu\")",
                self.hidden_act
            )
        }
        if self.type_vocab_size == 0 {
            bail!("type_vocab_size is 0, but token type 0 is added to every token")
        }
        if self.max_tokens() == 0 {
            bail!(
                "max_position_embeddings {} leaves no position after pad_token_id {}",
                self.max_position_embeddings,
                self.pad_token_id
            )
        }
        Ok(())
    }
}

/// Where the model's tensors come from. Both sources use the checkpoint's tensor names,
/// optionally under a `roberta.` or `model.` prefix.
pub enum Weights<'a> {
    /// Dense tensors, e.g. `VarBuilder::from_mmaped_safetensors(paths, DType::F32, &device)`;
    /// f16 checkpoints are widened to f32 at load, since the forward pass runs in f32.
    Safetensors(VarBuilder<'a>),
    /// A GGUF file whose matrices may be quantized.
    Gguf(&'a GgufWeights),
}

impl fmt::Debug for Weights<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Safetensors(vb) => f.debug_tuple("Safetensors").field(&vb.prefix()).finish(),
            Self::Gguf(gguf) => f.debug_tuple("Gguf").field(gguf).finish(),
        }
    }
}

impl Weights<'_> {
    fn contains(&self, name: &str) -> bool {
        match self {
            Self::Safetensors(vb) => vb.contains_tensor(name),
            Self::Gguf(gguf) => gguf.tensors.contains_key(name),
        }
    }
}

/// Why a GGUF file could not be opened. candle's errors are boxed: they are large, and
/// this error travels up through every caller's `Result`.
#[derive(Debug, thiserror::Error)]
pub enum GgufError {
    #[error("cannot open GGUF file {}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a readable GGUF file", .path.display())]
    Format {
        path: PathBuf,
        #[source]
        source: Box<candle_core::Error>,
    },
    #[error("cannot read tensor {name} from {}", .path.display())]
    Tensor {
        path: PathBuf,
        name: String,
        #[source]
        source: Box<candle_core::Error>,
    },
}

/// How the linear layers of a quantized checkpoint run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinearPrecision {
    /// Dequantized to f32 once at load and run as dense matmuls: on an AVX-512 CPU
    /// about 2.5× faster than the quantized kernels, for 72 MB more memory on e5-small.
    #[default]
    F32,
    /// Kept as stored and run with candle's quantized matmul (activations in Q8_0).
    Quantized,
}

/// Every tensor of a GGUF file, kept in its stored (possibly quantized) form by name.
pub struct GgufWeights {
    tensors: HashMap<String, Arc<QTensor>>,
    device: Device,
    linears: LinearPrecision,
}

impl fmt::Debug for GgufWeights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GgufWeights")
            .field("tensors", &self.tensors.len())
            .field("device", &self.device)
            .field("linears", &self.linears)
            .finish()
    }
}

impl GgufWeights {
    /// Reads the whole file: the quantized tensors are small enough to hold (e5-small's Q4_0
    /// word table is 54 MB), and reading once keeps loading free of file handles.
    pub fn open(path: &Path, device: &Device) -> std::result::Result<Self, GgufError> {
        let file = File::open(path).map_err(|source| GgufError::Open {
            path: path.to_owned(),
            source,
        })?;
        let mut reader = BufReader::new(file);
        let content =
            gguf_file::Content::read(&mut reader).map_err(|source| GgufError::Format {
                path: path.to_owned(),
                source: Box::new(source),
            })?;
        let mut tensors = HashMap::with_capacity(content.tensor_infos.len());
        for name in content.tensor_infos.keys() {
            let tensor = content
                .tensor(&mut reader, name, device)
                .map_err(|source| GgufError::Tensor {
                    path: path.to_owned(),
                    name: name.clone(),
                    source: Box::new(source),
                })?;
            tensors.insert(name.clone(), Arc::new(tensor));
        }
        Ok(Self {
            tensors,
            device: device.clone(),
            linears: LinearPrecision::default(),
        })
    }

    /// Chooses how linear layers run; the word-embedding table always stays as stored.
    #[must_use]
    pub fn with_linears(mut self, linears: LinearPrecision) -> Self {
        self.linears = linears;
        self
    }

    /// The tensor called `name`, checked against the shape the model expects.
    fn get(&self, name: &str, expected: Shape) -> Result<&Arc<QTensor>> {
        let Some(tensor) = self.tensors.get(name) else {
            return Err(candle_core::Error::CannotFindTensor {
                path: name.to_owned(),
            });
        };
        if tensor.shape() != &expected {
            return Err(candle_core::Error::UnexpectedShape {
                msg: format!("shape mismatch for {name}"),
                expected,
                got: tensor.shape().clone(),
            });
        }
        Ok(tensor)
    }
}

/// A position in the checkpoint's tree of tensor names over either weight source: what
/// candle's `VarBuilder` is to dense checkpoints.
#[derive(Clone)]
struct Vb<'a> {
    weights: &'a Weights<'a>,
    prefix: String,
}

impl<'a> Vb<'a> {
    fn root(weights: &'a Weights<'a>, prefix: &str) -> Self {
        Self {
            weights,
            prefix: prefix.to_owned(),
        }
    }

    fn pp(&self, name: &str) -> Self {
        Self {
            weights: self.weights,
            prefix: self.path(name),
        }
    }

    fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// A small tensor (bias, norm, position table) as dense f32, dequantized if need be.
    fn tensor<S: Into<Shape>>(&self, shape: S, name: &str) -> Result<Tensor> {
        let path = self.path(name);
        match self.weights {
            Weights::Safetensors(vb) => vb.get(shape, &path)?.to_dtype(DType::F32),
            Weights::Gguf(gguf) => gguf.get(&path, shape.into())?.dequantize(&gguf.device),
        }
    }

    /// A `[rows, cols]` matrix in the form it is best used in: quantized stays quantized.
    fn matrix(&self, shape: (usize, usize), name: &str) -> Result<Matrix> {
        let Weights::Gguf(gguf) = self.weights else {
            return Ok(Matrix::Dense(self.tensor(shape, name)?));
        };
        let tensor = gguf.get(&self.path(name), shape.into())?;
        if matches!(
            tensor.dtype(),
            GgmlDType::F32 | GgmlDType::F16 | GgmlDType::BF16
        ) {
            Ok(Matrix::Dense(tensor.dequantize(&gguf.device)?))
        } else {
            Ok(Matrix::Quantized(Arc::clone(tensor)))
        }
    }

    /// A linear layer's weight, dequantized when the weights ask for f32 linears.
    fn linear_matrix(&self, shape: (usize, usize), name: &str) -> Result<Matrix> {
        let matrix = self.matrix(shape, name)?;
        match (self.weights, &matrix) {
            (Weights::Gguf(gguf), Matrix::Quantized(_)) if gguf.linears == LinearPrecision::F32 => {
                Ok(Matrix::Dense(matrix.dense()?))
            }
            _ => Ok(matrix),
        }
    }
}

/// A weight matrix as loaded: dense f32, or quantized blocks used as they are.
enum Matrix {
    Dense(Tensor),
    Quantized(Arc<QTensor>),
}

impl Matrix {
    /// Stacks matrices with the same number of columns into one, so projections of the same
    /// input (query, key, value) run as one matmul. Quantized rows are whole blocks, so
    /// matrices of one quantized type stack byte for byte, without requantizing.
    fn stack(parts: &[Matrix]) -> Result<Matrix> {
        let quantized: Option<Vec<&Arc<QTensor>>> = parts
            .iter()
            .map(|part| match part {
                Matrix::Quantized(tensor) => Some(tensor),
                Matrix::Dense(_) => None,
            })
            .collect();
        if let Some(tensors) = &quantized
            && let Some(first) = tensors.first()
            && tensors.iter().all(|t| t.dtype() == first.dtype())
        {
            return stack_quantized(first.dtype(), tensors);
        }
        let dense = parts
            .iter()
            .map(Matrix::dense)
            .collect::<Result<Vec<_>>>()?;
        Ok(Matrix::Dense(Tensor::cat(&dense, 0)?))
    }

    fn dense(&self) -> Result<Tensor> {
        match self {
            Matrix::Dense(tensor) => Ok(tensor.clone()),
            Matrix::Quantized(tensor) => tensor.dequantize(&tensor.device()),
        }
    }
}

/// Concatenates the stored blocks of same-type quantized matrices along their rows.
fn stack_quantized(dtype: GgmlDType, parts: &[&Arc<QTensor>]) -> Result<Matrix> {
    let mut rows = 0;
    let mut cols = None;
    let mut bytes = Vec::new();
    for part in parts {
        let (part_rows, part_cols) = part.shape().dims2()?;
        if *cols.get_or_insert(part_cols) != part_cols {
            bail!("cannot stack matrices of {part_cols} and {cols:?} columns")
        }
        rows += part_rows;
        bytes.extend_from_slice(&part.data()?);
    }
    let device = parts.first().map_or(Device::Cpu, |part| part.device());
    let dims = vec![rows, cols.unwrap_or(0)];
    let stacked = ggml_file::qtensor_from_ggml(dtype, &bytes, dims, &device)?;
    Ok(Matrix::Quantized(Arc::new(stacked)))
}

/// `y = x·Wᵀ + b` over rows of a 2-D `[tokens, in]` input, dense or quantized.
#[derive(Debug)]
struct Linear {
    weight: QMatMul,
    bias: Tensor,
}

impl Linear {
    fn load(vb: &Vb<'_>, in_dim: usize, out_dim: usize) -> Result<Self> {
        let weight = vb.linear_matrix((out_dim, in_dim), "weight")?;
        let bias = vb.tensor(out_dim, "bias")?;
        Ok(Self::new(weight, bias))
    }

    fn new(weight: Matrix, bias: Tensor) -> Self {
        let weight = match weight {
            Matrix::Dense(tensor) => QMatMul::Tensor(tensor),
            Matrix::Quantized(tensor) => QMatMul::QTensor(tensor),
        };
        Self { weight, bias }
    }

    /// `x` must be contiguous: the quantized matmul reads it as a flat slice.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.weight.forward(x)?.broadcast_add(&self.bias)
    }

    /// The projection onto output rows `start..start + len` alone (a view, no copy);
    /// dense weights only.
    fn rows(&self, start: usize, len: usize) -> Result<Linear> {
        let QMatMul::Tensor(weight) = &self.weight else {
            bail!("only a dense projection can be split by rows")
        };
        Ok(Linear {
            weight: QMatMul::Tensor(weight.narrow(0, start, len)?),
            bias: self.bias.narrow(0, start, len)?,
        })
    }

    /// The weight as dense f32 and the bias.
    fn dense(&self) -> Result<(Tensor, Tensor)> {
        let weight = match &self.weight {
            QMatMul::QTensor(tensor) => tensor.dequantize(&tensor.device())?,
            QMatMul::Tensor(tensor) | QMatMul::TensorF16(tensor) => tensor.to_dtype(DType::F32)?,
        };
        Ok((weight, self.bias.clone()))
    }
}

/// One encoder layer's weights as dense f32 tensors, for a trainable copy
/// (`inference::tuned`). `qkv` stacks the query, key and value projections.
#[derive(Debug, Clone)]
pub struct LayerWeights {
    pub qkv: (Tensor, Tensor),
    pub attention_output: (Tensor, Tensor),
    pub attention_norm: (Tensor, Tensor),
    pub intermediate: (Tensor, Tensor),
    pub output: (Tensor, Tensor),
    pub output_norm: (Tensor, Tensor),
    pub num_heads: usize,
    pub layer_norm_eps: f64,
}

fn norm_weights(norm: &LayerNorm) -> Result<(Tensor, Tensor)> {
    let bias = match norm.bias() {
        Some(bias) => bias.clone(),
        None => norm.weight().zeros_like()?,
    };
    Ok((norm.weight().clone(), bias))
}

fn layer_norm(vb: &Vb<'_>, cfg: &Config) -> Result<LayerNorm> {
    let weight = vb.tensor(cfg.hidden_size, "weight")?;
    let bias = vb.tensor(cfg.hidden_size, "bias")?;
    Ok(LayerNorm::new(weight, bias, cfg.layer_norm_eps))
}

/// Rows of a quantized embedding table, dequantized on demand: a whole Q4_0 table for
/// XLM-R's 250k-token vocabulary would be 384 MB of f32 when a batch needs a few hundred rows.
#[derive(Debug)]
struct QuantizedEmbedding {
    table: Arc<QTensor>,
}

impl QuantizedEmbedding {
    /// `ids`: any shape of u32; returns f32 rows of shape `[ids.., hidden]`.
    fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        self.table.embedding(ids)
    }
}

/// The word-embedding table in the form its source stores it.
#[derive(Debug)]
enum WordEmbeddings {
    Dense(Embedding),
    Quantized(QuantizedEmbedding),
}

impl WordEmbeddings {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(
            match vb.matrix((cfg.vocab_size, cfg.hidden_size), "weight")? {
                Matrix::Dense(table) => Self::Dense(Embedding::new(table, cfg.hidden_size)),
                Matrix::Quantized(table) => Self::Quantized(QuantizedEmbedding { table }),
            },
        )
    }

    fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        match self {
            Self::Dense(embedding) => embedding.forward(ids),
            Self::Quantized(embedding) => embedding.forward(ids),
        }
    }
}

/// `embeddings`: word + position + token type, then LayerNorm.
#[derive(Debug)]
#[expect(
    clippy::struct_field_names,
    reason = "fields are named for their checkpoint keys"
)]
struct Embeddings {
    word_embeddings: WordEmbeddings,
    /// `position_embeddings` with `token_type_embeddings[0]` already added: every token has
    /// type 0, so folding it in at load saves an add over the batch on every call.
    position_embeddings: Embedding,
    layer_norm: LayerNorm,
}

impl Embeddings {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        let hidden = cfg.hidden_size;
        let word_embeddings = WordEmbeddings::load(&vb.pp("word_embeddings"), cfg)?;
        let positions = vb
            .pp("position_embeddings")
            .tensor((cfg.max_position_embeddings, hidden), "weight")?;
        let token_types = vb
            .pp("token_type_embeddings")
            .tensor((cfg.type_vocab_size, hidden), "weight")?;
        let positions = positions.broadcast_add(&token_types.get(0)?)?;
        Ok(Self {
            word_embeddings,
            position_embeddings: Embedding::new(positions, hidden),
            layer_norm: layer_norm(&vb.pp("LayerNorm"), cfg)?,
        })
    }

    /// `input_ids`, `position_ids`: `[tokens]` u32; returns `[tokens, hidden]`.
    fn forward(&self, input_ids: &Tensor, position_ids: &Tensor) -> Result<Tensor> {
        let words = self.word_embeddings.forward(input_ids)?;
        let positions = self.position_embeddings.forward(position_ids)?;
        self.layer_norm.forward(&(words + positions)?)
    }
}

/// XLM-R's position ids (`create_position_ids_from_input_ids`): real tokens count up from
/// `padding_idx + 1` and padding stays at `padding_idx`, so a sequence's positions do not
/// depend on how much padding the batch gave it. `input_ids` is row-major `[rows, seq_len]`.
fn position_ids(input_ids: &[u32], seq_len: usize, padding_idx: u32) -> Vec<u32> {
    input_ids
        .chunks(seq_len)
        .flat_map(|row| {
            let mut position = padding_idx;
            row.iter().map(move |&id| {
                if id == padding_idx {
                    padding_idx
                } else {
                    position += 1;
                    position
                }
            })
        })
        .collect()
}

/// The padding mask as an additive bias on attention scores, built once per batch and
/// shared by every layer: 0 for tokens, `f32::MIN` for padding, whose softmax weight is then
/// exactly 0 (unlike `-inf`, an all-padding row cannot turn into NaN).
struct AttentionMask {
    /// `[batch, 1, 1, seq]`, broadcast over heads and query positions.
    bias: Tensor,
    batch: usize,
    seq: usize,
}

impl AttentionMask {
    /// `mask`: `[batch, seq]` u32, 1 for tokens and 0 for padding.
    fn new(mask: &Tensor) -> Result<Self> {
        let (batch, seq) = mask.dims2()?;
        let min = f64::from(f32::MIN);
        let bias = mask
            .to_dtype(DType::F32)?
            .affine(-min, min)?
            .reshape((batch, 1, 1, seq))?;
        Ok(Self { bias, batch, seq })
    }
}

/// `attention.self`: query, key and value projections (stacked into one matmul) and scaled
/// dot-product attention over each sequence of the batch.
#[derive(Debug)]
struct SelfAttention {
    qkv: Linear,
    num_heads: usize,
    head_size: usize,
    scale: f64,
}

impl SelfAttention {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        let hidden = cfg.hidden_size;
        let projections = ["query", "key", "value"].map(|name| vb.pp(name));
        let weights = projections
            .iter()
            .map(|p| p.linear_matrix((hidden, hidden), "weight"))
            .collect::<Result<Vec<_>>>()?;
        let biases = projections
            .iter()
            .map(|p| p.tensor(hidden, "bias"))
            .collect::<Result<Vec<_>>>()?;
        let head_size = cfg.head_size();
        Ok(Self {
            qkv: Linear::new(Matrix::stack(&weights)?, Tensor::cat(&biases, 0)?),
            num_heads: cfg.num_attention_heads,
            head_size,
            scale: 1.0 / (head_size as f64).sqrt(),
        })
    }

    /// `hidden`: `[batch·seq, hidden]`; returns the attention context, same shape.
    fn forward(&self, hidden: &Tensor, mask: &AttentionMask) -> Result<Tensor> {
        let (batch, seq, heads) = (mask.batch, mask.seq, self.num_heads);
        // [batch, 3·heads, seq, head]: a view; each of q, k, v is copied out once.
        let qkv = self
            .qkv
            .forward(hidden)?
            .reshape((batch, seq, 3 * heads, self.head_size))?
            .transpose(1, 2)?;
        // Scaling q while copying it out is cheaper than scaling the [seq, seq] scores.
        let query = (qkv.narrow(1, 0, heads)? * self.scale)?;
        let key = qkv.narrow(1, heads, heads)?.contiguous()?;
        let value = qkv.narrow(1, 2 * heads, heads)?.contiguous()?;
        attend(&query, &key, &value, mask)?
            .transpose(1, 2)?
            .reshape((batch * seq, heads * self.head_size))
    }
}

/// Scaled dot-product attention: `query` `[batch, heads, queries, head]` (already
/// scaled), `key` and `value` `[batch, heads, seq, head]`; returns the context,
/// `[batch, heads, queries, head]`.
fn attend(query: &Tensor, key: &Tensor, value: &Tensor, mask: &AttentionMask) -> Result<Tensor> {
    let scores = query.matmul(&key.t()?)?.broadcast_add(&mask.bias)?;
    candle_nn::ops::softmax_last_dim(&scores)?.matmul(value)
}

/// `attention.output`: projection back to the residual stream, add, LayerNorm.
#[derive(Debug)]
struct SelfOutput {
    dense: Linear,
    layer_norm: LayerNorm,
}

impl SelfOutput {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(Self {
            dense: Linear::load(&vb.pp("dense"), cfg.hidden_size, cfg.hidden_size)?,
            layer_norm: layer_norm(&vb.pp("LayerNorm"), cfg)?,
        })
    }

    fn forward(&self, context: &Tensor, residual: &Tensor) -> Result<Tensor> {
        let projected = self.dense.forward(context)?;
        self.layer_norm.forward(&(projected + residual)?)
    }
}

/// `attention`: self-attention and its output block.
#[derive(Debug)]
struct Attention {
    self_attention: SelfAttention,
    output: SelfOutput,
}

impl Attention {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(Self {
            self_attention: SelfAttention::load(&vb.pp("self"), cfg)?,
            output: SelfOutput::load(&vb.pp("output"), cfg)?,
        })
    }

    fn forward(&self, hidden: &Tensor, mask: &AttentionMask) -> Result<Tensor> {
        let context = self.self_attention.forward(hidden, mask)?;
        self.output.forward(&context, hidden)
    }
}

/// `intermediate`: the feed-forward expansion with exact (erf) GELU.
#[derive(Debug)]
struct Intermediate {
    dense: Linear,
}

impl Intermediate {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(Self {
            dense: Linear::load(&vb.pp("dense"), cfg.hidden_size, cfg.intermediate_size)?,
        })
    }

    fn forward(&self, hidden: &Tensor) -> Result<Tensor> {
        self.dense.forward(hidden)?.apply_op1_no_bwd(&GeluErf)
    }
}

/// Exact (erf) GELU over every element, in parallel. candle's own `gelu_erf` calls
/// libm's `erf` on one thread, which was 11% of encoding time on 2 cores.
struct GeluErf;

/// Elements a worker takes at a time; large enough to amortise scheduling.
const GELU_CHUNK: usize = 16 * 1024;

impl candle_core::CustomOp1 for GeluErf {
    fn name(&self) -> &'static str {
        "gelu-erf-parallel"
    }

    fn cpu_fwd(
        &self,
        storage: &candle_core::CpuStorage,
        layout: &candle_core::Layout,
    ) -> Result<(candle_core::CpuStorage, Shape)> {
        let Some((start, end)) = layout.contiguous_offsets() else {
            bail!("gelu: the input must be contiguous")
        };
        let input = &storage.as_slice::<f32>()?[start..end];
        let mut output = vec![0f32; input.len()];
        output
            .par_chunks_mut(GELU_CHUNK)
            .zip(input.par_chunks(GELU_CHUNK))
            .for_each(|(out, inp)| {
                for (o, &x) in out.iter_mut().zip(inp) {
                    *o = gelu(x);
                }
            });
        Ok((candle_core::CpuStorage::F32(output), layout.shape().clone()))
    }
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// erf as a rational function on [-4, 4] (erf is ±1 to f32 precision beyond), the
/// approximation Eigen uses (`generic_fast_erf_float`): no `exp`, a few ulp of error.
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let p = [
        -2.726_142_3e-10_f32,
        2.770_681_4e-8,
        -2.101_024e-6,
        -5.692_506_4e-5,
        -7.349_906_3e-4,
        -2.954_6e-3,
        -1.609_603_3e-2,
    ]
    .iter()
    .fold(0.0, |acc, &c| acc * x2 + c);
    let q = [
        -1.456_607_2e-5_f32,
        -2.133_740_6e-4,
        -1.682_827e-3,
        -7.373_329_2e-3,
        -1.426_473_9e-2,
    ]
    .iter()
    .fold(0.0, |acc, &c| acc * x2 + c);
    x * p / q
}

/// `output`: the feed-forward projection back, add, LayerNorm.
#[derive(Debug)]
struct Output {
    dense: Linear,
    layer_norm: LayerNorm,
}

impl Output {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(Self {
            dense: Linear::load(&vb.pp("dense"), cfg.intermediate_size, cfg.hidden_size)?,
            layer_norm: layer_norm(&vb.pp("LayerNorm"), cfg)?,
        })
    }

    fn forward(&self, intermediate: &Tensor, residual: &Tensor) -> Result<Tensor> {
        let projected = self.dense.forward(intermediate)?;
        self.layer_norm.forward(&(projected + residual)?)
    }
}

/// `encoder.layer.{i}`: attention, then the feed-forward block.
#[derive(Debug)]
struct Layer {
    attention: Attention,
    intermediate: Intermediate,
    output: Output,
}

impl Layer {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        Ok(Self {
            attention: Attention::load(&vb.pp("attention"), cfg)?,
            intermediate: Intermediate::load(&vb.pp("intermediate"), cfg)?,
            output: Output::load(&vb.pp("output"), cfg)?,
        })
    }

    fn forward(&self, hidden: &Tensor, mask: &AttentionMask) -> Result<Tensor> {
        let attended = self.attention.forward(hidden, mask)?;
        let expanded = self.intermediate.forward(&attended)?;
        self.output.forward(&expanded, &attended)
    }

    /// A layer from dense weights (a tuned copy), run with the same kernels as the
    /// model's own layers.
    fn from_weights(w: &LayerWeights) -> Result<Self> {
        let linear = |(weight, bias): &(Tensor, Tensor)| -> Result<Linear> {
            Ok(Linear::new(
                Matrix::Dense(weight.contiguous()?),
                bias.clone(),
            ))
        };
        let norm = |(weight, bias): &(Tensor, Tensor)| {
            LayerNorm::new(weight.clone(), bias.clone(), w.layer_norm_eps)
        };
        let hidden = w.attention_norm.0.dim(0)?;
        let head_size = hidden / w.num_heads.max(1);
        Ok(Self {
            attention: Attention {
                self_attention: SelfAttention {
                    qkv: linear(&w.qkv)?,
                    num_heads: w.num_heads,
                    head_size,
                    scale: 1.0 / (head_size as f64).sqrt(),
                },
                output: SelfOutput {
                    dense: linear(&w.attention_output)?,
                    layer_norm: norm(&w.attention_norm),
                },
            },
            intermediate: Intermediate {
                dense: linear(&w.intermediate)?,
            },
            output: Output {
                dense: linear(&w.output)?,
                layer_norm: norm(&w.output_norm),
            },
        })
    }

    fn weights(&self, cfg: &Config) -> Result<LayerWeights> {
        Ok(LayerWeights {
            qkv: self.attention.self_attention.qkv.dense()?,
            attention_output: self.attention.output.dense.dense()?,
            attention_norm: norm_weights(&self.attention.output.layer_norm)?,
            intermediate: self.intermediate.dense.dense()?,
            output: self.output.dense.dense()?,
            output_norm: norm_weights(&self.output.layer_norm)?,
            num_heads: cfg.num_attention_heads,
            layer_norm_eps: cfg.layer_norm_eps,
        })
    }
}

/// How a stack of tuned layers turns a text's tokens into one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pooling {
    /// Every layer runs over every token, and the vector is the mean of the last
    /// layer's outputs: e5's own pooling.
    Tokens,
    /// The last layer runs for a single query per text, the mean of the tokens
    /// entering it, which attends to all of them; its feed-forward block runs once
    /// per text instead of once per token. For sentences that is about a sixth of a
    /// layer's work.
    Query,
    /// The last two layers run for the query: the first as under `Query`, the second
    /// with the first's output as its query, attending to the same tokens (those
    /// entering the first). A deeper reading of the text for about a third of a
    /// layer's work.
    QueryStack,
    /// The last three layers run for the query, each taking the one before's output
    /// as its query against the tokens entering the first: about half a layer's work
    /// instead of the stack's 1.3. Not the default: on ten rounds of data (seed 7) three
    /// tuned layers so gave dev acts 0.874 / 0.890 and sentiment 0.841 / 0.829 where
    /// the stack gives 0.878 / 0.908 and 0.845 / 0.840.
    QueryDeep,
}

impl Pooling {
    /// How many of the last layers run for the query alone.
    pub fn query_layers(self) -> usize {
        match self {
            Pooling::Tokens => 0,
            Pooling::Query => 1,
            Pooling::QueryStack => 2,
            Pooling::QueryDeep => 3,
        }
    }

    /// The pooling whose query runs through `count` of the last layers: the inverse of
    /// [`Pooling::query_layers`], for reading it back from a file.
    pub fn with_query_layers(count: usize) -> Option<Pooling> {
        [
            Pooling::Tokens,
            Pooling::Query,
            Pooling::QueryStack,
            Pooling::QueryDeep,
        ]
        .into_iter()
        .find(|pooling| pooling.query_layers() == count)
    }

    /// Splits a stack's layers into those run over every token and those run for the
    /// query alone, so training and inference cut the stack at the same place. An
    /// error when the stack is shallower than this pooling's query.
    pub fn split<T>(self, layers: &[T]) -> Result<(&[T], &[T])> {
        let Some(every_token) = layers.len().checked_sub(self.query_layers()) else {
            bail!(
                "{self:?} pooling needs {} tuned layers, the stack has {}",
                self.query_layers(),
                layers.len()
            )
        };
        Ok(layers.split_at(every_token))
    }
}

/// Layers built from dense weights (the tuned copies of the last layers), run on the
/// hidden states that enter them with the model's own kernels: the fused softmax and
/// LayerNorm and the parallel GELU, which candle's differentiable ops (what
/// training needs) do not have.
#[derive(Debug)]
pub struct LayerStack {
    /// Run over every token.
    layers: Vec<Layer>,
    /// The last layers, run for the query alone (see [`Pooling`]).
    query: Vec<QueryLayer>,
}

impl LayerStack {
    pub fn new(weights: &[LayerWeights], pooling: Pooling) -> Result<LayerStack> {
        let (every_token, query) = pooling.split(weights)?;
        Ok(LayerStack {
            layers: every_token
                .iter()
                .map(Layer::from_weights)
                .collect::<Result<_>>()?,
            query: query.iter().map(QueryLayer::new).collect::<Result<_>>()?,
        })
    }

    /// How many layers: the model's last ones these stand in for.
    pub fn depth(&self) -> usize {
        self.layers.len() + self.query.len()
    }

    /// `hidden`: `[batch, seq, hidden]` f32; `attention_mask`: `[batch, seq]` u32, 1 for
    /// tokens. Returns one vector per text, `[batch, hidden]`, not normalised.
    pub fn pooled(&self, hidden: &Tensor, attention_mask: &Tensor) -> Result<Tensor> {
        let (batch, seq, width) = hidden.dims3()?;
        let mask = AttentionMask::new(attention_mask)?;
        let tokens = attention_mask.to_dtype(DType::F32)?;
        let mut out = hidden.reshape((batch * seq, width))?;
        for layer in &self.layers {
            out = layer.forward(&out, &mask)?;
        }
        let out = out.reshape((batch, seq, width))?;
        let mut pooled = mean_over_tokens(&out, &tokens)?;
        for layer in &self.query {
            pooled = layer.forward(&pooled, &out, &mask)?;
        }
        Ok(pooled)
    }
}

/// A layer run for one query per text (see [`Pooling::Query`]).
#[derive(Debug)]
struct QueryLayer {
    query: Linear,
    key_value: Linear,
    layer: Layer,
}

impl QueryLayer {
    fn new(weights: &LayerWeights) -> Result<QueryLayer> {
        let layer = Layer::from_weights(weights)?;
        let attention = &layer.attention.self_attention;
        let width = attention.num_heads * attention.head_size;
        Ok(QueryLayer {
            query: attention.qkv.rows(0, width)?,
            key_value: attention.qkv.rows(width, 2 * width)?,
            layer,
        })
    }

    /// `query`: `[batch, hidden]`, one per text (also the residual); `hidden`:
    /// `[batch, seq, hidden]`, the tokens it attends to. Returns `[batch, hidden]`.
    fn forward(&self, query: &Tensor, hidden: &Tensor, mask: &AttentionMask) -> Result<Tensor> {
        let (batch, seq, width) = hidden.dims3()?;
        let attention = &self.layer.attention.self_attention;
        let (heads, head_size) = (attention.num_heads, attention.head_size);
        let residual = query;
        let query = (self
            .query
            .forward(residual)?
            .reshape((batch, heads, 1, head_size))?
            * attention.scale)?;
        let key_value = self
            .key_value
            .forward(&hidden.reshape((batch * seq, width))?)?
            .reshape((batch, seq, 2 * heads, head_size))?
            .transpose(1, 2)?;
        let key = key_value.narrow(1, 0, heads)?.contiguous()?;
        let value = key_value.narrow(1, heads, heads)?.contiguous()?;
        let context = attend(&query, &key, &value, mask)?.reshape((batch, width))?;
        let attended = self.layer.attention.output.forward(&context, residual)?;
        let expanded = self.layer.intermediate.forward(&attended)?;
        self.layer.output.forward(&expanded, &attended)
    }
}

/// The mean of `hidden` (`[batch, seq, h]`) over the positions where `tokens`
/// (`[batch, seq]` f32) is 1: `[batch, h]`. e5 pools this way.
pub fn mean_over_tokens(hidden: &Tensor, tokens: &Tensor) -> Result<Tensor> {
    let tokens = tokens.unsqueeze(candle_core::D::Minus1)?;
    let summed = hidden.broadcast_mul(&tokens)?.sum(1)?;
    summed.broadcast_div(&tokens.sum(1)?)
}

/// `encoder`: the stack of layers.
#[derive(Debug)]
struct Encoder {
    layers: Vec<Layer>,
}

impl Encoder {
    fn load(vb: &Vb<'_>, cfg: &Config) -> Result<Self> {
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Layer::load(&vb.pp(&format!("layer.{i}")), cfg))
            .collect::<Result<_>>()?;
        Ok(Self { layers })
    }

    /// The hidden states after the first `layers` layers.
    fn forward_first(
        &self,
        hidden: &Tensor,
        mask: &AttentionMask,
        layers: usize,
    ) -> Result<Tensor> {
        let mut hidden = hidden.clone();
        for layer in self.layers.iter().take(layers) {
            hidden = layer.forward(&hidden, mask)?;
        }
        Ok(hidden)
    }
}

/// Prefixes under which checkpoints store the encoder (`XLMRobertaForMaskedLM` and others
/// keep it under `roberta.`); the first under which the word table exists is used.
const KEY_PREFIXES: [&str; 3] = ["", "roberta", "model"];

/// The checkpoint's prefix; with none found, the bare names, so the missing-tensor error
/// names what an `XLMRobertaModel` checkpoint would hold.
fn key_prefix(weights: &Weights<'_>) -> &'static str {
    KEY_PREFIXES
        .into_iter()
        .find(|prefix| {
            let probe = Vb::root(weights, prefix).path("embeddings.word_embeddings.weight");
            weights.contains(&probe)
        })
        .unwrap_or("")
}

/// `XLMRobertaModel` without the pooler: one hidden state per token.
#[derive(Debug)]
pub struct XlmRobertaModel {
    embeddings: Embeddings,
    encoder: Encoder,
    config: Config,
}

impl XlmRobertaModel {
    pub fn load(weights: &Weights<'_>, config: &Config) -> Result<Self> {
        config.validate()?;
        let vb = Vb::root(weights, key_prefix(weights));
        Ok(Self {
            embeddings: Embeddings::load(&vb.pp("embeddings"), config)?,
            encoder: Encoder::load(&vb.pp("encoder"), config)?,
            config: config.clone(),
        })
    }

    /// input_ids, attention_mask: [batch, seq] u32 (mask 1 for tokens, 0 for padding).
    /// Returns hidden states [batch, seq, hidden] f32. Padding must use `pad_token_id` (as
    /// XLM-R's tokenizer does): position ids are derived from it, as upstream does.
    pub fn forward(&self, input_ids: &Tensor, attention_mask: &Tensor) -> Result<Tensor> {
        let (_, last) = self.forward_split(input_ids, attention_mask, 0)?;
        Ok(last)
    }

    /// As [`XlmRobertaModel::forward`], also returning the hidden states that enter the
    /// last `tail` layers (same shape): what fine-tuned copies of those layers read.
    pub fn forward_split(
        &self,
        input_ids: &Tensor,
        attention_mask: &Tensor,
        tail: usize,
    ) -> Result<(Tensor, Tensor)> {
        let (batch, seq) = input_ids.dims2()?;
        if attention_mask.dims() != input_ids.dims() {
            bail!(
                "attention_mask {:?} does not match input_ids {:?}",
                attention_mask.dims(),
                input_ids.dims()
            )
        }
        let ids = input_ids.flatten_all()?;
        let positions = self.position_ids(&ids.to_vec1::<u32>()?, seq)?;
        let positions = Tensor::from_vec(positions, batch * seq, ids.device())?;
        let hidden = self.embeddings.forward(&ids, &positions)?;
        let mask = AttentionMask::new(attention_mask)?;
        let layers = self.encoder.layers.len();
        if tail > layers {
            bail!("cannot split off the last {tail} of {layers} layers")
        }
        let split = layers - tail;
        let before = self.encoder.forward_first(&hidden, &mask, split)?;
        let mut last = before.clone();
        for layer in &self.encoder.layers[split..] {
            last = layer.forward(&last, &mask)?;
        }
        let shape = (batch, seq, self.config.hidden_size);
        Ok((before.reshape(shape)?, last.reshape(shape)?))
    }

    /// The last `tail` encoder layers' weights, dense, lowest first.
    pub fn last_layers(&self, tail: usize) -> Result<Vec<LayerWeights>> {
        let layers = &self.encoder.layers;
        if tail == 0 || tail > layers.len() {
            bail!("cannot take the last {tail} of {} layers", layers.len())
        }
        layers[layers.len() - tail..]
            .iter()
            .map(|layer| layer.weights(&self.config))
            .collect()
    }

    /// Checks the batch fits the model, then numbers its tokens.
    fn position_ids(&self, ids: &[u32], seq: usize) -> Result<Vec<u32>> {
        if ids.is_empty() {
            bail!("empty batch: no token ids")
        }
        if seq > self.config.max_tokens() {
            bail!(
                "sequence of {seq} tokens exceeds the model's maximum of {}",
                self.config.max_tokens()
            )
        }
        if let Some(id) = ids
            .iter()
            .find(|&&id| id as usize >= self.config.vocab_size)
        {
            bail!(
                "token id {id} is outside the vocabulary of {}",
                self.config.vocab_size
            )
        }
        Ok(position_ids(ids, seq, self.config.pad_token_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    const PAD: u32 = 1;

    fn tiny_config() -> Config {
        Config {
            vocab_size: 50,
            hidden_size: 64,
            num_hidden_layers: 3,
            num_attention_heads: 4,
            intermediate_size: 128,
            hidden_act: "gelu".to_owned(),
            max_position_embeddings: 40,
            type_vocab_size: 1,
            layer_norm_eps: 1e-5,
            pad_token_id: PAD,
        }
    }

    /// splitmix64: deterministic values without a rand dependency.
    struct Rng(u64);

    impl Rng {
        /// Uniform in `[-scale, scale)`.
        fn uniform(&mut self, scale: f32) -> f32 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let unit = (z >> 40) as f32 / (1u64 << 24) as f32;
            (unit * 2.0 - 1.0) * scale
        }

        fn tensor(&mut self, dims: &[usize], offset: f32, scale: f32) -> Result<Tensor> {
            let count = dims.iter().product();
            let values = (0..count).map(|_| offset + self.uniform(scale)).collect();
            Tensor::from_vec(values, dims, &Device::Cpu)
        }
    }

    /// A random checkpoint with `XLMRobertaModel`'s tensor names.
    fn random_checkpoint(cfg: &Config) -> Result<HashMap<String, Tensor>> {
        let (h, i) = (cfg.hidden_size, cfg.intermediate_size);
        // (name, dims, offset, scale): values are uniform in offset ± scale.
        let mut specs: Vec<(String, Vec<usize>, f32, f32)> = vec![
            (
                "embeddings.word_embeddings.weight".into(),
                vec![cfg.vocab_size, h],
                0.0,
                0.5,
            ),
            (
                "embeddings.position_embeddings.weight".into(),
                vec![cfg.max_position_embeddings, h],
                0.0,
                0.5,
            ),
            (
                "embeddings.token_type_embeddings.weight".into(),
                vec![cfg.type_vocab_size, h],
                0.0,
                0.5,
            ),
        ];
        let norm = |name: &str| {
            [
                (format!("{name}.LayerNorm.weight"), vec![h], 1.0, 0.1),
                (format!("{name}.LayerNorm.bias"), vec![h], 0.0, 0.1),
            ]
        };
        specs.extend(norm("embeddings"));
        for layer in 0..cfg.num_hidden_layers {
            let prefix = format!("encoder.layer.{layer}");
            let linears = [
                (format!("{prefix}.attention.self.query"), h, h),
                (format!("{prefix}.attention.self.key"), h, h),
                (format!("{prefix}.attention.self.value"), h, h),
                (format!("{prefix}.attention.output.dense"), h, h),
                (format!("{prefix}.intermediate.dense"), h, i),
                (format!("{prefix}.output.dense"), i, h),
            ];
            for (name, in_dim, out_dim) in linears {
                let scale = 1.5 / (in_dim as f32).sqrt();
                specs.push((format!("{name}.weight"), vec![out_dim, in_dim], 0.0, scale));
                specs.push((format!("{name}.bias"), vec![out_dim], 0.0, 0.1));
            }
            specs.extend(norm(&format!("{prefix}.attention.output")));
            specs.extend(norm(&format!("{prefix}.output")));
        }
        let mut rng = Rng(42);
        specs
            .into_iter()
            .map(|(name, dims, offset, scale)| Ok((name, rng.tensor(&dims, offset, scale)?)))
            .collect()
    }

    /// What our converter quantizes: the word table and every linear weight.
    fn is_quantized(name: &str) -> bool {
        name == "embeddings.word_embeddings.weight"
            || (name.starts_with("encoder.")
                && name.ends_with(".weight")
                && !name.contains("LayerNorm"))
    }

    fn quantize(tensors: &HashMap<String, Tensor>) -> Result<HashMap<String, QTensor>> {
        tensors
            .iter()
            .map(|(name, tensor)| {
                let dtype = if is_quantized(name) {
                    GgmlDType::Q4_0
                } else {
                    GgmlDType::F32
                };
                Ok((name.clone(), QTensor::quantize(tensor, dtype)?))
            })
            .collect()
    }

    fn write_gguf(path: &Path, tensors: &HashMap<String, QTensor>) -> anyhow::Result<()> {
        let mut file = File::create(path).context("creating the GGUF file")?;
        let tensors: Vec<(&str, &QTensor)> =
            tensors.iter().map(|(name, t)| (name.as_str(), t)).collect();
        gguf_file::write(&mut file, &[], &tensors)?;
        Ok(())
    }

    fn load_safetensors(path: &Path, cfg: &Config) -> anyhow::Result<XlmRobertaModel> {
        let bytes = std::fs::read(path).context("reading the safetensors file")?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &Device::Cpu)?;
        Ok(XlmRobertaModel::load(&Weights::Safetensors(vb), cfg)?)
    }

    fn load_gguf(path: &Path, cfg: &Config) -> anyhow::Result<XlmRobertaModel> {
        let gguf = GgufWeights::open(path, &Device::Cpu)?;
        Ok(XlmRobertaModel::load(&Weights::Gguf(&gguf), cfg)?)
    }

    /// The same random model from both sources, written to `dir`.
    struct Models {
        f32: XlmRobertaModel,
        gguf: XlmRobertaModel,
        /// f32, built from the GGUF's weights dequantized.
        dequantized: XlmRobertaModel,
    }

    fn models(dir: &Path) -> anyhow::Result<Models> {
        let cfg = tiny_config();
        let tensors = random_checkpoint(&cfg)?;
        let safetensors = dir.join("model.safetensors");
        candle_core::safetensors::save(&tensors, &safetensors)?;
        let quantized = quantize(&tensors)?;
        let gguf = dir.join("model.gguf");
        write_gguf(&gguf, &quantized)?;
        let dequantized = quantized
            .iter()
            .map(|(name, t)| Ok((name.clone(), t.dequantize(&Device::Cpu)?)))
            .collect::<Result<HashMap<_, _>>>()?;
        let vb = VarBuilder::from_tensors(dequantized, DType::F32, &Device::Cpu);
        Ok(Models {
            f32: load_safetensors(&safetensors, &cfg)?,
            gguf: load_gguf(&gguf, &cfg)?,
            dequantized: XlmRobertaModel::load(&Weights::Safetensors(vb), &cfg)?,
        })
    }

    /// Right-pads `rows` with PAD into `[batch, seq]` ids and mask.
    fn batch(rows: &[&[u32]]) -> Result<(Tensor, Tensor)> {
        let seq = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        let mut ids = Vec::new();
        let mut mask = Vec::new();
        for row in rows {
            ids.extend_from_slice(row);
            ids.extend(std::iter::repeat_n(PAD, seq - row.len()));
            mask.extend(std::iter::repeat_n(1u32, row.len()));
            mask.extend(std::iter::repeat_n(0u32, seq - row.len()));
        }
        let shape = (rows.len(), seq);
        Ok((
            Tensor::from_vec(ids, shape, &Device::Cpu)?,
            Tensor::from_vec(mask, shape, &Device::Cpu)?,
        ))
    }

    fn embed(model: &XlmRobertaModel, rows: &[&[u32]]) -> Result<Tensor> {
        let (ids, mask) = batch(rows)?;
        model.forward(&ids, &mask)
    }

    fn max_abs_diff(a: &Tensor, b: &Tensor) -> Result<f32> {
        (a - b)?.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()
    }

    const SHORT: &[u32] = &[0, 17, 23, 5, 2];
    const LONG: &[u32] = &[0, 44, 9, 31, 8, 12, 40, 3, 2];

    #[test]
    fn forward_returns_a_hidden_state_per_token() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let models = models(dir.path())?;
        for model in [&models.f32, &models.gguf] {
            let hidden = embed(model, &[SHORT, LONG])?;
            assert_eq!(hidden.dims(), &[2, LONG.len(), 64]);
            assert_eq!(hidden.dtype(), DType::F32);
        }
        Ok(())
    }

    #[test]
    fn tuned_copies_of_the_last_layers_reproduce_the_model_and_survive_saving() -> anyhow::Result<()>
    {
        use crate::inference::tuned::TunedLayers;
        let dir = tempfile::tempdir()?;
        let model = models(dir.path())?.f32;
        let (ids, mask) = batch(&[SHORT, LONG])?;
        let tokens = mask.to_dtype(DType::F32)?;
        for depth in [1, 2, 3] {
            let (before, last) = model.forward_split(&ids, &mask, depth)?;
            let mean = mean_over_tokens(&last, &tokens)?;
            let mut by_query = None;
            for pooling in [
                Pooling::Tokens,
                Pooling::Query,
                Pooling::QueryStack,
                Pooling::QueryDeep,
            ] {
                if pooling.query_layers() > depth {
                    continue;
                }
                let case = format!("depth {depth}, {pooling:?}");
                let copy = TunedLayers::from_weights(&model.last_layers(depth)?, pooling);
                // What training differentiates and what inference runs agree.
                let pooled = copy.pooled(&before, &tokens)?;
                let fast = copy.runner()?.pooled(&before, &mask)?;
                assert_eq!(fast.dims(), &[2, 64], "{case}");
                assert!(max_abs_diff(&fast, &pooled)? < 1e-4, "{case}");
                if pooling == Pooling::Tokens {
                    assert!(max_abs_diff(&pooled, &mean)? < 1e-4, "{case}");
                } else {
                    by_query = Some(pooled.clone());
                }
                let saved = dir.path().join(format!("depth{depth}-{pooling:?}"));
                std::fs::create_dir_all(&saved)?;
                copy.save(&saved)?;
                let loaded = TunedLayers::load(&saved)?.context("the saved layers")?;
                assert_eq!((loaded.depth(), loaded.pooling()), (depth, pooling));
                // Saved in f16: close, not equal.
                let again = loaded.pooled(&before, &tokens)?;
                assert!(max_abs_diff(&again, &pooled)? < 0.05, "{case}");
            }
            // A query over the mean is not the mean of the outputs.
            let by_query = by_query.context("the query-pooled vectors")?;
            assert!(max_abs_diff(&by_query, &mean)? > 1e-3, "depth {depth}");
        }
        assert!(model.forward_split(&ids, &mask, 4).is_err());
        assert!(model.last_layers(0).is_err());
        Ok(())
    }

    #[test]
    fn a_stack_shallower_than_its_query_is_refused() -> anyhow::Result<()> {
        use crate::inference::tuned::TunedLayers;
        let dir = tempfile::tempdir()?;
        let model = models(dir.path())?.f32;
        let one = model.last_layers(1)?;
        assert!(LayerStack::new(&one, Pooling::QueryStack).is_err());
        let (ids, mask) = batch(&[SHORT])?;
        let (before, _) = model.forward_split(&ids, &mask, 1)?;
        let copy = TunedLayers::from_weights(&one, Pooling::QueryStack);
        assert!(copy.pooled(&before, &mask.to_dtype(DType::F32)?).is_err());
        // A file whose marker names no pooling, or a query deeper than its stack,
        // is refused by name instead of loading as some other readout.
        for marker in [2u32, 7] {
            let saved = dir.path().join(format!("marker{marker}"));
            std::fs::create_dir_all(&saved)?;
            let path = TunedLayers::from_weights(&one, Pooling::Query).save(&saved)?;
            let mut tensors = candle_core::safetensors::load(&path, &Device::Cpu)?;
            tensors.insert(
                "pooling_query".into(),
                Tensor::new(&[marker], &Device::Cpu)?,
            );
            candle_core::safetensors::save(&tensors, &path)?;
            let err = TunedLayers::load(&saved).expect_err("a bad marker");
            assert!(err.to_string().contains("pooling_query"), "{err}");
        }
        Ok(())
    }

    #[test]
    fn padding_does_not_change_real_tokens() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let models = models(dir.path())?;
        for model in [&models.f32, &models.gguf] {
            let alone = embed(model, &[SHORT])?.get(0)?;
            let padded = embed(model, &[SHORT, LONG])?.get(0)?;
            let padded = padded.narrow(0, 0, SHORT.len())?;
            assert!(max_abs_diff(&alone, &padded)? < 1e-5);
        }
        Ok(())
    }

    #[test]
    fn batching_does_not_change_a_sequence() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let models = models(dir.path())?;
        for model in [&models.f32, &models.gguf] {
            let alone = embed(model, &[LONG])?.get(0)?;
            let second = embed(model, &[LONG, LONG, SHORT])?;
            assert!(max_abs_diff(&alone, &second.get(0)?)? < 1e-5);
            assert!(max_abs_diff(&alone, &second.get(1)?)? < 1e-5);
        }
        Ok(())
    }

    fn mean_pool(hidden: &Tensor, len: usize) -> Result<Vec<f32>> {
        hidden.narrow(0, 0, len)?.mean(0)?.to_vec1()
    }

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        dot / (norm(a) * norm(b))
    }

    #[test]
    fn gguf_model_agrees_with_its_dequantized_weights() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let models = models(dir.path())?;
        let quantized = embed(&models.gguf, &[SHORT, LONG])?;
        let reference = embed(&models.dequantized, &[SHORT, LONG])?;
        for (row, len) in [(0, SHORT.len()), (1, LONG.len())] {
            let q = mean_pool(&quantized.get(row)?, len)?;
            let r = mean_pool(&reference.get(row)?, len)?;
            let similarity = cosine(&q, &r);
            assert!(similarity > 0.99, "row {row}: cosine {similarity}");
        }
        Ok(())
    }

    #[test]
    fn quantized_embedding_rows_equal_dequantized_rows() -> anyhow::Result<()> {
        let table = Rng(7).tensor(&[50, 64], 0.0, 0.5)?;
        let table = Arc::new(QTensor::quantize(&table, GgmlDType::Q4_0)?);
        let ids = Tensor::new(&[[3u32, 0, 49], [17, 17, 1]], &Device::Cpu)?;
        let rows = QuantizedEmbedding {
            table: Arc::clone(&table),
        }
        .forward(&ids)?;
        let expected = table
            .dequantize(&Device::Cpu)?
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((2, 3, 64))?;
        assert_eq!(rows.dims(), &[2, 3, 64]);
        assert_eq!(
            rows.flatten_all()?.to_vec1::<f32>()?,
            expected.flatten_all()?.to_vec1::<f32>()?
        );
        Ok(())
    }

    #[test]
    fn parallel_gelu_matches_candles_exact_gelu() -> anyhow::Result<()> {
        let values: Vec<f32> = (0..24_001).map(|i| -12.0 + i as f32 * 0.001).collect();
        let x = Tensor::from_vec(values, 24_001, &Device::Cpu)?;
        let ours = x.apply_op1_no_bwd(&GeluErf)?.to_vec1::<f32>()?;
        let candle = x.gelu_erf()?.to_vec1::<f32>()?;
        let worst = ours
            .iter()
            .zip(&candle)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 2e-6, "max difference {worst}");
        Ok(())
    }

    #[test]
    fn position_ids_skip_padding() {
        assert_eq!(position_ids(&[5, 7, PAD], 3, PAD), [2, 3, 1]);
        let two_rows = [5, 7, 9, 4, PAD, PAD];
        assert_eq!(position_ids(&two_rows, 3, PAD), [2, 3, 4, 2, 1, 1]);
    }

    #[test]
    fn hidden_size_not_divisible_by_heads_is_rejected() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let cfg = Config {
            num_attention_heads: 5,
            ..tiny_config()
        };
        let path = dir.path().join("model.safetensors");
        candle_core::safetensors::save(&random_checkpoint(&tiny_config())?, &path)?;
        let err = load_safetensors(&path, &cfg).err().context("loaded")?;
        assert!(err.to_string().contains("not divisible"), "{err}");
        Ok(())
    }

    #[test]
    fn a_missing_tensor_is_named() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let cfg = tiny_config();
        let missing = "encoder.layer.1.output.dense.bias";
        let mut tensors = random_checkpoint(&cfg)?;
        tensors.remove(missing);
        let safetensors = dir.path().join("model.safetensors");
        candle_core::safetensors::save(&tensors, &safetensors)?;
        let gguf = dir.path().join("model.gguf");
        write_gguf(&gguf, &quantize(&tensors)?)?;
        let errors = [
            load_safetensors(&safetensors, &cfg)
                .err()
                .context("loaded")?,
            load_gguf(&gguf, &cfg).err().context("loaded")?,
        ];
        for err in errors {
            assert!(err.to_string().contains(missing), "{err}");
        }
        Ok(())
    }

    #[test]
    fn a_checkpoint_prefix_is_optional() -> anyhow::Result<()> {
        let cfg = tiny_config();
        let tensors = random_checkpoint(&cfg)?;
        let prefixed = tensors
            .iter()
            .map(|(name, t)| (format!("roberta.{name}"), t.clone()))
            .collect();
        let bare = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        let prefixed = VarBuilder::from_tensors(prefixed, DType::F32, &Device::Cpu);
        let bare = XlmRobertaModel::load(&Weights::Safetensors(bare), &cfg)?;
        let prefixed = XlmRobertaModel::load(&Weights::Safetensors(prefixed), &cfg)?;
        let diff = max_abs_diff(&embed(&bare, &[SHORT])?, &embed(&prefixed, &[SHORT])?)?;
        assert!(diff < 1e-6);
        Ok(())
    }

    #[test]
    fn inputs_the_model_cannot_describe_are_rejected() -> anyhow::Result<()> {
        let cfg = tiny_config();
        let vb = VarBuilder::from_tensors(random_checkpoint(&cfg)?, DType::F32, &Device::Cpu);
        let model = XlmRobertaModel::load(&Weights::Safetensors(vb), &cfg)?;
        let too_long = vec![5u32; cfg.max_tokens() + 1];
        let err = embed(&model, &[&too_long]).err().context("accepted")?;
        assert!(err.to_string().contains("exceeds"), "{err}");
        let err = embed(&model, &[&[0, 50, 2]]).err().context("accepted")?;
        assert!(err.to_string().contains("vocabulary"), "{err}");
        Ok(())
    }
}
