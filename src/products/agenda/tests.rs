//! The agenda on the demo team (fixtures/demo/README.md): five employees' eight weeks
//! of reports and their two conversations each, as the store would hand them over,
//! with what a careful manager expects asserted.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::*;
use crate::domain::ConversationKind::{Coaching, Feedback, Plan, Review};
use crate::domain::{ConversationKind, Language, PerformanceLevel};
use crate::products::signals::WeekReport;
use crate::store::IsoWeek;

const REPORTS: &str = include_str!("../../../fixtures/demo/reports.jsonl");

#[derive(serde::Deserialize)]
struct Row {
    employee: String,
    week: String,
    text: String,
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| {
    REPORTS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
        .collect()
});

const EMPLOYEES: [&str; 5] = ["王磊", "李娜", "张伟", "刘洋", "Emily Carter"];

fn day(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

fn week(text: &str) -> IsoWeek {
    text.parse().expect("week")
}

/// The reference date of the demo (README "Calendar").
fn reference() -> NaiveDate {
    day("2026-10-05")
}

/// 王磊's mood: upbeat for four weeks, then lower each week (a made-up polarity, as
/// the signals tests use); the others without a reading.
fn reports(employee: &str) -> Vec<WeekReport<'static>> {
    ROWS.iter()
        .filter(|r| r.employee == employee)
        .enumerate()
        .map(|(i, row)| WeekReport {
            week: week(&row.week),
            text: &row.text,
            polarity: (employee == "王磊").then(|| {
                if i < 4 {
                    0.5
                } else {
                    0.4 - 0.25 * (i - 4) as f32
                }
            }),
        })
        .collect()
}

fn quote(turn_id: u32, text: &str) -> Quote {
    Quote {
        turn_id,
        text: text.into(),
    }
}

/// An open action item: (id, owner, what, due as said, due date, specific, turn).
fn open(
    id: i64,
    owner: &str,
    what: &str,
    due: Option<(&str, &str)>,
    specific: bool,
    turn_id: u32,
) -> OpenItem {
    OpenItem {
        id,
        owner: owner.into(),
        what: what.into(),
        due_text: due.map(|(said, _)| said.into()),
        due_date: due.map(|(_, date)| day(date)),
        specific,
        quote: if what.is_ascii() {
            format!("{what}.")
        } else {
            format!("{what}。")
        },
        turn_id: Some(turn_id),
    }
}

fn conversation(id: i64, held_on: &str, kind: ConversationKind) -> PastConversation {
    PastConversation {
        id,
        held_on: Some(day(held_on)),
        kind: Some(kind),
        stages_covered: vec![
            Stage::GoalReview,
            Stage::Process,
            Stage::StrengthsAndGaps,
            Stage::DevelopmentAndSupport,
        ],
        ..PastConversation::default()
    }
}

/// The two conversations of each employee as the README tells them, with ids 1–10 in
/// its table's order and the action items still open in the store.
fn conversations(employee: &str) -> Vec<PastConversation> {
    match employee {
        "王磊" => wang_lei(),
        "李娜" => li_na(),
        "张伟" => zhang_wei(),
        "刘洋" => liu_yang(),
        "Emily Carter" => emily_carter(),
        _ => Vec::new(),
    }
}

fn wang_lei() -> Vec<PastConversation> {
    vec![
        PastConversation {
            praise: vec![quote(17, "波次优化把拣货路径缩短了 18%，这个做得很扎实。")],
            ..conversation(1, "2026-08-20", Plan)
        },
        PastConversation {
            support_discussed: true,
            stages_covered: vec![Stage::GoalReview, Stage::Process, Stage::StrengthsAndGaps],
            praise: vec![quote(
                5,
                "计费规则三个版本，你每次都在两三天内做完，还做成了可配置的。",
            )],
            open_items: vec![
                open(21, "王磊", "好的", None, false, 27),
                open(
                    22,
                    "陈静",
                    "给华信的项目经理打电话，说明上线延期到十月中，晚上非紧急的消息不要再发",
                    Some(("今天下班前", "2026-09-24")),
                    true,
                    23,
                ),
                open(
                    23,
                    "陈静",
                    "让刘洋过来帮两天 UAT 的前端问题",
                    None,
                    false,
                    25,
                ),
                open(
                    24,
                    "王磊",
                    "把剩下的 UAT 问题按缺陷和需求变更分好类，发给我和销售",
                    Some(("周五之前", "2026-09-25")),
                    true,
                    24,
                ),
            ],
            ..conversation(2, "2026-09-24", Coaching)
        },
    ]
}

fn li_na() -> Vec<PastConversation> {
    vec![
        PastConversation {
            praise: vec![quote(
                3,
                "快照从 40 分钟降到 6 分钟，方案文档还被别的组拿去当模板了。",
            )],
            ..conversation(3, "2026-08-19", Coaching)
        },
        PastConversation {
            support_discussed: true,
            praise: vec![quote(7, "库存库 QPS 降了 45%，DBA 那边的扩容都省了。")],
            open_items: vec![
                open(
                    41,
                    "陈静",
                    "订单组那边给你找一个固定的对接人",
                    None,
                    false,
                    20,
                ),
                open(
                    42,
                    "李娜",
                    "从 10 月 16 日的评审开始，方案都附一页纸的决策摘要",
                    Some(("10 月 16 日", "2026-10-16")),
                    true,
                    22,
                ),
            ],
            ..conversation(4, "2026-09-23", Review)
        },
    ]
}

fn zhang_wei() -> Vec<PastConversation> {
    vec![
        PastConversation {
            support_discussed: true,
            praise: vec![quote(
                19,
                "webhook 重试的设计很周全，死信队列和手动重推都考虑到了。",
            )],
            open_items: vec![
                open(
                    51,
                    "张伟",
                    "补齐接口文档，所有开放接口和实际返回对一遍",
                    Some(("下周五", "2026-08-28")),
                    true,
                    14,
                ),
                open(52, "陈静", "在周会上提一下测试环境的问题", None, false, 8),
            ],
            ..conversation(5, "2026-08-21", Coaching)
        },
        PastConversation {
            open_items: vec![
                open(
                    61,
                    "陈静",
                    "开放平台 Q4 的 OKR 初稿",
                    Some(("十月九号之前", "2026-10-09")),
                    true,
                    22,
                ),
                open(
                    62,
                    "张伟",
                    "发版 checklist 里加上配置中心的核对项",
                    Some(("下周三之前", "2026-09-30")),
                    true,
                    18,
                ),
                open(
                    63,
                    "张伟",
                    "限流上线",
                    Some(("十月十六号之前", "2026-10-16")),
                    true,
                    20,
                ),
            ],
            ..conversation(6, "2026-09-25", Review)
        },
    ]
}

fn liu_yang() -> Vec<PastConversation> {
    vec![
        PastConversation {
            support_discussed: true,
            ..conversation(7, "2026-08-20", Feedback)
        },
        PastConversation {
            career_discussed: true,
            support_discussed: true,
            praise: vec![quote(3, "缺陷率从 2.1 降到 1.3，比目标还好。")],
            open_items: vec![
                open(
                    81,
                    "刘洋",
                    "暗色主题的技术方案",
                    Some(("10 月 12 日评审前", "2026-10-12")),
                    true,
                    16,
                ),
                open(
                    82,
                    "陈静",
                    "找设计要暗色的配色方案",
                    Some(("十月九号之前", "2026-10-09")),
                    true,
                    18,
                ),
            ],
            ..conversation(8, "2026-09-18", Coaching)
        },
    ]
}

fn emily_carter() -> Vec<PastConversation> {
    vec![
        PastConversation {
            praise: vec![quote(
                3,
                "The ShipBridge timeout fallback was exactly right: zero rate-quote tickets since.",
            )],
            ..conversation(9, "2026-08-20", Coaching)
        },
        PastConversation {
            support_discussed: true,
            praise: vec![quote(
                5,
                "Stale-tracking tickets went from about forty a week to six. That's your work.",
            )],
            open_items: vec![
                open(
                    101,
                    "Chen Jing",
                    "email ShipBridge's account executive and copy procurement",
                    Some(("by Monday", "2026-09-28")),
                    true,
                    19,
                ),
                open(
                    102,
                    "Emily Carter",
                    "finish the label-printing migration",
                    Some(("October ninth", "2026-10-09")),
                    true,
                    23,
                ),
            ],
            ..conversation(10, "2026-09-24", Review)
        },
    ]
}

fn request(
    employee: &str,
    kind: ConversationKind,
    minutes: u32,
    level: Option<PerformanceLevel>,
) -> AgendaRequest {
    AgendaRequest {
        performance_level: level,
        ..AgendaRequest::new(employee, kind, reference(), minutes)
    }
}

fn agenda_for(employee: &str, minutes: u32, level: Option<PerformanceLevel>) -> Agenda {
    let request = request(employee, ConversationKind::Coaching, minutes, level);
    build_agenda(&request, &reports(employee), &conversations(employee)).expect("builds")
}

/// 张伟's 45-minute coaching agenda on the reference date, for the renderers' tests.
pub(crate) fn sample() -> Agenda {
    agenda_for("张伟", 45, None)
}

/// Emily Carter's, in English.
pub(crate) fn sample_en() -> Agenda {
    agenda_for("Emily Carter", 45, None)
}

fn items(agenda: &Agenda, topic: Topic) -> Vec<&Item> {
    agenda.items.iter().filter(|i| i.topic == topic).collect()
}

fn one(agenda: &Agenda, topic: Topic) -> &Item {
    let found = items(agenda, topic);
    assert_eq!(found.len(), 1, "{topic:?} in {:#?}", agenda.items);
    found[0]
}

fn report_weeks(item: &Item) -> Vec<String> {
    item.evidence
        .iter()
        .filter_map(|e| e.week.map(|w| w.to_string()))
        .collect()
}

fn conversation_ids(item: &Item) -> Vec<i64> {
    item.evidence
        .iter()
        .filter_map(|e| e.conversation_id)
        .collect()
}

fn position(agenda: &Agenda, topic: Topic) -> usize {
    agenda
        .items
        .iter()
        .position(|i| i.topic == topic)
        .unwrap_or_else(|| panic!("no {topic:?}"))
}

fn signal_kinds(agenda: &Agenda) -> Vec<AgendaSignalKind> {
    agenda.signals.iter().map(|s| s.kind).collect()
}

#[test]
fn wang_lei_gets_a_wellbeing_check_in_with_the_falling_weeks() {
    let agenda = agenda_for("王磊", 45, None);
    assert_eq!(agenda.language, Language::Zh);
    let wellbeing = one(&agenda, Topic::Wellbeing);
    assert_eq!(wellbeing.section, Section::Process);
    assert_eq!(
        report_weeks(wellbeing),
        ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
    );
    assert!(
        wellbeing.evidence[3].quote.contains("有点累"),
        "{wellbeing:#?}"
    );
    assert!(wellbeing.why.contains("连续 4 周"), "{}", wellbeing.why);
    // No blame: how he is, not why he fell short.
    for text in std::iter::once(&wellbeing.why).chain(&wellbeing.questions) {
        for blame in ["为什么", "态度", "你总是", "不够努力"] {
            assert!(!text.contains(blame), "{text}");
        }
    }
    assert!(
        wellbeing.questions[1].contains("有点累"),
        "{:?}",
        wellbeing.questions
    );
    assert!(
        position(&agenda, Topic::Wellbeing) < position(&agenda, Topic::Progress),
        "the check-in opens the process section"
    );
    // His late nights are in the check-in, not a second item.
    assert!(items(&agenda, Topic::Workload).is_empty());
    assert!(signal_kinds(&agenda).contains(&AgendaSignalKind::DecliningSentiment));
    // Development was in neither conversation.
    let career = one(&agenda, Topic::Career);
    assert_eq!(conversation_ids(career), [1, 2]);
}

#[test]
fn the_last_conversations_open_items_come_first_with_their_quotes() {
    let agenda = agenda_for("王磊", 45, None);
    let follow_ups: Vec<&Item> = agenda
        .items
        .iter()
        .take_while(|i| i.section == Section::FollowUp)
        .collect();
    assert!(follow_ups.len() >= 3, "{:#?}", agenda.items);
    assert_eq!(agenda.items[0].section, Section::FollowUp);
    for item in &follow_ups {
        assert_eq!(item.topic, Topic::OpenAction);
        assert_eq!(item.evidence[0].source, Source::Conversation);
        assert_eq!(item.evidence[0].conversation_id, Some(2));
        assert!(item.evidence[0].turn_id.is_some());
        assert!(!item.evidence[0].quote.is_empty());
    }
    // Dated and specific before the undated one; the manager's own first by date.
    assert!(
        follow_ups[0].title.contains("华信"),
        "{}",
        follow_ups[0].title
    );
    assert!(
        follow_ups[0].why.contains("已过期 11 天"),
        "{}",
        follow_ups[0].why
    );
    assert!(
        follow_ups[1].title.contains("UAT 问题"),
        "{}",
        follow_ups[1].title
    );
    assert!(
        follow_ups[2].title.contains("刘洋"),
        "{}",
        follow_ups[2].title
    );
    // "好的" is no action item.
    assert!(agenda.items.iter().all(|i| !i.title.ends_with("好的")));
    // The manager's items ask about their effect on the employee.
    assert!(
        follow_ups[0].questions[0].contains("我这边"),
        "{:?}",
        follow_ups[0].questions
    );
}

#[test]
fn zhang_wei_test_environment_blocker_and_the_api_docs_promise() {
    let agenda = agenda_for("张伟", 45, Some(PerformanceLevel::Middle));
    let blocker = one(&agenda, Topic::Blocker);
    assert_eq!(blocker.section, Section::Process);
    assert!(blocker.title.contains("测试环境"), "{}", blocker.title);
    assert_eq!(
        report_weeks(blocker),
        ["2026-W33", "2026-W35", "2026-W36", "2026-W38", "2026-W40"]
    );
    assert!(blocker.why.contains("8 周里有 5 周"), "{}", blocker.why);
    // The manager's undated "raise it at the weekly meeting" is discussed with it.
    assert_eq!(conversation_ids(blocker), [5]);
    assert!(blocker.why.contains("周会"), "{}", blocker.why);
    assert!(
        blocker
            .questions
            .contains(&"测试环境这件事，从你的角度看卡在哪一环？".to_owned()),
        "{:?}",
        blocker.questions
    );
    assert!(blocker.questions.iter().any(|q| q.contains("支持")));

    let docs: Vec<&Item> = agenda
        .items
        .iter()
        .filter(|i| i.title.contains("接口文档"))
        .collect();
    assert_eq!(docs.len(), 1, "{:#?}", agenda.items);
    let docs = docs[0];
    assert_eq!(docs.section, Section::FollowUp);
    assert_eq!(conversation_ids(docs), [5]);
    assert_eq!(report_weeks(docs), ["2026-W34"]);
    assert!(docs.evidence[1].quote.contains("下周把接口文档补齐"));
    assert!(docs.why.contains("已过期 38 天"), "{}", docs.why);

    // The review's (#6) items come before the older one.
    let follow_ups: Vec<&Item> = agenda
        .items
        .iter()
        .filter(|i| i.section == Section::FollowUp)
        .collect();
    assert_eq!(follow_ups[0].evidence[0].conversation_id, Some(6));
    assert!(
        follow_ups[0].title.contains("配置中心"),
        "{}",
        follow_ups[0].title
    );
    assert_eq!(
        follow_ups.last().map(|i| conversation_ids(i)),
        Some(vec![5])
    );
    // Support was not asked about in the review, but was in the coaching before it.
    assert!(
        !agenda
            .signals
            .iter()
            .any(|s| s.subject.as_deref() == Some("support"))
    );
    assert!(items(&agenda, Topic::Wellbeing).is_empty());
}

#[test]
fn li_na_high_performer_gets_growth_first_in_development() {
    let agenda = agenda_for("李娜", 45, Some(PerformanceLevel::High));
    let development: Vec<&Item> = agenda
        .items
        .iter()
        .filter(|i| i.section == Section::DevelopmentAndSupport)
        .collect();
    assert_eq!(development[0].topic, Topic::Growth, "{development:#?}");
    let growth = development[0];
    assert_eq!(
        report_weeks(growth),
        ["2026-W37", "2026-W38", "2026-W39", "2026-W40"]
    );
    assert_eq!(conversation_ids(growth), [3, 4]);
    assert!(
        growth.questions[0].contains("晋升"),
        "{:?}",
        growth.questions
    );
    assert!(growth.why.contains("晋升"), "{}", growth.why);
    // Growth is a main section: more time than the generic support item.
    let support = one(&agenda, Topic::Support);
    assert!(
        growth.minutes > support.minutes,
        "{} vs {}",
        growth.minutes,
        support.minutes
    );
    // Recognition with the numbers, before any gap.
    let recognition = one(&agenda, Topic::Recognition);
    assert!(recognition.evidence.len() >= 3, "{recognition:#?}");
    assert!(position(&agenda, Topic::Recognition) < position(&agenda, Topic::StrengthsAndGaps));
    assert!(agenda.focus.contains("绩效水平高"));
    let gap = agenda
        .signals
        .iter()
        .find(|s| s.kind == AgendaSignalKind::TopicGap)
        .expect("a topic gap");
    assert_eq!(gap.subject.as_deref(), Some("career"));
    let ids: Vec<Option<i64>> = gap.evidence.iter().map(|e| e.conversation_id).collect();
    assert_eq!(ids, [Some(3), Some(4)]);
    assert!(gap.summary.contains("#3") && gap.summary.contains("#4"));
    for topic in [Topic::Wellbeing, Topic::Blocker, Topic::Commitment] {
        assert!(items(&agenda, topic).is_empty(), "{topic:?}");
    }
}

#[test]
fn no_topic_gap_when_one_of_the_last_two_conversations_discussed_career() {
    let mut talked = conversations("李娜");
    talked[1].career_discussed = true;
    let request = request(
        "李娜",
        ConversationKind::Review,
        45,
        Some(PerformanceLevel::High),
    );
    let agenda = build_agenda(&request, &reports("李娜"), &talked).expect("builds");
    assert!(!signal_kinds(&agenda).contains(&AgendaSignalKind::TopicGap));
    assert!(items(&agenda, Topic::Career).is_empty());
    let growth = one(&agenda, Topic::Growth);
    assert!(conversation_ids(growth).is_empty(), "{growth:#?}");
}

#[test]
fn emily_gets_an_english_agenda_with_shipbridge_the_runbook_and_mentoring() {
    let agenda = agenda_for("Emily Carter", 45, None);
    assert_eq!(agenda.language, Language::En);
    let blocker = one(&agenda, Topic::Blocker);
    assert_eq!(blocker.title, "Recurring blocker: ShipBridge");
    assert_eq!(
        report_weeks(blocker),
        ["2026-W35", "2026-W36", "2026-W38", "2026-W39"]
    );
    let runbook = one(&agenda, Topic::Commitment);
    assert_eq!(runbook.section, Section::FollowUp);
    assert!(runbook.title.contains("runbook"), "{}", runbook.title);
    assert_eq!(report_weeks(runbook), ["2026-W35"]);
    assert_eq!(
        runbook.evidence[0].quote,
        "I'll write up the on-call runbook by end of month."
    );
    let workload = one(&agenda, Topic::Workload);
    assert_eq!(
        report_weeks(workload),
        ["2026-W34", "2026-W36", "2026-W38", "2026-W39"]
    );
    let growth = one(&agenda, Topic::Growth);
    assert!(
        growth.questions[0].contains("mentoring"),
        "{:?}",
        growth.questions
    );
    // Every word of the agenda's own is English.
    for item in &agenda.items {
        for text in [&item.title, &item.why].into_iter().chain(&item.questions) {
            assert!(!text.chars().any(crate::normalize::is_cjk), "{text}");
        }
    }
}

#[test]
fn liu_yang_the_control_has_no_problem_items() {
    let agenda = agenda_for("刘洋", 45, None);
    for topic in [
        Topic::Wellbeing,
        Topic::Workload,
        Topic::Blocker,
        Topic::Commitment,
        Topic::Career,
    ] {
        assert!(
            items(&agenda, topic).is_empty(),
            "{topic:?}: {:#?}",
            agenda.items
        );
    }
    for kind in [
        AgendaSignalKind::DecliningSentiment,
        AgendaSignalKind::RecurringTopic,
        AgendaSignalKind::OpenCommitment,
        AgendaSignalKind::TopicGap,
        AgendaSignalKind::Workload,
    ] {
        assert!(!signal_kinds(&agenda).contains(&kind), "{kind:?}");
    }
    assert_eq!(items(&agenda, Topic::OpenAction).len(), 2);
}

#[test]
fn every_agenda_fits_its_minutes_and_leaves_the_employee_sixty_percent() {
    for employee in EMPLOYEES {
        for kind in [
            ConversationKind::Plan,
            ConversationKind::Coaching,
            ConversationKind::Review,
            ConversationKind::Feedback,
        ] {
            for minutes in [10, 20, 45, 90, 240] {
                let request = request(employee, kind, minutes, None);
                let agenda = build_agenda(&request, &reports(employee), &conversations(employee))
                    .expect("builds");
                let total: u32 = agenda.items.iter().map(|i| i.minutes).sum();
                assert!(total <= minutes, "{employee} {kind} {minutes}: {total}");
                assert!(
                    total >= minutes - 2,
                    "{employee} {kind} {minutes}: {total} unused"
                );
                let plan = agenda.talk_plan;
                assert_eq!(plan.employee_minutes + plan.manager_minutes, total);
                assert!(plan.employee_minutes * 100 >= total * 60, "{plan:?}");
                assert!(agenda.items.iter().all(|i| i.minutes >= 1));
                assert_eq!(agenda.items.last().map(|i| i.topic), Some(Topic::Closing));
                let sections: Vec<Section> = agenda.items.iter().map(|i| i.section).collect();
                assert!(sections.is_sorted(), "{sections:?}");
            }
        }
    }
}

#[test]
fn a_short_agenda_drops_items_and_a_long_one_spends_more_on_the_stages() {
    let stage_minutes = |agenda: &Agenda| -> u32 {
        agenda
            .items
            .iter()
            .filter(|i| i.section.stage().is_some())
            .map(|i| i.minutes)
            .sum()
    };
    let short = agenda_for("张伟", 20, None);
    let long = agenda_for("张伟", 90, None);
    assert!(!short.left_out.is_empty());
    assert!(short.items.len() < long.items.len());
    assert!(long.left_out.is_empty(), "{:#?}", long.left_out);
    // What matters stays in the short one.
    assert!(!items(&short, Topic::Blocker).is_empty());
    assert!(short.items.iter().any(|i| i.title.contains("接口文档")));
    assert!(stage_minutes(&long) * 100 / 90 > stage_minutes(&short) * 100 / 20);
    let wang = agenda_for("王磊", 10, None);
    assert!(!items(&wang, Topic::Wellbeing).is_empty(), "never dropped");
}

#[test]
fn kind_and_level_change_the_emphasis() {
    let goals = |kind| {
        let request = request("刘洋", kind, 45, None);
        let agenda =
            build_agenda(&request, &reports("刘洋"), &conversations("刘洋")).expect("builds");
        one(&agenda, Topic::Goals).clone()
    };
    let plan = goals(ConversationKind::Plan);
    let coaching = goals(ConversationKind::Coaching);
    assert!(
        plan.minutes > coaching.minutes,
        "{} vs {}",
        plan.minutes,
        coaching.minutes
    );
    assert_eq!(plan.title, "目标与衡量标准");
    assert_eq!(goals(ConversationKind::Feedback).title, "评级及其依据");
    assert_eq!(goals(ConversationKind::Review).title, "结果对照目标");

    let low = agenda_for("刘洋", 45, Some(PerformanceLevel::Low));
    let development: Vec<Topic> = low
        .items
        .iter()
        .filter(|i| i.section == Section::DevelopmentAndSupport)
        .map(|i| i.topic)
        .collect();
    assert_eq!(development[0], Topic::ImprovementPlan, "{development:?}");
    assert_eq!(one(&low, Topic::StrengthsAndGaps).title, "事实与标准的差距");
    assert!(low.focus.contains("改进计划"));

    let unknown = agenda_for("刘洋", 45, None);
    assert!(!unknown.focus.contains("绩效水平"), "{}", unknown.focus);
    assert!(items(&unknown, Topic::ImprovementPlan).is_empty());
    let middle = agenda_for("刘洋", 45, Some(PerformanceLevel::Middle));
    assert_eq!(
        one(&middle, Topic::StrengthsAndGaps).title,
        one(&unknown, Topic::StrengthsAndGaps).title
    );
}

/// `text` without what it quotes (“…” and 「…」): a quoted line may hold any words.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '“' | '「' => depth += 1,
            '”' | '」' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Closed question forms (吗, 是不是 …) and yes/no openings ("Do …", "Is …").
const CLOSED_ZH: [&str; 8] = [
    "吗",
    "是不是",
    "有没有",
    "能不能",
    "是否",
    "对不对",
    "要不要",
    "会不会",
];
const CLOSED_EN: [&str; 14] = [
    "do", "does", "did", "is", "are", "was", "can", "could", "will", "would", "should", "have",
    "has", "shall",
];

/// An open question in the agenda's language: no closed form outside what it quotes.
fn assert_open(question: &str, language: Language) {
    let bare = unquoted(question);
    if language == Language::En {
        let first = bare
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        assert!(!CLOSED_EN.contains(&first.as_str()), "{question}");
        assert!(question.ends_with('?'), "{question}");
    } else {
        for closed in CLOSED_ZH {
            assert!(!bare.contains(closed), "{question}");
        }
        assert!(question.ends_with('？'), "{question}");
    }
}

#[test]
fn questions_are_open_two_or_three_and_in_the_agendas_language() {
    for employee in EMPLOYEES {
        for level in [
            None,
            Some(PerformanceLevel::High),
            Some(PerformanceLevel::Low),
        ] {
            for kind in [
                ConversationKind::Plan,
                ConversationKind::Feedback,
                ConversationKind::Coaching,
            ] {
                let request = request(employee, kind, 240, level);
                let agenda = build_agenda(&request, &reports(employee), &conversations(employee))
                    .expect("builds");
                for item in &agenda.items {
                    assert!(
                        (2..=3).contains(&item.questions.len()),
                        "{}: {:?}",
                        item.title,
                        item.questions
                    );
                    for question in &item.questions {
                        assert_open(question, agenda.language);
                    }
                }
            }
        }
    }
}

#[test]
fn the_same_inputs_in_any_order_give_the_same_agenda() {
    for employee in EMPLOYEES {
        let request = request(
            employee,
            ConversationKind::Review,
            45,
            Some(PerformanceLevel::Middle),
        );
        let first =
            build_agenda(&request, &reports(employee), &conversations(employee)).expect("builds");
        let mut reversed_reports = reports(employee);
        reversed_reports.reverse();
        let mut reversed_conversations = conversations(employee);
        reversed_conversations.reverse();
        let second =
            build_agenda(&request, &reversed_reports, &reversed_conversations).expect("builds");
        assert_eq!(first, second, "{employee}");
        assert_eq!(
            serde_json::to_string(&first).expect("serialises"),
            serde_json::to_string(&second).expect("serialises")
        );
    }
}

#[test]
fn reports_after_the_date_and_before_the_window_are_not_read() {
    let request = AgendaRequest::new("张伟", ConversationKind::Coaching, day("2026-09-20"), 45);
    let mut history = conversations("张伟");
    history.truncate(1);
    let agenda = build_agenda(&request, &reports("张伟"), &conversations("张伟")).expect("builds");
    assert_eq!(agenda.based_on.last_week, Some(week("2026-W38")));
    assert_eq!(agenda.based_on.first_week, Some(week("2026-W33")));
    // The 09-25 review is after the date.
    assert_eq!(agenda.based_on.conversations, [5]);
    let blocker = one(&agenda, Topic::Blocker);
    assert_eq!(
        report_weeks(blocker),
        ["2026-W33", "2026-W35", "2026-W36", "2026-W38"]
    );

    let four = AgendaRequest {
        weeks: 4,
        ..AgendaRequest::new("张伟", ConversationKind::Coaching, reference(), 45)
    };
    let agenda = build_agenda(&four, &reports("张伟"), &history).expect("builds");
    assert_eq!(agenda.based_on.reports, 4);
    assert_eq!(agenda.based_on.first_week, Some(week("2026-W37")));
}

#[test]
fn unusable_requests_say_what_to_fix() {
    let reports = reports("张伟");
    let history = conversations("张伟");
    for minutes in [0, 9, 241] {
        let request = request("张伟", ConversationKind::Coaching, minutes, None);
        assert_eq!(
            build_agenda(&request, &reports, &history),
            Err(AgendaError::Minutes(minutes))
        );
    }
    let request = request("赵六", ConversationKind::Coaching, 45, None);
    let error = build_agenda(&request, &[], &[]).expect_err("nothing to build from");
    assert!(matches!(error, AgendaError::NothingToBuildFrom { .. }));
    let message = error.to_string();
    assert!(
        message.contains("赵六") && message.contains("8 weeks before 2026-10-05"),
        "{message}"
    );
    // Reports only from long ago are nothing either.
    let old = [WeekReport {
        week: week("2026-W10"),
        text: "本周完成：接口开发。",
        polarity: None,
    }];
    assert!(build_agenda(&request, &old, &[]).is_err());
    let zero_weeks = AgendaRequest {
        weeks: 0,
        ..request.clone()
    };
    assert_eq!(
        build_agenda(&zero_weeks, &reports, &history),
        Err(AgendaError::Weeks(0))
    );
    let nobody = AgendaRequest {
        employee: "  ".into(),
        ..request
    };
    assert_eq!(
        build_agenda(&nobody, &reports, &history),
        Err(AgendaError::NoEmployee)
    );
}

#[test]
fn conversations_alone_are_enough_and_reports_alone_too() {
    let request = request("张伟", ConversationKind::Coaching, 30, None);
    let from_conversations = build_agenda(&request, &[], &conversations("张伟")).expect("builds");
    assert_eq!(from_conversations.based_on.reports, 0);
    assert!(!items(&from_conversations, Topic::OpenAction).is_empty());
    let from_reports = build_agenda(&request, &reports("张伟"), &[]).expect("builds");
    assert!(from_reports.based_on.conversations.is_empty());
    assert!(items(&from_reports, Topic::OpenAction).is_empty());
    assert!(
        items(&from_reports, Topic::Career).is_empty(),
        "no conversation, no gap"
    );
}

#[test]
fn quotes_are_cut_on_a_character_boundary() {
    let long = "测试环境".repeat(60);
    let cut = clip(&long, MAX_QUOTE_CHARS);
    assert_eq!(cut.chars().count(), MAX_QUOTE_CHARS + 1);
    assert!(cut.ends_with('…'));
    assert_eq!(clip("  a\n b  ", 10), "a b");
    let evidence = Evidence::conversation(1, Some(2), &long);
    assert!(evidence.quote.chars().count() <= MAX_QUOTE_CHARS + 1);
    for employee in EMPLOYEES {
        let agenda = agenda_for(employee, 90, None);
        for e in agenda.items.iter().flat_map(|i| &i.evidence) {
            assert!(
                e.quote.chars().count() <= MAX_QUOTE_CHARS + 1,
                "{}",
                e.quote
            );
        }
    }
}

#[test]
fn the_json_has_the_contract_keys() {
    let agenda = agenda_for("张伟", 45, None);
    let json = serde_json::to_value(&agenda).expect("serialises");
    assert_eq!(json["schema"], SCHEMA);
    assert_eq!(json["language"], "zh");
    assert_eq!(json["kind"], "coaching");
    assert_eq!(json["date"], "2026-10-05");
    assert_eq!(json["minutes"], 45);
    assert!(json["performance_level"].is_null());
    for key in ["employee_minutes", "manager_minutes"] {
        assert!(json["talk_plan"][key].is_u64(), "{key}");
    }
    let items = json["items"].as_array().expect("items");
    for item in items {
        for key in [
            "section",
            "title",
            "why",
            "evidence",
            "questions",
            "minutes",
        ] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
    }
    assert_eq!(items[0]["section"], "follow_up");
    let blocker = items
        .iter()
        .find(|i| i["topic"] == "blocker")
        .expect("blocker");
    let report = &blocker["evidence"][0];
    assert_eq!(report["source"], "report");
    assert_eq!(report["week"], "2026-W33");
    assert!(report.get("conversation_id").is_none());
    let said = blocker["evidence"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["source"] == "conversation"))
        .expect("conversation evidence");
    assert_eq!(said["conversation_id"], 5);
    assert_eq!(said["turn_id"], 8);
    assert!(said.get("week").is_none());
    let kinds: Vec<&str> = json["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    for kind in [
        "recurring_topic",
        "open_commitment",
        "highlight",
        "topic_gap",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}
