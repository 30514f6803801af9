//! `candor seed`: fills a store from a folder such as `fixtures/demo/` — the org
//! chart (`team.csv`), the conversations listed in `conversations.csv`
//! (`file,manager,employee,kind,date`) and the weekly reports (`reports.jsonl`) —
//! through the same analysis and store calls as the API. Seeding twice changes
//! nothing: uploads and reports are idempotent.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Deserialize;

use crate::api::analysis;
use crate::config::{Config, Limits, Norms};
use crate::domain::{ConversationKind, Metadata};
use crate::ingest::IngestOptions;
use crate::measure::classify::Classifier;
use crate::measure::report::read_report;
use crate::store::{NewReport, Store};

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The folder to seed from.
    #[arg(default_value = "fixtures/demo")]
    dir: PathBuf,
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
    /// Measure only, without the models.
    #[arg(long, env = "CANDOR_NO_MODELS")]
    no_models: bool,
}

/// One row of `conversations.csv`.
#[derive(Debug, Deserialize)]
struct Listed {
    file: PathBuf,
    manager: String,
    employee: String,
    kind: ConversationKind,
    date: chrono::NaiveDate,
}

/// One line of `reports.jsonl`.
#[derive(Debug, Deserialize)]
struct ReportLine {
    employee: String,
    week: String,
    text: String,
}

pub fn run(args: &SeedArgs) -> anyhow::Result<ExitCode> {
    let classifier = if args.no_models {
        None
    } else {
        Some(
            Classifier::load(&args.models_dir, Vec::new()).with_context(|| {
                format!("loading the models from {}", args.models_dir.display())
            })?,
        )
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(seed(args, classifier.as_ref()))
}

async fn seed(args: &SeedArgs, classifier: Option<&Classifier>) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&args.db).await?;
    seed_folder(&store, &args.dir, classifier).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Fills `store` from a folder like `fixtures/demo` (the org chart, the listed
/// conversations, the weekly reports), reading them with `classifier` when given;
/// says on stderr how many of each were new. The benches seed their stores with it.
pub async fn seed_folder(
    store: &Store,
    dir: &Path,
    classifier: Option<&Classifier>,
) -> anyhow::Result<()> {
    let team = dir.join("team.csv");
    let bytes = std::fs::read(&team).with_context(|| format!("reading {}", team.display()))?;
    let people = store.import_people_csv(&bytes).await?;
    eprintln!("seed: {} people ({} new)", people.rows, people.created);
    let (new, total) = conversations(store, dir, classifier).await?;
    eprintln!("seed: {total} conversations ({new} new)");
    let (new, total) = reports(store, &dir.join("reports.jsonl"), classifier).await?;
    eprintln!("seed: {total} weekly reports ({new} new)");
    Ok(())
}

async fn conversations(
    store: &Store,
    dir: &Path,
    classifier: Option<&Classifier>,
) -> anyhow::Result<(usize, usize)> {
    let list = dir.join("conversations.csv");
    let mut reader =
        csv::Reader::from_path(&list).with_context(|| format!("reading {}", list.display()))?;
    let config = Config::new(Limits::default(), Norms::default())?;
    let (mut new, mut total) = (0, 0);
    for row in reader.deserialize::<Listed>() {
        let row = row.with_context(|| format!("a row of {}", list.display()))?;
        let path = dir.join(&row.file);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = row.file.display().to_string();
        let options = IngestOptions {
            format: None,
            encoding: None,
            single_speaker: None,
            metadata: Metadata {
                manager: Some(row.manager.clone()),
                employee: Some(row.employee.clone()),
                date: Some(row.date),
                kind: Some(row.kind),
                ..Metadata::default()
            },
            limits: config.limits,
        };
        let analysed = analysis::analyse(&bytes, &name, &options, &config, classifier)
            .with_context(|| format!("analysing {}", path.display()))?;
        let manager = store.person_by_name(&row.manager).await?.id;
        let employee = store.person_by_name(&row.employee).await?.id;
        let saved = analysis::store(store, analysed, bytes, name, (manager, employee)).await?;
        new += usize::from(saved.created);
        total += 1;
    }
    Ok((new, total))
}

async fn reports(
    store: &Store,
    path: &Path,
    classifier: Option<&Classifier>,
) -> anyhow::Result<(usize, usize)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (mut new, mut total) = (0, 0);
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = || format!("{} line {}", path.display(), i + 1);
        let report: ReportLine = serde_json::from_str(line).with_context(at)?;
        let analysis_json = classifier
            .map(|c| read_report(&report.text, c))
            .transpose()
            .with_context(at)?
            .map(|reading| serde_json::to_string(&reading))
            .transpose()?;
        let employee = store
            .person_by_name(&report.employee)
            .await
            .with_context(at)?
            .id;
        let saved = store
            .insert_report(NewReport {
                employee,
                week: report.week.parse().with_context(at)?,
                text: report.text,
                analysis_json,
            })
            .await?;
        new += usize::from(saved.created);
        total += 1;
    }
    Ok((new, total))
}
