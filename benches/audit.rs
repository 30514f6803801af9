//! HR's audit (issue #6: 1,000 stored conversations in under 1 s): a temporary store
//! with 20 managers of 5 employees each in 4 departments and 10 conversations per
//! employee over a year, kinds in turn. The ten `fixtures/demo` conversations are
//! analysed once and stored 1,000 times, each copy with its own people, date and
//! kind and a trailing line that gives it its own content hash (the copy is never
//! read again). The audit covers the whole year, for everyone and for one
//! department; with the models installed (`make models`), also over a store whose
//! facts the models made (praise, criticism and stages known).

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use tokio::runtime::Runtime;

use candor::api::analysis::{self, Analysed};
use candor::api::audit::{self, AuditQuery};
use candor::config::{Config, Limits, Norms};
use candor::domain::{ConversationKind, Metadata};
use candor::ingest::IngestOptions;
use candor::measure::classify::Classifier;
use candor::products::audit::{Audit, AuditRequest};
use candor::store::{NewConversation, Store, StoreLimits};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo");

const DEPARTMENTS: [&str; 4] = ["研发部", "产品部", "销售部", "运营部"];
const MANAGERS: usize = 20;
const EMPLOYEES_PER_MANAGER: usize = 5;
const CONVERSATIONS_PER_EMPLOYEE: usize = 10;
const KINDS: [ConversationKind; 4] = [
    ConversationKind::Plan,
    ConversationKind::Coaching,
    ConversationKind::Review,
    ConversationKind::Feedback,
];

/// One row of `conversations.csv`.
#[derive(Deserialize)]
struct Listed {
    file: String,
    manager: String,
    employee: String,
    kind: ConversationKind,
    date: NaiveDate,
}

/// A demo conversation, analysed, with its bytes and file name.
struct Demo {
    analysed: Analysed,
    bytes: Vec<u8>,
    name: String,
}

/// The ten demo conversations, analysed by `classifier` when given.
fn demo(classifier: Option<&Classifier>) -> Vec<Demo> {
    let dir = Path::new(DEMO);
    let config = Config::new(Limits::default(), Norms::default()).expect("default config");
    let mut list = csv::Reader::from_path(dir.join("conversations.csv"))
        .expect("fixtures/demo/conversations.csv is present");
    list.deserialize::<Listed>()
        .map(|row| {
            let row = row.expect("a valid row of conversations.csv");
            let bytes =
                std::fs::read(dir.join(&row.file)).expect("a listed conversation is present");
            let options = IngestOptions {
                format: None,
                encoding: None,
                single_speaker: None,
                metadata: Metadata {
                    manager: Some(row.manager),
                    employee: Some(row.employee),
                    date: Some(row.date),
                    kind: Some(row.kind),
                    ..Metadata::default()
                },
                limits: config.limits,
            };
            let analysed = analysis::analyse(&bytes, &row.file, &options, &config, classifier)
                .expect("a demo conversation analyses");
            Demo {
                analysed,
                bytes,
                name: row.file,
            }
        })
        .collect()
}

fn manager_name(m: usize) -> String {
    format!("经理{:02}", m + 1)
}

fn employee_name(m: usize, e: usize) -> String {
    format!("员工{:02}-{}", m + 1, e + 1)
}

/// The org chart as HR would import it: managers at the top of their department.
fn org_csv() -> String {
    let mut rows = vec!["name,manager,department".to_owned()];
    for m in 0..MANAGERS {
        let department = DEPARTMENTS[m % DEPARTMENTS.len()];
        rows.push(format!("{},,{department}", manager_name(m)));
        rows.extend(
            (0..EMPLOYEES_PER_MANAGER)
                .map(|e| format!("{},{},{department}", employee_name(m, e), manager_name(m))),
        );
    }
    rows.join("\n") + "\n"
}

/// A store holding the org chart and 1,000 copies of the demo conversations, the
/// `j`-th of each employee about 36 days after the one before, from `first`.
async fn store(path: &Path, demo: &[Demo], first: NaiveDate) -> Store {
    let store = Store::open(path, StoreLimits::default())
        .await
        .expect("opens a new store");
    store
        .import_people_csv(org_csv().as_bytes())
        .await
        .expect("the org chart imports");
    let mut n = 0;
    for m in 0..MANAGERS {
        let manager = store
            .person_by_name(&manager_name(m))
            .await
            .expect("imported")
            .id;
        for e in 0..EMPLOYEES_PER_MANAGER {
            let employee = store
                .person_by_name(&employee_name(m, e))
                .await
                .expect("imported")
                .id;
            let person = m * EMPLOYEES_PER_MANAGER + e;
            for j in 0..CONVERSATIONS_PER_EMPLOYEE {
                let copy = &demo[n % demo.len()];
                let offset = u64::try_from(j * 36 + person % 30).expect("small");
                let mut conversation = copy.analysed.conversation.clone();
                conversation.metadata.manager = Some(manager_name(m));
                conversation.metadata.employee = Some(employee_name(m, e));
                conversation.metadata.date = Some(first + Days::new(offset));
                conversation.metadata.kind = Some(KINDS[(person + j) % KINDS.len()]);
                let mut original = copy.bytes.clone();
                original.extend_from_slice(format!("\n\nNOTE bench copy {n}\n").as_bytes());
                let items = analysis::stored_action_items(&copy.analysed, manager, employee);
                let saved = store
                    .insert_conversation(
                        NewConversation {
                            manager,
                            employee,
                            source_name: format!("copy-{n:04}-{}", copy.name),
                            format: copy.analysed.format,
                            language: copy.analysed.language,
                            original,
                            conversation,
                        },
                        copy.analysed.analyses.clone(),
                        items,
                    )
                    .await
                    .expect("stores");
                assert!(saved.created, "every copy has its own bytes");
                n += 1;
            }
        }
    }
    store
}

fn build(rt: &Runtime, store: &Store, request: &AuditRequest) -> Audit {
    rt.block_on(audit::build(store, request))
        .expect("builds the audit")
}

fn audit(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a valid date");
    let from = NaiveDate::from_ymd_opt(2025, 11, 28).expect("a valid date");
    let year = audit::request(
        &AuditQuery {
            from: Some(from),
            to: Some(today),
            ..AuditQuery::default()
        },
        today,
    )
    .expect("a year is a valid period");
    let department = audit::request(
        &AuditQuery {
            from: Some(from),
            to: Some(today),
            department: Some(DEPARTMENTS[0].to_owned()),
            ..AuditQuery::default()
        },
        today,
    )
    .expect("a valid department audit");

    let started = Instant::now();
    let measures = rt.block_on(store(&dir.path().join("measures.db"), &demo(None), from));
    eprintln!("audit bench: store filled in {:.1?}", started.elapsed());
    let whole = build(&rt, &measures, &year);
    eprintln!(
        "audit bench: {} conversations, {} managers, {} departments over {}–{}; {} in {}",
        whole.organisation.conversations,
        whole.managers.len(),
        whole.departments.len(),
        whole.from,
        whole.to,
        build(&rt, &measures, &department)
            .organisation
            .conversations,
        DEPARTMENTS[0],
    );

    let mut group = c.benchmark_group("audit");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("audit_1000_year_everyone", |b| {
        b.iter(|| build(&rt, &measures, black_box(&year)));
    });
    group.bench_function("audit_1000_year_department", |b| {
        b.iter(|| build(&rt, &measures, black_box(&department)));
    });
    rt.block_on(measures.close());

    if let Some(classifier) = common::classifier("audit", "measures-only facts only") {
        let started = Instant::now();
        let read = rt.block_on(store(
            &dir.path().join("models.db"),
            &demo(Some(&classifier)),
            from,
        ));
        let whole = build(&rt, &read, &year);
        eprintln!(
            "audit bench (model facts): {} conversations, {} read by the models; analysed and stored in {:.1?}",
            whole.organisation.conversations,
            whole.organisation.models_read,
            started.elapsed(),
        );
        group.bench_function("audit_1000_year_everyone_model_facts", |b| {
            b.iter(|| build(&rt, &read, black_box(&year)));
        });
        rt.block_on(read.close());
    }
    group.finish();
}

criterion_group!(benches, audit);
criterion_main!(benches);
