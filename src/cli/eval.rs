//! `candor eval`: scores the heads with their rules on labelled data the heads
//! were not trained on: the dev split of `fixtures/train/` (or any labelled JSONL
//! file in that format), the public sets of `../shared/eval`, and whole conversations
//! with a careful reader's labels (`fixtures/heldout*/`, read through `candor analyze`'s
//! pipeline).

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::json;

use crate::domain::{DialogueAct, Language, Sentiment};
use crate::evaluation::conversations::{self, ConversationScores};
use crate::evaluation::metrics::{Confusion, Report};
use crate::evaluation::{self, public};
use crate::inference::dataset::{self, Split};
use crate::inference::{Embedding, Encoder};
use crate::measure::classify::Classifier;
use crate::measure::proposals::proposes;
use crate::measure::questions::{QuestionKind, ask};
use crate::measure::understanding::{Reader, Reading};
use crate::normalize::language_of;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled JSONL files in fixtures/train's format, scored whole. Without any,
    /// the dev split of --data and the public sets of --public are scored.
    files: Vec<PathBuf>,
    /// Candor's labelled data, whose dev split is scored.
    #[arg(long, default_value = "fixtures/train")]
    data: PathBuf,
    /// The folder of the public evaluation sets.
    #[arg(long, default_value = "../shared/eval")]
    public: PathBuf,
    /// Score only every n-th example of each public set (1: all).
    #[arg(long, default_value_t = 1)]
    every: usize,
    #[arg(long, default_value = "models")]
    models_dir: PathBuf,
    /// One JSON document instead of tables.
    #[arg(long)]
    json: bool,
    /// Also write every scored example as a JSONL line (set, language, text, truth,
    /// predicted, the reading with its scores, and the question rules' view) to
    /// this file, to study the mistakes.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Score only this set (repeat for several); all of them by default.
    #[arg(long = "set", value_enum, value_name = "SET", conflicts_with = "files")]
    sets: Vec<EvalSet>,
    /// Folders of whole conversations with a careful reader's labels (`labels.json`,
    /// as fixtures/heldout/README.md describes), scored by `--set heldout`.
    #[arg(
        long = "conversations",
        value_name = "DIR",
        default_values = [
            "fixtures/heldout",
            "fixtures/heldout-b",
            "fixtures/heldout-c",
            "fixtures/heldout-d"
        ]
    )]
    conversations: Vec<PathBuf>,
    /// With the held-out conversations, list every place the analyser and the labels
    /// part.
    #[arg(long)]
    disagreements: bool,
}

/// The sets `candor eval` scores when it is given no files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalSet {
    /// The dev split of --data.
    Dev,
    /// XDailyDialog dev: question vs not, zh and en.
    Xdailydialog,
    /// waimai dev: positive vs negative review.
    Waimai,
    /// DISAPERE dev: praise vs criticism.
    Disapere,
    /// CPED office valid: three-way sentiment.
    Cped,
    /// Whole conversations against a careful reader's labels (--conversations): acts
    /// per turn, the employee's tone, action items and dues, stages.
    Heldout,
}

impl EvalArgs {
    fn wants(&self, set: EvalSet) -> bool {
        self.sets.is_empty() || self.sets.contains(&set)
    }
}

/// What is being scored and its results, as printed.
struct Section {
    name: String,
    report: Report,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    // One load serves the sentence sets and the held-out conversations.
    let classifier = Classifier::load(&args.models_dir, Vec::new()).with_context(|| {
        format!(
            "loading the models from {} (install them with `candor models install`; \
             the heads come from `candor train`)",
            args.models_dir.display()
        )
    })?;
    let predictions = match &args.predictions {
        Some(path) => Some(RefCell::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ))),
        None => None,
    };
    let scorer = Scorer {
        encoder: classifier.encoder(),
        reader: classifier.reader(),
        predictions,
    };
    let mut sections = Vec::new();
    if args.files.is_empty() {
        if args.wants(EvalSet::Dev) {
            let items: Vec<_> = dataset::read_dir(&args.data)?
                .into_iter()
                .filter(|i| i.split() == Split::Dev)
                .collect();
            sections.extend(scorer.labelled("dev split", &items)?);
        }
        sections.extend(scorer.public_sets(args)?);
    } else {
        for file in &args.files {
            let items = dataset::read_file(file)?;
            sections.extend(scorer.labelled(&file.display().to_string(), &items)?);
        }
    }
    if let Some(out) = scorer.predictions {
        out.into_inner()
            .flush()
            .context("writing the predictions")?;
    }
    let conversations = if args.files.is_empty() && args.wants(EvalSet::Heldout) {
        held_out(args, &classifier)?
    } else {
        Vec::new()
    };
    print(&sections, &conversations, args);
    Ok(ExitCode::SUCCESS)
}

/// Each folder of labelled conversations, analysed and scored.
fn held_out(
    args: &EvalArgs,
    classifier: &Classifier,
) -> anyhow::Result<Vec<(String, ConversationScores)>> {
    args.conversations
        .iter()
        .map(|dir| {
            let mut scores = conversations::score_dir(dir, classifier)?;
            if !args.disagreements {
                scores.disagreements.clear();
            }
            Ok((dir.display().to_string(), scores))
        })
        .collect()
}

fn print(sections: &[Section], conversations: &[(String, ConversationScores)], args: &EvalArgs) {
    if args.json {
        let doc: serde_json::Map<String, serde_json::Value> = sections
            .iter()
            .map(|s| (s.name.clone(), json!(s.report)))
            .collect();
        let mut out = json!({"schema": "candor.eval/1", "results": doc});
        if !conversations.is_empty() {
            let by_dir: serde_json::Map<String, serde_json::Value> = conversations
                .iter()
                .map(|(dir, scores)| (dir.clone(), json!(scores)))
                .collect();
            out["conversations"] = by_dir.into();
        }
        println!("{out}");
        return;
    }
    // A file in one language has no table for the other.
    for s in sections.iter().filter(|s| s.report.examples > 0) {
        println!("== {}\n{}", s.name, s.report.table());
    }
    for (dir, scores) in conversations {
        println!(
            "== held-out conversations, {dir}\n{}",
            scores.table(args.disagreements)
        );
    }
}

struct Scorer<'a> {
    encoder: &'a Encoder,
    reader: &'a Reader,
    predictions: Option<RefCell<BufWriter<File>>>,
}

/// One scored example as `--predictions` writes it.
#[derive(Serialize)]
struct Prediction<'a> {
    set: &'a str,
    language: Option<Language>,
    text: &'a str,
    truth: &'a str,
    predicted: &'a str,
    reading: &'a Reading,
    /// What the question rules read in the text: open, closed, tag, rhetorical.
    question_form: Option<QuestionKind>,
    /// Whether the proposal rules read a request, offer or proposal.
    request: bool,
}

impl Scorer<'_> {
    /// Writes one example to `--predictions`, when asked for.
    fn predicted(
        &self,
        set: &str,
        text: &str,
        reading: &Reading,
        truth: &str,
        predicted: &str,
    ) -> anyhow::Result<()> {
        let Some(out) = &self.predictions else {
            return Ok(());
        };
        let language = language_of(text);
        let form = language.unwrap_or(Language::En);
        let line = Prediction {
            set,
            language,
            text,
            truth,
            predicted,
            reading,
            question_form: ask(text, form).map(|asked| asked.kind),
            request: proposes(text, form),
        };
        let mut out = out.borrow_mut();
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
        Ok(())
    }

    /// The vectors the heads read, in chunks so progress can be shown.
    fn embed(&self, texts: &[&str], what: &str) -> anyhow::Result<Vec<Embedding>> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(256) {
            out.extend(self.reader.embed(self.encoder, chunk)?.1);
            eprint!("\r{what}: {}/{}", out.len(), texts.len());
        }
        eprintln!();
        Ok(out)
    }

    fn read(&self, texts: &[&str], what: &str) -> anyhow::Result<Vec<Reading>> {
        let embeddings = self.embed(texts, what)?;
        Ok(self
            .reader
            .read(texts, &vec![None; texts.len()], &embeddings)?)
    }

    /// Acts, sentiment and specificity per language on labelled items.
    fn labelled(
        &self,
        name: &str,
        items: &[dataset::LabelledText],
    ) -> anyhow::Result<Vec<Section>> {
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        let embeddings = self.embed(&texts, name)?;
        let (scores, readings) = evaluation::evaluate_read(items, &embeddings, self.reader)?;
        for (item, reading) in items.iter().zip(&readings) {
            if let Some(truth) = item.act {
                let set = format!("{name}: dialogue act");
                self.predicted(&set, &item.text, reading, truth.name(), reading.act.name())?;
            }
            let set = format!("{name}: sentiment");
            let (truth, predicted) = (item.sentiment.name(), reading.sentiment.name());
            self.predicted(&set, &item.text, reading, truth, predicted)?;
        }
        let mut out = Vec::new();
        for (task, per) in [
            ("dialogue act", scores.act),
            ("sentiment", scores.sentiment),
            ("specificity", scores.specificity),
        ] {
            for (language, report) in [("zh", per.zh), ("en", per.en)] {
                out.push(Section {
                    name: format!("{name}: {task}, {language}"),
                    report,
                });
            }
        }
        Ok(out)
    }

    /// The public sets asked for that are present in `--public`; each missing one
    /// is said on stderr.
    fn public_sets(&self, args: &EvalArgs) -> anyhow::Result<Vec<Section>> {
        let (dir, every) = (&args.public, args.every.max(1));
        let mut out = Vec::new();
        let path = dir.join("xdailydialog_dev.tsv");
        if args.wants(EvalSet::Xdailydialog)
            && let Some(set) = present(&path, public::xdailydialog_questions)?
        {
            for language in [Language::Zh, Language::En] {
                let subset: Vec<_> = set
                    .iter()
                    .filter(|e| e.language == language)
                    .step_by(every)
                    .cloned()
                    .collect();
                let name = format!("XDailyDialog dev: question vs not, {}", language.code());
                out.push(
                    self.binary(&name, &subset, ["not_question", "question"], |r| {
                        r.act.is_question()
                    })?,
                );
            }
        }
        let path = dir.join("waimai_dev.csv");
        if args.wants(EvalSet::Waimai)
            && let Some(set) = present(&path, public::waimai)?
        {
            let subset: Vec<_> = set.into_iter().step_by(every).collect();
            out.push(self.binary(
                "waimai dev: positive vs negative review, zh",
                &subset,
                ["negative", "positive"],
                |r| {
                    r.sentiment_scores.get(Sentiment::Positive)
                        > r.sentiment_scores.get(Sentiment::Negative)
                },
            )?);
        }
        let path = dir.join("disapere_dev.tsv");
        if args.wants(EvalSet::Disapere)
            && let Some(set) = present(&path, public::disapere_praise)?
        {
            let subset: Vec<_> = set.into_iter().step_by(every).collect();
            out.push(self.binary(
                "DISAPERE dev: praise vs criticism, en",
                &subset,
                ["criticism", "praise"],
                |r| {
                    r.act_scores.get(DialogueAct::Praise) > r.act_scores.get(DialogueAct::Criticism)
                },
            )?);
        }
        let path = dir.join("cped_office_valid.tsv");
        if args.wants(EvalSet::Cped)
            && let Some(set) = present(&path, public::cped_sentiment)?
        {
            let subset: Vec<_> = set.into_iter().step_by(every).collect();
            out.push(self.cped(&subset)?);
        }
        Ok(out)
    }

    fn binary(
        &self,
        name: &str,
        set: &[public::BinaryExample],
        labels: [&str; 2],
        decide: impl Fn(&Reading) -> bool,
    ) -> anyhow::Result<Section> {
        let texts: Vec<&str> = set.iter().map(|e| e.text.as_str()).collect();
        let readings = self.read(&texts, name)?;
        let mut confusion = Confusion::new(&labels);
        for (example, reading) in set.iter().zip(&readings) {
            let (truth, predicted) = (example.positive, decide(reading));
            confusion.add(usize::from(truth), usize::from(predicted));
            let label = |positive: bool| labels[usize::from(positive)];
            self.predicted(name, &example.text, reading, label(truth), label(predicted))?;
        }
        Ok(Section {
            name: name.to_owned(),
            report: confusion.report(),
        })
    }

    fn cped(&self, set: &[public::SentimentExample]) -> anyhow::Result<Section> {
        let name = "CPED office valid: sentiment, zh";
        let texts: Vec<&str> = set.iter().map(|e| e.text.as_str()).collect();
        let readings = self.read(&texts, name)?;
        let mut confusion = Confusion::new(&Sentiment::ALL.map(Sentiment::name));
        let index = |s: Sentiment| Sentiment::ALL.iter().position(|x| *x == s).unwrap_or(1);
        for (example, reading) in set.iter().zip(&readings) {
            confusion.add(index(example.sentiment), index(reading.sentiment));
            let (truth, predicted) = (example.sentiment.name(), reading.sentiment.name());
            self.predicted(name, &example.text, reading, truth, predicted)?;
        }
        Ok(Section {
            name: name.to_owned(),
            report: confusion.report(),
        })
    }
}

/// Reads a public set if its file exists; says so on stderr when it does not.
fn present<T>(
    path: &Path,
    read: impl Fn(&Path) -> Result<Vec<T>, dataset::DatasetError>,
) -> anyhow::Result<Option<Vec<T>>> {
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return Ok(None);
    }
    Ok(Some(read(path)?))
}
