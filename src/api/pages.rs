//! The pages under `/ui`: server-rendered HTML with inline CSS and SVG, no scripts
//! from elsewhere, so they work offline. A browser cannot send a bearer header, so
//! the token comes once as `?token=…` (the link `make run` prints), is moved into
//! an HttpOnly cookie, and the address is cleaned of it by a redirect.

use std::fmt::Write;

use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;

use super::AppState;
use super::agenda::{self, AgendaIn};
use super::audit::{self, AuditQuery};
use super::auth::{COOKIE, Caller};
use super::error::ApiError;
use super::uploads::{ListQuery, coaching_report, log, visible_conversations};
use crate::domain::{ConversationKind, PerformanceLevel};
use crate::render::coaching_html::escape;
use crate::store::ConversationId;
use crate::store::{AccessAction, Resource, ResourceKind};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ui", get(|| async { Redirect::to("/ui/conversations") }))
        .route("/ui/conversations", get(list))
        .route("/ui/conversations/{id}/coaching", get(coaching))
        .route("/ui/agenda/{employee}", get(agenda_page))
        .route("/ui/audit", get(audit_page))
}

#[derive(Debug, Default, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// The page's own address with the token taken out of its query, for the redirect
/// that moves the token into the cookie.
fn without_token(path: &str, query: Option<&str>) -> String {
    let kept: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("token="))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// When the address carries a token, a redirect to the same page without it that
/// sets the cookie.
fn take_token(path: &str, query: &TokenQuery) -> Option<Response> {
    let token = query.token.as_deref()?.trim();
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    let mut response = Redirect::to(path).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Some(response)
}

/// An error as a small page, for people rather than programs.
fn page_error(err: &ApiError) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Candor: {status}</title>\
         <style>{STYLE}</style></head><body><main><h1>{status}</h1><p id=\"error\">{message}</p>\
         <p>Open the link <code>make run</code> printed (it carries a token), or add \
         <code>?token=…</code> to the address.</p></main></body></html>",
        status = err.status,
        message = escape(&err.message),
    );
    (err.status, Html(body)).into_response()
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:0;background:#f6f7f9;color:#1d2330}\
main{max-width:960px;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;background:#fff}\
th,td{padding:.5rem .75rem;border-bottom:1px solid #e3e6eb;text-align:left}th{background:#eef1f5}\
a{color:#2457c5}code{background:#eef1f5;padding:0 .25rem}";

async fn list(
    State(state): State<AppState>,
    Query(token): Query<TokenQuery>,
    caller: Result<Caller, ApiError>,
) -> Response {
    if let Some(redirect) = take_token("/ui/conversations", &token) {
        return redirect;
    }
    let caller = match caller {
        Ok(caller) => caller,
        Err(err) => return page_error(&err),
    };
    let query = ListQuery::default();
    match visible_conversations(&state, &caller, &query).await {
        Ok(rows) => Html(list_page(&rows)).into_response(),
        Err(err) => page_error(&err),
    }
}

fn list_page(rows: &[super::uploads::Listed]) -> String {
    let mut body = String::new();
    for row in rows {
        let _ = write!(
            body,
            "<tr><td>{date}</td><td>{employee}</td><td>{manager}</td><td>{kind}</td><td>{language}</td>\
             <td><a class=\"coaching\" href=\"/ui/conversations/{id}/coaching\">coaching report</a></td>\
             <td><a class=\"agenda\" href=\"/ui/agenda/{employee_path}\">next agenda</a></td></tr>",
            employee_path = encode_path(&row.employee),
            id = row.id,
            date = row.date.map(|d| d.to_string()).unwrap_or_default(),
            employee = escape(&row.employee),
            manager = escape(row.manager.as_deref().unwrap_or("—")),
            kind = row.kind.map(|k| k.to_string()).unwrap_or_default(),
            language = row.language.map_or("", |l| l.code()),
        );
    }
    let empty = if rows.is_empty() {
        "<p id=\"empty\">No conversations you may see yet. Upload one with \
         <code>POST /v1/conversations</code>.</p>"
    } else {
        ""
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Candor: conversations</title>\
         <style>{STYLE}</style></head><body><main><h1>Conversations</h1>\
         <nav><a id=\"audit\" href=\"/ui/audit\">Audit</a> · <a href=\"/v1/alerts\">Alerts (JSON)</a></nav>{empty}\
         <table id=\"conversations\"><thead><tr><th>Date</th><th>Employee</th><th>Manager</th><th>Kind</th>\
         <th>Language</th><th></th><th></th></tr></thead><tbody>{body}</tbody></table></main></body></html>"
    )
}

async fn coaching(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(token): Query<TokenQuery>,
    caller: Result<Caller, ApiError>,
) -> Response {
    if let Some(redirect) = take_token(&format!("/ui/conversations/{id}/coaching"), &token) {
        return redirect;
    }
    let caller = match caller {
        Ok(caller) => caller,
        Err(err) => return page_error(&err),
    };
    coaching_report(&state, &caller, ConversationId(id), "html")
        .await
        .unwrap_or_else(|err| page_error(&err))
}

/// What the agenda page is asked for in its address; the employee is in the path.
#[derive(Debug, Deserialize)]
struct AgendaPageQuery {
    kind: Option<ConversationKind>,
    date: Option<NaiveDate>,
    minutes: Option<u32>,
    level: Option<PerformanceLevel>,
    weeks: Option<u32>,
}

/// `/ui/agenda/{employee}?kind=coaching&date=2026-10-08&minutes=45[&level=high]`: the
/// agenda as a page; without a kind and date, the next coaching conversation a week
/// from today, 45 minutes.
async fn agenda_page(
    State(state): State<AppState>,
    Path(employee): Path<String>,
    RawQuery(raw): RawQuery,
    Query(token): Query<TokenQuery>,
    Query(query): Query<AgendaPageQuery>,
    caller: Result<Caller, ApiError>,
) -> Response {
    let path = format!("/ui/agenda/{}", encode_path(&employee));
    if let Some(redirect) = take_token(&without_token(&path, raw.as_deref()), &token) {
        return redirect;
    }
    let page = async {
        let caller = caller?;
        let person = state.store.person_by_name(&employee).await?;
        caller.require_sees(&state, &person).await?;
        let input = AgendaIn {
            employee,
            kind: query.kind.unwrap_or(ConversationKind::Coaching),
            date: query
                .date
                .unwrap_or_else(|| state.today() + chrono::Duration::days(7)),
            minutes: query.minutes.unwrap_or(45),
            performance_level: query.level,
            weeks: query.weeks,
        };
        let built = agenda::build(&state.store, &person, &input).await?;
        log(
            &state,
            &caller,
            AccessAction::Read,
            Resource::Person(person.id),
        )
        .await;
        agenda::respond(&built, Some("html"))
    };
    page.await.unwrap_or_else(|err| page_error(&err))
}

/// `/ui/audit?from=…&to=…[&department=…|&manager=…]`: the audit as a page.
async fn audit_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    Query(token): Query<TokenQuery>,
    Query(query): Query<AuditQuery>,
    caller: Result<Caller, ApiError>,
) -> Response {
    if let Some(redirect) = take_token(&without_token("/ui/audit", raw.as_deref()), &token) {
        return redirect;
    }
    let page = async {
        let caller = caller?;
        let mut request = audit::request(&query, state.today())?;
        request.scope = audit::allowed(&caller, &request.scope)?;
        let built = audit::build(&state.store, &request).await?;
        log(
            &state,
            &caller,
            AccessAction::Read,
            Resource::List(ResourceKind::Conversation),
        )
        .await;
        audit::respond(&built, Some("html"))
    };
    page.await.unwrap_or_else(|err| page_error(&err))
}

/// A name as one path segment: the characters a URL path must not carry raw, as
/// percent escapes (names may hold spaces, and Chinese is sent as UTF-8 escapes).
fn encode_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
