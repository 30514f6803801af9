//! Why an input could not be read, and where.

use std::fmt;

/// An input Candor could not turn into a conversation.
///
/// The message always names the input and, when the format has lines, the 1-based
/// line; the reason says what was expected so the user can fix the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct IngestError {
    /// The file name (or "-" for standard input) as the user gave it.
    pub source_name: String,
    pub line: Option<usize>,
    pub reason: Reason,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source_name, line, self.reason),
            None => write!(f, "{}: {}", self.source_name, self.reason),
        }
    }
}

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Reason {
    #[error("the file is empty")]
    Empty,
    /// Callers may stop reading one byte past the limit, so no size is claimed.
    #[error("the file is over the limit of {limit} bytes (raise --max-input-bytes)")]
    TooLarge { limit: usize },
    #[error("a line is {length} bytes long, over the limit of {limit} bytes")]
    LineTooLong { length: usize, limit: usize },
    #[error(
        "more than {limit} turns after merging, over the limit (raise --max-turns if this is real)"
    )]
    TooManyTurns { limit: usize },
    #[error("a cue ends at {seconds:.0} s, past the limit of {limit:.0} s from the start")]
    TimeTooLate { seconds: f64, limit: f64 },
    #[error("binary data (a NUL byte at offset {offset}), not a transcript")]
    Binary { offset: usize },
    #[error(
        "unknown text encoding (invalid UTF-8 at byte {offset}, and not plausible GB18030/GBK); \
         save the file as UTF-8 or pass --encoding"
    )]
    UnknownEncoding { offset: usize },
    #[error("the bytes are not valid {encoding} (at byte {offset})")]
    InvalidForEncoding {
        encoding: &'static str,
        offset: usize,
    },
    #[error("not a transcript format Candor knows: {detail}")]
    UnknownFormat { detail: String },
    #[error("{0}")]
    Syntax(String),
    #[error("the file ends in the middle of {0}; it looks truncated")]
    Truncated(String),
    #[error("a cue ends before it starts ({start} --> {end})")]
    Backwards { start: String, end: String },
    #[error(
        "no speaker labels found (expected lines like 'Name: text', <v Name> tags or a speaker \
         field); if one person speaks throughout, pass --single-speaker"
    )]
    NoSpeakers,
    #[error("no speech: the file has no cue with any text")]
    NoSpeech,
}
