//! Tokenisation and encoding with the real encoder (installed by `make models`):
//! one short sentence, one long paragraph, and a batch of 32 report sentences.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use candor::inference::Encoder;
use candor::inference::tokenize::{Kind, TextTokenizer};

const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/encoder");
const SENTENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/bench/sentences.txt");

fn encoder(c: &mut Criterion) {
    let text = std::fs::read_to_string(SENTENCES).expect("the bench sentences are present");
    let lines: Vec<&str> = text.lines().collect();
    let paragraph = lines[..40].join(" ");
    let tokenizer = TextTokenizer::load(&Path::new(MODELS).join("tokenizer.json"), 512)
        .expect("run `make models` first");
    let encoder = Encoder::load(Path::new(MODELS)).expect("run `make models` first");

    c.bench_function("tokenize_32_sentences", |b| {
        b.iter(|| {
            for line in &lines[..32] {
                black_box(tokenizer.windows(line, Kind::Passage).expect("tokenizes"));
            }
        });
    });
    c.bench_function("encode_one_short_sentence", |b| {
        b.iter(|| {
            encoder
                .embed(black_box(&["好的，下周三前把方案发给我。"]), Kind::Passage)
                .expect("embeds")
        });
    });
    c.bench_function("encode_32_sentences", |b| {
        b.iter(|| {
            encoder
                .embed(black_box(&lines[..32]), Kind::Passage)
                .expect("embeds")
        });
    });
    c.bench_function("encode_long_paragraph", |b| {
        b.iter(|| {
            encoder
                .embed(black_box(&[paragraph.as_str()]), Kind::Passage)
                .expect("embeds")
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = encoder
}
criterion_main!(benches);
