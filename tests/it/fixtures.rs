//! Every conversation fixture against its hand-checked expectations
//! (fixtures/conversations/expected.json, fixtures/long/expected.json): format,
//! language, roles, turns and questions per speaker, talk seconds equal to the sum of
//! each speaker's cue durations to 0.01 s, and, where listed, the action items.

use serde_json::Value;

use crate::support::{analyze_json, fixture, speaker};

const TALK_SECONDS_TOLERANCE: f64 = 0.01;

fn expectations(folder: &str) -> Vec<(String, Value)> {
    let path = fixture(&format!("{folder}/expected.json"));
    let text = std::fs::read_to_string(&path).expect("expected.json is readable");
    let all: serde_json::Map<String, Value> =
        serde_json::from_str(&text).expect("expected.json is JSON");
    all.into_iter().collect()
}

fn check_fixture(folder: &str, name: &str, expected: &Value) -> Vec<String> {
    let extra: &[&str] = if expected["format"] == "whisper_json" {
        &["--single-speaker"]
    } else {
        &[]
    };
    let document = analyze_json(&fixture(&format!("{folder}/{name}")), extra);
    let mut problems = Vec::new();
    for key in ["format", "language", "manager", "employee"] {
        if let Some(want) = expected.get(key)
            && document[key] != *want
        {
            problems.push(format!("{key}: got {}, want {want}", document[key]));
        }
    }
    let speakers = expected["speakers"].as_object().expect("speakers object");
    if document["speakers"].as_array().map(Vec::len) != Some(speakers.len()) {
        problems.push(format!("speaker count: got {}", document["speakers"]));
    }
    for (name, want) in speakers {
        let got = speaker(&document, name);
        problems.extend(check_speaker(name, got, want));
    }
    if let Some(want) = expected.get("action_items") {
        problems.extend(check_action_items(&document, want));
    }
    problems
}

/// The action items a careful reader finds, as (owner, turn, due as said), compared as a
/// set: a false item is as wrong as a missed one.
fn check_action_items(document: &Value, want: &Value) -> Vec<String> {
    let key =
        |owner: &Value, turn: &Value, due: &Value| format!("{owner} at turn {turn}, due {due}");
    let mut got: Vec<String> = document["metrics"]["action_items"]
        .as_array()
        .expect("action items")
        .iter()
        .map(|a| key(&a["owner"], &a["evidence"]["turn_id"], &a["due"]["text"]))
        .collect();
    let mut want: Vec<String> = want
        .as_array()
        .expect("action_items is a list")
        .iter()
        .map(|a| key(&a["owner"], &a["turn_id"], &a["due"]))
        .collect();
    got.sort();
    want.sort();
    if got == want {
        Vec::new()
    } else {
        vec![format!("action items: got {got:?}, want {want:?}")]
    }
}

fn check_speaker(name: &str, got: &Value, want: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if got["turns"] != want["turns"] {
        problems.push(format!(
            "{name} turns: got {}, want {}",
            got["turns"], want["turns"]
        ));
    }
    if let Some(seconds) = want["talk_seconds"].as_f64() {
        let found = got["talk_seconds"].as_f64().unwrap_or(f64::NAN);
        if (found - seconds).abs() > TALK_SECONDS_TOLERANCE || found.is_nan() {
            problems.push(format!("{name} talk_seconds: got {found}, want {seconds}"));
        }
    }
    for kind in ["open", "closed"] {
        if let Some(count) = want.get(format!("{kind}_questions"))
            && got["questions"][kind] != *count
        {
            problems.push(format!(
                "{name} {kind} questions: got {}, want {count}",
                got["questions"][kind]
            ));
        }
    }
    problems
}

fn check_folder(folder: &str) {
    let problems: Vec<String> = expectations(folder)
        .iter()
        .flat_map(|(name, expected)| {
            check_fixture(folder, name, expected)
                .into_iter()
                .map(move |p| format!("{name}: {p}"))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "fixtures disagree with expectations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn conversation_fixtures_match_their_hand_checked_expectations() {
    check_folder("conversations");
}

#[test]
fn the_90_minute_review_matches_its_expectations() {
    check_folder("long");
    let document = analyze_json(&fixture("long/teams_zh_annual_review_90min.vtt"), &[]);
    let expected = &expectations("long")[0].1;
    let duration = document["duration_seconds"].as_f64().expect("timed");
    assert!((duration - expected["duration_seconds"].as_f64().expect("number")).abs() < 0.01);
}

#[test]
fn every_conversation_fixture_is_covered_by_an_expectation() {
    let listed: Vec<String> = expectations("conversations")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let dir = fixture("conversations");
    for entry in std::fs::read_dir(&dir).expect("fixtures/conversations exists") {
        let name = entry
            .expect("directory entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name != "expected.json" && name != "README.md" {
            assert!(
                listed.contains(&name),
                "{name} has no entry in expected.json"
            );
        }
    }
}

/// A recurring action's due says how often it comes round and its first occurrence:
/// 王磊 sets the rota 从下周开始，你每周五前… on Monday 2 November, so the first is Friday
/// 13 November; Rachel's "every Monday morning" is first due on 9 November.
#[test]
fn recurring_actions_are_due_at_their_first_occurrence() {
    let due_of = |name: &str, owner: &str| -> Value {
        let document = analyze_json(
            &fixture(&format!("conversations/{name}")),
            &["--date", "2026-11-02"],
        );
        document["metrics"]["action_items"]
            .as_array()
            .expect("action items")
            .iter()
            .find(|a| a["owner"] == owner && a["due"]["repeats"] != Value::Null)
            .unwrap_or_else(|| panic!("{name}: no recurring item of {owner}"))["due"]
            .clone()
    };
    let rota = due_of("teams_docx_zh.txt", "周婷");
    assert_eq!(rota["text"], "每周五前", "{rota}");
    assert_eq!(rota["repeats"], "weekly", "{rota}");
    assert_eq!(rota["date"], "2026-11-13", "{rota}");
    let check = due_of("zoom_en_oneonone.vtt", "Rachel Okafor");
    assert_eq!(check["repeats"], "weekly", "{check}");
    assert_eq!(check["date"], "2026-11-09", "{check}");
}
