//! The four coaching dimensions (DOMAIN.md "Dialogue analysis"), each 0–100 from a
//! small formula over DOMAIN.md's numbers. Every formula is written out in the
//! report with the numbers that went in, so a manager can check it by hand.
//!
//! - questioning = 60 × min(open/N, 1) + 40 × open/(open + closed) − 10 × rhetorical.
//!   N is the norm of open questions (3). The first term is the norm met, the
//!   second how much of the asking was open; a rhetorical question ("你不是说好…吗？",
//!   "How many times do we…?") scolds and costs 10. Manager's questions only,
//!   by the question rules (the same with or without models).
//! - listening = 50 × clamp((2M − share)/M, 0, 1) + 30 × min(story/L, 1) +
//!   20 × max(1 − interruptions/2, 0). M is the norm of the manager's talk share
//!   (0.40): full marks at or under it, none at twice it. The story is the
//!   employee's longest turn: L is 60 s when timed, 150 speech units when not
//!   (about a minute of English, half a minute of Chinese). Interruptions are the
//!   manager cutting into the employee, each costing half of the 20. Without
//!   timings interruptions cannot be seen, so the first two terms are scaled from
//!   80 to 100. Silences are not scored: a pause can be patience or discomfort,
//!   and the transcript cannot tell which. Not judged when no employee speaks.
//! - affirmation = 40 × min(praise/2, 1) + 30 × min(specific/2, 1) +
//!   30 × praise_first − 10 × labelling. Praise and specific praise count the
//!   manager's turns with (specific) praise: DOMAIN.md asks for at least 2 positive
//!   points. praise_first is 1 when the first praise came before the first
//!   criticism or there was no criticism. Each labelling phrase ("你总是…",
//!   "you never…") costs 10. Needs the models; without them it is not judged.
//! - summarising = 40 × summary + 40 × min(specific_actions/2, 1) + 20 × reflected.
//!   summary is 1 when the manager closed with a summary (`moves.rs`);
//!   specific_actions counts agreed action items with a due time and a concrete
//!   deliverable (DOMAIN.md: 2–3); reflected is 1 when the manager restated the
//!   employee's words at least once.
//!
//! Scores are rounded to integers and clamped to 0–100.

use super::facts::Facts;
use super::wording::Words;
use super::{Dimension, Dimensions, Part, Quote};

/// Open questions' share of the questioning score.
const OPEN_NORM_POINTS: f64 = 60.0;
const OPEN_SHARE_POINTS: f64 = 40.0;
const RHETORICAL_PENALTY: f64 = 10.0;
const TALK_POINTS: f64 = 50.0;
const STORY_POINTS: f64 = 30.0;
const INTERRUPTION_POINTS: f64 = 20.0;
/// Interruptions that take all of [`INTERRUPTION_POINTS`].
const INTERRUPTIONS_TO_ZERO: f64 = 2.0;
/// A story this long earns all of [`STORY_POINTS`].
const STORY_SECONDS: f64 = 60.0;
const STORY_UNITS: f64 = 150.0;
const PRAISE_POINTS: f64 = 40.0;
const SPECIFIC_PRAISE_POINTS: f64 = 30.0;
const PRAISE_FIRST_POINTS: f64 = 30.0;
/// DOMAIN.md: at least 2 positive points.
const PRAISE_WANTED: f64 = 2.0;
const LABELLING_PENALTY: f64 = 10.0;
const SUMMARY_POINTS: f64 = 40.0;
const ACTIONS_POINTS: f64 = 40.0;
/// DOMAIN.md: 2–3 specific, measurable action items.
const ACTIONS_WANTED: f64 = 2.0;
const REFLECTION_POINTS: f64 = 20.0;

/// A formula's result: the score, the formula with its numbers, and its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: u8,
    pub formula: String,
    pub parts: Vec<Part>,
}

impl Scored {
    fn new(parts: Vec<Part>, total: f64, formula: &str) -> Scored {
        let score = total.clamp(0.0, 100.0).round() as u8;
        Scored {
            score,
            formula: format!("{formula} = {score}"),
            parts,
        }
    }

    fn into_dimension(self, evidence: Vec<Quote>) -> Dimension {
        Dimension {
            score: Some(self.score),
            formula: self.formula,
            parts: self.parts,
            evidence,
            note: None,
            not_judged: None,
        }
    }
}

fn part(name: &'static str, points: f64, max: f64) -> Part {
    Part {
        name,
        points: round2(points),
        max,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A number as a person writes it: no trailing zeros, at most two decimals.
fn num(x: f64) -> String {
    let text = format!("{:.2}", round2(x));
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

/// Questioning from the manager's open, closed (tags included) and rhetorical
/// questions and the norm of open questions.
pub fn questioning(open: u32, closed: u32, rhetorical: u32, min_open: u32) -> Scored {
    let (o, c, r) = (f64::from(open), f64::from(closed), f64::from(rhetorical));
    let wanted = f64::from(min_open.max(1));
    let norm = OPEN_NORM_POINTS * (o / wanted).min(1.0);
    let share = OPEN_SHARE_POINTS * ratio(o, o + c);
    let penalty = RHETORICAL_PENALTY * r;
    let asked = if open + closed == 0 {
        "0 (no questions)".to_owned()
    } else {
        format!("{open}/{}", open + closed)
    };
    Scored::new(
        vec![
            part("open_questions", norm, OPEN_NORM_POINTS),
            part("open_share", share, OPEN_SHARE_POINTS),
            part("rhetorical", -penalty, 0.0),
        ],
        norm + share - penalty,
        &format!(
            "60 × min(open/{w}, 1) + 40 × open/(open + closed) − 10 × rhetorical \
             = 60 × min({open}/{w}, 1) + 40 × {asked} − 10 × {rhetorical}",
            w = min_open.max(1)
        ),
    )
}

/// How long the employee's longest turn ran.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StoryLength {
    Seconds(f64),
    Units(u32),
    /// No employee spoke.
    None,
}

/// What listening is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListeningInputs {
    /// The manager's talk share, 0–1.
    pub share: f64,
    /// Its norm, 0–1 (0.40).
    pub max_share: f64,
    pub story: StoryLength,
    /// Times the manager cut into the employee; `None` without timings.
    pub interruptions: Option<u32>,
}

pub fn listening(inputs: ListeningInputs) -> Scored {
    let m = inputs.max_share.max(0.01);
    let talk = TALK_POINTS * ((2.0 * m - inputs.share) / m).clamp(0.0, 1.0);
    let (story_fraction, story_text) = match inputs.story {
        StoryLength::Seconds(s) => (s / STORY_SECONDS, format!("min({}/60 s, 1)", num(s))),
        StoryLength::Units(u) => (f64::from(u) / STORY_UNITS, format!("min({u}/150 units, 1)")),
        StoryLength::None => (0.0, "0 (no employee)".to_owned()),
    };
    let story = STORY_POINTS * story_fraction.min(1.0);
    let talk_text = format!(
        "50 × clamp(({} − {})/{}, 0, 1)",
        num(2.0 * m),
        num(inputs.share),
        num(m)
    );
    let mut parts = vec![
        part("talk_share", talk, TALK_POINTS),
        part("employee_story", story, STORY_POINTS),
    ];
    match inputs.interruptions {
        Some(n) => {
            let rhythm =
                INTERRUPTION_POINTS * (1.0 - f64::from(n) / INTERRUPTIONS_TO_ZERO).max(0.0);
            parts.push(part("interruptions", rhythm, INTERRUPTION_POINTS));
            Scored::new(
                parts,
                talk + story + rhythm,
                &format!(
                    "50 × clamp((2M − share)/M, 0, 1) + 30 × min(story/60 s, 1) \
                     + 20 × max(1 − interruptions/2, 0) \
                     = {talk_text} + 30 × {story_text} + 20 × max(1 − {n}/2, 0)"
                ),
            )
        }
        None => Scored::new(
            parts,
            (talk + story) * 100.0 / (TALK_POINTS + STORY_POINTS),
            &format!(
                "(50 × clamp((2M − share)/M, 0, 1) + 30 × min(story/150 units, 1)) × 100/80 \
                 = ({talk_text} + 30 × {story_text}) × 100/80"
            ),
        ),
    }
}

/// Affirmation from the manager's turns with praise, with specific praise, whether
/// praise came first, and the labelling phrases used.
pub fn affirmation(praise: u32, specific: u32, praise_first: bool, labelling: u32) -> Scored {
    let p = PRAISE_POINTS * (f64::from(praise) / PRAISE_WANTED).min(1.0);
    let s = SPECIFIC_PRAISE_POINTS * (f64::from(specific) / PRAISE_WANTED).min(1.0);
    let first = if praise_first {
        PRAISE_FIRST_POINTS
    } else {
        0.0
    };
    let penalty = LABELLING_PENALTY * f64::from(labelling);
    Scored::new(
        vec![
            part("praise", p, PRAISE_POINTS),
            part("specific_praise", s, SPECIFIC_PRAISE_POINTS),
            part("praise_first", first, PRAISE_FIRST_POINTS),
            part("labelling", -penalty, 0.0),
        ],
        p + s + first - penalty,
        &format!(
            "40 × min(praise/2, 1) + 30 × min(specific_praise/2, 1) + 30 × praise_first \
             − 10 × labelling = 40 × min({praise}/2, 1) + 30 × min({specific}/2, 1) \
             + 30 × {} − 10 × {labelling}",
            u8::from(praise_first)
        ),
    )
}

/// Summarising from a closing summary, the specific action items agreed and
/// whether the manager restated the employee's words.
pub fn summarising(summary: bool, specific_actions: u32, reflected: bool) -> Scored {
    let s = if summary { SUMMARY_POINTS } else { 0.0 };
    let a = ACTIONS_POINTS * (f64::from(specific_actions) / ACTIONS_WANTED).min(1.0);
    let r = if reflected { REFLECTION_POINTS } else { 0.0 };
    Scored::new(
        vec![
            part("closing_summary", s, SUMMARY_POINTS),
            part("specific_actions", a, ACTIONS_POINTS),
            part("reflection", r, REFLECTION_POINTS),
        ],
        s + a + r,
        &format!(
            "40 × summary + 40 × min(specific_actions/2, 1) + 20 × reflected \
             = 40 × {} + 40 × min({specific_actions}/2, 1) + 20 × {}",
            u8::from(summary),
            u8::from(reflected)
        ),
    )
}

/// The four dimensions of one conversation, with their evidence.
pub fn all(facts: &Facts, words: &Words) -> Dimensions {
    Dimensions {
        questioning: questioning_of(facts),
        listening: listening_of(facts, words),
        affirmation: affirmation_of(facts, words),
        summarising: summarising_of(facts),
    }
}

fn count(quotes: &[Quote]) -> u32 {
    quotes.len() as u32
}

fn questioning_of(facts: &Facts) -> Dimension {
    let mut evidence: Vec<Quote> = facts.open.iter().take(3).cloned().collect();
    if facts.open.is_empty() {
        evidence.extend(facts.closed.iter().take(2).cloned());
    }
    evidence.extend(facts.rhetorical.iter().take(2).cloned());
    questioning(
        count(&facts.open),
        count(&facts.closed),
        count(&facts.rhetorical),
        facts.min_open,
    )
    .into_dimension(evidence)
}

fn listening_of(facts: &Facts, words: &Words) -> Dimension {
    if facts.employee.is_none() {
        return Dimension {
            score: None,
            formula: "50 × clamp((2M − share)/M, 0, 1) + 30 × min(story/60 s, 1) \
                      + 20 × max(1 − interruptions/2, 0)"
                .to_owned(),
            parts: Vec::new(),
            evidence: facts.monologue.iter().cloned().collect(),
            note: None,
            not_judged: Some(words.no_employee.to_owned()),
        };
    }
    let story = match &facts.story {
        Some(story) => match story.seconds {
            Some(seconds) if facts.timed => StoryLength::Seconds(seconds),
            _ => StoryLength::Units(story.units),
        },
        None => StoryLength::None,
    };
    let mut evidence: Vec<Quote> = facts.story.iter().map(|s| s.quote.clone()).collect();
    if facts.share > facts.max_share {
        evidence.extend(facts.monologue.clone());
    }
    evidence.extend(facts.interruptions.iter().take(2).cloned());
    for pushback in facts.pushbacks.iter().take(2) {
        evidence.push(pushback.said.clone());
        evidence.extend(pushback.reply.clone());
    }
    let mut dimension = listening(ListeningInputs {
        share: facts.share,
        max_share: facts.max_share,
        story,
        interruptions: facts.timed.then(|| count(&facts.interruptions)),
    })
    .into_dimension(evidence);
    if !facts.timed {
        dimension.note = Some(words.untimed_listening.to_owned());
    }
    dimension
}

fn affirmation_of(facts: &Facts, words: &Words) -> Dimension {
    let labelling: Vec<Quote> = facts.labelling.iter().take(2).cloned().collect();
    let Some(feedback) = &facts.feedback else {
        return Dimension {
            score: None,
            formula: "40 × min(praise/2, 1) + 30 × min(specific_praise/2, 1) \
                      + 30 × praise_first − 10 × labelling"
                .to_owned(),
            parts: Vec::new(),
            evidence: labelling,
            note: None,
            not_judged: Some(words.needs_models.to_owned()),
        };
    };
    let mut evidence: Vec<Quote> = feedback.praise_turns.iter().take(2).cloned().collect();
    if feedback.praise_first == Some(false) {
        evidence.extend(feedback.criticism.first().cloned());
    }
    evidence.extend(labelling);
    affirmation(
        count(&feedback.praise_turns),
        count(&feedback.specific_praise_turns),
        feedback.praise_first == Some(true),
        count(&facts.labelling),
    )
    .into_dimension(evidence)
}

fn summarising_of(facts: &Facts) -> Dimension {
    let specific = facts.specific_actions();
    let mut evidence: Vec<Quote> = facts.summary.iter().cloned().collect();
    evidence.extend(specific.iter().take(3).cloned());
    evidence.extend(facts.reflections.first().cloned());
    summarising(
        facts.summary.is_some(),
        count(&specific),
        !facts.reflections.is_empty(),
    )
    .into_dimension(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questioning_without_questions_is_zero() {
        let scored = questioning(0, 0, 0, 3);
        assert_eq!(scored.score, 0);
        assert!(
            scored.formula.contains("0 (no questions)"),
            "{}",
            scored.formula
        );
    }

    #[test]
    fn questioning_rewards_the_norm_and_the_open_share() {
        // 60 × 1 + 40 × 4/10 − 10 × 1 = 66
        let scored = questioning(4, 6, 1, 3);
        assert_eq!(scored.score, 66);
        assert!(scored.formula.ends_with("= 66"));
        assert!(scored.formula.contains("min(4/3, 1)"));
        // All open, at the norm: full marks.
        assert_eq!(questioning(3, 0, 0, 3).score, 100);
        // Only closed questions: nothing for the norm, nothing for the share.
        assert_eq!(questioning(0, 5, 0, 3).score, 0);
        // Rhetorical questions never push below zero.
        assert_eq!(questioning(0, 1, 4, 3).score, 0);
    }

    #[test]
    fn listening_with_timings_counts_interruptions() {
        let scored = listening(ListeningInputs {
            share: 0.40,
            max_share: 0.40,
            story: StoryLength::Seconds(61.0),
            interruptions: Some(0),
        });
        assert_eq!(scored.score, 100);
        // Twice the norm and no story: only the interruption term is left.
        let scored = listening(ListeningInputs {
            share: 0.80,
            max_share: 0.40,
            story: StoryLength::Seconds(0.0),
            interruptions: Some(1),
        });
        assert_eq!(scored.score, 10);
        assert!(
            scored.formula.contains("max(1 − 1/2, 0)"),
            "{}",
            scored.formula
        );
    }

    #[test]
    fn listening_without_timings_scales_the_other_terms() {
        // (50 × (0.8 − 0.6)/0.4 + 30 × 75/150) × 100/80 = (25 + 15) × 1.25 = 50
        let scored = listening(ListeningInputs {
            share: 0.60,
            max_share: 0.40,
            story: StoryLength::Units(75),
            interruptions: None,
        });
        assert_eq!(scored.score, 50);
        assert!(scored.formula.contains("× 100/80"), "{}", scored.formula);
        assert_eq!(scored.parts.len(), 2);
    }

    #[test]
    fn listening_without_an_employee_gets_no_story() {
        let scored = listening(ListeningInputs {
            share: 1.0,
            max_share: 0.40,
            story: StoryLength::None,
            interruptions: None,
        });
        assert_eq!(scored.score, 0);
    }

    #[test]
    fn affirmation_without_praise_is_zero_and_labels_cost() {
        assert_eq!(affirmation(0, 0, false, 0).score, 0);
        assert_eq!(affirmation(0, 0, false, 2).score, 0);
        // 40 × 1/2 + 30 × 1/2 + 30 = 65
        assert_eq!(affirmation(1, 1, true, 0).score, 65);
        // 40 + 30 + 30 − 10 = 90
        let scored = affirmation(3, 2, true, 1);
        assert_eq!(scored.score, 90);
        assert!(scored.formula.contains("− 10 × 1"), "{}", scored.formula);
    }

    #[test]
    fn summarising_counts_summary_actions_and_reflection() {
        assert_eq!(summarising(false, 0, false).score, 0);
        assert_eq!(summarising(true, 1, false).score, 60);
        assert_eq!(summarising(true, 5, true).score, 100);
    }

    #[test]
    fn numbers_in_formulas_have_no_trailing_zeros() {
        assert_eq!(num(0.4), "0.4");
        assert_eq!(num(0.8), "0.8");
        assert_eq!(num(61.0), "61");
        assert_eq!(num(0.715_428), "0.72");
    }
}
