//! A weekly report (周报) as Candor reads it: each sentence's sentiment and topics,
//! the report's sentiment as one number in [−1, 1], the share of sentences on each
//! topic, and its keyphrases.

use serde::Serialize;

use crate::domain::Role;
use crate::normalize::{report_lines, sentence_spans};

use super::classify::{Classifier, ClassifyError, TextAnalysis};
use super::keyphrases::Keyphrase;
use super::topics::Topic;

/// The share of a report's sentences that touch one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicShare {
    pub topic: Topic,
    /// Sentences on the topic ÷ all sentences, in [0, 1].
    pub share: f64,
}

/// One weekly report, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportReading {
    /// Mean of the sentences' P(positive) − P(negative), weighted by length, in [−1, 1].
    pub sentiment: f32,
    pub topics: Vec<TopicShare>,
    pub keyphrases: Vec<Keyphrase>,
    pub sentences: Vec<TextAnalysis>,
}

/// Reads `text` as one employee's weekly report. Its sentences are read without list
/// markers and heading labels (`1.`, `本周完成：`): the heads were trained on
/// sentences as people say them, and a label is layout, not tone.
pub fn read_report(text: &str, classifier: &Classifier) -> Result<ReportReading, ClassifyError> {
    let refs: Vec<&str> = report_lines(text)
        .into_iter()
        .flat_map(|line| {
            sentence_spans(line.content)
                .into_iter()
                .map(move |span| span.slice(line.content).trim())
        })
        .filter(|s| !s.is_empty())
        .collect();
    let roles = vec![Some(Role::Employee); refs.len()];
    let readings = classifier.classify(&refs, &roles)?;
    let weights: Vec<f32> = refs
        .iter()
        .map(|s| s.chars().count().max(1) as f32)
        .collect();
    let total: f32 = weights.iter().sum();
    let sentiment = if total > 0.0 {
        readings
            .iter()
            .zip(&weights)
            .map(|(r, w)| r.reading.polarity() * w)
            .sum::<f32>()
            / total
    } else {
        0.0
    };
    let topics = Topic::ALL
        .iter()
        .filter_map(|&topic| {
            let on = readings
                .iter()
                .filter(|r| r.topics.iter().any(|t| t.topic == topic))
                .count();
            (on > 0).then(|| TopicShare {
                topic,
                share: on as f64 / readings.len() as f64,
            })
        })
        .collect();
    let keyphrases = classifier.keyphrases(text)?;
    Ok(ReportReading {
        sentiment,
        topics,
        keyphrases,
        sentences: readings,
    })
}
