//! Bytes in, a [`Conversation`] out: the encoding is detected, the format is
//! detected (or given), cues are read, and cues become turns.
//!
//! One file per format; [`sniff`] decides which one reads a file. Every failure is
//! an [`IngestError`] naming the file, the line when there is one, and the reason.

mod candor_json;
mod cue;
mod encoding;
mod error;
mod fireflies_json;
mod json;
mod label;
mod markup;
mod plain;
mod sniff;
mod srt;
mod timed_text;
mod webvtt;
mod whisper_json;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::config::Limits;
use crate::domain::{Conversation, Metadata};

pub use candor_json::SCHEMA as CONVERSATION_SCHEMA;
pub use cue::UNKNOWN_SPEAKER;
pub use encoding::by_label as encoding_by_label;
pub use error::{IngestError, Reason};

use cue::{Cue, ParseError};

/// The transcript formats Candor reads. The names are the stable ids of the JSON
/// output and of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Microsoft Teams WebVTT: `<v Name>text</v>`.
    TeamsVtt,
    /// Zoom cloud-recording WebVTT: numbered cues, `Name: text`.
    ZoomVtt,
    /// Other WebVTT: `(Name)` on its own line, `[SPEAKER_00]: text`.
    Webvtt,
    Srt,
    /// `Name: text` / `姓名：内容` lines without times.
    Plain,
    /// A `Name  0:03` or `[Name] 10:02:03` header per turn (Otter, Teams documents,
    /// Zoom saved captions).
    TimedText,
    WhisperxJson,
    /// OpenAI Whisper JSON: segments without speakers.
    WhisperJson,
    FirefliesJson,
    CandorJson,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::TeamsVtt,
        Format::ZoomVtt,
        Format::Webvtt,
        Format::Srt,
        Format::Plain,
        Format::TimedText,
        Format::WhisperxJson,
        Format::WhisperJson,
        Format::FirefliesJson,
        Format::CandorJson,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Format::TeamsVtt => "teams_vtt",
            Format::ZoomVtt => "zoom_vtt",
            Format::Webvtt => "webvtt",
            Format::Srt => "srt",
            Format::Plain => "plain",
            Format::TimedText => "timed_text",
            Format::WhisperxJson => "whisperx_json",
            Format::WhisperJson => "whisper_json",
            Format::FirefliesJson => "fireflies_json",
            Format::CandorJson => "candor_json",
        }
    }

    fn is_json(self) -> bool {
        matches!(
            self,
            Format::WhisperxJson | Format::WhisperJson | Format::FirefliesJson | Format::CandorJson
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        let alias = match wanted.as_str() {
            "vtt" => "webvtt",
            "txt" | "text" => "plain",
            "otter" | "zoom_captions" => "timed_text",
            "json" | "candor" => "candor_json",
            "whisperx" => "whisperx_json",
            "whisper" => "whisper_json",
            "fireflies" => "fireflies_json",
            other => other,
        };
        Format::ALL
            .into_iter()
            .find(|f| f.id() == alias)
            .ok_or_else(|| {
                let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                format!("unknown format '{s}'; expected one of: {}", ids.join(", "))
            })
    }
}

/// How much of a transcript's timing comes from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Every cue has a start and an end.
    Cues,
    /// Only start times are given; ends are the next turn's start, and the last is
    /// estimated from its length.
    StartOnly,
    /// No times (plain text), or only some cues had them and all were dropped.
    None,
}

/// What the caller knows about an input beyond its bytes.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Read the file as this format instead of detecting it.
    pub format: Option<Format>,
    /// Decode with this encoding instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The name to give the one speaker of a file without speaker labels.
    pub single_speaker: Option<String>,
    /// Metadata from the caller; it wins over metadata in the file.
    pub metadata: Metadata,
    pub limits: Limits,
}

/// A conversation as read from one file, with how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub format: Format,
    /// The WHATWG name of the encoding the bytes were in ("UTF-8", "gb18030").
    pub encoding: &'static str,
    pub timing: Timing,
    pub conversation: Conversation,
}

/// Reads one transcript. `source_name` is used in error messages only.
pub fn read(
    bytes: &[u8],
    source_name: &str,
    options: &IngestOptions,
) -> Result<Transcript, IngestError> {
    read_inner(bytes, options).map_err(|err| IngestError {
        source_name: source_name.to_owned(),
        line: err.line,
        reason: err.reason,
    })
}

fn read_inner(bytes: &[u8], options: &IngestOptions) -> Result<Transcript, ParseError> {
    let limits = options.limits;
    if bytes.len() > limits.max_input_bytes {
        return Err(Reason::TooLarge {
            limit: limits.max_input_bytes,
        }
        .into());
    }
    let decoded = encoding::decode(bytes, options.encoding)?;
    let text = decoded.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(Reason::Empty.into());
    }
    let format = match options.format {
        Some(format) => format,
        None => sniff::detect(text)?,
    };
    if !format.is_json() {
        check_line_lengths(text, limits.max_line_bytes)?;
    }
    let (format, file_metadata, cues, all_ends_given) = parse_as(format, text)?;
    let turns = cue::assemble(cues, options.single_speaker.as_deref(), &limits)?;
    let conversation = Conversation {
        metadata: options.metadata.clone().or(file_metadata),
        turns,
    };
    let timing = match (conversation.is_timed(), all_ends_given) {
        (true, true) => Timing::Cues,
        (true, false) => Timing::StartOnly,
        (false, _) => Timing::None,
    };
    Ok(Transcript {
        format,
        encoding: decoded.encoding,
        timing,
        conversation,
    })
}

type Parsed = (Format, Metadata, Vec<Cue>, bool);

/// Runs the reader of `format`; JSON and WebVTT readers refine the format.
fn parse_as(format: Format, text: &str) -> Result<Parsed, ParseError> {
    let plain = |cues| (format, Metadata::default(), cues, true);
    Ok(match format {
        Format::TeamsVtt | Format::ZoomVtt | Format::Webvtt => {
            let (found, cues) = webvtt::parse(text)?;
            (found, Metadata::default(), cues, true)
        }
        Format::Srt => plain(srt::parse(text)?),
        Format::Plain => plain(plain::parse(text)),
        Format::TimedText => {
            let (cues, ends) = timed_text::parse(text)?;
            (format, Metadata::default(), cues, ends)
        }
        Format::WhisperxJson | Format::WhisperJson => {
            let (found, cues) = whisper_json::parse(text)?;
            (found, Metadata::default(), cues, true)
        }
        Format::FirefliesJson => plain(fireflies_json::parse(text)?),
        Format::CandorJson => {
            let (metadata, cues) = candor_json::parse(text)?;
            (format, metadata, cues, true)
        }
    })
}

fn check_line_lengths(text: &str, limit: usize) -> Result<(), ParseError> {
    match text
        .lines()
        .enumerate()
        .find(|(_, line)| line.len() > limit)
    {
        Some((index, line)) => Err(ParseError::at(
            index + 1,
            Reason::LineTooLong {
                length: line.len(),
                limit,
            },
        )),
        None => Ok(()),
    }
}
