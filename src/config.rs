//! Settings that change what Candor accepts and what it calls good, validated once.
//!
//! The defaults are DOMAIN.md's numbers; every one can be changed, and a changed
//! value is checked here so that no metric has to guard against nonsense.

use serde::{Deserialize, Serialize};

/// Bounds on what ingest accepts, so that no input can exhaust memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest input file, in bytes. A 90-minute transcript is about 150 KB.
    pub max_input_bytes: usize,
    /// Longest line of a line-based format, in bytes.
    pub max_line_bytes: usize,
    /// Most turns (after merging) one conversation may have.
    pub max_turns: usize,
    /// Latest time a cue may end, in seconds from the start of the recording.
    /// Bounds every time-based metric (48 hours covers clock-time captions too).
    pub max_timestamp_seconds: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 32 * 1024 * 1024,
            max_line_bytes: 1024 * 1024,
            max_turns: 50_000,
            max_timestamp_seconds: 48.0 * 3600.0,
        }
    }
}

/// The most the manager should talk (DOMAIN.md), a share 0–1: the default norm,
/// and the line the audit draws across managers.
pub const MANAGER_MAX_TALK_SHARE: f64 = 0.40;

/// The norms a conversation is checked against and the thresholds of the timing
/// metrics (DOMAIN.md "Numbers the articles give").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Norms {
    /// The manager should talk at most this share of the time (0–1).
    pub manager_max_talk_share: f64,
    /// The manager should ask at least this many open questions.
    pub min_open_questions: u32,
    /// A gap between speech of at least this many seconds counts as a silence.
    pub silence_seconds: f64,
    /// Width of a talk-dominance window, in seconds (2.5 minutes).
    pub dominance_window_seconds: f64,
    /// How far each dominance window slides, in seconds.
    pub dominance_step_seconds: f64,
    /// A side dominates a window when it holds at least this share of its speech (0–1).
    pub dominance_share: f64,
    /// An overlap shorter than this many seconds is a timing jitter, not an interruption.
    pub interruption_min_overlap_seconds: f64,
}

impl Default for Norms {
    fn default() -> Self {
        Norms {
            manager_max_talk_share: MANAGER_MAX_TALK_SHARE,
            min_open_questions: 3,
            silence_seconds: 5.0,
            dominance_window_seconds: 150.0,
            dominance_step_seconds: 30.0,
            dominance_share: 0.60,
            interruption_min_overlap_seconds: 0.2,
        }
    }
}

/// A setting outside the range where it means anything.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("setting {name} = {value} is out of range: {expected}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Everything the pipeline is configured with, validated by [`Config::new`].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Config {
    pub limits: Limits,
    pub norms: Norms,
}

impl Config {
    pub fn new(limits: Limits, norms: Norms) -> Result<Config, ConfigError> {
        check_positive("max_input_bytes", limits.max_input_bytes as f64)?;
        check_positive("max_line_bytes", limits.max_line_bytes as f64)?;
        check_positive("max_turns", limits.max_turns as f64)?;
        check_positive("max_timestamp_seconds", limits.max_timestamp_seconds)?;
        check_share("manager_max_talk_share", norms.manager_max_talk_share)?;
        check_share("dominance_share", norms.dominance_share)?;
        check_positive("silence_seconds", norms.silence_seconds)?;
        check_positive("dominance_window_seconds", norms.dominance_window_seconds)?;
        check_positive("dominance_step_seconds", norms.dominance_step_seconds)?;
        if norms.interruption_min_overlap_seconds.is_nan()
            || norms.interruption_min_overlap_seconds < 0.0
        {
            return Err(ConfigError {
                name: "interruption_min_overlap_seconds",
                value: norms.interruption_min_overlap_seconds.to_string(),
                expected: "zero or more seconds",
            });
        }
        Ok(Config { limits, norms })
    }
}

fn check_positive(name: &'static str, value: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(ConfigError {
            name,
            value: value.to_string(),
            expected: "a number greater than zero",
        })
    }
}

fn check_share(name: &'static str, value: f64) -> Result<(), ConfigError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError {
            name,
            value: value.to_string(),
            expected: "a share between 0 and 1",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(Config::new(Limits::default(), Norms::default()).is_ok());
    }

    #[test]
    fn share_over_one_is_refused_by_name() {
        let norms = Norms {
            manager_max_talk_share: 40.0,
            ..Norms::default()
        };
        let err = Config::new(Limits::default(), norms).expect_err("40 is not a share");
        assert_eq!(err.name, "manager_max_talk_share");
    }
}
