//! The `candor` command line: argument parsing and output, nothing else.
//! Each subcommand lives in its own file and calls into the library.

mod agenda;
mod alerts;
mod analyze;
mod audit;
mod classify;
mod coach;
mod embed;
mod eval;
mod models;
mod report;
pub mod seed;
mod serve;
mod tokens;
mod train;
mod transcript;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use tokens::open_store;

/// Exit code for input the user must fix (a bad file, an unknown speaker).
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "candor",
    version,
    about = "Local, private analysis of performance conversations (1:1s, reviews) in Chinese and English.",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measure one or more transcripts: talk share, questions, timing, norms.
    Analyze(analyze::AnalyzeArgs),
    /// Install, list or verify the local models.
    Models(models::ModelsArgs),
    /// Sentence embeddings: one line in, one JSON array out.
    Embed(embed::EmbedArgs),
    /// Fit the understanding heads on fixtures/train and score them on its dev split.
    Train(train::TrainArgs),
    /// Score the heads on the dev split, the public evaluation sets and the held-out
    /// conversations.
    Eval(eval::EvalArgs),
    /// Dialogue act, sentiment, specificity and topics of each line of text.
    Classify(classify::ClassifyArgs),
    /// Read weekly reports: sentiment, topic shares, keyphrases.
    Report(report::ReportArgs),
    /// The coaching report on one conversation: the four dimensions, the
    /// self-check list, strengths and changes (Markdown, JSON or HTML).
    Coach(coach::CoachArgs),
    /// Serve the HTTP API and the pages (see /v1/openapi.json).
    Serve(serve::ServeArgs),
    /// Fill a store from a folder like fixtures/demo (people, conversations, reports).
    Seed(seed::SeedArgs),
    /// The suggested agenda for one employee's next conversation, from a store.
    Agenda(agenda::AgendaArgs),
    /// HR's audit of conversation quality per manager and department, from a store.
    Audit(audit::AuditArgs),
    /// Look for new alerts in a store and list the open ones.
    Alerts(alerts::AlertsArgs),
    /// Create API tokens.
    Tokens(tokens::TokensArgs),
    /// Remove everything stored about one person (a privacy-law request).
    Forget(tokens::ForgetArgs),
}

/// Runs the parsed command line; errors that are not the user's come back as `Err`.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Models(args) => Ok(models::run(&args)),
        Command::Embed(args) => embed::run(&args),
        Command::Train(args) => train::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Classify(args) => classify::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Coach(args) => coach::run(&args),
        Command::Seed(args) => seed::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Agenda(args) => agenda::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Alerts(args) => alerts::run(&args),
        Command::Tokens(args) => tokens::run(&args),
        Command::Forget(args) => tokens::forget(&args),
    }
}
