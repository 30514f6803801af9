//! Understanding with the real models (installed by `make test`, heads committed in
//! models/heads): the heads' quality on the dev split they never trained on,
//! `candor classify`'s contract, and `candor analyze` on two hand-checked
//! conversations (fixtures/understanding/README.md says what a careful reader finds
//! in them).

use std::sync::OnceLock;

use candor::evaluation;
use candor::inference::Encoder;
use candor::inference::dataset::{self, Split};
use candor::measure::understanding::Reader;
use serde_json::Value;

use crate::support::{candor_with_models, fixture, json_lines_with_models, json_with_models, root};

/// Issue #4's bar for acts is 0.85 on each language of the dev split; on the tenth
/// round's dev split the heads (trained on ten rounds, three tuned layers, the last two
/// reading by query, seed 7) measure 0.878 (zh) and 0.908 (en). The floors sit one or
/// two examples below what we measured (one example moves zh macro-F1 by about
/// 0.002): the 8-bit layers and the SIMD kernels may round a borderline example
/// differently on another CPU, while a real regression fails.
const MIN_ACT_MACRO_F1: f64 = 0.875;
/// The issue asks 0.85: met since figures set the tone of the sentences whose news is
/// in them (`measure::figures`): 0.866 (zh) and 0.858 (en) on the tenth round's split,
/// where the heads alone measure 0.845 / 0.840. The floor sits just under the English
/// figure.
const MIN_SENTIMENT_MACRO_F1: f64 = 0.854;
const MIN_SPECIFICITY_MACRO_F1: f64 = 0.90;

fn models() -> &'static (Encoder, Reader) {
    static MODELS: OnceLock<(Encoder, Reader)> = OnceLock::new();
    MODELS.get_or_init(|| {
        let encoder = Encoder::load(&root().join("models/encoder"))
            .unwrap_or_else(|err| panic!("{err}\n(run `make models` first)"));
        let reader = Reader::load(&root().join("models/heads")).expect("the committed heads load");
        (encoder, reader)
    })
}

#[test]
fn the_heads_meet_the_bar_on_the_dev_split() {
    let (encoder, reader) = models();
    let dev: Vec<_> = dataset::read_dir(&fixture("train"))
        .expect("the training data reads")
        .into_iter()
        .filter(|i| i.split() == Split::Dev)
        .collect();
    assert!(dev.len() > 800, "only {} dev items", dev.len());
    let texts: Vec<&str> = dev.iter().map(|i| i.text.as_str()).collect();
    let (_, vectors) = reader.embed(encoder, &texts).expect("embeds");
    let scores = evaluation::evaluate(&dev, &vectors, reader).expect("scores");
    for (task, per, floor) in [
        ("act", &scores.act, MIN_ACT_MACRO_F1),
        ("sentiment", &scores.sentiment, MIN_SENTIMENT_MACRO_F1),
        ("specificity", &scores.specificity, MIN_SPECIFICITY_MACRO_F1),
    ] {
        for (language, report) in [("zh", &per.zh), ("en", &per.en)] {
            assert!(
                report.macro_f1 >= floor,
                "{task} {language}: macro-F1 {:.3} < {floor}\n{}",
                report.macro_f1,
                report.table()
            );
        }
    }
}

/// `--set` scores one public set alone, from whatever folder `--public` names; a
/// file scored whole prints tables only for the languages it has.
#[test]
fn eval_scores_the_sets_asked_for_and_only_the_languages_present() {
    let dir = tempfile::tempdir().expect("tempdir");
    // DISAPERE's columns; only evaluative sentences with a polarity count.
    let disapere = "review_id\tsentence\ttype\taspect\tx\tpolarity\ttext\n\
                    r1\t1\targ_evaluative\tclarity\t-\tpol_positive\tThe paper is clearly written and a pleasure to read.\n\
                    r1\t2\targ_evaluative\tsoundness\t-\tpol_negative\tThe experiments do not support the main claim.\n\
                    r1\t3\targ_request\tnone\t-\tnone\tPlease add a related-work section.\n";
    std::fs::write(dir.path().join("disapere_dev.tsv"), disapere).expect("writes the set");
    let public = dir.path().to_str().expect("UTF-8 path");
    let doc = json_with_models(&["eval", "--json", "--set", "disapere", "--public", public]);
    let results = doc["results"].as_object().expect("results");
    let names: Vec<&String> = results.keys().collect();
    assert_eq!(names, ["DISAPERE dev: praise vs criticism, en"]);
    assert_eq!(
        results["DISAPERE dev: praise vs criticism, en"]["examples"],
        2
    );

    let file = dir.path().join("zh.jsonl");
    let item = r#"{"text": "这版方案的数据口径跟上次对不上，你再核一遍。", "language": "zh", "source": "utterance", "role": "manager", "act": "criticism", "sentiment": "negative", "specific": true, "domain": "finance"}"#;
    std::fs::write(&file, format!("{item}\n")).expect("writes the file");
    let output = candor_with_models(&["eval", file.to_str().expect("UTF-8 path")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tables = String::from_utf8_lossy(&output.stdout);
    assert!(tables.contains("dialogue act, zh"), "{tables}");
    assert!(!tables.contains(", en"), "{tables}");
}

/// `candor classify --json` of `input`, with the real models: one JSON object per line.
fn classify_json(input: &str) -> Vec<Value> {
    json_lines_with_models(&["classify", "--json"], input.as_bytes())
}

#[test]
fn classify_gives_every_field_of_the_contract() {
    let input = "这次复盘写得很扎实，数据也很清楚。\n\
                 {\"text\": \"Walk me through what happened with the Acme renewal.\"}\n\
                 \n\
                 你总是最后一刻才交东西。\n";
    let lines = classify_json(input);
    assert_eq!(lines.len(), 3, "the blank line is skipped");
    for line in &lines {
        for key in [
            "text",
            "language",
            "act",
            "act_scores",
            "sentiment",
            "sentiment_scores",
            "specific",
            "labelling",
            "topics",
            "keyphrases",
        ] {
            assert!(line.get(key).is_some(), "no {key} in {line}");
        }
        let total: f64 = line["act_scores"]
            .as_object()
            .expect("a map")
            .values()
            .filter_map(Value::as_f64)
            .sum();
        assert!((total - 1.0).abs() < 1e-3, "act scores sum to {total}");
        assert_eq!(
            line["act_scores"].as_object().map(serde_json::Map::len),
            Some(6)
        );
    }
    assert_eq!(lines[0]["language"], "zh");
    assert_eq!(lines[0]["act"], "praise");
    assert_eq!(lines[1]["language"], "en");
    assert_eq!(lines[1]["act"], "open_question");
    assert_eq!(lines[1]["specific"], Value::Null);
    assert_eq!(lines[2]["act"], "criticism");
    assert_eq!(lines[2]["labelling"], true);
    assert!(
        lines[0]["keyphrases"]
            .as_array()
            .is_some_and(|k| k.iter().any(|p| p["phrase"] == "复盘")),
        "{}",
        lines[0]["keyphrases"]
    );
}

#[test]
fn classify_gives_the_tone_figures_tell_with_the_measure_they_are_about() {
    let input = "本周退货率从3.1%降到1.2%。\n\
                 CSAT for my queue was 78% this week, down from 86%.\n\
                 Why did returns go up on Tuesday?\n";
    let lines = classify_json(input);
    assert_eq!(lines[0]["sentiment"], "positive", "{}", lines[0]);
    assert_eq!(lines[0]["figure"]["tone"], "positive");
    assert_eq!(lines[0]["figure"]["better"], "lower");
    assert_eq!(lines[0]["figure"]["against"], "earlier");
    // The measure's span, in characters: 退货率.
    assert_eq!(lines[0]["figure"]["measure"]["start"], 2);
    assert_eq!(lines[0]["figure"]["measure"]["end"], 5);
    assert_eq!(lines[1]["sentiment"], "negative", "{}", lines[1]);
    assert_eq!(lines[1]["figure"]["higher"], false);
    // A question about a figure tells no news of it.
    assert!(lines[2].get("figure").is_none(), "{}", lines[2]);
}

/// `candor analyze --json` of a fixture (a path under fixtures/), with the real models.
fn analyze(name: &str) -> Value {
    let path = fixture(name);
    let path = path.to_str().expect("UTF-8 path");
    json_with_models(&["analyze", "--json", "--date", "2026-10-12", path])
}

fn feedback_of<'a>(document: &'a Value, speaker: &str) -> &'a Value {
    document["understanding"]["feedback"]
        .as_array()
        .expect("feedback list")
        .iter()
        .find(|f| f["speaker"] == speaker)
        .unwrap_or_else(|| panic!("no feedback entry for {speaker}"))
}

fn has_action(document: &Value, owner: &str, due: &str) -> bool {
    document["metrics"]["action_items"]
        .as_array()
        .expect("action items")
        .iter()
        .any(|a| a["owner"] == owner && a["due"]["date"] == due)
}

/// What a careful reader says of one stage: the turns that must be among its evidence,
/// and turns that must not be.
struct StageSeen {
    stage: &'static str,
    covered_by: &'static [u64],
    not_by: &'static [u64],
}

const fn seen(
    stage: &'static str,
    covered_by: &'static [u64],
    not_by: &'static [u64],
) -> StageSeen {
    StageSeen {
        stage,
        covered_by,
        not_by,
    }
}

/// Every stage is covered, by the turns a reader names and not by those a reader rules out.
fn assert_stages(document: &Value, expected: &[StageSeen]) {
    let stages = document["understanding"]["stages"]
        .as_array()
        .expect("stages");
    for stage in stages {
        assert_eq!(stage["covered"], true, "{stage}");
    }
    for seen in expected {
        let found = stages
            .iter()
            .find(|s| s["stage"] == seen.stage)
            .unwrap_or_else(|| panic!("no stage {}", seen.stage));
        let turns: Vec<u64> = found["turns"]
            .as_array()
            .expect("turns")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        for turn in seen.covered_by {
            assert!(
                turns.contains(turn),
                "{}: turn {turn} missing from {turns:?}",
                seen.stage
            );
        }
        for turn in seen.not_by {
            assert!(
                !turns.contains(turn),
                "{}: turn {turn} wrongly in {turns:?}",
                seen.stage
            );
        }
    }
}

#[test]
fn analyze_reads_praise_then_criticism_actions_and_stages_in_chinese() {
    let document = analyze("understanding/coaching_zh.txt");
    let manager = feedback_of(&document, "王芳");
    assert_eq!(manager["praise_before_criticism"], true, "{manager}");
    assert_eq!(manager["first_praise"]["turn_id"], 3, "{manager}");
    assert_eq!(manager["first_criticism"]["turn_id"], 7, "{manager}");
    assert!(manager["specific"].as_u64() >= Some(2), "{manager}");
    assert!(
        has_action(&document, "王芳", "2026-10-16"),
        "周五前: the manager's call to finance"
    );
    assert!(
        has_action(&document, "陈晨", "2026-10-21"),
        "下周三前: the review document"
    );
    assert_stages(
        &document,
        &[
            seen("goal_review", &[1], &[3, 14]),
            seen("process", &[5, 6, 8], &[1, 2, 14]),
            seen("strengths_and_gaps", &[3, 7], &[1]),
            seen("development_and_support", &[9, 10, 11, 13], &[1, 2, 3]),
        ],
    );
}

#[test]
fn analyze_reads_praise_then_criticism_actions_and_stages_in_english() {
    let document = analyze("understanding/review_en.txt");
    let manager = feedback_of(&document, "Maria Lopez");
    assert_eq!(manager["praise_before_criticism"], true, "{manager}");
    assert_eq!(manager["first_criticism"]["turn_id"], 7, "{manager}");
    assert!(manager["criticism"].as_u64() >= Some(1), "{manager}");
    assert!(
        has_action(&document, "Sam Carter", "2026-10-16"),
        "the revised forecast by Friday"
    );
    assert!(
        has_action(&document, "Maria Lopez", "2026-10-31"),
        "the CRM training by month end"
    );
    assert_stages(
        &document,
        &[
            seen("goal_review", &[1, 2], &[3, 14]),
            seen("process", &[5, 6, 8], &[1, 2, 14]),
            seen("strengths_and_gaps", &[3, 7], &[1]),
            seen("development_and_support", &[10, 11, 12, 13, 15], &[1, 2, 3]),
        ],
    );
}

/// `make run`'s sample (fixtures/conversations/README.md): the HRBP's introduction is no
/// stage, the employee's account of the overdue receivables and of the CRM records is
/// the process (the customer's cash trouble is no wellbeing of the employee's), and the
/// plans and the training programme are development.
#[test]
fn analyze_finds_the_stages_of_a_quarterly_review() {
    let document = analyze("conversations/candor_zh_feedback.json");
    assert_stages(
        &document,
        &[
            seen("goal_review", &[4, 6], &[1, 2, 3, 27]),
            seen("process", &[7, 10, 13], &[1, 2, 3, 27]),
            seen("strengths_and_gaps", &[4, 6, 12], &[1, 2]),
            seen("development_and_support", &[19, 20, 21], &[1, 2, 3, 5, 7]),
        ],
    );
}

/// A spoken plan's items are suggestions, whatever tone the act head hears in them: "Three,
/// you finish cross-training the last two operators by the end of February." is no
/// criticism of Jordan, so the coaching report does not count it against Priya. Nor is
/// her "Great." after "Yep, loud and clear." her first praise.
#[test]
fn analyze_reads_a_spoken_plan_as_suggestions_and_an_acknowledgement_as_no_praise() {
    let document = analyze("conversations/teams_en_review.vtt");
    let sentences = document["understanding"]["sentences"]
        .as_array()
        .expect("sentences");
    for item in [
        "One, you start the written handover log",
        "Two, you and I meet with Dana",
        "Three, you finish cross-training",
    ] {
        let sentence = sentences
            .iter()
            .find(|s| s["text"].as_str().is_some_and(|t| t.starts_with(item)))
            .unwrap_or_else(|| panic!("no sentence {item}"));
        assert_eq!(sentence["act"], "suggestion", "{sentence}");
        assert_eq!(sentence["specific"], Value::Null, "{sentence}");
    }
    let manager = feedback_of(&document, "Priya Raman");
    assert!(manager["criticism"].as_u64() <= Some(7), "{manager}");
    assert_eq!(manager["first_praise"]["turn_id"], 10, "{manager}");
}
