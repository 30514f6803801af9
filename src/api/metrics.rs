//! `/metrics` in Prometheus' text format: requests by route and status, their
//! latency, the inference queue's depth and the batch sizes the encoder saw. Kept
//! by hand with atomics and one mutex: a handful of series does not need a
//! metrics library, and the scrape format is a few lines of text.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// Upper bounds of the latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Upper bounds of the batch-size buckets, in sentences.
const BATCH_BUCKETS: [f64; 7] = [1.0, 4.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// A histogram: counts per bucket (cumulative when written), sum and count.
#[derive(Debug, Clone, Default)]
struct Histogram {
    buckets: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, bounds: &[f64], value: f64) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; bounds.len()];
        }
        if let Some(i) = bounds.iter().position(|&b| value <= b) {
            self.buckets[i] += 1;
        }
        self.sum += value;
        self.count += 1;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str, bounds: &[f64]) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (bound, n) in bounds.iter().zip(&self.buckets) {
            cumulative += n;
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// (method, route, status) → count.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// (method, route) → latency in seconds.
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
    batches: Mutex<Histogram>,
    queue_depth: AtomicU64,
    rejected: AtomicU64,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let key = (method.to_owned(), route.to_owned());
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((key.0.clone(), key.1.clone(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            latency
                .entry(key)
                .or_default()
                .observe(&LATENCY_BUCKETS, elapsed.as_secs_f64());
        }
    }

    /// One batch the models read: the sentences of an upload, or the reports of a request.
    pub fn batch(&self, sentences: usize) {
        if let Ok(mut batches) = self.batches.lock() {
            batches.observe(&BATCH_BUCKETS, sentences as f64);
        }
    }

    /// Jobs waiting for the inference worker or being worked on.
    pub fn set_queue_depth(&self, depth: usize) {
        self.queue_depth.store(depth as u64, Ordering::Relaxed);
    }

    /// A job turned away because the queue was full.
    pub fn rejected(&self) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP candor_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE candor_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "candor_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str(
            "# HELP candor_http_request_duration_seconds Time to answer, by method and route.\n",
        );
        out.push_str("# TYPE candor_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for ((method, route), histogram) in latency.iter() {
                let labels = format!("method=\"{method}\",route=\"{route}\"");
                histogram.write(
                    &mut out,
                    "candor_http_request_duration_seconds",
                    &labels,
                    &LATENCY_BUCKETS,
                );
            }
        }
        out.push_str("# HELP candor_inference_queue_depth Analyses waiting for or in the inference worker.\n");
        out.push_str("# TYPE candor_inference_queue_depth gauge\n");
        let _ = writeln!(
            out,
            "candor_inference_queue_depth {}",
            self.queue_depth.load(Ordering::Relaxed)
        );
        out.push_str("# HELP candor_inference_rejected_total Analyses refused with 503 because the queue was full.\n");
        out.push_str("# TYPE candor_inference_rejected_total counter\n");
        let _ = writeln!(
            out,
            "candor_inference_rejected_total {}",
            self.rejected.load(Ordering::Relaxed)
        );
        out.push_str("# HELP candor_inference_batch_sentences Texts the models read per job: an upload's sentences, a request's reports.\n");
        out.push_str("# TYPE candor_inference_batch_sentences histogram\n");
        if let Ok(batches) = self.batches.lock() {
            let mut batches = batches.clone();
            if batches.buckets.is_empty() {
                batches.buckets = vec![0; BATCH_BUCKETS.len()];
            }
            batches.write(
                &mut out,
                "candor_inference_batch_sentences",
                "",
                &BATCH_BUCKETS,
            );
        }
        out
    }
}

/// Middleware: counts and times every request under its route pattern
/// (`/v1/conversations/{id}`, not the id), so the series stay few.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let response = next.run(request).await;
    state.metrics.record(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_end_with_inf() {
        let metrics = Metrics::default();
        metrics.record("GET", "/healthz", 200, Duration::from_millis(3));
        metrics.record("GET", "/healthz", 200, Duration::from_millis(30));
        metrics.record("GET", "/healthz", 404, Duration::from_secs(20));
        let text = metrics.render();
        assert!(text.contains(
            "candor_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "candor_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "candor_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.05\"} 2"
        ));
        assert!(text.contains(
            "candor_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"} 3"
        ));
    }

    #[test]
    fn queue_and_batches_are_exposed_before_any_work() {
        let metrics = Metrics::default();
        let text = metrics.render();
        assert!(text.contains("candor_inference_queue_depth 0"));
        assert!(text.contains("candor_inference_batch_sentences_count 0"));
        metrics.batch(20);
        metrics.set_queue_depth(3);
        let text = metrics.render();
        assert!(text.contains("candor_inference_batch_sentences_bucket{le=\"32\"} 1"));
        assert!(text.contains("candor_inference_queue_depth 3"));
    }
}
