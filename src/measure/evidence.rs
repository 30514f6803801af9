//! Evidence: the turn and, where it is narrower, the characters a finding rests on.

use serde::Serialize;

use crate::domain::{CharSpan, Turn, TurnId, join_lines};

/// Quotes longer than this many characters are cut, with "…", in evidence.
const MAX_QUOTE_CHARS: usize = 160;

/// Where in the transcript a finding comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub turn_id: TurnId,
    /// Characters of the turn's text; absent when the whole turn is the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<CharSpan>,
    pub quote: String,
}

impl Evidence {
    /// The whole turn as evidence, its quote cut to a readable length.
    pub fn turn(turn: &Turn) -> Evidence {
        Evidence {
            turn_id: turn.id,
            span: None,
            quote: clip_quote(&turn.text),
        }
    }

    /// A span of a turn as evidence.
    pub fn span(turn: TurnId, span: CharSpan, text: &str) -> Evidence {
        Evidence {
            turn_id: turn,
            span: Some(span),
            quote: clip_quote(span.slice(text)),
        }
    }
}

fn clip_quote(text: &str) -> String {
    let flat = join_lines(text.lines());
    match flat.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut_and_lines_flattened() {
        let text = format!("第一行\n{}", "很".repeat(300));
        let turn = Turn {
            id: TurnId(4),
            speaker: "A".into(),
            segments: vec![],
            text,
            line: None,
        };
        let evidence = Evidence::turn(&turn);
        assert_eq!(evidence.quote.chars().count(), MAX_QUOTE_CHARS + 1);
        assert!(evidence.quote.starts_with("第一行很"));
    }
}
