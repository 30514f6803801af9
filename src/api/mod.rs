//! Candor over HTTP (axum), under `/v1`: upload conversations and weekly reports,
//! read them with their analyses and coaching reports, manage people and the org
//! chart, ask for an agenda, run the audit, list and acknowledge alerts. `/healthz`, `/metrics` and `/v1/openapi.json` sit beside it, the pages
//! under `/ui`.
//!
//! Every request passes, outermost first: the error-shape layer (`error::uniform`),
//! request metrics, the per-request timeout, then the body limit of its route.
//! Analyses wait in the bounded inference queue (`engine.rs`); a full queue is a 503
//! with Retry-After, never an unbounded wait.

pub mod agenda;
pub mod alerts;
pub mod analysis;
pub mod audit;
pub mod auth;
pub mod engine;
pub mod error;
pub mod metrics;
mod openapi;
mod pages;
mod people;
pub mod records;
mod reports;
#[cfg(test)]
mod tests;
mod uploads;
pub mod webhook;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::config::Config;
use crate::store::Store;
use engine::Engine;
use error::ApiError;
use metrics::Metrics;

/// How the server behaves under load and on bad input.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Limits and norms for reading and measuring uploads.
    pub config: Config,
    /// The largest request body, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Longer requests are answered 503 (their analysis still finishes and is kept).
    pub request_timeout: Duration,
    /// The day alerts are worked out for; `None` is the system's today. Set for
    /// demos and tests over dated records (`candor serve --today`).
    pub today: Option<NaiveDate>,
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub engine: Engine,
    pub metrics: Arc<Metrics>,
    pub settings: Arc<Settings>,
    /// Notified when a scan records new alerts, so the webhook deliverer wakes.
    pub alerts_found: Arc<Notify>,
    /// Notified when new records may hold new alerts, so the scanner wakes.
    pub scan_needed: Arc<Notify>,
}

impl AppState {
    /// The day alerts are worked out for.
    pub fn today(&self) -> NaiveDate {
        self.settings.today.unwrap_or_else(crate::domain::today)
    }
}

/// The whole API and the pages.
pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/conversations", post(uploads::upload).get(uploads::list))
        .route("/conversations/{id}", get(uploads::show))
        .route("/conversations/{id}/coaching", get(uploads::coaching))
        .route("/reports", post(reports::upload).get(reports::list))
        .route("/agenda", post(agenda::create))
        .route("/audit", get(audit::show))
        .route("/alerts", get(alerts::list))
        .route("/alerts/{id}/acknowledge", post(alerts::acknowledge))
        .route("/people", get(people::list).post(people::create))
        .route("/people/import", post(people::import))
        .route("/people/{id}", get(people::show).delete(people::forget))
        .route("/openapi.json", get(openapi::document));
    Router::new()
        .nest("/v1", v1)
        .merge(pages::routes())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .fallback(error::no_route)
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::map_response(error::uniform))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then stops taking connections and finishes
/// the requests in flight before returning.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    store.close().await;
    Ok(())
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "models": state.engine.has_models(),
    }))
}

async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// Middleware: answers 503 when a request takes longer than the configured time.
async fn timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.settings.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError {
            code: "timeout",
            ..ApiError::busy(
                format!(
                    "the request took longer than {} s; retry later (an upload's analysis \
                     still finishes and is stored)",
                    limit.as_secs()
                ),
                5,
            )
        }
        .into_response(),
    }
}

/// A status for a record: 201 when it was created, 200 when it was already there.
fn created_status(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}
