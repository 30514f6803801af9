//! HR's audit (`GET /v1/audit`, `candor audit`, `/ui/audit`): the stored
//! conversations of a period with their facts and follow-up counts, and the org
//! chart, handed to `products::audit`. The audit carries numbers and short quotes,
//! never transcripts; each conversation links to its coaching report, which the
//! reader's role may or may not open.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use super::auth::{Caller, Scope};
use super::error::ApiError;
use super::records;
use super::uploads::log;
use crate::products::audit::{
    self, Audit, AuditConversation, AuditPerson, AuditRequest, AuditScope,
};
use crate::render::{audit_html, audit_text};
use crate::store::{AccessAction, Resource, ResourceKind, Store};

/// Days read before the period so that the cadence of its first weeks is known: a
/// quarter, the longest gap the audit checks.
const LOOK_BEHIND_DAYS: i64 = 92;

/// The period read when none is given: the last quarter.
const DEFAULT_PERIOD_DAYS: i64 = 90;

/// The longest period one audit covers: a year, past which cadence across
/// reorganisations stops meaning much and the request is probably a mistake.
const MAX_PERIOD_DAYS: i64 = 366;

/// The period, the scope and the format asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// First day, YYYY-MM-DD (default: 90 days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (default: today).
    pub to: Option<NaiveDate>,
    /// Only this department.
    pub department: Option<String>,
    /// Only this manager's conversations (a name).
    pub manager: Option<String>,
    /// json (default), html or text.
    pub format: Option<String>,
}

/// The request a query makes, checked: the period in order and not too long, one
/// scope at most.
pub fn request(query: &AuditQuery, today: NaiveDate) -> Result<AuditRequest, ApiError> {
    let to = query.to.unwrap_or(today);
    let from = query
        .from
        .unwrap_or(to - Duration::days(DEFAULT_PERIOD_DAYS));
    if from > to {
        return Err(ApiError::bad_request(format!(
            "the period starts ({from}) after it ends ({to}); swap from and to"
        )));
    }
    if (to - from).num_days() > MAX_PERIOD_DAYS {
        return Err(ApiError::bad_request(format!(
            "the period {from} to {to} is over {MAX_PERIOD_DAYS} days; audit at most a year at a time"
        )));
    }
    let scope = match (&query.department, &query.manager) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give a department or a manager, not both",
            ));
        }
        (Some(d), None) => AuditScope::Department(d.trim().to_owned()),
        (None, Some(m)) => AuditScope::Manager(m.trim().to_owned()),
        (None, None) => AuditScope::Everyone,
    };
    Ok(AuditRequest { from, to, scope })
}

/// Runs the audit over what the store holds.
pub async fn build(store: &Store, request: &AuditRequest) -> Result<Audit, ApiError> {
    let everyone = store.people().await?;
    let name_of = |id| everyone.iter().find(|p| p.id == id).map(|p| p.name.clone());
    let people: Vec<AuditPerson> = everyone
        .iter()
        .map(|p| AuditPerson {
            name: p.name.clone(),
            manager: p.manager.and_then(name_of),
            department: p.department.clone(),
        })
        .collect();
    let since = request.from - Duration::days(LOOK_BEHIND_DAYS);
    let held = records::held(store, Some(since), Some(request.to), None).await?;
    // A conversation whose manager was forgotten lost its analyses with its
    // transcript; it has no facts to audit.
    let conversations: Vec<AuditConversation> = held
        .into_iter()
        .filter_map(|h| {
            let facts = h.facts?;
            Some(AuditConversation {
                id: h.record.id.0,
                manager: h.record.manager.map(|(_, name)| name),
                employee: h.record.employee.1,
                department: h.record.department,
                kind: h.record.kind,
                held_on: Some(h.record.date),
                facts,
                items_agreed: h.record.items_agreed,
                items_followed_up: h.record.items_followed_up,
            })
        })
        .collect();
    audit::audit(request, &people, &conversations)
        .map_err(|err| ApiError::unprocessable(err.to_string()))
}

/// The scope a caller may audit: HR its department, a manager their own
/// conversations, admin anything.
pub fn allowed(caller: &Caller, scope: &AuditScope) -> Result<AuditScope, ApiError> {
    let own = caller.person.as_ref().map(|p| p.name.clone());
    match (caller.scope(), scope) {
        (Scope::Everyone, scope) => Ok(scope.clone()),
        (Scope::Department(d), AuditScope::Everyone) => Ok(AuditScope::Department(d)),
        (Scope::Department(d), AuditScope::Department(asked)) if *asked == d => {
            Ok(AuditScope::Department(d))
        }
        (Scope::Team(_), AuditScope::Everyone) => own
            .map(AuditScope::Manager)
            .ok_or_else(|| ApiError::forbidden("this token has no person to audit")),
        (Scope::Team(_), AuditScope::Manager(asked)) if Some(asked) == own.as_ref() => {
            Ok(scope.clone())
        }
        _ => Err(ApiError::forbidden(
            "this token may not audit that scope: HR audits its department, a manager \
             their own conversations",
        )),
    }
}

/// `GET /v1/audit`: conversation quality per manager and department over a period.
#[utoipa::path(get, path = "/v1/audit", params(AuditQuery),
    responses((status = 200, description = "the audit as JSON (candor.audit/1), HTML or text"),
        (status = 400), (status = 401), (status = 403), (status = 422)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ApiError> {
    let mut request = request(&query, state.today())?;
    request.scope = allowed(&caller, &request.scope)?;
    let audit = build(&state.store, &request).await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::List(ResourceKind::Conversation),
    )
    .await;
    respond(&audit, query.format.as_deref())
}

/// The audit in the format asked for.
pub fn respond(audit: &Audit, format: Option<&str>) -> Result<Response, ApiError> {
    Ok(match format.unwrap_or("json") {
        "json" => Json(audit).into_response(),
        "html" => Html(audit_html::render(audit)).into_response(),
        "text" => audit_text::render(audit).into_response(),
        other => {
            return Err(ApiError::bad_request(format!(
                "format '{other}' is not one of json, html, text"
            )));
        }
    })
}
