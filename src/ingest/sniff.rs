//! Which format a decoded file is in, from its first lines.
//!
//! Order matters: JSON and WebVTT announce themselves; SRT is recognised by its
//! comma-decimal timing lines; header-per-turn text by a `Name  0:03` first line;
//! anything else is read as plain `Name: text` lines.

use super::Format;
use super::cue::ParseError;
use super::json;
use super::timed_text;

/// How many leading non-blank lines the line-based tests look at.
const SNIFF_LINES: usize = 40;

/// The format of `text` (already decoded, BOM removed).
pub fn detect(text: &str) -> Result<Format, ParseError> {
    let start = text.trim_start();
    if start.starts_with('{') {
        return json::detect(text);
    }
    if start.starts_with("WEBVTT") {
        return Ok(Format::Webvtt);
    }
    let head: Vec<&str> = start
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(SNIFF_LINES)
        .collect();
    if head.iter().any(|line| is_srt_timing(line)) {
        return Ok(Format::Srt);
    }
    if head
        .first()
        .is_some_and(|line| timed_text::header(line).is_some())
    {
        return Ok(Format::TimedText);
    }
    Ok(Format::Plain)
}

/// `00:00:53,040 --> 00:00:55,200`, and the dot-decimal variant some tools write
/// into `.srt` files (a WebVTT file would have said `WEBVTT` first).
fn is_srt_timing(line: &str) -> bool {
    line.split_once("-->").is_some_and(|(start, end)| {
        super::cue::parse_clock(start).is_some()
            && end
                .split_whitespace()
                .next()
                .is_some_and(|e| super::cue::parse_clock(e).is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_is_recognised() {
        let cases = [
            (
                "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x</v>",
                Format::Webvtt,
            ),
            (
                "1\n00:00:53,040 --> 00:00:55,200\n张经理：你好",
                Format::Srt,
            ),
            (
                "Alice Wang  0:03\nHello.\n\nBob Li  0:09\nHi.",
                Format::TimedText,
            ),
            ("[Alice Wang] 10:02:03\nhello", Format::TimedText),
            ("张伟：你好。\n李娜：你好。", Format::Plain),
            ("{\"segments\": []}", Format::WhisperxJson),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn a_timed_header_later_in_prose_does_not_make_timed_text() {
        assert_eq!(detect("张伟：你好。\nAlice  0:03\n"), Ok(Format::Plain));
    }
}
