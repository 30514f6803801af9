//! Deterministic metrics over a conversation's utterances, each with its evidence.

pub mod labelling;
pub mod questions;
