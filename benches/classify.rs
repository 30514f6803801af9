//! What understanding adds to encoding (issue #4: at most 15%): the same 32 report
//! sentences encoded alone, encoded with the tuned last layers beside, then
//! classified (tuned layers, heads, question rules, topics), with the real models.
//! Criterion runs the three one after another, and a shared machine's drift between
//! them can be as large as the difference; `examples/understanding_overhead.rs`
//! times them in turn, round after round, for a steadier ratio.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use candor::inference::tuned::TunedLayers;
use candor::inference::{Encoder, Kind};
use candor::measure::classify::Classifier;

const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models");
const SENTENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/bench/sentences.txt");

fn classify(c: &mut Criterion) {
    let text = std::fs::read_to_string(SENTENCES).expect("the bench sentences are present");
    let lines: Vec<&str> = text.lines().take(32).collect();
    let encoder =
        Encoder::load(&Path::new(MODELS).join("encoder")).expect("run `make models` first");
    let classifier =
        Classifier::load(Path::new(MODELS), Vec::new()).expect("run `make models` first");
    let tuned = TunedLayers::load(&Path::new(MODELS).join("heads"))
        .expect("the tuned layers load")
        .expect("the heads have tuned layers");

    c.bench_function("encode_32_sentences_query", |b| {
        b.iter(|| {
            encoder
                .embed(black_box(&lines), Kind::Query)
                .expect("embeds")
        });
    });
    c.bench_function("encode_32_sentences_with_tuned_layers", |b| {
        b.iter(|| {
            encoder
                .embed_tuned(black_box(&lines), Kind::Query, &tuned)
                .expect("embeds")
        });
    });
    c.bench_function("classify_32_sentences", |b| {
        b.iter(|| {
            classifier
                .classify(black_box(&lines), &[])
                .expect("classifies")
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = classify
}
criterion_main!(benches);
