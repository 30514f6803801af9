//! The language of a sentence and of a whole conversation: zh, en or mixed.
//!
//! Counted, not guessed: the share of CJK units against Latin-word units. English
//! loanwords in Chinese speech (`这个PR的review`) are normal in Chinese offices and
//! do not make a sentence mixed; only a real minority share does.

use super::units::Composition;
use crate::domain::{Language, Utterance};

/// A sentence is mixed when its minority script holds at least this share (percent) of
/// its units; below it, the few words of the other script are loanwords.
/// `这个PR的review可以再细一点` (2 of 11 Latin, 18%) is zh; "我们 next week 再 sync 一下
/// about the roadmap" (5 of 11 CJK, 45%) is mixed.
pub const MIXED_MINORITY_PERCENT: u32 = 30;

/// A conversation is zh (or en) when sentences in that language hold at least this share
/// (percent) of its units; otherwise it is mixed.
pub const CONVERSATION_MAJORITY_PERCENT: u32 = 80;

/// zh / en / mixed for a piece of text; None when it has no speech units.
pub fn language_of(text: &str) -> Option<Language> {
    Composition::of(text).language()
}

/// Language of a whole conversation from its utterances (weighted by units); None when empty.
pub fn conversation_language(utterances: &[Utterance]) -> Option<Language> {
    let sentences = utterances.iter().flat_map(|u| u.sentences.iter());
    let mut total = 0;
    let (mut zh, mut en) = (0, 0);
    for sentence in sentences {
        total += sentence.units;
        match sentence.language {
            Language::Zh => zh += sentence.units,
            Language::En => en += sentence.units,
            Language::Mixed => {}
        }
    }
    if total == 0 {
        None
    } else if holds_share(zh, total, CONVERSATION_MAJORITY_PERCENT) {
        Some(Language::Zh)
    } else if holds_share(en, total, CONVERSATION_MAJORITY_PERCENT) {
        Some(Language::En)
    } else {
        Some(Language::Mixed)
    }
}

impl Composition {
    pub(super) fn language(self) -> Option<Language> {
        let total = self.total();
        let language = match (self.cjk, self.words) {
            (0, 0) => return None,
            (_, 0) => Language::Zh,
            (0, _) => Language::En,
            (cjk, words) if holds_share(cjk.min(words), total, MIXED_MINORITY_PERCENT) => {
                Language::Mixed
            }
            (cjk, words) if cjk > words => Language::Zh,
            _ => Language::En,
        };
        Some(language)
    }
}

/// Whether `part` is at least `percent` percent of `total`, in integers so that the
/// thresholds are exact.
fn holds_share(part: u32, total: u32, percent: u32) -> bool {
    u64::from(part) * 100 >= u64::from(total) * u64::from(percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CharSpan, Sentence, TurnId};

    #[test]
    fn pure_scripts_are_their_language() {
        assert_eq!(language_of("我们下周再聊。"), Some(Language::Zh));
        assert_eq!(language_of("Let's talk next week."), Some(Language::En));
    }

    #[test]
    fn loanwords_do_not_make_chinese_mixed() {
        assert_eq!(
            language_of("这个PR的review可以再细一点"),
            Some(Language::Zh)
        );
        assert_eq!(language_of("我们 Q3 的 OKR 要对齐一下"), Some(Language::Zh));
    }

    #[test]
    fn chinese_words_in_english_do_not_make_it_mixed() {
        assert_eq!(
            language_of("We should review the 周报 format next week"),
            Some(Language::En)
        );
    }

    #[test]
    fn a_real_minority_makes_mixed() {
        assert_eq!(
            language_of("我们 next week 再 sync 一下 about the roadmap"),
            Some(Language::Mixed)
        );
    }

    #[test]
    fn three_loanwords_in_eight_characters_stay_chinese() {
        // 3 of 11 units (27%) are Latin: under the threshold, although the doc comment
        // on `Language::Mixed` uses this sentence as its example of mixed.
        assert_eq!(
            language_of("这个 sprint 的 retro 我们 reschedule 到周五"),
            Some(Language::Zh)
        );
    }

    #[test]
    fn the_threshold_is_inclusive() {
        // 3 CJK of 10 units: exactly 30%.
        assert_eq!(
            language_of("one two three four five six seven 我你他"),
            Some(Language::Mixed)
        );
        // 2 CJK of 10 units: 20%.
        assert_eq!(
            language_of("one two three four five six seven eight 我你"),
            Some(Language::En)
        );
    }

    #[test]
    fn no_units_no_language() {
        assert_eq!(language_of("……？！ 👍"), None);
        assert_eq!(language_of(""), None);
    }

    fn utterance(sentences: &[(Language, u32)]) -> Utterance {
        let sentences = sentences
            .iter()
            .map(|&(language, units)| Sentence {
                span: CharSpan { start: 0, end: 0 },
                text: String::new(),
                language,
                units,
                fillers: vec![],
            })
            .collect();
        Utterance {
            turn: TurnId(1),
            sentences,
        }
    }

    #[test]
    fn conversation_language_is_weighted_by_units() {
        let mostly_zh = [
            utterance(&[(Language::Zh, 80)]),
            utterance(&[(Language::En, 20)]),
        ];
        assert_eq!(conversation_language(&mostly_zh), Some(Language::Zh));
        let balanced = [utterance(&[(Language::Zh, 70), (Language::En, 30)])];
        assert_eq!(conversation_language(&balanced), Some(Language::Mixed));
        let mostly_en = [utterance(&[(Language::En, 90), (Language::Mixed, 10)])];
        assert_eq!(conversation_language(&mostly_en), Some(Language::En));
    }

    #[test]
    fn mixed_sentences_count_for_neither_language() {
        let mixed = [utterance(&[(Language::Zh, 75), (Language::Mixed, 25)])];
        assert_eq!(conversation_language(&mixed), Some(Language::Mixed));
    }

    #[test]
    fn empty_conversation_has_no_language() {
        assert_eq!(conversation_language(&[]), None);
        assert_eq!(conversation_language(&[utterance(&[])]), None);
    }
}
