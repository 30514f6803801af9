//! `candor tokens create` and `candor forget`: the admin's two local commands. A
//! token's secret is printed once, as the last line of stdout, and never again.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::store::{Store, StoreLimits, TokenRole};

#[derive(Debug, Args)]
pub struct TokensArgs {
    #[command(subcommand)]
    command: TokensCommand,
}

#[derive(Debug, Subcommand)]
enum TokensCommand {
    /// Create a token; its secret is the last line printed.
    Create {
        #[arg(long, default_value = "candor.db")]
        db: PathBuf,
        /// admin, hr or manager.
        #[arg(long)]
        role: TokenRole,
        /// The person it belongs to (required for a manager; an HR token's
        /// department scope is this person's department). Created when absent.
        #[arg(long)]
        person: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    /// The person whose data to remove everywhere.
    #[arg(long)]
    person: String,
}

/// Opens the database at `path`, naming it in the error.
pub async fn open_store(path: &std::path::Path) -> anyhow::Result<Store> {
    Store::open(path, StoreLimits::default())
        .await
        .with_context(|| format!("opening the database {}", path.display()))
}

pub(super) fn block_on<T>(work: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(work)
}

pub fn run(args: &TokensArgs) -> anyhow::Result<ExitCode> {
    let TokensCommand::Create { db, role, person } = &args.command;
    block_on(async {
        let store = open_store(db).await?;
        let person = match person {
            Some(name) => {
                let saved = store.upsert_person(name, None).await?;
                if saved.created {
                    eprintln!("created the person {name}");
                }
                Some(saved.id)
            }
            None => None,
        };
        let (token, secret) = store.create_token(*role, person).await?;
        store.close().await;
        eprintln!(
            "token {} ({}) created; keep the secret below, it is not shown again",
            token.id, token.role
        );
        println!("{}", secret.expose());
        Ok(ExitCode::SUCCESS)
    })
}

pub fn forget(args: &ForgetArgs) -> anyhow::Result<ExitCode> {
    block_on(async {
        let store = open_store(&args.db).await?;
        let person = store.person_by_name(&args.person).await?;
        let forgotten = store.forget(person.id).await?;
        store.close().await;
        println!("{}", serde_json::to_string_pretty(&forgotten)?);
        Ok(ExitCode::SUCCESS)
    })
}
