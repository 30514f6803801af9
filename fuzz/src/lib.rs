//! What every fuzz target does: read the bytes as a transcript (in one format, or
//! detected) and, when that succeeds, measure it. Any panic is a bug.

use candor::config::Norms;
use candor::ingest::{self, Format, IngestOptions};
use candor::measure;

pub fn run(data: &[u8], format: Option<Format>) {
    let options = IngestOptions {
        format,
        ..IngestOptions::default()
    };
    if let Ok(transcript) = ingest::read(data, "fuzz", &options) {
        let _ = measure::analyze(&transcript.conversation, &Norms::default());
    }
}
