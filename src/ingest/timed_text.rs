//! Text exports with a header line per turn giving the speaker and when they began:
//!
//! - Otter `.txt`: `Alice Wang  0:03` (two spaces), text below, blank line between;
//! - Teams `.docx` copied to text: `王磊   1:02:07`, or `Name  00:01:23 --> 00:01:45`;
//! - Zoom saved captions: `[Alice Wang] 10:02:03`, text below.
//!
//! Without an end time a turn is taken to last until the next header; the last turn's
//! length is estimated from its length in characters at the pace of the others. The
//! transcript then reports its timing as `start_only`.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::{Seconds, TimeSpan};

use super::cue::{Cue, ParseError, parse_clock};
use super::error::Reason;
use super::label::is_name;

/// Otter and Teams-document headers: name, two or more spaces, a clock time,
/// optionally `--> end`.
static SPACED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.*?)[ \t]{2,}(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)(?:\s*-->\s*(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?))?\s*$")
        .expect("header pattern is valid")
});

/// Zoom saved-caption headers: `[Name] HH:MM:SS`.
static BRACKET_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]]+)\]\s+(\d{1,2}:\d{2}:\d{2})\s*$").expect("header pattern is valid")
});

/// Seconds per character when no other turn gives the pace (about four Chinese
/// characters or fifteen Latin letters a second).
const DEFAULT_SECONDS_PER_CHAR: f64 = 0.25;

/// A header line: who spoke, from when, and (Teams documents) until when.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub speaker: String,
    pub start: Seconds,
    pub end: Option<Seconds>,
}

/// Reads `line` as a turn header, if it is one.
pub fn header(line: &str) -> Option<Header> {
    let line = line.trim_end();
    let caps = BRACKET_HEADER
        .captures(line)
        .or_else(|| SPACED_HEADER.captures(line))?;
    let speaker = caps.get(1)?.as_str().trim();
    if !is_name(speaker) {
        return None;
    }
    Some(Header {
        speaker: speaker.to_owned(),
        start: parse_clock(caps.get(2)?.as_str())?,
        end: caps.get(3).and_then(|m| parse_clock(m.as_str())),
    })
}

/// Whether the file's end times are all given (`true`) or estimated.
pub type AllEndsGiven = bool;

/// Reads header-and-text turns into timed cues.
pub fn parse(text: &str) -> Result<(Vec<Cue>, AllEndsGiven), ParseError> {
    let mut found: Vec<(Header, usize, String)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(header) = header(line) {
            check_order(found.last().map(|f| &f.0), &header, index + 1)?;
            found.push((header, index + 1, String::new()));
        } else if let Some((_, _, body)) = found.last_mut() {
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(trimmed);
        } else {
            return Err(ParseError::at(
                index + 1,
                Reason::Syntax(format!(
                    "text before the first 'Name  0:00' header: '{}'",
                    super::cue::clip(trimmed)
                )),
            ));
        }
    }
    let all_ends_given = found.iter().all(|(h, _, _)| h.end.is_some());
    let pace = seconds_per_char(&found);
    let starts: Vec<Seconds> = found.iter().map(|(h, _, _)| h.start).collect();
    let cues = found
        .into_iter()
        .enumerate()
        .map(|(i, (header, line, body))| {
            let end = header
                .end
                .or_else(|| starts.get(i + 1).copied())
                .unwrap_or_else(|| header.start + Seconds(pace * char_count(&body)));
            Cue {
                speaker: Some(header.speaker),
                span: TimeSpan::new(header.start, end.max(header.start)),
                text: body,
                line: Some(line),
            }
        })
        .collect();
    Ok((cues, all_ends_given))
}

/// Headers must not go back in time: these logs are written in order.
fn check_order(previous: Option<&Header>, next: &Header, line: usize) -> Result<(), ParseError> {
    match previous {
        Some(prev) if next.start < prev.start => Err(ParseError::at(
            line,
            Reason::Syntax(format!(
                "time goes backwards: this turn starts at {:.0} s, the one before at {:.0} s",
                next.start.get(),
                prev.start.get()
            )),
        )),
        Some(_) | None => Ok(()),
    }
    .and_then(|()| match next.end {
        Some(end) if end < next.start => Err(ParseError::at(
            line,
            Reason::Backwards {
                start: format!("{:.3}", next.start.get()),
                end: format!("{:.3}", end.get()),
            },
        )),
        _ => Ok(()),
    })
}

fn char_count(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// Median seconds per character over the turns whose length is known.
fn seconds_per_char(found: &[(Header, usize, String)]) -> f64 {
    let mut paces: Vec<f64> = found
        .windows(2)
        .filter_map(|pair| {
            let chars = char_count(&pair[0].2);
            let seconds = (pair[1].0.start - pair[0].0.start).get();
            (chars > 0.0 && seconds > 0.0).then_some(seconds / chars)
        })
        .collect();
    if paces.is_empty() {
        return DEFAULT_SECONDS_PER_CHAR;
    }
    paces.sort_by(f64::total_cmp);
    paces[paces.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otter_headers_with_two_spaces() {
        let (cues, ends) = parse("Alice Wang  0:03\nSo let's look at last week's report.\n\nBob Li  0:09\nSure, I finished the migration.\n")
            .expect("valid");
        assert!(!ends);
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].speaker.as_deref(), Some("Alice Wang"));
        let first = cues[0].span.expect("timed");
        assert_eq!((first.start, first.end), (Seconds(3.0), Seconds(9.0)));
        assert_eq!(cues[1].line, Some(4));
        assert!(cues[1].span.expect("timed").duration() > Seconds::ZERO);
    }

    #[test]
    fn teams_document_headers_with_hours_and_ranges() {
        let (cues, ends) = parse("王磊   1:02:07 --> 1:02:15\n这个季度的目标完成得怎么样？\n李娜   1:02:16 --> 1:02:30\n完成了百分之九十。\n")
            .expect("valid");
        assert!(ends);
        assert_eq!(cues[0].span.expect("timed").duration(), Seconds(8.0));
    }

    #[test]
    fn zoom_saved_captions() {
        let (cues, _) =
            parse("[Alice Wang] 10:02:03\nhello there\n\n[Bob Li] 10:02:07\nhi\n").expect("valid");
        assert_eq!(cues[1].speaker.as_deref(), Some("Bob Li"));
        assert_eq!(cues[0].span.expect("timed").start, Seconds(36_123.0));
    }

    #[test]
    fn headers_going_back_in_time_are_an_error_at_their_line() {
        let err = parse("A  0:10\nx\nB  0:05\ny\n").expect_err("backwards");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn text_before_any_header_is_an_error() {
        let err = parse("hello\nA  0:10\nx\n").expect_err("no header first");
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn sentences_ending_in_times_are_not_headers() {
        assert_eq!(header("We start at  10:30"), None);
        assert!(header("Alice  0:03").is_some());
    }
}
