//! Text as the analysis sees it: sentences with a language, speech units and fillers.

use serde::{Deserialize, Serialize};

use super::turn::TurnId;

/// The language of a sentence or a whole conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Zh,
    En,
    /// Both in earnest (the minority language holds at least 30% of the speech
    /// units), as in "我们 next week 再 sync 一下 about the roadmap".
    Mixed,
}

impl Language {
    /// The code JSON and pages use: zh, en, mixed.
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
            Language::Mixed => "mixed",
        }
    }
}

/// A half-open range of characters (Unicode scalar values, not bytes) in a turn's text.
/// Characters rather than bytes because that is what a reader or a browser counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
}

impl CharSpan {
    /// The characters covered by the byte range `bytes` of `text`, as regex matches
    /// give them. Counting characters rather than slicing means a range off a
    /// character boundary cannot panic.
    pub fn from_bytes(text: &str, bytes: std::ops::Range<usize>) -> CharSpan {
        let chars_before = |end: usize| text.char_indices().take_while(|(i, _)| *i < end).count();
        CharSpan {
            start: chars_before(bytes.start),
            end: chars_before(bytes.end),
        }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The text this span covers in `text`.
    pub fn slice(self, text: &str) -> &str {
        let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        let start = indices.nth(self.start).unwrap_or(text.len());
        let end = indices
            .nth(self.end.saturating_sub(self.start + 1))
            .unwrap_or(text.len());
        if self.is_empty() {
            return "";
        }
        &text[start..end.max(start)]
    }
}

/// A filler word or phrase (嗯, 那个, um, you know) found in a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filler {
    /// Where it stands in the turn's text.
    pub span: CharSpan,
    /// The filler as written, e.g. "嗯" or "you know".
    pub text: String,
}

/// One sentence of a turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence stands in the turn's text.
    pub span: CharSpan,
    pub text: String,
    pub language: Language,
    /// Speech units: one per CJK character, one per English word or number.
    pub units: u32,
    /// Fillers inside this sentence, with spans relative to the turn's text.
    pub fillers: Vec<Filler>,
}

/// A turn cut into sentences; what every text metric works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Utterance {
    pub turn: TurnId,
    pub sentences: Vec<Sentence>,
}

impl Utterance {
    /// Speech units of the whole turn.
    pub fn units(&self) -> u32 {
        self.sentences.iter().map(|s| s.units).sum()
    }

    pub fn fillers(&self) -> impl Iterator<Item = &Filler> {
        self.sentences.iter().flat_map(|s| s.fillers.iter())
    }
}

/// Joins lines into one: with a space between Latin words, with nothing between
/// Chinese characters (a subtitle wrap or a cue break is not a word break).
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines.into_iter().map(str::trim).filter(|l| !l.is_empty()) {
        let needs_space = out
            .chars()
            .last()
            .zip(line.chars().next())
            .is_some_and(|(a, b)| a.is_ascii() || b.is_ascii());
        if needs_space {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_by_script() {
        assert_eq!(join_lines(["这周的周报", "我看了。"]), "这周的周报我看了。");
        assert_eq!(
            join_lines(["So let's look", "at the report."]),
            "So let's look at the report."
        );
        assert_eq!(join_lines(["这个PR", "review一下"]), "这个PR review一下");
    }

    #[test]
    fn spans_from_byte_ranges() {
        let text = "你总是迟到, you never call";
        let start = text.find("you").expect("present");
        assert_eq!(
            CharSpan::from_bytes(text, 0..9),
            CharSpan { start: 0, end: 3 }
        );
        assert_eq!(
            CharSpan::from_bytes(text, start..start + 9).slice(text),
            "you never"
        );
        assert_eq!(
            CharSpan::from_bytes(text, 1..2),
            CharSpan { start: 1, end: 1 }
        );
    }

    #[test]
    fn span_slices_by_characters_not_bytes() {
        let text = "张经理：你好。Hi!";
        assert_eq!(CharSpan { start: 4, end: 7 }.slice(text), "你好。");
        assert_eq!(CharSpan { start: 7, end: 10 }.slice(text), "Hi!");
        assert_eq!(CharSpan { start: 0, end: 1 }.slice(text), "张");
        assert_eq!(CharSpan { start: 3, end: 3 }.slice(text), "");
    }
}
