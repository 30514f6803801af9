//! Views of results: the stable JSON documents and the human-readable tables.
//! Nothing here computes a metric; it only lays out what `measure` found.

pub mod agenda_html;
mod agenda_labels;
pub mod agenda_md;
pub mod analysis_json;
pub mod analysis_text;
pub mod audit_html;
mod audit_labels;
pub mod audit_text;
pub mod coaching_html;
mod coaching_labels;
pub mod coaching_md;
mod labels;
mod table;
