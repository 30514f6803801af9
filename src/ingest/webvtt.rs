//! WebVTT as meeting tools write it.
//!
//! - Microsoft Teams: GUID-style cue ids (`…/16-0`), speakers in voice tags
//!   `<v Name>text</v>`, sometimes unclosed or empty, cues sometimes out of order.
//! - Zoom cloud recordings: numbered cues, `Name: text`.
//! - Others: the speaker alone on a line in parentheses, or WhisperX's
//!   `[SPEAKER_00]: text`.
//!
//! Spec: <https://www.w3.org/TR/webvtt1/>. NOTE, STYLE and REGION blocks are skipped.

use std::sync::LazyLock;

use regex::Regex;

use super::Format;
use super::cue::{Block, Cue, ParseError, blocks, clip, parse_timing};
use super::error::Reason;
use super::label::{paren_speaker, split_label};
use super::markup::plain_text;
use crate::domain::join_lines;

/// `<v Name>` or `<v.class Name>` at the start of a cue payload; the name may be empty.
static VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>").expect("voice-tag pattern is valid")
});

/// How the speaker of one cue was written, which tells the dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpeakerStyle {
    VoiceTag,
    Label,
    Parenthesised,
    None,
}

/// Reads a WebVTT file; the format says which dialect it was.
pub fn parse(text: &str) -> Result<(Format, Vec<Cue>), ParseError> {
    let all = blocks(text);
    let (header, body) = all.split_first().ok_or(ParseError::whole(Reason::Empty))?;
    if !header.lines[0]
        .trim_start_matches('\u{feff}')
        .starts_with("WEBVTT")
    {
        return Err(ParseError::at(
            header.first_line,
            Reason::Syntax("a WebVTT file must start with 'WEBVTT'".into()),
        ));
    }
    let last_line = text.lines().count();
    let mut cues = Vec::new();
    let mut styles = Vec::new();
    for block in body.iter().filter(|b| !is_metadata_block(b)) {
        let (style, cue) = parse_cue(block, last_line)?;
        styles.push(style);
        cues.push(cue);
    }
    Ok((dialect(&styles, body), cues))
}

fn is_metadata_block(block: &Block<'_>) -> bool {
    let first = block.lines[0];
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|word| first == *word || first.starts_with(&format!("{word} ")))
        && !block.lines.iter().any(|l| l.contains("-->"))
}

fn parse_cue(block: &Block<'_>, last_line: usize) -> Result<(SpeakerStyle, Cue), ParseError> {
    let timing_at = block.lines.iter().take(2).position(|l| l.contains("-->"));
    let Some(timing_at) = timing_at else {
        return Err(ParseError::at(
            block.first_line,
            Reason::Syntax(format!(
                "expected a cue: an optional id, then 'START --> END', found '{}'",
                clip(block.lines[0])
            )),
        ));
    };
    let line = block.first_line + timing_at;
    let span = parse_timing(block.lines[timing_at], line).map_err(|err| {
        if line == last_line && block.lines.len() == timing_at + 1 {
            ParseError::at(
                line,
                Reason::Truncated(format!(
                    "the timing line '{}'",
                    clip(block.lines[timing_at])
                )),
            )
        } else {
            err
        }
    })?;
    let (style, speaker, text) = speaker_and_text(&block.lines[timing_at + 1..]);
    Ok((
        style,
        Cue {
            speaker,
            span: Some(span),
            text,
            line: Some(line),
        },
    ))
}

fn speaker_and_text(payload: &[&str]) -> (SpeakerStyle, Option<String>, String) {
    let Some(first) = payload.first() else {
        return (SpeakerStyle::None, None, String::new());
    };
    if let Some(voice) = VOICE.captures(first) {
        let name = voice
            .get(1)
            .map(|m| plain_text(m.as_str().trim()))
            .filter(|n| !n.is_empty());
        return (SpeakerStyle::VoiceTag, name, text_of(payload));
    }
    if let Some(name) = paren_speaker(first) {
        return (
            SpeakerStyle::Parenthesised,
            Some(name),
            text_of(&payload[1..]),
        );
    }
    let joined = text_of(payload);
    match split_label(&joined) {
        Some((name, rest)) => (SpeakerStyle::Label, Some(name), rest.to_owned()),
        None => (SpeakerStyle::None, None, joined),
    }
}

fn text_of(lines: &[&str]) -> String {
    plain_text(&join_lines(lines.iter().copied()))
}

/// Teams when voice tags carry the speakers; Zoom when labels do and the cue ids are
/// numbers; plain WebVTT otherwise.
fn dialect(styles: &[SpeakerStyle], body: &[Block<'_>]) -> Format {
    let count = |style| styles.iter().filter(|s| **s == style).count();
    if count(SpeakerStyle::VoiceTag) > 0
        && count(SpeakerStyle::VoiceTag) >= count(SpeakerStyle::Label)
    {
        return Format::TeamsVtt;
    }
    let numbered = body
        .iter()
        .filter(|b| b.lines.len() > 1 && b.lines[1].contains("-->"))
        .all(|b| b.lines[0].trim().bytes().all(|c| c.is_ascii_digit()));
    if count(SpeakerStyle::Label) > count(SpeakerStyle::Parenthesised) && numbered {
        Format::ZoomVtt
    } else {
        Format::Webvtt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> (Format, Vec<Cue>) {
        parse(text).expect("valid WebVTT")
    }

    #[test]
    fn teams_voice_tags_guid_ids_unclosed_and_empty_tags() {
        let (format, cues) = cues(
            "WEBVTT\n\n8c0e6a2e-1f/16-0\n00:00:01.000 --> 00:00:03.000\n<v Alice Wang>Hello, R&amp;D.</v>\n\n\
             8c0e6a2e-1f/17-0\n00:00:04.000 --> 00:00:06.000\n<v Bob Li>Hi Alice\n\n\
             8c0e6a2e-1f/18-0\n00:00:06.500 --> 00:00:07.000\n<v>and more</v>\n",
        );
        assert_eq!(format, Format::TeamsVtt);
        assert_eq!(cues[0].speaker.as_deref(), Some("Alice Wang"));
        assert_eq!(cues[0].text, "Hello, R&D.");
        assert_eq!(
            (cues[1].speaker.as_deref(), cues[1].text.as_str()),
            (Some("Bob Li"), "Hi Alice")
        );
        assert_eq!(
            (cues[2].speaker.as_deref(), cues[2].text.as_str()),
            (None, "and more")
        );
        assert_eq!(cues[2].line, Some(12));
    }

    #[test]
    fn zoom_numbered_cues_with_labels() {
        let (format, cues) = cues(
            "WEBVTT\n\n33\n00:02:24.720 --> 00:02:32.850\nSamson Zhang: gotcha okay\n\n\
             34\n00:02:33.480 --> 00:02:33.990\nYuki Wang: it's really.\n",
        );
        assert_eq!(format, Format::ZoomVtt);
        assert_eq!(cues[1].speaker.as_deref(), Some("Yuki Wang"));
        assert_eq!(cues[1].text, "it's really.");
    }

    #[test]
    fn speaker_alone_in_parentheses() {
        let (format, cues) = cues(
            "WEBVTT\n\n00:00:08.000 --> 00:00:12.000\n(Danyel Fisher)\nI wanted to start with\nsome background.\n",
        );
        assert_eq!(format, Format::Webvtt);
        assert_eq!(cues[0].speaker.as_deref(), Some("Danyel Fisher"));
        assert_eq!(cues[0].text, "I wanted to start with some background.");
    }

    #[test]
    fn notes_and_styles_are_skipped() {
        let (_, cues) = cues(
            "WEBVTT - meeting\n\nNOTE exported by Teams\n\nSTYLE\n::cue { color: red }\n\n\
             00:01.000 --> 00:02.000\n<v A>x</v>\n",
        );
        assert_eq!(cues.len(), 1);
    }

    #[test]
    fn missing_header_is_an_error_at_line_one() {
        let err = parse("1\n00:00:01.000 --> 00:00:02.000\nA: hi\n").expect_err("no header");
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn cut_timing_line_at_the_end_is_reported_as_truncated() {
        let err =
            parse("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA: hi\n\n2\n00:03:12.400 --> 00:0")
                .expect_err("truncated");
        assert_eq!(err.line, Some(8));
        assert!(
            matches!(err.reason, Reason::Truncated(_)),
            "{:?}",
            err.reason
        );
    }

    #[test]
    fn bad_timing_in_the_middle_names_its_line() {
        let err = parse("WEBVTT\n\n00:00:01.000 --> 00:61:02.000\nA: hi\n\n00:01:00.000 --> 00:01:01.000\nB: ok\n")
            .expect_err("bad minutes");
        assert_eq!(err.line, Some(3));
        assert!(err.reason.to_string().contains("00:61:02.000"));
    }
}
