//! The HTTP API end to end: a real `candor serve` (no models) on loopback, driven
//! through ureq. The contract of issue 5 (uploads in every transcript format, the
//! coaching report's keys and renderings), weekly reports, the auth matrix, errors
//! and limits in one JSON shape, forgetting a person, a SIGKILL in the middle of
//! uploads, SIGTERM, and `/metrics`, `/v1/openapi.json`, `/healthz`. Each test
//! starts its own server on its own temporary database.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::server::{Server, answer, bearer};
use super::support::{candor, fixture, stderr};

/// One transcript from `fixtures/conversations/` and the speakers it names.
#[derive(Debug, Clone, Copy)]
struct Upload {
    file: &'static str,
    manager: &'static str,
    employee: &'static str,
    /// The format and language the server must detect.
    format: &'static str,
    language: &'static str,
}

/// One file per format and encoding the brief names: Teams VTT, Zoom VTT, SRT,
/// plain UTF-8, plain GBK, plain UTF-16 LE.
const UPLOADS: [Upload; 6] = [
    Upload {
        file: "teams_en_review.vtt",
        manager: "Priya Raman",
        employee: "jordan.lee@contoso.com",
        format: "teams_vtt",
        language: "en",
    },
    Upload {
        file: "zoom_en_oneonone.vtt",
        manager: "Rachel Okafor",
        employee: "Tom Brennan",
        format: "zoom_vtt",
        language: "en",
    },
    Upload {
        file: "srt_zh_review.srt",
        manager: "赵经理",
        employee: "孙磊",
        format: "srt",
        language: "zh",
    },
    Upload {
        file: "plain_zh_plan.txt",
        manager: "黄丽",
        employee: "吴昊",
        format: "plain",
        language: "zh",
    },
    Upload {
        file: "plain_zh_gbk.txt",
        manager: "林芳",
        employee: "何志明",
        format: "plain",
        language: "zh",
    },
    Upload {
        file: "plain_en_utf16.txt",
        manager: "Grace Kim",
        employee: "Ben Adler",
        format: "plain",
        language: "en",
    },
];

const ZOOM: Upload = UPLOADS[1];

/// A second team for the auth matrix: Denise Carter and Luis Ortega.
const PAREN: Upload = Upload {
    file: "paren_en_feedback.vtt",
    manager: "Denise Carter",
    employee: "Luis Ortega",
    format: "webvtt",
    language: "en",
};

/// A short plain transcript (under 2000 bytes), for the server with a small body
/// limit and for many distinct uploads.
fn small_transcript(tag: &str) -> String {
    format!(
        "Alice Wong: How did the launch go this week, {tag}?\n\
         Bob Li: It went well, we shipped on Tuesday.\n\
         Alice Wong: What would you do differently next time?\n\
         Bob Li: I would start the load testing a week earlier.\n\
         Alice Wong: Good. Can you write the checklist by Friday?\n\
         Bob Li: Yes, I will send it to you by Friday.\n"
    )
}

// ---------------------------------------------------------------------------
// HTTP helpers

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build()
}

fn get(server: &Server, path: &str, token: &str) -> (u16, Value) {
    answer(
        agent()
            .get(&server.url(path))
            .set("Authorization", &bearer(token))
            .call(),
    )
}

fn delete(server: &Server, path: &str, token: &str) -> (u16, Value) {
    answer(
        agent()
            .delete(&server.url(path))
            .set("Authorization", &bearer(token))
            .call(),
    )
}

fn post(server: &Server, path: &str, token: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
    answer(
        agent()
            .post(&server.url(path))
            .set("Authorization", &bearer(token))
            .set("Content-Type", content_type)
            .send_bytes(body),
    )
}

/// `GET` returning the status, the content type and the body as text.
fn get_text(server: &Server, path: &str, token: &str) -> (u16, String, String) {
    let response = match agent()
        .get(&server.url(path))
        .set("Authorization", &bearer(token))
        .call()
    {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(err) => panic!("no HTTP answer from {path}: {err}"),
    };
    let status = response.status();
    let content_type = response.header("Content-Type").unwrap_or("").to_owned();
    (
        status,
        content_type,
        response.into_string().expect("a text body"),
    )
}

/// `POST /v1/conversations` with `bytes` between `manager` and `employee`.
fn upload_bytes(
    server: &Server,
    token: &str,
    bytes: &[u8],
    manager: &str,
    employee: &str,
) -> (u16, Value) {
    answer(
        agent()
            .post(&server.url("/v1/conversations"))
            .set("Authorization", &bearer(token))
            .set("Content-Type", "application/octet-stream")
            .query("manager", manager)
            .query("employee", employee)
            .query("kind", "review")
            .query("date", "2026-07-01")
            .send_bytes(bytes),
    )
}

fn read_fixture(file: &str) -> Vec<u8> {
    let path = fixture(&format!("conversations/{file}"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn upload(server: &Server, token: &str, up: &Upload) -> (u16, Value) {
    upload_bytes(
        server,
        token,
        &read_fixture(up.file),
        up.manager,
        up.employee,
    )
}

/// Uploads `up` and returns the new conversation's id; it must be created.
fn upload_new(server: &Server, token: &str, up: &Upload) -> i64 {
    let (status, body) = upload(server, token, up);
    assert_eq!(status, 201, "uploading {}: {body}", up.file);
    body["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("an id: {body}"))
}

/// A report as JSON for the contract's `POST /v1/reports`.
fn report(employee: &str, week: &str, text: &str) -> Vec<u8> {
    json!({"employee": employee, "week": week, "text": text})
        .to_string()
        .into_bytes()
}

/// Checks that `body` is the one error shape with `status`, and returns its message.
#[track_caller]
fn assert_error(status: u16, body: &Value, expected: u16) -> String {
    assert_eq!(status, expected, "wanted {expected}, got {status}: {body}");
    let error = &body["error"];
    assert!(
        error.is_object(),
        "a {status} must be {{\"error\": {{…}}}}: {body}"
    );
    assert_eq!(error["status"], expected, "error.status: {body}");
    assert!(
        error["code"].as_str().is_some_and(|c| !c.is_empty()),
        "error.code: {body}"
    );
    let message = error["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "error.message: {body}");
    message
}

/// The ids in `GET /v1/conversations` for `token`.
fn listed_ids(server: &Server, token: &str) -> BTreeSet<i64> {
    let (status, body) = get(server, "/v1/conversations?limit=1000", token);
    assert_eq!(status, 200, "{body}");
    body["conversations"]
        .as_array()
        .expect("a conversations array")
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

/// The names in `GET /v1/people` for `token`.
fn listed_people(server: &Server, token: &str) -> BTreeSet<String> {
    let (status, body) = get(server, "/v1/people", token);
    assert_eq!(status, 200, "{body}");
    body["people"]
        .as_array()
        .expect("a people array")
        .iter()
        .map(|p| p["name"].as_str().expect("a name").to_owned())
        .collect()
}

/// The person named `name` in `GET /v1/people`, as admin.
fn person(server: &Server, admin: &str, name: &str) -> Value {
    let (_, body) = get(server, "/v1/people", admin);
    body["people"]
        .as_array()
        .expect("a people array")
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no person {name} in {body}"))
}

fn report_weeks(server: &Server, token: &str, employee: &str) -> Vec<String> {
    let path = format!("/v1/reports?employee={}", encode(employee));
    let (status, body) = get(server, &path, token);
    assert_eq!(status, 200, "{body}");
    body["reports"]
        .as_array()
        .expect("a reports array")
        .iter()
        .map(|r| r["week"].as_str().expect("a week").to_owned())
        .collect()
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn org_csv(server: &Server, admin: &str, csv: &str) {
    let (status, body) = post(
        server,
        "/v1/people/import",
        admin,
        "text/csv",
        csv.as_bytes(),
    );
    assert_eq!(status, 200, "importing the org chart: {body}");
}

// ---------------------------------------------------------------------------
// 1. The contract

/// The keys `GET /v1/conversations/{id}/coaching` promises other tools.
#[track_caller]
fn assert_coaching_contract(report: &Value, language: &str) {
    assert_eq!(report["language"], language, "{report}");
    let share = report["manager_talk_share"]
        .as_f64()
        .unwrap_or_else(|| panic!("manager_talk_share is a number: {report}"));
    assert!((0.0..=1.0).contains(&share), "talk share {share}");
    assert!(
        report.get("praise_before_criticism").is_some(),
        "praise_before_criticism: {report}"
    );
    let mut evidence = 0;
    for name in ["questioning", "listening", "affirmation", "summarising"] {
        let dimension = &report["dimensions"][name];
        // A score, or null with the reason when the measures cannot judge it (the
        // affirmation dimension needs the models, which these servers do not load).
        match dimension["score"].as_f64() {
            Some(score) => assert!((0.0..=100.0).contains(&score), "{name} score {score}"),
            None => assert!(
                dimension["score"].is_null() && dimension["not_judged"].is_string(),
                "dimensions.{name}.score: {dimension}"
            ),
        }
        for item in dimension["evidence"]
            .as_array()
            .unwrap_or_else(|| panic!("dimensions.{name}.evidence is an array"))
        {
            assert!(item["turn_id"].is_u64(), "{name} evidence turn_id: {item}");
            assert!(item["quote"].is_string(), "{name} evidence quote: {item}");
            evidence += 1;
        }
    }
    assert!(evidence > 0, "some dimension carries evidence: {report}");
    let checklist = report["checklist"].as_array().expect("checklist array");
    assert!(!checklist.is_empty());
    for item in checklist {
        assert!(item["item"].is_string(), "checklist item: {item}");
        let status = item["status"].as_str().unwrap_or_default();
        assert!(
            ["met", "not_met", "not_visible"].contains(&status),
            "checklist status {status}"
        );
        assert!(item.get("evidence").is_some(), "checklist evidence: {item}");
    }
    for item in report["action_items"]
        .as_array()
        .expect("action_items array")
    {
        for key in ["owner", "what", "due", "specific"] {
            assert!(item.get(key).is_some(), "action item {key}: {item}");
        }
        assert!(item["specific"].is_boolean(), "{item}");
    }
    assert!(report["strengths"].is_array(), "strengths: {report}");
    assert!(report["changes"].is_array(), "changes: {report}");
}

#[test]
fn uploads_in_every_format_follow_the_contract() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    for up in &UPLOADS {
        let (status, body) = upload(&server, &admin, up);
        assert_eq!(status, 201, "{}: {body}", up.file);
        let id = body["id"].as_i64().expect("an id");
        assert_eq!(body["format"], up.format, "{}: {body}", up.file);
        assert_eq!(body["language"], up.language, "{}: {body}", up.file);

        // The same bytes again: the same record, 200.
        let (again, body) = upload(&server, &admin, up);
        assert_eq!(again, 200, "{} again: {body}", up.file);
        assert_eq!(body["id"], id, "{} again: {body}", up.file);

        // Both people exist, the manager as the employee's manager.
        let employee = person(&server, &admin, up.employee);
        assert_eq!(employee["manager"], up.manager, "{employee}");
        person(&server, &admin, up.manager);

        let (status, report) = get(&server, &format!("/v1/conversations/{id}/coaching"), &admin);
        assert_eq!(status, 200, "{}: {report}", up.file);
        assert_coaching_contract(&report, up.language);

        let (status, record) = get(&server, &format!("/v1/conversations/{id}"), &admin);
        assert_eq!(status, 200, "{record}");
        assert_eq!(record["id"], id);
    }
    assert_eq!(listed_ids(&server, &admin).len(), UPLOADS.len());
}

#[test]
fn the_coaching_report_renders_as_markdown_and_html_and_refuses_pdf() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    let id = upload_new(&server, &admin, &ZOOM);
    let path = format!("/v1/conversations/{id}/coaching");

    let (status, content_type, markdown) = get_text(&server, &format!("{path}?format=md"), &admin);
    assert_eq!(status, 200, "{markdown}");
    assert!(content_type.starts_with("text/markdown"), "{content_type}");
    assert!(markdown.trim_start().starts_with('#'), "{markdown}");
    assert!(markdown.contains("Rachel Okafor") || markdown.contains("Tom Brennan"));

    let (status, content_type, html) = get_text(&server, &format!("{path}?format=html"), &admin);
    assert_eq!(status, 200, "{html}");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("<html"), "an HTML page");
    assert!(html.contains("<svg"), "an inline SVG timeline");

    let (status, content_type, json_text) =
        get_text(&server, &format!("{path}?format=json"), &admin);
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"));
    let report: Value = serde_json::from_str(&json_text).expect("JSON");
    assert_coaching_contract(&report, "en");

    let (status, body) = get(&server, &format!("{path}?format=pdf"), &admin);
    let message = assert_error(status, &body, 400);
    assert!(message.contains("pdf"), "{message}");

    let (status, body) = get(&server, "/v1/conversations/999999/coaching", &admin);
    assert_error(status, &body, 404);
}

// ---------------------------------------------------------------------------
// 2. Weekly reports

#[test]
fn reports_come_as_json_jsonl_or_csv_and_a_bad_line_stores_nothing() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);

    // One JSON object → 201; the same again → 200 with the same id.
    let one = report(
        "Tom Brennan",
        "2026-W30",
        "Closed two renewals; the Halvorsen deal slipped.",
    );
    let (status, body) = post(&server, "/v1/reports", &admin, "application/json", &one);
    assert_eq!(status, 201, "{body}");
    let first = body["id"].clone();
    let (status, body) = post(&server, "/v1/reports", &admin, "application/json", &one);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], first);
    assert_eq!(body["created"], 0);

    // JSON Lines of several.
    let lines = [
        report(
            "Tom Brennan",
            "2026-W31",
            "Updated the CRM every day this week.",
        ),
        report("Tom Brennan", "2026-W32", "Demo for Northwind went well."),
        report("Luis Ortega", "2026-W31", "Handle time down to 6:10."),
    ]
    .map(|l| String::from_utf8(l).expect("UTF-8"))
    .join("\n");
    let (status, body) = post(
        &server,
        "/v1/reports",
        &admin,
        "application/x-ndjson",
        lines.as_bytes(),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["ids"].as_array().map(Vec::len), Some(3), "{body}");
    assert_eq!(body["created"], 3);

    // CSV with the header employee,week,text (a quoted comma in the text).
    let csv = "employee,week,text\n\
               Tom Brennan,2026-W33,\"Pipeline at 70%, two deals in legal.\"\n\
               Luis Ortega,2026-W32,Verification skipped zero times.\n";
    let (status, body) = post(
        &server,
        "/v1/reports",
        &admin,
        "text/csv; charset=utf-8",
        csv.as_bytes(),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["created"], 2);
    // Resending the same CSV: nothing new, 200.
    let (status, body) = post(&server, "/v1/reports", &admin, "text/csv", csv.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], 0);

    let tom = ["2026-W30", "2026-W31", "2026-W32", "2026-W33"];
    assert_eq!(report_weeks(&server, &admin, "Tom Brennan"), tom);
    assert_eq!(
        report_weeks(&server, &admin, "Luis Ortega"),
        ["2026-W31", "2026-W32"]
    );

    // A bad week: 400 naming the line; nothing of the batch is stored.
    let batch = format!(
        "{}\n{}\n",
        String::from_utf8(report("Tom Brennan", "2026-W40", "fine")).expect("UTF-8"),
        String::from_utf8(report("Tom Brennan", "2026-30", "bad week")).expect("UTF-8"),
    );
    let (status, body) = post(
        &server,
        "/v1/reports",
        &admin,
        "application/x-ndjson",
        batch.as_bytes(),
    );
    let message = assert_error(status, &body, 400);
    assert!(message.contains("line 2"), "names the line: {message}");
    assert!(message.contains("2026-30"), "names the value: {message}");

    // In CSV, the line counts the header and the lines of a quoted text.
    let csv = "employee,week,text\n\
               Tom Brennan,2026-W41,\"two\nlines\"\n\
               Tom Brennan,2026-30,bad\n";
    let (status, body) = post(&server, "/v1/reports", &admin, "text/csv", csv.as_bytes());
    let message = assert_error(status, &body, 400);
    assert!(message.contains("line 4"), "names the line: {message}");

    // A JSON line that is not a report.
    let (status, body) = post(
        &server,
        "/v1/reports",
        &admin,
        "application/x-ndjson",
        b"{\"employee\": \"Tom Brennan\", \"week\": \"2026-W43\", \"text\": \"ok\"}\n{\"employee\":",
    );
    let message = assert_error(status, &body, 400);
    assert!(message.contains("line 2"), "{message}");

    // A content type the endpoint does not read.
    let (status, body) = post(&server, "/v1/reports", &admin, "application/xml", b"<r/>");
    assert_error(status, &body, 415);
    assert_eq!(report_weeks(&server, &admin, "Tom Brennan"), tom);
}

/// Regression: a batch whose second line names nobody (a blank name, which the store
/// refuses) stored the first line and answered 422; the batch is now refused whole,
/// before anything is stored, with the line named.
#[test]
fn a_batch_with_a_name_the_store_refuses_stores_nothing() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    let one = report("Tom Brennan", "2026-W30", "A steady week.");
    let (status, body) = post(&server, "/v1/reports", &admin, "application/json", &one);
    assert_eq!(status, 201, "{body}");
    for bad in ["  ", &"x".repeat(300)] {
        let batch = format!(
            "{}\n{}\n",
            String::from_utf8(report("Tom Brennan", "2026-W31", "fine")).expect("UTF-8"),
            String::from_utf8(report(bad, "2026-W31", "nobody wrote this")).expect("UTF-8"),
        );
        let (status, body) = post(
            &server,
            "/v1/reports",
            &admin,
            "application/x-ndjson",
            batch.as_bytes(),
        );
        assert_eq!(
            report_weeks(&server, &admin, "Tom Brennan"),
            ["2026-W30"],
            "a refused batch stores nothing: {body}"
        );
        let message = assert_error(status, &body, 400);
        assert!(message.contains("line 2"), "names the line: {message}");
    }
}

// ---------------------------------------------------------------------------
// 3. The auth matrix

/// Two sales teams under one director, a support team, and an HR partner for
/// support; everyone in a department.
const ORG: &str = "name,manager,department\n\
                   Dana Director,,Sales\n\
                   Rachel Okafor,Dana Director,Sales\n\
                   Tom Brennan,Rachel Okafor,Sales\n\
                   Denise Carter,,Support\n\
                   Luis Ortega,Denise Carter,Support\n\
                   Hana Mori,,Support\n";

/// The org chart of [`ORG`] with a token per role, one conversation and one weekly
/// report per team, each filed by its own manager.
struct Org {
    server: Server,
    admin: String,
    rachel: String,
    denise: String,
    /// Rachel's manager: sees Tom two levels down.
    dana: String,
    hr_support: String,
    hr_all: String,
    /// The conversations of the sales team (Rachel, Tom) and support (Denise, Luis).
    sales: i64,
    support: i64,
    tom: i64,
    luis: i64,
}

impl Org {
    fn start() -> Org {
        let server = Server::start(&[]);
        let admin = server.token("admin", None);
        org_csv(&server, &admin, ORG);
        let rachel = server.token("manager", Some("Rachel Okafor"));
        let denise = server.token("manager", Some("Denise Carter"));
        let sales = upload_new(&server, &rachel, &ZOOM);
        let support = upload_new(&server, &denise, &PAREN);
        for (who, token) in [("Tom Brennan", &rachel), ("Luis Ortega", &denise)] {
            let (status, body) = post(
                &server,
                "/v1/reports",
                token,
                "application/json",
                &report(who, "2026-W30", "A steady week."),
            );
            assert_eq!(status, 201, "{who}: {body}");
        }
        let id = |name| person(&server, &admin, name)["id"].as_i64().expect("an id");
        Org {
            tom: id("Tom Brennan"),
            luis: id("Luis Ortega"),
            dana: server.token("manager", Some("Dana Director")),
            hr_support: server.token("hr", Some("Hana Mori")),
            hr_all: server.token("hr", None),
            admin,
            rachel,
            denise,
            sales,
            support,
            server,
        }
    }

    /// The paths that read a team's records: conversation, coaching (JSON and the
    /// HTML page), the employee's reports and person, the list filtered to them.
    fn team_paths(conversation: i64, employee: &str, person: i64) -> Vec<String> {
        vec![
            format!("/v1/conversations/{conversation}"),
            format!("/v1/conversations/{conversation}/coaching"),
            format!("/v1/conversations/{conversation}/coaching?format=html"),
            format!("/v1/reports?employee={}", encode(employee)),
            format!("/v1/conversations?employee={}", encode(employee)),
            format!("/v1/people/{person}"),
        ]
    }
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|&n| n.to_owned()).collect()
}

#[test]
fn unknown_or_revoked_callers_get_401() {
    let org = Org::start();
    let server = &org.server;
    let url = server.url("/v1/conversations");
    let refusals = [
        agent().get(&url).call(),
        agent()
            .get(&url)
            .set("Authorization", "Basic YWRtaW46YWRtaW4=")
            .call(),
        agent().get(&url).set("Authorization", "Bearer").call(),
        agent().get(&url).set("Authorization", "candor_abc").call(),
        agent()
            .get(&url)
            .set("Authorization", &bearer("candor_0000000000000000"))
            .call(),
        agent()
            .post(&url)
            .query("manager", ZOOM.manager)
            .query("employee", ZOOM.employee)
            .send_bytes(&read_fixture(ZOOM.file)),
    ];
    for result in refusals {
        if let Err(ureq::Error::Status(_, response)) = &result {
            assert_eq!(
                response.header("WWW-Authenticate"),
                Some("Bearer realm=\"candor\"")
            );
        }
        let (status, body) = answer(result);
        assert_error(status, &body, 401);
    }

    // A revoked token: revoked in the store beside the running server.
    let doomed = server.token("manager", Some("Rachel Okafor"));
    assert_eq!(get(server, "/v1/conversations", &doomed).0, 200);
    revoke_newest_token(&server.db);
    let (status, body) = get(server, "/v1/conversations", &doomed);
    assert_error(status, &body, 401);
    // Nothing the refused calls sent was stored.
    assert_eq!(
        listed_ids(server, &org.admin),
        BTreeSet::from([org.sales, org.support])
    );
}

#[test]
fn managers_see_their_team_and_those_below_it_and_nobody_else() {
    let org = Org::start();
    let server = &org.server;
    // Outside the team: 403 on every read, and on filing a report for them.
    for (token, conversation, employee, id) in [
        (&org.rachel, org.support, "Luis Ortega", org.luis),
        (&org.denise, org.sales, "Tom Brennan", org.tom),
        (&org.dana, org.support, "Luis Ortega", org.luis),
    ] {
        for path in Org::team_paths(conversation, employee, id) {
            let (status, body) = get(server, &path, token);
            assert_error(status, &body, 403);
        }
        let (status, body) = post(
            server,
            "/v1/reports",
            token,
            "application/json",
            &report(employee, "2026-W31", "Not mine to file."),
        );
        assert_error(status, &body, 403);
    }
    // Their own team: 200, and so for the director two levels up (skip-level).
    for token in [&org.rachel, &org.dana] {
        for path in Org::team_paths(org.sales, "Tom Brennan", org.tom) {
            let (status, body) = get(server, &path, token);
            assert_eq!(status, 200, "{path}: {body}");
        }
        assert_eq!(listed_ids(server, token), BTreeSet::from([org.sales]));
    }
    assert_eq!(
        listed_ids(server, &org.denise),
        BTreeSet::from([org.support])
    );
    assert_eq!(
        listed_people(server, &org.rachel),
        names(&["Rachel Okafor", "Tom Brennan"])
    );
    assert_eq!(
        listed_people(server, &org.dana),
        names(&["Dana Director", "Rachel Okafor", "Tom Brennan"])
    );
    assert_eq!(
        report_weeks(server, &org.dana, "Tom Brennan"),
        ["2026-W30"],
        "the refused reports were not stored"
    );
    assert_eq!(
        report_weeks(server, &org.admin, "Luis Ortega"),
        ["2026-W30"]
    );
}

#[test]
fn managers_file_conversations_only_for_their_team() {
    let org = Org::start();
    let server = &org.server;
    // As another manager, with someone else's employee, or as a stranger: 403.
    let paren = read_fixture(PAREN.file);
    for (manager, employee) in [
        (PAREN.manager, PAREN.employee),
        ("Rachel Okafor", "Luis Ortega"),
        ("Someone New", "Luis Ortega"),
        ("Dana Director", "Tom Brennan"),
    ] {
        let (status, body) = upload_bytes(server, &org.rachel, &paren, manager, employee);
        assert_error(status, &body, 403);
    }
    // A director files for a manager under them (skip-level): allowed.
    let mut zoom = read_fixture(ZOOM.file);
    zoom.push(b'\n');
    let (status, body) = upload_bytes(server, &org.dana, &zoom, ZOOM.manager, ZOOM.employee);
    assert_eq!(status, 201, "{body}");
    let skip_level = body["id"].as_i64().expect("an id");
    assert_eq!(
        listed_ids(server, &org.rachel),
        BTreeSet::from([org.sales, skip_level])
    );
    assert_eq!(
        listed_ids(server, &org.admin),
        BTreeSet::from([org.sales, skip_level, org.support])
    );
}

#[test]
fn hr_sees_its_department_or_everyone_without_one() {
    let org = Org::start();
    let server = &org.server;
    assert_eq!(
        listed_ids(server, &org.hr_support),
        BTreeSet::from([org.support])
    );
    for path in Org::team_paths(org.support, "Luis Ortega", org.luis) {
        let (status, body) = get(server, &path, &org.hr_support);
        assert_eq!(status, 200, "{path}: {body}");
    }
    for path in Org::team_paths(org.sales, "Tom Brennan", org.tom) {
        let (status, body) = get(server, &path, &org.hr_support);
        assert_error(status, &body, 403);
    }
    assert_eq!(
        listed_people(server, &org.hr_support),
        names(&["Denise Carter", "Hana Mori", "Luis Ortega"])
    );

    assert_eq!(
        listed_ids(server, &org.hr_all),
        BTreeSet::from([org.sales, org.support])
    );
    for (conversation, employee, id) in [
        (org.sales, "Tom Brennan", org.tom),
        (org.support, "Luis Ortega", org.luis),
    ] {
        for path in Org::team_paths(conversation, employee, id) {
            assert_eq!(get(server, &path, &org.hr_all).0, 200, "{path}");
        }
    }
    assert_eq!(listed_people(server, &org.hr_all).len(), 6);
}

#[test]
fn only_admin_imports_creates_or_forgets_people() {
    let org = Org::start();
    let server = &org.server;
    for token in [&org.rachel, &org.dana, &org.hr_support, &org.hr_all] {
        let (status, body) = post(
            server,
            "/v1/people/import",
            token,
            "text/csv",
            b"name,manager,department\nMallory,,Sales\n",
        );
        assert_error(status, &body, 403);
        let (status, body) = post(
            server,
            "/v1/people",
            token,
            "application/json",
            br#"{"name": "Mallory"}"#,
        );
        assert_error(status, &body, 403);
        let (status, body) = delete(server, &format!("/v1/people/{}", org.tom), token);
        assert_error(status, &body, 403);
    }
    assert!(!listed_people(server, &org.admin).contains("Mallory"));
    assert_eq!(
        listed_ids(server, &org.admin),
        BTreeSet::from([org.sales, org.support])
    );
    let (status, body) = post(
        server,
        "/v1/people",
        &org.admin,
        "application/json",
        br#"{"name": "Mallory", "manager": "Dana Director", "department": "Sales"}"#,
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["manager"], "Dana Director");
    assert!(listed_people(server, &org.dana).contains("Mallory"));
}

/// Regression: an upload's `department` (meant for a new employee) moved an existing
/// employee to another department, so a manager could take someone out of their HR
/// partner's sight, or into another department's; only admin changes the org chart.
#[test]
fn an_upload_does_not_move_an_existing_employee_to_another_department() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    org_csv(&server, &admin, ORG);
    let rachel = server.token("manager", Some("Rachel Okafor"));
    let hr_support = server.token("hr", Some("Hana Mori"));
    let (status, body) = answer(
        agent()
            .post(&server.url("/v1/conversations"))
            .set("Authorization", &bearer(&rachel))
            .query("manager", ZOOM.manager)
            .query("employee", ZOOM.employee)
            .query("department", "Support")
            .send_bytes(&read_fixture(ZOOM.file)),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        person(&server, &admin, "Tom Brennan")["department"],
        "Sales"
    );
    assert!(listed_ids(&server, &hr_support).is_empty());
    assert!(!listed_people(&server, &hr_support).contains("Tom Brennan"));
}

/// Regression: `POST /v1/people` naming a manager who does not exist created the
/// person and then answered 404; it now refuses before storing anything.
#[test]
fn creating_a_person_under_an_unknown_manager_stores_nothing() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    let (status, body) = post(
        &server,
        "/v1/people",
        &admin,
        "application/json",
        br#"{"name": "Mallory", "manager": "Nobody Known"}"#,
    );
    assert!(
        !listed_people(&server, &admin).contains("Mallory"),
        "a refused request stores nothing: {body}"
    );
    let message = assert_error(status, &body, 422);
    assert!(message.contains("Nobody Known"), "{message}");
}

/// Revokes the newest token in the database at `db`, through the store.
fn revoke_newest_token(db: &Path) {
    use candor::store::{Store, StoreLimits};
    runtime().block_on(async {
        let store = Store::open(db, StoreLimits::default())
            .await
            .expect("open the store");
        let newest = store
            .tokens()
            .await
            .expect("tokens")
            .last()
            .expect("a token")
            .id;
        store.revoke_token(newest).await.expect("revoke");
        store.close().await;
    });
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

// ---------------------------------------------------------------------------
// 4. Errors and limits

/// What the admin sees: conversations, people, and one employee's reports.
fn snapshot(server: &Server, admin: &str) -> (BTreeSet<i64>, BTreeSet<String>, Vec<String>) {
    (
        listed_ids(server, admin),
        listed_people(server, admin),
        report_weeks(server, admin, "Bob Li"),
    )
}

#[test]
fn errors_and_limits_have_one_shape_and_keep_what_was_stored() {
    let server = Server::start(&["--max-body-bytes", "2000"]);
    let admin = server.token("admin", None);
    let small = small_transcript("team");
    assert!(small.len() < 2000);
    let (status, body) = upload_bytes(&server, &admin, small.as_bytes(), "Alice Wong", "Bob Li");
    assert_eq!(status, 201, "{body}");
    let (status, body) = post(
        &server,
        "/v1/reports",
        &admin,
        "application/json",
        &report("Bob Li", "2026-W30", "Shipped the launch."),
    );
    assert_eq!(status, 201, "{body}");
    let before = snapshot(&server, &admin);
    assert_eq!(before.0.len(), 1);

    // Malformed JSON, wherever JSON is read.
    for path in ["/v1/reports", "/v1/people"] {
        let (status, body) = post(&server, path, &admin, "application/json", b"{\"name\": ");
        assert_error(status, &body, 400);
    }

    // A body over the limit.
    let big = small_transcript("x").repeat(20);
    assert!(big.len() > 2000);
    let (status, body) = upload_bytes(&server, &admin, big.as_bytes(), "Alice Wong", "Bob Li");
    assert_error(status, &body, 413);
    let (status, body) = post(
        &server,
        "/v1/people/import",
        &admin,
        "text/csv",
        big.as_bytes(),
    );
    assert_error(status, &body, 413);

    // Unknown route, wrong method.
    let (status, body) = get(&server, "/v1/nothing-here", &admin);
    assert_error(status, &body, 404);
    let (status, body) = get(&server, "/nothing", &admin);
    assert_error(status, &body, 404);
    let (status, body) = answer(
        agent()
            .put(&server.url("/v1/conversations"))
            .set("Authorization", &bearer(&admin))
            .send_bytes(b"x"),
    );
    assert_error(status, &body, 405);
    let (status, body) = delete(&server, "/v1/reports", &admin);
    assert_error(status, &body, 405);
    let (status, body) = get(&server, "/v1/conversations/not-a-number", &admin);
    assert_error(status, &body, 400);

    // An empty upload.
    let (status, body) = upload_bytes(&server, &admin, b"", "Alice Wong", "Bob Li");
    let message = assert_error(status, &body, 400);
    assert!(message.contains("empty"), "{message}");

    // Files that cannot be read: binary garbage, a speaker who does not speak, prose
    // with no speakers at all.
    let garbage: Vec<u8> = (0..1500u32).map(|i| (i * 7919 % 251) as u8).collect();
    let (status, body) = upload_bytes(&server, &admin, &garbage, "Alice Wong", "Bob Li");
    let message = assert_error(status, &body, 422);
    assert!(message.contains("binary"), "{message}");
    let (status, body) = upload_bytes(&server, &admin, small.as_bytes(), "Alice Wong", "Carol Wu");
    let message = assert_error(status, &body, 422);
    assert!(
        message.contains("Carol Wu"),
        "names the missing speaker: {message}"
    );
    let prose = std::fs::read(fixture("malformed/no_speakers.txt")).expect("fixture");
    let (status, body) = upload_bytes(&server, &admin, &prose, "Alice Wong", "Bob Li");
    let message = assert_error(status, &body, 422);
    assert!(message.contains("no speaker"), "{message}");

    // Missing or bad query fields.
    let (status, body) = answer(
        agent()
            .post(&server.url("/v1/conversations?employee=Bob%20Li"))
            .set("Authorization", &bearer(&admin))
            .send_bytes(small.as_bytes()),
    );
    let message = assert_error(status, &body, 400);
    assert!(message.contains("manager"), "{message}");
    let (status, body) = answer(
        agent()
            .post(&server.url("/v1/conversations?manager=Alice%20Wong&employee=Bob%20Li&date=July"))
            .set("Authorization", &bearer(&admin))
            .send_bytes(small.as_bytes()),
    );
    assert_error(status, &body, 400);
    let (status, body) = answer(
        agent()
            .post(
                &server.url("/v1/conversations?manager=Alice%20Wong&employee=Bob%20Li&kind=party"),
            )
            .set("Authorization", &bearer(&admin))
            .send_bytes(small.as_bytes()),
    );
    assert_error(status, &body, 400);
    let (status, body) = get(&server, "/v1/reports", &admin);
    assert_error(status, &body, 400);

    // Nothing that failed touched what was there.
    assert_eq!(snapshot(&server, &admin), before);
    let id = before.0.iter().next().expect("one conversation");
    let (status, report) = get(&server, &format!("/v1/conversations/{id}/coaching"), &admin);
    assert_eq!(status, 200, "{report}");
}

// ---------------------------------------------------------------------------
// 5. Forgetting a person

#[test]
fn forgetting_a_person_removes_their_data_and_keeps_everyone_elses() {
    let mut server = Server::start(&[]);
    let admin = server.token("admin", None);
    let tom_conversation = upload_new(&server, &admin, &ZOOM);
    let luis_conversation = upload_new(&server, &admin, &PAREN);
    for who in ["Tom Brennan", "Luis Ortega"] {
        let (status, body) = post(
            &server,
            "/v1/reports",
            &admin,
            "application/json",
            &report(who, "2026-W30", "A week of work."),
        );
        assert_eq!(status, 201, "{body}");
    }
    let tom_token = server.token("manager", Some("Tom Brennan"));
    assert_eq!(get(&server, "/v1/people", &tom_token).0, 200);

    let tom = person(&server, &admin, "Tom Brennan")["id"].clone();
    let (status, counts) = delete(&server, &format!("/v1/people/{tom}"), &admin);
    assert_eq!(status, 200, "{counts}");
    assert_eq!(counts["people"], 1, "{counts}");
    assert_eq!(counts["conversations_deleted"], 1, "{counts}");
    assert_eq!(counts["reports_deleted"], 1, "{counts}");
    assert_eq!(counts["tokens_deleted"], 1, "{counts}");

    assert_eq!(
        listed_ids(&server, &admin),
        BTreeSet::from([luis_conversation])
    );
    let (status, body) = get(
        &server,
        &format!("/v1/conversations/{tom_conversation}/coaching"),
        &admin,
    );
    assert_error(status, &body, 404);
    let (status, body) = get(&server, "/v1/reports?employee=Tom%20Brennan", &admin);
    assert_error(status, &body, 404);
    let (status, body) = get(&server, &format!("/v1/people/{tom}"), &admin);
    assert_error(status, &body, 404);
    assert!(!listed_people(&server, &admin).contains("Tom Brennan"));
    // Their token went with them.
    let (status, body) = get(&server, "/v1/people", &tom_token);
    assert_error(status, &body, 401);
    // Forgetting them twice: 404.
    let (status, body) = delete(&server, &format!("/v1/people/{tom}"), &admin);
    assert_error(status, &body, 404);

    // Everyone else's data is all there.
    assert_eq!(report_weeks(&server, &admin, "Luis Ortega"), ["2026-W30"]);
    let (status, report) = get(
        &server,
        &format!("/v1/conversations/{luis_conversation}/coaching"),
        &admin,
    );
    assert_eq!(status, 200);
    assert_coaching_contract(&report, "en");
    assert!(listed_people(&server, &admin).contains("Rachel Okafor"));

    // `candor forget` on the stopped server's database.
    server.kill();
    let db = server.db.to_str().expect("UTF-8 path").to_owned();
    let output = candor(&["forget", "--db", &db, "--person", "Luis Ortega"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let counts: Value = serde_json::from_slice(&output.stdout).expect("the counts as JSON");
    assert_eq!(counts["conversations_deleted"], 1, "{counts}");
    assert_eq!(counts["reports_deleted"], 1, "{counts}");
    let server = server.restart(&[]);
    assert!(listed_ids(&server, &admin).is_empty());
    let (status, body) = get(
        &server,
        &format!("/v1/conversations/{luis_conversation}/coaching"),
        &admin,
    );
    assert_error(status, &body, 404);
    let people = listed_people(&server, &admin);
    assert!(!people.contains("Luis Ortega"), "{people:?}");
    assert!(people.contains("Denise Carter") && people.contains("Rachel Okafor"));
}

// ---------------------------------------------------------------------------
// 6. A crash in the middle of uploads

#[test]
fn a_sigkill_during_uploads_leaves_only_whole_records() {
    let mut server = Server::start(&[]);
    let admin = server.token("admin", None);
    let stop = Arc::new(AtomicBool::new(false));
    // Every body each thread sent, and the ids the server confirmed.
    let sent: Arc<Mutex<Vec<String>>> = Arc::default();
    let confirmed: Arc<Mutex<BTreeSet<i64>>> = Arc::default();
    let workers: Vec<_> = (0..4)
        .map(|t| {
            let (stop, sent, confirmed) = (stop.clone(), sent.clone(), confirmed.clone());
            let (url, admin) = (server.url("/v1/conversations"), admin.clone());
            thread::spawn(move || {
                let agent = agent();
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let body = small_transcript(&format!("thread {t} round {i}"));
                    sent.lock().expect("lock").push(body.clone());
                    let result = agent
                        .post(&url)
                        .set("Authorization", &bearer(&admin))
                        .query("manager", "Alice Wong")
                        .query("employee", "Bob Li")
                        .send_bytes(body.as_bytes());
                    match result {
                        Ok(response) => {
                            let value: Value = response.into_json().expect("JSON");
                            let id = value["id"].as_i64().expect("an id");
                            confirmed.lock().expect("lock").insert(id);
                        }
                        // The server is gone: this upload was in flight.
                        Err(ureq::Error::Transport(_)) => break,
                        Err(err) => panic!("upload refused: {err}"),
                    }
                }
            })
        })
        .collect();
    // Let uploads flow, then kill the server under them.
    let started = Instant::now();
    while confirmed.lock().expect("lock").len() < 8 && started.elapsed() < Duration::from_secs(20) {
        thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.join().expect("the upload thread finishes");
    }
    let confirmed = confirmed.lock().expect("lock").clone();
    assert!(confirmed.len() >= 8, "uploads went through before the kill");

    let server = server.restart(&[]);
    assert_eq!(integrity_check(&server.db), "ok");
    let listed = listed_ids(&server, &admin);
    assert!(
        confirmed.is_subset(&listed),
        "every confirmed upload survives: {confirmed:?} ⊄ {listed:?}"
    );
    for id in &listed {
        let (status, report) = get(&server, &format!("/v1/conversations/{id}/coaching"), &admin);
        assert_eq!(
            status, 200,
            "conversation {id} has its coaching report: {report}"
        );
        assert_coaching_contract(&report, "en");
    }

    // Everything sent again completes: 200 when it had been stored, 201 when not.
    let sent = sent.lock().expect("lock").clone();
    let mut after = BTreeSet::new();
    for body in &sent {
        let (status, value) =
            upload_bytes(&server, &admin, body.as_bytes(), "Alice Wong", "Bob Li");
        assert!(status == 200 || status == 201, "{status}: {value}");
        let id = value["id"].as_i64().expect("an id");
        assert_eq!(status == 200, listed.contains(&id), "{status} for {id}");
        after.insert(id);
    }
    assert_eq!(after.len(), sent.len(), "one record per distinct upload");
    assert!(listed.is_subset(&after));
}

/// `PRAGMA integrity_check` on the database at `db`, beside the running server.
fn integrity_check(db: &Path) -> String {
    use sqlx::Connection;
    runtime().block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("open the database");
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .expect("integrity_check runs");
        conn.close().await.expect("close");
        result
    })
}

// ---------------------------------------------------------------------------
// 7. Graceful shutdown

#[cfg(unix)]
#[test]
fn sigterm_finishes_the_upload_in_flight_and_exits_cleanly() {
    let mut server = Server::start(&[]);
    let admin = server.token("admin", None);
    let first = upload_new(&server, &admin, &ZOOM);
    // The 90-minute transcript keeps the inference worker busy for a while; SIGTERM
    // goes out once the metrics show its analysis under way. Each try sends other
    // bytes (one more trailing newline), in case the analysis ended before it was seen.
    let long = std::fs::read(fixture("long/teams_zh_annual_review_90min.vtt")).expect("fixture");
    let mut in_flight = None;
    for extra in 0..5 {
        let mut bytes = long.clone();
        bytes.extend(std::iter::repeat_n(b'\n', extra));
        let (url, token) = (server.url("/v1/conversations"), admin.clone());
        let upload = thread::spawn(move || {
            answer(
                agent()
                    .post(&url)
                    .set("Authorization", &bearer(&token))
                    .query("manager", "周建国")
                    .query("employee", "林晓雯")
                    .send_bytes(&bytes),
            )
        });
        let mut seen = false;
        while !seen && !upload.is_finished() {
            let (_, _, metrics) = get_text(&server, "/metrics", &admin);
            seen = metrics.contains("candor_inference_queue_depth 1\n");
            if !seen {
                thread::sleep(Duration::from_millis(2));
            }
        }
        if seen {
            in_flight = Some(upload);
            break;
        }
        upload.join().expect("the upload thread finishes");
    }
    let upload = in_flight.expect("an analysis was seen in flight");
    assert!(server.terminate(), "SIGTERM exits with status 0");
    let (status, body) = upload.join().expect("the upload thread finishes");
    assert_eq!(status, 201, "the upload in flight was finished: {body}");
    let second = body["id"].as_i64().expect("an id");
    assert!(
        agent().get(&server.url("/healthz")).call().is_err(),
        "the server is gone"
    );
    let server = server.restart(&[]);
    let listed = listed_ids(&server, &admin);
    assert!(
        listed.contains(&first) && listed.contains(&second),
        "{listed:?}"
    );
    let (status, _) = get(
        &server,
        &format!("/v1/conversations/{second}/coaching"),
        &admin,
    );
    assert_eq!(status, 200);
}

// ---------------------------------------------------------------------------
// 8. Metrics, the OpenAPI document, health

#[test]
fn metrics_openapi_and_health_describe_the_server() {
    let server = Server::start(&[]);
    let admin = server.token("admin", None);
    let (status, health) = get(&server, "/healthz", &admin);
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    let id = upload_new(&server, &admin, &ZOOM);
    for _ in 0..2 {
        let (status, _) = get(&server, &format!("/v1/conversations/{id}/coaching"), &admin);
        assert_eq!(status, 200);
    }
    let (status, content_type, metrics) = get_text(&server, "/metrics", &admin);
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    assert!(
        metrics.contains(
            "candor_http_requests_total{method=\"GET\",route=\"/v1/conversations/{id}/coaching\",status=\"200\"} 2"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "candor_http_requests_total{method=\"POST\",route=\"/v1/conversations\",status=\"201\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        !metrics.contains(&format!("/v1/conversations/{id}")),
        "routes are patterns, not ids"
    );
    assert!(metrics.contains("candor_http_request_duration_seconds_bucket{"));
    assert!(
        metrics.contains("candor_inference_queue_depth 0"),
        "{metrics}"
    );

    let (status, document) = get(&server, "/v1/openapi.json", &admin);
    assert_eq!(status, 200);
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 document: {}",
        document["openapi"]
    );
    let paths = &document["paths"];
    for path in [
        "/v1/conversations",
        "/v1/conversations/{id}/coaching",
        "/v1/reports",
        "/v1/people/{id}",
    ] {
        assert!(paths.get(path).is_some(), "openapi lists {path}");
    }
    assert!(paths["/v1/conversations"].get("post").is_some());
}
