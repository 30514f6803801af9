//! Views of results: the stable `candor.analysis/1` JSON and the human table of a
//! conversation, and the coaching report, the agenda and the audit as Markdown,
//! text and standalone HTML pages with inline SVG charts, in Chinese or English.
//! Nothing here computes a metric; it only lays out what `measure` and `products`
//! found.

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
