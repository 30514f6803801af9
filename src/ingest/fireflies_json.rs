//! Fireflies.ai transcripts from its GraphQL API: `sentences` with `speaker_name`
//! and `start_time`/`end_time` in seconds, which the API types as strings.
//!
//! Accepted wrappers: the raw GraphQL answer `{"data":{"transcript":{…}}}`, the
//! transcript object `{"sentences":[…]}`, or `{"transcript":{…}}`.

use serde::Deserialize;

use super::cue::{Cue, ParseError, segment_span};
use super::json;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Wrapped {
    Graphql { data: Box<Wrapped> },
    Transcript { transcript: Box<Wrapped> },
    Sentences { sentences: Vec<Sentence> },
}

impl Wrapped {
    fn into_sentences(self) -> Vec<Sentence> {
        match self {
            Wrapped::Graphql { data: inner } | Wrapped::Transcript { transcript: inner } => {
                inner.into_sentences()
            }
            Wrapped::Sentences { sentences } => sentences,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Sentence {
    #[serde(default)]
    text: String,
    start_time: Option<Number>,
    end_time: Option<Number>,
    speaker_name: Option<String>,
    speaker_id: Option<Number>,
}

/// Fireflies writes numbers as strings ("12.3"); accept both.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Number {
    Number(f64),
    Text(String),
}

impl Number {
    fn seconds(&self) -> Option<f64> {
        match self {
            Number::Number(n) => Some(*n),
            Number::Text(text) => text.trim().parse().ok(),
        }
    }

    fn label(&self) -> String {
        match self {
            Number::Number(n) => n.to_string(),
            Number::Text(text) => text.trim().to_owned(),
        }
    }
}

/// Reads the sentences into cues; a sentence without a name is "Speaker <id>".
pub fn parse(text: &str) -> Result<Vec<Cue>, ParseError> {
    let wrapped: Wrapped = json::from_str(text)?;
    wrapped
        .into_sentences()
        .into_iter()
        .enumerate()
        .map(|(index, sentence)| {
            let start = sentence.start_time.as_ref().and_then(Number::seconds);
            let end = sentence.end_time.as_ref().and_then(Number::seconds);
            let speaker = sentence
                .speaker_name
                .filter(|name| !name.trim().is_empty())
                .map(|name| name.trim().to_owned())
                .or_else(|| {
                    sentence
                        .speaker_id
                        .map(|id| format!("Speaker {}", id.label()))
                });
            Ok(Cue {
                span: segment_span(start, end, index + 1)?,
                speaker,
                text: sentence.text.trim().to_owned(),
                line: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Seconds;

    #[test]
    fn graphql_answer_with_string_times() {
        let cues = parse(r#"{"data":{"transcript":{"title":"1:1","sentences":[{"index":0,"text":"Hi Bob.","raw_text":"hi bob","start_time":"12.3","end_time":"15.1","speaker_id":"1","speaker_name":"Alice","ai_filters":{"sentiment":"positive"}}]}}}"#)
            .expect("valid");
        let span = cues[0].span.expect("timed");
        assert_eq!(span.start, Seconds(12.3));
        assert_eq!(cues[0].speaker.as_deref(), Some("Alice"));
    }

    #[test]
    fn bare_sentences_with_numbers_and_no_names() {
        let cues = parse(r#"{"sentences":[{"text":"ok","start_time":1,"end_time":2,"speaker_id":2,"speaker_name":null}]}"#)
            .expect("valid");
        assert_eq!(cues[0].speaker.as_deref(), Some("Speaker 2"));
    }
}
