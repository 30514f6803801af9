//! The agenda, the audit and the alerts end to end on the demo team
//! (`fixtures/demo/`, seeded once with the real models): what a careful manager
//! would see in each series (fixtures/demo/README.md), through the CLI and over
//! HTTP with roles; the audit's numbers against the per-conversation analyses; the
//! alerts for the declining and blocked series and not for the steady one; a
//! webhook receiver on loopback that fails twice before it accepts.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::pages::{attribute_values, dump_dom, screenshot};
use super::server::{Server, answer, bearer};
use super::support::{candor, candor_with_models, root, stderr, stdout};

/// The demo's reference date (fixtures/demo/README.md): the Monday after W40.
const TODAY: &str = "2026-10-05";

/// The demo team seeded with the models, once for all tests of this file.
fn seeded() -> &'static Path {
    static SEEDED: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, db) = SEEDED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("candor.db");
        let output = candor_with_models(&[
            "seed",
            "--db",
            db.to_str().expect("UTF-8 path"),
            "fixtures/demo",
        ]);
        assert!(output.status.success(), "seed failed: {}", stderr(&output));
        (dir, db)
    });
    db
}

fn db_arg() -> &'static str {
    seeded().to_str().expect("UTF-8 path")
}

/// `candor agenda … --json` for the demo's next conversation with `employee`.
fn agenda(employee: &str, kind: &str, minutes: &str, level: Option<&str>) -> Value {
    let mut args = vec![
        "agenda",
        "--db",
        db_arg(),
        "--employee",
        employee,
        "--kind",
        kind,
        "--date",
        "2026-10-08",
        "--minutes",
        minutes,
        "--json",
    ];
    if let Some(level) = level {
        args.extend(["--level", level]);
    }
    let output = candor(&args);
    assert!(
        output.status.success(),
        "agenda failed: {}",
        stderr(&output)
    );
    serde_json::from_str(&stdout(&output)).expect("the agenda is JSON")
}

fn signals_of<'a>(agenda: &'a Value, kind: &str) -> Vec<&'a Value> {
    agenda["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .filter(|s| s["kind"] == kind)
        .collect()
}

fn weeks_of(evidence: &Value) -> BTreeSet<String> {
    evidence
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["week"].as_str().map(str::to_owned))
        .collect()
}

fn minutes_of(agenda: &Value) -> u64 {
    agenda["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["minutes"].as_u64().expect("minutes"))
        .sum()
}

/// Every item has a why, evidence with a quote, open questions and minutes; the
/// whole fits the length and leaves at least 60% to the employee.
fn assert_well_formed(agenda: &Value, minutes: u64) {
    let items = agenda["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for item in items {
        assert!(
            !item["why"].as_str().unwrap_or_default().is_empty(),
            "{item}"
        );
        let evidence = item["evidence"].as_array().expect("evidence");
        assert!(
            evidence
                .iter()
                .all(|e| e["quote"].as_str().is_some_and(|q| !q.is_empty())),
            "{item}"
        );
        for question in item["questions"].as_array().expect("questions") {
            let q = question.as_str().expect("text");
            assert!(
                !q.ends_with("吗？") && !q.ends_with('吗'),
                "a yes/no question: {q}"
            );
            assert!(
                !["Do ", "Did ", "Is ", "Are ", "Can ", "Will "]
                    .iter()
                    .any(|s| q.starts_with(s)),
                "a yes/no question: {q}"
            );
        }
    }
    assert!(
        minutes_of(agenda) <= minutes,
        "{} > {minutes}",
        minutes_of(agenda)
    );
    let plan = &agenda["talk_plan"];
    let employee = plan["employee_minutes"].as_f64().expect("employee minutes");
    let manager = plan["manager_minutes"].as_f64().expect("manager minutes");
    assert!(employee >= 0.6 * (employee + manager), "{plan}");
}

#[test]
fn the_agenda_names_what_a_careful_manager_would_see_in_each_series() {
    let zhang = agenda("张伟", "coaching", "45", None);
    assert_eq!(zhang["language"], "zh");
    assert_well_formed(&zhang, 45);
    let blocker = signals_of(&zhang, "recurring_topic");
    let env = blocker
        .iter()
        .find(|s| s["subject"] == "测试环境")
        .expect("测试环境 recurs");
    let weeks = weeks_of(&env["evidence"]);
    for week in ["2026-W33", "2026-W35", "2026-W36", "2026-W38", "2026-W40"] {
        assert!(weeks.contains(week), "{week} in {weeks:?}");
    }
    let promise = signals_of(&zhang, "open_commitment");
    assert!(
        promise.iter().any(|s| s["subject"] == "接口文档"),
        "{promise:?}"
    );
    // Follow-up first: the last conversation's open items, quoted, before anything else.
    let first = &zhang["items"][0];
    assert_eq!(first["section"], "follow_up");
    assert_eq!(first["evidence"][0]["conversation_id"], 10, "{first}");
    // #10's "把配置中心的核对项加进去" is told as done in the W40 report: not one to chase.
    let follow_ups: Vec<&Value> = zhang["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["section"] == "follow_up")
        .collect();
    assert!(
        follow_ups
            .iter()
            .all(|i| !i["title"].as_str().is_some_and(|t| t.contains("配置中心"))),
        "{follow_ups:?}"
    );

    let wang = agenda("王磊", "coaching", "45", None);
    let falling = signals_of(&wang, "declining_sentiment");
    assert_eq!(falling.len(), 1, "{}", wang["signals"]);
    assert!(weeks_of(&falling[0]["evidence"]).contains("2026-W40"));
    assert_well_formed(&wang, 45);

    let li = agenda("李娜", "coaching", "45", Some("high"));
    assert!(
        !signals_of(&li, "growth_interest").is_empty(),
        "{}",
        li["signals"]
    );
    let sections: Vec<&str> = li["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["section"].as_str().expect("section"))
        .collect();
    let recognition = sections.iter().position(|s| *s == "recognition");
    let gaps = sections.iter().position(|s| *s == "strengths_and_gaps");
    if let (Some(r), Some(g)) = (recognition, gaps) {
        assert!(r < g, "recognition before gaps: {sections:?}");
    }
    assert!(
        sections.contains(&"development_and_support"),
        "{sections:?}"
    );

    let emily = agenda("Emily Carter", "review", "30", None);
    assert_eq!(emily["language"], "en");
    assert_well_formed(&emily, 30);
    let subjects: Vec<&str> = emily["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .filter_map(|s| s["subject"].as_str())
        .collect();
    assert!(
        subjects
            .iter()
            .any(|s| s.eq_ignore_ascii_case("shipbridge")),
        "{subjects:?}"
    );
    assert!(
        subjects
            .iter()
            .any(|s| s.to_lowercase().contains("runbook")),
        "{subjects:?}"
    );

    let liu = agenda("刘洋", "coaching", "20", None);
    assert_well_formed(&liu, 20);
    assert!(signals_of(&liu, "declining_sentiment").is_empty());
    assert!(signals_of(&liu, "recurring_topic").is_empty());
}

#[test]
fn the_agenda_over_http_is_the_cli_agenda_and_keeps_to_the_callers_scope() {
    let server = Server::start_on_copy(seeded(), &["--today", TODAY]);
    let manager = server.token("manager", Some("陈静"));
    let outsider = server.token("manager", Some("王磊"));
    let ask = |token: &str, body: Value| {
        answer(
            ureq::post(&server.url("/v1/agenda"))
                .set("Authorization", &bearer(token))
                .send_json(body),
        )
    };
    let body = json!({"employee": "张伟", "kind": "coaching", "date": "2026-10-08", "minutes": 45});
    let (status, over_http) = ask(&manager, body.clone());
    assert_eq!(status, 200, "{over_http}");
    assert_eq!(
        over_http,
        agenda("张伟", "coaching", "45", None),
        "same inputs, same agenda"
    );

    let (status, refused) = ask(&outsider, body.clone());
    assert_eq!(status, 403, "{refused}");
    let (status, missing) = ask(
        &manager,
        json!({"employee": "无此人", "kind": "plan", "date": "2026-10-08", "minutes": 45}),
    );
    assert_eq!(status, 404, "{missing}");
    let (status, short) = ask(
        &manager,
        json!({"employee": "张伟", "kind": "plan", "date": "2026-10-08", "minutes": 0}),
    );
    assert_eq!(status, 422, "{short}");
    assert!(
        short["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("minute")),
        "{short}"
    );
    let (status, bad) = ask(
        &manager,
        json!({"employee": "张伟", "kind": "chat", "date": "2026-10-08", "minutes": 45}),
    );
    assert!(status == 400 || status == 422, "{status} {bad}");

    let markdown = ureq::post(&server.url("/v1/agenda?format=md"))
        .set("Authorization", &bearer(&manager))
        .send_json(body)
        .expect("markdown")
        .into_string()
        .expect("text");
    assert!(markdown.contains("测试环境"), "{markdown}");
}

/// The median of `values` (sorted here).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        f64::midpoint(values[n / 2 - 1], values[n / 2])
    }
}

/// What the audit should find for 陈静, summed from each conversation's own
/// analysis as the API serves it.
struct Totals {
    shares: Vec<f64>,
    over: u64,
    praise: u64,
    criticism: u64,
    items: u64,
    kinds: std::collections::BTreeMap<String, u64>,
}

fn stored_totals(server: &Server, admin: &str) -> Totals {
    let get = |path: &str| {
        answer(
            ureq::get(&server.url(path))
                .set("Authorization", &bearer(admin))
                .call(),
        )
    };
    let (_, list) = get("/v1/conversations");
    let ids: Vec<i64> = list["conversations"]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 10);
    let (mut shares, mut over, mut praise, mut criticism, mut items) = (vec![], 0, 0, 0, 0);
    let mut kinds = std::collections::BTreeMap::<String, u64>::new();
    for id in ids {
        let (status, stored) = get(&format!("/v1/conversations/{id}"));
        assert_eq!(status, 200);
        let analysis = &stored["analysis"];
        *kinds
            .entry(
                stored["summary"]["kind"]
                    .as_str()
                    .unwrap_or("unknown")
                    .to_owned(),
            )
            .or_default() += 1;
        let manager = analysis["speakers"]
            .as_array()
            .expect("speakers")
            .iter()
            .find(|s| s["role"] == "manager")
            .expect("a manager");
        let share = manager["talk_share_time"]
            .as_f64()
            .or_else(|| manager["talk_share_units"].as_f64())
            .expect("a share of time or of units");
        shares.push(share);
        over += u64::from(share > 0.4);
        let feedback = analysis["understanding"]["feedback"]
            .as_array()
            .expect("feedback")
            .iter()
            .find(|f| f["role"] == "manager")
            .expect("the manager's feedback");
        praise += feedback["praise"].as_u64().expect("praise");
        criticism += feedback["criticism"].as_u64().expect("criticism");
        items += analysis["metrics"]["action_items"]
            .as_array()
            .expect("items")
            .len() as u64;
    }
    Totals {
        shares,
        over,
        praise,
        criticism,
        items,
        kinds,
    }
}

#[test]
fn the_audit_agrees_with_the_stored_analyses() {
    let server = Server::start_on_copy(seeded(), &["--today", TODAY]);
    let hr = server.token("hr", Some("赵敏"));
    let admin = server.token("admin", None);
    let get = |token: &str, path: &str| {
        answer(
            ureq::get(&server.url(path))
                .set("Authorization", &bearer(token))
                .call(),
        )
    };
    let (status, audit) = get(&hr, "/v1/audit?from=2026-08-01&to=2026-10-05");
    assert_eq!(status, 200, "{audit}");
    let managers = audit["managers"].as_array().expect("managers");
    let chen = managers.iter().find(|m| m["name"] == "陈静").expect("陈静");
    assert_eq!(chen["conversations"], 10);
    assert!(
        audit["departments"]
            .as_array()
            .expect("departments")
            .iter()
            .any(|d| d["name"] == "研发部")
    );

    let totals = stored_totals(&server, &admin);
    let Totals {
        shares,
        over,
        praise,
        criticism,
        items,
        kinds,
    } = totals;
    let audited = chen["median_manager_talk_share"]
        .as_f64()
        .expect("a median");
    assert!(
        (audited - median(shares)).abs() < 1e-9,
        "{audited} vs the analyses"
    );
    assert_eq!(chen["over_40_percent"], over);
    assert_eq!(chen["praise"], praise);
    assert_eq!(chen["criticism"], criticism);
    assert_eq!(chen["action_items_agreed"], items);
    for (kind, n) in kinds {
        assert_eq!(chen["by_kind"][&kind], n, "{kind}");
    }
    let followed = chen["action_items_followed_up"]
        .as_u64()
        .expect("followed up");
    assert!(followed > 0 && followed < items, "{followed} of {items}");
    let links = audit["conversations"].as_array().expect("rows");
    assert!(links.iter().all(|r| {
        r["coaching_link"]
            .as_str()
            .is_some_and(|l| l.starts_with("/ui/conversations/"))
    }));

    let manager = server.token("manager", Some("陈静"));
    let (status, own) = get(&manager, "/v1/audit?from=2026-08-01&to=2026-10-05");
    assert_eq!(
        status, 200,
        "a manager audits their own conversations: {own}"
    );
    let (status, refused) = get(&manager, "/v1/audit?department=研发部");
    assert_eq!(status, 403, "{refused}");
    let (status, backwards) = get(&hr, "/v1/audit?from=2026-10-05&to=2026-08-01");
    assert_eq!(status, 400, "{backwards}");

    let output = candor(&[
        "audit",
        "--db",
        db_arg(),
        "--from",
        "2026-08-01",
        "--to",
        TODAY,
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let from_cli: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        from_cli["managers"], audit["managers"],
        "the CLI and the API agree"
    );
}

fn alerts_of(server: &Server, token: &str, employee: &str) -> Vec<Value> {
    let (status, body) = answer(
        ureq::get(&server.url("/v1/alerts"))
            .query("employee", employee)
            .set("Authorization", &bearer(token))
            .call(),
    );
    assert_eq!(status, 200, "{body}");
    body["alerts"].as_array().expect("alerts").clone()
}

fn kinds(alerts: &[Value]) -> BTreeSet<String> {
    alerts
        .iter()
        .map(|a| a["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[test]
fn alerts_fire_for_the_declining_and_blocked_series_and_not_the_steady_one() {
    let server = Server::start_on_copy(seeded(), &["--today", TODAY]);
    let manager = server.token("manager", Some("陈静"));
    let wang = alerts_of(&server, &manager, "王磊");
    assert!(kinds(&wang).contains("declining_sentiment"), "{wang:?}");
    let falling = wang
        .iter()
        .find(|a| a["kind"] == "declining_sentiment")
        .expect("declining");
    assert!(
        falling["evidence"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["week"] == "2026-W40"))
    );
    for key in [
        "id",
        "employee",
        "kind",
        "summary",
        "evidence",
        "created",
        "acknowledged",
    ] {
        assert!(falling.get(key).is_some(), "{key} in {falling}");
    }
    let zhang = alerts_of(&server, &manager, "张伟");
    let blocker = zhang
        .iter()
        .find(|a| a["kind"] == "recurring_blocker")
        .expect("a blocker");
    assert!(
        blocker["summary"]
            .as_str()
            .is_some_and(|s| s.contains("测试环境")),
        "{blocker}"
    );
    let liu = alerts_of(&server, &manager, "刘洋");
    for quiet in [
        "declining_sentiment",
        "recurring_blocker",
        "negative_feedback",
    ] {
        assert!(
            !kinds(&liu).contains(quiet),
            "{quiet} for the steady series: {liu:?}"
        );
    }

    let id = falling["id"].as_i64().expect("id");
    let outsider = server.token("manager", Some("刘洋"));
    let (status, _) = answer(
        ureq::post(&server.url(&format!("/v1/alerts/{id}/acknowledge")))
            .set("Authorization", &bearer(&outsider))
            .send_bytes(&[]),
    );
    assert_eq!(status, 403);
    let (status, acknowledged) = answer(
        ureq::post(&server.url(&format!("/v1/alerts/{id}/acknowledge")))
            .set("Authorization", &bearer(&manager))
            .send_bytes(&[]),
    );
    assert_eq!(status, 200, "{acknowledged}");
    assert!(acknowledged["acknowledged"].is_string(), "{acknowledged}");
    let open = alerts_of(&server, &manager, "王磊");
    assert!(
        open.iter().all(|a| a["id"] != id),
        "acknowledged alerts leave the open list"
    );
    let again = alerts_of(&server, &manager, "王磊");
    assert_eq!(again.len(), open.len(), "a second scan records nothing new");
}

/// A webhook receiver on loopback: answers 500 to its first `failures` requests and
/// 204 after; keeps every body.
fn receiver(failures: usize) -> (String, Arc<Mutex<Vec<Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!(
        "http://{}/hooks/candor",
        listener.local_addr().expect("address")
    );
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&bodies);
    std::thread::spawn(move || {
        let mut seen = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            seen += 1;
            let status = if seen <= failures {
                "500 Internal Server Error"
            } else {
                if let Ok(value) = serde_json::from_slice(&body) {
                    kept.lock().expect("the lock").push(value);
                }
                "204 No Content"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, bodies)
}

#[test]
fn new_alerts_reach_a_webhook_on_loopback_after_it_fails_twice() {
    let (url, bodies) = receiver(2);
    let _server = Server::start_on_copy(
        seeded(),
        &[
            "--today",
            TODAY,
            "--webhook",
            &url,
            "--webhook-retry-seconds",
            "1",
        ],
    );
    let deadline = Instant::now() + Duration::from_mins(1);
    let delivered = loop {
        let bodies = bodies.lock().expect("the lock").clone();
        let kinds: BTreeSet<String> = bodies
            .iter()
            .filter_map(|b| b["alert"]["kind"].as_str().map(str::to_owned))
            .collect();
        if kinds.contains("declining_sentiment") && kinds.contains("recurring_blocker") {
            break bodies;
        }
        assert!(Instant::now() < deadline, "the webhook got only {bodies:?}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let first = &delivered[0];
    assert_eq!(first["schema"], "candor.alert/1", "{first}");
    assert!(
        first["alert"]["evidence"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{first}"
    );
    let ids: Vec<i64> = delivered
        .iter()
        .filter_map(|b| b["alert"]["id"].as_i64())
        .collect();
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(
        ids.len(),
        unique.len(),
        "each alert is delivered once once accepted"
    );
}

#[test]
fn the_agenda_and_audit_pages_render_in_a_browser() {
    let server = Server::start_on_copy(seeded(), &["--today", TODAY]);
    let manager = server.token("manager", Some("陈静"));
    let agenda_url = server.url(&format!(
        "/ui/agenda/%E5%BC%A0%E4%BC%9F?kind=coaching&date=2026-10-08&minutes=45&token={manager}"
    ));
    let dom = dump_dom(&agenda_url);
    assert!(dom.contains("lang=\"zh\""), "{dom}");
    assert!(dom.contains("<svg"), "the agenda has its chart");
    assert!(dom.contains("测试环境"), "the blocker is on the page");
    let links = attribute_values(&dom, "href", "/ui/conversations/");
    assert!(
        !links.is_empty(),
        "conversation evidence links to its coaching report"
    );
    std::fs::create_dir_all(root().join("target/screenshots")).expect("a screenshot folder");
    screenshot(
        &agenda_url,
        &root().join("target/screenshots/agenda_zh.png"),
    );

    let hr = server.token("hr", Some("赵敏"));
    let audit_url = server.url(&format!("/ui/audit?from=2026-08-01&to={TODAY}&token={hr}"));
    let dom = dump_dom(&audit_url);
    assert!(dom.contains("<svg"), "the audit has its charts");
    assert!(dom.contains("陈静"), "the manager's row");
    let drill: BTreeSet<&str> = attribute_values(&dom, "href", "/ui/conversations/")
        .into_iter()
        .filter_map(|l| l.strip_suffix("/coaching"))
        .collect();
    assert_eq!(
        drill.len(),
        10,
        "each conversation drills down to its coaching report: {drill:?}"
    );
    screenshot(&audit_url, &root().join("target/screenshots/audit_zh.png"));

    let outsider = server.token("manager", Some("刘洋"));
    let refused = dump_dom(&server.url(&format!("/ui/agenda/%E5%BC%A0%E4%BC%9F?token={outsider}")));
    assert!(refused.contains("403"), "{refused}");
}

#[test]
fn the_commands_say_what_is_wrong_with_a_request() {
    let unknown = candor(&[
        "agenda",
        "--db",
        db_arg(),
        "--employee",
        "无此人",
        "--kind",
        "coaching",
        "--date",
        "2026-10-08",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("无此人"), "{}", stderr(&unknown));
    let short = candor(&[
        "agenda",
        "--db",
        db_arg(),
        "--employee",
        "张伟",
        "--kind",
        "coaching",
        "--date",
        "2026-10-08",
        "--minutes",
        "5",
    ]);
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr(&short).contains('5'), "{}", stderr(&short));
    let backwards = candor(&[
        "audit",
        "--db",
        db_arg(),
        "--from",
        TODAY,
        "--to",
        "2026-08-01",
    ]);
    assert_eq!(backwards.status.code(), Some(2));
    assert!(
        stderr(&backwards).contains("swap"),
        "{}",
        stderr(&backwards)
    );
    let listed = candor(&[
        "alerts",
        "--db",
        db_arg(),
        "--employee",
        "刘洋",
        "--today",
        TODAY,
    ]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(stdout(&listed), "no open alerts\n");
}
