//! The crate's error: every way the library can fail, each keeping its source.
//! The CLI turns it into a message and an exit code; nothing here panics.

use crate::config::ConfigError;
use crate::ingest::IngestError;
use crate::measure::MeasureError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An input that is not a readable transcript.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A transcript that cannot be measured as asked (an unknown manager).
    #[error("{source_name}: {source}")]
    Measure {
        source_name: String,
        source: MeasureError,
    },
    /// A setting out of range.
    #[error(transparent)]
    Config(#[from] ConfigError),
}
