//! Why the encoder could not load or run, in words that say what to do.

use std::path::PathBuf;

use super::install::InstallError;
use super::models::xlm_roberta::GgufError;

#[derive(Debug, thiserror::Error)]
pub enum InferenceError {
    #[error(transparent)]
    Install(#[from] InstallError),
    #[error("{}: cannot load the tokenizer: {reason}", .path.display())]
    Tokenizer { path: PathBuf, reason: String },
    #[error("cannot tokenize: {0}")]
    Tokenize(String),
    #[error("{}: {reason}", .path.display())]
    Config { path: PathBuf, reason: String },
    #[error(transparent)]
    Weights(#[from] GgufError),
    #[error("the model failed: {0}")]
    Model(#[from] candle_core::Error),
    #[error(
        "the pooling runs the last {needed} tuned layers for the query, but only {depth} \
         are tuned: tune at least {needed} (--tune-layers) or pool otherwise (--pooling)"
    )]
    TooFewTunedLayers { depth: usize, needed: usize },
    #[error("the inference worker stopped; this is a bug")]
    WorkerGone,
}
