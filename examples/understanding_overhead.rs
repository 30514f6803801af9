//! What understanding adds to encoding (issue #4: at most 15%), timed interleaved.
//!
//! `benches/classify.rs` times encoding and classification one after the other,
//! and on a shared 2-core VM the machine's speed drifts by ±10% between them,
//! as much as the difference being measured. Here each round encodes the same
//! sentences, then encodes them with the tuned layers, then classifies them, so
//! drift touches all three alike; the medians of the per-round ratios are printed.
//!
//! `cargo run --release --example understanding_overhead -- [MODELS_DIR] [ROUNDS]`
//!
//! With ROUNDS = `once [SENTENCES]`, each step runs once in a function of its own, for
//! `scripts/understanding-instructions.sh`: Valgrind counts the instructions
//! of each, which a neighbour on the VM cannot change.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use candor::inference::tuned::TunedLayers;
use candor::inference::{Encoder, Kind};
use candor::measure::classify::Classifier;

const SENTENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/bench/sentences.txt");

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let models = args.next().map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models")),
        PathBuf::from,
    );
    let rounds = args.next();
    let text = std::fs::read_to_string(SENTENCES)?;
    let lines: Vec<&str> = text.lines().take(64).collect();
    let encoder = Encoder::load(&models.join("encoder"))?;
    let classifier = Classifier::load(&models, Vec::new())?;
    let tuned = TunedLayers::load(&models.join("heads"))?
        .ok_or_else(|| anyhow::anyhow!("{} has no tuned layers", models.display()))?;
    if rounds.as_deref() == Some("once") {
        let count: usize = args.next().map_or(Ok(lines.len()), |n| n.parse())?;
        let lines = &lines[..count.min(lines.len())];
        step_encode(&encoder, lines)?;
        step_encode_tuned(&encoder, lines, &tuned)?;
        return step_classify(&classifier, lines);
    }
    let rounds: usize = rounds.map_or(Ok(12), |n| n.parse())?;
    let time = |run: &dyn Fn() -> anyhow::Result<()>| -> anyhow::Result<Duration> {
        let start = Instant::now();
        run()?;
        Ok(start.elapsed())
    };
    let (mut tuned_ratios, mut classify_ratios) = (Vec::new(), Vec::new());
    for round in 0..=rounds {
        let encode = time(&|| Ok(encoder.embed(&lines, Kind::Query).map(drop)?))?;
        let with_tuned =
            time(&|| Ok(encoder.embed_tuned(&lines, Kind::Query, &tuned).map(drop)?))?;
        let classify = time(&|| Ok(classifier.classify(&lines, &[]).map(drop)?))?;
        // The first round warms caches and thread pools.
        if round > 0 {
            tuned_ratios.push(with_tuned.as_secs_f64() / encode.as_secs_f64());
            classify_ratios.push(classify.as_secs_f64() / encode.as_secs_f64());
        }
        println!(
            "round {round}: encode {:.0} ms, with tuned layers {:.0} ms, classify {:.0} ms",
            encode.as_secs_f64() * 1e3,
            with_tuned.as_secs_f64() * 1e3,
            classify.as_secs_f64() * 1e3
        );
    }
    println!(
        "{} sentences, {} tuned layer(s), {:?} pooling, median over {rounds} rounds: \
         encoding with the tuned layers +{:.1}%, classifying +{:.1}% over encoding",
        lines.len(),
        tuned.depth(),
        tuned.pooling(),
        (median(&mut tuned_ratios) - 1.0) * 100.0,
        (median(&mut classify_ratios) - 1.0) * 100.0
    );
    Ok(())
}

#[inline(never)]
fn step_encode(encoder: &Encoder, lines: &[&str]) -> anyhow::Result<()> {
    Ok(encoder.embed(lines, Kind::Query).map(drop)?)
}

#[inline(never)]
fn step_encode_tuned(encoder: &Encoder, lines: &[&str], tuned: &TunedLayers) -> anyhow::Result<()> {
    Ok(encoder.embed_tuned(lines, Kind::Query, tuned).map(drop)?)
}

#[inline(never)]
fn step_classify(classifier: &Classifier, lines: &[&str]) -> anyhow::Result<()> {
    Ok(classifier.classify(lines, &[]).map(drop)?)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
