//! Strengths and changes: up to three of each, every one resting on quotes.
//!
//! Each candidate is worth the points it earns (a strength) or leaves on the table
//! (a change) in its dimension's formula, so the report leads with what mattered
//! most and "change this" means "this would raise the score most". Moves outside
//! the formulas have fixed weights: room to explain a disagreement 35, vague
//! criticism 15. Selection is deterministic: by weight (ties in the order the
//! candidates are listed here), one per dimension first, then the next best.
//! A candidate without a quote to show is dropped, so a report may have fewer
//! than three.

use crate::products::moves::Room;

use super::facts::Facts;
use super::wording::Words;
use super::{Advice, Dimension, DimensionName, Dimensions, Point, Quote};

const WANTED: usize = 3;
/// Weights of moves that no formula scores.
const ROOM_WEIGHT: f64 = 35.0;
const VAGUE_CRITICISM_WEIGHT: f64 = 15.0;
/// Quotes shown per point.
const QUOTES: usize = 3;

struct Candidate {
    point: Point,
    weight: f64,
}

fn candidate(
    id: Advice,
    dimension: DimensionName,
    weight: f64,
    text: String,
    quotes: Vec<Quote>,
) -> Candidate {
    Candidate {
        point: Point {
            id,
            dimension,
            text,
            quotes: quotes.into_iter().take(QUOTES).collect(),
        },
        weight,
    }
}

fn earned(dimension: &Dimension, name: &str) -> f64 {
    dimension
        .parts
        .iter()
        .find(|p| p.name == name)
        .map_or(0.0, |p| p.points)
}

fn lost(dimension: &Dimension, name: &str) -> f64 {
    dimension
        .parts
        .iter()
        .find(|p| p.name == name)
        .map_or(0.0, super::Part::lost)
}

/// The best `WANTED` candidates with quotes and weight above zero.
fn select(candidates: Vec<Candidate>) -> Vec<Point> {
    let mut ranked: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| c.weight > 0.0 && !c.point.quotes.is_empty())
        .collect();
    ranked.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let mut chosen: Vec<usize> = Vec::new();
    for (i, c) in ranked.iter().enumerate() {
        let new_dimension = !chosen
            .iter()
            .any(|&k| ranked[k].point.dimension == c.point.dimension);
        if chosen.len() < WANTED && new_dimension {
            chosen.push(i);
        }
    }
    for i in 0..ranked.len() {
        if chosen.len() < WANTED && !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| ranked[i].point.clone())
        .collect()
}

fn employee<'a>(facts: &'a Facts, words: &'a Words) -> &'a str {
    facts.employee.as_deref().unwrap_or(words.the_employee)
}

/// What the manager did well.
pub fn strengths(facts: &Facts, dimensions: &Dimensions, words: &Words) -> Vec<Point> {
    let e = employee(facts, words);
    let story: Vec<Quote> = facts.story.iter().map(|s| s.quote.clone()).collect();
    let mut found = Vec::new();
    if facts.share <= facts.max_share && facts.employee.is_some() {
        found.push(candidate(
            Advice::TalkShare,
            DimensionName::Listening,
            earned(&dimensions.listening, "talk_share"),
            words.strength_talk_share(e, facts.share, facts.basis, facts.max_share),
            story.clone(),
        ));
    }
    if facts.open.len() >= facts.min_open as usize {
        found.push(candidate(
            Advice::OpenQuestions,
            DimensionName::Questioning,
            earned(&dimensions.questioning, "open_questions"),
            words.strength_open_questions(e, facts.open.len()),
            facts.open.clone(),
        ));
    }
    if let Some(s) = &facts.story {
        let story_points = earned(&dimensions.listening, "employee_story");
        if story_points >= 30.0 && facts.interruptions.is_empty() {
            found.push(candidate(
                Advice::EmployeeStory,
                DimensionName::Listening,
                story_points,
                words.strength_story(e, s.quote.turn_id.0, &words.length(s.seconds, s.units)),
                story,
            ));
        }
    }
    if let Some(feedback) = &facts.feedback
        && !feedback.specific_praise_turns.is_empty()
    {
        let first = feedback.praise_first == Some(true);
        found.push(candidate(
            Advice::SpecificPraise,
            DimensionName::Affirmation,
            earned(&dimensions.affirmation, "specific_praise")
                + earned(&dimensions.affirmation, "praise_first"),
            words.strength_specific_praise(first),
            feedback.specific_praise_turns.clone(),
        ));
    }
    if let Some(summary) = &facts.summary {
        found.push(candidate(
            Advice::ClosingSummary,
            DimensionName::Summarising,
            earned(&dimensions.summarising, "closing_summary"),
            words.strength_summary(),
            vec![summary.clone()],
        ));
    }
    let specific = facts.specific_actions();
    if specific.len() >= 2 {
        found.push(candidate(
            Advice::SpecificActions,
            DimensionName::Summarising,
            earned(&dimensions.summarising, "specific_actions"),
            words.strength_actions(specific.len()),
            specific,
        ));
    }
    if !facts.pushbacks.is_empty() && facts.pushbacks.iter().all(|p| p.room == Room::Given) {
        let p = &facts.pushbacks[0];
        found.push(candidate(
            Advice::RoomToExplain,
            DimensionName::Listening,
            ROOM_WEIGHT,
            words.strength_room(e),
            std::iter::once(p.said.clone())
                .chain(p.reply.clone())
                .collect(),
        ));
    }
    if !facts.reflections.is_empty() {
        found.push(candidate(
            Advice::Reflection,
            DimensionName::Summarising,
            earned(&dimensions.summarising, "reflection"),
            words.strength_reflection(e),
            facts.reflections.clone(),
        ));
    }
    select(found)
}

/// What the manager should do differently next time.
pub fn changes(facts: &Facts, dimensions: &Dimensions, words: &Words) -> Vec<Point> {
    let e = employee(facts, words);
    let last_word: Vec<Quote> = facts.last_word.iter().cloned().collect();
    let mut found = Vec::new();
    if facts.share > facts.max_share {
        found.push(candidate(
            Advice::TalkShare,
            DimensionName::Listening,
            lost(&dimensions.listening, "talk_share"),
            words.change_talk_less(e, facts.share, facts.basis, facts.max_share),
            facts.monologue.iter().cloned().collect(),
        ));
    }
    if !facts.interruptions.is_empty() {
        found.push(candidate(
            Advice::Interruptions,
            DimensionName::Listening,
            lost(&dimensions.listening, "interruptions"),
            words.change_interruptions(e, facts.interruptions.len()),
            facts.interruptions.clone(),
        ));
    }
    if facts.open.len() < facts.min_open as usize {
        let quotes = if facts.closed.is_empty() {
            facts.monologue.iter().cloned().collect()
        } else {
            facts.closed.clone()
        };
        found.push(candidate(
            Advice::OpenQuestions,
            DimensionName::Questioning,
            lost(&dimensions.questioning, "open_questions"),
            words.change_open_questions(facts.open.len(), facts.min_open),
            quotes,
        ));
    }
    if !facts.rhetorical.is_empty() {
        found.push(candidate(
            Advice::RhetoricalQuestions,
            DimensionName::Questioning,
            lost(&dimensions.questioning, "rhetorical"),
            words.change_rhetorical(),
            facts.rhetorical.clone(),
        ));
    }
    if !facts.labelling.is_empty() {
        found.push(candidate(
            Advice::Labelling,
            DimensionName::Affirmation,
            10.0 * facts.labelling.len() as f64,
            words.change_labelling(),
            facts.labelling.clone(),
        ));
    }
    feedback_changes(facts, dimensions, words, &mut found);
    if facts.summary.is_none() {
        found.push(candidate(
            Advice::ClosingSummary,
            DimensionName::Summarising,
            lost(&dimensions.summarising, "closing_summary"),
            words.change_summary(),
            last_word.clone(),
        ));
    }
    let specific = facts.specific_actions();
    if specific.len() < 2 {
        let vague = facts.vague_actions();
        found.push(candidate(
            Advice::SpecificActions,
            DimensionName::Summarising,
            lost(&dimensions.summarising, "specific_actions"),
            words.change_actions(specific.len()),
            if vague.is_empty() { last_word } else { vague },
        ));
    }
    if let Some(p) = facts.pushbacks.iter().find(|p| p.room != Room::Given) {
        found.push(candidate(
            Advice::RoomToExplain,
            DimensionName::Listening,
            ROOM_WEIGHT,
            words.change_room(e, p.said.turn_id.0),
            std::iter::once(p.said.clone())
                .chain(p.reply.clone())
                .collect(),
        ));
    }
    select(found)
}

/// Changes about praise and criticism; only with the models.
fn feedback_changes(
    facts: &Facts,
    dimensions: &Dimensions,
    words: &Words,
    found: &mut Vec<Candidate>,
) {
    let Some(feedback) = &facts.feedback else {
        return;
    };
    let affirmation = &dimensions.affirmation;
    let both = !feedback.praise_turns.is_empty() && !feedback.criticism.is_empty();
    if both && feedback.praise_first == Some(false) {
        found.push(candidate(
            Advice::PraiseFirst,
            DimensionName::Affirmation,
            lost(affirmation, "praise_first"),
            words.change_praise_first(),
            feedback
                .criticism
                .first()
                .into_iter()
                .chain(feedback.praise_turns.first())
                .cloned()
                .collect(),
        ));
    }
    if feedback.praise_turns.len() < 2 {
        let mut weight = lost(affirmation, "praise");
        if feedback.praise_turns.is_empty() {
            weight += lost(affirmation, "praise_first");
        }
        let quotes = if feedback.praise_turns.is_empty() {
            feedback.criticism.iter().take(1).cloned().collect()
        } else {
            feedback.praise_turns.clone()
        };
        found.push(candidate(
            Advice::MorePraise,
            DimensionName::Affirmation,
            weight,
            words.change_more_praise(feedback.praise_turns.len()),
            quotes,
        ));
    } else if feedback.specific_praise_turns.len() < 2 && !feedback.vague_praise.is_empty() {
        found.push(candidate(
            Advice::SpecificPraise,
            DimensionName::Affirmation,
            lost(affirmation, "specific_praise"),
            words.change_specific_praise(),
            feedback.vague_praise.clone(),
        ));
    }
    if !feedback.vague_criticism.is_empty() {
        found.push(candidate(
            Advice::VagueCriticism,
            DimensionName::Affirmation,
            VAGUE_CRITICISM_WEIGHT,
            words.change_vague_criticism(),
            feedback.vague_criticism.clone(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TurnId;
    use crate::products::coaching::Signal;

    fn c(id: Advice, dimension: DimensionName, weight: f64, quoted: bool) -> Candidate {
        let quotes = if quoted {
            vec![Quote {
                turn_id: TurnId(1),
                quote: "x".into(),
                signal: Signal::LastWord,
            }]
        } else {
            vec![]
        };
        candidate(id, dimension, weight, String::new(), quotes)
    }

    #[test]
    fn selection_prefers_one_per_dimension_then_weight() {
        let picked = select(vec![
            c(Advice::TalkShare, DimensionName::Listening, 40.0, true),
            c(Advice::Interruptions, DimensionName::Listening, 30.0, true),
            c(
                Advice::OpenQuestions,
                DimensionName::Questioning,
                20.0,
                true,
            ),
            c(
                Advice::ClosingSummary,
                DimensionName::Summarising,
                10.0,
                true,
            ),
        ]);
        let ids: Vec<Advice> = picked.iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            [
                Advice::TalkShare,
                Advice::OpenQuestions,
                Advice::ClosingSummary
            ]
        );
    }

    #[test]
    fn selection_fills_from_the_same_dimension_and_drops_the_unquoted() {
        let picked = select(vec![
            c(Advice::TalkShare, DimensionName::Listening, 40.0, true),
            c(Advice::Interruptions, DimensionName::Listening, 30.0, true),
            c(
                Advice::OpenQuestions,
                DimensionName::Questioning,
                50.0,
                false,
            ),
            c(
                Advice::ClosingSummary,
                DimensionName::Summarising,
                0.0,
                true,
            ),
        ]);
        let ids: Vec<Advice> = picked.iter().map(|p| p.id).collect();
        assert_eq!(ids, [Advice::TalkShare, Advice::Interruptions]);
    }
}
