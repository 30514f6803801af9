//! Running the `candor` binary and reading what it prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The repository root, where `fixtures/` is.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(relative: &str) -> PathBuf {
    root().join("fixtures").join(relative)
}

/// Runs `candor` with `args`, no standard input. The structural tests measure
/// without the models (`CANDOR_NO_MODELS`); `understanding.rs` runs them.
pub fn candor(args: &[&str]) -> Output {
    run(args, None, false)
}

/// Runs `candor` feeding `input` on standard input, without the models.
pub fn candor_with_stdin(args: &[&str], input: &[u8]) -> Output {
    run(args, Some(input), false)
}

/// Runs `candor` with the models (acts, sentiment, feedback, stages).
pub fn candor_with_models(args: &[&str]) -> Output {
    run(args, None, true)
}

/// Runs `candor` with the models, feeding `input` on standard input.
pub fn candor_with_models_stdin(args: &[&str], input: &[u8]) -> Output {
    run(args, Some(input), true)
}

fn run(args: &[&str], input: Option<&[u8]>, models: bool) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_candor"));
    command.args(args).current_dir(root());
    if !models {
        command.env("CANDOR_NO_MODELS", "true");
    }
    let Some(input) = input else {
        return command
            .stdin(Stdio::null())
            .output()
            .expect("the candor binary runs");
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the candor binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("input is written");
    child.wait_with_output().expect("candor finishes")
}

/// `candor analyze --json FILE [extra…]`, which must succeed; its one document.
pub fn analyze_json(path: &Path, extra: &[&str]) -> Value {
    let path = path.to_str().expect("fixture paths are UTF-8");
    let mut args = vec!["analyze", "--json", path];
    args.extend_from_slice(extra);
    one_document(&args, &candor(&args))
}

/// `candor ARGS…` with the models, which must succeed; the one JSON document printed.
pub fn json_with_models(args: &[&str]) -> Value {
    one_document(args, &candor_with_models(args))
}

/// `candor ARGS…` with the models fed `input`, which must succeed; each line printed,
/// as JSON.
pub fn json_lines_with_models(args: &[&str], input: &[u8]) -> Vec<Value> {
    let output = candor_with_models_stdin(args, input);
    succeeded(args, &output);
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON lines"))
        .collect()
}

fn one_document(args: &[&str], output: &Output) -> Value {
    succeeded(args, output);
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

fn succeeded(args: &[&str], output: &Output) {
    assert!(
        output.status.success(),
        "candor {} failed: {}",
        args.join(" "),
        stderr(output)
    );
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The speaker entry named `name` in an analysis document.
pub fn speaker<'a>(document: &'a Value, name: &str) -> &'a Value {
    document["speakers"]
        .as_array()
        .expect("speakers is an array")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no speaker {name} in {}", document["source"]))
}
