//! The agenda for one employee's next conversation (`POST /v1/agenda`, `candor
//! agenda`, `/ui/agenda/{employee}`): the employee's stored weekly reports and
//! earlier conversations, handed to `products::agenda`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::records::{self, Held, ReadReport};
use super::uploads::log;
use crate::domain::{ConversationKind, PerformanceLevel};
use crate::products::agenda::{self, Agenda, AgendaRequest, OpenItem, PastConversation, Quote};
use crate::products::facts::StagesCovered;
use crate::products::signals::WeekReport;
use crate::render::{agenda_html, agenda_md};
use crate::store::{
    AccessAction, ActionItem, ActionItemFilter, ActionOwner, ActionStatus, Person, Resource, Store,
};

/// What an agenda is asked for with.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaIn {
    /// The employee's name, as stored.
    pub employee: String,
    /// plan, coaching, review or feedback.
    #[schema(value_type = String)]
    pub kind: ConversationKind,
    /// The day of the conversation, YYYY-MM-DD.
    #[schema(value_type = String)]
    pub date: NaiveDate,
    /// Its length in minutes.
    pub minutes: u32,
    /// high, middle or low, when the manager wants the emphasis to follow it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub performance_level: Option<PerformanceLevel>,
    /// Weeks of reports to read back from the date (default 8).
    #[serde(default)]
    pub weeks: Option<u32>,
}

/// How the agenda is wanted.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct FormatQuery {
    /// json (default), md or html.
    pub format: Option<String>,
}

/// Builds the agenda from what the store holds for the employee.
pub async fn build(store: &Store, person: &Person, input: &AgendaIn) -> Result<Agenda, ApiError> {
    let request = AgendaRequest {
        employee: person.name.clone(),
        kind: input.kind,
        date: input.date,
        minutes: input.minutes,
        performance_level: input.performance_level,
        weeks: input.weeks.unwrap_or(agenda::DEFAULT_WEEKS),
    };
    let reports = records::reports(store, person.id).await?;
    let series: Vec<WeekReport<'_>> = reports.iter().map(ReadReport::as_week).collect();
    let before = input.date.pred_opt();
    let held = records::held(store, None, before, Some(person.id)).await?;
    let items = store
        .action_items(ActionItemFilter {
            employee: Some(person.id),
            status: Some(ActionStatus::Open),
            ..ActionItemFilter::default()
        })
        .await?;
    let people = store.people().await?;
    let name_of = |owner: &ActionOwner| match owner {
        ActionOwner::Person(id) => people
            .iter()
            .find(|p| p.id == *id)
            .map_or_else(String::new, |p| p.name.clone()),
        ActionOwner::Named(name) => name.clone(),
    };
    // An item the weekly reports already tell as done is not one to chase.
    let items: Vec<ActionItem> = items
        .into_iter()
        .filter(|item| !records::reported_done(item, &held, &reports))
        .collect();
    let past: Vec<PastConversation> = held
        .iter()
        .map(|h| past_conversation(h, &items, &name_of, input.date))
        .collect();
    agenda::build_agenda(&request, &series, &past)
        .map_err(|err| ApiError::unprocessable(err.to_string()))
}

/// One earlier conversation as the agenda reads it: what it covered, the praise
/// given, and its items still open: not named again in a later conversation, nor
/// told as done in a weekly report. A recurring item is due at its occurrence on or
/// after `day`, the agenda's date.
fn past_conversation(
    held: &Held,
    items: &[ActionItem],
    name_of: &impl Fn(&ActionOwner) -> String,
    day: NaiveDate,
) -> PastConversation {
    let facts = held.facts.as_ref();
    PastConversation {
        id: held.record.id.0,
        held_on: Some(held.record.date),
        kind: held.record.kind,
        stages_covered: facts
            .and_then(|f| f.stages)
            .map(StagesCovered::covered)
            .unwrap_or_default(),
        career_discussed: facts.and_then(|f| f.career_discussed).unwrap_or(false),
        support_discussed: facts.and_then(|f| f.support_discussed).unwrap_or(false),
        praise: facts
            .map(|f| {
                f.employee_praise_received
                    .iter()
                    .map(|q| Quote {
                        turn_id: q.turn_id.0,
                        text: q.text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        open_items: items
            .iter()
            .filter(|item| item.conversation == held.record.id && item.followed_up_in.is_none())
            .map(|item| OpenItem {
                id: item.id.0,
                owner: name_of(&item.owner),
                what: item.what.clone(),
                due_text: item.due_text.clone(),
                due_date: item.due_on(day),
                specific: item.specific,
                quote: item
                    .said
                    .as_ref()
                    .map_or_else(|| item.what.clone(), |s| s.quote.clone()),
                turn_id: item.said.as_ref().map(|s| s.turn_id),
            })
            .collect(),
    }
}

/// `POST /v1/agenda`: the suggested agenda for one employee's next conversation.
#[utoipa::path(post, path = "/v1/agenda", request_body = AgendaIn, params(FormatQuery),
    responses((status = 200, description = "the agenda as JSON (candor.agenda/1), Markdown or HTML"),
        (status = 400), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<FormatQuery>,
    Json(input): Json<AgendaIn>,
) -> Result<Response, ApiError> {
    let person = state.store.person_by_name(&input.employee).await?;
    caller.require_sees(&state, &person).await?;
    let agenda = build(&state.store, &person, &input).await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::Person(person.id),
    )
    .await;
    respond(&agenda, query.format.as_deref())
}

/// The agenda in the format asked for.
pub fn respond(agenda: &Agenda, format: Option<&str>) -> Result<Response, ApiError> {
    Ok(match format.unwrap_or("json") {
        "json" => Json(agenda).into_response(),
        "md" => (
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            agenda_md::render(agenda),
        )
            .into_response(),
        "html" => Html(agenda_html::render(agenda)).into_response(),
        other => {
            return Err(ApiError::bad_request(format!(
                "format '{other}' is not one of json, md, html"
            )));
        }
    })
}
