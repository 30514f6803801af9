//! One text at a time: everything Candor reads in a sentence or a short text
//! (`candor classify`), from the encoder, the heads, the topic model, the
//! trackers and, for Chinese, the keyphrase extractor.

use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::domain::{DialogueAct, Language, Role, Specificity};
use crate::inference::heads::HeadError;
use crate::inference::manifest::Manifest;
use crate::inference::{Embedding, Encoder, InferenceError};
use crate::normalize::language_of;

use super::keyphrases::{ChineseKeyphrases, Keyphrase, english_candidates, mmr};
use super::topics::{Topic, TopicModel, TopicScore, TrackerHit, TrackerSpec, Trackers};
use super::understanding::{Reader, ReaderError, Reading};

/// Why the classifier could not load or run.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error(transparent)]
    Inference(#[from] InferenceError),
    #[error(transparent)]
    Reader(#[from] ReaderError),
    #[error(transparent)]
    Head(#[from] HeadError),
}

/// What Candor reads in one text (`candor classify`'s line, `candor.classify/1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextAnalysis {
    pub text: String,
    pub language: Option<Language>,
    #[serde(flatten)]
    pub reading: Reading,
    /// Praise or criticism that names behaviour, events or data; null for other acts.
    pub specific: Option<bool>,
    pub topics: Vec<TopicScore>,
    pub trackers: Vec<TrackerHit>,
    /// What the text is about in its own words; computed by `candor classify`, not
    /// for every sentence of a transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyphrases: Option<Vec<Keyphrase>>,
}

impl TextAnalysis {
    /// This analysis with `act` in place of the one read ([`Reading::with_act`]).
    pub fn with_act(mut self, act: DialogueAct) -> TextAnalysis {
        self.reading = self.reading.with_act(act);
        self.specific = specific(&self.reading);
        self
    }
}

/// Whether feedback names behaviour, events or data; None for other acts.
fn specific(reading: &Reading) -> Option<bool> {
    reading.specificity.map(|s| s == Specificity::Specific)
}

/// Keyphrases per text.
const KEYPHRASES: usize = 5;
/// Candidate phrases of an English text ranked by the encoder.
const MAX_CANDIDATES: usize = 24;
/// MMR's weight on diversity among the chosen phrases.
const DIVERSITY: f32 = 0.5;

/// The loaded models behind [`TextAnalysis`].
#[derive(Debug)]
pub struct Classifier {
    encoder: Encoder,
    reader: Reader,
    topics: TopicModel,
    trackers: Trackers,
    /// jieba's dictionary takes ~0.3 s and ~70 MB: loaded on first use.
    chinese: OnceLock<ChineseKeyphrases>,
}

impl Classifier {
    /// Loads the encoder and heads from `models_dir` and embeds the topic
    /// descriptions and the trackers' examples once.
    pub fn load(
        models_dir: &Path,
        trackers: Vec<TrackerSpec>,
    ) -> Result<Classifier, ClassifyError> {
        let encoder = Encoder::load(&models_dir.join(Manifest::builtin().encoder.folder))?;
        let reader = Reader::load(&models_dir.join("heads"))?;
        let kind = reader.kind();
        let descriptions: Vec<&str> = Topic::descriptions().iter().map(|(_, d)| *d).collect();
        let topics = TopicModel::new(encoder.embed(&descriptions, kind)?);
        let mut examples = Vec::with_capacity(trackers.len());
        for spec in &trackers {
            let texts: Vec<&str> = spec.examples.iter().map(String::as_str).collect();
            examples.push(encoder.embed(&texts, kind)?);
        }
        Ok(Classifier {
            encoder,
            reader,
            topics,
            trackers: Trackers::new(trackers, examples),
            chinese: OnceLock::new(),
        })
    }

    /// The encoder, for callers that score the heads on texts of their own (`candor eval`).
    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The heads with their rules.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// Reads every text; `roles[i]` says who said `texts[i]` when known (empty: unknown).
    pub fn classify(
        &self,
        texts: &[&str],
        roles: &[Option<Role>],
    ) -> Result<Vec<TextAnalysis>, ClassifyError> {
        Ok(self.classify_embedded(texts, roles)?.0)
    }

    /// [`Classifier::classify`] and the e5 embeddings it made, for callers that need
    /// them again (keyphrases rank candidates against the text's embedding).
    fn classify_embedded(
        &self,
        texts: &[&str],
        roles: &[Option<Role>],
    ) -> Result<(Vec<TextAnalysis>, Vec<Embedding>), ClassifyError> {
        let (embeddings, for_heads) = self.reader.embed(&self.encoder, texts)?;
        let readings = self.reader.read(texts, roles, &for_heads)?;
        let analyses = texts
            .iter()
            .zip(&embeddings)
            .zip(readings)
            .map(|((text, embedding), reading)| TextAnalysis {
                text: (*text).to_owned(),
                language: language_of(text),
                specific: specific(&reading),
                topics: self.topics.topics(text, embedding),
                trackers: self.trackers.hits(embedding),
                keyphrases: None,
                reading,
            })
            .collect();
        Ok((analyses, embeddings))
    }

    /// As [`Classifier::classify`], with each text's keyphrases.
    pub fn classify_with_keyphrases(
        &self,
        texts: &[&str],
    ) -> Result<Vec<TextAnalysis>, ClassifyError> {
        let (mut out, embeddings) = self.classify_embedded(texts, &[])?;
        for (analysis, embedding) in out.iter_mut().zip(&embeddings) {
            analysis.keyphrases =
                Some(self.keyphrases_with(&analysis.text, analysis.language, embedding)?);
        }
        Ok(out)
    }

    /// The keyphrases of one text: jieba's TF-IDF and TextRank for Chinese,
    /// candidate phrases ranked by the encoder with MMR (KeyBERT's way) for English
    /// and mixed text.
    pub fn keyphrases(&self, text: &str) -> Result<Vec<Keyphrase>, ClassifyError> {
        let language = language_of(text);
        if language == Some(Language::Zh) {
            return Ok(self.chinese_keyphrases(text));
        }
        let document = self.encoder.embed(&[text], self.reader.kind())?;
        let Some(document) = document.first() else {
            return Ok(Vec::new());
        };
        self.keyphrases_with(text, language, document)
    }

    /// Keyphrases given the text's e5 embedding (unused for Chinese).
    fn keyphrases_with(
        &self,
        text: &str,
        language: Option<Language>,
        document: &Embedding,
    ) -> Result<Vec<Keyphrase>, ClassifyError> {
        if language == Some(Language::Zh) {
            return Ok(self.chinese_keyphrases(text));
        }
        let candidates = english_candidates(text, MAX_CANDIDATES);
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let inputs: Vec<&str> = candidates.iter().map(String::as_str).collect();
        let embeddings = self.encoder.embed(&inputs, self.reader.kind())?;
        Ok(mmr(document, &embeddings, KEYPHRASES, DIVERSITY)
            .into_iter()
            .map(|(index, relevance)| Keyphrase {
                phrase: candidates[index].clone(),
                score: relevance,
            })
            .collect())
    }

    fn chinese_keyphrases(&self, text: &str) -> Vec<Keyphrase> {
        self.chinese
            .get_or_init(ChineseKeyphrases::new)
            .extract(text, KEYPHRASES)
    }
}
