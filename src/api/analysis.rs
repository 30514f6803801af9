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
use crate::measure::follow_up::follows_up;
use crate::products::coaching;
use crate::products::facts::{self, ConversationFacts};
use crate::render::analysis_json::AnalysisDocument;
use crate::render::{coaching_html, coaching_md};
use crate::store::{
    ActionItemFilter, ActionItemId, ActionOwner, ActionStatus, ConversationId, ItemQuote,
    NewActionItem, NewAnalysis, NewConversation, PersonId, Saved, Store, StoreError,
};

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
    /// The measures, the coaching report, its pages and the conversation's facts
    /// (what the agenda, the audit and the alerts read), in that order.
    pub analyses: Vec<NewAnalysis>,
    pub action_items: Vec<ActionItem>,
    /// The speakers the measures took for the manager and the employee, so that
    /// action items said by them can be tied to the people in the store.
    pub manager_speaker: String,
    pub employee_speaker: Option<String>,
    /// Sentences the models read (0 without them), for the batch-size metric.
    pub sentences_read: usize,
}

/// Why an upload could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The file is the uploader's to fix.
    #[error(transparent)]
    Input(#[from] crate::Error),
    #[error("the models failed on this conversation: {0}")]
    Models(String),
    #[error("could not read the facts back from the analysis: {0}")]
    Facts(String),
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
    let analysis_json = serde_json::to_string(&document)?;
    let facts = ConversationFacts::from_analysis_json(&analysis_json)
        .map_err(|err| AnalysisError::Facts(err.to_string()))?;
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
            stored(ANALYSIS_SCHEMA, analysis_json),
            stored(coaching::SCHEMA, serde_json::to_string(&report)?),
            stored(PAGES_SCHEMA, serde_json::to_string(&pages)?),
            stored(facts::SCHEMA, serde_json::to_string(&facts)?),
        ],
        action_items: analysis.action_items.clone(),
        manager_speaker: analysis.roles.manager.clone(),
        employee_speaker: analysis.roles.employee.clone(),
        sentences_read: reading.as_ref().map_or(0, |r| r.sentences.len()),
        conversation: transcript.conversation,
    })
}

/// The measured action items, owned by the manager or the employee when one of
/// them said it, else by the name the transcript gives.
pub fn stored_action_items(
    analysed: &Analysed,
    manager: PersonId,
    employee: PersonId,
) -> Vec<NewActionItem> {
    analysed
        .action_items
        .iter()
        .map(|item| NewActionItem {
            owner: match item.owner.as_deref() {
                Some(o) if o == analysed.manager_speaker => ActionOwner::Person(manager),
                Some(o) if Some(o) == analysed.employee_speaker.as_deref() => {
                    ActionOwner::Person(employee)
                }
                Some(o) => ActionOwner::Named(o.to_owned()),
                None => ActionOwner::Named("unassigned".to_owned()),
            },
            what: item.what.clone(),
            due_text: item.due.as_ref().map(|d| d.text.clone()),
            due_date: item.due.as_ref().and_then(|d| d.date),
            repeats: item.due.as_ref().and_then(|d| d.repeats),
            specific: item.specific,
            said: Some(ItemQuote {
                turn_id: item.evidence.turn_id.0,
                quote: item.evidence.quote.clone(),
            }),
        })
        .collect()
}

/// Stores an analysed upload between `people` (manager, employee) with its
/// analyses and action items, in one transaction (`Store::insert_conversation`),
/// then marks the employee's earlier items this conversation came back to.
pub async fn store(
    store: &Store,
    analysed: Analysed,
    original: Vec<u8>,
    source_name: String,
    people: (PersonId, PersonId),
) -> Result<Saved<ConversationId>, StoreError> {
    let (manager, employee) = people;
    let items = stored_action_items(&analysed, manager, employee);
    let text = spoken_text(&analysed.conversation);
    let saved = store
        .insert_conversation(
            NewConversation {
                manager,
                employee,
                source_name,
                format: analysed.format,
                language: analysed.language,
                original,
                conversation: analysed.conversation,
            },
            analysed.analyses,
            items,
        )
        .await?;
    if saved.created {
        mark_followed_up(store, employee, saved.id, &text).await?;
    }
    Ok(saved)
}

/// Everything said in a conversation, one turn a line.
fn spoken_text(conversation: &Conversation) -> String {
    conversation
        .turns
        .iter()
        .map(|turn| turn.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The employee's items from earlier conversations, still open and not yet
/// followed up, that `text` (the new conversation `id`) names again. Outside the
/// upload's transaction: it only adds a fact that can be worked out again.
async fn mark_followed_up(
    store: &Store,
    employee: PersonId,
    id: ConversationId,
    text: &str,
) -> Result<(), StoreError> {
    let earlier = store
        .action_items(ActionItemFilter {
            employee: Some(employee),
            status: Some(ActionStatus::Open),
            ..ActionItemFilter::default()
        })
        .await?;
    let named: Vec<ActionItemId> = earlier
        .iter()
        .filter(|item| item.conversation != id && item.followed_up_in.is_none())
        .filter(|item| follows_up(&item.what, text))
        .map(|item| item.id)
        .collect();
    store.mark_followed_up(&named, id).await
}
