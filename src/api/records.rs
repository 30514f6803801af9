//! What the agenda, the audit and the alerts read from the store, shared by the
//! API and the CLI: conversations with their facts, and an employee's weekly
//! reports with their sentiment.
//!
//! Facts (`products::facts`) are stored beside each conversation at upload. A
//! conversation stored before they existed gets them here, made from its stored
//! analysis and stored in turn, so the next read is a lookup.

use chrono::NaiveDate;

use super::analysis::ANALYSIS_SCHEMA;
use super::error::ApiError;
use crate::measure::follow_up::reported_in;
use crate::products::facts::{self, ConversationFacts};
use crate::products::signals::WeekReport;
use crate::store::{
    ActionItem, ConversationRecord, IsoWeek, NewAnalysis, PersonId, RecordFilter, Store,
    WeeklyReport,
};

/// A conversation with its facts; `None` for one whose manager was forgotten (its
/// analyses went with the transcript) or whose analysis cannot be read.
#[derive(Debug, Clone)]
pub struct Held {
    pub record: ConversationRecord,
    pub facts: Option<ConversationFacts>,
}

/// Conversations held from `from` to `to` (either open), of one employee or all,
/// oldest first, with their facts.
pub async fn held(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    employee: Option<PersonId>,
) -> Result<Vec<Held>, ApiError> {
    let records = store
        .conversation_records(RecordFilter {
            from,
            to,
            employee,
            schema: facts::SCHEMA,
        })
        .await?;
    let mut out = Vec::with_capacity(records.len());
    for mut record in records {
        let facts = match record.analysis_json.take() {
            Some(json) => Some(serde_json::from_str(&json).map_err(|err| {
                ApiError::internal(format!(
                    "the stored facts of conversation {} are damaged: {err}",
                    record.id
                ))
            })?),
            None => backfill(store, &record).await?,
        };
        out.push(Held { record, facts });
    }
    Ok(out)
}

/// Makes and stores the facts of a conversation stored before facts were.
async fn backfill(
    store: &Store,
    record: &ConversationRecord,
) -> Result<Option<ConversationFacts>, ApiError> {
    let Some(analysis) = store.analysis_of(record.id, ANALYSIS_SCHEMA).await? else {
        return Ok(None);
    };
    let Ok(facts) = ConversationFacts::from_analysis_json(&analysis) else {
        return Ok(None);
    };
    let json = serde_json::to_string(&facts)
        .map_err(|err| ApiError::internal(format!("could not write facts: {err}")))?;
    store
        .add_analysis(
            record.id,
            NewAnalysis {
                schema: facts::SCHEMA.to_owned(),
                model_version: "from the stored analysis".to_owned(),
                json,
            },
        )
        .await?;
    Ok(Some(facts))
}

/// One stored weekly report with the sentiment its stored reading gave, in [−1, 1].
#[derive(Debug, Clone)]
pub struct ReadReport {
    pub week: IsoWeek,
    pub text: String,
    pub polarity: Option<f32>,
}

impl ReadReport {
    /// The report as the signals read it.
    pub fn as_week(&self) -> WeekReport<'_> {
        WeekReport {
            week: self.week,
            text: &self.text,
            polarity: self.polarity,
        }
    }
}

/// Whether a weekly report from the week `item` was agreed in, or later, tells it as
/// done: employees write what they did ("从本周起提测都附自测 checklist";
/// `follow_up::reported_in`). The item is looked for by the words of its quote too,
/// which name the object when its clause does not ("补齐" from "下周五之前把接口文档补齐").
/// False when the conversation it was agreed in is not among `held`.
pub fn reported_done(item: &ActionItem, held: &[Held], reports: &[ReadReport]) -> bool {
    let Some(agreed) = held.iter().find(|h| h.record.id == item.conversation) else {
        return false;
    };
    let said = match &item.said {
        Some(said) => format!("{} {}", item.what, said.quote),
        None => item.what.clone(),
    };
    let first_week = agreed.record.date - chrono::Duration::days(6);
    reports
        .iter()
        .filter(|r| r.week.monday() >= first_week)
        .any(|r| reported_in(&said, &r.text))
}

/// An employee's weekly reports, oldest week first; of a week sent more than once
/// (a corrected report), the one stored last.
pub async fn reports(store: &Store, employee: PersonId) -> Result<Vec<ReadReport>, ApiError> {
    let mut stored = store.reports_of(employee).await?;
    stored.sort_by_key(|r| (r.week, r.created, r.id));
    let mut reports: Vec<ReadReport> = Vec::with_capacity(stored.len());
    for report in stored {
        if reports.last().is_some_and(|r| r.week == report.week) {
            reports.pop();
        }
        reports.push(ReadReport {
            polarity: polarity(&report),
            week: report.week,
            text: report.text,
        });
    }
    Ok(reports)
}

/// The `sentiment` of a report's stored reading (`measure::report`), when the models
/// read it.
fn polarity(report: &WeeklyReport) -> Option<f32> {
    let json: serde_json::Value = serde_json::from_str(report.analysis_json.as_deref()?).ok()?;
    #[allow(clippy::cast_possible_truncation)]
    json.get("sentiment")?.as_f64().map(|s| s as f32)
}
