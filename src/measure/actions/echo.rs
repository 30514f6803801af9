//! An acceptance that echoes the time it accepts ("By Wednesday. Okay.", "Every Monday.
//! Fine.", 周三前，没问题。) names the sentence it takes on: the other speaker's last one
//! with that time. People set tasks without any marker of one ("New pars up on the wall by
//! Wednesday.", "I want a food cost check every Monday."), and the echo is then the only
//! sign that a task was set and taken; without it such a sentence stays a statement.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::due::{DueGroup, When, due_groups};
use super::{
    ACCEPT, ActionItem, Candidate, Due, JOINERS, Kind, char_span, clip, compile, concrete,
    conditional, due_of, hedged, only_times, reports_past, what_of,
};
use crate::domain::{Turn, Utterance};
use crate::measure::evidence::Evidence;
use crate::measure::questions;
use crate::normalize::is_cjk;

/// The times a reply echoes as it accepts: before its acceptance ("By Wednesday. Okay.",
/// "Every Monday, starting the 19th. Okay.", "By Wednesday, fine.", 周三前，没问题。) or
/// right after a bare one ("Deal. Next Monday.", 好的，下周一。).
fn echoed_times(reply: &Utterance) -> Option<Vec<When>> {
    let mut sentences = reply.sentences.iter().map(|s| s.text.trim());
    let first = sentences.next()?;
    let accepts = |text: &str| ACCEPT.is_match(text) && !text.ends_with(['?', '？']);
    if let Some(acceptance) = ACCEPT.find(first).filter(|_| accepts(first)) {
        let after = first[acceptance.end()..].trim_start_matches(SEPARATORS);
        let said = if after.is_empty() {
            sentences.next()?
        } else {
            after
        };
        let (groups, rest) = opening_times(said)?;
        return rest.is_empty().then(|| whens(&groups));
    }
    let (groups, rest) = opening_times(first)?;
    let accepting = if ACCEPT.is_match(rest) {
        Some(rest)
    } else {
        sentences.next()
    };
    accepting.filter(|t| accepts(t)).map(|_| whens(&groups))
}

/// What stands between an echoed time and its acceptance.
const SEPARATORS: [char; 9] = [' ', ',', '，', '、', '.', '。', '!', '！', '\n'];

fn whens(groups: &[DueGroup]) -> Vec<When> {
    groups.iter().map(|g| g.when).collect()
}

/// The times a short sentence opens with, and what follows them. An echo is short: a
/// longer sentence says something of its own.
fn opening_times(text: &str) -> Option<(Vec<DueGroup>, &str)> {
    const ECHO_WORDS: usize = 6;
    const ECHO_CHARS: usize = 14;
    let groups = due_groups(text);
    let (opening, last) = (groups.first()?, groups.last()?);
    let short = text.split_whitespace().count() <= ECHO_WORDS
        && text.chars().filter(|&c| is_cjk(c)).count() <= ECHO_CHARS;
    if text.ends_with(['?', '？']) || !short || !only_times(text, 0..opening.range.end, &groups) {
        return None;
    }
    let rest = text[last.range.end..].trim_start_matches(SEPARATORS);
    Some((groups, rest))
}

/// Words before a task set without a marker that are no part of it: a connective, or
/// the speaker wanting it (And I want a food cost check…, 另外我希望…).
static WANTED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:(?:and|so|now|okay|ok|right|also|then|那|那就|还有|另外|然后|再)[,，\s]*)*(?:(?:i\s+(?:want|need|['’]d\s+like|would\s+like)(?:\s+to\s+see)?|我(?:要|希望|需要|想要))\s*)?",
    )
});

/// A sentence that says when something is, not what to do ("The audit is on Friday.",
/// 评审是周三): an echo of its time only notes it.
static STATES: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\b(?:is|are|was|were|will\s+be|['’]s)\b|是"));

/// What a reply's echo of a time takes on in the turn before it.
pub(super) struct Echo {
    /// The sentence whose candidate the echo accepts: the last one with the echoed time,
    /// or, when that is a question with no candidate of its own (Call them both. Can
    /// that be done by Wednesday?), the last request before it.
    pub(super) sentence: usize,
    /// The sentence with the echoed time.
    said: usize,
    group: DueGroup,
    groups: Vec<DueGroup>,
}

impl Echo {
    /// The due the echo agreed, for the candidate it accepts.
    pub(super) fn due(&self, utterance: &Utterance, date: Option<NaiveDate>) -> Due {
        due_of(&utterance.sentences[self.said].text, &self.group, date)
    }
}

/// The echo `reply` makes of a time of `utterance`'s (`found` are its candidates), if it
/// makes one.
pub(super) fn echoed(
    utterance: &Utterance,
    found: &[Candidate],
    reply: &Utterance,
    date: Option<NaiveDate>,
) -> Option<Echo> {
    let echoed = echoed_times(reply)?;
    // The same words, or the same day said otherwise (Friday, this Friday), and the
    // same recurrence or none.
    let same = |g: &DueGroup| {
        echoed.iter().any(|&w| {
            w == g.when
                || (w.repeats() == g.when.repeats()
                    && date.is_some_and(|d| g.resolve(d).is_some() && w.resolve(d) == g.resolve(d)))
        })
    };
    let (said, groups, group) =
        utterance
            .sentences
            .iter()
            .enumerate()
            .rev()
            .find_map(|(index, sentence)| {
                let groups = due_groups(&sentence.text);
                let group = groups.iter().find(|g| same(g))?.clone();
                Some((index, groups, group))
            })?;
    let asked_again = {
        let sentence = &utterance.sentences[said];
        !found.iter().any(|c| c.sentence == said)
            && questions::ask(sentence.text.trim(), sentence.language).is_some()
    };
    let sentence = if asked_again {
        found
            .iter()
            .filter(|c| c.needs_acceptance && c.sentence < said)
            .map(|c| c.sentence)
            .max()
            .unwrap_or(said)
    } else {
        said
    };
    Some(Echo {
        sentence,
        said,
        group,
        groups,
    })
}

/// The item an echo takes on when no rule read a candidate in its sentence: a task set
/// with no marker of one. The owner is the one who echoed.
pub(super) fn unmarked_task(
    turn: &Turn,
    utterance: &Utterance,
    echo: &Echo,
    replier: &str,
    date: Option<NaiveDate>,
) -> Option<ActionItem> {
    let sentence = &utterance.sentences[echo.said];
    let text = sentence.text.as_str();
    if conditional(text)
        || reports_past(text)
        || hedged(text)
        || STATES.is_match(text)
        || questions::ask(text.trim(), sentence.language).is_some()
    {
        return None;
    }
    let bare = without_times(text, &echo.groups);
    let what = what_of(&bare, 0..bare.len(), None, Kind::Directive);
    let what = what[WANTED.find(&what).map_or(0, |m| m.end())..].trim();
    if what.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    Some(ActionItem {
        owner: Some(replier.to_owned()),
        specific: concrete(what),
        what: clip(what),
        due: Some(echo.due(utterance, date)),
        evidence: Evidence::span(turn.id, char_span(sentence, &(0..text.len())), &turn.text),
    })
}

/// `text` with its times taken out: the pieces between them are joined as they were
/// broken, by a comma where punctuation stood next to the time, else as words are.
fn without_times(text: &str, groups: &[DueGroup]) -> String {
    // The words that start a time (starting next Monday, 从下周起) go with it.
    static STARTS_BEFORE: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?i)(?:\b(?:starting|from|as\s+of|beginning)|从)\s*$"));
    static STARTS_AFTER: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s*(?:起|开始)"));
    let punctuation = |c: char| ",，、:：;；.。!！".contains(c);
    let edges = |c: char| c.is_whitespace() || punctuation(c);
    let mut pieces = Vec::new();
    let mut at = 0;
    for group in groups {
        let piece = &text[at..group.range.start];
        pieces.push(
            STARTS_BEFORE
                .find(piece)
                .map_or(piece, |m| &piece[..m.start()]),
        );
        at = group.range.end;
        at += STARTS_AFTER.find(&text[at..]).map_or(0, |m| m.end());
    }
    pieces.push(&text[at..]);
    let cjk = text.chars().any(is_cjk);
    let mut joined = String::new();
    let mut broken = false;
    for piece in pieces {
        let trimmed = piece.trim_matches(edges);
        broken |= piece.trim_start().starts_with(punctuation);
        if !JOINERS.is_match(trimmed) {
            if !joined.is_empty() {
                joined.push_str(match (broken, cjk) {
                    (true, true) => "，",
                    (true, false) => ", ",
                    (false, true) => "",
                    (false, false) => " ",
                });
            }
            joined.push_str(trimmed);
            broken = false;
        }
        broken |= piece.trim_end().ends_with(punctuation);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::super::tests::{EMPLOYEE, MANAGER, items, whats};
    use crate::domain::Repeat;

    /// The items of a manager's turn and the employee's reply.
    fn answered(said: &str, reply: &str) -> Vec<super::ActionItem> {
        items(&[(MANAGER, said), (EMPLOYEE, reply)])
    }

    #[test]
    fn an_echoed_due_takes_on_a_task_set_without_a_marker() {
        let found = answered(
            "Do that. New pars up on the wall by Wednesday.",
            "By Wednesday. Okay.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].owner.as_deref(), Some(EMPLOYEE));
        assert_eq!(found[0].what, "New pars up on the wall");
        let due = found[0].due.as_ref().expect("the echoed due");
        assert_eq!(
            due.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-14")
        );
        assert_eq!(found[0].evidence.turn_id.0, 1);
    }

    #[test]
    fn an_echoed_recurrence_keeps_its_start_out_of_the_task() {
        let found = answered(
            "So, starting next Monday: every Monday, a short status note to me on your open 8Ds.",
            "Every Monday, starting the 19th. Okay.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].what, "a short status note to me on your open 8Ds");
        let due = found[0].due.as_ref().expect("the echoed due");
        assert_eq!(due.repeats, Some(Repeat::Weekly));
        let found = answered(
            "And I want a food cost check every Monday. Invoices against sales.",
            "Every Monday. Fine.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].what, "a food cost check");
    }

    #[test]
    fn a_time_echoed_after_a_bare_acceptance() {
        let found = answered(
            "A handout by next Monday, and you take questions at the meeting. Deal?",
            "Deal. Next Monday.",
        );
        assert_eq!(
            whats(&found),
            ["A handout, and you take questions at the meeting"]
        );
        let found = answered("新的排班表下周一贴出来。", "好的，下周一。");
        assert_eq!(whats(&found), ["新的排班表贴出来"]);
    }

    #[test]
    fn an_echo_accepts_a_request_put_as_a_question() {
        let found = answered(
            "Could you finish the credit course by the end of next month?",
            "End of next month, yes.",
        );
        assert_eq!(whats(&found), ["finish the credit course"], "{found:?}");
        assert_eq!(found[0].owner.as_deref(), Some(EMPLOYEE));
        // The question only asks when: the echo takes on the request before it, with the
        // echoed due.
        let found = answered(
            "Please. Call them both and get the IDs scanned in. Can that be done by Wednesday?",
            "By Wednesday, fine.",
        );
        assert_eq!(whats(&found), ["call them both and get the IDs scanned in"]);
        let due = found[0].due.as_ref().expect("the echoed due");
        assert_eq!(
            due.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-14")
        );
    }

    #[test]
    fn a_chinese_echo_with_its_acceptance_in_one_sentence() {
        let found = answered("新的排班表周三前贴出来。", "周三前，没问题。");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].owner.as_deref(), Some(EMPLOYEE));
        assert_eq!(found[0].what, "新的排班表贴出来");
    }

    #[test]
    fn no_echo_no_item() {
        let said = "New pars up on the wall by Wednesday.";
        for reply in [
            "By Wednesday? Okay.",
            "Friday. Okay.",
            "By Wednesday the whole kitchen will be on the new system. Okay.",
            "By Wednesday. I doubt it.",
        ] {
            let found = answered(said, reply);
            assert!(found.is_empty(), "{reply}: {found:?}");
        }
        for (said, reply) in [
            ("The pars went up last Wednesday.", "Wednesday. Yes."),
            ("The audit is on Friday.", "OK. Friday."),
            ("评审是周三。", "好的，周三。"),
        ] {
            let found = answered(said, reply);
            assert!(found.is_empty(), "{reply}: {found:?}");
        }
    }
}
