//! What `candor analyze` and `candor coach` share: how to read a transcript (its
//! encoding, who is who, its metadata), the limits and norms to measure it against,
//! and the models.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::api::error::ApiError;
use crate::config::{Config, Limits, Norms};
use crate::domain::{ConversationKind, Metadata, PerformanceLevel};
use crate::ingest::{self, Format, IngestOptions};
use crate::measure::classify::Classifier;

use super::EXIT_BAD_INPUT;

#[derive(Debug, Args)]
pub struct TranscriptArgs {
    /// Decode the input with this encoding (utf-8, utf-16le, utf-16be, gbk,
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
    /// Date of the conversation, YYYY-MM-DD (due dates resolve against it).
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
    pub no_models: bool,
    /// The models folder (the encoder and heads/).
    #[arg(long, default_value = "models")]
    pub models_dir: PathBuf,
}

/// A transcript format named on the command line.
pub fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

impl TranscriptArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
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

    /// How to read the input; `format` skips detection.
    pub fn ingest_options(
        &self,
        format: Option<Format>,
        limits: Limits,
    ) -> anyhow::Result<IngestOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(ingest::encoding_by_label(label).with_context(|| {
                format!("unknown encoding '{label}'; try utf-8, utf-16le, utf-16be or gbk")
            })?),
            None => None,
        };
        Ok(IngestOptions {
            format,
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

    /// The models, unless `--no-models`; the error says how to install them.
    pub fn classifier(&self) -> anyhow::Result<Option<Classifier>> {
        if self.no_models {
            return Ok(None);
        }
        Classifier::load(&self.models_dir, Vec::new())
            .map(Some)
            .with_context(|| {
                format!(
                    "loading the models from {} (install them with `candor models install`, \
                     or measure without them with --no-models)",
                    self.models_dir.display()
                )
            })
    }
}

/// Prints `message` as the user's error; exit code 2.
pub fn bad_input(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Reads at most one byte over the limit, so a huge file is refused without being
/// read whole; `ingest` reports the size error. `-` is standard input.
pub fn read_input(path: &Path, limit: usize) -> anyhow::Result<Vec<u8>> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(cap)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        std::fs::File::open(path)
            .context("cannot open the file")?
            .take(cap)
            .read_to_end(&mut bytes)
            .context("cannot read the file")?;
    }
    Ok(bytes)
}

/// An API error as the command line reports it: exit 2 with the message for what
/// the user can fix, a failure otherwise.
pub fn user_or_internal(err: ApiError) -> anyhow::Result<ExitCode> {
    if err.status.is_client_error() {
        Ok(bad_input(&err.message))
    } else {
        Err(anyhow::anyhow!(err.message))
    }
}
