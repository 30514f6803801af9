//! Delivering alerts to a webhook (`candor serve --webhook URL`, issue 6): each alert
//! the store has not delivered is POSTed as JSON to the configured URL,
//! `{"schema": "candor.alert/1", "alert": {…}}`, the alert in the shape of
//! `GET /v1/alerts` ([`Alert`]'s serialisation). A 2xx answer delivers it; anything
//! else is a failed attempt, recorded in the store with its reason and retried with
//! exponential backoff ([`WebhookConfig::first_backoff`], doubling, at most
//! [`MAX_BACKOFF`]) until [`WebhookConfig::max_attempts`] attempts, across passes and
//! restarts. Delivery is at least once: a receiver should de-duplicate by the
//! alert's `id`.
//!
//! Plain HTTP/1.1 only, written by hand over a tokio socket (one request per
//! connection, `Connection: close`): https needs TLS, which this build does not
//! link, and a hand-written POST needs no HTTP client crate. A receiver elsewhere
//! sits behind a local relay or reverse proxy that speaks https onwards.
//!
//! When the receiver cannot be reached (refused, or no answer within the timeout),
//! the rest of the pass waits for the next one, so a dead receiver costs one timeout
//! per pass rather than one per alert.

use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::store::{Alert, AlertId, Store};

/// The `schema` of every body POSTed.
pub const SCHEMA: &str = "candor.alert/1";

/// Attempts per alert before giving up: eight, which with the default backoff keeps
/// trying for about an hour (30 s, 1, 2, 4, 8, 16, 32 min), long enough to ride out a
/// receiver's restart or deploy.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// Wait before the first retry; each further retry waits twice as long.
pub const DEFAULT_FIRST_BACKOFF: Duration = Duration::from_secs(30);

/// Longest a receiver may take to accept the connection and answer: ten seconds, far
/// more than a healthy hook needs, short enough that a hung one does not hold alerts.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest wait between two attempts, whatever the doubling says.
pub const MAX_BACKOFF: Duration = Duration::from_hours(1);

/// How often the deliverer looks for undelivered alerts without being notified
/// (alerts recorded by another process, such as the CLI).
pub const POLL_PERIOD: Duration = Duration::from_mins(1);

/// Most bytes of the answer read while looking for its status line.
const MAX_STATUS_BYTES: usize = 8 * 1024;

/// Where and how to deliver alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookConfig {
    /// An `http://host[:port][/path]` URL.
    pub url: String,
    /// Attempts per alert, the successful one included, before giving up.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each one after.
    pub first_backoff: Duration,
    /// The limit on one attempt: connecting, sending and reading the status line.
    pub timeout: Duration,
}

impl WebhookConfig {
    /// The defaults for `url`, once it is a URL this module can POST to.
    pub fn new(url: &str) -> Result<WebhookConfig, WebhookError> {
        Endpoint::parse(url)?;
        Ok(WebhookConfig {
            url: url.trim().to_owned(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            first_backoff: DEFAULT_FIRST_BACKOFF,
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// The wait after `attempts` failed attempts before the next one.
    fn backoff(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        self.first_backoff
            .saturating_mul(1 << doublings)
            .min(MAX_BACKOFF)
    }
}

impl FromStr for WebhookConfig {
    type Err = WebhookError;
    /// For clap: `--webhook http://127.0.0.1:9000/hooks/candor`.
    fn from_str(url: &str) -> Result<Self, Self::Err> {
        WebhookConfig::new(url)
    }
}

/// A webhook URL this module cannot POST to, and what to give instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error(
        "the webhook URL {url} is https, but this build of Candor has no TLS; give an http:// URL (a relay or reverse proxy on this machine can forward it over https)"
    )]
    Https { url: String },
    #[error(
        "the webhook URL {url} must start with http://, as in http://127.0.0.1:9000/hooks/candor"
    )]
    Scheme { url: String },
    #[error("the webhook URL {url} has no host; write it like http://127.0.0.1:9000/hooks/candor")]
    NoHost { url: String },
    #[error("the webhook URL {url} has a port that is not a number from 1 to 65535")]
    BadPort { url: String },
    #[error(
        "the webhook URL {url} contains a user name or password, which Candor does not send; put a secret in the path instead"
    )]
    Credentials { url: String },
    #[error("the webhook URL {url:?} contains a space or a control character; encode it")]
    BadCharacter { url: String },
}

/// The parts of an `http://` URL a request needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Endpoint {
    /// To connect to: a name or an address, IPv6 without its brackets.
    host: String,
    port: u16,
    /// The `Host` header: the authority as written.
    authority: String,
    /// The request target: path and query, `/` when the URL has none.
    target: String,
}

impl Endpoint {
    fn parse(raw: &str) -> Result<Endpoint, WebhookError> {
        let url = raw.trim();
        let owned = || url.to_owned();
        if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebhookError::BadCharacter { url: owned() });
        }
        let scheme_end = url.find("://").map_or(0, |i| i + 3);
        let scheme = url[..scheme_end].to_ascii_lowercase();
        if scheme == "https://" {
            return Err(WebhookError::Https { url: owned() });
        }
        if scheme != "http://" {
            return Err(WebhookError::Scheme { url: owned() });
        }
        let rest = &url[scheme_end..];
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (authority, target) = match rest.find(['/', '?']) {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(WebhookError::Credentials { url: owned() });
        }
        let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| WebhookError::NoHost { url: owned() })?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(WebhookError::NoHost { url: owned() });
        }
        let port = match port {
            None => 80,
            Some(port) => port
                .parse::<u16>()
                .ok()
                .filter(|&p| p != 0 && port.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| WebhookError::BadPort { url: owned() })?,
        };
        let target = if target.starts_with('/') {
            target.to_owned()
        } else {
            format!("/{target}")
        };
        Ok(Endpoint {
            host: host.to_owned(),
            port,
            authority: authority.to_owned(),
            target,
        })
    }
}

/// What one pass over the undelivered alerts did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Taken by the receiver (a 2xx answer).
    pub delivered: Vec<AlertId>,
    /// Failed this time, to be tried again after their backoff.
    pub failed: Vec<AlertId>,
    /// Failed for the last allowed time; they stay undelivered.
    pub given_up: Vec<AlertId>,
    /// Not tried this pass: their backoff has not passed, or the receiver was
    /// unreachable earlier in the pass.
    pub waiting: usize,
    /// When the earliest waiting or failed alert is due again.
    pub next_attempt_in: Option<Duration>,
    /// Why the pass could not run or finish (the store failed, the URL is bad).
    pub problem: Option<String>,
}

impl DeliveryReport {
    fn due_in(&mut self, wait: Duration) {
        self.next_attempt_in = Some(self.next_attempt_in.map_or(wait, |w| w.min(wait)));
    }
}

/// The body POSTed for one alert.
#[derive(Serialize)]
struct Body<'a> {
    schema: &'static str,
    alert: &'a Alert,
}

/// POSTs each undelivered alert whose backoff has passed, once, and records the
/// outcome in the store; see the module documentation for the retry rules.
pub async fn deliver_pending(store: &Store, config: &WebhookConfig) -> DeliveryReport {
    let mut report = DeliveryReport::default();
    let endpoint = match Endpoint::parse(&config.url) {
        Ok(endpoint) => endpoint,
        Err(err) => {
            report.problem = Some(err.to_string());
            return report;
        }
    };
    let pending = match store.undelivered_alerts(config.max_attempts).await {
        Ok(pending) => pending,
        Err(err) => {
            report.problem = Some(format!("reading the undelivered alerts: {err}"));
            return report;
        }
    };
    let now = DateTime::<Utc>::from(SystemTime::now());
    let mut unreachable = false;
    for alert in pending {
        if let Some(wait) = wait_before_retry(&alert, config, now) {
            report.waiting += 1;
            report.due_in(wait);
            continue;
        }
        if unreachable {
            report.waiting += 1;
            continue;
        }
        let outcome = match serde_json::to_vec(&Body {
            schema: SCHEMA,
            alert: &alert,
        }) {
            Ok(body) => post(&endpoint, &body, config.timeout).await,
            Err(err) => Err(Failure::Rejected(format!(
                "the alert could not be written as JSON: {err}"
            ))),
        };
        match outcome {
            Ok(()) => match store.mark_alert_delivered(alert.id).await {
                Ok(()) => report.delivered.push(alert.id),
                Err(err) => {
                    report.problem = Some(format!("recording alert {} delivered: {err}", alert.id));
                    return report;
                }
            },
            Err(failure) => {
                unreachable |= matches!(failure, Failure::Unreachable(_));
                let attempts = match store
                    .record_delivery_failure(alert.id, &failure.to_string())
                    .await
                {
                    Ok(attempts) => attempts,
                    Err(err) => {
                        report.problem = Some(format!(
                            "recording a failed delivery of alert {}: {err}",
                            alert.id
                        ));
                        return report;
                    }
                };
                if attempts >= config.max_attempts {
                    report.given_up.push(alert.id);
                } else {
                    report.failed.push(alert.id);
                    report.due_in(config.backoff(attempts));
                }
            }
        }
    }
    if unreachable && report.waiting > 0 {
        report.due_in(config.first_backoff);
    }
    report
}

/// How long `alert` must still wait before its next attempt, if at all.
fn wait_before_retry(
    alert: &Alert,
    config: &WebhookConfig,
    now: DateTime<Utc>,
) -> Option<Duration> {
    if alert.delivery_attempts == 0 {
        return None;
    }
    let backoff = config.backoff(alert.delivery_attempts);
    let last = alert.last_attempt?;
    let due = last + TimeDelta::from_std(backoff).unwrap_or(TimeDelta::MAX);
    let left = (due - now).to_std().ok()?;
    // A clock set back never makes an alert wait longer than its backoff.
    Some(left.min(backoff)).filter(|left| !left.is_zero())
}

/// Runs [`deliver_pending`] at start, whenever `notify` is notified (the API does so
/// after recording new alerts), when a retry falls due, and every [`POLL_PERIOD`],
/// until `shutdown` resolves. Shutting down may cut a POST short; that alert is sent
/// again by the next run (at least once). Problems are written to stderr.
pub fn spawn_deliverer(
    store: Store,
    config: WebhookConfig,
    notify: Arc<Notify>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::pin!(shutdown);
        loop {
            let report = tokio::select! {
                biased;
                () = &mut shutdown => break,
                report = deliver_pending(&store, &config) => report,
            };
            if let Some(problem) = &report.problem {
                eprintln!("warning: webhook delivery: {problem}");
            }
            for id in &report.given_up {
                eprintln!(
                    "warning: gave up delivering alert {id} to the webhook after {} attempts; see its last error in the store",
                    config.max_attempts
                );
            }
            let wait = report
                .next_attempt_in
                .map_or(POLL_PERIOD, |due| due.min(POLL_PERIOD));
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                () = notify.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    })
}

/// Why one POST did not deliver.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Failure {
    /// No connection, or no answer in time: the receiver is down or hung.
    #[error("{0}")]
    Unreachable(String),
    /// The receiver answered, but not with a 2xx.
    #[error("{0}")]
    Rejected(String),
}

/// One POST of `body` to `endpoint`, under `timeout` from connecting to the status
/// line.
async fn post(endpoint: &Endpoint, body: &[u8], timeout: Duration) -> Result<(), Failure> {
    match tokio::time::timeout(timeout, exchange(endpoint, body)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Failure::Unreachable(format!(
            "the webhook at {} did not answer within {:.1} s",
            endpoint.authority,
            timeout.as_secs_f64()
        ))),
    }
}

async fn exchange(endpoint: &Endpoint, body: &[u8]) -> Result<(), Failure> {
    let mut stream = TcpStream::connect((endpoint.host.as_str(), endpoint.port))
        .await
        .map_err(|err| {
            Failure::Unreachable(format!(
                "could not connect to the webhook at {}: {err}",
                endpoint.authority
            ))
        })?;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: candor/{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        endpoint.target,
        endpoint.authority,
        env!("CARGO_PKG_VERSION"),
        body.len()
    );
    let sent = async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body).await?;
        stream.flush().await
    };
    sent.await.map_err(|err| {
        Failure::Unreachable(format!(
            "sending the alert to the webhook at {} failed: {err}",
            endpoint.authority
        ))
    })?;
    let status = read_status_line(&mut stream).await?;
    let mut words = status.splitn(3, ' ');
    let version = words.next().unwrap_or_default();
    let code = words.next().unwrap_or_default();
    let reason = words.next().unwrap_or_default().trim();
    if !version.starts_with("HTTP/1.")
        || code.len() != 3
        || !code.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Failure::Rejected(format!(
            "the webhook's answer is not HTTP/1.1: {:?}",
            status.chars().take(80).collect::<String>()
        )));
    }
    if code.starts_with('2') {
        return Ok(());
    }
    Err(Failure::Rejected(
        format!("the webhook answered {code} {reason}")
            .trim_end()
            .to_owned(),
    ))
}

/// The first line of the answer, without its line break.
async fn read_status_line(stream: &mut TcpStream) -> Result<String, Failure> {
    let mut buffer = Vec::with_capacity(256);
    let mut chunk = [0_u8; 512];
    loop {
        if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
            return Ok(String::from_utf8_lossy(&buffer[..end]).into_owned());
        }
        if buffer.len() > MAX_STATUS_BYTES {
            return Err(Failure::Rejected(
                "the webhook's answer has no status line".into(),
            ));
        }
        let read = stream.read(&mut chunk).await.map_err(|err| {
            Failure::Unreachable(format!("reading the webhook's answer failed: {err}"))
        })?;
        if read == 0 {
            return Err(Failure::Rejected(
                "the webhook closed the connection without answering".into(),
            ));
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use tokio::net::TcpListener;

    use super::*;
    use crate::store::{AlertEvidence, AlertKind, EvidenceSource, NewAlert, StoreLimits};

    /// What the test receiver saw: each request's head and body.
    #[derive(Debug, Default)]
    struct Seen {
        heads: Vec<String>,
        bodies: Vec<String>,
    }

    /// A receiver on 127.0.0.1 answering the statuses in `script` in turn (the last
    /// one for ever after); `None` reads the request and never answers.
    async fn receiver(script: Vec<Option<u16>>) -> (String, Arc<Mutex<Seen>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!(
            "http://{}/hooks/candor?team=rd",
            listener.local_addr().expect("addr")
        );
        let seen = Arc::new(Mutex::new(Seen::default()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            let mut held = Vec::new();
            for turn in 0.. {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let (head, body) = read_request(&mut socket).await;
                {
                    let mut seen = record.lock().expect("not poisoned");
                    seen.heads.push(head);
                    seen.bodies.push(body);
                }
                let status = script[turn.min(script.len() - 1)];
                match status {
                    Some(code) => {
                        let answer = format!(
                            "HTTP/1.1 {code} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            match code {
                                200 => "OK",
                                503 => "Service Unavailable",
                                _ => "Internal Server Error",
                            }
                        );
                        let _ = socket.write_all(answer.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    }
                    None => held.push(socket),
                }
            }
        });
        (url, seen)
    }

    /// The head and the body (by Content-Length) of one request.
    async fn read_request(socket: &mut TcpStream) -> (String, String) {
        let mut buffer = Vec::new();
        let mut chunk = [0_u8; 1024];
        loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0);
                while buffer.len() < end + 4 + length {
                    let n = socket.read(&mut chunk).await.expect("read body");
                    assert!(n > 0, "the body ended early");
                    buffer.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&buffer[end + 4..end + 4 + length]).into_owned();
                return (head, body);
            }
            let n = socket.read(&mut chunk).await.expect("read head");
            assert!(n > 0, "the head ended early");
            buffer.extend_from_slice(&chunk[..n]);
        }
    }

    async fn store_with_alerts(keys: &[&str]) -> (tempfile::TempDir, Store, Vec<Alert>) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open(dir.path().join("candor.db"), StoreLimits::default())
            .await
            .expect("store");
        let wang = store.upsert_person("王磊", None).await.expect("person").id;
        let alerts: Vec<NewAlert> = keys
            .iter()
            .map(|key| NewAlert {
                kind: AlertKind::DecliningSentiment,
                key: (*key).to_owned(),
                summary: "周报情绪从 2026-W37 到 2026-W40 连续 4 周走低".into(),
                evidence: vec![AlertEvidence {
                    source: EvidenceSource::Report,
                    week: Some("2026-W40".parse().expect("week")),
                    conversation_id: None,
                    turn_id: None,
                    action_item_id: None,
                    quote: "这周状态不太好，有点累".into(),
                }],
            })
            .collect();
        let stored = store.record_alerts(wang, &alerts).await.expect("record");
        (dir, store, stored)
    }

    fn config(url: &str, max_attempts: u32, backoff_ms: u64, timeout_ms: u64) -> WebhookConfig {
        WebhookConfig {
            max_attempts,
            first_backoff: Duration::from_millis(backoff_ms),
            timeout: Duration::from_millis(timeout_ms),
            ..WebhookConfig::new(url).expect("a valid URL")
        }
    }

    #[tokio::test]
    async fn an_alert_is_delivered_after_two_failures_with_backoff() {
        let (url, seen) = receiver(vec![Some(500), Some(500), Some(200)]).await;
        let (_dir, store, stored) = store_with_alerts(&["declining_sentiment:2026-W40"]).await;
        let id = stored[0].id;
        let config = config(&url, 5, 300, 2000);

        let first = deliver_pending(&store, &config).await;
        assert_eq!(first.failed, [id], "{first:?}");
        assert_eq!(first.next_attempt_in, Some(Duration::from_millis(300)));
        let early = deliver_pending(&store, &config).await;
        assert_eq!(
            early.waiting, 1,
            "not retried before its backoff: {early:?}"
        );
        assert!(early.failed.is_empty());

        let mut delivered = false;
        for _ in 0..20 {
            let report = deliver_pending(&store, &config).await;
            assert_eq!(report.problem, None);
            if report.delivered == [id] {
                delivered = true;
                break;
            }
            tokio::time::sleep(report.next_attempt_in.unwrap_or(Duration::from_millis(10))).await;
        }
        assert!(delivered, "delivered in the end");
        let alert = store.alert(id).await.expect("alert");
        assert!(alert.delivered.is_some());
        assert_eq!(alert.delivery_attempts, 3);
        assert_eq!(
            alert.last_delivery_error.as_deref(),
            Some("the webhook answered 500 Internal Server Error")
        );
        assert!(store.undelivered_alerts(5).await.expect("list").is_empty());
        assert_eq!(
            deliver_pending(&store, &config).await,
            DeliveryReport::default()
        );

        let seen = seen.lock().expect("not poisoned");
        assert_eq!(seen.bodies.len(), 3);
        let head = &seen.heads[0];
        assert!(
            head.starts_with("POST /hooks/candor?team=rd HTTP/1.1\r\n"),
            "{head}"
        );
        assert!(
            head.contains("\r\nContent-Type: application/json"),
            "{head}"
        );
        assert!(head.contains("\r\nConnection: close"), "{head}");
        let body: serde_json::Value = serde_json::from_str(&seen.bodies[2]).expect("JSON body");
        assert_eq!(
            body,
            serde_json::json!({"schema": "candor.alert/1", "alert": stored[0]})
        );
        assert_eq!(body["alert"]["employee"], "王磊");
        assert_eq!(body["alert"]["kind"], "declining_sentiment");
        assert_eq!(body["alert"]["evidence"][0]["week"], "2026-W40");
    }

    #[tokio::test]
    async fn a_receiver_that_always_fails_is_tried_max_attempts_times() {
        let (url, seen) = receiver(vec![Some(503)]).await;
        let (_dir, store, stored) = store_with_alerts(&["a"]).await;
        let id = stored[0].id;
        let config = config(&url, 3, 5, 2000);
        let mut given_up = Vec::new();
        for _ in 0..40 {
            let report = deliver_pending(&store, &config).await;
            given_up.extend(report.given_up);
            if store.undelivered_alerts(3).await.expect("list").is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(given_up, [id]);
        let alert = store.alert(id).await.expect("alert");
        assert_eq!(alert.delivery_attempts, 3);
        assert_eq!(alert.delivered, None);
        assert_eq!(
            alert.last_delivery_error.as_deref(),
            Some("the webhook answered 503 Service Unavailable")
        );
        let after = deliver_pending(&store, &config).await;
        assert_eq!(after, DeliveryReport::default(), "nothing left to try");
        assert_eq!(seen.lock().expect("not poisoned").bodies.len(), 3);
    }

    #[tokio::test]
    async fn a_receiver_that_never_answers_times_out_and_holds_the_rest() {
        let (url, seen) = receiver(vec![None]).await;
        let (_dir, store, stored) = store_with_alerts(&["a", "b"]).await;
        let config = config(&url, 5, 1000, 200);
        let started = std::time::Instant::now();
        let report = deliver_pending(&store, &config).await;
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(200), "{took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
        assert_eq!(report.failed, [stored[0].id]);
        assert_eq!(report.waiting, 1, "the second waits for the next pass");
        let alert = store.alert(stored[0].id).await.expect("alert");
        let error = alert.last_delivery_error.expect("an error");
        assert!(error.contains("did not answer within 0.2 s"), "{error}");
        assert_eq!(
            store
                .alert(stored[1].id)
                .await
                .expect("alert")
                .delivery_attempts,
            0
        );
        assert_eq!(seen.lock().expect("not poisoned").bodies.len(), 1);
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_recorded_failure() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/", listener.local_addr().expect("addr"));
        drop(listener);
        let (_dir, store, stored) = store_with_alerts(&["a"]).await;
        let report = deliver_pending(&store, &config(&url, 5, 1000, 2000)).await;
        assert_eq!(report.failed, [stored[0].id]);
        let error = store
            .alert(stored[0].id)
            .await
            .expect("alert")
            .last_delivery_error
            .expect("an error");
        assert!(
            error.starts_with("could not connect to the webhook at 127.0.0.1:"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_deliverer_wakes_on_notify_and_stops_on_shutdown() {
        let (url, seen) = receiver(vec![Some(200)]).await;
        let (_dir, store, _) = store_with_alerts(&[]).await;
        let notify = Arc::new(Notify::new());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = spawn_deliverer(
            store.clone(),
            config(&url, 5, 1000, 2000),
            Arc::clone(&notify),
            async {
                let _ = stopped.await;
            },
        );
        // Let the first pass find nothing, then record an alert and say so.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let wang = store.person_by_name("王磊").await.expect("person").id;
        let new = NewAlert {
            kind: AlertKind::CadenceGap,
            key: "cadence_gap:1".into(),
            summary: "已经 35 天没有面谈了".into(),
            evidence: vec![],
        };
        let recorded = store.record_alerts(wang, &[new]).await.expect("record");
        notify.notify_one();
        let mut delivered = false;
        for _ in 0..100 {
            if store
                .alert(recorded[0].id)
                .await
                .expect("alert")
                .delivered
                .is_some()
            {
                delivered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(delivered, "delivered well before the poll period");
        stop.send(()).expect("deliverer running");
        tokio::time::timeout(Duration::from_secs(2), handle)
            .await
            .expect("stops promptly")
            .expect("did not panic");
        assert_eq!(seen.lock().expect("not poisoned").bodies.len(), 1);
    }

    #[test]
    fn only_plain_http_urls_with_a_host_are_accepted() {
        let https = WebhookConfig::new("https://hooks.example.com/candor").expect_err("https");
        assert!(matches!(https, WebhookError::Https { .. }));
        assert!(https.to_string().contains("no TLS"), "{https}");
        for (url, expected) in [
            ("http://", "no host"),
            ("http:///hooks", "no host"),
            ("http://:9000/hooks", "no host"),
            ("ftp://example.com/", "must start with http://"),
            ("127.0.0.1:9000/hooks", "must start with http://"),
            ("http://user:secret@example.com/", "user name or password"),
            ("http://example.com:0/", "port"),
            ("http://example.com:70000/", "port"),
            ("http://example.com:80a/", "port"),
            ("http://exa mple.com/", "space"),
            ("", "space"),
        ] {
            let err = WebhookConfig::new(url).expect_err(url);
            assert!(err.to_string().contains(expected), "{url}: {err}");
        }
        let config: WebhookConfig = " http://127.0.0.1:9000/hooks?a=1#top "
            .parse()
            .expect("valid");
        assert_eq!(config.url, "http://127.0.0.1:9000/hooks?a=1#top");
        assert_eq!(config.max_attempts, DEFAULT_MAX_ATTEMPTS);
        assert_eq!(
            Endpoint::parse(&config.url).expect("valid"),
            Endpoint {
                host: "127.0.0.1".into(),
                port: 9000,
                authority: "127.0.0.1:9000".into(),
                target: "/hooks?a=1".into(),
            }
        );
        let v6 = Endpoint::parse("HTTP://[::1]?x=1").expect("valid");
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 80));
        assert_eq!(
            (v6.authority.as_str(), v6.target.as_str()),
            ("[::1]", "/?x=1")
        );
        let bare = Endpoint::parse("http://localhost").expect("valid");
        assert_eq!((bare.port, bare.target.as_str()), (80, "/"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let config = config("http://127.0.0.1/", 40, 1000, 1000);
        let waits: Vec<u64> = (1..=4).map(|n| config.backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8]);
        assert_eq!(config.backoff(30), MAX_BACKOFF);
        assert_eq!(config.backoff(40), MAX_BACKOFF);
    }
}
