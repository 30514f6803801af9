//! Labelling phrases: feedback that judges the person instead of the event
//! (DOMAIN.md "No labelling: 你总是…, 你从来不…, you always…, you never…").
//!
//! Decisions:
//! - The measure is the generalising phrase itself, so praise phrased as a label
//!   ("你总是很靠谱", "you always deliver") is flagged too. DOMAIN.md asks for specific,
//!   behavioural feedback either way (对事不对人), and whether a phrase stung is the
//!   sentiment head's call: the caller can weigh each phrase with its sentence's
//!   sentiment. Only fixed phrases count; adjectives only in "you're (so) lazy /
//!   careless / sloppy / negative / difficult".
//! - Not labelling: a condition ("如果你总是拖延…", "if you always test first…"), a
//!   question about a habit ("do you always…"), and the idioms "you never know" and
//!   "you're always welcome". 我总是… is about oneself and never matches.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::CharSpan;

/// A labelling phrase and where it stands in the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LabellingPhrase {
    pub span: CharSpan,
    pub text: String,
}

/// Labelling phrases (DOMAIN.md: "你总是…", "you never…"): judging the person, not the
/// event. Spans relative to `text`.
pub fn labelling_phrases(text: &str) -> Vec<LabellingPhrase> {
    LABELS
        .find_iter(text)
        .filter(|m| !is_condition_or_idiom(&text[..m.start()], &text[m.start()..]))
        .map(|m| LabellingPhrase {
            span: CharSpan::from_bytes(text, m.range()),
            text: m.as_str().to_owned(),
        })
        .collect()
}

/// The phrases, Chinese then English. "每次都这样" comes first so that
/// "你每次都这样" is one phrase rather than "你每次都" and a remainder.
static LABELS: LazyLock<Regex> = LazyLock::new(|| {
    let you_zh = "(?:你们?|您)";
    let zh_habit = "总是|老是|从来不|从来没|从不|每次都|一直都|根本就?[不没]|就是这样|永远";
    let zh = format!("{you_zh}?每次都这样|你这个人|{you_zh}(?:{zh_habit})");
    let you_are = "you(?:'re|’re| are)";
    let adjective = "(?:so )?(?:lazy|careless|sloppy|negative|difficult)";
    let en = format!(
        r"\b(?:{you_are}? (?:always|never|constantly)|every time you|{you_are} the kind of person|{you_are} {adjective})\b"
    );
    Regex::new(&format!("(?i){zh}|{en}")).expect("labelling pattern is valid; this is a bug")
});

/// Words that make what follows a condition, not a verdict.
const ZH_CONDITIONS: [&str; 5] = ["如果", "要是", "假如", "只要", "万一"];

/// English words before "you" that make the phrase a condition or a question.
const EN_CONDITIONS: [&str; 7] = ["if", "when", "whenever", "unless", "do", "does", "did"];

/// Idioms that contain a phrase but label nobody, lowercase.
const IDIOMS: [&str; 4] = [
    "you never know",
    "you're always welcome",
    "you’re always welcome",
    "you are always welcome",
];

/// Whether the phrase starting `from` (after `before`) is a condition, a question about a
/// habit or an idiom.
fn is_condition_or_idiom(before: &str, from: &str) -> bool {
    let previous_word = before
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|word| !word.is_empty())
        .map(str::to_lowercase);
    let from = from.to_lowercase();
    ZH_CONDITIONS.iter().any(|word| before.ends_with(word))
        || previous_word.is_some_and(|word| EN_CONDITIONS.contains(&word.as_str()))
        || IDIOMS.iter().any(|idiom| from.starts_with(idiom))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<String> {
        labelling_phrases(text)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn chinese_labels_are_found() {
        assert_eq!(phrases("你总是拖到最后一天。"), ["你总是"]);
        assert_eq!(phrases("你们老是不按时交。"), ["你们老是"]);
        assert_eq!(
            phrases("你从来不主动汇报，你从来没按时交过。"),
            ["你从来不", "你从来没"]
        );
        assert_eq!(phrases("你从不看文档"), ["你从不"]);
        assert_eq!(phrases("您每次都迟到"), ["您每次都"]);
        assert_eq!(phrases("你一直都这样"), ["你一直都"]);
        assert_eq!(
            phrases("你根本就不在乎，你根本不听，你根本没看"),
            ["你根本就不", "你根本不", "你根本没"]
        );
        assert_eq!(phrases("你就是这样的人"), ["你就是这样"]);
        assert_eq!(phrases("你这个人太粗心了"), ["你这个人"]);
        assert_eq!(phrases("你永远学不会"), ["你永远"]);
    }

    #[test]
    fn every_time_like_this_is_one_phrase_with_or_without_you() {
        assert_eq!(phrases("每次都这样！"), ["每次都这样"]);
        assert_eq!(phrases("你每次都这样。"), ["你每次都这样"]);
    }

    #[test]
    fn english_labels_are_found_in_any_case() {
        assert_eq!(phrases("You always miss the deadline."), ["You always"]);
        assert_eq!(phrases("you're never on time"), ["you're never"]);
        assert_eq!(
            phrases("You are ALWAYS late and you constantly interrupt."),
            ["You are ALWAYS", "you constantly"]
        );
        assert_eq!(
            phrases("Every time you present, it runs over."),
            ["Every time you"]
        );
        assert_eq!(
            phrases("You're the kind of person who waits."),
            ["You're the kind of person"]
        );
        assert_eq!(phrases("You’re always late"), ["You’re always"]);
    }

    #[test]
    fn fixed_adjectives_are_labels() {
        assert_eq!(phrases("You're so lazy."), ["You're so lazy"]);
        assert_eq!(phrases("you are careless"), ["you are careless"]);
        assert_eq!(
            phrases("You're sloppy and you are so negative"),
            ["You're sloppy", "you are so negative"]
        );
    }

    #[test]
    fn praise_phrased_as_a_label_is_flagged_too() {
        assert_eq!(phrases("你总是很靠谱。"), ["你总是"]);
        assert_eq!(phrases("You always did a great job."), ["You always"]);
    }

    #[test]
    fn speaking_about_oneself_or_things_is_not_labelling() {
        assert!(phrases("我总是提醒自己。").is_empty());
        assert!(phrases("这个项目总是延期。").is_empty());
        assert!(phrases("I always check twice.").is_empty());
        assert!(phrases("You're so right.").is_empty());
    }

    #[test]
    fn conditions_and_habit_questions_are_not_labelling() {
        assert!(phrases("如果你总是拖延，风险会很大。").is_empty());
        assert!(phrases("要是你每次都提前同步就好了").is_empty());
        assert!(phrases("If you always test first, bugs drop.").is_empty());
        assert!(phrases("Do you always work late?").is_empty());
    }

    #[test]
    fn idioms_are_not_labelling() {
        assert!(phrases("You never know.").is_empty());
        assert!(phrases("You're always welcome here.").is_empty());
    }

    #[test]
    fn only_whole_words_match() {
        assert!(phrases("you neverending story").is_empty());
        assert!(phrases("Bayou always floods").is_empty());
    }

    #[test]
    fn spans_are_in_characters_of_the_text() {
        let text = "好的。你总是迟到，you never call.";
        let found = labelling_phrases(text);
        assert_eq!(found[0].span, CharSpan { start: 3, end: 6 });
        assert_eq!(found[1].span, CharSpan { start: 9, end: 18 });
        for phrase in &found {
            assert_eq!(phrase.span.slice(text), phrase.text);
        }
    }
}
