//! The pages under `/ui`: server-rendered HTML with inline CSS and SVG, no scripts
//! from elsewhere, so they work offline. A browser cannot send a bearer header, so
//! the token comes once as `?token=…` (the link `make run` prints), is moved into
//! an HttpOnly cookie, and the address is cleaned of it by a redirect.

use std::fmt::Write;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::AppState;
use super::auth::{COOKIE, Caller};
use super::error::ApiError;
use super::uploads::{ListQuery, coaching_report, visible_conversations};
use crate::render::coaching_html::escape;
use crate::store::ConversationId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ui", get(|| async { Redirect::to("/ui/conversations") }))
        .route("/ui/conversations", get(list))
        .route("/ui/conversations/{id}/coaching", get(coaching))
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
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
             <td><a class=\"coaching\" href=\"/ui/conversations/{id}/coaching\">coaching report</a></td></tr>",
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
         <style>{STYLE}</style></head><body><main><h1>Conversations</h1>{empty}\
         <table id=\"conversations\"><thead><tr><th>Date</th><th>Employee</th><th>Manager</th><th>Kind</th>\
         <th>Language</th><th></th></tr></thead><tbody>{body}</tbody></table></main></body></html>"
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
