//! Early alerts (`GET /v1/alerts`, `POST /v1/alerts/{id}/acknowledge`, `candor
//! alerts`): the rules of `products::alerts` run over what the store holds for each
//! employee, the alerts found recorded (idempotent by key, so a scan can run any
//! number of times), and, when a webhook is configured, delivered by
//! `webhook.rs`.
//!
//! A scan runs when the server starts, after every upload or report batch, before
//! listing one employee's alerts, and every hour, all for "today" (`candor serve --today` moves it,
//! for demos and tests over dated data).

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use super::records::{self, Held, ReadReport};
use super::uploads::log;
use crate::products::alerts::{AlertConversation, AlertItem, EmployeeAlertInput, employee_alerts};
use crate::products::signals::WeekReport;
use crate::store::{
    AccessAction, ActionItem, ActionItemFilter, ActionOwner, ActionStatus, Alert, AlertFilter,
    AlertId, Person, PersonId, Resource, ResourceKind, Store, TokenRole,
};

/// How often the server looks for alerts when nothing asks it to: dates move on
/// (an item falls overdue, a gap passes 31 days) without any new record.
const SCAN_PERIOD: Duration = Duration::from_hours(1);

/// Scans everyone at start, whenever `state.scan_needed` is notified (after uploads
/// and reports) and every [`SCAN_PERIOD`]; wakes the webhook deliverer when a scan
/// found new alerts. Problems go to stderr and the loop goes on.
pub fn spawn_scanner(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let found = match state.store.people().await {
                Ok(people) => scan(&state.store, &people, state.today()).await,
                Err(err) => Err(err.into()),
            };
            match found {
                Ok(new) if !new.is_empty() => state.alerts_found.notify_one(),
                Ok(_) => {}
                Err(err) => eprintln!("warning: looking for alerts failed: {}", err.message),
            }
            tokio::select! {
                () = state.scan_needed.notified() => {}
                () = tokio::time::sleep(SCAN_PERIOD) => {}
            }
        }
    })
}

/// Finds and records the alerts of `people` as of `today`; returns the new ones.
pub async fn scan(
    store: &Store,
    people: &[Person],
    today: NaiveDate,
) -> Result<Vec<Alert>, ApiError> {
    let mut new = Vec::new();
    for person in people {
        new.extend(scan_one(store, person, today).await?);
    }
    Ok(new)
}

async fn scan_one(
    store: &Store,
    person: &Person,
    today: NaiveDate,
) -> Result<Vec<Alert>, ApiError> {
    let reports = records::reports(store, person.id).await?;
    let held = records::held(store, None, Some(today), Some(person.id)).await?;
    if reports.is_empty() && held.is_empty() {
        return Ok(Vec::new());
    }
    // Reports of weeks after `today` (a later --today, a report filed early) are
    // not known yet on that day.
    let series: Vec<WeekReport<'_>> = reports
        .iter()
        .filter(|r| r.week.monday() <= today)
        .map(ReadReport::as_week)
        .collect();
    let conversations: Vec<AlertConversation> = held.iter().map(alert_conversation).collect();
    let open_items: Vec<AlertItem> = store
        .action_items(ActionItemFilter {
            employee: Some(person.id),
            status: Some(ActionStatus::Open),
            ..ActionItemFilter::default()
        })
        .await?
        .into_iter()
        .filter(|item| awaits_follow_up(item, &held, &reports))
        .map(|item| AlertItem {
            due_date: item.due_on(today),
            id: item.id.0,
            conversation_id: item.conversation.0,
            quote: item
                .said
                .as_ref()
                .map_or_else(String::new, |s| s.quote.clone()),
            turn_id: item.said.as_ref().map(|s| s.turn_id),
            what: item.what,
        })
        .collect();
    let found = employee_alerts(&EmployeeAlertInput {
        employee: &person.name,
        today,
        reports: &series,
        conversations: &conversations,
        open_items: &open_items,
    });
    Ok(store.record_alerts(person.id, &found).await?)
}

/// Whether an open item is still owed: owned by someone in the store (an item put
/// on "the design team" or on no one is not the manager's or the employee's to be
/// chased for), never named again in a later conversation, and not told as done in a
/// weekly report (`records::reported_done`).
fn awaits_follow_up(item: &ActionItem, held: &[Held], reports: &[ReadReport]) -> bool {
    item.followed_up_in.is_none()
        && matches!(item.owner, ActionOwner::Person(_))
        && !records::reported_done(item, held, reports)
}

fn alert_conversation(held: &Held) -> AlertConversation {
    let facts = held.facts.as_ref();
    AlertConversation {
        id: held.record.id.0,
        held_on: Some(held.record.date),
        criticism: facts.and_then(|f| f.criticism),
        praise: facts.and_then(|f| f.praise),
        criticism_quotes: facts
            .map(|f| f.employee_criticism_received.clone())
            .unwrap_or_default(),
    }
}

/// The people a caller may see alerts of, and the scan over them.
async fn visible(state: &AppState, caller: &Caller) -> Result<Vec<Person>, ApiError> {
    let everyone = state.store.people().await?;
    Ok(match caller.visible_people(state).await? {
        None => everyone,
        Some(ids) => everyone
            .into_iter()
            .filter(|p| ids.contains(&p.id))
            .collect(),
    })
}

/// Filters for the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AlertsQuery {
    /// Only this employee's alerts (a name).
    employee: Option<String>,
    /// Acknowledged alerts too (default: only open ones).
    #[serde(default)]
    include_acknowledged: bool,
    /// At most this many, newest first (default 200, at most 1000).
    limit: Option<u32>,
}

/// The list of alerts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertsOut {
    #[schema(value_type = Vec<Object>)]
    alerts: Vec<Alert>,
}

/// `GET /v1/alerts`: the open alerts of the people the caller may see, newest first;
/// asked for one employee, after a scan of theirs.
#[utoipa::path(get, path = "/v1/alerts", params(AlertsQuery),
    responses((status = 200, body = AlertsOut), (status = 401), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<AlertsQuery>,
) -> Result<Json<AlertsOut>, ApiError> {
    let mut people = visible(&state, &caller).await?;
    if let Some(name) = &query.employee {
        let person = state.store.person_by_name(name).await?;
        caller.require_sees(&state, &person).await?;
        people = vec![person];
    }
    // One employee's alerts are worked out afresh; a list of everyone's relies on
    // the scanner, which runs after every upload and report batch, so that a large
    // organisation's list stays one query.
    if query.employee.is_some() {
        let new = scan(&state.store, &people, state.today()).await?;
        if !new.is_empty() {
            state.alerts_found.notify_one();
        }
    }
    let alerts = state
        .store
        .alerts(AlertFilter {
            employees: Some(people.iter().map(|p| p.id).collect::<Vec<PersonId>>()),
            include_acknowledged: query.include_acknowledged,
            limit: Some(query.limit.unwrap_or(200).min(1000)),
        })
        .await?;
    let resource = match people.as_slice() {
        [one] => Resource::Person(one.id),
        _ => Resource::List(ResourceKind::Person),
    };
    log(&state, &caller, AccessAction::Read, resource).await;
    Ok(Json(AlertsOut { alerts }))
}

/// `POST /v1/alerts/{id}/acknowledge`: marks an alert seen; acknowledging twice
/// keeps the first time.
#[utoipa::path(post, path = "/v1/alerts/{id}/acknowledge", params(("id" = i64, Path)),
    responses((status = 200, description = "the alert, acknowledged"), (status = 401), (status = 403), (status = 404)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Alert>, ApiError> {
    caller.require(
        &[TokenRole::Admin, TokenRole::Hr, TokenRole::Manager],
        "acknowledging alerts",
    )?;
    let alert = state.store.alert(AlertId(id)).await?;
    let person = state.store.person(alert.employee_id).await?;
    caller.require_sees(&state, &person).await?;
    let alert = state
        .store
        .acknowledge_alert(AlertId(id), Some(caller.token.id))
        .await?;
    log(
        &state,
        &caller,
        AccessAction::Update,
        Resource::Person(person.id),
    )
    .await;
    Ok(Json(alert))
}
