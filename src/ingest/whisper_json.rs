//! Whisper-family JSON: `{"segments":[{"start","end","text","speaker"?}]}`.
//!
//! WhisperX writes a `speaker` per segment after diarisation (`SPEAKER_00`); OpenAI
//! Whisper writes none, so its transcripts need `--single-speaker`. Segments are
//! numbered from 1 in errors, as a reader counts them.

use serde::Deserialize;

use super::Format;
use super::cue::{Cue, ParseError, segment_span};
use super::json;

#[derive(Debug, Deserialize)]
struct WhisperFile {
    segments: Vec<Segment>,
}

#[derive(Debug, Deserialize)]
struct Segment {
    start: Option<f64>,
    end: Option<f64>,
    #[serde(default)]
    text: String,
    speaker: Option<String>,
}

/// Reads the segments; the format is WhisperX when any segment has a speaker.
pub fn parse(text: &str) -> Result<(Format, Vec<Cue>), ParseError> {
    let file: WhisperFile = json::from_str(text)?;
    let format = if file.segments.iter().any(|s| s.speaker.is_some()) {
        Format::WhisperxJson
    } else {
        Format::WhisperJson
    };
    let cues = file
        .segments
        .into_iter()
        .enumerate()
        .map(|(index, segment)| {
            Ok(Cue {
                span: segment_span(segment.start, segment.end, index + 1)?,
                speaker: segment.speaker.filter(|s| !s.trim().is_empty()),
                text: segment.text.trim().to_owned(),
                line: None,
            })
        })
        .collect::<Result<_, ParseError>>()?;
    Ok((format, cues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whisperx_segments_with_speakers() {
        let (format, cues) = parse(r#"{"segments":[{"start":0.66,"end":7.92,"text":" Jane? Mark? Hi!","speaker":"SPEAKER_00","words":[]}],"language":"en"}"#)
            .expect("valid");
        assert_eq!(format, Format::WhisperxJson);
        assert_eq!(cues[0].text, "Jane? Mark? Hi!");
        assert_eq!(cues[0].speaker.as_deref(), Some("SPEAKER_00"));
    }

    #[test]
    fn openai_whisper_has_no_speakers() {
        let (format, cues) = parse(r#"{"task":"transcribe","language":"english","duration":4.2,"text":"Hi.","segments":[{"id":0,"seek":0,"start":0.0,"end":4.2,"text":" Hi.","tokens":[50364],"temperature":0.0,"avg_logprob":-0.2,"compression_ratio":1.1,"no_speech_prob":0.01}]}"#)
            .expect("valid");
        assert_eq!(format, Format::WhisperJson);
        assert_eq!(cues[0].speaker, None);
    }

    #[test]
    fn backwards_segment_is_named() {
        let err = parse(r#"{"segments":[{"start":1,"end":2,"text":"a","speaker":"S"},{"start":5,"end":3,"text":"b","speaker":"S"}]}"#)
            .expect_err("backwards");
        assert!(
            err.reason.to_string().contains("segment 2"),
            "{}",
            err.reason
        );
    }
}
