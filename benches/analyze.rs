//! Parse + metrics on the 90-minute Teams transcript (fixtures/long), the hot path of
//! `candor analyze`. Target: under 20 ms for the whole pipeline on this machine.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use candor::config::Norms;
use candor::ingest::{self, IngestOptions};
use candor::measure;

const LONG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/long/teams_zh_annual_review_90min.vtt"
);

fn pipeline(c: &mut Criterion) {
    let bytes = std::fs::read(LONG).expect("the 90-minute fixture is present");
    let options = IngestOptions::default();
    let norms = Norms::default();
    let transcript = ingest::read(&bytes, "long.vtt", &options).expect("fixture parses");

    c.bench_function("ingest_90min_teams_vtt", |b| {
        b.iter(|| ingest::read(black_box(&bytes), "long.vtt", &options).expect("parses"));
    });
    c.bench_function("measure_90min", |b| {
        b.iter(|| measure::analyze(black_box(&transcript.conversation), &norms).expect("measures"));
    });
    c.bench_function("ingest_and_measure_90min", |b| {
        b.iter(|| {
            let transcript = ingest::read(black_box(&bytes), "long.vtt", &options).expect("parses");
            measure::analyze(&transcript.conversation, &norms).expect("measures")
        });
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
