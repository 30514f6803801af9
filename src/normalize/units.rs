//! Speech units: the length of what was said, comparable across Chinese and English.
//!
//! One CJK character is one unit and so is one Latin word or number, because a
//! spoken Chinese syllable and a spoken English word take about the same time
//! (PRODUCT.md "talk share … by speech units"). This file owns the tokenizer
//! that tells the two apart; language detection counts with it too.

/// Whether `c` is a spoken CJK character: a Han ideograph, kana or hangul.
///
/// CJK punctuation (。、「」・) is not: it is not said aloud.
pub fn is_cjk(c: char) -> bool {
    let spoken_block = matches!(
        u32::from(c),
        0x3005 | 0x3007 // 々 iteration mark, 〇 zero
        | 0x1100..=0x11FF // hangul jamo
        | 0x3040..=0x30FF // hiragana, katakana
        | 0x3130..=0x318F // hangul compatibility jamo
        | 0x31F0..=0x31FF // katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x2_0000..=0x3_23AF // CJK extensions B–H and compatibility supplement
    );
    spoken_block && c.is_alphanumeric()
}

/// Whether `c` belongs to a Latin-script word or number (any alphanumeric that is not CJK).
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Speech units: one per CJK character (Han, also kana/hangul), one per Latin word or number
/// run ("3.5", "Q3", "don't", "e-mail" = 1 each). Punctuation and emoji count 0.
pub fn speech_units(text: &str) -> u32 {
    Composition::of(text).total()
}

/// How many units of each script a text holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Composition {
    /// CJK characters.
    pub cjk: u32,
    /// Latin words and numbers.
    pub words: u32,
}

impl Composition {
    pub(super) fn of(text: &str) -> Composition {
        let chars: Vec<char> = text.chars().collect();
        let mut composition = Composition::default();
        let mut in_word = false;
        for (i, &c) in chars.iter().enumerate() {
            if is_cjk(c) {
                composition.cjk += 1;
                in_word = false;
            } else if is_word_char(c) {
                composition.words += u32::from(!in_word);
                in_word = true;
            } else {
                in_word = in_word && joins_word(&chars, i);
            }
        }
        composition
    }

    pub(super) fn total(self) -> u32 {
        self.cjk + self.words
    }
}

/// Whether the punctuation at `i` sits inside a word rather than between two:
/// "don't", "e-mail", `snake_case`, "3.5", "e.g", "1,000".
fn joins_word(chars: &[char], i: usize) -> bool {
    let (Some(&before), Some(&after)) = (
        i.checked_sub(1).and_then(|b| chars.get(b)),
        chars.get(i + 1),
    ) else {
        return false;
    };
    match chars[i] {
        '\'' | '’' | '-' | '_' | '.' => is_word_char(before) && is_word_char(after),
        ',' => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

/// Whether `text` holds `word` as a whole word, in any case: "ship" is not found in
/// "relationship", "Runbook" is found in "the runbook?". For terms of alphabetic
/// scripts; Chinese has no word boundaries to look for.
pub fn contains_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    !word.is_empty()
        && text.match_indices(&word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_found_in_any_case_and_parts_of_words_are_not() {
        assert!(contains_word("Where are we with the Runbook?", "runbook"));
        assert!(!contains_word("Our relationship is fine.", "ship"));
        assert!(contains_word("on-call runbook", "on-call"));
        assert!(!contains_word("anything", ""));
    }

    #[test]
    fn every_cjk_character_is_one_unit() {
        assert_eq!(speech_units("我们下周再聊。"), 6);
        assert_eq!(speech_units("ありがとう"), 5);
        assert_eq!(speech_units("감사합니다"), 5);
    }

    #[test]
    fn every_latin_word_or_number_is_one_unit() {
        assert_eq!(speech_units("Let's ship it on Friday."), 5);
        assert_eq!(speech_units("Revenue grew 3.5 percent in Q3"), 6);
        assert_eq!(speech_units("don't send the e-mail"), 4);
        assert_eq!(speech_units("about 1,000 users, e.g. the pilot"), 6);
    }

    #[test]
    fn curly_apostrophes_join_words_too() {
        assert_eq!(speech_units("we don’t know"), 3);
    }

    #[test]
    fn punctuation_emoji_and_whitespace_count_zero() {
        assert_eq!(speech_units("……！？ 👍 —— ..."), 0);
        assert_eq!(speech_units(""), 0);
        assert_eq!(speech_units("。、「」・"), 0);
    }

    #[test]
    fn mixed_text_counts_both_scripts() {
        // 这 个 的 可 以 再 细 一 点 = 9, PR review = 2
        assert_eq!(speech_units("这个PR的review可以再细一点"), 11);
        assert_eq!(
            Composition::of("我们 next week 再 sync 一下"),
            Composition { cjk: 5, words: 3 }
        );
    }

    #[test]
    fn punctuation_at_the_edges_does_not_join() {
        assert_eq!(speech_units("-ok- 'yes' 3."), 3);
    }

    #[test]
    fn cjk_punctuation_is_not_cjk() {
        assert!(is_cjk('中'));
        assert!(is_cjk('〇'));
        assert!(!is_cjk('。'));
        assert!(!is_cjk('・'));
        assert!(!is_cjk('a'));
    }
}
