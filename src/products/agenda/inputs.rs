//! What the agenda reads, prepared: the reports of the look-back window, the earlier
//! conversations in time order, the inputs' language, the lines of a report, and the
//! signals the agenda finds itself (late hours in several reports, a topic the last
//! two conversations left out), which `products::signals` does not.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use crate::domain::Language;
use crate::normalize::{ReportLine, is_cjk, report_lines, speech_units};
use crate::products::signals::WeekReport;
use crate::store::IsoWeek;

use super::wording::{GapSubject, Words};
use super::{AgendaSignal, AgendaSignalKind, Evidence, PastConversation};

/// Reports (weeks) with late hours or strain that make a workload signal: three, as
/// for a falling mood; one late week is a deadline, three are a pattern.
pub const MIN_WORKLOAD_WEEKS: usize = 3;

/// How many of the latest conversations a topic must be missing from to be a gap.
pub const GAP_CONVERSATIONS: usize = 2;

/// The reports of the `weeks` ISO weeks before the week of `date` (on any day of
/// 2026-W41, eight weeks are 2026-W33 to W40), plus one of the conversation's own
/// week already written when the week began before the day; weeks ascending.
/// Counting whole ISO weeks, not days, keeps the first week of the window whatever
/// weekday the conversation falls on.
pub fn reports_in_window<'a>(
    reports: &[WeekReport<'a>],
    date: NaiveDate,
    weeks: u32,
) -> Vec<WeekReport<'a>> {
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let first = monday - Duration::weeks(i64::from(weeks));
    let mut kept: Vec<WeekReport<'a>> = reports
        .iter()
        .filter(|r| r.week.monday() >= first && r.week.monday() < date)
        .copied()
        .collect();
    kept.sort_by_key(|r| r.week);
    kept
}

/// The conversations held on or before `date`, oldest first (undated ones first, then
/// by date and id).
pub fn earlier(conversations: &[PastConversation], date: NaiveDate) -> Vec<&PastConversation> {
    let mut kept: Vec<&PastConversation> = conversations
        .iter()
        .filter(|c| c.held_on.is_none_or(|d| d <= date))
        .collect();
    kept.sort_by_key(|c| (c.held_on, c.id));
    kept
}

/// zh or en: the script most of the inputs' speech units are in (a CJK character and
/// an English word count one each); Chinese when there is no text or a tie.
pub fn language(window: &[WeekReport<'_>], history: &[&PastConversation]) -> Language {
    let mut texts: Vec<&str> = window.iter().map(|r| r.text).collect();
    for conversation in history {
        texts.extend(conversation.praise.iter().map(|q| q.text.as_str()));
        for item in &conversation.open_items {
            texts.push(&item.what);
            texts.push(&item.quote);
        }
    }
    let (mut cjk, mut all) = (0u64, 0u64);
    for text in texts {
        cjk += text.chars().filter(|&c| is_cjk(c)).count() as u64;
        all += u64::from(speech_units(text));
    }
    if all > 0 && cjk * 2 < all {
        Language::En
    } else {
        Language::Zh
    }
}

/// The lines of a report that say something, without list markers and heading labels.
pub fn lines(text: &str) -> Vec<ReportLine<'_>> {
    report_lines(text)
        .into_iter()
        .filter(|line| !line.content.is_empty())
        .collect()
}

/// The latest report's work in progress (`进行中：…`, `In progress: …`), when it says.
pub fn in_progress<'a>(window: &[WeekReport<'a>]) -> Option<(IsoWeek, &'a str)> {
    let latest = window.last()?;
    lines(latest.text)
        .into_iter()
        .find(|l| {
            let label = l.label.to_lowercase();
            label.contains("进行中") || label.contains("progress")
        })
        .map(|l| (latest.week, l.content))
}

/// Late hours, weekends, tiredness or a stretched week, as a report says them.
static STRAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)加班|熬夜|通宵|睡不[好着]|睡不太好|有点累|很累|太累|累了|晚上\s*\d{1,2}\s*点|晚上十|\d{1,2}\s*点多|十[一二]?点以后|周末也|周末加|连轴转|顾不过来|抽不出时间|\blate nights?\b|\bevenings?\b|\bweekends?\b|\bstretched\b|\bexhausted\b|\btired\b|\bovertime\b|\blong week\b|\bburn(?:ed|t)?[ -]?out\b",
    )
    .expect("valid regex")
});

/// The signals the agenda finds beyond `products::signals`.
#[derive(Debug, Default)]
pub struct Extra {
    pub workload: Option<AgendaSignal>,
    pub career_gap: Option<AgendaSignal>,
    pub support_gap: Option<AgendaSignal>,
}

impl Extra {
    pub fn into_signals(self) -> Vec<AgendaSignal> {
        [self.workload, self.career_gap, self.support_gap]
            .into_iter()
            .flatten()
            .collect()
    }
}

pub fn extra_signals(
    window: &[WeekReport<'_>],
    history: &[&PastConversation],
    words: &Words,
) -> Extra {
    let latest = last_conversations(history);
    Extra {
        workload: workload(window, words),
        career_gap: gap(&latest, GapSubject::Career, words),
        support_gap: gap(&latest, GapSubject::Support, words),
    }
}

/// The latest [`GAP_CONVERSATIONS`] conversations, oldest first.
pub fn last_conversations<'a>(history: &[&'a PastConversation]) -> Vec<&'a PastConversation> {
    let from = history.len().saturating_sub(GAP_CONVERSATIONS);
    history[from..].to_vec()
}

/// Late hours in at least [`MIN_WORKLOAD_WEEKS`] reports: each week's first such line.
fn workload(window: &[WeekReport<'_>], words: &Words) -> Option<AgendaSignal> {
    let evidence: Vec<Evidence> = window
        .iter()
        .filter_map(|report| {
            lines(report.text)
                .into_iter()
                .find(|l| STRAIN.is_match(l.content))
                .map(|l| Evidence::report(report.week, l.content))
        })
        .collect();
    if evidence.len() < MIN_WORKLOAD_WEEKS {
        return None;
    }
    let weeks: Vec<IsoWeek> = evidence.iter().filter_map(|e| e.week).collect();
    Some(AgendaSignal {
        kind: AgendaSignalKind::Workload,
        summary: words.workload_summary(&weeks),
        subject: None,
        evidence,
    })
}

/// A topic none of `latest` discussed; nothing without conversations.
fn gap(latest: &[&PastConversation], subject: GapSubject, words: &Words) -> Option<AgendaSignal> {
    if latest.is_empty() {
        return None;
    }
    let discussed = |c: &&PastConversation| match subject {
        GapSubject::Career => c.career_discussed,
        GapSubject::Support => c.support_discussed,
    };
    if latest.iter().any(discussed) {
        return None;
    }
    Some(AgendaSignal {
        kind: AgendaSignalKind::TopicGap,
        summary: words.gap_summary(subject, latest),
        subject: Some(subject.key().to_owned()),
        evidence: latest
            .iter()
            .map(|c| Evidence::conversation(c.id, None, &words.gap_note(subject, c)))
            .collect(),
    })
}

/// Words that say nothing about what is to be done.
static EMPTY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)嗯|呃|啊|哦|那个|这个|就是|好的|没问题|可以|行|对|好|一下|\b(?:ok|okay|um|uh|er|yeah|yes|sure|right|fine|alright|so|then|it|that|this|the|a|do|will|i|we|you)\b",
    )
    .expect("valid regex")
});

/// Whether an action item's `what` says something once the filler and empty words are
/// gone: three Chinese characters (排期表), four letters or digits ("docs"), or a mix
/// of about that much (修bug).
pub fn is_meaningful(what: &str) -> bool {
    // A clause that opens on a particle was cut mid-sentence by the item finder
    // ("的评价是符合预期" from "我这边的评价是符合预期").
    if what
        .trim_start()
        .starts_with(['的', '地', '得', '了', '吗', '呢'])
    {
        return false;
    }
    let rest = EMPTY_WORDS.replace_all(what, "");
    let cjk = rest.chars().filter(|&c| is_cjk(c)).count();
    let other = rest
        .chars()
        .filter(|&c| c.is_alphanumeric() && !is_cjk(c))
        .count();
    cjk >= 3 || other >= 4 || (cjk >= 1 && cjk * 2 + other >= 5)
}

/// Whether `text` names `term` (any case).
pub fn mentions(text: &str, term: &str) -> bool {
    !term.trim().is_empty() && text.to_lowercase().contains(&term.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_lose_markers_and_labels() {
        let found = lines("【本周完成】\n1）上线\n问题与风险：\n- 被占\nIn progress: the rest.");
        let pairs: Vec<(&str, &str)> = found.iter().map(|l| (l.label, l.content)).collect();
        assert_eq!(
            pairs,
            [("", "上线"), ("", "被占"), ("In progress", "the rest.")]
        );
    }

    #[test]
    fn broken_action_items_are_not_meaningful() {
        for broken in [
            "好的",
            "嗯嗯那个",
            "做一下",
            "ok ok",
            "do it",
            "  ",
            "yeah sure",
            "的评价是符合预期",
        ] {
            assert!(!is_meaningful(broken), "{broken}");
        }
        for fine in ["补齐接口文档", "send the plan", "排期表", "docs", "修bug"] {
            assert!(is_meaningful(fine), "{fine}");
        }
    }

    #[test]
    fn the_language_is_the_majoritys() {
        let week = "2026-W40".parse::<IsoWeek>().expect("week");
        let report = |text| WeekReport {
            week,
            text,
            polarity: None,
        };
        let zh = [
            report("本周完成：接口联调，修了三个问题。"),
            report("Done: shipped the fix."),
        ];
        assert_eq!(language(&zh, &[]), Language::Zh);
        let en = [
            report("Done: shipped the rate-shopping endpoint for the 华信 integration."),
            report("Blockers: none this week, but the vendor sandbox was flaky."),
        ];
        assert_eq!(language(&en, &[]), Language::En);
        assert_eq!(language(&[], &[]), Language::Zh);
    }

    #[test]
    fn the_window_ends_on_the_date() {
        let week = |w: &str| w.parse::<IsoWeek>().expect("week");
        let reports: Vec<WeekReport<'_>> = ["2026-W32", "2026-W33", "2026-W40", "2026-W42"]
            .iter()
            .map(|w| WeekReport {
                week: week(w),
                text: "x",
                polarity: None,
            })
            .collect();
        let date = NaiveDate::from_ymd_opt(2026, 10, 5).expect("date");
        let kept: Vec<String> = reports_in_window(&reports, date, 8)
            .iter()
            .map(|r| r.week.to_string())
            .collect();
        assert_eq!(kept, ["2026-W33", "2026-W40"]);
        let thursday = NaiveDate::from_ymd_opt(2026, 10, 8).expect("date");
        let kept: Vec<String> = reports_in_window(&reports, thursday, 8)
            .iter()
            .map(|r| r.week.to_string())
            .collect();
        assert_eq!(
            kept,
            ["2026-W33", "2026-W40"],
            "whole weeks, whatever the day"
        );
    }
}
