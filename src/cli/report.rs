//! `candor report FILE…`: weekly reports (周报), each read as a whole: sentiment in
//! [−1, 1], topic shares, keyphrases, and every sentence's reading.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde_json::json;

use crate::measure::classify::Classifier;
use crate::measure::report::{ReportReading, read_report};

/// Reports over this size are refused: a weekly report is a page or two.
const MAX_REPORT_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Weekly reports as UTF-8 plain text or Markdown, one per file.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// One `candor.report/1` JSON document per file, one per line.
    #[arg(long)]
    json: bool,
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let classifier = Classifier::load(&args.models_dir, Vec::new())
        .with_context(|| format!("loading the models from {}", args.models_dir.display()))?;
    for path in &args.files {
        let size = std::fs::metadata(path)
            .with_context(|| format!("{}: cannot read the file", path.display()))?
            .len();
        anyhow::ensure!(
            size <= MAX_REPORT_BYTES,
            "{}: {size} bytes is more than a weekly report's limit of {MAX_REPORT_BYTES}",
            path.display()
        );
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: not UTF-8 text", path.display()))?;
        let reading = read_report(&text, &classifier)?;
        if args.json {
            let source = path.display().to_string();
            println!(
                "{}",
                json!({"schema": "candor.report/1", "source": source, "report": reading})
            );
        } else {
            print!("{}", readable(&path.display().to_string(), &reading));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn readable(source: &str, reading: &ReportReading) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{source}: sentiment {:+.2}\n", reading.sentiment);
    let topics: Vec<String> = reading
        .topics
        .iter()
        .map(|t| {
            format!(
                "{} {:.0}%",
                serde_json::to_string(&t.topic)
                    .unwrap_or_default()
                    .trim_matches('"'),
                t.share * 100.0
            )
        })
        .collect();
    let _ = writeln!(out, "  topics: {}", topics.join(", "));
    let phrases: Vec<&str> = reading
        .keyphrases
        .iter()
        .map(|k| k.phrase.as_str())
        .collect();
    let _ = writeln!(out, "  keyphrases: {}", phrases.join(", "));
    for s in &reading.sentences {
        let _ = writeln!(out, "  {:+.2}  {}", s.reading.polarity(), s.text);
    }
    out
}
