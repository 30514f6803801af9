//! `candor agenda`: the suggested agenda for one employee's next conversation, from
//! the weekly reports and earlier conversations in a store (`candor seed`, or the
//! API's uploads), as Markdown, JSON (`candor.agenda/1`) or an HTML page.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::tokens::{block_on, open_store};
use super::transcript::user_or_internal;
use crate::api::agenda::{self, AgendaIn};
use crate::api::error::ApiError;
use crate::domain::{ConversationKind, PerformanceLevel};
use crate::render::{agenda_html, agenda_md};

#[derive(Debug, Args)]
pub struct AgendaArgs {
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    /// The employee's name, as stored.
    #[arg(long)]
    employee: String,
    /// plan, coaching, review or feedback.
    #[arg(long)]
    kind: ConversationKind,
    /// The day of the conversation, YYYY-MM-DD.
    #[arg(long)]
    date: NaiveDate,
    /// Its length in minutes.
    #[arg(long, default_value_t = 45)]
    minutes: u32,
    /// high, middle or low: changes what the agenda stresses.
    #[arg(long)]
    level: Option<PerformanceLevel>,
    /// Weeks of reports to read back from the date.
    #[arg(long)]
    weeks: Option<u32>,
    /// Print the JSON document (same as --format json).
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value_t = Output::Md)]
    format: Output,
}

/// The agenda's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Md,
    Json,
    Html,
}

/// Prints the agenda; exit code 2 when the request is the user's to fix (an unknown
/// employee, a bad length, nothing stored to build from).
pub fn run(args: &AgendaArgs) -> anyhow::Result<ExitCode> {
    let input = AgendaIn {
        employee: args.employee.clone(),
        kind: args.kind,
        date: args.date,
        minutes: args.minutes,
        performance_level: args.level,
        weeks: args.weeks,
    };
    let built = block_on(async {
        let store = open_store(&args.db).await?;
        let built = match store.person_by_name(&input.employee).await {
            Ok(person) => agenda::build(&store, &person, &input).await,
            Err(err) => Err(ApiError::from(err)),
        };
        store.close().await;
        Ok(built)
    })?;
    let agenda = match built {
        Ok(agenda) => agenda,
        Err(err) => return user_or_internal(err),
    };
    let out = match (args.json, args.format) {
        (true, _) | (false, Output::Json) => serde_json::to_string_pretty(&agenda)? + "\n",
        (false, Output::Md) => agenda_md::render(&agenda),
        (false, Output::Html) => agenda_html::render(&agenda),
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
