//! SubRip (`.srt`): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, then text.
//!
//! Speakers are written into the text as `Name: text`, `张经理：内容` (full-width
//! colon) or, from WhisperX, `[SPEAKER_00]: text`. Formatting tags (`<i>`,
//! `<font>`) are dropped.

use crate::domain::join_lines;

use super::cue::{Block, Cue, ParseError, blocks, clip, parse_timing};
use super::error::Reason;
use super::label::split_label;
use super::markup::plain_text;

/// Reads an SRT file into cues.
pub fn parse(text: &str) -> Result<Vec<Cue>, ParseError> {
    let last_line = text.lines().count();
    blocks(text)
        .iter()
        .map(|block| parse_cue(block, last_line))
        .collect()
}

fn parse_cue(block: &Block<'_>, last_line: usize) -> Result<Cue, ParseError> {
    let first = block.lines[0].trim_start_matches('\u{feff}').trim();
    let timing_at = usize::from(first.bytes().all(|b| b.is_ascii_digit()));
    let Some(timing) = block.lines.get(timing_at).filter(|l| l.contains("-->")) else {
        let found = block.lines.get(timing_at).copied().unwrap_or(first);
        let line = block.first_line + timing_at;
        let reason = if line >= last_line {
            Reason::Truncated("a cue: its timing line is missing".into())
        } else {
            Reason::Syntax(format!(
                "expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', found '{}'",
                clip(found)
            ))
        };
        return Err(ParseError::at(line.min(last_line), reason));
    };
    let line = block.first_line + timing_at;
    let span = parse_timing(timing, line).map_err(|err| {
        if line == last_line {
            ParseError::at(
                line,
                Reason::Truncated(format!("the timing line '{}'", clip(timing))),
            )
        } else {
            err
        }
    })?;
    let text = plain_text(&join_lines(block.lines[timing_at + 1..].iter().copied()));
    let (speaker, text) = match split_label(&text) {
        Some((name, rest)) => (Some(name), rest.to_owned()),
        None => (None, text),
    };
    Ok(Cue {
        speaker,
        span: Some(span),
        text,
        line: Some(line),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Seconds;

    #[test]
    fn full_width_colon_speakers_and_comma_decimals() {
        let cues = parse("1\n00:00:53,040 --> 00:00:55,200\n张经理：这周的周报我看了。\n\n2\n00:00:55,900 --> 00:00:58,000\n李娜：好的。\n")
            .expect("valid SRT");
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].speaker.as_deref(), Some("张经理"));
        assert_eq!(cues[0].text, "这周的周报我看了。");
        let span = cues[0].span.expect("timed");
        assert!((span.duration().get() - 2.16).abs() < 1e-9);
        assert_eq!(span.start, Seconds(53.04));
    }

    #[test]
    fn whisperx_speaker_prefix() {
        let cues = parse("1\n00:00:00,660 --> 00:00:07,920\n[SPEAKER_00]: Jane? Mark? Hi!\n")
            .expect("valid");
        assert_eq!(cues[0].speaker.as_deref(), Some("SPEAKER_00"));
        assert_eq!(cues[0].text, "Jane? Mark? Hi!");
    }

    #[test]
    fn italics_and_wrapped_lines() {
        let cues =
            parse("7\n00:01:00,000 --> 00:01:04,000\n<i>Alice:</i> we shipped\nthe release.\n")
                .expect("valid");
        assert_eq!(cues[0].speaker.as_deref(), Some("Alice"));
        assert_eq!(cues[0].text, "we shipped the release.");
    }

    #[test]
    fn backwards_cue_names_its_timing_line() {
        let err = parse("1\n00:00:01,000 --> 00:00:02,000\nA: a\n\n2\n00:00:09,000 --> 00:00:04,000\nB: b\n\n3\n00:00:10,000 --> 00:00:11,000\nA: c\n")
            .expect_err("backwards");
        assert_eq!(err.line, Some(6));
        assert!(matches!(err.reason, Reason::Backwards { .. }));
    }

    #[test]
    fn prose_is_not_srt() {
        let err = parse("This is a paragraph.\nAnd another line.\n\nMore text here.\n")
            .expect_err("prose");
        assert_eq!(err.line, Some(1));
    }
}
