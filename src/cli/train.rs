//! `candor train`: fits the understanding heads on `fixtures/train/` and writes
//! them with their cards to `models/heads/`, printing the dev-split scores.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use crate::inference::heads::TrainOptions;
use crate::inference::manifest::Manifest;
use crate::inference::tuned::Pooling;
use crate::inference::{Encoder, Kind};
use crate::training::{self, TrainingPlan};

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The labelled data: a folder of *.jsonl files.
    #[arg(long, default_value = "fixtures/train")]
    data: PathBuf,
    /// The models folder; heads go to its heads/ folder.
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
    /// Seed for the initial weights.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Hidden units of each head; 0 trains logistic regressions.
    #[arg(long, default_value_t = TrainOptions::default().hidden)]
    hidden: usize,
    /// Full-batch optimisation steps.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    #[arg(long, default_value_t = TrainOptions::default().learning_rate)]
    learning_rate: f64,
    #[arg(long, default_value_t = TrainOptions::default().weight_decay)]
    weight_decay: f64,
    /// Passes fine-tuning the encoder's last layers with the heads; 0 keeps them frozen.
    #[arg(long, default_value_t = TrainOptions::default().tune_epochs)]
    tune_epochs: usize,
    /// How many of the encoder's last layers to fine-tune.
    #[arg(long, default_value_t = TrainOptions::default().tune_layers)]
    tune_layers: usize,
    /// How the last tuned layer pools a text into one vector.
    #[arg(long, value_enum, default_value_t = TrainOptions::default().pooling)]
    pooling: Pooling,
    #[arg(long, default_value_t = TrainOptions::default().tune_learning_rate)]
    tune_learning_rate: f64,
    #[arg(long, default_value_t = TrainOptions::default().tune_batch)]
    tune_batch: usize,
    /// The share of each target spread over all classes while training.
    #[arg(long, default_value_t = TrainOptions::default().label_smoothing)]
    label_smoothing: f64,
    /// The share of the heads' inputs dropped at each fine-tuning step.
    #[arg(long, default_value_t = TrainOptions::default().dropout)]
    dropout: f64,
    /// The hashed n-grams' weight beside the embedding (0: the embedding alone).
    #[arg(long, default_value_t = TrainOptions::default().ngram_weight)]
    ngram_weight: f32,
    /// Fine-tuning runs from the same start over different batch orders, whose
    /// weights are averaged (a model soup); each run takes as long as the first.
    #[arg(long, default_value_t = TrainOptions::default().tune_runs)]
    tune_runs: usize,
    /// End fine-tuning with the weights averaged over the steps of this many last epochs.
    #[arg(long, default_value_t = TrainOptions::default().average_epochs)]
    average_epochs: usize,
    /// The e5 prefix texts are embedded with.
    #[arg(long, value_enum, default_value_t = Prefix::Query)]
    prefix: Prefix,
}

/// `--pooling`'s values: the library's own type, named and explained here so that
/// the default and the conversion are not written a second time.
impl ValueEnum for Pooling {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Pooling::Query,
            Pooling::QueryStack,
            Pooling::QueryDeep,
            Pooling::Tokens,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Pooling::Query => PossibleValue::new("query").help(
                "One query per text, the mean of the tokens entering the last layer: that \
                 layer's feed-forward block runs once per text, not once per token",
            ),
            Pooling::QueryStack => PossibleValue::new("query-stack").help(
                "The last two layers run for the query: the second's query is the first's \
                 output, attending to the same tokens",
            ),
            Pooling::QueryDeep => PossibleValue::new("query-deep").help(
                "The last three layers run for the query, each taking the one before's \
                 output as its query",
            ),
            Pooling::Tokens => PossibleValue::new("tokens")
                .help("The mean of the last layer's outputs over the tokens, as e5 pools"),
        })
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Prefix {
    /// "query: ", e5's advice for classification.
    Query,
    /// "passage: ".
    Passage,
}

pub fn run(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let encoder_dir = args.models_dir.join(Manifest::builtin().encoder.folder);
    let encoder = Encoder::load(&encoder_dir)
        .with_context(|| format!("loading the encoder from {}", encoder_dir.display()))?;
    let kind = match args.prefix {
        Prefix::Query => Kind::Query,
        Prefix::Passage => Kind::Passage,
    };
    let heads_dir = args.models_dir.join("heads");
    let plan = TrainingPlan {
        data_dir: &args.data,
        heads_dir: &heads_dir,
        options: TrainOptions {
            seed: args.seed,
            hidden: args.hidden,
            epochs: args.epochs,
            learning_rate: args.learning_rate,
            weight_decay: args.weight_decay,
            tune_epochs: args.tune_epochs,
            tune_learning_rate: args.tune_learning_rate,
            tune_batch: args.tune_batch,
            label_smoothing: args.label_smoothing,
            dropout: args.dropout,
            ngram_weight: args.ngram_weight,
            average_epochs: args.average_epochs,
            tune_layers: args.tune_layers,
            pooling: args.pooling,
            tune_runs: args.tune_runs,
        },
        kind,
        today: today_utc(),
    };
    let scores = training::train(&plan, &encoder, &mut |step| eprintln!("{step}"))?;
    for (name, task) in [
        ("dialogue act", &scores.act),
        ("sentiment", &scores.sentiment),
        ("specificity", &scores.specificity),
    ] {
        for (language, report) in [("zh", &task.zh), ("en", &task.en)] {
            println!("== {name}, dev split, {language}\n{}", report.table());
        }
    }
    println!("heads and cards written to {}", heads_dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Today's date in UTC, from the system clock.
fn today_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(days)))
        .map_or_else(String::new, |d| d.to_string())
}
