//! `candor serve`: the HTTP API and the pages on one address, until Ctrl-C or
//! SIGTERM, after which requests in flight finish before the process exits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::api::engine::Engine;
use crate::api::metrics::Metrics;
use crate::api::webhook::{self, WebhookConfig};
use crate::api::{self, AppState, Settings, alerts};
use crate::config::{Config, Limits, Norms};
use crate::measure::classify::Classifier;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database file; created when absent.
    #[arg(long, default_value = "candor.db")]
    db: PathBuf,
    /// Where to listen. Keep it on loopback unless a proxy with TLS is in front.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
    /// Measure only: no models are loaded, analyses lack acts, sentiment and topics.
    #[arg(long, env = "CANDOR_NO_MODELS")]
    no_models: bool,
    /// The largest request body, in bytes (413 above it).
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Requests taking longer get 503, in seconds.
    #[arg(long, default_value_t = 60)]
    timeout_seconds: u64,
    /// Analyses that may wait for the models; more get 503 with Retry-After.
    #[arg(long, default_value_t = 16)]
    queue: usize,
    /// Work out alerts as of this day (YYYY-MM-DD) instead of today: for demos and
    /// tests over dated records.
    #[arg(long, env = "CANDOR_TODAY")]
    today: Option<chrono::NaiveDate>,
    /// POST each new alert as JSON to this http:// address, with retries.
    #[arg(long, env = "CANDOR_WEBHOOK")]
    webhook: Option<String>,
    /// Seconds before the first retry of a failed webhook delivery (then doubling).
    #[arg(long, default_value_t = 30)]
    webhook_retry_seconds: u64,
}

pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        max_input_bytes: args.max_body_bytes,
        ..Limits::default()
    };
    let config = Config::new(limits, Norms::default())?;
    let webhook = args
        .webhook
        .as_deref()
        .map(WebhookConfig::new)
        .transpose()
        .context("--webhook")?
        .map(|config| WebhookConfig {
            first_backoff: Duration::from_secs(args.webhook_retry_seconds.max(1)),
            ..config
        });
    let store = super::open_store(&args.db).await?;
    let classifier = if args.no_models {
        None
    } else {
        Some(
            Classifier::load(&args.models_dir, Vec::new()).with_context(|| {
                format!(
                    "loading the models from {} (install them with `candor models install`, \
                 or serve without them with --no-models)",
                    args.models_dir.display()
                )
            })?,
        )
    };
    let metrics = Arc::new(Metrics::default());
    let engine = Engine::start(classifier, args.queue, Arc::clone(&metrics));
    let state = AppState {
        store,
        engine,
        metrics,
        settings: Arc::new(Settings {
            config,
            max_body_bytes: args.max_body_bytes,
            request_timeout: Duration::from_secs(args.timeout_seconds.max(1)),
            today: args.today,
        }),
        alerts_found: Arc::default(),
        scan_needed: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "candor: serving http://{addr}/ui and the API at http://{addr}/v1 (database {})",
        args.db.display()
    );
    let scanner = alerts::spawn_scanner(state.clone());
    let deliverer = webhook.map(|config| {
        webhook::spawn_deliverer(
            state.store.clone(),
            config,
            Arc::clone(&state.alerts_found),
            std::future::pending(),
        )
    });
    api::serve(listener, state, shutdown_signal())
        .await
        .context("serving")?;
    // An alert cut off mid-delivery is sent again at the next start (at least once).
    scanner.abort();
    if let Some(deliverer) = deliverer {
        deliverer.abort();
    }
    eprintln!("candor: stopped; requests in flight were finished");
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
