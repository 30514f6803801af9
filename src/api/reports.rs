//! Weekly reports: one as a JSON object, or many as JSON Lines or CSV
//! (`employee,week,text`), each read by the models (sentiment in [−1, 1], topic
//! shares, keyphrases) before it is stored. A batch is checked whole before
//! anything is stored, so a bad line stores nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::ApiError;
use super::uploads::log;
use super::{AppState, created_status};
use crate::measure::report::read_report;
use crate::store::{AccessAction, IsoWeek, NewReport, ReportId, Resource, ResourceKind, TokenRole};

/// The most reports one request may carry.
const MAX_REPORTS_PER_REQUEST: usize = 1000;

/// One weekly report as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// The employee's name; created when absent.
    employee: String,
    /// The ISO week, like 2026-W30.
    week: String,
    text: String,
}

/// What was stored, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportsOut {
    /// The id of the first (or only) report.
    #[schema(value_type = i64)]
    id: ReportId,
    #[schema(value_type = Vec<i64>)]
    ids: Vec<ReportId>,
    /// How many were new (the others had been sent before).
    created: usize,
}

/// `POST /v1/reports`: a JSON object, JSON Lines, or CSV with a header.
#[utoipa::path(post, path = "/v1/reports", request_body(content = ReportIn, description = "one report as JSON, or many as application/x-ndjson or text/csv"),
    responses((status = 201, body = ReportsOut), (status = 200, body = ReportsOut, description = "all sent before"),
        (status = 400), (status = 401), (status = 403), (status = 415), (status = 422), (status = 503)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(
        &[TokenRole::Admin, TokenRole::Hr, TokenRole::Manager],
        "filing reports",
    )?;
    let reports = parse(&headers, &body)?;
    let max_text_bytes = state.store.limits().max_text_bytes;
    let mut checked = Vec::with_capacity(reports.len());
    for (line, report) in reports {
        let week: IsoWeek = report
            .week
            .parse()
            .map_err(|err| ApiError::bad_request(format!("line {line}: {err}")))?;
        if report.text.trim().is_empty() {
            return Err(ApiError::bad_request(format!(
                "line {line}: the text is empty"
            )));
        }
        // The store's own limits, checked here too: the reports are stored one by
        // one, so a line refused while storing would leave the lines before it.
        if report.text.trim().len() > max_text_bytes {
            return Err(ApiError::bad_request(format!(
                "line {line}: the text is over {max_text_bytes} bytes; shorten it"
            )));
        }
        match state.store.person_by_name(report.employee.trim()).await {
            Ok(person) => caller.require_sees(&state, &person).await?,
            Err(err) if err.is_not_found() => {
                if caller.role() == TokenRole::Manager {
                    return Err(ApiError::forbidden(format!(
                        "line {line}: {} is not under this manager; file a conversation with \
                         them first or ask an admin to add them",
                        report.employee.trim()
                    )));
                }
            }
            // A name the store refuses (empty, too long): refused before anything is stored.
            Err(err) if err.is_caller_error() => {
                return Err(ApiError::bad_request(format!("line {line}: {err}")));
            }
            Err(err) => return Err(err.into()),
        }
        checked.push((report, week));
    }
    let texts: Vec<String> = checked.iter().map(|(r, _)| r.text.clone()).collect();
    if state.engine.has_models() {
        state.metrics.batch(texts.len());
    }
    let readings = state
        .engine
        .run(move |classifier| {
            texts
                .iter()
                .map(|text| match classifier {
                    Some(c) => read_report(text, c)
                        .map(|reading| serde_json::to_string(&reading).ok())
                        .map_err(|err| err.to_string()),
                    None => Ok(None),
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .await
        .map_err(|err| ApiError::busy(err.to_string(), 5))?
        .map_err(|err| ApiError::internal(format!("the models failed on a report: {err}")))?;
    let department = caller.department();
    let mut ids = Vec::with_capacity(checked.len());
    let mut created = 0;
    for ((report, week), analysis_json) in checked.into_iter().zip(readings) {
        let employee = state
            .store
            .upsert_person(report.employee.trim(), department.as_deref())
            .await?;
        let saved = state
            .store
            .insert_report(NewReport {
                employee: employee.id,
                week,
                text: report.text,
                analysis_json,
            })
            .await?;
        created += usize::from(saved.created);
        ids.push(saved.id);
    }
    if created > 0 {
        state.scan_needed.notify_one();
    }
    log(
        &state,
        &caller,
        AccessAction::Create,
        Resource::List(ResourceKind::Report),
    )
    .await;
    let out = ReportsOut {
        id: ids[0],
        ids,
        created,
    };
    Ok((created_status(created > 0), Json(out)).into_response())
}

/// The reports in a body, by its content type: JSON (one object), JSON Lines, or CSV;
/// each with the line of the body it is on, which error messages name.
fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(usize, ReportIn)>, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the body is not UTF-8 text"))?;
    let reports = match content_type.as_str() {
        "application/json" => vec![(1, json_report(text.trim(), 1)?)],
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| json_report(line, i + 1).map(|report| (i + 1, report)))
            .collect::<Result<Vec<_>, _>>()?,
        "text/csv" => csv_reports(text)?,
        other => {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "content type '{other}' is not accepted here; send application/json, \
                     application/x-ndjson or text/csv"
                ),
            ));
        }
    };
    if reports.is_empty() {
        return Err(ApiError::bad_request("the body holds no report"));
    }
    if reports.len() > MAX_REPORTS_PER_REQUEST {
        return Err(ApiError::bad_request(format!(
            "{} reports in one request; send at most {MAX_REPORTS_PER_REQUEST}",
            reports.len()
        )));
    }
    Ok(reports)
}

fn json_report(text: &str, line: usize) -> Result<ReportIn, ApiError> {
    serde_json::from_str(text).map_err(|err| {
        ApiError::bad_request(format!(
            "line {line}: not a report ({err}); expected {{\"employee\", \"week\", \"text\"}}"
        ))
    })
}

/// The rows of a CSV with the header `employee,week,text`, each with the line it
/// starts on (a quoted text may span lines, so rows and lines can differ).
fn csv_reports(text: &str) -> Result<Vec<(usize, ReportIn)>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|err| csv_error(1, &err))?.clone();
    let line_of = |position: &csv::Position| position.line() as usize;
    let mut rows = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|err| csv_error(err.position().map_or(i + 2, line_of), &err))?;
        let line = row.position().map_or(i + 2, line_of);
        let report = row
            .deserialize(Some(&header))
            .map_err(|err| csv_error(line, &err))?;
        rows.push((line, report));
    }
    Ok(rows)
}

fn csv_error(line: usize, err: &csv::Error) -> ApiError {
    ApiError::bad_request(format!(
        "line {line} of the CSV: {err}; the header must be employee,week,text"
    ))
}

/// Filters for the list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportQuery {
    /// The employee whose reports to list (a name).
    employee: String,
}

/// `GET /v1/reports?employee=NAME`: an employee's reports with their readings.
#[utoipa::path(get, path = "/v1/reports", params(ReportQuery),
    responses((status = 200, description = "the reports, by week"), (status = 401), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let person = state.store.person_by_name(query.employee.trim()).await?;
    caller.require_sees(&state, &person).await?;
    let reports = state.store.reports_of(person.id).await?;
    log(
        &state,
        &caller,
        AccessAction::Read,
        Resource::List(ResourceKind::Report),
    )
    .await;
    let reports: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "week": r.week.to_string(),
                "text": r.text,
                "analysis": r.analysis_json.as_deref().and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()),
            })
        })
        .collect();
    Ok(Json(
        serde_json::json!({"employee": person.name, "reports": reports}),
    ))
}
