//! The manager's agenda (issue #6: under 1 s with the model loaded): 张伟's next
//! coaching conversation from his eight weeks of reports and two earlier
//! conversations, in a temporary store seeded from `fixtures/demo` as `candor seed`
//! does it (org chart, the ten conversations analysed and stored, the forty reports
//! read by the models). Then the same agenda after reading a new weekly report with
//! the model. Without the models (`make models`) the store is seeded with measures
//! only and the second case is skipped.

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde::Deserialize;
use tokio::runtime::Runtime;

use candor::api::agenda::{self, AgendaIn};
use candor::cli::seed::seed_folder;
use candor::domain::ConversationKind;
use candor::measure::classify::Classifier;
use candor::measure::report::read_report;
use candor::store::{IsoWeek, Person, Store, StoreLimits};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo");
const EMPLOYEE: &str = "张伟";

/// One line of `reports.jsonl`.
#[derive(Deserialize)]
struct ReportLine {
    employee: String,
    week: String,
    text: String,
}

/// What `candor seed fixtures/demo` stores, with `classifier` reading the
/// conversations and reports when present.
async fn seed(store: &Store, classifier: Option<&Classifier>) {
    seed_folder(store, Path::new(DEMO), classifier)
        .await
        .expect("fixtures/demo seeds");
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
    let classifier = common::classifier("agenda", "seeding with measures only");
    let started = Instant::now();
    let store = rt.block_on(async {
        let store = Store::open(dir.path().join("bench.db"), StoreLimits::default())
            .await
            .expect("opens a new store");
        seed(&store, classifier.as_ref()).await;
        store
    });
    eprintln!("agenda bench: demo seeded in {:.1?}", started.elapsed());
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
        "agenda bench: {} from {} weekly reports ({}–{}) and {} earlier conversations, {} items, {} signals, models {}",
        built.employee,
        built.based_on.reports,
        week(built.based_on.first_week),
        week(built.based_on.last_week),
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
        group.measurement_time(Duration::from_secs(10));
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

fn week(week: Option<IsoWeek>) -> String {
    week.map_or_else(|| "none".to_owned(), |w| w.to_string())
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
