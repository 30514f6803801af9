//! The manager's self-check list of article 001 (table 2, 高效绩效面谈管理者行为
//! 自检清单), filled in where a transcript can tell:
//!
//! | item | status from |
//! |---|---|
//! | notice ≥ 3 days, purpose and agenda | not visible |
//! | self-review read, 3–5 cases | not visible |
//! | ≥ 3 open questions | the manager's open questions asked (whether prepared is not visible) |
//! | own talk ≤ 40% | the manager's talk share |
//! | praise first, not criticism first | the models' praise and criticism order; not visible without the models or without either |
//! | room to explain on disagreements | the employee's pushbacks (`moves.rs`); not visible when there were none |
//! | 2–3 specific, measurable actions agreed | action items with a due time and a deliverable: met from 2 |
//! | key points recorded, follow-ups set | not visible |

use crate::products::moves::Room;

use super::facts::Facts;
use super::wording::Words;
use super::{CheckId, CheckItem, Phase, Quote, Status};

/// DOMAIN.md: 2–3 specific, measurable action items.
const MIN_SPECIFIC_ACTIONS: usize = 2;

/// The eight items in the article's order.
pub fn fill(facts: &Facts, words: &Words) -> Vec<CheckItem> {
    let hidden = |id, phase, item| CheckItem {
        id,
        phase,
        item,
        status: Status::NotVisible,
        note: words.not_visible.to_owned(),
        evidence: Vec::new(),
    };
    vec![
        hidden(CheckId::NoticeAndAgenda, Phase::Before, words.item_notice()),
        hidden(
            CheckId::SelfReviewAndCases,
            Phase::Before,
            words.item_self_review(),
        ),
        open_questions(facts, words),
        talk_share(facts, words),
        praise_first(facts, words),
        room_to_explain(facts, words),
        agreed_actions(facts, words),
        hidden(
            CheckId::RecordAndFollowUp,
            Phase::After,
            words.item_record(),
        ),
    ]
}

fn met(yes: bool) -> Status {
    if yes { Status::Met } else { Status::NotMet }
}

fn open_questions(facts: &Facts, words: &Words) -> CheckItem {
    let asked = facts.open.len();
    CheckItem {
        id: CheckId::OpenQuestions,
        phase: Phase::Before,
        item: words.item_open_questions(facts.min_open),
        status: met(asked >= facts.min_open as usize),
        note: words.note_open_questions(asked, facts.min_open),
        evidence: if asked > 0 {
            facts.open.iter().take(3).cloned().collect()
        } else {
            facts.closed.iter().take(2).cloned().collect()
        },
    }
}

fn talk_share(facts: &Facts, words: &Words) -> CheckItem {
    let within = facts.share <= facts.max_share;
    let evidence = if within {
        facts.story.iter().map(|s| s.quote.clone()).collect()
    } else {
        facts.monologue.iter().cloned().collect()
    };
    CheckItem {
        id: CheckId::TalkShare,
        phase: Phase::During,
        item: words.item_talk_share(facts.max_share),
        status: met(within),
        note: words.note_talk_share(facts.share, facts.basis, facts.max_share),
        evidence,
    }
}

fn praise_first(facts: &Facts, words: &Words) -> CheckItem {
    let item = words.item_praise_first();
    let (status, note, evidence) = match &facts.feedback {
        None => (
            Status::NotVisible,
            words.needs_models.to_owned(),
            Vec::new(),
        ),
        Some(feedback) => match feedback.praise_first {
            None => (Status::NotVisible, words.note_no_feedback(), Vec::new()),
            Some(first) => {
                let both = !feedback.praise_turns.is_empty() && !feedback.criticism.is_empty();
                let evidence: Vec<Quote> = if first {
                    feedback
                        .praise_turns
                        .first()
                        .into_iter()
                        .chain(feedback.criticism.first())
                        .cloned()
                        .collect()
                } else {
                    feedback
                        .criticism
                        .first()
                        .into_iter()
                        .chain(feedback.praise_turns.first())
                        .cloned()
                        .collect()
                };
                (met(first), words.note_praise_first(first, both), evidence)
            }
        },
    };
    CheckItem {
        id: CheckId::PraiseFirst,
        phase: Phase::During,
        item,
        status,
        note,
        evidence,
    }
}

fn room_to_explain(facts: &Facts, words: &Words) -> CheckItem {
    let failed = facts.pushbacks.iter().find(|p| p.room != Room::Given);
    let (status, note) = match (facts.pushbacks.is_empty(), failed) {
        (true, _) => (Status::NotVisible, words.note_no_disagreement()),
        (false, None) => (Status::Met, words.note_room_given(facts.pushbacks.len())),
        (false, Some(p)) => (
            Status::NotMet,
            match p.room {
                Room::CutOff => words.note_room_cut_off(),
                Room::Dismissed => words.note_room_dismissed(),
                Room::Unexplained | Room::Given => words.note_room_unexplained(),
            },
        ),
    };
    let shown = failed.into_iter().chain(facts.pushbacks.first()).next();
    CheckItem {
        id: CheckId::RoomToExplain,
        phase: Phase::During,
        item: words.item_room(),
        status,
        note,
        evidence: shown
            .map(|p| {
                std::iter::once(p.said.clone())
                    .chain(p.reply.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn agreed_actions(facts: &Facts, words: &Words) -> CheckItem {
    let specific = facts.specific_actions();
    let evidence = if specific.is_empty() {
        facts.vague_actions().into_iter().take(3).collect()
    } else {
        specific.iter().take(3).cloned().collect()
    };
    CheckItem {
        id: CheckId::AgreedActions,
        phase: Phase::After,
        item: words.item_actions(),
        status: met(specific.len() >= MIN_SPECIFIC_ACTIONS),
        note: words.note_actions(specific.len(), facts.actions.len()),
        evidence,
    }
}
