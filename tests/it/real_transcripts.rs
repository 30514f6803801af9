//! Real multi-party meeting transcripts (QMSum validation set, ../shared/eval, read
//! at test time and never committed): written out as plain `Speaker: text` lines,
//! Candor must find the same speakers with the same turn counts and speech units as
//! when it reads the same meetings from its canonical JSON. Real speaker labels are
//! messier than ours ("The Chair (Hon. Anthony Rota (Nipissing, Lib.))").

use std::fmt::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{candor, root};

fn qmsum() -> Option<Vec<Value>> {
    let path: PathBuf = root().join("../shared/eval/qmsum_val.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing in CI",
            path.display()
        );
        eprintln!("skipped: {} is not here", path.display());
        return None;
    };
    Some(
        text.lines()
            .map(|line| serde_json::from_str(line).expect("QMSum lines are JSON"))
            .collect(),
    )
}

/// (speaker, turns, talk units) per speaker, sorted, from each document on stdout.
fn speaker_counts(stdout: &[u8]) -> Vec<Vec<(String, u64, u64)>> {
    serde_json::Deserializer::from_slice(stdout)
        .into_iter::<Value>()
        .map(|document| {
            let document = document.expect("JSON lines");
            let mut speakers: Vec<(String, u64, u64)> = document["speakers"]
                .as_array()
                .expect("speakers")
                .iter()
                .map(|s| {
                    let name = s["name"].as_str().expect("name").to_owned();
                    (
                        name,
                        s["turns"].as_u64().expect("turns"),
                        s["talk_units"].as_u64().expect("units"),
                    )
                })
                .collect();
            speakers.sort();
            speakers
        })
        .collect()
}

fn analyze_all(paths: &[PathBuf]) -> Vec<Vec<(String, u64, u64)>> {
    let mut args = vec!["analyze".to_owned(), "--json".to_owned()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = candor(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    speaker_counts(&output.stdout)
}

#[test]
fn real_meetings_read_the_same_as_plain_text_and_as_canonical_json() {
    let Some(meetings) = qmsum() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut plain, mut canonical) = (Vec::new(), Vec::new());
    for (index, meeting) in meetings.iter().enumerate() {
        let turns = meeting["meeting_transcripts"]
            .as_array()
            .expect("transcript");
        let mut text = String::new();
        for turn in turns {
            let speaker = turn["speaker"].as_str().expect("speaker");
            let content = turn["content"].as_str().expect("content");
            writeln!(text, "{speaker}: {content}").expect("writing to a String");
        }
        let document = json!({
            "schema": "candor.conversation/1",
            "turns": turns.iter().map(|t| json!({"speaker": t["speaker"], "text": t["content"]})).collect::<Vec<_>>(),
        });
        plain.push(dir.path().join(format!("m{index}.txt")));
        canonical.push(dir.path().join(format!("m{index}.json")));
        std::fs::write(&plain[index], text).expect("write");
        std::fs::write(&canonical[index], document.to_string()).expect("write");
    }
    let from_plain = analyze_all(&plain);
    let from_json = analyze_all(&canonical);
    assert_eq!(from_plain.len(), meetings.len());
    for (index, (a, b)) in from_plain.iter().zip(&from_json).enumerate() {
        assert_eq!(
            a, b,
            "meeting {index}: plain text and canonical JSON disagree"
        );
    }
}
