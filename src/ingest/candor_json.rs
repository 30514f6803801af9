//! Candor's own conversation format, `candor.conversation/1`: metadata and turns.
//!
//! ```json
//! {"schema": "candor.conversation/1",
//!  "metadata": {"manager": "陈静", "employee": "刘洋", "kind": "feedback", "date": "2026-10-12"},
//!  "turns": [{"speaker": "陈静", "start": 0.0, "end": 6.4, "text": "…"}]}
//! ```
//! `start`/`end` are seconds and optional (both or neither); every metadata field is
//! optional. Unknown keys are ignored so files from newer versions still load.

use serde::Deserialize;

use crate::domain::Metadata;

use super::cue::{Cue, ParseError, segment_span};
use super::error::Reason;
use super::json;

/// The schema this version reads and writes.
pub const SCHEMA: &str = "candor.conversation/1";

#[derive(Debug, Deserialize)]
struct CandorFile {
    schema: String,
    #[serde(default)]
    metadata: Metadata,
    turns: Vec<CandorTurn>,
}

#[derive(Debug, Deserialize)]
struct CandorTurn {
    speaker: String,
    start: Option<f64>,
    end: Option<f64>,
    text: String,
}

/// Reads the metadata and the turns as cues.
pub fn parse(text: &str) -> Result<(Metadata, Vec<Cue>), ParseError> {
    let file: CandorFile = json::from_str(text)?;
    if file.schema != SCHEMA {
        return Err(ParseError::whole(Reason::UnknownFormat {
            detail: format!("schema '{}' (this Candor reads '{SCHEMA}')", file.schema),
        }));
    }
    let cues = file
        .turns
        .into_iter()
        .enumerate()
        .map(|(index, turn)| {
            if turn.start.is_some() != turn.end.is_some() {
                return Err(ParseError::whole(Reason::Syntax(format!(
                    "turns[{index}] has only one of 'start' and 'end'; give both or neither"
                ))));
            }
            Ok(Cue {
                span: segment_span(turn.start, turn.end, index + 1)?,
                speaker: Some(turn.speaker.trim().to_owned()).filter(|s| !s.is_empty()),
                text: turn.text,
                line: None,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((file.metadata, cues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ConversationKind;

    #[test]
    fn metadata_and_turns() {
        let (metadata, cues) = parse(r#"{"schema":"candor.conversation/1","metadata":{"manager":"陈静","kind":"feedback","date":"2026-10-12","future_field":1},"turns":[{"speaker":"陈静","start":0,"end":6.4,"text":"你好"},{"speaker":"刘洋","text":"你好"}]}"#)
            .expect("valid");
        assert_eq!(metadata.kind, Some(ConversationKind::Feedback));
        assert_eq!(
            metadata.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-12")
        );
        assert!(cues[0].span.is_some() && cues[1].span.is_none());
    }

    #[test]
    fn bad_kind_names_its_path() {
        let err = parse(
            r#"{"schema":"candor.conversation/1","metadata":{"kind":"appraisal"},"turns":[]}"#,
        )
        .expect_err("bad kind");
        assert!(
            err.reason.to_string().starts_with("metadata.kind"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn other_schema_versions_are_refused() {
        let err = parse(r#"{"schema":"candor.conversation/9","turns":[]}"#).expect_err("newer");
        assert!(err.reason.to_string().contains("candor.conversation/9"));
    }

    #[test]
    fn half_timed_turn_is_refused() {
        let err = parse(
            r#"{"schema":"candor.conversation/1","turns":[{"speaker":"A","start":1,"text":"x"}]}"#,
        )
        .expect_err("start without end");
        assert!(err.reason.to_string().contains("turns[0]"));
    }
}
