//! Candor reads performance conversations (1:1s, reviews, weekly reports) in Chinese
//! and English and tells managers and HR what happened in them, locally.
//!
//! The pipeline, one module per stage; dependencies point down this list only:
//!
//! | module | owns |
//! |---|---|
//! | [`domain`] | pure types: conversations, turns, sentences, roles |
//! | [`config`] | limits and norms, validated once |
//! | [`error`] | the crate's [`Error`], composing each stage's error |
//! | [`ingest`] | bytes → [`domain::Conversation`]: encodings, formats, detection |
//! | [`normalize`] | turns → sentences with language, speech units, fillers |
//! | [`measure`] | deterministic metrics with evidence: talk, questions, timing |
//! | [`products`] | typed results from analyses: the coaching report |
//! | [`training`] | fitting the understanding heads on our labelled data |
//! | [`evaluation`] | scoring them on our dev split and the public sets |
//! | [`render`] | JSON documents and human-readable tables |
//! | [`store`] | the records in SQLite: people, conversations, analyses, reports, tokens |
//! | [`api`] | HTTP (axum): the `/v1` API with roles, `/metrics`, the `/ui` pages |
//! | [`cli`] | the `candor` command line |

pub mod api;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod evaluation;
pub mod inference;
pub mod ingest;
pub mod measure;
pub mod normalize;
pub mod products;
pub mod render;
pub mod store;
pub mod training;

pub use config::{Config, Limits, Norms};
pub use error::Error;
