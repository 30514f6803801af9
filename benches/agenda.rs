//! The manager's agenda (issue #6: under 1 s with the model loaded): 张伟's next
//! coaching conversation from his eight weeks of reports and two earlier
//! conversations, in a temporary store seeded from `fixtures/demo` as `candor seed`
//! does it (org chart, the ten conversations analysed and stored, the forty reports
//! read by the models). Then the same agenda after reading a new weekly report with
//! the model. Without the models (`make models`) the store is seeded with measures
//! only and the second case is skipped.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde::Deserialize;
use tokio::runtime::Runtime;

use candor::api::agenda::{self, AgendaIn};
use candor::api::analysis;
use candor::config::{Config, Limits, Norms};
use candor::domain::{ConversationKind, Metadata};
use candor::ingest::IngestOptions;
use candor::measure::classify::Classifier;
use candor::measure::report::read_report;
use candor::store::{NewReport, Person, Store, StoreLimits};

const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo");
const EMPLOYEE: &str = "张伟";

/// One row of `conversations.csv`.
#[derive(Deserialize)]
struct Listed {
    file: String,
    manager: String,
    employee: String,
    kind: ConversationKind,
    date: NaiveDate,
}

/// One line of `reports.jsonl`.
#[derive(Deserialize)]
struct ReportLine {
    employee: String,
    week: String,
    text: String,
}

/// The models when `make models` installed them.
fn classifier() -> Option<Classifier> {
    if !Path::new(MODELS).join("manifest.json").exists() {
        eprintln!("agenda bench: no models in {MODELS}; seeding with measures only");
        return None;
    }
    match Classifier::load(Path::new(MODELS), Vec::new()) {
        Ok(classifier) => Some(classifier),
        Err(err) => {
            eprintln!("agenda bench: the models did not load ({err}); seeding with measures only");
            None
        }
    }
}

/// What `candor seed fixtures/demo` stores, with `classifier` reading the
/// conversations and reports when present.
async fn seed(store: &Store, classifier: Option<&Classifier>) {
    let dir = Path::new(DEMO);
    let team = std::fs::read(dir.join("team.csv")).expect("fixtures/demo/team.csv is present");
    store
        .import_people_csv(&team)
        .await
        .expect("team.csv imports");

    let config = Config::new(Limits::default(), Norms::default()).expect("default config");
    let mut list = csv::Reader::from_path(dir.join("conversations.csv"))
        .expect("fixtures/demo/conversations.csv is present");
    for row in list.deserialize::<Listed>() {
        let row = row.expect("a valid row of conversations.csv");
        let bytes = std::fs::read(dir.join(&row.file)).expect("a listed conversation is present");
        let options = IngestOptions {
            format: None,
            encoding: None,
            single_speaker: None,
            metadata: Metadata {
                manager: Some(row.manager.clone()),
                employee: Some(row.employee.clone()),
                date: Some(row.date),
                kind: Some(row.kind),
                ..Metadata::default()
            },
            limits: config.limits,
        };
        let analysed = analysis::analyse(&bytes, &row.file, &options, &config, classifier)
            .expect("a demo conversation analyses");
        let manager = store
            .person_by_name(&row.manager)
            .await
            .expect("in team.csv");
        let employee = store
            .person_by_name(&row.employee)
            .await
            .expect("in team.csv");
        analysis::store(store, analysed, bytes, row.file, (manager.id, employee.id))
            .await
            .expect("stores");
    }

    let reports = std::fs::read_to_string(dir.join("reports.jsonl"))
        .expect("fixtures/demo/reports.jsonl is present");
    for line in reports.lines().filter(|l| !l.trim().is_empty()) {
        let report: ReportLine = serde_json::from_str(line).expect("a valid report line");
        let analysis_json = classifier.map(|c| {
            let reading = read_report(&report.text, c).expect("the models read a report");
            serde_json::to_string(&reading).expect("a reading serialises")
        });
        let employee = store
            .person_by_name(&report.employee)
            .await
            .expect("in team.csv");
        store
            .insert_report(NewReport {
                employee: employee.id,
                week: report.week.parse().expect("an ISO week"),
                text: report.text,
                analysis_json,
            })
            .await
            .expect("stores");
    }
}

/// The text of the employee's last weekly report in the demo.
fn last_report_text() -> String {
    let reports = std::fs::read_to_string(Path::new(DEMO).join("reports.jsonl"))
        .expect("fixtures/demo/reports.jsonl is present");
    reports
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| serde_json::from_str::<ReportLine>(line).expect("a valid report line"))
        .filter(|r| r.employee == EMPLOYEE)
        .max_by(|a, b| a.week.cmp(&b.week))
        .expect("the demo has reports of 张伟")
        .text
}

fn agenda(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let classifier = classifier();
    let store = rt.block_on(async {
        let store = Store::open(dir.path().join("bench.db"), StoreLimits::default())
            .await
            .expect("opens a new store");
        seed(&store, classifier.as_ref()).await;
        store
    });
    let person = rt
        .block_on(store.person_by_name(EMPLOYEE))
        .expect("张伟 is seeded");
    let input = AgendaIn {
        employee: EMPLOYEE.to_owned(),
        kind: ConversationKind::Coaching,
        date: NaiveDate::from_ymd_opt(2026, 10, 8).expect("a valid date"),
        minutes: 45,
        performance_level: None,
        weeks: None,
    };
    let built = build(&rt, &store, &person, &input);
    eprintln!(
        "agenda bench: {} from {} weekly reports ({:?}–{:?}) and {} earlier conversations, {} items, {} signals, models {}",
        built.employee,
        built.based_on.reports,
        built.based_on.first_week,
        built.based_on.last_week,
        built.based_on.conversations.len(),
        built.items.len(),
        built.signals.len(),
        if classifier.is_some() {
            "loaded"
        } else {
            "absent"
        },
    );

    let mut group = c.benchmark_group("agenda");
    group.sample_size(20);
    group.bench_function("agenda_8_weeks_2_conversations", |b| {
        b.iter(|| build(&rt, &store, &person, black_box(&input)));
    });
    group.finish();

    if let Some(classifier) = &classifier {
        let text = last_report_text();
        let mut group = c.benchmark_group("agenda");
        // Hundreds of milliseconds an iteration: a fixed number of iterations per
        // sample keeps the run short.
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(15));
        group.bench_function("agenda_after_new_report", |b| {
            b.iter(|| {
                let reading = read_report(black_box(&text), classifier).expect("reads");
                (reading, build(&rt, &store, &person, &input))
            });
        });
        group.finish();
    }
    rt.block_on(store.close());
}

fn build(
    rt: &Runtime,
    store: &Store,
    person: &Person,
    input: &AgendaIn,
) -> candor::products::agenda::Agenda {
    rt.block_on(agenda::build(store, person, input))
        .expect("builds the agenda")
}

criterion_group!(benches, agenda);
criterion_main!(benches);
