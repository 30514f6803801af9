//! What an uploaded transcript becomes before it is stored: read, measured, read by
//! the models, and turned into the coaching report with its Markdown and HTML. All of
//! it runs on the inference worker (`engine.rs`); the store then writes the result
//! in one transaction.

use serde::Serialize;

use crate::config::Config;
use crate::domain::{Conversation, Language};
use crate::ingest::{self, Format, IngestOptions};
use crate::measure::actions::ActionItem;
use crate::measure::classify::Classifier;
use crate::measure::feedback::read_conversation;
use crate::products::coaching;
use crate::render::analysis_json::AnalysisDocument;
use crate::render::{coaching_html, coaching_md};
use crate::store::NewAnalysis;

/// The schema of the stored measures (`candor analyze --json`'s document).
pub const ANALYSIS_SCHEMA: &str = "candor.analysis/1";
/// The schema of the rendered coaching pages stored beside the report.
pub const PAGES_SCHEMA: &str = "candor.coaching.pages/1";

/// The coaching report rendered for people, stored so that reading it costs a
/// lookup, not a model run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Pages {
    pub markdown: String,
    pub html: String,
}

/// An upload, analysed.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub format: Format,
    pub language: Option<Language>,
    pub conversation: Conversation,
    /// The measures, the coaching report and its pages, in that order.
    pub analyses: Vec<NewAnalysis>,
    pub action_items: Vec<ActionItem>,
    /// The speakers the measures took for the manager and the employee, so that
    /// action items said by them can be tied to the people in the store.
    pub manager_speaker: String,
    pub employee_speaker: Option<String>,
}

/// Why an upload could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The file is the uploader's to fix.
    #[error(transparent)]
    Input(#[from] crate::Error),
    #[error("the models failed on this conversation: {0}")]
    Models(String),
    #[error("could not write the analysis as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The models that made an analysis, as stored beside it.
pub fn model_version(classifier: Option<&Classifier>) -> String {
    match classifier {
        Some(_) => format!(
            "multilingual-e5-small+heads (candor {})",
            env!("CARGO_PKG_VERSION")
        ),
        None => "none (measures only)".to_owned(),
    }
}

/// Reads, measures and reports on one upload.
pub fn analyse(
    bytes: &[u8],
    name: &str,
    options: &IngestOptions,
    config: &Config,
    classifier: Option<&Classifier>,
) -> Result<Analysed, AnalysisError> {
    let transcript = ingest::read(bytes, name, options).map_err(crate::Error::from)?;
    let conversation = &transcript.conversation;
    let analysis = crate::measure::analyze(conversation, &config.norms).map_err(|source| {
        crate::Error::Measure {
            source_name: name.to_owned(),
            source,
        }
    })?;
    let reading = classifier
        .map(|c| read_conversation(conversation, &analysis, c))
        .transpose()
        .map_err(|err| AnalysisError::Models(err.to_string()))?;
    let report = coaching::build(conversation, &analysis, reading.as_ref());
    let document = AnalysisDocument::new(name, &transcript, &analysis, reading.as_ref());
    let pages = Pages {
        markdown: coaching_md::render(&report),
        html: coaching_html::render(&report, conversation),
    };
    let version = model_version(classifier);
    let stored = |schema: &str, json: String| NewAnalysis {
        schema: schema.to_owned(),
        model_version: version.clone(),
        json,
    };
    Ok(Analysed {
        format: transcript.format,
        language: analysis.language,
        analyses: vec![
            stored(ANALYSIS_SCHEMA, serde_json::to_string(&document)?),
            stored(coaching::SCHEMA, serde_json::to_string(&report)?),
            stored(PAGES_SCHEMA, serde_json::to_string(&pages)?),
        ],
        action_items: analysis.action_items.clone(),
        manager_speaker: analysis.roles.manager.clone(),
        employee_speaker: analysis.roles.employee.clone(),
        conversation: transcript.conversation,
    })
}
