//! Conversational moves the coaching report looks for that `measure` does not count:
//! the manager's closing summary, the manager restating what they heard, and the
//! employee pushing back (and whether they then had room to explain). Rules over the
//! sentences `normalize` cut, no model; each move carries the text it rests on.
//!
//! - A closing summary is a manager turn in the last 30% of the turns with a summary
//!   cue (总结一下, 那就这么定, "to recap", "so we agreed"…) in a sentence that is not
//!   a question, or that lists points: a sentence opening with 第一 / 一， / "One,"
//!   and a later one with 第二 / 二， / "Two,", or one sentence listing at least two
//!   dated things ("pairing on Thursday, a first draft by the 30th, and…"). The
//!   last such turn is the summary.
//! - A reflection is a manager sentence that restates the employee's words
//!   (你的意思是…, 你刚才提到…, "so you're saying", "what I'm hearing").
//! - A pushback is an employee sentence that disagrees (我有不同意见, 我想解释一下,
//!   "that's not totally fair", "part of this is on…"). The employee had room to
//!   explain when the manager's reply did not cut in (an interruption), did not
//!   dismiss (a rhetorical question or a labelling phrase), and the employee
//!   explained: at least 15 speech units in that turn, or in their next turn after
//!   the manager asked.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::{CharSpan, Conversation, Role, Sentence, Turn, Utterance};
use crate::measure::Analysis;
use crate::measure::evidence::Evidence;
use crate::measure::labelling::labelling_phrases;
use crate::measure::questions::{self, QuestionKind};

/// A closing summary starts after this share of the turns.
const CLOSING_FROM: f64 = 0.7;
/// A pushback that says at least this many speech units explains itself.
const EXPLAINED_UNITS: u32 = 15;

static SUMMARY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)总结(?:一下|下|两句|几点)|小结一下|归纳一下|概括一下|回顾一下今天|就这么定|就这么说定|说定了|我们说好了|\b(?:to sum (?:it |this )?up|summing up|in summary|to summari[sz]e|let me summari[sz]e|let's summari[sz]e|to recap|let me recap|let's recap|quick recap|to wrap (?:this |it |things )?up|let(?:'s| me) wrap (?:this |it |things )?up|so we(?:'ve| have)? agreed|here's what we(?:'ve)? agreed|what we agreed|here's the plan)\b|^(?:so|okay|ok|alright)?,?\s*(?:a\s+)?(?:quick\s+)?recap\b",
    )
});

/// A sentence opening a list: 第一， / 一、 / 1. / "One," / "First,".
static FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^(?:第一[，、,：:个条点项是]|一[，、,．]|1[.、)）]\s*|(?i:one|first|firstly)[,:])")
});

/// A sentence going on with a list: 第二， / 二、 / 2. / "Two," / "Second,".
static SECOND: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^(?:第二[，、,：:个条点项是]|二[，、,．]|2[.、)）]\s*|(?i:two|second|secondly)[,:])")
});

/// A time something is due by: 周五前, 月底, 下周三, "by the 30th", "on Thursday".
static DUE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?:月底|月初|月中|年底|周末|(?:下|这|本)周[一二三四五六日天]?|周[一二三四五六日天]|星期[一二三四五六日天]|明天|后天|[0-9一二三四五六七八九十]+月(?:[0-9一二三四五六七八九十]+[号日])?|[0-9一二三四五六七八九十]+[号日]|[一二三四1-4]季度)(?:前|之前|以前)?|\b(?:(?:by|before|on|until|starting|from)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|week|month|quarter)|eod|eow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|\d{1,2}(?:st|nd|rd|th)|(?:january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+\d{1,2}(?:st|nd|rd|th)?)?)|today|tomorrow|next\s+(?:week|month|monday|tuesday|wednesday|thursday|friday))\b",
    )
});

/// Dues a summary sentence lists, and the separators between its items.
const LISTED_DUES: usize = 2;
const LIST_SEPARATORS: usize = 2;

static REFLECTION: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)你的意思是|所以你(?:是说|觉得|认为)|也就是说你|我理解(?:的是|下来|你的意思)|如果我没理解错|如果我理解得?没错|听下来|我听到的是|你刚才(?:说|提到)|你提到|^你说(?:的|到|过)?[^说，,呢吧？?。！!]|\b(?:what i(?:'m| am) hearing|what i hear (?:you saying|is)|so you(?:'re| are) saying|you(?:'re| are) saying that|if i understand (?:you )?(?:correctly|right)|if i heard you right|in other words|it sounds like you|sounds like you|let me make sure i understand|you mentioned|so what you're telling me)\b",
    )
});

static PUSHBACK: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)有不同(?:意见|看法)|不太?同意|不太?认同|我不这么(?:看|认为|觉得)|我?想解释一下|我解释一下|不是这样的|不太?公平|其实不是|并不是这样|我不是从来|\b(?:i (?:don't|do not) (?:really |quite |fully )?agree|i disagree|that's not (?:totally |entirely |quite |really |completely |exactly )?(?:fair|true|right|accurate|what happened)|that isn't (?:fair|true|right)|i don't think (?:that's|it's|that is) (?:fair|right|true|accurate)|i'd (?:like to )?push back|i want to push back|in my defen[cs]e|part of (?:this|that|it) is on|it wasn't (?:just|only|all) (?:me|on me)|that's not how i see it|i see it differently|i'd like to explain)\b",
    )
});

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the move patterns are valid; this is a bug")
}

/// Matching sees straight apostrophes whatever the transcript used.
fn plain(text: &str) -> String {
    text.trim().replace(['’', '‘'], "'")
}

/// Whether the employee had room to explain a pushback, or what took it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Room {
    Given,
    /// The manager's reply started before the employee had finished.
    CutOff,
    /// The manager answered with a rhetorical question or a label.
    Dismissed,
    /// The employee said too little to explain and was not asked to.
    Unexplained,
}

/// The employee disagreeing, and what the manager did next.
#[derive(Debug, Clone, PartialEq)]
pub struct Pushback {
    /// From the disagreeing sentence to the end of the turn.
    pub said: Evidence,
    /// The manager's next turn, when the manager spoke next.
    pub reply: Option<Evidence>,
    pub room: Room,
}

/// Turns with their sentences and roles, in order.
struct Lines<'a> {
    turns: Vec<(&'a Turn, &'a Utterance, Role)>,
}

impl<'a> Lines<'a> {
    fn of(conversation: &'a Conversation, analysis: &'a Analysis) -> Lines<'a> {
        Lines {
            turns: conversation
                .turns
                .iter()
                .zip(&analysis.utterances)
                .map(|(t, u)| (t, u, analysis.roles.role_of(&t.speaker)))
                .collect(),
        }
    }
}

fn is_question(sentence: &Sentence) -> bool {
    questions::ask(&sentence.text, sentence.language).is_some()
}

/// Evidence running from `sentence` to the end of its turn.
fn from_sentence(turn: &Turn, sentence: &Sentence) -> Evidence {
    let end = turn.text.chars().count();
    Evidence::span(
        turn.id,
        CharSpan {
            start: sentence.span.start,
            end,
        },
        &turn.text,
    )
}

/// The manager's closing summary (module doc), from its cue to the end of the turn.
pub fn closing_summary(conversation: &Conversation, analysis: &Analysis) -> Option<Evidence> {
    let lines = Lines::of(conversation, analysis);
    let from = (lines.turns.len() as f64 * CLOSING_FROM).floor() as usize;
    lines
        .turns
        .iter()
        .skip(from)
        .filter(|(_, _, role)| *role == Role::Manager)
        .rev()
        .find_map(|(turn, utterance, _)| summary_in(turn, utterance))
}

fn summary_in(turn: &Turn, utterance: &Utterance) -> Option<Evidence> {
    let cue = utterance
        .sentences
        .iter()
        .find(|s| !is_question(s) && SUMMARY.is_match(&plain(&s.text)));
    if let Some(sentence) = cue {
        return Some(from_sentence(turn, sentence));
    }
    let dated_list = utterance.sentences.iter().find(|s| {
        let text = plain(&s.text);
        !is_question(s)
            && DUE.find_iter(&text).count() >= LISTED_DUES
            && text.chars().filter(|c| "，,、；;".contains(*c)).count() >= LIST_SEPARATORS
    });
    if let Some(sentence) = dated_list {
        return Some(from_sentence(turn, sentence));
    }
    let first = utterance
        .sentences
        .iter()
        .position(|s| FIRST.is_match(&plain(&s.text)))?;
    utterance.sentences[first + 1..]
        .iter()
        .any(|s| SECOND.is_match(&plain(&s.text)))
        .then(|| from_sentence(turn, &utterance.sentences[first]))
}

/// The manager's sentences that restate what the employee said.
pub fn reflections(conversation: &Conversation, analysis: &Analysis) -> Vec<Evidence> {
    Lines::of(conversation, analysis)
        .turns
        .iter()
        .filter(|(_, _, role)| *role == Role::Manager)
        .flat_map(|(turn, utterance, _)| {
            utterance
                .sentences
                .iter()
                .filter(|s| REFLECTION.is_match(&plain(&s.text)))
                .map(|s| Evidence::span(turn.id, s.span, &turn.text))
        })
        .collect()
}

/// Every employee turn that disagrees, with the room the employee had (module doc).
pub fn pushbacks(conversation: &Conversation, analysis: &Analysis) -> Vec<Pushback> {
    let lines = Lines::of(conversation, analysis);
    let interrupted_by_manager = |turn: &Turn| {
        analysis.rhythm.as_ref().is_some_and(|r| {
            r.interruptions
                .iter()
                .any(|i| i.turn_id == turn.id && i.by == analysis.roles.manager)
        })
    };
    let mut found = Vec::new();
    for (i, &(turn, utterance, role)) in lines.turns.iter().enumerate() {
        if role != Role::Employee {
            continue;
        }
        let Some(sentence) = utterance
            .sentences
            .iter()
            .find(|s| PUSHBACK.is_match(&plain(&s.text)))
        else {
            continue;
        };
        let reply = lines
            .turns
            .get(i + 1)
            .filter(|(_, _, role)| *role == Role::Manager);
        let after = lines
            .turns
            .get(i + 2)
            .filter(|(_, _, role)| *role == Role::Employee);
        let asked = reply.is_some_and(|(_, u, _)| {
            u.sentences.iter().any(|s| {
                questions::ask(&s.text, s.language)
                    .is_some_and(|a| a.kind != QuestionKind::Rhetorical)
            })
        });
        let explained = utterance.units() >= EXPLAINED_UNITS
            || (asked && after.is_some_and(|(_, u, _)| u.units() >= EXPLAINED_UNITS));
        let room = match reply {
            Some((reply, _, _)) if interrupted_by_manager(reply) => Room::CutOff,
            Some((reply, u, _)) if dismisses(reply, u) => Room::Dismissed,
            _ if !explained => Room::Unexplained,
            _ => Room::Given,
        };
        found.push(Pushback {
            said: from_sentence(turn, sentence),
            reply: reply.map(|(t, _, _)| Evidence::turn(t)),
            room,
        });
    }
    found
}

/// A reply that shuts the point down: a rhetorical question or a label.
fn dismisses(turn: &Turn, utterance: &Utterance) -> bool {
    !labelling_phrases(&turn.text).is_empty()
        || utterance.sentences.iter().any(|s| {
            questions::ask(&s.text, s.language).is_some_and(|a| a.kind == QuestionKind::Rhetorical)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TurnId;
    use crate::products::test_support::{measured, measured_turns};

    #[test]
    fn a_late_summary_cue_or_list_is_a_closing_summary() {
        let (c, a) = measured(
            &[
                ("M", "我们开始吧。"),
                ("E", "好的。"),
                ("M", "你觉得这个月怎么样？"),
                ("E", "还可以，就是接口一直卡着。"),
                (
                    "M",
                    "那我们总结一下。第一，你周三前把需求发我。第二，我去找刘总监。",
                ),
                ("E", "好的。"),
            ],
            false,
        );
        let summary = closing_summary(&c, &a).expect("a summary");
        assert_eq!(summary.turn_id, TurnId(5));
        assert!(summary.quote.starts_with("那我们总结一下"));
        let (c, a) = measured(
            &[
                ("M", "How did the quarter go?"),
                ("E", "Mostly fine, the audit slipped."),
                (
                    "M",
                    "Okay. One, you send the audit plan by Friday. Two, I talk to finance.",
                ),
                ("E", "Sounds good."),
            ],
            false,
        );
        let summary = closing_summary(&c, &a).expect("a listed summary");
        assert!(summary.quote.starts_with("One, you send"));
        let (c, a) = measured(
            &[
                ("M", "What would you change?"),
                ("E", "Pair with Daniel, and write review guidelines."),
                (
                    "M",
                    "Okay. So, pairing with Daniel on Thursday, a first draft by the 30th, and we look at it together.",
                ),
                ("E", "Works for me."),
            ],
            false,
        );
        let summary = closing_summary(&c, &a).expect("a dated list");
        assert!(
            summary.quote.starts_with("So, pairing"),
            "{}",
            summary.quote
        );
    }

    #[test]
    fn one_dated_request_is_not_a_summary() {
        let (c, a) = measured(
            &[
                ("M", "你觉得这两个点差在哪里？"),
                ("E", "主要是退换货的工单。"),
                (
                    "M",
                    "另外月底前你整理一份近三个月重复问题的清单，我们下次面谈一起看。",
                ),
                ("E", "好的。"),
            ],
            false,
        );
        assert_eq!(closing_summary(&c, &a), None);
    }

    #[test]
    fn an_early_cue_or_a_question_is_not_a_closing_summary() {
        let (c, a) = measured(
            &[
                ("M", "先总结一下上次的情况。"),
                ("E", "好的。"),
                ("M", "你觉得呢？"),
                ("E", "还行。"),
                ("M", "Can you recap what we agreed?"),
                ("E", "Sure."),
            ],
            false,
        );
        assert_eq!(closing_summary(&c, &a), None);
    }

    #[test]
    fn restating_the_employee_is_a_reflection() {
        let (c, a) = measured(
            &[
                ("M", "How is the migration going?"),
                ("E", "Slow, the vendor keeps changing the schema."),
                (
                    "M",
                    "So you're saying the schema is the blocker. What would help?",
                ),
                ("E", "A freeze."),
            ],
            false,
        );
        let found = reflections(&c, &a);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].turn_id, TurnId(3));
    }

    #[test]
    fn a_pushback_answered_with_a_rhetorical_question_had_no_room() {
        let (c, a) = measured(
            &[
                ("M", "You never log your calls."),
                (
                    "E",
                    "That’s not totally fair. I have been calling their procurement lead every single week.",
                ),
                ("M", "How many times do we have to have this conversation?"),
                ("E", "Okay."),
            ],
            false,
        );
        let found = pushbacks(&c, &a);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].room, Room::Dismissed);
        assert_eq!(found[0].said.turn_id, TurnId(2));
    }

    #[test]
    fn a_pushback_the_manager_takes_up_had_room() {
        let (c, a) = measured(
            &[
                ("M", "你从来不按时录。"),
                (
                    "E",
                    "这个我想解释一下。我不是从来不录，七月份我基本都是当天录的，八月客户太多。",
                ),
                ("M", "嗯，你说得对，我收回。"),
            ],
            true,
        );
        let found = pushbacks(&c, &a);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].room, Room::Given);
        assert_eq!(found[0].reply.as_ref().map(|r| r.turn_id), Some(TurnId(3)));
    }

    #[test]
    fn a_manager_cutting_into_a_pushback_leaves_no_room() {
        let turns = vec![
            Turn::for_test(1, "M", &[(0.0, 5.0)], "你这个月的报告又晚了。"),
            Turn::for_test(
                2,
                "E",
                &[(6.0, 20.0)],
                "这个我有不同意见，数据是周四晚上才给到我的，我第二天就交了。",
            ),
            Turn::for_test(3, "M", &[(17.0, 25.0)], "好了，下次早点交。"),
        ];
        let (conversation, analysis) = measured_turns(turns);
        assert_eq!(pushbacks(&conversation, &analysis)[0].room, Room::CutOff);
    }

    #[test]
    fn a_short_pushback_nobody_asks_about_is_unexplained() {
        let (c, a) = measured(
            &[
                ("M", "The report was late."),
                ("E", "I disagree."),
                ("M", "Moving on to the budget."),
            ],
            false,
        );
        assert_eq!(pushbacks(&c, &a)[0].room, Room::Unexplained);
        let (c, a) = measured(
            &[
                ("M", "The report was late."),
                ("E", "I disagree."),
                ("M", "Tell me why?"),
                (
                    "E",
                    "Because the data came in on Thursday night and I still sent it within a day of that.",
                ),
            ],
            false,
        );
        assert_eq!(pushbacks(&c, &a)[0].room, Room::Given);
    }
}
