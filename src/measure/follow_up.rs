//! Whether a later conversation comes back to an action item agreed in an earlier
//! one. DOMAIN.md asks a manager to open with what was agreed last time; the audit
//! counts the items that were, and the agenda lists the ones that were not.
//!
//! The test is lexical and deliberately lenient: the item's key terms (Chinese
//! content words of the workplace segmenter, English content words) named again
//! anywhere in the later conversation. A follow-up rarely repeats the promise word
//! for word ("压测机器搞定了吗" for "压测机器搞定"), but it does name its object.

use std::sync::LazyLock;

use regex::Regex;

use crate::measure::keyphrases::{ChineseKeyphrases, english_candidates};
use crate::normalize::{contains_word, is_cjk};

static KEYPHRASES: LazyLock<ChineseKeyphrases> = LazyLock::new(ChineseKeyphrases::new);

/// Key terms of an item that must come back: two, so that one everyday word shared
/// by chance (方案, report) does not count as a follow-up; an item with a single key
/// term needs just that one.
const TERMS_NEEDED: usize = 2;

/// Whether `later` (the text of a later conversation) names the item `what` again.
/// An item with no key term at all ("好的", "look") can never be followed up.
pub fn follows_up(what: &str, later: &str) -> bool {
    let terms = key_terms(what);
    if terms.is_empty() {
        return false;
    }
    let named = terms.iter().filter(|term| names(later, term)).count();
    named >= TERMS_NEEDED.min(terms.len())
}

/// Whether a weekly report says the item `what` was done: [`follows_up`] over its
/// lines that report rather than plan. A line that plans ("下周把接口文档补齐",
/// "I'll write the runbook") restates the promise instead of following it up.
pub fn reported_in(what: &str, report: &str) -> bool {
    let reported: Vec<&str> = report
        .lines()
        .filter(|line| !PLANNING.is_match(line))
        .collect();
    follows_up(what, &reported.join("\n"))
}

/// Lines that plan ahead: 下周, 准备, "next week", "I'll"… (not 计划 alone: "分批计划已
/// 发陈静" reports).
static PLANNING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)下周|下下周|准备|打算|将会|\bnext week\b|\bplan(?:s|ned)? to\b|\bI'll\b|\bwill\b",
    )
    .expect("PLANNING is a valid regex")
});

/// Chinese content words of two or more characters and English content words of
/// three or more letters, lower-cased, without repeats.
fn key_terms(what: &str) -> Vec<String> {
    let mut terms: Vec<String> = KEYPHRASES
        .content_words(what)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && w.chars().any(is_cjk))
        .map(str::to_owned)
        .collect();
    terms.extend(
        english_candidates(what, usize::MAX)
            .into_iter()
            .flat_map(|c| c.split(' ').map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().count() >= 3),
    );
    terms.sort();
    terms.dedup();
    terms
}

/// `term` in `text`: as a substring for Chinese, as a whole word (any case) for the
/// rest, so that "ship" is not found in "relationship".
fn names(text: &str, term: &str) -> bool {
    if term.chars().any(is_cjk) {
        text.contains(term)
    } else {
        contains_word(text, term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_question_about_the_same_object_follows_up() {
        let item = "把缓存方案发给订单组，约他们组长过一遍";
        assert!(follows_up(item, "上次说的缓存方案，订单组那边看过了吗？"));
        assert!(!follows_up(item, "这个季度的目标我们再对一下。"));
    }

    #[test]
    fn one_shared_everyday_word_is_not_enough() {
        let item = "把 Q4 开放平台的 OKR 初稿发给你";
        assert!(!follows_up(item, "我们今天先聊聊你的平台稳定性。"));
        assert!(follows_up(item, "开放平台的OKR初稿我看了，写得挺清楚。"));
    }

    #[test]
    fn english_items_match_whole_words_in_any_case() {
        let item = "write the on-call runbook for the billing service";
        assert!(follows_up(
            item,
            "Where are we with the Runbook? Billing paged twice."
        ));
        assert!(!follows_up(item, "Our relationship with billing is fine."));
    }

    #[test]
    fn a_report_follows_up_in_lines_that_report_not_in_lines_that_plan() {
        let item = "checklist 我下周就开始用，每次提测的时候附在提测单里";
        assert!(reported_in(item, "其他：从本周起提测都附自测 checklist。"));
        assert!(!reported_in(item, "下周计划：提测附上 checklist。"));
        let item = "把组件库升级的分批计划发给我";
        assert!(reported_in(item, "2. 升级分批计划已发陈静（试点 + 4 批）"));
    }

    #[test]
    fn an_item_without_key_terms_is_never_followed_up() {
        assert!(!follows_up("好的", "好的好的"));
        assert!(!follows_up("做", "我会做的"));
    }
}
