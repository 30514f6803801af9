//! Sentence boundaries in Chinese, English and text that mixes them.
//!
//! Chinese punctuation (。！？；…) always ends a sentence. Half-width `. ! ? ;` end
//! one only where English would: before a space, the end of the text or a non-Latin
//! character, and never inside "3.5", "e.g.", "Mr." or "U.S.". Closing quotes and
//! brackets stay with the sentence they close. A line break ends a sentence too,
//! except where an English sentence was cut across two subtitle cues.

use super::units::is_word_char;
use crate::domain::CharSpan;

/// Terminators that end a sentence wherever they stand.
const FULL_WIDTH_TERMINATORS: [char; 6] = ['。', '！', '？', '；', '…', '⋯'];

/// Terminators that end a sentence only where the next character does not continue a word.
const HALF_WIDTH_TERMINATORS: [char; 4] = ['.', '!', '?', ';'];

/// Closing quotes and brackets that belong to the sentence before them: “好的。” / ."
const CLOSERS: [char; 13] = [
    '"', '\'', '”', '’', '」', '』', '）', ')', '】', '》', ']', '〉', '〕',
];

/// Words whose full stop does not end a sentence ("Mr. Li", "vs. last year"), lowercase.
/// "etc." and "no." are left out: they end sentences more often than not.
const ABBREVIATIONS: [&str; 12] = [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "cf", "fig", "approx",
];

/// Sentence boundaries as char spans into `text` (spans exclude surrounding whitespace,
/// include the terminal punctuation).
pub fn sentence_spans(text: &str) -> Vec<CharSpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    while let Some(end) = sentence_end(&chars, start) {
        spans.extend(trimmed(&chars, start, end));
        start = end;
    }
    spans.extend(trimmed(&chars, start, chars.len()));
    spans
}

/// The end (exclusive) of the sentence that begins at `start`, or None when it runs to
/// the end of the text.
fn sentence_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        if c == '\n' {
            if !continues_over_line_break(chars, start, i) {
                return Some(i + 1);
            }
            i += 1;
        } else if is_terminator(c) {
            let run_end = i + count_while(&chars[i..], is_terminator);
            let end = run_end + count_while(&chars[run_end..], |c| CLOSERS.contains(&c));
            if run_ends_sentence(chars, i, run_end, end) {
                return Some(end);
            }
            i = run_end;
        } else {
            i += 1;
        }
    }
    None
}

fn is_terminator(c: char) -> bool {
    FULL_WIDTH_TERMINATORS.contains(&c) || HALF_WIDTH_TERMINATORS.contains(&c)
}

fn count_while(chars: &[char], pred: impl Fn(char) -> bool) -> usize {
    chars.iter().take_while(|&&c| pred(c)).count()
}

/// Whether the terminators in `chars[run_start..run_end]`, followed by closers up to
/// `end`, end the sentence.
fn run_ends_sentence(chars: &[char], run_start: usize, run_end: usize, end: usize) -> bool {
    let run = &chars[run_start..run_end];
    if run.iter().any(|c| FULL_WIDTH_TERMINATORS.contains(c)) {
        return true;
    }
    let continues_word = chars.get(end).is_some_and(|&c| is_word_char(c));
    let abbreviation = run == ['.'] && ends_abbreviation(&chars[..run_start]);
    !continues_word && !abbreviation
}

/// Whether `before` ends with an abbreviation that a following full stop belongs to:
/// a listed word ("Mr") or letters separated by dots ("e.g", "U.S", "Ph.D").
fn ends_abbreviation(before: &[char]) -> bool {
    let len = before
        .iter()
        .rev()
        .take_while(|&&c| c == '.' || is_word_char(c))
        .count();
    let word: String = before[before.len() - len..]
        .iter()
        .collect::<String>()
        .to_lowercase();
    if word.contains('.') {
        word.split('.').all(|part| {
            (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
    } else {
        ABBREVIATIONS.contains(&word.as_str())
    }
}

/// Whether the line break at `i` sits inside one English sentence: the line before
/// stops on a letter, digit or comma without terminal punctuation, and the next line
/// starts in lowercase. Zoom and Whisper cut sentences across cues like that.
fn continues_over_line_break(chars: &[char], start: usize, i: usize) -> bool {
    let before = chars[start..i].iter().rev().find(|c| !c.is_whitespace());
    let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    match (before, after) {
        (Some(&b), Some(&a)) => {
            (is_word_char(b) || b == ',') && a.is_lowercase() && is_word_char(a)
        }
        _ => false,
    }
}

/// `chars[start..end]` without the whitespace around it; None when nothing is left.
fn trimmed(chars: &[char], start: usize, end: usize) -> Option<CharSpan> {
    let piece = &chars[start..end];
    let leading = count_while(piece, char::is_whitespace);
    let trailing = piece[leading..]
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let span = CharSpan {
        start: start + leading,
        end: end - trailing,
    };
    (!span.is_empty()).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text)
            .into_iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn chinese_punctuation_ends_sentences() {
        assert_eq!(
            sentences("你好。我们开始吧！今天聊什么？先看目标；再看过程"),
            [
                "你好。",
                "我们开始吧！",
                "今天聊什么？",
                "先看目标；",
                "再看过程"
            ]
        );
    }

    #[test]
    fn ellipses_end_sentences_and_stay_whole() {
        assert_eq!(sentences("我想想……好吧。"), ["我想想……", "好吧。"]);
        assert_eq!(sentences("我想想…好吧"), ["我想想…", "好吧"]);
        assert_eq!(sentences("Well... I think so."), ["Well...", "I think so."]);
    }

    #[test]
    fn english_punctuation_ends_sentences() {
        assert_eq!(
            sentences("Hi there. How are you? Fine! Really?! Yes; good"),
            [
                "Hi there.",
                "How are you?",
                "Fine!",
                "Really?!",
                "Yes;",
                "good"
            ]
        );
    }

    #[test]
    fn numbers_and_abbreviations_keep_their_dots() {
        assert_eq!(
            sentences(
                "Revenue grew 3.5 percent vs. last year, e.g. in the U.S. market. Mr. Li agreed."
            ),
            [
                "Revenue grew 3.5 percent vs. last year, e.g. in the U.S. market.",
                "Mr. Li agreed."
            ]
        );
        assert_eq!(
            sentences("We use v2.0.1 now. Dr. Wang i.e. the lead"),
            ["We use v2.0.1 now.", "Dr. Wang i.e. the lead"]
        );
    }

    #[test]
    fn a_word_ending_a_sentence_is_not_an_abbreviation() {
        assert_eq!(
            sentences("We shipped it. Next week."),
            ["We shipped it.", "Next week."]
        );
        assert_eq!(
            sentences("That's all, etc. Thanks."),
            ["That's all, etc.", "Thanks."]
        );
    }

    #[test]
    fn full_width_marks_end_english_sentences() {
        assert_eq!(sentences("Really？Yes！OK"), ["Really？", "Yes！", "OK"]);
    }

    #[test]
    fn a_half_width_mark_before_chinese_ends_the_sentence() {
        assert_eq!(
            sentences("做完了.然后呢?好的"),
            ["做完了.", "然后呢?", "好的"]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sentences("他说：“好的。”然后走了。"),
            ["他说：“好的。”", "然后走了。"]
        );
        assert_eq!(
            sentences(r#"He said "ok." Then left."#),
            [r#"He said "ok.""#, "Then left."]
        );
        assert_eq!(sentences("（先这样。）下一个"), ["（先这样。）", "下一个"]);
    }

    #[test]
    fn spans_exclude_surrounding_whitespace() {
        let text = "  Hi.  Bye.  ";
        assert_eq!(
            sentence_spans(text),
            [
                CharSpan { start: 2, end: 5 },
                CharSpan { start: 7, end: 11 }
            ]
        );
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let text = "你好。Hi!";
        assert_eq!(
            sentence_spans(text),
            [CharSpan { start: 0, end: 3 }, CharSpan { start: 3, end: 6 }]
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            sentences("我们开始吧\n先看目标"),
            ["我们开始吧", "先看目标"]
        );
        assert_eq!(sentences("好的。\r\n下一个"), ["好的。", "下一个"]);
        assert_eq!(
            sentences("We shipped it\nNext we test"),
            ["We shipped it", "Next we test"]
        );
    }

    #[test]
    fn an_english_sentence_continues_over_a_cue_break() {
        assert_eq!(
            sentences("we need to finish\nthe migration first. OK"),
            ["we need to finish\nthe migration first.", "OK"]
        );
        assert_eq!(
            sentences("first,\nthen the tests"),
            ["first,\nthen the tests"]
        );
        assert_eq!(sentences("in Q3\nwe hit it"), ["in Q3\nwe hit it"]);
    }

    #[test]
    fn a_finished_line_does_not_continue() {
        assert_eq!(sentences("Done.\nnext one"), ["Done.", "next one"]);
        assert_eq!(sentences("做完了\nand then"), ["做完了", "and then"]);
    }

    #[test]
    fn blank_and_empty_text_has_no_sentences() {
        assert!(sentence_spans("").is_empty());
        assert!(sentence_spans(" \n \n").is_empty());
    }

    #[test]
    fn punctuation_only_pieces_are_still_spans() {
        assert_eq!(sentences("。。好"), ["。。", "好"]);
    }
}
