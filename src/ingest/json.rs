//! What the JSON formats share: parsing with the line of a syntax error and the
//! path of a type error, and telling the formats apart by their keys.

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::Format;
use super::cue::ParseError;
use super::error::Reason;

/// The keys that tell the JSON formats apart; everything else is skipped unread.
#[derive(Debug, Deserialize)]
struct Probe {
    schema: Option<String>,
    segments: Option<IgnoredAny>,
    sentences: Option<IgnoredAny>,
    transcript: Option<Box<Probe>>,
    data: Option<Box<Probe>>,
}

/// Which JSON transcript format `text` is. WhisperX and OpenAI Whisper share a
/// layout and are told apart after reading (by whether segments have speakers).
pub fn detect(text: &str) -> Result<Format, ParseError> {
    let probe: Probe = from_str(text)?;
    if probe
        .schema
        .as_deref()
        .is_some_and(|s| s.starts_with("candor."))
    {
        return Ok(Format::CandorJson);
    }
    if probe.segments.is_some() {
        return Ok(Format::WhisperxJson);
    }
    if has_sentences(&probe) {
        return Ok(Format::FirefliesJson);
    }
    Err(ParseError::whole(Reason::UnknownFormat {
        detail: "JSON, but with no 'segments' (Whisper), 'sentences' (Fireflies) or \
                 'schema' (Candor) key"
            .into(),
    }))
}

fn has_sentences(probe: &Probe) -> bool {
    probe.sentences.is_some()
        || [&probe.transcript, &probe.data]
            .into_iter()
            .flatten()
            .any(|inner| has_sentences(inner))
}

/// Parses `text` as `T`; syntax errors carry their line, type errors their path
/// ("segments[3].start: invalid type: string, expected f64").
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        json_error(&path, &inner)
    })?;
    deserializer.end().map_err(|err| json_error(".", &err))?;
    Ok(value)
}

fn json_error(path: &str, err: &serde_json::Error) -> ParseError {
    let line = (err.line() > 0).then_some(err.line());
    let reason = match err.classify() {
        serde_json::error::Category::Eof => Reason::Truncated("the JSON document".into()),
        serde_json::error::Category::Data if path != "." => {
            Reason::Syntax(format!("{path}: {}", strip_position(err)))
        }
        _ => Reason::Syntax(format!("invalid JSON: {}", strip_position(err))),
    };
    ParseError { line, reason }
}

/// serde_json appends " at line L column C"; the line is reported separately.
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_keys() {
        assert_eq!(detect(r#"{"segments":[]}"#), Ok(Format::WhisperxJson));
        assert_eq!(
            detect(r#"{"data":{"transcript":{"sentences":[]}}}"#),
            Ok(Format::FirefliesJson)
        );
        assert_eq!(detect(r#"{"sentences":[]}"#), Ok(Format::FirefliesJson));
        assert_eq!(
            detect(r#"{"schema":"candor.conversation/1","turns":[]}"#),
            Ok(Format::CandorJson)
        );
        assert!(matches!(
            detect(r#"{"hello":1}"#),
            Err(ParseError {
                reason: Reason::UnknownFormat { .. },
                ..
            })
        ));
    }

    #[test]
    fn cut_json_is_truncated_with_a_line() {
        let err = detect("{\n\"segments\": [\n{\"start\": 1.0,").expect_err("cut");
        assert!(matches!(err.reason, Reason::Truncated(_)));
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn type_errors_name_the_path() {
        #[derive(Debug, Deserialize)]
        struct Doc {
            #[allow(dead_code)]
            segments: Vec<Seg>,
        }
        #[derive(Debug, Deserialize)]
        struct Seg {
            #[allow(dead_code)]
            start: f64,
        }
        let err =
            from_str::<Doc>(r#"{"segments":[{"start":1},{"start":"x"}]}"#).expect_err("bad type");
        assert!(
            err.reason
                .to_string()
                .starts_with("segments[1].start: invalid type"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        assert!(from_str::<serde_json::Value>("{} x").is_err());
    }
}
