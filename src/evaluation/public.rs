//! The public evaluation sets of `../shared/eval` (README there): real labelled
//! data nobody on the team wrote, read at evaluation time and never trained on.
//! Each is a proxy for one capability; the label mappings are the README's.

use std::path::Path;

use crate::domain::Language;
use crate::inference::dataset::DatasetError;

/// A binary decision the product makes, as a public set labels it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryExample {
    pub text: String,
    pub language: Language,
    /// The positive class: a question, a positive review, praise.
    pub positive: bool,
}

/// A three-way sentiment example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentimentExample {
    pub text: String,
    pub sentiment: crate::domain::Sentiment,
}

fn read(path: &Path) -> Result<String, DatasetError> {
    std::fs::read_to_string(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The non-empty lines after the header, with their 1-based line numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
}

/// Rows of a tab-separated file after its header, each with at least `columns` fields.
fn rows(path: &Path, columns: usize) -> Result<Vec<(usize, Vec<String>)>, DatasetError> {
    let text = read(path)?;
    data_lines(&text)
        .map(|(i, line)| {
            let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
            if fields.len() < columns {
                return Err(DatasetError::Line {
                    path: path.to_owned(),
                    line: i,
                    reason: format!("{} fields, expected {columns}", fields.len()),
                });
            }
            Ok((i, fields))
        })
        .collect()
}

/// XDailyDialog dev: question vs not, each utterance in English and in Chinese.
/// `dialog_id turn speaker act emotion text_en text_zh`.
pub fn xdailydialog_questions(path: &Path) -> Result<Vec<BinaryExample>, DatasetError> {
    let mut out = Vec::new();
    for (_, f) in rows(path, 7)? {
        let question = f[3] == "question";
        for (text, language) in [(&f[5], Language::En), (&f[6], Language::Zh)] {
            out.push(BinaryExample {
                text: text.trim().to_owned(),
                language,
                positive: question,
            });
        }
    }
    Ok(out)
}

/// waimai_10k half: `label,review`, 1 positive, 0 negative (Chinese).
pub fn waimai(path: &Path) -> Result<Vec<BinaryExample>, DatasetError> {
    let text = read(path)?;
    data_lines(&text)
        .map(|(i, line)| {
            let (label, review) = line.split_once(',').ok_or_else(|| DatasetError::Line {
                path: path.to_owned(),
                line: i,
                reason: "no comma between label and review".into(),
            })?;
            Ok(BinaryExample {
                text: review.trim_matches('"').to_owned(),
                language: Language::Zh,
                positive: label.trim() == "1",
            })
        })
        .collect()
}

/// DISAPERE dev: praise (arg_evaluative, pol_positive) vs criticism
/// (arg_evaluative, pol_negative) in English peer reviews; other sentences are left out.
pub fn disapere_praise(path: &Path) -> Result<Vec<BinaryExample>, DatasetError> {
    Ok(rows(path, 7)?
        .into_iter()
        .filter(|(_, f)| f[2] == "arg_evaluative")
        .filter_map(|(_, f)| {
            let positive = match f[5].as_str() {
                "pol_positive" => true,
                "pol_negative" => false,
                _ => return None,
            };
            Some(BinaryExample {
                text: f[6].trim().to_owned(),
                language: Language::En,
                positive,
            })
        })
        .collect())
}

/// CPED office scenes (valid): three-way sentiment of short Chinese drama lines.
/// `dialogue_id utterance_id speaker sentiment emotion da text`.
pub fn cped_sentiment(path: &Path) -> Result<Vec<SentimentExample>, DatasetError> {
    use crate::domain::Sentiment;
    rows(path, 7)?
        .into_iter()
        .map(|(line, f)| {
            let sentiment = match f[3].as_str() {
                "positive" => Sentiment::Positive,
                "neutral" => Sentiment::Neutral,
                "negative" => Sentiment::Negative,
                other => {
                    return Err(DatasetError::Line {
                        path: path.to_owned(),
                        line,
                        reason: format!("unknown sentiment {other:?}"),
                    });
                }
            };
            Ok(SentimentExample {
                text: f[6].trim().to_owned(),
                sentiment,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("set");
        std::fs::write(&path, text).expect("written");
        (dir, path)
    }

    #[test]
    fn xdailydialog_gives_both_languages_with_the_same_label() {
        let (_d, path) = file(
            "dialog_id\tturn\tspeaker\tact\temotion\ttext_en\ttext_zh\n\
             0\t0\tA\tquestion\tno_emotion\tCan you come ?\t你能来吗？\n\
             0\t1\tB\tinform\tno_emotion\tSure .\t当然。\n",
        );
        let set = xdailydialog_questions(&path).expect("reads");
        assert_eq!(set.len(), 4);
        assert!(set[0].positive && set[1].positive && !set[2].positive);
        assert_eq!(set[1].language, Language::Zh);
    }

    #[test]
    fn disapere_keeps_only_evaluative_sentences_with_a_polarity() {
        let (_d, path) = file(
            "review_id\tsentence_index\treview_action\tfine_review_action\taspect\tpolarity\ttext\n\
             r\t0\targ_evaluative\tx\tclarity\tpol_positive\tClear paper.\n\
             r\t1\targ_evaluative\tx\tclarity\tpol_negative\tWeak baselines.\n\
             r\t2\targ_request\tx\tnone\tnone\tAdd ablations.\n",
        );
        let set = disapere_praise(&path).expect("reads");
        assert_eq!(set.len(), 2);
        assert!(set[0].positive && !set[1].positive);
    }

    #[test]
    fn a_short_row_names_its_line() {
        let (_d, path) = file("h\na\tb\n");
        let err = xdailydialog_questions(&path).expect_err("too few fields");
        assert!(err.to_string().contains(":2:"), "{err}");
    }
}
