//! The pages under `/ui` in a real browser: Debian's headless Chromium against a
//! `candor serve` on loopback. The token link must leave a cookie that carries on to
//! the page it redirects to; the coaching page must hold its timeline, dimensions and
//! quotes whose `#turn-N` links land in the transcript; a screenshot is kept in
//! `target/screenshots/` for people to look at. Chromium comes from
//! `scripts/install-browser.sh` (`make browser`); without it these tests fail.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::server::{Server, answer, bearer};
use super::support::{fixture, root};

/// How long one Chromium run may take before it is killed.
const CHROMIUM_TIMEOUT: Duration = Duration::from_mins(1);

/// Two conversations, one per language, with the speakers the transcripts name.
const ZH: Upload = Upload {
    file: "conversations/teams_zh_coaching.vtt",
    manager: "张伟",
    employee: "李娜",
    date: "2026-07-01",
};
const EN: Upload = Upload {
    file: "conversations/zoom_en_oneonone.vtt",
    manager: "Rachel Okafor",
    employee: "Tom Brennan",
    date: "2026-07-02",
};

struct Upload {
    file: &'static str,
    manager: &'static str,
    employee: &'static str,
    date: &'static str,
}

/// Files `upload` through the API; its id and detected language.
fn upload(server: &Server, token: &str, upload: &Upload) -> (i64, String) {
    let bytes = std::fs::read(fixture(upload.file)).expect("the fixture reads");
    let (status, body) = answer(
        ureq::post(&server.url("/v1/conversations"))
            .set("Authorization", &bearer(token))
            .query("manager", upload.manager)
            .query("employee", upload.employee)
            .query("kind", "coaching")
            .query("date", upload.date)
            .send_bytes(&bytes),
    );
    assert_eq!(status, 201, "upload of {}: {body}", upload.file);
    let id = body["id"].as_i64().expect("an id");
    let language = body["language"].as_str().expect("a language").to_owned();
    (id, language)
}

/// The Chromium to drive: `CANDOR_CHROMIUM`, else `chromium` or `chromium-browser`
/// on PATH. Missing, the test fails and says how to install it.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CANDOR_CHROMIUM") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "CANDOR_CHROMIUM={} is not a file; unset it or point it at a Chromium binary",
            path.display()
        );
        return path;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found (CANDOR_CHROMIUM unset, neither chromium nor chromium-browser on PATH); \
         run `bash scripts/install-browser.sh` (or `make browser`) to install Debian's chromium"
    );
}

/// Runs headless Chromium on `url` with `args`, in a fresh profile, killed after
/// [`CHROMIUM_TIMEOUT`]; what it wrote on stdout.
fn run_chromium(url: &str, args: &[&str]) -> String {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("a temp dir");
    let profile = dir.path().join("profile");
    let stdout_path = dir.path().join("stdout");
    let stderr_path = dir.path().join("stderr");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).expect("a stdout file"))
        .stderr(File::create(&stderr_path).expect("a stderr file"))
        // Its own process group, so a hung browser is killed with its helpers.
        .process_group(0)
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + CHROMIUM_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium can be waited on") {
            break status;
        }
        if Instant::now() > deadline {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium on {url} did not finish within {} s and was killed; stderr:\n{}",
                CHROMIUM_TIMEOUT.as_secs(),
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "chromium on {url} failed ({status}); stderr:\n{}",
        std::fs::read_to_string(&stderr_path).unwrap_or_default()
    );
    std::fs::read_to_string(&stdout_path).expect("chromium's stdout reads")
}

/// The DOM Chromium builds from `url` after scripts and redirects.
pub(super) fn dump_dom(url: &str) -> String {
    run_chromium(url, &["--dump-dom"])
}

/// Every value of `attribute="prefix…"` in `html`, without the prefix.
pub(super) fn attribute_values<'a>(html: &'a str, attribute: &str, prefix: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"{prefix}");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The `<section id="…">` of `html`, up to its closing tag.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id} in the page"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |end| start + end);
    &html[start..end]
}

/// A server with the two conversations filed by an admin; their ids by language.
fn server_with_conversations() -> (Server, String, Vec<(i64, String)>) {
    let server = Server::start(&[]);
    let token = server.token("admin", None);
    let zh = upload(&server, &token, &ZH);
    let en = upload(&server, &token, &EN);
    assert_eq!(zh.1, "zh", "{} is detected as Chinese", ZH.file);
    assert_eq!(en.1, "en", "{} is detected as English", EN.file);
    (server, token, vec![zh, en])
}

#[test]
fn token_link_sets_a_cookie_that_carries_to_the_list() {
    let (server, token, conversations) = server_with_conversations();

    // Without following it: the token link answers a redirect that cleans the
    // address and sets an HttpOnly cookie.
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let response = agent
        .get(&server.url("/ui/conversations"))
        .query("token", &token)
        .call()
        .expect("the token link answers");
    assert!(
        (300..400).contains(&response.status()),
        "a redirect, not {}",
        response.status()
    );
    assert_eq!(response.header("location"), Some("/ui/conversations"));
    let cookie = response.header("set-cookie").expect("a cookie is set");
    assert!(cookie.contains("HttpOnly"), "{cookie}");

    // In the browser, one run follows the redirect with the cookie it was given.
    let dom = dump_dom(&format!(
        "{}?token={token}",
        server.url("/ui/conversations")
    ));
    assert!(dom.contains("<table id=\"conversations\""), "{dom}");
    let tbody = dom
        .split_once("<tbody>")
        .and_then(|(_, rest)| rest.split_once("</tbody>"))
        .map(|(rows, _)| rows)
        .expect("the table has a body");
    assert_eq!(tbody.matches("<tr>").count(), 2, "two rows: {tbody}");
    let mut links: Vec<&str> = tbody
        .match_indices("<a class=\"coaching\" href=\"")
        .filter_map(|(at, m)| {
            let rest = &tbody[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect();
    links.sort_unstable();
    let mut expected: Vec<String> = conversations
        .iter()
        .map(|(id, _)| format!("/ui/conversations/{id}/coaching"))
        .collect();
    expected.sort();
    assert_eq!(links, expected);
}

#[test]
fn coaching_page_links_quotes_to_the_transcript_and_screenshots() {
    let (server, token, conversations) = server_with_conversations();
    for (id, language) in &conversations {
        let url = format!(
            "{}?token={token}",
            server.url(&format!("/ui/conversations/{id}/coaching"))
        );
        let dom = dump_dom(&url);
        assert!(
            dom.contains(&format!("<html lang=\"{language}\"")),
            "the page's lang is {language}: {}",
            &dom[..dom.len().min(300)]
        );

        let timeline = section(&dom, "timeline");
        assert!(timeline.contains("<svg"), "an inline SVG timeline");
        assert!(timeline.contains("<rect"), "the timeline draws turns");

        let dimensions = section(&dom, "dimensions");
        for name in ["questioning", "listening", "affirmation", "summarising"] {
            assert!(
                dimensions.contains(&format!("id=\"dimension-{name}\"")),
                "dimension {name} on the page"
            );
        }
        assert!(
            dimensions.contains("<ul class=\"quotes\">"),
            "the dimensions quote the transcript"
        );

        let targets = attribute_values(&dom, "href", "#turn-");
        assert!(
            targets.len() >= 3,
            "quotes link to turns: {} links",
            targets.len()
        );
        let transcript = section(&dom, "transcript");
        for turn in &targets {
            assert!(
                transcript.contains(&format!("id=\"turn-{turn}\"")),
                "link #turn-{turn} has no turn in the transcript of conversation {id}"
            );
        }

        if language == "zh" {
            let folder = root().join("target").join("screenshots");
            std::fs::create_dir_all(&folder).expect("the screenshots folder");
            let png = folder.join("coaching_zh.png");
            let _ = std::fs::remove_file(&png);
            screenshot(&url, &png);
        }
    }
}

/// Takes a 1280×2000 screenshot of `url` into `png` and checks it is a real image.
pub(super) fn screenshot(url: &str, png: &Path) {
    run_chromium(
        url,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
        ],
    );
    let bytes = std::fs::read(png).unwrap_or_else(|err| panic!("{}: {err}", png.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is a PNG",
        png.display()
    );
    assert!(
        bytes.len() > 20 * 1024,
        "{} is only {} bytes; the page did not render",
        png.display(),
        bytes.len()
    );
}

#[test]
fn page_without_a_token_is_an_html_401() {
    let (server, _token, conversations) = server_with_conversations();
    let coaching = format!("/ui/conversations/{}/coaching", conversations[0].0);
    for path in ["/ui/conversations", coaching.as_str()] {
        let url = server.url(path);
        let response = match ureq::get(&url).call() {
            Err(ureq::Error::Status(_, response)) => response,
            Ok(response) => panic!("{path} answered {} without a token", response.status()),
            Err(err) => panic!("no HTTP answer from {path}: {err}"),
        };
        assert_eq!(response.status(), 401, "{path}");
        let content_type = response.header("content-type").unwrap_or("").to_owned();
        assert!(
            content_type.starts_with("text/html"),
            "{path} answers HTML, not {content_type}"
        );
        let body = response.into_string().expect("a body");
        assert!(
            serde_json::from_str::<Value>(&body).is_err(),
            "{path} is a page, not JSON"
        );

        let dom = dump_dom(&url);
        assert!(dom.contains("<h1>401"), "the browser shows the 401: {dom}");
        assert!(dom.contains("id=\"error\""), "with the reason: {dom}");
        assert!(!dom.contains("<table id=\"conversations\""), "{dom}");
    }
}
