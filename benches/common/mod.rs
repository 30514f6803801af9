//! What the store benches share: the real models when they are installed.

use std::path::Path;

use candor::measure::classify::Classifier;

/// Where `make models` installs the models.
pub const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models");

/// The models when `make models` installed them and they load; otherwise `None`,
/// saying on stderr why and what `bench` does without them (`without`).
pub fn classifier(bench: &str, without: &str) -> Option<Classifier> {
    if !Path::new(MODELS).join("manifest.json").exists() {
        eprintln!("{bench} bench: no models in {MODELS}; {without}");
        return None;
    }
    match Classifier::load(Path::new(MODELS), Vec::new()) {
        Ok(classifier) => Some(classifier),
        Err(err) => {
            eprintln!("{bench} bench: the models did not load ({err}); {without}");
            None
        }
    }
}
