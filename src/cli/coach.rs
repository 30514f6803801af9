//! `candor coach FILE`: the coaching report for one conversation (issue 5), as
//! Markdown, JSON (`candor.coaching/1`) or a self-contained HTML page, without a
//! server. Reads and measures the file as `candor analyze` does.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::ingest::{self, Format};
use crate::measure;
use crate::measure::feedback::read_conversation;
use crate::products::coaching;
use crate::render::{coaching_html, coaching_md};

use super::transcript::{TranscriptArgs, bad_input, parse_format, read_input};

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
    #[command(flatten)]
    transcript: TranscriptArgs,
}

/// The report's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Md,
    Json,
    Html,
}

/// Prints the report; exit code 2 when the input is the user's to fix.
pub fn run(args: &CoachArgs) -> anyhow::Result<ExitCode> {
    let prepared = args.transcript.config().and_then(|config| {
        Ok((
            args.transcript
                .ingest_options(args.input_format, config.limits)?,
            config,
        ))
    });
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
    let reading = match args.transcript.classifier()? {
        Some(classifier) => Some(
            read_conversation(conversation, &analysis, &classifier)
                .context("the models failed on this conversation")?,
        ),
        None => None,
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
