//! Alerts about one employee (issue 6, DOMAIN.md "What the articles ask of an AI
//! system", 2): what a manager should hear about without asking, each with the lines
//! it rests on. Pure and deterministic: the caller gives the date (`today`), the
//! weekly reports, the conversations' feedback facts and the open action items; the
//! store keeps what fired once per [`NewAlert::key`], and the webhook sends it.
//!
//! Five rules:
//! - `declining_sentiment`: [`signals`]' declining sentiment (polarity falling three
//!   reports or more in a row into the latest one).
//! - `recurring_blocker`: each of [`signals`]' recurring topics (a term named in
//!   problem lines in at least four of eight weeks).
//! - `negative_feedback`: in the employee's latest conversations (at most
//!   [`FEEDBACK_CONVERSATIONS`], held in the last [`FEEDBACK_WINDOW_DAYS`] days), the
//!   manager's criticism clearly outweighs praise: together at least
//!   [`MIN_CRITICISM`] criticisms and at least [`CRITICISM_PER_PRAISE`] per praise,
//!   or, in the latest alone, [`MIN_CRITICISM_WITHOUT_PRAISE`] with no praise.
//! - `overdue_action_item`: an open item whose due date is before today, one alert
//!   per item.
//! - `cadence_gap`: more than [`MAX_DAYS_WITHOUT_CONVERSATION`] days since the latest
//!   conversation (or, with none on record, since the first weekly report).
//!
//! The two report rules alert only while the signal is current: its latest week at
//! most [`MAX_WEEKS_SINCE_SIGNAL`] weeks before today's week. Keys name the kind, the
//! subject and the evidence's anchor (the latest week of a report signal, the latest
//! conversation read, the item and its due date), so recomputing on a later day gives
//! the same key while nothing new happened, and a further week of the same trouble,
//! a new conversation or a new due date gives a new alert: an acknowledged alert
//! comes back only with new evidence.
//!
//! Summaries are in the employee's language: Chinese when their reports and quotes
//! are Chinese (or mixed), English otherwise.

use chrono::{Datelike, NaiveDate};

use crate::normalize::language_of;
use crate::products::facts::Quote;
use crate::products::signals::{self, Signal, SignalKind, WeekReport};
use crate::store::IsoWeek;

use super::Lang;

pub use crate::store::{AlertEvidence, AlertKind, EvidenceSource, NewAlert};

/// Weeks between a report signal's latest week and today's week past which it no
/// longer alerts: three, so a decline or blocker last written about in the past
/// three weeks (a missed report or a holiday week included) is news; one last seen a
/// month ago is history for the agenda, not an alert.
pub const MAX_WEEKS_SINCE_SIGNAL: i64 = 3;

/// How far back conversations count for negative feedback: a quarter, the formal
/// interview's cadence (DOMAIN.md), so the pattern is about the current cycle.
pub const FEEDBACK_WINDOW_DAYS: i64 = 90;

/// Conversations read for negative feedback, latest first: two, the last two
/// meetings, enough to tell a pattern from one hard conversation.
pub const FEEDBACK_CONVERSATIONS: usize = 2;

/// Least criticism, summed over the conversations read, that can concentrate: four,
/// two a meeting on average; one or two gaps named in a meeting are what a good
/// feedback conversation contains ("at least 2 specific improvement suggestions").
pub const MIN_CRITICISM: u32 = 4;

/// Criticisms per praise, over the conversations read, that tip the balance: two.
/// The articles ask for at least two positive points beside the gaps (the
/// "hamburger"); twice as much criticism as praise is no longer that balance.
pub const CRITICISM_PER_PRAISE: u32 = 2;

/// Criticism in the latest conversation alone, with no praise at all, that alerts:
/// three. "Criticism first or only" is a failed interview's signal (DOMAIN.md); one
/// or two remarks may be a short check-in, three without a word of praise is not.
pub const MIN_CRITICISM_WITHOUT_PRAISE: u32 = 3;

/// Quotes kept from one conversation as a negative-feedback alert's evidence.
pub const MAX_FEEDBACK_QUOTES: usize = 3;

/// Days without a conversation that make a cadence gap: the audit's rule, so that an
/// alert and the audit's gap list never disagree.
pub use crate::products::audit::MAX_DAYS_WITHOUT_CONVERSATION;

/// Everything the rules read about one employee.
#[derive(Debug, Clone, Copy)]
pub struct EmployeeAlertInput<'a> {
    /// The employee's name (a hint for the language when nothing else tells it).
    pub employee: &'a str,
    /// The date the alerts are computed for.
    pub today: NaiveDate,
    /// Their weekly reports, any order, with the stored polarity when the models ran.
    pub reports: &'a [WeekReport<'a>],
    /// Their conversations, any order.
    pub conversations: &'a [AlertConversation],
    /// The open action items of their conversations (whoever owns them).
    pub open_items: &'a [AlertItem],
}

/// One conversation with the employee, as the alerts read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertConversation {
    pub id: i64,
    pub held_on: Option<NaiveDate>,
    /// The manager's criticism and praise, in sentences; `None` when the models did
    /// not read the conversation (unknown, not zero).
    pub criticism: Option<u32>,
    pub praise: Option<u32>,
    /// The manager's criticism, quoted, in order.
    pub criticism_quotes: Vec<Quote>,
}

/// One open action item from a conversation with the employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertItem {
    pub id: i64,
    pub conversation_id: i64,
    pub what: String,
    pub due_date: Option<NaiveDate>,
    /// The words it was agreed in; empty when unknown (the wording stands in).
    pub quote: String,
    /// The turn it was agreed in, when known.
    pub turn_id: Option<u32>,
}

/// The alerts the rules find for one employee on `input.today`, in a fixed order:
/// declining sentiment, negative feedback, recurring blockers, overdue items (by due
/// date), cadence gap.
pub fn employee_alerts(input: &EmployeeAlertInput<'_>) -> Vec<NewAlert> {
    let language = employee_language(input);
    let signals = signals::report_signals(input.reports);
    let mut alerts = Vec::new();
    alerts.extend(
        signals
            .iter()
            .filter(|s| s.kind == SignalKind::DecliningSentiment)
            .filter_map(|s| from_signal(s, AlertKind::DecliningSentiment, input.today)),
    );
    alerts.extend(negative_feedback(input, language));
    alerts.extend(
        signals
            .iter()
            .filter(|s| s.kind == SignalKind::RecurringTopic)
            .filter_map(|s| from_signal(s, AlertKind::RecurringBlocker, input.today)),
    );
    alerts.extend(overdue_items(input, language));
    alerts.extend(cadence_gap(input, language));
    alerts
}

/// The employee's language: that of their reports, quotes and items together, else
/// of their name (王磊 is Chinese), else English.
fn employee_language(input: &EmployeeAlertInput<'_>) -> Lang {
    let mut text: Vec<&str> = input.reports.iter().map(|r| r.text).collect();
    for conversation in input.conversations {
        text.extend(
            conversation
                .criticism_quotes
                .iter()
                .map(|q| q.text.as_str()),
        );
    }
    for item in input.open_items {
        text.push(&item.what);
        text.push(&item.quote);
    }
    Lang::of(language_of(&text.join("\n")))
        .or_else(|| Lang::of(language_of(input.employee)))
        .unwrap_or(Lang::En)
}

// ---------------------------------------------------------------------------------
// Report signals

/// A report signal as an alert, when it is current and has evidence.
fn from_signal(signal: &Signal, kind: AlertKind, today: NaiveDate) -> Option<NewAlert> {
    let latest = signal.evidence.iter().map(|e| e.week).max()?;
    if !is_current(latest, today) {
        return None;
    }
    let key = match &signal.subject {
        Some(subject) => format!("{kind}:{subject}:{latest}"),
        None => format!("{kind}:{latest}"),
    };
    Some(NewAlert {
        kind,
        key,
        summary: signal.summary.clone(),
        evidence: signal
            .evidence
            .iter()
            .map(|e| AlertEvidence {
                source: EvidenceSource::Report,
                week: Some(e.week),
                conversation_id: None,
                turn_id: None,
                action_item_id: None,
                quote: e.quote.clone(),
            })
            .collect(),
    })
}

/// Whether `week` is at most [`MAX_WEEKS_SINCE_SIGNAL`] weeks before today's week
/// (a week after today's counts as current).
fn is_current(week: IsoWeek, today: NaiveDate) -> bool {
    let this_monday =
        today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (this_monday - week.monday()).num_weeks() <= MAX_WEEKS_SINCE_SIGNAL
}

// ---------------------------------------------------------------------------------
// Negative feedback

fn negative_feedback(input: &EmployeeAlertInput<'_>, language: Lang) -> Option<NewAlert> {
    let first_day = input.today - chrono::Duration::days(FEEDBACK_WINDOW_DAYS);
    let mut read: Vec<(&AlertConversation, NaiveDate, u32, u32)> = input
        .conversations
        .iter()
        .filter_map(|c| Some((c, c.held_on?, c.criticism?, c.praise?)))
        .filter(|&(_, day, _, _)| day >= first_day && day <= input.today)
        .collect();
    read.sort_by_key(|&(c, day, _, _)| std::cmp::Reverse((day, c.id)));
    read.truncate(FEEDBACK_CONVERSATIONS);
    let &(latest, latest_day, latest_criticism, latest_praise) = read.first()?;
    let criticism: u32 = read.iter().map(|r| r.2).sum();
    let praise: u32 = read.iter().map(|r| r.3).sum();
    let together = criticism >= MIN_CRITICISM && criticism >= CRITICISM_PER_PRAISE * praise;
    let alone = latest_criticism >= MIN_CRITICISM_WITHOUT_PRAISE && latest_praise == 0;
    if !together && !alone {
        return None;
    }
    // Oldest first, as a reader goes through them.
    let counted: Vec<&AlertConversation> = if together {
        read.iter().rev().map(|r| r.0).collect()
    } else {
        vec![latest]
    };
    let evidence: Vec<AlertEvidence> = counted
        .iter()
        .flat_map(|c| {
            c.criticism_quotes
                .iter()
                .take(MAX_FEEDBACK_QUOTES)
                .map(|q| AlertEvidence {
                    source: EvidenceSource::Conversation,
                    week: None,
                    conversation_id: Some(c.id),
                    turn_id: Some(q.turn_id.0),
                    action_item_id: None,
                    quote: q.text.clone(),
                })
        })
        .collect();
    // Every alert points at the words it came from; counts alone are not shown.
    if evidence.is_empty() {
        return None;
    }
    let quotes: Vec<&str> = evidence.iter().map(|e| e.quote.as_str()).collect();
    let language = Lang::of_text_or(&quotes.join("\n"), language);
    let summary = match (language, together) {
        (Lang::Zh, true) => format!(
            "最近 {} 次面谈里经理批评 {criticism} 次、表扬 {praise} 次，负面反馈在集中，下次先肯定再谈问题",
            read.len()
        ),
        (Lang::En, true) => format!(
            "In the last {} conversations the manager criticised {criticism} times and praised {praise}: negative feedback is concentrating; open the next one with what went well",
            read.len()
        ),
        (Lang::Zh, false) => format!(
            "{latest_day} 的面谈里经理批评 {latest_criticism} 次，没有一句表扬，负面反馈在集中"
        ),
        (Lang::En, false) => format!(
            "In the conversation of {latest_day} the manager criticised {latest_criticism} times without any praise: negative feedback is concentrating"
        ),
    };
    Some(NewAlert {
        kind: AlertKind::NegativeFeedback,
        key: format!("{}:{}", AlertKind::NegativeFeedback, latest.id),
        summary,
        evidence,
    })
}

// ---------------------------------------------------------------------------------
// Overdue action items

fn overdue_items(input: &EmployeeAlertInput<'_>, language: Lang) -> Vec<NewAlert> {
    let mut overdue: Vec<(&AlertItem, NaiveDate)> = input
        .open_items
        .iter()
        .filter_map(|item| Some((item, item.due_date?)))
        .filter(|&(_, due)| due < input.today)
        .collect();
    overdue.sort_by_key(|&(item, due)| (due, item.id));
    overdue
        .into_iter()
        .map(|(item, due)| {
            let days = (input.today - due).num_days();
            let what = item.what.trim();
            let quote = match item.quote.trim() {
                "" => what,
                said => said,
            };
            let summary = match Lang::of_text_or(&format!("{what}\n{quote}"), language) {
                Lang::Zh => {
                    format!("行动项“{what}”应在 {due} 前完成，已逾期 {days} 天，仍未关闭")
                }
                Lang::En => format!(
                    "The action item “{what}” was due {due} and is still open, {days} days late"
                ),
            };
            NewAlert {
                kind: AlertKind::OverdueActionItem,
                key: format!("{}:{}:{due}", AlertKind::OverdueActionItem, item.id),
                summary,
                evidence: vec![AlertEvidence {
                    source: EvidenceSource::ActionItem,
                    week: None,
                    conversation_id: Some(item.conversation_id),
                    turn_id: item.turn_id,
                    action_item_id: Some(item.id),
                    quote: quote.to_owned(),
                }],
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Cadence gap

fn cadence_gap(input: &EmployeeAlertInput<'_>, language: Lang) -> Option<NewAlert> {
    let today = input.today;
    let latest = input
        .conversations
        .iter()
        .filter_map(|c| Some((c, c.held_on?)))
        .filter(|&(_, day)| day <= today)
        .max_by_key(|&(c, day)| (day, c.id));
    if let Some((conversation, held_on)) = latest {
        let days = (today - held_on).num_days();
        if days <= MAX_DAYS_WITHOUT_CONVERSATION {
            return None;
        }
        let (summary, quote) = match language {
            Lang::Zh => (
                format!("已经 {days} 天没有面谈了（上一次在 {held_on}），超过了至少每月一次的节奏"),
                format!("最近一次面谈：{held_on}"),
            ),
            Lang::En => (
                format!(
                    "No conversation for {days} days (the last on {held_on}); the cadence is at least one a month"
                ),
                format!("Latest conversation: {held_on}"),
            ),
        };
        return Some(NewAlert {
            kind: AlertKind::CadenceGap,
            key: format!("{}:{}", AlertKind::CadenceGap, conversation.id),
            summary,
            evidence: vec![AlertEvidence {
                source: EvidenceSource::Conversation,
                week: None,
                conversation_id: Some(conversation.id),
                turn_id: None,
                action_item_id: None,
                quote,
            }],
        });
    }
    // Conversations without a date cannot tell a gap; nor can an employee with no
    // record at all.
    if !input.conversations.is_empty() {
        return None;
    }
    let first = input
        .reports
        .iter()
        .filter(|r| r.week.monday() <= today)
        .min_by_key(|r| r.week)?;
    let days = (today - first.week.monday()).num_days();
    if days <= MAX_DAYS_WITHOUT_CONVERSATION {
        return None;
    }
    let line = first
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let week = first.week;
    let summary = match language {
        Lang::Zh => format!("从 {week} 起就有周报，但 {days} 天里没有任何面谈记录"),
        Lang::En => {
            format!("Weekly reports since {week}, but no conversation on record in {days} days")
        }
    };
    Some(NewAlert {
        kind: AlertKind::CadenceGap,
        key: format!("{}:none", AlertKind::CadenceGap),
        summary,
        evidence: vec![AlertEvidence {
            source: EvidenceSource::Report,
            week: Some(week),
            conversation_id: None,
            turn_id: None,
            action_item_id: None,
            quote: line.to_owned(),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TurnId;

    const REPORTS: &str = include_str!("../../fixtures/demo/reports.jsonl");

    #[derive(serde::Deserialize)]
    struct Row {
        employee: String,
        week: String,
        text: String,
    }

    fn demo_rows(employee: &str) -> Vec<Row> {
        let rows: Vec<Row> = REPORTS
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str::<Row>(l).expect("fixture line is JSON"))
            .filter(|r| r.employee == employee)
            .collect();
        assert_eq!(rows.len(), 8, "{employee}");
        rows
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    /// The demo reference date (fixtures/demo/README.md).
    fn reference() -> NaiveDate {
        day("2026-10-05")
    }

    fn week_reports(rows: &[Row], polarity: impl Fn(usize) -> Option<f32>) -> Vec<WeekReport<'_>> {
        rows.iter()
            .enumerate()
            .map(|(i, row)| WeekReport {
                week: row.week.parse().expect("fixture week"),
                text: &row.text,
                polarity: polarity(i),
            })
            .collect()
    }

    /// The two conversations of each demo employee, without the models.
    fn demo_conversations(employee: &str) -> Vec<AlertConversation> {
        let dates = match employee {
            "王磊" | "Emily Carter" => ["2026-08-20", "2026-09-24"],
            "张伟" => ["2026-08-21", "2026-09-25"],
            "刘洋" => ["2026-08-20", "2026-09-18"],
            _ => ["2026-08-19", "2026-09-23"],
        };
        dates
            .iter()
            .enumerate()
            .map(|(i, date)| conversation([1, 2][i], date, None))
            .collect()
    }

    fn conversation(id: i64, held_on: &str, feedback: Option<(u32, u32)>) -> AlertConversation {
        AlertConversation {
            id,
            held_on: Some(day(held_on)),
            criticism: feedback.map(|f| f.0),
            praise: feedback.map(|f| f.1),
            criticism_quotes: match feedback {
                Some((criticism, _)) => (0..criticism)
                    .map(|i| Quote {
                        turn_id: TurnId(i + 3),
                        text: format!("这个地方做得不够好，第 {i} 点"),
                    })
                    .collect(),
                None => Vec::new(),
            },
        }
    }

    fn alerts_for(
        employee: &str,
        today: NaiveDate,
        reports: &[WeekReport<'_>],
        conversations: &[AlertConversation],
        open_items: &[AlertItem],
    ) -> Vec<NewAlert> {
        employee_alerts(&EmployeeAlertInput {
            employee,
            today,
            reports,
            conversations,
            open_items,
        })
    }

    fn of_kind(alerts: &[NewAlert], kind: AlertKind) -> Vec<&NewAlert> {
        alerts.iter().filter(|a| a.kind == kind).collect()
    }

    /// 王磊's made-up polarity: upbeat for four weeks, then lower each week.
    fn wang_lei_mood(i: usize) -> Option<f32> {
        let mood = [0.5, 0.5, 0.5, 0.5, 0.4, 0.15, -0.1, -0.35];
        mood.get(i).copied()
    }

    #[test]
    fn wang_lei_falling_mood_alerts_with_his_weeks_and_words() {
        let rows = demo_rows("王磊");
        let reports = week_reports(&rows, wang_lei_mood);
        let conversations = demo_conversations("王磊");
        let alerts = alerts_for("王磊", reference(), &reports, &conversations, &[]);
        let declining = of_kind(&alerts, AlertKind::DecliningSentiment);
        assert_eq!(declining.len(), 1, "{alerts:#?}");
        let alert = declining[0];
        assert_eq!(alert.key, "declining_sentiment:2026-W40");
        let weeks: Vec<String> = alert
            .evidence
            .iter()
            .map(|e| e.week.expect("a report week").to_string())
            .collect();
        assert_eq!(weeks, ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]);
        assert!(
            alert
                .evidence
                .iter()
                .all(|e| e.source == EvidenceSource::Report)
        );
        assert!(alert.evidence[3].quote.contains("有点累"), "{alert:#?}");
        assert!(alert.summary.contains("连续 4 周"), "{}", alert.summary);
        assert!(of_kind(&alerts, AlertKind::CadenceGap).is_empty());
        assert!(of_kind(&alerts, AlertKind::NegativeFeedback).is_empty());
    }

    #[test]
    fn zhang_wei_test_environment_blocker_and_his_overdue_docs_alert() {
        let rows = demo_rows("张伟");
        let mood = [0.0, 0.0, -0.4, -0.4, 0.5, -0.4, 0.0, -0.4];
        let reports = week_reports(&rows, |i| Some(mood[i]));
        let conversations = demo_conversations("张伟");
        let docs = AlertItem {
            id: 11,
            conversation_id: 1,
            what: "补齐接口文档，所有开放接口和实际返回对一遍".into(),
            due_date: Some(day("2026-08-28")),
            quote: "下周五之前把接口文档补齐。".into(),
            turn_id: Some(24),
        };
        let not_due = AlertItem {
            id: 12,
            conversation_id: 2,
            what: "限流上线".into(),
            due_date: Some(day("2026-10-16")),
            quote: String::new(),
            turn_id: None,
        };
        let undated = AlertItem {
            id: 13,
            due_date: None,
            what: "在周会上提一下测试环境".into(),
            ..not_due.clone()
        };
        let items = [not_due, docs, undated];
        let alerts = alerts_for("张伟", reference(), &reports, &conversations, &items);

        let blockers = of_kind(&alerts, AlertKind::RecurringBlocker);
        let environment = blockers
            .iter()
            .find(|a| a.key.contains("测试环境"))
            .unwrap_or_else(|| panic!("{alerts:#?}"));
        assert_eq!(environment.key, "recurring_blocker:测试环境:2026-W40");
        assert_eq!(environment.evidence.len(), 5);
        assert!(
            environment
                .evidence
                .iter()
                .all(|e| e.quote.contains("测试环境"))
        );
        assert!(environment.summary.contains("测试环境"));

        let overdue = of_kind(&alerts, AlertKind::OverdueActionItem);
        assert_eq!(overdue.len(), 1, "{overdue:#?}");
        assert_eq!(overdue[0].key, "overdue_action_item:11:2026-08-28");
        assert!(
            overdue[0].summary.contains("接口文档"),
            "{}",
            overdue[0].summary
        );
        assert!(
            overdue[0].summary.contains("逾期 38 天"),
            "{}",
            overdue[0].summary
        );
        assert_eq!(
            overdue[0].evidence,
            [AlertEvidence {
                source: EvidenceSource::ActionItem,
                week: None,
                conversation_id: Some(1),
                turn_id: Some(24),
                action_item_id: Some(11),
                quote: "下周五之前把接口文档补齐。".into(),
            }]
        );
        assert!(of_kind(&alerts, AlertKind::DecliningSentiment).is_empty());
        assert!(of_kind(&alerts, AlertKind::CadenceGap).is_empty());
    }

    #[test]
    fn liu_yang_the_control_gets_no_alert() {
        let rows = demo_rows("刘洋");
        let conversations = demo_conversations("刘洋");
        for polarity in [None, Some(0.3)] {
            let reports = week_reports(&rows, |_| polarity);
            let alerts = alerts_for("刘洋", reference(), &reports, &conversations, &[]);
            assert!(alerts.is_empty(), "{alerts:#?}");
        }
    }

    #[test]
    fn emily_carter_shipbridge_blocker_alerts_in_english() {
        let rows = demo_rows("Emily Carter");
        let reports = week_reports(&rows, |_| None);
        let conversations = demo_conversations("Emily Carter");
        let item = AlertItem {
            id: 5,
            conversation_id: 2,
            what: "Finish the label-printing migration".into(),
            due_date: Some(day("2026-10-02")),
            quote: String::new(),
            turn_id: None,
        };
        let alerts = alerts_for(
            "Emily Carter",
            reference(),
            &reports,
            &conversations,
            &[item],
        );
        let blockers = of_kind(&alerts, AlertKind::RecurringBlocker);
        let vendor = blockers
            .iter()
            .find(|a| a.key.starts_with("recurring_blocker:ShipBridge:"))
            .unwrap_or_else(|| panic!("{alerts:#?}"));
        assert!(
            vendor.summary.contains("comes up as a blocker"),
            "{}",
            vendor.summary
        );
        let overdue = of_kind(&alerts, AlertKind::OverdueActionItem);
        assert_eq!(
            overdue[0].summary,
            "The action item “Finish the label-printing migration” was due 2026-10-02 and is still open, 3 days late"
        );
        assert_eq!(
            overdue[0].evidence[0].quote, "Finish the label-printing migration",
            "the wording stands in for an unknown quote"
        );
    }

    #[test]
    fn signals_last_seen_over_three_weeks_ago_do_not_alert() {
        let rows = demo_rows("王磊");
        let reports = week_reports(&rows, wang_lei_mood);
        // W40 is three weeks before W43 (10-19), four before W44 (10-26).
        let current = alerts_for("王磊", day("2026-10-25"), &reports, &[], &[]);
        assert_eq!(of_kind(&current, AlertKind::DecliningSentiment).len(), 1);
        let stale = alerts_for("王磊", day("2026-10-26"), &reports, &[], &[]);
        assert!(of_kind(&stale, AlertKind::DecliningSentiment).is_empty());
        assert!(of_kind(&stale, AlertKind::RecurringBlocker).is_empty());

        let rows = demo_rows("张伟");
        let reports = week_reports(&rows, |_| None);
        let stale = alerts_for("张伟", day("2026-11-30"), &reports, &[], &[]);
        assert!(
            of_kind(&stale, AlertKind::RecurringBlocker).is_empty(),
            "{stale:#?}"
        );
    }

    #[test]
    fn keys_are_stable_for_one_episode_and_new_for_the_next() {
        let rows = demo_rows("王磊");
        let reports = week_reports(&rows, wang_lei_mood);
        let conversations = demo_conversations("王磊");
        let first = alerts_for("王磊", reference(), &reports, &conversations, &[]);
        let again = alerts_for("王磊", reference(), &reports, &conversations, &[]);
        assert_eq!(first, again, "deterministic");
        let keys = |alerts: &[NewAlert]| {
            alerts
                .iter()
                .filter(|a| a.kind == AlertKind::DecliningSentiment)
                .map(|a| a.key.clone())
                .collect::<Vec<_>>()
        };
        // Two days later, nothing new: the same episode, the same key.
        let later = alerts_for("王磊", day("2026-10-07"), &reports, &conversations, &[]);
        assert_eq!(keys(&later), keys(&first));
        let mut reversed = reports.clone();
        reversed.reverse();
        let reordered = alerts_for("王磊", reference(), &reversed, &conversations, &[]);
        assert_eq!(reordered, first, "order of input does not matter");

        // One more week down: new evidence, a new key.
        let mut longer = reports.clone();
        longer.push(WeekReport {
            week: "2026-W41".parse().expect("week"),
            text: "这周还是很累，晚上睡不好。",
            polarity: Some(-0.8),
        });
        let next = alerts_for("王磊", day("2026-10-12"), &longer, &conversations, &[]);
        assert_eq!(keys(&next), ["declining_sentiment:2026-W41"]);
    }

    #[test]
    fn a_cadence_gap_is_over_31_days() {
        let conversations = [
            conversation(1, "2026-08-04", None),
            conversation(2, "2026-09-04", None),
        ];
        let on_day_31 = alerts_for("王磊", day("2026-10-05"), &[], &conversations, &[]);
        assert!(on_day_31.is_empty(), "{on_day_31:#?}");
        let on_day_32 = alerts_for("王磊", day("2026-10-06"), &[], &conversations, &[]);
        assert_eq!(on_day_32.len(), 1);
        let gap = &on_day_32[0];
        assert_eq!(gap.kind, AlertKind::CadenceGap);
        assert_eq!(gap.key, "cadence_gap:2");
        assert!(gap.summary.contains("32 天"), "{}", gap.summary);
        assert_eq!(gap.evidence[0].conversation_id, Some(2));
        let a_week_later = alerts_for("王磊", day("2026-10-13"), &[], &conversations, &[]);
        assert_eq!(a_week_later[0].key, gap.key, "the same gap");

        let english = alerts_for("Emily Carter", day("2026-10-06"), &[], &conversations, &[]);
        assert!(
            english[0]
                .summary
                .starts_with("No conversation for 32 days")
        );
    }

    #[test]
    fn reports_without_any_conversation_are_a_gap_but_nothing_at_all_is_not() {
        let rows = demo_rows("刘洋");
        let reports = week_reports(&rows, |_| None);
        let alerts = alerts_for("刘洋", reference(), &reports, &[], &[]);
        assert_eq!(alerts.len(), 1, "{alerts:#?}");
        assert_eq!(alerts[0].key, "cadence_gap:none");
        assert_eq!(
            alerts[0].evidence[0].week.map(|w| w.to_string()).as_deref(),
            Some("2026-W33")
        );
        assert!(alerts_for("刘洋", reference(), &[], &[], &[]).is_empty());
        let undated = AlertConversation {
            held_on: None,
            ..conversation(1, "2026-01-01", None)
        };
        assert!(alerts_for("刘洋", reference(), &reports, &[undated], &[]).is_empty());
    }

    #[test]
    fn criticism_outweighing_praise_over_the_last_two_conversations_alerts() {
        let today = reference();
        let alert = |conversations: &[AlertConversation]| {
            alerts_for("张伟", today, &[], conversations, &[])
                .into_iter()
                .find(|a| a.kind == AlertKind::NegativeFeedback)
        };
        // 4 criticisms against 2 praise: twice as much, and four.
        let found = alert(&[
            conversation(1, "2026-08-21", Some((2, 1))),
            conversation(2, "2026-09-25", Some((2, 1))),
        ])
        .expect("concentrating");
        assert_eq!(found.key, "negative_feedback:2");
        assert_eq!(found.evidence.len(), 4);
        assert_eq!(found.evidence[0].conversation_id, Some(1), "oldest first");
        assert_eq!(found.evidence[0].turn_id, Some(3));
        assert_eq!(found.evidence[3].conversation_id, Some(2));
        assert!(
            found.summary.contains("批评 4 次、表扬 2 次"),
            "{}",
            found.summary
        );

        // 4 against 3 is a balance; 3 against 0 over two meetings is too few.
        assert!(
            alert(&[
                conversation(1, "2026-08-21", Some((2, 2))),
                conversation(2, "2026-09-25", Some((2, 1))),
            ])
            .is_none()
        );
        assert!(
            alert(&[
                conversation(1, "2026-08-21", Some((1, 0))),
                conversation(2, "2026-09-25", Some((2, 1))),
            ])
            .is_none()
        );
        // Only the last two count: a third, older one with praise changes nothing.
        assert!(
            alert(&[
                conversation(7, "2026-07-20", Some((0, 9))),
                conversation(1, "2026-08-21", Some((2, 1))),
                conversation(2, "2026-09-25", Some((2, 1))),
            ])
            .is_some()
        );
    }

    #[test]
    fn three_criticisms_without_praise_in_the_latest_alert_alone() {
        let today = reference();
        let alerts = alerts_for(
            "张伟",
            today,
            &[],
            &[
                conversation(1, "2026-08-21", Some((0, 5))),
                conversation(2, "2026-09-25", Some((3, 0))),
            ],
            &[],
        );
        let found = of_kind(&alerts, AlertKind::NegativeFeedback);
        assert_eq!(found.len(), 1, "{alerts:#?}");
        assert!(
            found[0]
                .evidence
                .iter()
                .all(|e| e.conversation_id == Some(2))
        );
        assert!(
            found[0].summary.contains("2026-09-25"),
            "{}",
            found[0].summary
        );
        assert!(found[0].summary.contains("没有一句表扬"));
    }

    #[test]
    fn old_unknown_or_unquoted_feedback_does_not_alert() {
        let today = reference();
        let none = |conversations: &[AlertConversation]| {
            of_kind(
                &alerts_for("张伟", today, &[], conversations, &[]),
                AlertKind::NegativeFeedback,
            )
            .is_empty()
        };
        // Over 90 days ago.
        assert!(none(&[conversation(1, "2026-07-06", Some((5, 0)))]));
        // The models did not run.
        assert!(none(&[conversation(1, "2026-09-25", None)]));
        // Counts without a quote to show.
        let unquoted = AlertConversation {
            criticism_quotes: Vec::new(),
            ..conversation(1, "2026-09-25", Some((5, 0)))
        };
        assert!(none(&[unquoted]));
        // Within 90 days it does.
        assert!(!none(&[conversation(1, "2026-07-07", Some((5, 0)))]));
    }

    #[test]
    fn kinds_and_evidence_serialise_in_snake_case() {
        for (kind, word) in [
            (AlertKind::DecliningSentiment, "declining_sentiment"),
            (AlertKind::NegativeFeedback, "negative_feedback"),
            (AlertKind::RecurringBlocker, "recurring_blocker"),
            (AlertKind::OverdueActionItem, "overdue_action_item"),
            (AlertKind::CadenceGap, "cadence_gap"),
        ] {
            assert_eq!(serde_json::to_value(kind).expect("serialises"), word);
            assert_eq!(kind.as_str(), word);
        }
        let evidence = AlertEvidence {
            source: EvidenceSource::ActionItem,
            week: None,
            conversation_id: Some(1),
            turn_id: None,
            action_item_id: Some(2),
            quote: "x".into(),
        };
        assert_eq!(
            serde_json::to_value(&evidence).expect("serialises"),
            serde_json::json!({"source": "action_item", "conversation_id": 1, "action_item_id": 2, "quote": "x"})
        );
    }
}
