//! Turns → sentences with language, speech units and filler words.
//!
//! Pure text rules, no I/O and no models; every span is in characters of the turn's
//! text so that evidence points at what a reader sees.
//!
//! - [`sentence_spans`]: where sentences end, in Chinese, English and both.
//! - [`speech_units`], [`is_cjk`]: how much was said.
//! - [`language_of`], [`conversation_language`]: zh, en or mixed, by counting.
//! - [`fillers`]: 嗯, 那个, um, you know, where they are fillers and not words.
//! - [`utterance`]: all of it for one turn.
//! - [`report_lines`]: a weekly report's lines without list markers and heading labels.
//! - [`chinese_number`]: 十五, 两千零五, 九十五点一 as numbers.

mod fillers;
mod language;
mod numerals;
mod report_lines;
mod sentences;
mod units;

pub use fillers::fillers;
pub use language::{
    CONVERSATION_MAJORITY_PERCENT, MIXED_MINORITY_PERCENT, conversation_language, language_of,
};
pub use numerals::{chinese_number, rough_range};
pub use report_lines::{ReportLine, report_lines};
pub use sentences::sentence_spans;
pub use units::{contains_word, is_cjk, speech_units};

use crate::domain::{CharSpan, Sentence, Turn, Utterance};
use units::Composition;

/// Cut a turn into sentences with language, units and fillers. Sentences with zero speech
/// units (punctuation only) are dropped.
pub fn utterance(turn: &Turn) -> Utterance {
    let sentences = sentence_spans(&turn.text)
        .into_iter()
        .filter_map(|span| sentence(&turn.text, span))
        .collect();
    Utterance {
        turn: turn.id,
        sentences,
    }
}

/// The sentence at `span` of `text`; None when nothing in it is spoken.
fn sentence(text: &str, span: CharSpan) -> Option<Sentence> {
    let sentence = span.slice(text);
    let composition = Composition::of(sentence);
    Some(Sentence {
        span,
        text: sentence.to_owned(),
        language: composition.language()?,
        units: composition.total(),
        fillers: fillers::in_sentence(sentence, span.start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Language, TurnId};

    fn turn(text: &str) -> Turn {
        Turn {
            id: TurnId(7),
            speaker: "张经理".into(),
            segments: vec![],
            text: text.into(),
            line: Some(3),
        }
    }

    #[test]
    fn a_turn_becomes_sentences_with_language_units_and_fillers() {
        let turn = turn("嗯，这个季度做得不错。 Let's, um, review the OKRs next week.");
        let utterance = utterance(&turn);
        assert_eq!(utterance.turn, TurnId(7));
        let [zh, en] = utterance.sentences.as_slice() else {
            panic!("two sentences expected: {:?}", utterance.sentences);
        };
        assert_eq!(zh.text, "嗯，这个季度做得不错。");
        assert_eq!((zh.language, zh.units), (Language::Zh, 9));
        assert_eq!(en.text, "Let's, um, review the OKRs next week.");
        assert_eq!((en.language, en.units), (Language::En, 7));
        assert_eq!(en.span.slice(&turn.text), en.text);
        assert_eq!(utterance.units(), 16);
    }

    #[test]
    fn filler_spans_are_relative_to_the_turn() {
        let turn = turn("好的。Well, um, yes.");
        let utterance = utterance(&turn);
        let fillers: Vec<_> = utterance.fillers().collect();
        assert_eq!(fillers.len(), 1);
        assert_eq!(fillers[0].span, CharSpan { start: 9, end: 11 });
        assert_eq!(fillers[0].span.slice(&turn.text), "um");
    }

    #[test]
    fn punctuation_only_sentences_are_dropped() {
        let utterance = utterance(&turn("……\n好。\n？！"));
        let texts: Vec<&str> = utterance
            .sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, ["好。"]);
    }

    #[test]
    fn an_empty_turn_has_no_sentences() {
        assert!(utterance(&turn("")).sentences.is_empty());
    }
}
