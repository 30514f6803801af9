//! `candor embed`: one sentence per line in, one JSON array of floats per line out,
//! for debugging and for checks against other engines.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::inference::manifest::Manifest;
use crate::inference::models::xlm_roberta::LinearPrecision;
use crate::inference::{Encoder, Kind};

#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Use the "query: " prefix instead of "passage: ".
    #[arg(long)]
    query: bool,
    /// Print JSON arrays (the only output format; kept for symmetry with other commands).
    #[arg(long)]
    json: bool,
    /// The models folder (default: ./models).
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
    /// Sentences per batch read from the input.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Padded tokens per forward pass (at least one 512-token window).
    #[arg(long)]
    batch_tokens: Option<usize>,
    /// How a quantized model's linear layers run.
    #[arg(long, value_enum, default_value_t = Linears::F32)]
    linears: Linears,
    /// Print load time, embedding time, sentences per second and peak memory to stderr.
    #[arg(long)]
    stats: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Linears {
    /// Dequantized once at load (faster on AVX-512 CPUs).
    F32,
    /// Candle's quantized matmul on the stored Q4_0 blocks (less memory).
    Quantized,
}

impl From<Linears> for LinearPrecision {
    fn from(linears: Linears) -> Self {
        match linears {
            Linears::F32 => LinearPrecision::F32,
            Linears::Quantized => LinearPrecision::Quantized,
        }
    }
}

pub fn run(args: &EmbedArgs) -> anyhow::Result<ExitCode> {
    let dir = args.models_dir.join(Manifest::builtin().encoder.folder);
    let started = Instant::now();
    let mut encoder = Encoder::load_with(&dir, args.linears.into())
        .with_context(|| format!("loading the encoder from {}", dir.display()))?;
    if let Some(tokens) = args.batch_tokens {
        encoder.set_batch_tokens(tokens);
    }
    let loaded = started.elapsed();
    let kind = if args.query {
        Kind::Query
    } else {
        Kind::Passage
    };
    let mut sentences = 0;
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut lines = Vec::with_capacity(args.batch);
    for line in stdin.lines() {
        let line = line.context("reading standard input")?;
        if !line.trim().is_empty() {
            lines.push(line);
        }
        if lines.len() >= args.batch.max(1) {
            write_batch(&encoder, &lines, kind, &mut out)?;
            sentences += lines.len();
            lines.clear();
        }
    }
    write_batch(&encoder, &lines, kind, &mut out)?;
    sentences += lines.len();
    out.flush()?;
    if args.stats {
        print_stats(loaded, started.elapsed().saturating_sub(loaded), sentences);
    }
    Ok(ExitCode::SUCCESS)
}

/// One JSON line on stderr, so scripts can read it while stdout carries vectors.
fn print_stats(load: Duration, embed: Duration, sentences: usize) {
    let stats = serde_json::json!({
        "load_seconds": load.as_secs_f64(),
        "embed_seconds": embed.as_secs_f64(),
        "sentences": sentences,
        "sentences_per_second": sentences as f64 / embed.as_secs_f64().max(1e-9),
        "peak_rss_mb": peak_rss_kib().map(|kib| kib as f64 / 1024.0),
    });
    eprintln!("{stats}");
}

/// The process's peak resident memory (Linux `VmHWM`), if the system says.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn write_batch(
    encoder: &Encoder,
    lines: &[String],
    kind: Kind,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    for embedding in encoder.embed(&texts, kind)? {
        serde_json::to_writer(&mut *out, embedding.as_slice())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
