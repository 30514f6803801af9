//! Conversations: upload a transcript in any format ingest reads, list the ones the
//! caller may see, read one with its analysis, read its coaching report.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::analysis::{self, AnalysisError, PAGES_SCHEMA, Pages};
use super::auth::Caller;
use super::engine::EngineError;
use super::error::ApiError;
use super::{AppState, created_status};
use crate::domain::{ConversationKind, Language, Metadata};
use crate::ingest::{Format, IngestOptions};
use crate::products::coaching;
use crate::store::{
    AccessAction, Actor, ConversationFilter, ConversationId, ConversationSummary, NewAccess,
    Person, PersonId, Resource, ResourceKind, TokenRole,
};

/// Who and what an upload is about.
#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// The manager who held the conversation; created when absent.
    manager: String,
    /// The employee it was held with; created when absent, under `manager`.
    employee: String,
    /// plan, coaching, review or feedback.
    kind: Option<String>,
    /// When it was held, YYYY-MM-DD.
    date: Option<NaiveDate>,
    /// The file's format when detection should be skipped (vtt, srt, whisper_json, …).
    format: Option<String>,
    /// The file name, for lists.
    name: Option<String>,
    /// The employee's department, when they are new.
    department: Option<String>,
}

/// The stored conversation's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct Uploaded {
    #[schema(value_type = i64)]
    id: ConversationId,
    /// False when the same bytes had been uploaded before.
    created: bool,
    #[schema(value_type = Option<String>)]
    language: Option<Language>,
    #[schema(value_type = String)]
    format: Format,
    turns: usize,
    action_items: usize,
}

/// `POST /v1/conversations`: the raw transcript as the body.
#[utoipa::path(post, path = "/v1/conversations", params(UploadQuery),
    request_body(content = Vec<u8>, description = "the transcript file, any supported format", content_type = "application/octet-stream"),
    responses((status = 201, body = Uploaded), (status = 200, body = Uploaded, description = "already uploaded"),
        (status = 401), (status = 403), (status = 413), (status = 422), (status = 503)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(
        &[TokenRole::Admin, TokenRole::Hr, TokenRole::Manager],
        "uploading",
    )?;
    if body.is_empty() {
        return Err(ApiError::bad_request(
            "the body is empty; send the transcript file as the request body",
        ));
    }
    let kind = query
        .kind
        .as_deref()
        .map(str::parse::<ConversationKind>)
        .transpose()
        .map_err(|err| ApiError::bad_request(format!("kind: {err}")))?;
    let format = query
        .format
        .as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(|err| ApiError::bad_request(format!("format: {err}")))?;
    authorise_upload(&state, &caller, &query).await?;
    let name = query
        .name
        .clone()
        .unwrap_or_else(|| format!("upload by {}", query.manager.trim()));
    let options = IngestOptions {
        format,
        encoding: None,
        single_speaker: None,
        metadata: Metadata {
            manager: Some(query.manager.trim().to_owned()),
            employee: Some(query.employee.trim().to_owned()),
            date: query.date,
            kind,
            ..Metadata::default()
        },
        limits: state.settings.config.limits,
    };
    let config = state.settings.config;
    let source = name.clone();
    let analysed = state
        .engine
        .run(move |classifier| {
            analysis::analyse(&body, &source, &options, &config, classifier).map(|a| (a, body))
        })
        .await
        .map_err(engine_error)?
        .map_err(analysis_error)?;
    let (analysed, original) = analysed;
    let (manager, employee) = file_people(&state, &caller, &query).await?;
    if analysed.sentences_read > 0 {
        state.metrics.batch(analysed.sentences_read);
    }
    let turns = analysed.conversation.turns.len();
    let item_count = analysed.action_items.len();
    let (format, language) = (analysed.format, analysed.language);
    let saved = analysis::store(
        &state.store,
        analysed,
        original.to_vec(),
        name,
        (manager, employee),
    )
    .await?;
    if saved.created {
        state.scan_needed.notify_one();
    }
    log(
        &state,
        &caller,
        AccessAction::Create,
        Resource::Conversation(saved.id),
    )
    .await;
    let body = Uploaded {
        id: saved.id,
        created: saved.created,
        language,
        format,
        turns,
        action_items: item_count,
    };
    Ok((created_status(saved.created), Json(body)).into_response())
}

/// Checks, before any work, that the caller may file a conversation between these
/// two people: a manager for themself (or someone under them) with an employee who
/// is new or theirs; HR within its department; admin anyone.
async fn authorise_upload(
    state: &AppState,
    caller: &Caller,
    query: &UploadQuery,
) -> Result<(), ApiError> {
    for name in [&query.manager, &query.employee] {
        if name.trim().is_empty() {
            return Err(ApiError::bad_request(
                "manager and employee must both be named",
            ));
        }
    }
    if caller.role() == TokenRole::Manager {
        let me = caller.person.as_ref().map(|p| p.name.as_str());
        if me != Some(query.manager.trim()) {
            let manager = existing(state, &query.manager).await?;
            match manager {
                Some(m) if caller.sees(state, &m).await? => {}
                _ => {
                    return Err(ApiError::forbidden(format!(
                        "a manager token files conversations it held, or held by managers \
                         under it; {} is neither",
                        query.manager.trim()
                    )));
                }
            }
        }
    }
    if let Some(employee) = existing(state, &query.employee).await? {
        caller.require_sees(state, &employee).await?;
    }
    if caller.role() == TokenRole::Hr
        && let Some(manager) = existing(state, &query.manager).await?
    {
        caller.require_sees(state, &manager).await?;
    }
    Ok(())
}

async fn existing(state: &AppState, name: &str) -> Result<Option<Person>, ApiError> {
    match state.store.person_by_name(name.trim()).await {
        Ok(person) => Ok(Some(person)),
        Err(err) if err.is_not_found() => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Creates the people named in the upload when absent; a new employee reports to
/// the manager, and inherits the department HR works in.
async fn file_people(
    state: &AppState,
    caller: &Caller,
    query: &UploadQuery,
) -> Result<(PersonId, PersonId), ApiError> {
    let department = query.department.clone().or_else(|| caller.department());
    let manager = state
        .store
        .upsert_person(query.manager.trim(), None)
        .await?;
    let employee_existed = existing(state, &query.employee).await?;
    // The department is for a new employee; an existing one keeps the org chart's,
    // which only admin changes (else an upload could move someone out of HR's scope).
    let department = department.filter(|_| employee_existed.is_none());
    let employee = state
        .store
        .upsert_person(query.employee.trim(), department.as_deref())
        .await?;
    let has_manager = employee_existed.is_some_and(|p| p.manager.is_some());
    if !has_manager {
        state
            .store
            .set_manager(employee.id, Some(manager.id))
            .await?;
    }
    Ok((manager.id, employee.id))
}

fn engine_error(err: EngineError) -> ApiError {
    match err {
        EngineError::Busy(_) => ApiError::busy(err.to_string(), 5),
        EngineError::Stopped => ApiError::internal(err.to_string()),
    }
}

fn analysis_error(err: AnalysisError) -> ApiError {
    match err {
        AnalysisError::Input(input) => ApiError::unprocessable(input.to_string()),
        other => ApiError::internal(other.to_string()),
    }
}

/// Appends to the access log; a failure to log is reported on stderr and does not
/// fail the read it describes.
pub(super) async fn log(
    state: &AppState,
    caller: &Caller,
    action: AccessAction,
    resource: Resource,
) {
    let entry = NewAccess {
        actor: Actor::of_token(&caller.token),
        action,
        resource,
    };
    if let Err(err) = state.store.log_access(entry).await {
        eprintln!("warning: could not write the access log: {err}");
    }
}

/// Filters for the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only conversations with this employee (a name).
    employee: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    /// At most this many, newest first (default 100, at most 1000).
    limit: Option<u32>,
}

/// One conversation in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listed {
    #[schema(value_type = i64)]
    pub(super) id: ConversationId,
    pub(super) manager: Option<String>,
    pub(super) employee: String,
    #[schema(value_type = Option<String>)]
    pub(super) kind: Option<ConversationKind>,
    pub(super) date: Option<NaiveDate>,
    #[schema(value_type = Option<String>)]
    pub(super) language: Option<Language>,
    #[schema(value_type = String)]
    pub(super) format: Format,
    pub(super) redacted: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationList {
    conversations: Vec<Listed>,
}

/// `GET /v1/conversations`: the conversations the caller may see.
#[utoipa::path(get, path = "/v1/conversations", params(ListQuery),
    responses((status = 200, body = ConversationList), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<ConversationList>, ApiError> {
    let conversations = visible_conversations(&state, &caller, &query).await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::List(ResourceKind::Conversation),
    )
    .await;
    Ok(Json(ConversationList { conversations }))
}

/// The conversations `caller` may see, with names, newest first.
pub(super) async fn visible_conversations(
    state: &AppState,
    caller: &Caller,
    query: &ListQuery,
) -> Result<Vec<Listed>, ApiError> {
    let employee = match &query.employee {
        Some(name) => {
            let person = state.store.person_by_name(name).await?;
            caller.require_sees(state, &person).await?;
            Some(person.id)
        }
        None => None,
    };
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let summaries = state
        .store
        .conversations(ConversationFilter {
            employee,
            from: query.from,
            to: query.to,
            // Scope filtering happens below, so fetch generously.
            limit: Some(limit.saturating_mul(10)),
            ..ConversationFilter::default()
        })
        .await?;
    let people = state.store.people().await?;
    let visible = caller.visible_people(state).await?;
    let name_of = |id: PersonId| people.iter().find(|p| p.id == id);
    let mut out = Vec::new();
    for summary in summaries {
        let Some(employee) = name_of(summary.employee) else {
            continue;
        };
        if visible.as_ref().is_some_and(|v| !v.contains(&employee.id)) {
            continue;
        }
        out.push(listed(
            &summary,
            employee,
            summary.manager.and_then(name_of),
        ));
        if out.len() >= limit as usize {
            break;
        }
    }
    Ok(out)
}

fn listed(summary: &ConversationSummary, employee: &Person, manager: Option<&Person>) -> Listed {
    Listed {
        id: summary.id,
        manager: manager.map(|m| m.name.clone()),
        employee: employee.name.clone(),
        kind: summary.kind,
        date: summary.date,
        language: summary.language,
        format: summary.format,
        redacted: summary.redacted.is_some(),
    }
}

/// A conversation the caller may see, or 404 / 403.
pub(super) async fn visible(
    state: &AppState,
    caller: &Caller,
    id: ConversationId,
) -> Result<crate::store::StoredConversation, ApiError> {
    let stored = state.store.conversation(id).await?;
    let employee = state.store.person(stored.summary.employee).await?;
    caller.require_sees(state, &employee).await?;
    Ok(stored)
}

/// `GET /v1/conversations/{id}`: the record, its turns and its latest measures.
#[utoipa::path(get, path = "/v1/conversations/{id}", params(("id" = i64, Path)),
    responses((status = 200, description = "the conversation with its analysis"), (status = 401), (status = 403), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = ConversationId(id);
    let stored = visible(&state, &caller, id).await?;
    let analysis = stored_json(&state, id, analysis::ANALYSIS_SCHEMA).await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::Conversation(id),
    )
    .await;
    Ok(Json(serde_json::json!({
        "id": id,
        "summary": stored.summary,
        "conversation": stored.conversation,
        "analysis": analysis,
    })))
}

/// The latest stored document of `schema` for a conversation, parsed.
async fn stored_json(
    state: &AppState,
    id: ConversationId,
    schema: &str,
) -> Result<Option<serde_json::Value>, ApiError> {
    state
        .store
        .analysis_of(id, schema)
        .await?
        .map(|json| serde_json::from_str(&json))
        .transpose()
        .map_err(|err| ApiError::internal(format!("a stored {schema} document is damaged: {err}")))
}

/// How the coaching report is wanted.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CoachingQuery {
    /// json (default), md or html.
    format: Option<String>,
}

/// `GET /v1/conversations/{id}/coaching`: the coaching report.
#[utoipa::path(get, path = "/v1/conversations/{id}/coaching", params(("id" = i64, Path), CoachingQuery),
    responses((status = 200, description = "the coaching report as JSON, Markdown or HTML"), (status = 401), (status = 403), (status = 404)))]
pub async fn coaching(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<CoachingQuery>,
) -> Result<Response, ApiError> {
    let id = ConversationId(id);
    let rendered = coaching_report(
        &state,
        &caller,
        id,
        query.format.as_deref().unwrap_or("json"),
    )
    .await?;
    Ok(rendered)
}

/// The coaching report of `id` in `format`, for the API and the pages.
pub(super) async fn coaching_report(
    state: &AppState,
    caller: &Caller,
    id: ConversationId,
    format: &str,
) -> Result<Response, ApiError> {
    if !matches!(format, "json" | "md" | "html") {
        return Err(ApiError::bad_request(format!(
            "format '{format}' is not one of json, md, html"
        )));
    }
    let stored = visible(state, caller, id).await?;
    if stored.summary.redacted.is_some() {
        return Err(ApiError::not_found(format!(
            "conversation {id} was redacted at a person's request; its report is gone"
        )));
    }
    let missing = || ApiError::not_found(format!("conversation {id} has no coaching report"));
    let response = if format == "json" {
        let report = stored_json(state, id, coaching::SCHEMA)
            .await?
            .ok_or_else(missing)?;
        Json(report).into_response()
    } else {
        let pages: Pages = stored_json(state, id, PAGES_SCHEMA)
            .await?
            .map(serde_json::from_value)
            .transpose()
            .map_err(|err| ApiError::internal(format!("stored pages are damaged: {err}")))?
            .ok_or_else(missing)?;
        if format == "md" {
            (
                [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
                pages.markdown,
            )
                .into_response()
        } else {
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                pages.html,
            )
                .into_response()
        }
    };
    log(
        state,
        caller,
        AccessAction::Read,
        Resource::Conversation(id),
    )
    .await;
    Ok(response)
}
