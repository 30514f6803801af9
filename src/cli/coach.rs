//! `candor coach FILE`: the coaching report for one conversation (issue 5), as
//! Markdown, JSON (`candor.coaching/1`) or a self-contained HTML page, without a
//! server. Reads and measures the file as `candor analyze` does.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::config::{Config, Limits, Norms};
use crate::domain::{ConversationKind, Metadata, PerformanceLevel};
use crate::ingest::{self, Format, IngestOptions};
use crate::measure;
use crate::measure::classify::Classifier;
use crate::measure::feedback::read_conversation;
use crate::products::coaching;
use crate::render::{coaching_html, coaching_md};

use super::EXIT_BAD_INPUT;

#[derive(Debug, Args)]
pub struct CoachArgs {
    /// A transcript file (any format `candor analyze` reads); `-` reads standard input.
    file: PathBuf,
    /// What to print: md (Markdown), json (the `candor.coaching/1` document) or html
    /// (one self-contained page).
    #[arg(long, value_enum, default_value_t = Output::Md)]
    format: Output,
    /// Read the file as this transcript format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    input_format: Option<Format>,
    /// Decode the file with this encoding (utf-8, utf-16le, utf-16be, gbk, gb18030)
    /// instead of detecting it.
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
    /// The department the conversation belongs to.
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
    /// The manager should talk at most this share of the time (0–1).
    #[arg(long, default_value_t = Norms::default().manager_max_talk_share)]
    manager_max_share: f64,
    /// The manager should ask at least this many open questions.
    #[arg(long, default_value_t = Norms::default().min_open_questions)]
    min_open_questions: u32,
    /// Without the models: praise and criticism are then reported as not judged.
    #[arg(long, env = "CANDOR_NO_MODELS")]
    no_models: bool,
    /// The models folder (the encoder and heads/).
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
}

/// The report's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Md,
    Json,
    Html,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

impl CoachArgs {
    fn config(&self) -> anyhow::Result<Config> {
        let norms = Norms {
            manager_max_talk_share: self.manager_max_share,
            min_open_questions: self.min_open_questions,
            ..Norms::default()
        };
        Ok(Config::new(Limits::default(), norms)?)
    }

    fn ingest_options(&self, limits: Limits) -> anyhow::Result<IngestOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(ingest::encoding_by_label(label).with_context(|| {
                format!("unknown encoding '{label}'; try utf-8, utf-16le, utf-16be or gbk")
            })?),
            None => None,
        };
        Ok(IngestOptions {
            format: self.input_format,
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

/// Prints the report; exit code 2 when the input is the user's to fix.
pub fn run(args: &CoachArgs) -> anyhow::Result<ExitCode> {
    let prepared = args
        .config()
        .and_then(|config| Ok((args.ingest_options(config.limits)?, config)));
    let (options, config) = match prepared {
        Ok(prepared) => prepared,
        Err(err) => return Ok(bad_input(&format!("{err:#}"))),
    };
    let name = args.file.display().to_string();
    let bytes = match read_input(&args.file, config.limits.max_input_bytes) {
        Ok(bytes) => bytes,
        Err(err) => return Ok(bad_input(&format!("{name}: {err:#}"))),
    };
    let transcript = match ingest::read(&bytes, &name, &options) {
        Ok(transcript) => transcript,
        Err(err) => return Ok(bad_input(&err.to_string())),
    };
    let conversation = &transcript.conversation;
    let analysis = match measure::analyze(conversation, &config.norms) {
        Ok(analysis) => analysis,
        Err(err) => return Ok(bad_input(&format!("{name}: {err}"))),
    };
    let reading = if args.no_models {
        None
    } else {
        let classifier = Classifier::load(&args.models_dir, Vec::new()).with_context(|| {
            format!(
                "loading the models from {} (install them with `candor models install`, \
                 or report without them with --no-models)",
                args.models_dir.display()
            )
        })?;
        Some(
            read_conversation(conversation, &analysis, &classifier)
                .context("the models failed on this conversation")?,
        )
    };
    let report = coaching::build(conversation, &analysis, reading.as_ref());
    let rendered = match args.format {
        Output::Md => coaching_md::render(&report),
        Output::Html => coaching_html::render(&report, conversation),
        Output::Json => {
            let mut line = serde_json::to_string(&report).context("serialising the report")?;
            line.push('\n');
            line
        }
    };
    std::io::stdout()
        .lock()
        .write_all(rendered.as_bytes())
        .context("writing the report")?;
    Ok(ExitCode::SUCCESS)
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Reads at most one byte over the limit, so that `ingest` refuses a huge file
/// without it being read whole.
fn read_input(path: &Path, limit: usize) -> anyhow::Result<Vec<u8>> {
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
