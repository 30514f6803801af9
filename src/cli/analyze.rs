//! `candor analyze FILE…`: read transcripts, measure them, print a table or JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::Error;
use crate::config::Config;
use crate::ingest::{self, Format, IngestOptions};
use crate::measure;
use crate::measure::classify::{Classifier, ClassifyError};
use crate::measure::feedback::read_conversation;
use crate::render::{analysis_json::AnalysisDocument, analysis_text};

use super::EXIT_BAD_INPUT;
use super::transcript::{TranscriptArgs, bad_input, parse_format, read_input};

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Transcript files (WebVTT, SRT, plain text, Otter/Teams text, WhisperX,
    /// Whisper, Fireflies or Candor JSON); `-` reads standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Read the files as this format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Print one `candor.analysis/1` JSON document per file, one per line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    transcript: TranscriptArgs,
}

/// Analyses every file; a file that cannot be read is reported on stderr and the
/// others still run. Exit code 2 when any file was bad input.
pub fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let config = match args.transcript.config() {
        Ok(config) => config,
        Err(err) => return Ok(bad_input(&err.to_string())),
    };
    let options = match args.transcript.ingest_options(args.format, config.limits) {
        Ok(options) => options,
        Err(err) => return Ok(bad_input(&err.to_string())),
    };
    let classifier = args.transcript.classifier()?;
    let mut failed = false;
    let stdout = std::io::stdout();
    for (index, path) in args.files.iter().enumerate() {
        let name = path.display().to_string();
        let bytes = match read_input(path, config.limits.max_input_bytes) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("error: {name}: {err:#}");
                failed = true;
                continue;
            }
        };
        let run = Run {
            options: &options,
            config: &config,
            classifier: classifier.as_ref(),
            json: args.json,
        };
        match analyze_one(&name, &bytes, &run) {
            Ok(output) => {
                let mut out = stdout.lock();
                if !args.json && index > 0 {
                    writeln!(out)?;
                }
                write!(out, "{output}")?;
            }
            Err(AnalyzeError::Json(err)) => return Err(err.into()),
            Err(AnalyzeError::Models(err)) => return Err(err.into()),
            Err(err) => {
                eprintln!("error: {err}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

/// What every input of one `candor analyze` shares.
struct Run<'a> {
    options: &'a IngestOptions,
    config: &'a Config,
    classifier: Option<&'a Classifier>,
    json: bool,
}

/// The rendered analysis of one input.
fn analyze_one(name: &str, bytes: &[u8], run: &Run<'_>) -> Result<String, AnalyzeError> {
    let transcript = ingest::read(bytes, name, run.options).map_err(Error::from)?;
    let analysis =
        measure::analyze(&transcript.conversation, &run.config.norms).map_err(|source| {
            Error::Measure {
                source_name: name.to_owned(),
                source,
            }
        })?;
    let reading = run
        .classifier
        .map(|c| read_conversation(&transcript.conversation, &analysis, c))
        .transpose()
        .map_err(AnalyzeError::Models)?;
    Ok(if run.json {
        let document = AnalysisDocument::new(name, &transcript, &analysis, reading.as_ref());
        let mut line = serde_json::to_string(&document)?;
        line.push('\n');
        line
    } else {
        analysis_text::render(name, &transcript, &analysis, reading.as_ref())
    })
}

/// A failure on one input: the user's to fix (`Input`), or ours.
#[derive(Debug, thiserror::Error)]
enum AnalyzeError {
    #[error(transparent)]
    Input(#[from] Error),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the models failed: {0}")]
    Models(ClassifyError),
}
