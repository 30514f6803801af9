//! `candor analyze FILE…`: read transcripts, measure them, print a table or JSON.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::Error;
use crate::config::{Config, Limits, Norms};
use crate::domain::{ConversationKind, Metadata, PerformanceLevel};
use crate::ingest::{self, Format, IngestOptions};
use crate::measure;
use crate::measure::classify::{Classifier, ClassifyError};
use crate::measure::feedback::read_conversation;
use crate::render::{analysis_json::AnalysisDocument, analysis_text};

use super::EXIT_BAD_INPUT;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Transcript files (WebVTT, SRT, plain text, Otter/Teams text, WhisperX,
    /// Whisper, Fireflies or Candor JSON); `-` reads standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Read the files as this format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Decode the files with this encoding (utf-8, utf-16le, utf-16be, gbk,
    /// gb18030) instead of detecting it.
    #[arg(long)]
    encoding: Option<String>,
    /// The manager's name as it appears among the speakers (a unique part is enough).
    #[arg(long)]
    manager: Option<String>,
    /// The employee's name as it appears among the speakers.
    #[arg(long)]
    employee: Option<String>,
    /// Someone else present (an HR observer); repeat for several.
    #[arg(long = "participant")]
    participants: Vec<String>,
    /// The department the conversation belongs to (kept in the output's metadata).
    #[arg(long)]
    department: Option<String>,
    /// Date of the conversation, YYYY-MM-DD.
    #[arg(long)]
    date: Option<chrono::NaiveDate>,
    /// plan, coaching, review or feedback.
    #[arg(long)]
    kind: Option<ConversationKind>,
    /// The employee's performance level: high, middle or low.
    #[arg(long)]
    level: Option<PerformanceLevel>,
    /// The file has no speaker labels: one person speaks throughout (named NAME).
    #[arg(long, num_args = 0..=1, default_missing_value = "Speaker", value_name = "NAME")]
    single_speaker: Option<String>,
    /// Print one `candor.analysis/1` JSON document per file, one per line.
    #[arg(long)]
    json: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: usize,
    /// Refuse conversations with more turns than this.
    #[arg(long, default_value_t = Limits::default().max_turns)]
    max_turns: usize,
    /// The manager should talk at most this share of the time (0–1).
    #[arg(long, default_value_t = Norms::default().manager_max_talk_share)]
    manager_max_share: f64,
    /// The manager should ask at least this many open questions.
    #[arg(long, default_value_t = Norms::default().min_open_questions)]
    min_open_questions: u32,
    /// Gaps of at least this many seconds count as silences.
    #[arg(long, default_value_t = Norms::default().silence_seconds)]
    silence_seconds: f64,
    /// Measure only: no encoder, no acts, sentiment, feedback or stages.
    #[arg(long, env = "CANDOR_NO_MODELS")]
    no_models: bool,
    /// The models folder (the encoder and heads/).
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

impl AnalyzeArgs {
    fn config(&self) -> anyhow::Result<Config> {
        let limits = Limits {
            max_input_bytes: self.max_input_bytes,
            max_turns: self.max_turns,
            ..Limits::default()
        };
        let norms = Norms {
            manager_max_talk_share: self.manager_max_share,
            min_open_questions: self.min_open_questions,
            silence_seconds: self.silence_seconds,
            ..Norms::default()
        };
        Ok(Config::new(limits, norms)?)
    }

    fn ingest_options(&self, limits: Limits) -> anyhow::Result<IngestOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(ingest::encoding_by_label(label).with_context(|| {
                format!("unknown encoding '{label}'; try utf-8, utf-16le, utf-16be or gbk")
            })?),
            None => None,
        };
        Ok(IngestOptions {
            format: self.format,
            encoding,
            single_speaker: self.single_speaker.clone(),
            metadata: Metadata {
                manager: self.manager.clone(),
                employee: self.employee.clone(),
                participants: self.participants.clone(),
                department: self.department.clone(),
                date: self.date,
                kind: self.kind,
                performance_level: self.level,
            },
            limits,
        })
    }
}

/// Analyses every file; a file that cannot be read is reported on stderr and the
/// others still run. Exit code 2 when any file was bad input.
pub fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let config = match args.config() {
        Ok(config) => config,
        Err(err) => return Ok(bad_input(&err.to_string())),
    };
    let options = match args.ingest_options(config.limits) {
        Ok(options) => options,
        Err(err) => return Ok(bad_input(&err.to_string())),
    };
    let classifier = if args.no_models {
        None
    } else {
        let loaded = Classifier::load(&args.models_dir, Vec::new()).with_context(|| {
            format!(
                "loading the models from {} (install them with `candor models install`, \
                 or measure without them with --no-models)",
                args.models_dir.display()
            )
        })?;
        Some(loaded)
    };
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

fn bad_input(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
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

/// Reads at most one byte over the limit, so a huge file is refused without being
/// read whole; `ingest` reports the size error.
fn read_input(path: &PathBuf, limit: usize) -> anyhow::Result<Vec<u8>> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(cap)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let file = std::fs::File::open(path).context("cannot open the file")?;
        file.take(cap)
            .read_to_end(&mut bytes)
            .context("cannot read the file")?;
    }
    Ok(bytes)
}
