//! `candor alerts`: looks for new alerts in a store (the same scan the server runs)
//! and lists the open ones, as a table or as JSON (`{"alerts": […]}`, the API's
//! shape).

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::tokens::{block_on, open_store};
use super::transcript::user_or_internal;
use crate::api::alerts::scan;
use crate::api::error::ApiError;
use crate::store::{Alert, AlertFilter};

#[derive(Debug, Args)]
pub struct AlertsArgs {
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    /// Only this employee's alerts.
    #[arg(long)]
    employee: Option<String>,
    /// Work out the alerts as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, env = "CANDOR_TODAY")]
    today: Option<NaiveDate>,
    /// Acknowledged alerts too.
    #[arg(long)]
    all: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &AlertsArgs) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(crate::domain::today);
    let listed = block_on(async {
        let store = open_store(&args.db).await?;
        let listed = async {
            let people = match &args.employee {
                Some(name) => vec![store.person_by_name(name).await?],
                None => store.people().await?,
            };
            scan(&store, &people, today).await?;
            Ok::<_, ApiError>(
                store
                    .alerts(AlertFilter {
                        employees: Some(people.iter().map(|p| p.id).collect()),
                        include_acknowledged: args.all,
                        limit: None,
                    })
                    .await?,
            )
        }
        .await;
        store.close().await;
        Ok(listed)
    })?;
    let alerts = match listed {
        Ok(alerts) => alerts,
        Err(err) => return user_or_internal(err),
    };
    let out = if args.json {
        serde_json::to_string_pretty(&serde_json::json!({ "alerts": alerts }))? + "\n"
    } else {
        table(&alerts)
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// One block per alert: id, employee, kind and summary, then its evidence.
fn table(alerts: &[Alert]) -> String {
    if alerts.is_empty() {
        return "no open alerts\n".to_owned();
    }
    let mut out = String::new();
    for alert in alerts {
        let _ = writeln!(
            out,
            "#{} {} [{}] {}",
            alert.id,
            alert.employee,
            alert.kind.as_str(),
            alert.summary
        );
        for evidence in &alert.evidence {
            let place = match (evidence.week, evidence.conversation_id) {
                (Some(week), _) => week.to_string(),
                (None, Some(id)) => format!("conversation {id}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(out, "    {place}: {}", evidence.quote);
        }
    }
    out
}
