//! Text → token ids for the e5 encoder: the "query: " / "passage: " prefixes the
//! model was trained with, and windows for inputs longer than the model's 512
//! positions. Long inputs are never silently truncated: each window is encoded and
//! the windows are combined (see `encoder.rs`).
//!
//! `tokenizer.json`'s normalizer and pre-tokenizer run as the `tokenizers` crate
//! defines them, but the Unigram model is ours: the crate's byte trie for the
//! 250,002-piece vocabulary holds about 275 MB, more than the transformer's weights,
//! where one hash map from piece to id holds about 20 MB and loads faster. The
//! Viterbi search is SentencePiece's, as the crate implements it (unknown
//! characters score the lowest piece less 10, consecutive unknowns fuse into one
//! `<unk>`); `tests/it/encoder.rs` checks the ids agree with the crate's on real
//! text in both languages.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use tokenizers::{Normalizer, PreTokenizer};
use tokenizers::{
    NormalizerWrapper, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizerWrapper,
};

use super::error::InferenceError;

/// How a text is used, which selects the e5 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Something searched with ("query: ").
    Query,
    /// Something searched in, or classified ("passage: "). The default.
    Passage,
}

impl Kind {
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Query => "query: ",
            Kind::Passage => "passage: ",
        }
    }
}

/// A piece of a text that fits the model: `<s>` content `</s>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub ids: Vec<u32>,
    /// Content tokens in this window (without `<s>` and `</s>`): its weight when
    /// windows are combined.
    pub content: usize,
}

/// SentencePiece's penalty below the lowest piece score for a character no piece
/// covers (`K_UNK_PENALTY` in sentencepiece and in `tokenizers`).
const UNKNOWN_PENALTY: f64 = 10.0;

/// The parts of `tokenizer.json` encoding reads.
#[derive(Deserialize)]
struct TokenizerFile {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
    model: UnigramFile,
    #[serde(default)]
    added_tokens: Vec<AddedToken>,
}

/// A token matched in the raw text before normalisation (`<s>`, `<mask>`, …).
#[derive(Debug, Clone, Deserialize)]
struct AddedToken {
    id: u32,
    content: String,
    /// Whitespace before the token belongs to it (XLM-R's `<mask>` on the hub).
    #[serde(default)]
    lstrip: bool,
    /// Whitespace after the token belongs to it.
    #[serde(default)]
    rstrip: bool,
}

#[derive(Deserialize)]
struct UnigramFile {
    #[serde(rename = "type")]
    kind: String,
    unk_id: Option<u32>,
    vocab: Vec<(String, f64)>,
    #[serde(default)]
    byte_fallback: bool,
}

/// A SentencePiece Unigram model: pieces with log-probability scores.
#[derive(Debug)]
struct Unigram {
    ids: HashMap<Box<str>, u32>,
    scores: Vec<f64>,
    unknown: u32,
    unknown_score: f64,
    /// The longest piece in bytes: how far ahead the search looks.
    longest: usize,
}

/// The best segmentation ending at one byte position.
#[derive(Debug, Clone, Copy)]
struct Best {
    score: f64,
    start: usize,
    id: u32,
}

impl Unigram {
    fn new(file: UnigramFile) -> Result<Unigram, String> {
        if file.kind != "Unigram" {
            return Err(format!(
                "the model is {}, not the Unigram model of XLM-R",
                file.kind
            ));
        }
        if file.byte_fallback {
            return Err("byte fallback is not supported (XLM-R does not use it)".into());
        }
        let unknown = file.unk_id.ok_or("the Unigram model has no unk_id")?;
        if unknown as usize >= file.vocab.len() {
            return Err(format!(
                "unk_id {unknown} is outside the {}-piece vocabulary",
                file.vocab.len()
            ));
        }
        let lowest = file
            .vocab
            .iter()
            .map(|(_, score)| *score)
            .fold(f64::INFINITY, f64::min);
        let longest = file.vocab.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
        let mut ids = HashMap::with_capacity(file.vocab.len());
        let mut scores = Vec::with_capacity(file.vocab.len());
        for (id, (piece, score)) in file.vocab.into_iter().enumerate() {
            // The last of duplicated pieces wins, as in the crate's map.
            ids.insert(piece.into_boxed_str(), id as u32);
            scores.push(score);
        }
        Ok(Unigram {
            ids,
            scores,
            unknown,
            unknown_score: lowest - UNKNOWN_PENALTY,
            longest,
        })
    }

    fn id(&self, piece: &str) -> Option<u32> {
        self.ids.get(piece).copied()
    }

    /// Appends the ids of the most probable segmentation of `text`.
    fn encode(&self, text: &str, out: &mut Vec<u32>) {
        if text.is_empty() {
            return;
        }
        let mut best: Vec<Option<Best>> = vec![None; text.len() + 1];
        best[0] = Some(Best {
            score: 0.0,
            start: 0,
            id: self.unknown,
        });
        for (start, first) in text.char_indices() {
            let Some(here) = best[start].map(|b| b.score) else {
                continue;
            };
            let mut covered = false;
            let ends = text[start..]
                .char_indices()
                .map(|(offset, c)| start + offset + c.len_utf8())
                .take_while(|end| end - start <= self.longest);
            for end in ends {
                let Some(id) = self.id(&text[start..end]) else {
                    continue;
                };
                covered |= end - start == first.len_utf8();
                offer(&mut best[end], here + self.scores[id as usize], start, id);
            }
            if !covered {
                let end = start + first.len_utf8();
                offer(
                    &mut best[end],
                    here + self.unknown_score,
                    start,
                    self.unknown,
                );
            }
        }
        self.backtrack(&best, out);
    }

    /// Walks the best path back from the end; consecutive unknowns fuse into one.
    fn backtrack(&self, best: &[Option<Best>], out: &mut Vec<u32>) {
        let first = out.len();
        let mut end = best.len() - 1;
        while end > 0 {
            let node = best[end].expect("every character boundary is reached");
            let fused = node.id == self.unknown && out.last() == Some(&self.unknown);
            if !fused || out.len() == first {
                out.push(node.id);
            }
            end = node.start;
        }
        out[first..].reverse();
    }
}

/// Keeps the better of the current best path to a position and a new one; the
/// first path found wins ties, as in SentencePiece.
fn offer(slot: &mut Option<Best>, score: f64, start: usize, id: u32) {
    if slot.is_none_or(|b| score > b.score) {
        *slot = Some(Best { score, start, id });
    }
}

/// The model's tokenizer with what windowing needs to know.
#[derive(Debug)]
pub struct TextTokenizer {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
    unigram: Unigram,
    /// Matched in the raw text first, longest first, as the crate's added vocabulary.
    added: Vec<AddedToken>,
    bos: u32,
    eos: u32,
    /// Content tokens a window holds: the model's positions less `<s>` and `</s>`.
    window_content: usize,
}

impl TextTokenizer {
    /// Loads `tokenizer.json`; `max_tokens` is what one forward pass may hold
    /// (512 for e5-small: 514 positions less the two XLM-R reserves).
    pub fn load(path: &Path, max_tokens: usize) -> Result<TextTokenizer, InferenceError> {
        let failed = |reason: String| InferenceError::Tokenizer {
            path: path.to_owned(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|err| failed(err.to_string()))?;
        let file: TokenizerFile =
            serde_json::from_slice(&bytes).map_err(|err| failed(err.to_string()))?;
        drop(bytes);
        let unigram = Unigram::new(file.model).map_err(failed)?;
        let special = |token: &str| {
            unigram
                .id(token)
                .ok_or_else(|| failed(format!("no {token} token")))
        };
        let (bos, eos) = (special("<s>")?, special("</s>")?);
        let mut added = file.added_tokens;
        added.retain(|t| !t.content.is_empty());
        added.sort_by_key(|t| std::cmp::Reverse(t.content.len()));
        Ok(TextTokenizer {
            normalizer: file.normalizer,
            pre_tokenizer: file.pre_tokenizer,
            unigram,
            added,
            bos,
            eos,
            window_content: max_tokens.saturating_sub(2).max(1),
        })
    }

    /// The content token ids of `text` as given, without prefix, `<s>` or `</s>`.
    pub fn content_ids(&self, text: &str) -> Result<Vec<u32>, InferenceError> {
        let mut ids = Vec::with_capacity(text.len() / 2 + 1);
        let mut rest = text;
        while let Some((at, token)) = self.next_added(rest) {
            let before = &rest[..at];
            self.encode_plain(
                if token.lstrip {
                    before.trim_end()
                } else {
                    before
                },
                &mut ids,
            )?;
            ids.push(token.id);
            let after = &rest[at + token.content.len()..];
            rest = if token.rstrip {
                after.trim_start()
            } else {
                after
            };
        }
        self.encode_plain(rest, &mut ids)?;
        Ok(ids)
    }

    /// The first added token in `text` and where it starts (the longest at a tie).
    fn next_added(&self, text: &str) -> Option<(usize, &AddedToken)> {
        self.added
            .iter()
            .filter_map(|t| text.find(t.content.as_str()).map(|at| (at, t)))
            .min_by_key(|(at, _)| *at)
    }

    /// Normalises, pre-tokenizes and segments text free of added tokens.
    fn encode_plain(&self, text: &str, ids: &mut Vec<u32>) -> Result<(), InferenceError> {
        let failed = |err: tokenizers::Error| InferenceError::Tokenize(err.to_string());
        if text.is_empty() {
            return Ok(());
        }
        let mut pieces = PreTokenizedString::from(text);
        if let Some(normalizer) = &self.normalizer {
            pieces
                .normalize(|s| normalizer.normalize(s))
                .map_err(failed)?;
        }
        if let Some(pre_tokenizer) = &self.pre_tokenizer {
            pre_tokenizer.pre_tokenize(&mut pieces).map_err(failed)?;
        }
        for (piece, _, _) in pieces.get_splits(OffsetReferential::Normalized, OffsetType::None) {
            self.unigram.encode(piece, ids);
        }
        Ok(())
    }

    /// The windows of `text` used as `kind`, at least one.
    pub fn windows(&self, text: &str, kind: Kind) -> Result<Vec<Window>, InferenceError> {
        let prefixed = format!("{}{text}", kind.prefix());
        let ids = self.content_ids(&prefixed)?;
        Ok(split_windows(&ids, self.window_content, self.bos, self.eos))
    }
}

/// Consecutive, non-overlapping windows of at most `size` content tokens.
fn split_windows(content: &[u32], size: usize, bos: u32, eos: u32) -> Vec<Window> {
    let wrap = |chunk: &[u32]| {
        let mut ids = Vec::with_capacity(chunk.len() + 2);
        ids.push(bos);
        ids.extend_from_slice(chunk);
        ids.push(eos);
        Window {
            ids,
            content: chunk.len(),
        }
    };
    if content.is_empty() {
        return vec![wrap(&[])];
    }
    content.chunks(size).map(wrap).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unigram(pieces: &[(&str, f64)]) -> Unigram {
        let vocab = pieces.iter().map(|(p, s)| ((*p).to_owned(), *s)).collect();
        Unigram::new(UnigramFile {
            kind: "Unigram".into(),
            unk_id: Some(0),
            vocab,
            byte_fallback: false,
        })
        .expect("a valid test vocabulary")
    }

    fn encode(model: &Unigram, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        model.encode(text, &mut ids);
        ids
    }

    #[test]
    fn the_most_probable_segmentation_wins_over_the_longest_match() {
        // "abc": "a" + "bc" scores -2.2, "ab" + "c" -2.5, "abc" alone -2.6.
        let model = unigram(&[
            ("<unk>", 0.0),
            ("a", -1.0),
            ("b", -1.0),
            ("c", -1.0),
            ("ab", -1.5),
            ("bc", -1.2),
            ("abc", -2.6),
        ]);
        assert_eq!(encode(&model, "abc"), [1, 5]);
        assert_eq!(encode(&model, "cab"), [3, 4]);
    }

    #[test]
    fn consecutive_unknown_characters_fuse_into_one_unknown() {
        let model = unigram(&[("<unk>", 0.0), ("a", -1.0), ("你", -2.0)]);
        assert_eq!(encode(&model, "xy你a"), [0, 2, 1]);
        assert_eq!(encode(&model, "axy"), [1, 0]);
        assert_eq!(encode(&model, "x你y"), [0, 2, 0]);
        assert_eq!(encode(&model, "你你你a"), [2, 2, 2, 1], "multi-byte pieces");
    }

    #[test]
    fn unknown_characters_lose_to_any_covering_piece() {
        // A multi-character piece does not count as covering its first character:
        // the lone "b" is unknown, scored below every piece.
        let model = unigram(&[("<unk>", 0.0), ("a", -1.0), ("bc", -50.0)]);
        assert_eq!(encode(&model, "bc"), [2]);
        assert_eq!(encode(&model, "ba"), [0, 1]);
    }

    #[test]
    fn a_model_other_than_unigram_is_refused() {
        let err = Unigram::new(UnigramFile {
            kind: "BPE".into(),
            unk_id: Some(0),
            vocab: vec![("<unk>".into(), 0.0)],
            byte_fallback: false,
        })
        .expect_err("BPE is not Unigram");
        assert!(err.contains("BPE"), "{err}");
    }

    #[test]
    fn long_content_is_split_into_full_windows_then_the_rest() {
        let content: Vec<u32> = (10..25).collect();
        let windows = split_windows(&content, 6, 0, 2);
        let sizes: Vec<usize> = windows.iter().map(|w| w.content).collect();
        assert_eq!(sizes, [6, 6, 3]);
        assert_eq!(windows[0].ids, [0, 10, 11, 12, 13, 14, 15, 2]);
        assert_eq!(windows[2].ids, [0, 22, 23, 24, 2]);
    }

    #[test]
    fn empty_text_is_one_empty_window() {
        let windows = split_windows(&[], 6, 0, 2);
        assert_eq!(
            windows,
            [Window {
                ids: vec![0, 2],
                content: 0
            }]
        );
    }
}
