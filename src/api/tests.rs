//! The router driven in-process (tower's `oneshot`), for what a real server cannot
//! be made to show on demand: an inference queue that is full.

use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use tower::ServiceExt;

use super::engine::Engine;
use super::metrics::Metrics;
use super::{AppState, Settings, router};
use crate::config::{Config, Limits, Norms};
use crate::store::{Store, StoreLimits, TokenRole};

const TRANSCRIPT: &str = "Alice Wong: How did the launch go this week?\n\
                          Bob Li: It went well, we shipped on Tuesday.\n\
                          Alice Wong: What would you do differently next time?\n\
                          Bob Li: I would start the load testing a week earlier.\n";

fn upload(secret: &str) -> Request<Body> {
    Request::post("/v1/conversations?manager=Alice%20Wong&employee=Bob%20Li")
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .body(Body::from(TRANSCRIPT))
        .expect("a valid request")
}

async fn json(response: Response) -> serde_json::Value {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("a body");
    serde_json::from_slice(&bytes).expect("a JSON body")
}

/// Waits until the queue gauge reads `depth` (the jobs were spawned, not yet sent).
async fn queue_reaches(metrics: &Metrics, depth: usize) {
    let wanted = format!("candor_inference_queue_depth {depth}\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !metrics.render().contains(&wanted) {
        assert!(Instant::now() < deadline, "the queue never reached {depth}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_full_inference_queue_answers_503_with_retry_after_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path().join("candor.db"), StoreLimits::default())
        .await
        .expect("a fresh store");
    let (_, secret) = store
        .create_token(TokenRole::Admin, None)
        .await
        .expect("an admin token");
    let metrics = Arc::new(Metrics::default());
    let engine = Engine::start(None, 1, Arc::clone(&metrics));
    let state = AppState {
        store: store.clone(),
        engine: engine.clone(),
        metrics: Arc::clone(&metrics),
        settings: Arc::new(Settings {
            config: Config::new(Limits::default(), Norms::default()).expect("default config"),
            max_body_bytes: 1 << 20,
            request_timeout: Duration::from_secs(30),
            today: None,
        }),
        alerts_found: Arc::default(),
        scan_needed: Arc::default(),
    };

    // One blocking job holds the worker, a second fills the queue's one slot; both
    // wait until `release` is dropped.
    let (release, hold) = mpsc::channel::<()>();
    let hold = Arc::new(Mutex::new(hold));
    let mut blockers = Vec::new();
    for depth in 1..=2 {
        let (engine, hold) = (engine.clone(), Arc::clone(&hold));
        blockers.push(tokio::spawn(async move {
            engine
                .run(move |_| {
                    let _ = hold.lock().map(|h| h.recv_timeout(Duration::from_secs(30)));
                })
                .await
        }));
        queue_reaches(&metrics, depth).await;
    }

    let response = router(state.clone())
        .oneshot(upload(secret.expose()))
        .await
        .expect("the router answers");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u32>().ok());
    assert!(retry_after.is_some_and(|s| s > 0), "Retry-After in seconds");
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    assert!(
        content_type.is_some_and(|v| v.as_bytes().starts_with(b"application/json")),
        "the JSON error shape"
    );
    let body = json(response).await;
    assert_eq!(body["error"]["status"], 503, "{body}");
    assert_eq!(body["error"]["code"], "busy", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("full")),
        "{body}"
    );
    assert!(
        metrics
            .render()
            .contains("candor_inference_rejected_total 1"),
        "the refusal is counted"
    );
    // Refused before any work: nobody was filed.
    assert!(store.people().await.expect("people").is_empty());

    // Once the worker is free, the same upload goes through.
    drop(release);
    for blocker in blockers {
        blocker.await.expect("joins").expect("ran");
    }
    let response = router(state)
        .oneshot(upload(secret.expose()))
        .await
        .expect("the router answers");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(json(response).await["id"].is_i64());
}
