//! `candor analyze` as a user runs it: the JSON contract, the human table in the
//! transcript's language, overrides, standard input, encodings.

use serde_json::Value;

use crate::support::{analyze_json, candor, candor_with_stdin, fixture, speaker, stdout};

#[test]
fn json_document_has_the_contracted_keys() {
    let document = analyze_json(&fixture("conversations/teams_zh_coaching.vtt"), &[]);
    assert_eq!(document["schema"], "candor.analysis/1");
    for key in [
        "format",
        "language",
        "manager",
        "manager_inferred",
        "duration_seconds",
        "speakers",
        "turns",
        "metrics",
    ] {
        assert!(document.get(key).is_some(), "missing {key}");
    }
    let first = &document["speakers"][0];
    for key in [
        "name",
        "role",
        "turns",
        "talk_seconds",
        "talk_units",
        "talk_share_time",
        "talk_share_units",
        "longest_monologue_seconds",
        "longest_monologue_units",
        "questions",
        "labelling",
        "fillers",
    ] {
        assert!(first.get(key).is_some(), "missing speakers[].{key}");
    }
    assert!(first["questions"].get("open").is_some() && first["questions"].get("closed").is_some());
    let turn = &document["turns"][0];
    for key in ["id", "speaker", "start", "end", "text"] {
        assert!(turn.get(key).is_some(), "missing turns[].{key}");
    }
}

#[test]
fn shares_add_up_and_carry_evidence() {
    let document = analyze_json(&fixture("conversations/zoom_en_oneonone.vtt"), &[]);
    let speakers = document["speakers"].as_array().expect("array");
    let time: f64 = speakers
        .iter()
        .map(|s| s["talk_share_time"].as_f64().expect("timed"))
        .sum();
    let units: f64 = speakers
        .iter()
        .map(|s| s["talk_share_units"].as_f64().expect("share"))
        .sum();
    assert!((time - 1.0).abs() < 1e-9 && (units - 1.0).abs() < 1e-9);
    for check in document["metrics"]["norms"].as_array().expect("norms") {
        if check["norm"] == "manager_talk_share" {
            assert!(!check["evidence"].as_array().expect("evidence").is_empty());
        }
    }
}

#[test]
fn manager_given_on_the_command_line_is_not_inferred() {
    let inferred = analyze_json(&fixture("conversations/otter_en_checkin.txt"), &[]);
    assert_eq!(inferred["manager_inferred"], true);
    assert!(inferred["manager_confidence"].as_f64().expect("number") > 0.5);
    assert!(
        !inferred["manager_basis"]
            .as_array()
            .expect("basis")
            .is_empty()
    );
    let manager = inferred["manager"].as_str().expect("name").to_owned();
    let given = analyze_json(
        &fixture("conversations/otter_en_checkin.txt"),
        &["--manager", &manager],
    );
    assert_eq!(given["manager_inferred"], false);
    assert_eq!(given["manager_confidence"], 1.0);
}

#[test]
fn swapping_the_manager_swaps_the_roles() {
    let document = analyze_json(
        &fixture("conversations/zoom_en_oneonone.vtt"),
        &["--manager", "Tom Brennan"],
    );
    assert_eq!(speaker(&document, "Tom Brennan")["role"], "manager");
    assert_eq!(speaker(&document, "Rachel Okafor")["role"], "employee");
}

#[test]
fn the_hr_observer_is_other() {
    let document = analyze_json(&fixture("conversations/candor_zh_feedback.json"), &[]);
    assert_eq!(speaker(&document, "HRBP 周敏")["role"], "other");
    assert_eq!(document["metadata"]["kind"], "feedback");
    assert_eq!(document["manager_inferred"], false);
}

#[test]
fn human_output_speaks_the_transcripts_language_throughout() {
    let zh = stdout(&candor(&[
        "analyze",
        "fixtures/conversations/srt_zh_review.srt",
    ]));
    for words in [
        "说话人",
        "规范检查",
        "经理说话占比",
        "经理自始至终主导",
        "名字带管理职务",
    ] {
        assert!(zh.contains(words), "no '{words}' in: {zh}");
    }
    assert!(
        !zh.contains("talk share") && !zh.contains("questions"),
        "English in: {zh}"
    );
    let en = stdout(&candor(&[
        "analyze",
        "fixtures/conversations/zoom_en_oneonone.vtt",
    ]));
    for words in [
        "speaker",
        "Norms",
        "manager talk share",
        "asked 10 of 11 questions",
    ] {
        assert!(en.contains(words), "no '{words}' in: {en}");
    }
}

#[test]
fn gbk_and_utf16_files_are_decoded_and_say_so() {
    let gbk = analyze_json(&fixture("conversations/plain_zh_gbk.txt"), &[]);
    assert_eq!(gbk["encoding"], "gb18030");
    assert!(
        gbk["turns"][0]["text"]
            .as_str()
            .expect("text")
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    );
    let utf16 = analyze_json(&fixture("conversations/plain_en_utf16.txt"), &[]);
    assert_eq!(utf16["encoding"], "UTF-16LE");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let bytes = std::fs::read(fixture("conversations/plain_zh_plan.txt")).expect("fixture");
    let output = candor_with_stdin(&["analyze", "--json", "-"], &bytes);
    assert!(output.status.success());
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        (document["source"].as_str(), document["format"].as_str()),
        (Some("-"), Some("plain"))
    );
}

#[test]
fn untimed_transcripts_have_null_times_and_unit_shares() {
    let document = analyze_json(&fixture("conversations/plain_zh_plan.txt"), &[]);
    assert_eq!(document["duration_seconds"], Value::Null);
    assert_eq!(document["timing"], "none");
    let first = &document["speakers"][0];
    assert_eq!(first["talk_share_time"], Value::Null);
    assert!(first["talk_share_units"].as_f64().expect("share") > 0.0);
    assert_eq!(document["metrics"]["dominance"], Value::Null);
}

#[test]
fn the_long_review_finds_its_silences_interruptions_and_monologue() {
    let document = analyze_json(&fixture("long/teams_zh_annual_review_90min.vtt"), &[]);
    let metrics = &document["metrics"];
    assert_eq!(metrics["silences"].as_array().expect("silences").len(), 6);
    assert_eq!(
        metrics["interruptions"]
            .as_array()
            .expect("interruptions")
            .len(),
        3
    );
    let manager = speaker(&document, "周建国");
    let longest = manager["longest_monologue_seconds"]
        .as_f64()
        .expect("timed");
    assert!((longest - 200.9).abs() < 1.0, "{longest}");
    assert!(!metrics["dominance"]["pattern"].is_null());
    let norms = metrics["norms"].as_array().expect("norms");
    let talk = norms
        .iter()
        .find(|n| n["norm"] == "manager_talk_share")
        .expect("checked");
    assert_eq!(talk["met"], false);
}
