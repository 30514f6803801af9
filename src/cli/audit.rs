//! `candor audit`: HR's audit over a store, as a table, JSON (`candor.audit/1`) or
//! an HTML page; the same request and checks as `GET /v1/audit`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::tokens::{block_on, open_store};
use super::transcript::user_or_internal;
use crate::api::audit::{self, AuditQuery};
use crate::render::{audit_html, audit_text};

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    /// First day, YYYY-MM-DD (default: 90 days before --to).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only this department.
    #[arg(long)]
    department: Option<String>,
    /// Only this manager's conversations.
    #[arg(long)]
    manager: Option<String>,
    /// Print the JSON document (same as --format json).
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

/// The audit's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Text,
    Json,
    Html,
}

/// Prints the audit; exit code 2 when the request is the user's to fix.
pub fn run(args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let query = AuditQuery {
        from: args.from,
        to: args.to,
        department: args.department.clone(),
        manager: args.manager.clone(),
        format: None,
    };
    let today = crate::domain::today();
    let request = match audit::request(&query, today) {
        Ok(request) => request,
        Err(err) => return user_or_internal(err),
    };
    let built = block_on(async {
        let store = open_store(&args.db).await?;
        let built = audit::build(&store, &request).await;
        store.close().await;
        Ok(built)
    })?;
    let audit = match built {
        Ok(audit) => audit,
        Err(err) => return user_or_internal(err),
    };
    let out = match (args.json, args.format) {
        (true, _) | (false, Output::Json) => serde_json::to_string_pretty(&audit)? + "\n",
        (false, Output::Text) => audit_text::render(&audit),
        (false, Output::Html) => audit_html::render(&audit),
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
