//! Views of results: the stable JSON documents and the human-readable tables.
//! Nothing here computes a metric; it only lays out what `measure` found.

pub mod analysis_json;
pub mod analysis_text;
mod labels;
mod table;
