//! One group's numbers (a manager's, a department's, the whole scope's) from its
//! conversations in the period, in one pass over them.

use serde::Serialize;

use crate::domain::{ConversationKind, TurnId};
use crate::products::facts::{Quote, StagesCovered};

use super::stats::median;
use super::{AuditConversation, MANAGER_MAX_TALK_SHARE};

/// The numbers of one manager, one department or the whole scope over the period.
/// Shares and rates are 0–1; counts are conversations, sentences or items as named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    /// Distinct employees: those in the group (reporting to the manager, in the
    /// department, or everyone in scope with a manager) and anyone the group's
    /// conversations were held with.
    pub employees: u32,
    /// Conversations held in the period.
    pub conversations: u32,
    pub by_kind: ByKind,
    /// conversations / employees; null without employees.
    pub conversations_per_employee: Option<f64>,
    /// The median of the conversations' manager talk shares (by time where timed,
    /// by speech units otherwise), 0–1; null when none is known.
    pub median_manager_talk_share: Option<f64>,
    /// Conversations with a known talk share.
    pub talk_share_known: u32,
    /// Conversations where the manager's share was over 40% (DOMAIN.md).
    pub over_40_percent: u32,
    /// The median length of the timed conversations, in minutes.
    pub median_duration_minutes: Option<f64>,
    /// Conversations the models read: the base of praise, criticism and stages.
    pub models_read: u32,
    /// The managers' praise and criticism sentences, summed over the conversations
    /// the models read; null when they read none.
    pub praise: Option<u32>,
    pub criticism: Option<u32>,
    /// praise / criticism; null without criticism (or without the models).
    pub praise_per_criticism: Option<f64>,
    /// Conversations that covered all four stages, of those the models read.
    pub all_four_stages: Option<u32>,
    pub manager_open_questions: u32,
    pub manager_closed_questions: u32,
    /// Pooled: open / (open + closed) over all the conversations; null when the
    /// managers asked nothing.
    pub open_question_rate: Option<f64>,
    /// Action items agreed in the period's conversations, and of them those
    /// followed up (as the store tracks them).
    pub action_items_agreed: u32,
    pub action_items_followed_up: u32,
    /// followed up / agreed; null when nothing was agreed.
    pub follow_up_rate: Option<f64>,
    /// Action items with a due time and a concrete deliverable.
    pub action_items_specific: u32,
    /// The mean of the conversations' record completeness, 0–1.
    pub record_completeness: Option<f64>,
    /// Cadence gaps of the group's employees (`cadence_gaps` lists them).
    pub cadence_gaps: u32,
    /// At most two short quotes: the latest criticism and the latest praise the
    /// group's managers gave.
    pub evidence: Vec<GroupQuote>,
}

/// Conversations by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ByKind {
    pub plan: u32,
    pub coaching: u32,
    pub review: u32,
    pub feedback: u32,
    pub unknown: u32,
}

impl ByKind {
    fn add(&mut self, kind: Option<ConversationKind>) {
        let slot = match kind {
            Some(ConversationKind::Plan) => &mut self.plan,
            Some(ConversationKind::Coaching) => &mut self.coaching,
            Some(ConversationKind::Review) => &mut self.review,
            Some(ConversationKind::Feedback) => &mut self.feedback,
            None => &mut self.unknown,
        };
        *slot += 1;
    }
}

/// A short quote and where it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupQuote {
    pub conversation_id: i64,
    pub turn_id: TurnId,
    pub signal: QuoteSignal,
    /// At most 80 characters.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteSignal {
    Praise,
    Criticism,
}

/// The group `name` of `employees` people, from its `conversations` (sorted by
/// date, then id) and its count of cadence gaps.
pub(super) fn group(
    name: &str,
    employees: usize,
    conversations: &[&AuditConversation],
    cadence_gaps: u32,
) -> Group {
    let mut by_kind = ByKind::default();
    let mut shares = Vec::new();
    let mut minutes = Vec::new();
    let mut read = Vec::new();
    let (mut open, mut closed, mut agreed, mut followed, mut specific) = (0, 0, 0, 0, 0);
    let mut completeness = 0.0;
    for c in conversations {
        let f = &c.facts;
        by_kind.add(c.kind);
        shares.extend(f.manager_talk_share);
        minutes.extend(f.duration_seconds.map(|s| s / 60.0));
        if f.models {
            read.push(*c);
        }
        open += f.manager_open_questions;
        closed += f.manager_closed_questions;
        agreed += c.items_agreed;
        followed += c.items_followed_up;
        specific += f.action_items_specific;
        completeness += f.record.share;
    }
    let n = conversations.len() as u32;
    let models_read = read.len() as u32;
    let sum = |of: fn(&AuditConversation) -> Option<u32>| {
        (models_read > 0).then(|| read.iter().filter_map(|c| of(c)).sum::<u32>())
    };
    let praise = sum(|c| c.facts.praise);
    let criticism = sum(|c| c.facts.criticism);
    Group {
        name: name.to_owned(),
        employees: employees as u32,
        conversations: n,
        by_kind,
        conversations_per_employee: ratio(n, employees as u32),
        median_manager_talk_share: median(&shares),
        talk_share_known: shares.len() as u32,
        over_40_percent: shares
            .iter()
            .filter(|&&s| s > MANAGER_MAX_TALK_SHARE)
            .count() as u32,
        median_duration_minutes: median(&minutes),
        models_read,
        praise,
        criticism,
        praise_per_criticism: praise.zip(criticism).and_then(|(p, c)| ratio(p, c)),
        all_four_stages: (models_read > 0).then(|| {
            read.iter()
                .filter(|c| c.facts.stages.is_some_and(StagesCovered::all))
                .count() as u32
        }),
        manager_open_questions: open,
        manager_closed_questions: closed,
        open_question_rate: ratio(open, open + closed),
        action_items_agreed: agreed,
        action_items_followed_up: followed,
        follow_up_rate: ratio(followed, agreed),
        action_items_specific: specific,
        record_completeness: (n > 0).then(|| completeness / f64::from(n)),
        cadence_gaps,
        evidence: evidence(conversations),
    }
}

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The first criticism of the latest conversation that has one, and likewise praise.
fn evidence(conversations: &[&AuditConversation]) -> Vec<GroupQuote> {
    let latest = |signal: QuoteSignal, quotes: fn(&AuditConversation) -> &[Quote]| {
        conversations.iter().rev().find_map(|c| {
            quotes(c).first().map(|q| GroupQuote {
                conversation_id: c.id,
                turn_id: q.turn_id,
                signal,
                text: crate::products::facts::shorten(&q.text),
            })
        })
    };
    latest(QuoteSignal::Criticism, |c| {
        &c.facts.employee_criticism_received
    })
    .into_iter()
    .chain(latest(QuoteSignal::Praise, |c| {
        &c.facts.employee_praise_received
    }))
    .collect()
}
