//! Filler words: hesitation sounds and empty phrases (嗯, 那个, um, you know).
//!
//! Most filler words are also real words: 啊 ends a sentence as a particle (好啊),
//! 那个 points at something (那个项目), "like" is a verb and "you know" has an object.
//! Each rule is therefore a pattern plus a test on what stands around the match, and
//! the tests lean towards missing a filler rather than flagging a real word.
//!
//! Decisions:
//! - 嗯, 呃 and 就是说 are always fillers: 呃 has no other use in speech. 就是说 is not
//!   a filler in 也就是说 ("in other words", a real connective) nor in 就是说说 / 就是说了
//!   ("just said").
//! - 啊/额 only standing alone: after a pause or the sentence start, and before a pause
//!   or repeated (啊啊). Not before ？/！: 啊？ is surprise, not hesitation.
//! - 那个 only when repeated (那个那个), or before a pause (，、… or a space followed by
//!   Chinese) where it opens a clause or follows a pronoun or a filler (那个，… /
//!   我们那个，… / 就是那个，…). After a noun it is a pronoun: 迁移那个，… is "the
//!   migration one". Before a space and an English word it points at it (那个 PR).
//! - 然后 is never a filler: it carries the order of events.
//! - "you know" only set off by pauses: opening the sentence or after a comma, and
//!   before a comma, terminal punctuation, the end, or "what I mean" (that tag says
//!   nothing either). "Do you know…", "as you know," and "I don't think you know"
//!   ask or assert something and are not fillers.
//! - "like" only between commas (", like,") or opening a sentence before one ("Like, …").
//!   Quotative "I was like" and the verb are not fillers.
//! - "I mean" only opening a sentence before a comma.

use std::sync::LazyLock;

use regex::Regex;

use super::sentences::sentence_spans;
use super::units::is_word_char;
use crate::domain::{CharSpan, Filler};

/// Filler words with spans relative to `text`.
pub fn fillers(text: &str) -> Vec<Filler> {
    sentence_spans(text)
        .into_iter()
        .flat_map(|span| in_sentence(span.slice(text), span.start))
        .collect()
}

/// The fillers of one sentence, with spans shifted by `offset` characters.
pub(super) fn in_sentence(sentence: &str, offset: usize) -> Vec<Filler> {
    let mut found: Vec<Filler> = RULES
        .iter()
        .flat_map(|rule| rule.fillers(sentence))
        .map(|(span, text)| Filler {
            span: CharSpan {
                start: span.start + offset,
                end: span.end + offset,
            },
            text,
        })
        .collect();
    found.sort_by_key(|filler| filler.span.start);
    found
}

/// A candidate filler and what stands around it in its sentence.
struct Context<'a> {
    before: &'a str,
    found: &'a str,
    after: &'a str,
}

/// A filler pattern and the test that tells the filler from the same word used for meaning.
struct Rule {
    pattern: Regex,
    is_filler: fn(&Context) -> bool,
}

impl Rule {
    fn new(pattern: &str, is_filler: fn(&Context) -> bool) -> Rule {
        Rule {
            pattern: Regex::new(pattern).expect("filler patterns are valid; this is a bug"),
            is_filler,
        }
    }

    fn fillers<'s>(&'s self, sentence: &'s str) -> impl Iterator<Item = (CharSpan, String)> + 's {
        self.pattern.find_iter(sentence).filter_map(move |m| {
            let context = Context {
                before: &sentence[..m.start()],
                found: m.as_str(),
                after: &sentence[m.end()..],
            };
            (self.is_filler)(&context).then(|| {
                (
                    CharSpan::from_bytes(sentence, m.range()),
                    m.as_str().to_owned(),
                )
            })
        })
    }
}

static RULES: LazyLock<[Rule; 9]> = LazyLock::new(|| {
    [
        Rule::new("嗯+", |_| true),
        Rule::new("呃+", |_| true),
        Rule::new("啊+|额+", stands_alone),
        Rule::new("(?:那个)+", hesitates_on_demonstrative),
        Rule::new("就是说", says_nothing_more),
        Rule::new(r"(?i)\b(?:u+h*m+|u+h+|erm?|h+m+)\b", is_not_hyphenated),
        Rule::new(r"(?i)\byou know\b", you_know_pauses),
        Rule::new(r"(?i)\blike\b", is_comma_delimited),
        Rule::new(r"(?i)\bi mean\b", opens_before_comma),
    ]
});

/// Punctuation after which 啊 is a reaction, not a hesitation: 啊？ 啊！
const REACTION_MARKS: [char; 4] = ['?', '？', '!', '！'];

/// Punctuation that marks a pause after 那个.
const PAUSE_MARKS: [char; 5] = ['，', ',', '、', '…', '⋯'];

const COMMAS: [char; 2] = [',', '，'];

/// 啊 / 额 standing alone: after the sentence start or a pause, and before a pause or repeated.
fn stands_alone(cx: &Context) -> bool {
    let before_pause = cx
        .after
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && !REACTION_MARKS.contains(&c));
    follows_pause(cx.before) && (before_pause || cx.found.chars().count() > 1)
}

/// Words after which 那个 points at nothing: pronouns, copulas, connectives and fillers.
const NAGE_HOSTS: [&str; 14] = [
    "我", "你", "他", "她", "们", "是", "就是", "然后", "还有", "这个", "嗯", "呃", "啊", "额",
];

/// 那个 repeated, or opening a clause (or after a pronoun) before a pause mark or before a
/// space and more Chinese.
fn hesitates_on_demonstrative(cx: &Context) -> bool {
    let repeated = cx.found.chars().count() > 2;
    let before = cx.before.trim_end();
    let opens = follows_pause(before) || NAGE_HOSTS.iter().any(|host| before.ends_with(host));
    let mut after = cx.after.chars();
    let paused = match after.next() {
        Some(c) if PAUSE_MARKS.contains(&c) => true,
        Some(c) if c.is_whitespace() => after
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| !is_word_char(c)),
        _ => false,
    };
    repeated || (opens && paused)
}

/// 就是说 except in 也就是说 and in "just said" (就是说说, 就是说了, 就是说过, 就是说一下).
fn says_nothing_more(cx: &Context) -> bool {
    !cx.before.ends_with('也') && !cx.after.starts_with(['说', '了', '过', '一'])
}

/// "uh", "um" but not "uh-huh" or "uh-oh".
fn is_not_hyphenated(cx: &Context) -> bool {
    !cx.before.ends_with('-') && !cx.after.starts_with('-')
}

fn you_know_pauses(cx: &Context) -> bool {
    let after = cx.after.trim_start();
    let at_pause = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
    let tag = after.to_lowercase().starts_with("what i mean");
    opens_clause(cx.before) && (at_pause || tag)
}

fn is_comma_delimited(cx: &Context) -> bool {
    opens_clause(cx.before) && cx.after.trim_start().starts_with(COMMAS)
}

fn opens_before_comma(cx: &Context) -> bool {
    cx.before.trim().is_empty() && cx.after.trim_start().starts_with(COMMAS)
}

/// Whether what follows `before` starts the sentence or follows punctuation or a space.
fn follows_pause(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether what follows `before` starts the sentence or follows a comma.
fn opens_clause(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty() || before.ends_with(COMMAS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fillers found in `text`, as written.
    fn found(text: &str) -> Vec<String> {
        fillers(text).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn en_is_always_a_filler_and_runs_are_one() {
        assert_eq!(found("嗯，我觉得还行。"), ["嗯"]);
        assert_eq!(found("嗯嗯，好的。"), ["嗯嗯"]);
        assert_eq!(found("我嗯觉得还行"), ["嗯"]);
    }

    #[test]
    fn e_is_always_a_filler() {
        assert_eq!(found("呃我觉得还行。"), ["呃"]);
    }

    #[test]
    fn a_standing_alone_is_a_filler() {
        assert_eq!(found("啊，这个我想想。"), ["啊"]);
        assert_eq!(found("好的，啊，我们继续。"), ["啊"]);
        assert_eq!(found("啊啊我忘了。"), ["啊啊"]);
        assert_eq!(found("额，我看看。"), ["额"]);
        assert_eq!(found("啊 我觉得"), ["啊"]);
    }

    #[test]
    fn a_as_a_sentence_final_particle_is_not_a_filler() {
        assert!(found("好啊。").is_empty());
        assert!(found("是啊，没错。").is_empty());
        assert!(found("好啊啊").is_empty());
        assert!(found("你说啊").is_empty());
    }

    #[test]
    fn a_as_surprise_is_not_a_filler() {
        assert!(found("啊？什么意思？").is_empty());
        assert!(found("啊！太好了").is_empty());
    }

    #[test]
    fn e_inside_words_is_not_a_filler() {
        assert!(found("这个额度不够。").is_empty());
        assert!(found("金额，大概十万。").is_empty());
        assert!(found("额度，我们再申请。").is_empty());
    }

    #[test]
    fn nage_before_a_pause_or_repeated_is_a_filler() {
        assert_eq!(found("那个，我想说一下。"), ["那个"]);
        assert_eq!(found("我们那个……进度有点慢。"), ["那个"]);
        assert_eq!(found("那个那个项目怎么样了"), ["那个那个"]);
        assert_eq!(found("那个 我们再看看"), ["那个"]);
        assert_eq!(found("就是那个，我们再看。"), ["那个"]);
        assert_eq!(found("嗯，那个，今天先聊目标。"), ["嗯", "那个"]);
    }

    #[test]
    fn nage_as_a_demonstrative_is_not_a_filler() {
        assert!(found("那个项目进度怎么样？").is_empty());
        assert!(found("那个 PR 我看了。").is_empty());
        assert!(found("我要的就是那个。").is_empty());
        assert!(found("就是迁移那个，我还是希望能讲清楚。").is_empty());
        assert!(found("差错率那个……").is_empty());
    }

    #[test]
    fn jiushishuo_is_a_filler_except_as_a_connective() {
        assert_eq!(found("就是说我们要加快。"), ["就是说"]);
        assert!(found("也就是说，我们要加快。").is_empty());
        assert!(found("我就是说说而已。").is_empty());
        assert!(found("我就是说了他两句。").is_empty());
    }

    #[test]
    fn ranhou_is_not_a_filler() {
        assert!(found("然后我们再看下一个。").is_empty());
    }

    #[test]
    fn english_hesitations_are_fillers_in_any_case() {
        assert_eq!(found("Um, I think so."), ["Um"]);
        assert_eq!(
            found("So uh we umm shipped it, er, late."),
            ["uh", "umm", "er"]
        );
        assert_eq!(found("Hmm, ERM, let me think."), ["Hmm", "ERM"]);
    }

    #[test]
    fn hesitation_letters_inside_words_or_backchannels_are_not_fillers() {
        assert!(found("Uh-huh. Uh-oh.").is_empty());
        assert!(found("The umbrella policy, her umpire, the error.").is_empty());
    }

    #[test]
    fn you_know_at_a_pause_is_a_filler() {
        assert_eq!(found("It's, you know, hard."), ["you know"]);
        assert_eq!(found("It's hard, you know?"), ["you know"]);
        assert_eq!(found("You know, I think we can."), ["You know"]);
        assert_eq!(found("It was late, you know what I mean."), ["you know"]);
    }

    #[test]
    fn you_know_with_an_object_or_a_question_is_not_a_filler() {
        assert!(found("Do you know the answer?").is_empty());
        assert!(found("As you know, we ship on Friday.").is_empty());
        assert!(found("You know the deadline.").is_empty());
        assert!(found("I don’t think you know, do you?").is_empty());
    }

    #[test]
    fn comma_delimited_like_is_a_filler() {
        assert_eq!(found("It was, like, huge."), ["like"]);
        assert_eq!(found("Like, I don't know."), ["Like"]);
    }

    #[test]
    fn like_as_a_verb_or_quotative_is_not_a_filler() {
        assert!(found("I like it.").is_empty());
        assert!(found("She was like wow.").is_empty());
        assert!(found("It looks like rain, I think.").is_empty());
    }

    #[test]
    fn i_mean_opening_a_sentence_is_a_filler() {
        assert_eq!(found("I mean, it's fine."), ["I mean"]);
        assert_eq!(found("Sure. I mean, why not."), ["I mean"]);
    }

    #[test]
    fn i_mean_with_content_is_not_a_filler() {
        assert!(found("What I mean is this.").is_empty());
        assert!(found("I mean it.").is_empty());
    }

    #[test]
    fn spans_are_relative_to_the_whole_text() {
        let text = "好的。嗯，那个，我们开始。OK, um, go.";
        let fillers = fillers(text);
        let spans: Vec<(usize, usize)> =
            fillers.iter().map(|f| (f.span.start, f.span.end)).collect();
        assert_eq!(spans, [(3, 4), (5, 7), (17, 19)]);
        for filler in &fillers {
            assert_eq!(filler.span.slice(text), filler.text);
        }
    }
}
