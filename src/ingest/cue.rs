//! Cues, the unit every format is read into, and how cues become turns.
//!
//! A cue is one piece of a source file: a subtitle cue, a JSON segment, a labelled
//! line. Formats differ in how they spell cues; what happens next is the same for
//! all: cues are put in time order, unlabelled cues inherit the speaker before them,
//! and consecutive cues of one speaker merge into one [`Turn`].

use crate::config::Limits;
use crate::domain::{Seconds, TimeSpan, Turn, TurnId};

use super::error::Reason;

/// One piece of speech as a format reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// `None` when the source gives no speaker for this cue (an empty `<v>` tag, an
    /// unlabelled continuation line): it belongs to the speaker before it.
    pub speaker: Option<String>,
    pub span: Option<TimeSpan>,
    pub text: String,
    /// 1-based source line where the cue starts, when the format has lines.
    pub line: Option<usize>,
}

/// A problem found at a line of the source; [`super::read`] adds the file name.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub reason: Reason,
}

impl ParseError {
    pub fn at(line: usize, reason: Reason) -> ParseError {
        ParseError {
            line: Some(line),
            reason,
        }
    }

    pub fn whole(reason: Reason) -> ParseError {
        ParseError { line: None, reason }
    }
}

impl From<Reason> for ParseError {
    fn from(reason: Reason) -> Self {
        ParseError::whole(reason)
    }
}

/// Parses a clock time: `HH:MM:SS.mmm`, `HH:MM:SS,mmm` (SRT), `MM:SS.mmm`,
/// `H:MM:SS` or `M:SS` (Otter, Teams documents). Minutes and seconds must be below 60.
pub fn parse_clock(text: &str) -> Option<Seconds> {
    let text = text.trim();
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (number(h, 3)?, number(m, 2)?, two_digits(s)?),
        [m, s] => (0, number(m, 2)?, two_digits(s)?),
        _ => return None,
    };
    if minutes >= 60 || seconds >= 60 {
        return None;
    }
    let fraction = match fraction {
        Some(digits) if !digits.is_empty() && digits.len() <= 3 => {
            f64::from(number(digits, 3)?) / 10f64.powi(i32::try_from(digits.len()).ok()?)
        }
        Some(_) => return None,
        None => 0.0,
    };
    Some(Seconds(
        f64::from(hours) * 3600.0 + f64::from(minutes) * 60.0 + f64::from(seconds) + fraction,
    ))
}

/// Seconds are always written with two digits ("0:03", never "0:3").
fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2).then(|| number(text, 2)).flatten()
}

/// A run of 1 to `max_digits` ASCII digits.
fn number(text: &str, max_digits: usize) -> Option<u32> {
    let valid =
        !text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

/// Parses a cue timing line `START --> END [settings]` at `line`.
pub fn parse_timing(text: &str, line: usize) -> Result<TimeSpan, ParseError> {
    let (start_text, rest) = text.split_once("-->").ok_or_else(|| {
        ParseError::at(
            line,
            Reason::Syntax(format!(
                "expected a timing line 'START --> END', found '{}'",
                clip(text)
            )),
        )
    })?;
    let end_text = rest.split_whitespace().next().unwrap_or("");
    let bad = |what: &str, value: &str| {
        ParseError::at(
            line,
            Reason::Syntax(format!(
                "{what} time '{}' is not a valid timestamp (expected HH:MM:SS.mmm with minutes and seconds below 60)",
                clip(value)
            )),
        )
    };
    let start = parse_clock(start_text).ok_or_else(|| bad("start", start_text.trim()))?;
    let end = parse_clock(end_text).ok_or_else(|| bad("end", end_text))?;
    TimeSpan::new(start, end).ok_or_else(|| {
        ParseError::at(
            line,
            Reason::Backwards {
                start: start_text.trim().to_owned(),
                end: end_text.to_owned(),
            },
        )
    })
}

/// The span of a JSON segment numbered `number` (from 1); `None` when it has no
/// times (WhisperX leaves some segments unaligned).
pub fn segment_span(
    start: Option<f64>,
    end: Option<f64>,
    number: usize,
) -> Result<Option<TimeSpan>, ParseError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(None);
    };
    TimeSpan::new(Seconds(start), Seconds(end))
        .map(Some)
        .ok_or_else(|| {
            ParseError::whole(Reason::Syntax(format!(
                "segment {number} runs backwards or has an invalid time (start {start}, end {end})"
            )))
        })
}

/// A run of non-blank lines, as subtitle formats separate their cues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// 1-based line number of `lines[0]`.
    pub first_line: usize,
    pub lines: Vec<&'a str>,
}

/// Splits `text` into blocks at blank lines, and also where a second timing line
/// shows that a blank line between two cues is missing (hand-edited files), so the
/// next cue is not read as text of the one before. A cue id just above that timing
/// line goes with it.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut current: Option<Block<'_>> = None;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if line.contains("-->")
            && let Some(block) = current.as_mut()
            && block.lines.iter().any(|l| l.contains("-->"))
        {
            let next = split_before_timing(block);
            blocks.extend(current.replace(next));
        }
        current
            .get_or_insert_with(|| Block {
                first_line: index + 1,
                lines: Vec::new(),
            })
            .lines
            .push(line);
    }
    blocks.extend(current);
    blocks
}

/// Takes the cue id (if the last line is one) off the end of `block`, as the start
/// of the block of the timing line that follows.
fn split_before_timing<'a>(block: &mut Block<'a>) -> Block<'a> {
    let first_line = block.first_line + block.lines.len();
    match block.lines.last() {
        Some(last) if block.lines.len() > 2 && is_cue_id(last) => {
            let id = block.lines.pop().unwrap_or_default();
            Block {
                first_line: first_line - 1,
                lines: vec![id],
            }
        }
        _ => Block {
            first_line,
            lines: Vec::new(),
        },
    }
}

/// `12`, or Teams' `8c0e6a2e-1f2b-…/16-0`: no spaces, digits, hex and `-` or `/`.
fn is_cue_id(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '-' || c == '/')
}

/// The first 60 characters of `text`, for error messages.
pub fn clip(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The speaker of unlabelled cues before the first labelled one.
pub const UNKNOWN_SPEAKER: &str = "unknown";

/// Turns cues into the turns of a conversation.
///
/// Timed cues are sorted by start (Teams writes some out of order; the sort is
/// stable so equal starts keep file order). When only some cues have times (a
/// WhisperX segment left unaligned), none keeps them: a conversation is timed
/// throughout or not at all, and the file order stands. A cue with no speaker inherits the
/// speaker of the cue before it; leading cues with no speaker belong to
/// `fallback_speaker`, else to [`UNKNOWN_SPEAKER`]. A file where no cue has a
/// speaker and no fallback is given has no speakers. Empty cues are dropped.
pub fn assemble(
    mut cues: Vec<Cue>,
    fallback_speaker: Option<&str>,
    limits: &Limits,
) -> Result<Vec<Turn>, ParseError> {
    cues.retain(|cue| !cue.text.trim().is_empty());
    check_times(&cues, limits.max_timestamp_seconds)?;
    if cues.is_empty() {
        return Err(ParseError::whole(Reason::NoSpeech));
    }
    if cues.iter().all(|cue| cue.speaker.is_none()) && fallback_speaker.is_none() {
        return Err(ParseError::whole(Reason::NoSpeakers));
    }
    if cues.iter().all(|cue| cue.span.is_some()) {
        cues.sort_by(|a, b| start_of(a).total_cmp(&start_of(b)));
    } else {
        for cue in &mut cues {
            cue.span = None;
        }
    }
    let mut turns: Vec<Turn> = Vec::new();
    let mut current = fallback_speaker.unwrap_or(UNKNOWN_SPEAKER).to_owned();
    for cue in cues {
        if let Some(name) = cue.speaker {
            current = name;
        }
        let speaker = current.clone();
        push_cue(&mut turns, speaker, cue.span, cue.text.trim(), cue.line);
        if turns.len() > limits.max_turns {
            return Err(ParseError::whole(Reason::TooManyTurns {
                limit: limits.max_turns,
            }));
        }
    }
    Ok(turns)
}

fn check_times(cues: &[Cue], limit: f64) -> Result<(), ParseError> {
    let late = cues
        .iter()
        .find(|cue| cue.span.is_some_and(|span| span.end.get() > limit));
    match late {
        Some(cue) => Err(ParseError {
            line: cue.line,
            reason: Reason::TimeTooLate {
                seconds: cue.span.map_or(0.0, |span| span.end.get()),
                limit,
            },
        }),
        None => Ok(()),
    }
}

fn start_of(cue: &Cue) -> f64 {
    cue.span.map_or(0.0, |span| span.start.get())
}

/// Appends a cue to the last turn when the speaker continues, else starts a turn.
fn push_cue(
    turns: &mut Vec<Turn>,
    speaker: String,
    span: Option<TimeSpan>,
    text: &str,
    line: Option<usize>,
) {
    if let Some(last) = turns.last_mut().filter(|turn| turn.speaker == speaker) {
        last.text.push('\n');
        last.text.push_str(text);
        last.segments.extend(span);
        return;
    }
    let id = TurnId(u32::try_from(turns.len() + 1).unwrap_or(u32::MAX));
    turns.push(Turn {
        id,
        speaker,
        segments: span.into_iter().collect(),
        text: text.to_owned(),
        line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(speaker: Option<&str>, start: f64, end: f64, text: &str) -> Cue {
        Cue {
            speaker: speaker.map(str::to_owned),
            span: TimeSpan::new(Seconds(start), Seconds(end)),
            text: text.into(),
            line: None,
        }
    }

    fn limits(max_turns: usize) -> Limits {
        Limits {
            max_turns,
            ..Limits::default()
        }
    }

    #[test]
    fn clock_formats() {
        assert_eq!(parse_clock("00:02:24.720"), Some(Seconds(144.72)));
        assert_eq!(parse_clock("00:00:53,040"), Some(Seconds(53.04)));
        assert_eq!(parse_clock("02:24.7"), Some(Seconds(144.7)));
        assert_eq!(parse_clock("1:02:07"), Some(Seconds(3727.0)));
        assert_eq!(parse_clock("0:03"), Some(Seconds(3.0)));
        assert_eq!(parse_clock("100:00:00.000"), Some(Seconds(360_000.0)));
    }

    #[test]
    fn clock_refuses_out_of_range_and_garbage() {
        for bad in [
            "00:61:00,000",
            "00:00:60.000",
            "00:0",
            "",
            "ab:cd:ef",
            "1:2:3:4",
            "00:00:01.5000",
            "-1:00",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn timing_line_with_settings() {
        let span = parse_timing("00:00:01.000 --> 00:00:03.500 align:start position:0%", 4)
            .expect("valid timing");
        assert_eq!(span.duration(), Seconds(2.5));
    }

    #[test]
    fn timing_that_runs_backwards_is_an_error_at_its_line() {
        let err = parse_timing("00:00:05,000 --> 00:00:04,000", 9).expect_err("backwards");
        assert_eq!(err.line, Some(9));
        assert!(matches!(err.reason, Reason::Backwards { .. }));
    }

    #[test]
    fn out_of_order_cues_are_sorted_then_merged() {
        let cues = vec![
            cue(Some("A"), 0.0, 2.0, "one"),
            cue(Some("B"), 6.0, 8.0, "four"),
            cue(Some("A"), 2.5, 4.0, "two"),
            cue(None, 4.0, 5.0, "three"),
        ];
        let turns = assemble(cues, None, &limits(100)).expect("turns");
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].text, "one\ntwo\nthree");
        assert_eq!(turns[0].spoken(), Some(Seconds(4.5)));
        assert_eq!((turns[1].id, turns[1].speaker.as_str()), (TurnId(2), "B"));
    }

    #[test]
    fn partly_timed_cues_lose_their_times_and_keep_file_order() {
        let mut untimed = cue(Some("B"), 0.0, 1.0, "two");
        untimed.span = None;
        let cues = vec![
            cue(Some("A"), 5.0, 6.0, "one"),
            untimed,
            cue(Some("A"), 1.0, 2.0, "three"),
        ];
        let turns = assemble(cues, None, &limits(10)).expect("turns");
        assert_eq!(turns.len(), 3);
        assert!(turns.iter().all(|t| !t.is_timed()));
        assert_eq!(turns[0].text, "one");
    }

    #[test]
    fn no_speaker_anywhere_is_an_error_unless_a_single_speaker_is_named() {
        let cues = vec![cue(None, 0.0, 1.0, "hello")];
        let err = assemble(cues.clone(), None, &limits(10)).expect_err("no speakers");
        assert_eq!(err.reason, Reason::NoSpeakers);
        let turns = assemble(cues, Some("Speaker"), &limits(10)).expect("single speaker");
        assert_eq!(turns[0].speaker, "Speaker");
    }

    #[test]
    fn turn_limit_is_enforced() {
        let cues = (0..10)
            .map(|i| {
                cue(
                    Some(if i % 2 == 0 { "A" } else { "B" }),
                    f64::from(i),
                    f64::from(i) + 0.5,
                    "x",
                )
            })
            .collect();
        let err = assemble(cues, None, &limits(5)).expect_err("too many turns");
        assert_eq!(err.reason, Reason::TooManyTurns { limit: 5 });
    }

    #[test]
    fn blocks_are_split_at_blank_lines_with_line_numbers() {
        let found = blocks("WEBVTT\n\n1\n00:00.000 --> 00:01.000\nhi\n  \n\n2\nx\n");
        assert_eq!(found.len(), 3);
        assert_eq!((found[1].first_line, found[1].lines.len()), (3, 3));
        assert_eq!(found[2].first_line, 8);
    }

    #[test]
    fn times_past_the_limit_are_refused_at_their_line() {
        let mut late = cue(Some("A"), 0.0, 1e308, "x");
        late.line = Some(7);
        let err = assemble(vec![late], None, &limits(10)).expect_err("too late");
        assert_eq!(err.line, Some(7));
        assert!(matches!(err.reason, Reason::TimeTooLate { .. }));
    }

    #[test]
    fn a_missing_blank_line_between_cues_still_separates_them() {
        let found = blocks(
            "1\n00:00:01,000 --> 00:00:02,000\nA: one\n2\n00:00:03,000 --> 00:00:04,000\nB: two\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].lines,
            ["1", "00:00:01,000 --> 00:00:02,000", "A: one"]
        );
        assert_eq!((found[1].first_line, found[1].lines[0]), (4, "2"));
        let teams = blocks(
            "ab12-3f/1-0\n00:01.000 --> 00:02.000\n<v A>x</v>\n00:03.000 --> 00:04.000\n<v B>y</v>",
        );
        assert_eq!(teams.len(), 2);
        assert_eq!(teams[1].first_line, 4);
    }

    #[test]
    fn blank_cues_are_dropped_and_all_blank_is_no_speech() {
        let err = assemble(vec![cue(Some("A"), 0.0, 1.0, "  ")], None, &limits(10))
            .expect_err("no speech");
        assert_eq!(err.reason, Reason::NoSpeech);
    }
}
