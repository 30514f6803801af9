//! Text → token ids for the e5 encoder: the "query: " / "passage: " prefixes the
//! model was trained with, and windows for inputs longer than the model's 512
//! positions. Long inputs are never silently truncated: each window is encoded and
//! the windows are combined (see `encoder.rs`).

use std::path::Path;

use tokenizers::Tokenizer;

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

/// The model's tokenizer with what windowing needs to know.
#[derive(Debug)]
pub struct TextTokenizer {
    inner: Tokenizer,
    bos: u32,
    eos: u32,
    /// Content tokens a window holds: the model's positions less `<s>` and `</s>`.
    window_content: usize,
}

impl TextTokenizer {
    /// Loads `tokenizer.json`; `max_tokens` is what one forward pass may hold
    /// (512 for e5-small: 514 positions less the two XLM-R reserves).
    pub fn load(path: &Path, max_tokens: usize) -> Result<TextTokenizer, InferenceError> {
        let mut inner = Tokenizer::from_file(path).map_err(|err| InferenceError::Tokenizer {
            path: path.to_owned(),
            reason: err.to_string(),
        })?;
        inner
            .with_truncation(None)
            .map_err(|err| InferenceError::Tokenizer {
                path: path.to_owned(),
                reason: err.to_string(),
            })?;
        inner.with_padding(None);
        let special = |token: &str| {
            inner
                .token_to_id(token)
                .ok_or_else(|| InferenceError::Tokenizer {
                    path: path.to_owned(),
                    reason: format!("no {token} token"),
                })
        };
        let (bos, eos) = (special("<s>")?, special("</s>")?);
        Ok(TextTokenizer {
            inner,
            bos,
            eos,
            window_content: max_tokens.saturating_sub(2).max(1),
        })
    }

    /// The windows of `text` used as `kind`, at least one.
    pub fn windows(&self, text: &str, kind: Kind) -> Result<Vec<Window>, InferenceError> {
        let prefixed = format!("{}{text}", kind.prefix());
        let encoding = self
            .inner
            .encode_fast(prefixed.as_str(), false)
            .map_err(|err| InferenceError::Tokenize(err.to_string()))?;
        Ok(split_windows(
            encoding.get_ids(),
            self.window_content,
            self.bos,
            self.eos,
        ))
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
