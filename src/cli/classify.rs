//! `candor classify`: lines of text (or JSONL with a "text" field) in; what Candor
//! reads in each out, as JSONL (`--json`) or one readable line per text.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::measure::classify::{Classifier, TextAnalysis};
use crate::measure::topics::TrackerSpec;

/// Texts classified per batch.
const BATCH: usize = 64;

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// One JSON object per line instead of readable lines.
    #[arg(long)]
    json: bool,
    /// A JSON file of trackers: [{"name": "...", "examples": ["...", ...], "threshold": 0.88}].
    #[arg(long)]
    trackers: Option<PathBuf>,
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
}

pub fn run(args: &ClassifyArgs) -> anyhow::Result<ExitCode> {
    let trackers: Vec<TrackerSpec> = match &args.trackers {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a list of trackers", path.display()))?
        }
        None => Vec::new(),
    };
    let classifier = Classifier::load(&args.models_dir, trackers)
        .with_context(|| format!("loading the models from {}", args.models_dir.display()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut batch = Vec::with_capacity(BATCH);
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading standard input")?;
        if let Some(text) = text_of(&line).with_context(|| format!("stdin:{}", index + 1))? {
            batch.push(text);
        }
        if batch.len() == BATCH {
            write(&classifier, &batch, args.json, &mut out)?;
            batch.clear();
        }
    }
    write(&classifier, &batch, args.json, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The text of an input line: the line itself, or the "text" field of a JSON object.
fn text_of(line: &str) -> anyhow::Result<Option<String>> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if !trimmed.starts_with('{') {
        return Ok(Some(trimmed.to_owned()));
    }
    let value: serde_json::Value = serde_json::from_str(trimmed).context("not valid JSON")?;
    let text = value
        .get("text")
        .and_then(serde_json::Value::as_str)
        .context("a JSON line needs a \"text\" string")?;
    Ok(Some(text.to_owned()))
}

fn write(
    classifier: &Classifier,
    texts: &[String],
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if texts.is_empty() {
        return Ok(());
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    for analysis in classifier.classify_with_keyphrases(&refs)? {
        if json {
            serde_json::to_writer(&mut *out, &analysis)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", readable(&analysis))?;
        }
    }
    Ok(())
}

fn readable(a: &TextAnalysis) -> String {
    let act = a.reading.act;
    let sentiment = a.reading.sentiment;
    let topics: Vec<String> = a
        .topics
        .iter()
        .map(|t| format!("{:?}", t.topic).to_lowercase())
        .collect();
    let specific = match a.specific {
        Some(true) => " specific",
        Some(false) => " vague",
        None => "",
    };
    let phrases: Vec<&str> = a
        .keyphrases
        .iter()
        .flatten()
        .map(|k| k.phrase.as_str())
        .collect();
    format!(
        "{:<15} {:.2}{specific}  {:<8} {:+.2}  [{}]  {{{}}}  {}",
        act.name(),
        a.reading.act_scores.get(act),
        sentiment.name(),
        a.reading.polarity(),
        topics.join(", "),
        phrases.join(", "),
        a.text
    )
}
