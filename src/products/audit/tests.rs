use std::time::{Duration, Instant};

use super::*;
use crate::domain::TurnId;
use crate::products::facts::{Quote, RecordCompleteness, RecordField};

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).expect("a date")
}

fn person(name: &str, manager: Option<&str>, department: Option<&str>) -> AuditPerson {
    AuditPerson {
        name: name.into(),
        manager: manager.map(Into::into),
        department: department.map(Into::into),
    }
}

/// A coaching conversation on `on` with the manager's talk `share`, 1 praise and
/// 1 criticism, 1 open and 1 closed question, 2 items agreed and 1 followed up.
fn talk(id: i64, manager: &str, employee: &str, on: NaiveDate, share: f64) -> AuditConversation {
    AuditConversation {
        id,
        manager: Some(manager.into()),
        employee: employee.into(),
        department: None,
        kind: Some(ConversationKind::Coaching),
        held_on: Some(on),
        facts: ConversationFacts::for_test(Some(ConversationKind::Coaching), share, 1, 1, (1, 1)),
        items_agreed: 2,
        items_followed_up: 1,
    }
}

fn request(from: NaiveDate, to: NaiveDate, scope: AuditScope) -> AuditRequest {
    AuditRequest { from, to, scope }
}

fn september() -> AuditRequest {
    request(day(9, 1), day(9, 30), AuditScope::Everyone)
}

fn group<'a>(groups: &'a [Group], name: &str) -> &'a Group {
    groups
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Two managers in two departments, three employees.
fn team() -> Vec<AuditPerson> {
    vec![
        person("Boss", None, Some("HQ")),
        person("陈静", Some("Boss"), Some("研发")),
        person("Ann", Some("Boss"), Some("Sales")),
        person("王磊", Some("陈静"), Some("研发")),
        person("李娜", Some("陈静"), Some("研发")),
        person("Bob", Some("Ann"), Some("Sales")),
    ]
}

#[test]
fn a_manager_group_has_its_median_over_40_count_kinds_sums_and_completeness() {
    let mut review = talk(3, "陈静", "李娜", day(9, 20), 0.6);
    review.kind = Some(ConversationKind::Review);
    review.facts.praise = Some(4);
    review.facts.criticism = Some(1);
    review.facts.record = RecordCompleteness {
        missing: vec![RecordField::Timed],
        share: 6.0 / 7.0,
    };
    review.items_followed_up = 2;
    let mut unkinded = talk(4, "陈静", "王磊", day(9, 25), 0.2);
    unkinded.kind = None;
    unkinded.facts.manager_open_questions = 3;
    unkinded.facts.manager_closed_questions = 0;
    let conversations = [
        talk(1, "陈静", "王磊", day(9, 2), 0.3),
        talk(2, "陈静", "李娜", day(9, 10), 0.5),
        review,
        unkinded,
    ];
    let audit = audit(&september(), &team(), &conversations).expect("audits");
    let chen = group(&audit.managers, "陈静");
    assert_eq!(chen.employees, 2);
    assert_eq!(chen.conversations, 4);
    assert!(close(chen.conversations_per_employee, 2.0));
    assert_eq!(
        chen.by_kind,
        ByKind {
            coaching: 2,
            review: 1,
            unknown: 1,
            ..ByKind::default()
        }
    );
    // Shares 0.2, 0.3, 0.5, 0.6: the median is 0.4, two are over 40%.
    assert!(close(chen.median_manager_talk_share, 0.4));
    assert_eq!((chen.talk_share_known, chen.over_40_percent), (4, 2));
    assert_eq!((chen.praise, chen.criticism), (Some(7), Some(4)));
    assert!(close(chen.praise_per_criticism, 7.0 / 4.0));
    // Pooled: (1 + 1 + 1 + 3) open of (6 + 3) questions.
    assert_eq!(
        (chen.manager_open_questions, chen.manager_closed_questions),
        (6, 3)
    );
    assert!(close(chen.open_question_rate, 6.0 / 9.0));
    assert_eq!(
        (chen.action_items_agreed, chen.action_items_followed_up),
        (8, 5)
    );
    assert!(close(chen.follow_up_rate, 5.0 / 8.0));
    assert!(close(chen.record_completeness, (3.0 + 6.0 / 7.0) / 4.0));
    assert!(close(chen.median_duration_minutes, 30.0));
    // Ann manages Bob but held no conversation: listed, with nothing to show.
    let ann = group(&audit.managers, "Ann");
    assert_eq!((ann.employees, ann.conversations), (1, 0));
    assert_eq!(ann.median_manager_talk_share, None);
    assert_eq!(ann.record_completeness, None);
    assert_eq!(ann.praise, None);
    // The department is the employee's; the organisation holds it all.
    let rd = group(&audit.departments, "研发");
    assert_eq!((rd.employees, rd.conversations), (3, 4));
    assert_eq!(audit.organisation.name, ORGANISATION);
    assert_eq!(audit.organisation.conversations, 4);
    assert_eq!(audit.organisation.employees, 5);
    assert_eq!(audit.conversations.len(), 4);
    assert_eq!(audit.conversations[2].kind, Some(ConversationKind::Review));
    assert_eq!(audit.conversations[2].department.as_deref(), Some("研发"));
    assert_eq!(
        audit.conversations[0].coaching_link,
        "/ui/conversations/1/coaching"
    );
    assert_eq!(audit.language, Language::Zh);
}

#[test]
fn without_the_models_praise_and_criticism_are_unknown_not_zero() {
    let mut unread = talk(1, "Ann", "Bob", day(9, 3), 0.3);
    unread.facts.models = false;
    unread.facts.praise = None;
    unread.facts.criticism = None;
    unread.facts.stages = None;
    let audit = audit(&september(), &team(), &[unread.clone()]).expect("audits");
    let ann = group(&audit.managers, "Ann");
    assert_eq!(ann.models_read, 0);
    assert_eq!(
        (ann.praise, ann.criticism, ann.praise_per_criticism),
        (None, None, None)
    );
    assert_eq!(ann.all_four_stages, None);
    assert_eq!(audit.conversations[0].praise, None);
    // One read conversation beside it: the sums are over what was read.
    let read = talk(2, "Ann", "Bob", day(9, 10), 0.3);
    let audit = super::audit(&september(), &team(), &[unread, read]).expect("audits");
    let ann = group(&audit.managers, "Ann");
    assert_eq!(
        (ann.models_read, ann.praise, ann.criticism),
        (1, Some(1), Some(1))
    );
    assert_eq!(ann.all_four_stages, Some(0));
}

#[test]
fn cadence_gaps_are_listed_and_counted_for_the_employees_manager_and_department() {
    // Bob: a conversation on 1 Sep, then none; 王磊: 2 Sep and 3 Oct (31 days);
    // 李娜: 2 Sep and 4 Oct (32 days).
    let conversations = [
        talk(1, "Ann", "Bob", day(9, 1), 0.3),
        talk(2, "陈静", "王磊", day(9, 2), 0.3),
        talk(3, "陈静", "王磊", day(10, 3), 0.3),
        talk(4, "陈静", "李娜", day(9, 2), 0.3),
        talk(5, "陈静", "李娜", day(10, 4), 0.3),
    ];
    let period = request(day(9, 1), day(10, 10), AuditScope::Everyone);
    let audit = audit(&period, &team(), &conversations).expect("audits");
    let monthly: Vec<(&str, i64)> = audit
        .cadence_gaps
        .iter()
        .filter(|g| g.kind == GapKind::NoConversation31Days)
        .map(|g| (g.employee.as_str(), g.days))
        .collect();
    // Ann and 陈静 report to Boss and never had a conversation: 39 days each.
    assert_eq!(
        monthly,
        [("Ann", 39), ("Bob", 39), ("李娜", 32), ("陈静", 39)]
    );
    let bob = &audit.cadence_gaps[1];
    assert_eq!((bob.from, bob.to), (day(9, 1), day(10, 10)));
    assert_eq!(bob.last_conversation_id, Some(1));
    assert_eq!(bob.manager, "Ann");
    assert_eq!(bob.department.as_deref(), Some("Sales"));
    // The 39-day period is shorter than a quarter: no quarterly gaps.
    assert!(
        audit
            .cadence_gaps
            .iter()
            .all(|g| g.kind == GapKind::NoConversation31Days)
    );
    assert_eq!(group(&audit.managers, "陈静").cadence_gaps, 1);
    assert_eq!(group(&audit.managers, "Ann").cadence_gaps, 1);
    assert_eq!(group(&audit.managers, "Boss").cadence_gaps, 2);
    assert_eq!(group(&audit.departments, "Sales").cadence_gaps, 2);
    assert_eq!(group(&audit.departments, "研发").cadence_gaps, 2);
    assert_eq!(audit.organisation.cadence_gaps, 4);
}

#[test]
fn a_quarter_without_a_review_is_a_gap_in_a_long_enough_period() {
    let people = [person("M", None, None), person("E", Some("M"), None)];
    let monthly: Vec<AuditConversation> = (0..4)
        .map(|i| {
            talk(
                i + 1,
                "M",
                "E",
                day(7, 1) + chrono::Days::new(30 * i as u64),
                0.3,
            )
        })
        .collect();
    // 1 Jul to 2 Oct is 93 days without a review.
    let quarter = request(day(7, 1), day(10, 2), AuditScope::Everyone);
    let audit = audit(&quarter, &people, &monthly).expect("audits");
    let gaps: Vec<(GapKind, i64)> = audit
        .cadence_gaps
        .iter()
        .map(|g| (g.kind, g.days))
        .collect();
    assert_eq!(gaps, [(GapKind::NoFormalInterviewInQuarter, 93)]);
    // 1 Jul to 1 Oct is exactly 92 days: not over a quarter.
    let quarter = request(day(7, 1), day(10, 1), AuditScope::Everyone);
    let audit = super::audit(&quarter, &people, &monthly).expect("audits");
    assert!(audit.cadence_gaps.is_empty(), "{:?}", audit.cadence_gaps);
}

/// Five managers (one employee each) whose median talk shares are `shares`.
fn managers_with(shares: &[f64]) -> (Vec<AuditPerson>, Vec<AuditConversation>) {
    let mut people = Vec::new();
    let mut conversations = Vec::new();
    for (i, share) in (0_i64..).zip(shares) {
        let manager = format!("M{i}");
        let employee = format!("E{i}");
        people.push(person(&employee, Some(&manager), Some("D")));
        conversations.push(talk(i + 1, &manager, &employee, day(9, 10), *share));
    }
    (people, conversations)
}

#[test]
fn one_manager_far_from_four_others_is_an_outlier() {
    let (people, conversations) = managers_with(&[0.30, 0.32, 0.34, 0.36, 0.80]);
    let audit = audit(&september(), &people, &conversations).expect("audits");
    assert_eq!(audit.outliers.len(), 1, "{:?}", audit.outliers);
    let o = &audit.outliers[0];
    assert_eq!((o.group, o.name.as_str()), (GroupKind::Manager, "M4"));
    assert_eq!(o.metric, Metric::MedianManagerTalkShare);
    assert_eq!((o.unit, o.direction), (Unit::Share, Direction::High));
    assert!((o.median - 0.34).abs() < 1e-9 && (o.value - 0.8).abs() < 1e-9);
    // A spread of a few points is not one.
    let (people, conversations) = managers_with(&[0.30, 0.32, 0.34, 0.36, 0.40]);
    let audit = super::audit(&september(), &people, &conversations).expect("audits");
    assert!(audit.outliers.is_empty(), "{:?}", audit.outliers);
}

#[test]
fn with_three_managers_nobody_is_an_outlier() {
    let (people, conversations) = managers_with(&[0.30, 0.32, 0.95]);
    let audit = audit(&september(), &people, &conversations).expect("audits");
    assert!(audit.outliers.is_empty(), "{:?}", audit.outliers);
}

#[test]
fn the_scope_keeps_one_department_or_one_managers_conversations() {
    let conversations = [
        talk(1, "Ann", "Bob", day(9, 3), 0.3),
        talk(2, "陈静", "王磊", day(9, 4), 0.5),
        talk(3, "陈静", "李娜", day(9, 5), 0.5),
        talk(4, "Boss", "陈静", day(9, 6), 0.5),
    ];
    let sales = request(
        day(9, 1),
        day(9, 30),
        AuditScope::Department("Sales".into()),
    );
    let audit = audit(&sales, &team(), &conversations).expect("audits");
    let ids: Vec<i64> = audit.conversations.iter().map(|c| c.id).collect();
    assert_eq!(ids, [1]);
    let names: Vec<&str> = audit.departments.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Sales"]);
    // Ann is in Sales and reports to Boss, who is therefore listed.
    let managers: Vec<&str> = audit.managers.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(managers, ["Ann", "Boss"]);
    let chen = request(day(9, 1), day(9, 30), AuditScope::Manager("陈静".into()));
    let audit = super::audit(&chen, &team(), &conversations).expect("audits");
    let ids: Vec<i64> = audit.conversations.iter().map(|c| c.id).collect();
    assert_eq!(ids, [2, 3]);
    let managers: Vec<&str> = audit.managers.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(managers, ["陈静"]);
    assert_eq!(audit.organisation.employees, 2);
    assert!(audit.cadence_gaps.iter().all(|g| g.manager == "陈静"));
    let json = serde_json::to_value(&audit.scope).expect("serialises");
    assert_eq!(json, serde_json::json!({"kind": "manager", "name": "陈静"}));
}

#[test]
fn conversations_outside_the_period_are_ignored_but_the_last_before_counts_for_cadence() {
    let people = [person("M", None, None), person("E", Some("M"), None)];
    let conversations = [
        talk(1, "M", "E", day(7, 1), 0.9),
        talk(2, "M", "E", day(8, 20), 0.9),
        talk(3, "M", "E", day(9, 25), 0.3),
        talk(4, "M", "E", day(10, 5), 0.9),
    ];
    let audit = audit(&september(), &people, &conversations).expect("audits");
    let ids: Vec<i64> = audit.conversations.iter().map(|c| c.id).collect();
    assert_eq!(ids, [3]);
    let m = group(&audit.managers, "M");
    assert!(close(m.median_manager_talk_share, 0.3));
    // 20 Aug → 25 Sep is 36 days, counted from conversation 2.
    assert_eq!(audit.cadence_gaps.len(), 1);
    let gap = &audit.cadence_gaps[0];
    assert_eq!((gap.days, gap.last_conversation_id), (36, Some(2)));
    // Undated conversations are counted, not placed.
    let mut undated = talk(5, "M", "E", day(9, 1), 0.3);
    undated.held_on = None;
    let audit = super::audit(&september(), &people, &[undated]).expect("audits");
    assert_eq!(
        (audit.undated_conversations, audit.conversations.len()),
        (1, 0)
    );
}

#[test]
fn the_same_inputs_in_any_order_give_the_same_audit_sorted_by_name() {
    let (people, mut conversations) = managers_with(&[0.30, 0.32, 0.34, 0.36, 0.80]);
    conversations.push(talk(9, "M0", "E0", day(9, 1), 0.5));
    let first = audit(&september(), &people, &conversations).expect("audits");
    conversations.reverse();
    let mut reversed_people = people.clone();
    reversed_people.reverse();
    let second = audit(&september(), &reversed_people, &conversations).expect("audits");
    assert_eq!(first, second);
    let names: Vec<&str> = first.managers.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["M0", "M1", "M2", "M3", "M4"]);
    assert_eq!(first.conversations[0].id, 9);
}

#[test]
fn groups_quote_the_latest_criticism_and_praise_briefly() {
    let mut earlier = talk(1, "Ann", "Bob", day(9, 2), 0.3);
    earlier.facts.employee_criticism_received = vec![Quote {
        turn_id: TurnId(4),
        text: "old".into(),
    }];
    let mut later = talk(2, "Ann", "Bob", day(9, 9), 0.3);
    later.facts.employee_criticism_received = vec![Quote {
        turn_id: TurnId(7),
        text: "x".repeat(200),
    }];
    later.facts.employee_praise_received = vec![Quote {
        turn_id: TurnId(2),
        text: "Good call.".into(),
    }];
    let audit = audit(&september(), &team(), &[earlier, later]).expect("audits");
    let evidence = &group(&audit.managers, "Ann").evidence;
    assert_eq!(evidence.len(), 2);
    assert_eq!(
        (evidence[0].signal, evidence[0].conversation_id),
        (QuoteSignal::Criticism, 2)
    );
    assert!(evidence[0].text.chars().count() <= 81);
    assert_eq!(
        (evidence[1].signal, evidence[1].turn_id),
        (QuoteSignal::Praise, TurnId(2))
    );
}

#[test]
fn a_reversed_period_or_an_unknown_scope_is_an_error_saying_what_to_fix() {
    let backwards = request(day(9, 30), day(9, 1), AuditScope::Everyone);
    assert!(matches!(
        audit(&backwards, &team(), &[]),
        Err(AuditError::Period { .. })
    ));
    let nowhere = request(
        day(9, 1),
        day(9, 30),
        AuditScope::Department("Nowhere".into()),
    );
    let err = audit(&nowhere, &team(), &[]).expect_err("unknown");
    assert!(err.to_string().contains("Nowhere"), "{err}");
    let nobody = request(day(9, 1), day(9, 30), AuditScope::Manager("Nobody".into()));
    assert!(matches!(
        audit(&nobody, &team(), &[]),
        Err(AuditError::UnknownManager(_))
    ));
    // A one-day period is fine.
    assert!(
        audit(
            &request(day(9, 1), day(9, 1), AuditScope::Everyone),
            &team(),
            &[]
        )
        .is_ok()
    );
}

#[test]
fn the_json_has_the_contract_keys() {
    let conversations = [talk(1, "Ann", "Bob", day(9, 3), 0.3)];
    let two_months = request(day(9, 1), day(10, 31), AuditScope::Everyone);
    let audit = audit(&two_months, &team(), &conversations).expect("audits");
    let json = serde_json::to_value(&audit).expect("serialises");
    for key in [
        "schema",
        "from",
        "to",
        "scope",
        "managers",
        "departments",
        "organisation",
        "outliers",
        "cadence_gaps",
        "conversations",
    ] {
        assert!(json.get(key).is_some(), "no {key}");
    }
    assert_eq!(json["schema"], SCHEMA);
    assert_eq!(json["scope"], serde_json::json!({"kind": "everyone"}));
    for key in [
        "name",
        "employees",
        "conversations",
        "by_kind",
        "median_manager_talk_share",
        "over_40_percent",
        "praise",
        "criticism",
        "praise_per_criticism",
        "open_question_rate",
        "action_items_agreed",
        "action_items_followed_up",
        "record_completeness",
        "cadence_gaps",
    ] {
        assert!(json["managers"][0].get(key).is_some(), "no group {key}");
    }
    assert_eq!(json["managers"][0]["name"], "Ann");
    assert_eq!(json["managers"][0]["by_kind"]["coaching"], 1);
    assert_eq!(json["cadence_gaps"][0]["kind"], "no_conversation_31_days");
    assert_eq!(
        json["conversations"][0]["coaching_link"],
        "/ui/conversations/1/coaching"
    );
}

/// Issue 6 asks for the audit over 1,000 stored conversations in under 1 s; the
/// audit itself must take a small part of that (it is O(n log n)).
#[test]
fn an_audit_of_a_thousand_conversations_takes_well_under_a_second() {
    let mut people = vec![person("CEO", None, Some("HQ"))];
    for m in 0..50 {
        people.push(person(
            &format!("M{m}"),
            Some("CEO"),
            Some(&format!("D{}", m % 8)),
        ));
        for e in 0..6 {
            people.push(person(
                &format!("E{m}-{e}"),
                Some(&format!("M{m}")),
                Some(&format!("D{}", m % 8)),
            ));
        }
    }
    let conversations: Vec<AuditConversation> = (0_u32..1000)
        .map(|i| {
            let m = i % 50;
            let on = day(1, 1) + chrono::Days::new(u64::from(i * 7 % 360));
            let mut c = talk(
                i64::from(i),
                &format!("M{m}"),
                &format!("E{m}-{}", i % 6),
                on,
                0.3,
            );
            c.facts.manager_talk_share = Some(0.2 + f64::from(i % 40) / 100.0);
            c
        })
        .collect();
    let year = request(day(1, 1), day(12, 31), AuditScope::Everyone);
    let started = Instant::now();
    let audit = audit(&year, &people, &conversations).expect("audits");
    let took = started.elapsed();
    assert_eq!(audit.organisation.conversations, 1000);
    assert_eq!(audit.managers.len(), 51);
    assert!(took < Duration::from_millis(500), "{took:?}");
}
