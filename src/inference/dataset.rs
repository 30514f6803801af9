//! Candor's own labelled data (`fixtures/train/*.jsonl`): reading it with errors
//! that name the file and line, and the fixed train/dev split.
//!
//! The split is a function of the text alone (a hash), so it never changes when
//! files are added or reordered, and a dev item can never leak into training.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::domain::{DialogueAct, Language, Role, Sentiment, Specificity};

/// Where a labelled text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Something said in a 1:1 or an interview.
    Utterance,
    /// A sentence of a weekly report.
    Report,
}

/// Which side of the fixed split an item is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    Train,
    /// The 20% that training never sees.
    Dev,
}

/// One labelled text.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledText {
    pub text: String,
    pub language: Language,
    pub source: Source,
    pub role: Role,
    /// Utterances only.
    pub act: Option<DialogueAct>,
    pub sentiment: Sentiment,
    /// Praise and criticism only.
    pub specificity: Option<Specificity>,
    pub domain: String,
}

impl LabelledText {
    /// Dev when the first four bytes of the text's SHA-256, as a number, are 0 mod 5.
    pub fn split(&self) -> Split {
        let digest = Sha256::digest(self.text.as_bytes());
        let head = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
        if head % 5 == 0 {
            Split::Dev
        } else {
            Split::Train
        }
    }
}

/// Why the training data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: {reason}", .path.display())]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{}: no *.jsonl files with labelled texts", .0.display())]
    Empty(PathBuf),
}

/// A line as written in the files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    text: String,
    language: Language,
    source: Source,
    role: Role,
    act: Option<DialogueAct>,
    sentiment: Sentiment,
    specific: Option<bool>,
    domain: String,
}

/// Reads every `*.jsonl` file of `dir`, in name order.
pub fn read_dir(dir: &Path) -> Result<Vec<LabelledText>, DatasetError> {
    let io = |source| DatasetError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut items = Vec::new();
    for file in &files {
        items.extend(read_file(file)?);
    }
    if items.is_empty() {
        return Err(DatasetError::Empty(dir.to_owned()));
    }
    Ok(items)
}

/// Reads one JSONL file of labelled texts.
pub fn read_file(path: &Path) -> Result<Vec<LabelledText>, DatasetError> {
    let text = std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            parse_line(line).map_err(|reason| DatasetError::Line {
                path: path.to_owned(),
                line: index + 1,
                reason,
            })
        })
        .collect()
}

fn parse_line(line: &str) -> Result<LabelledText, String> {
    let raw: Line = serde_json::from_str(line).map_err(|err| err.to_string())?;
    if raw.text.trim().is_empty() {
        return Err("empty text".into());
    }
    if raw.language == Language::Mixed {
        return Err("language must be zh or en".into());
    }
    match (raw.source, raw.act) {
        (Source::Utterance, None) => return Err("an utterance needs an act".into()),
        (Source::Report, Some(_)) => return Err("a report sentence has no act".into()),
        _ => {}
    }
    let feedback = raw.act.is_some_and(DialogueAct::is_feedback);
    let specificity = match (feedback, raw.specific) {
        (true, Some(true)) => Some(Specificity::Specific),
        (true, Some(false)) => Some(Specificity::Vague),
        (true, None) => return Err("praise and criticism need specific: true or false".into()),
        (false, Some(_)) => return Err("specific is only for praise and criticism".into()),
        (false, None) => None,
    };
    Ok(LabelledText {
        text: raw.text,
        language: raw.language,
        source: raw.source,
        role: raw.role,
        act: raw.act,
        sentiment: raw.sentiment,
        specificity,
        domain: raw.domain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRAISE: &str = r#"{"text":"复盘写得很扎实","language":"zh","source":"utterance","role":"manager","act":"praise","sentiment":"positive","specific":false,"domain":"tech"}"#;

    #[test]
    fn a_valid_line_reads_with_its_labels() {
        let item = parse_line(PRAISE).expect("valid");
        assert_eq!(item.act, Some(DialogueAct::Praise));
        assert_eq!(item.specificity, Some(Specificity::Vague));
        assert_eq!(item.language, Language::Zh);
    }

    #[test]
    fn inconsistent_labels_are_refused_with_a_reason() {
        let report_with_act = PRAISE.replace("\"utterance\"", "\"report\"");
        assert!(
            parse_line(&report_with_act)
                .expect_err("refused")
                .contains("no act")
        );
        let question_with_specific = PRAISE.replace("\"praise\"", "\"open_question\"");
        assert!(
            parse_line(&question_with_specific)
                .expect_err("refused")
                .contains("only for")
        );
        let unknown_act = PRAISE.replace("\"praise\"", "\"compliment\"");
        assert!(
            parse_line(&unknown_act)
                .expect_err("refused")
                .contains("unknown variant")
        );
    }

    #[test]
    fn the_split_is_fixed_by_the_text_and_near_one_fifth() {
        let item = parse_line(PRAISE).expect("valid");
        assert_eq!(item.split(), item.clone().split());
        let dev = (0..1000)
            .filter(|i| {
                let mut probe = item.clone();
                probe.text = format!("text {i}");
                probe.split() == Split::Dev
            })
            .count();
        assert!((150..250).contains(&dev), "{dev} of 1000 in dev");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, format!("{PRAISE}\n\n{{\"text\": 1}}\n")).expect("written");
        let err = read_dir(dir.path()).expect_err("line 3 is bad").to_string();
        assert!(err.contains("a.jsonl:3:"), "{err}");
    }
}
