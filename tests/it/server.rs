//! A real `candor serve` on a free loopback port, with its own database in a temp
//! folder, for the tests that go through HTTP. Dropping it kills the server.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::support::root;

pub struct Server {
    child: Child,
    pub base: String,
    pub db: PathBuf,
    /// Holds the database's folder until the server is dropped.
    dir: tempfile::TempDir,
}

/// A free port on loopback (the OS picks it; it is released before the server binds).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Server {
    /// Starts a server without the models (fast, deterministic measures).
    pub fn start(extra: &[&str]) -> Server {
        Server::start_with(extra, false)
    }

    /// Starts a server; `models` loads the real encoder and heads.
    pub fn start_with(extra: &[&str], models: bool) -> Server {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("candor.db");
        Server::start_on(dir, db, extra, models)
    }

    /// A server without the models on a copy of the database at `db` (closed, with
    /// no write-ahead log left), so that tests sharing one seeded store don't write
    /// into each other's.
    pub fn start_on_copy(db: &Path, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("a temp dir");
        let copy = dir.path().join("candor.db");
        std::fs::copy(db, &copy).expect("the database copies");
        let wal = db.with_extension("db-wal");
        if wal.exists() {
            std::fs::copy(&wal, copy.with_extension("db-wal")).expect("the log copies");
        }
        Server::start_on(dir, copy, extra, false)
    }

    /// A new server on the same database, after this one was killed or stopped.
    pub fn restart(mut self, extra: &[&str]) -> Server {
        self.kill();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("a temp dir"));
        Server::start_on(dir, self.db.clone(), extra, false)
    }

    fn start_on(dir: tempfile::TempDir, db: PathBuf, extra: &[&str], models: bool) -> Server {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let mut command = Command::new(env!("CARGO_BIN_EXE_candor"));
        command
            .args([
                "serve",
                "--db",
                db.to_str().expect("UTF-8 path"),
                "--addr",
                &addr,
            ])
            .args(extra)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if !models {
            command.env("CANDOR_NO_MODELS", "true");
        }
        let child = command.spawn().expect("candor serve starts");
        let server = Server {
            child,
            base: format!("http://{addr}"),
            db,
            dir,
        };
        server.wait_ready(if models { 120 } else { 30 });
        server
    }

    fn wait_ready(&self, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            if ureq::get(&self.url("/healthz")).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("candor serve did not answer /healthz within {seconds} s");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `candor tokens create` on this server's database; the secret.
    pub fn token(&self, role: &str, person: Option<&str>) -> String {
        token_for(&self.db, role, person)
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for a clean exit; whether it exited cleanly.
    #[cfg(unix)]
    pub fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        sent.is_ok() && self.child.wait().is_ok_and(|s| s.success())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn token_for(db: &Path, role: &str, person: Option<&str>) -> String {
    let mut args = vec![
        "tokens",
        "create",
        "--db",
        db.to_str().expect("UTF-8 path"),
        "--role",
        role,
    ];
    if let Some(person) = person {
        args.extend(["--person", person]);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(&args)
        .output()
        .expect("candor tokens runs");
    assert!(
        output.status.success(),
        "tokens create failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .last()
        .expect("the secret is the last line")
        .trim()
        .to_owned()
}

/// A response's status and body as JSON (or a string for other bodies), whatever
/// the status: ureq reports 4xx and 5xx as errors, which tests want to look at.
pub fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    let response = match result {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(err) => panic!("no HTTP answer: {err}"),
    };
    let status = response.status();
    let text = response.into_string().expect("a readable body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

/// `Authorization: Bearer …` for `token`.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}
