//! Bad input: every malformed fixture, and inputs too big to keep in a fixture,
//! fail with exit code 2 and a message naming the file, the line when there is
//! one, and the reason. Never a panic.

use std::io::Write;

use serde_json::Value;

use crate::support::{candor, fixture, stderr};

const EXIT_BAD_INPUT: i32 = 2;

/// Runs `candor analyze` on `path` and returns its stderr, checking it failed as
/// bad input rather than crashing.
fn refused(path: &str, extra: &[&str]) -> String {
    let mut args = vec!["analyze", path];
    args.extend_from_slice(extra);
    let output = candor(&args);
    let message = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(EXIT_BAD_INPUT),
        "{path}: {message}"
    );
    assert!(!message.contains("panicked"), "{path} panicked: {message}");
    assert!(output.stdout.is_empty(), "{path} printed a result");
    message
}

#[test]
fn each_malformed_fixture_names_file_line_and_reason() {
    let text = std::fs::read_to_string(fixture("malformed/expected.json")).expect("readable");
    let expected: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("JSON");
    for (name, want) in expected {
        let path = format!("fixtures/malformed/{name}");
        let message = refused(&path, &[]);
        let location = match want["line"].as_u64() {
            Some(line) => format!("{path}:{line}: "),
            None => format!("{path}: "),
        };
        assert!(
            message.contains(&location),
            "{name}: expected '{location}' in: {message}"
        );
        let reason = want["reason_contains"].as_str().expect("reason phrase");
        assert!(
            message.to_lowercase().contains(&reason.to_lowercase()),
            "{name}: expected '{reason}' in: {message}"
        );
    }
}

#[test]
fn a_hundred_megabytes_on_one_line_is_refused_by_size() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..100 {
        file.write_all(&chunk).expect("write");
    }
    let path = file.path().to_str().expect("utf-8 path").to_owned();
    let message = refused(&path, &[]);
    assert!(message.contains("over the limit"), "{message}");
}

#[test]
fn an_overlong_line_under_the_size_limit_names_its_line() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "Alice: hi").expect("write");
    file.write_all(&vec![b'x'; 2 * 1024 * 1024]).expect("write");
    let path = file.path().to_str().expect("utf-8 path").to_owned();
    let message = refused(&path, &[]);
    assert!(
        message.contains(&format!("{path}:2: a line is")),
        "{message}"
    );
}

#[test]
fn whisper_json_without_speakers_says_how_to_read_it() {
    let message = refused("fixtures/conversations/whisper_en_nospeakers.json", &[]);
    assert!(message.contains("--single-speaker"), "{message}");
}

#[test]
fn a_missing_file_is_bad_input_with_its_name() {
    let message = refused("fixtures/no/such/file.vtt", &[]);
    assert!(message.contains("fixtures/no/such/file.vtt"), "{message}");
}

#[test]
fn an_unknown_manager_lists_the_speakers() {
    let message = refused(
        "fixtures/conversations/teams_zh_coaching.vtt",
        &["--manager", "王芳"],
    );
    assert!(
        message.contains("王芳") && message.contains("张伟"),
        "{message}"
    );
}

#[test]
fn the_wrong_forced_format_is_an_error_at_a_line() {
    let message = refused(
        "fixtures/conversations/plain_zh_plan.txt",
        &["--format", "srt"],
    );
    assert!(message.contains("plain_zh_plan.txt:"), "{message}");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let output = candor(&[
        "analyze",
        "--json",
        "fixtures/malformed/binary.bin",
        "fixtures/conversations/zoom_en_oneonone.vtt",
    ]);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let documents: Vec<Value> = serde_json::Deserializer::from_slice(&output.stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("JSON lines");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["format"], "zoom_vtt");
}
