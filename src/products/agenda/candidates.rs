//! Every item the agenda could hold, each with its priority and how many minutes it
//! needs and deserves; `budget.rs` then keeps what fits. Candidates come out in the
//! order they stand in within their section (the last conversation's action items
//! first, growth first in development for a high performer, the improvement plan
//! first for a low one).
//!
//! Priorities are on a 0–100 scale: what must not be dropped (a falling mood, the
//! improvement plan, the closing) near the top; what any conversation could discuss
//! (process in general) near the bottom. Kind and level move them as DOMAIN.md says:
//! goals and results up in plan, review and feedback; blockers and support up in
//! coaching; growth up for a high performer, the gaps for a middle one, the plan for
//! a low one.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::{ConversationKind, PerformanceLevel};
use crate::products::signals::{Signal, SignalKind, WINDOW_WEEKS, WeekReport};
use crate::store::IsoWeek;

use super::budget::Candidate;
use super::inputs::{Extra, in_progress, is_meaningful, last_conversations, mentions};
use super::wording::{ActionFacts, BlockerFacts, Texts, Words};
use super::{
    AgendaRequest, AgendaSignal, Evidence, Item, OpenItem, PastConversation, Section, Topic,
};

/// Open action items taken from the last conversation, and from all earlier ones.
const MAX_LAST_ACTIONS: usize = 4;
const MAX_EARLIER_ACTIONS: usize = 2;

/// Report wins quoted in the recognition item.
const MAX_WINS: usize = 3;

/// Growth words named back to the employee in a question, at most.
const MAX_GROWTH_TERMS: usize = 3;

/// Growth words as the reports write them, most telling first.
static GROWTH_TERMS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"晋升", "晋升"),
        (r"架构设计", "架构设计"),
        (r"带一个小项目|带项目", "带项目"),
        (r"带人|带新人|多带", "带新人"),
        (r"技术路线", "技术路线"),
        (r"管理路线", "管理路线"),
        (r"职业", "职业发展"),
        (r"(?i)\bmentor\w*", "mentoring"),
        (r"(?i)\bpromot\w*", "promotion"),
        (r"(?i)\bcareer\b", "career"),
        (r"(?i)\b(?:tech|team) lead\b", "leading a team"),
        (r"(?i)\bstretch\b", "stretch work"),
    ]
    .into_iter()
    .map(|(pattern, term)| (Regex::new(pattern).expect("valid regex"), term))
    .collect()
});

/// Everything the candidates are drawn from.
pub struct Found<'a> {
    pub request: &'a AgendaRequest,
    pub words: &'static Words,
    pub window: &'a [WeekReport<'a>],
    /// Oldest first.
    pub history: &'a [&'a PastConversation],
    pub report_signals: &'a [Signal],
    pub extra: &'a Extra,
}

/// An open action item with the conversation it was agreed in.
#[derive(Clone, Copy)]
struct Open<'a> {
    conversation: &'a PastConversation,
    item: &'a OpenItem,
    last: bool,
}

impl Open<'_> {
    /// Whether the item names what `signal` is about (its subject).
    fn names(&self, signal: &Signal) -> bool {
        signal.subject.as_deref().is_some_and(|subject| {
            mentions(&self.item.what, subject) || mentions(&self.item.quote, subject)
        })
    }
}

/// A candidate in the making: the item's place and texts, and its budget numbers.
struct Draft {
    section: Section,
    topic: Topic,
    texts: Texts,
    evidence: Vec<Evidence>,
    priority: u32,
    min: u32,
    weight: u32,
    cap: Option<u32>,
}

impl Draft {
    fn new(section: Section, topic: Topic, texts: Texts, evidence: Vec<Evidence>) -> Draft {
        let (min, weight, cap) = match section {
            Section::FollowUp | Section::Closing => (2, 1, Some(6)),
            Section::Recognition => (2, 1, Some(8)),
            _ => (3, 3, None),
        };
        Draft {
            section,
            topic,
            texts,
            evidence,
            priority: 50,
            min,
            weight,
            cap,
        }
    }

    fn priority(mut self, priority: u32) -> Draft {
        self.priority = priority.min(100);
        self
    }

    fn weight(mut self, weight: u32) -> Draft {
        self.weight = weight;
        self
    }

    fn min(mut self, min: u32) -> Draft {
        self.min = min;
        self
    }

    fn done(self) -> Candidate {
        Candidate {
            item: Item {
                section: self.section,
                topic: self.topic,
                title: self.texts.title,
                why: self.texts.why,
                evidence: self.evidence,
                questions: self.texts.questions,
                minutes: 0,
            },
            priority: self.priority,
            min: self.min,
            weight: self.weight,
            cap: self.cap,
        }
    }
}

impl Found<'_> {
    /// All candidates, in their order within each section.
    pub fn candidates(&self) -> Vec<Candidate> {
        let blockers = self.signals(SignalKind::RecurringTopic);
        let commitments = self.signals(SignalKind::OpenCommitment);
        let opens = self.open_items();
        // Action items about a recurring blocker are talked about with it.
        let (about_blockers, follow_ups): (Vec<Open<'_>>, Vec<Open<'_>>) = opens
            .into_iter()
            .partition(|open| blockers.iter().any(|b| open.names(b)));
        let mut drafts = Vec::new();
        let mut used_commitments = Vec::new();
        for open in &follow_ups {
            let commitment = commitments.iter().find(|c| open.names(c));
            if let Some(c) = commitment {
                used_commitments.push(c.summary.as_str());
            }
            drafts.push(self.open_action(*open, commitment.copied()));
        }
        for c in commitments
            .iter()
            .filter(|c| !used_commitments.contains(&c.summary.as_str()))
        {
            drafts.extend(self.commitment(c));
        }
        drafts.push(self.recognition());
        drafts.push(self.goals());
        drafts.extend(self.process(&blockers, &about_blockers));
        drafts.push(self.strengths_and_gaps());
        drafts.extend(self.development_and_support());
        drafts.push(
            Draft::new(
                Section::Closing,
                Topic::Closing,
                self.words.closing(),
                Vec::new(),
            )
            .priority(100),
        );
        drafts.into_iter().map(Draft::done).collect()
    }

    fn level(&self) -> Option<PerformanceLevel> {
        self.request.performance_level
    }

    fn kind(&self) -> ConversationKind {
        self.request.kind
    }

    fn signals(&self, kind: SignalKind) -> Vec<&Signal> {
        self.report_signals
            .iter()
            .filter(|s| s.kind == kind)
            .collect()
    }

    fn last(&self) -> Option<&PastConversation> {
        self.history.last().copied()
    }

    /// The open items worth following up: the last conversation's first, specific
    /// and dated ones before the rest; then the earlier conversations', newest first.
    fn open_items(&self) -> Vec<Open<'_>> {
        let Some((last, earlier)) = self.history.split_last() else {
            return Vec::new();
        };
        let mut out = sorted_items(last, true, MAX_LAST_ACTIONS);
        let mut older: Vec<Open<'_>> = earlier
            .iter()
            .rev()
            .flat_map(|c| sorted_items(c, false, usize::MAX))
            .collect();
        older.truncate(MAX_EARLIER_ACTIONS);
        out.extend(older);
        out
    }

    fn by_employee(&self, owner: &str) -> bool {
        owner.trim() == self.request.employee.trim()
    }

    fn open_action(&self, open: Open<'_>, commitment: Option<&Signal>) -> Draft {
        let item = open.item;
        let overdue_days = item
            .due_date
            .map(|due| (self.request.date - due).num_days())
            .filter(|&days| days > 0);
        let promised = commitment.and_then(|c| c.evidence.first());
        let facts = ActionFacts {
            what: &item.what,
            owner: &item.owner,
            by_employee: self.by_employee(&item.owner),
            conversation: open.conversation,
            due_text: item.due_text.as_deref(),
            due_date: item.due_date,
            overdue_days,
            commitment: promised.map(|e| (e.week, e.quote.as_str())),
        };
        let mut evidence = vec![Evidence::conversation(
            open.conversation.id,
            item.turn_id,
            &item.quote,
        )];
        evidence.extend(promised.map(|e| Evidence::report(e.week, &e.quote)));
        // Overdue first; then what falls due soon; undated and vague last.
        let mut priority = match (overdue_days, item.due_date, item.specific) {
            (Some(_), _, _) => 82,
            (None, Some(_), _) => 60,
            (None, None, true) => 58,
            (None, None, false) => 50,
        };
        if promised.is_some() {
            priority += 10;
        }
        if !open.last {
            priority -= 10;
        }
        Draft::new(
            Section::FollowUp,
            Topic::OpenAction,
            self.words.open_action(&facts),
            evidence,
        )
        .priority(priority)
        .weight(if priority >= 80 { 2 } else { 1 })
    }

    fn commitment(&self, signal: &Signal) -> Option<Draft> {
        let first = signal.evidence.first()?;
        let subject = signal.subject.as_deref().unwrap_or(first.quote.as_str());
        Some(
            Draft::new(
                Section::FollowUp,
                Topic::Commitment,
                self.words.commitment(subject, first.week, &first.quote),
                vec![Evidence::report(first.week, &first.quote)],
            )
            .priority(80),
        )
    }

    /// The wins of the latest weeks (each week's first line) and, when there is room,
    /// the last conversation's first praise.
    fn recognition(&self) -> Draft {
        let highlights = self.signals(SignalKind::Highlight);
        let wins: Vec<Evidence> = highlights
            .iter()
            .rev()
            .take(MAX_WINS)
            .rev()
            .filter_map(|s| s.evidence.first())
            .map(|e| Evidence::report(e.week, &e.quote))
            .collect();
        let weeks: Vec<IsoWeek> = wins.iter().filter_map(|e| e.week).collect();
        let latest = wins.last().map(|e| e.quote.clone());
        let praise = self.last().and_then(|c| {
            c.praise
                .first()
                .map(|q| Evidence::conversation(c.id, Some(q.turn_id), &q.text))
        });
        let praised = praise.is_some();
        let mut evidence = wins;
        evidence.extend(praise);
        let mut priority = if evidence.is_empty() { 50 } else { 75 };
        let mut weight = 1;
        if self.level() == Some(PerformanceLevel::High) {
            priority += 10;
            weight = 2;
        }
        if self.kind() == ConversationKind::Review {
            priority += 5;
        }
        Draft::new(
            Section::Recognition,
            Topic::Recognition,
            self.words.recognition(&weeks, latest.as_deref(), praised),
            evidence,
        )
        .priority(priority)
        .weight(weight)
    }

    /// `texts` with a note when the last conversation skipped `section`'s stage, and
    /// the priority bonus that earns.
    fn stage_note(&self, section: Section, mut texts: Texts) -> (Texts, u32) {
        let skipped = self.last().filter(|c| {
            !c.stages_covered.is_empty()
                && section
                    .stage()
                    .is_some_and(|s| !c.stages_covered.contains(&s))
        });
        match skipped {
            Some(c) => {
                texts.why.push_str(&self.words.stage_skipped(c));
                (texts, 5)
            }
            None => (texts, 0),
        }
    }

    fn goals(&self) -> Draft {
        let evidence: Vec<Evidence> = in_progress(self.window)
            .map(|(week, line)| Evidence::report(week, line))
            .into_iter()
            .collect();
        let (priority, weight) = match self.kind() {
            ConversationKind::Plan | ConversationKind::Feedback => (85, 5),
            ConversationKind::Review => (80, 5),
            ConversationKind::Coaching => (62, 3),
        };
        let (texts, bonus) = self.stage_note(Section::GoalReview, self.words.goals(self.kind()));
        Draft::new(Section::GoalReview, Topic::Goals, texts, evidence)
            .priority(priority + bonus)
            .weight(weight)
    }

    /// Wellbeing (a falling mood) or workload (late hours), the recurring blockers, and
    /// the process in general.
    fn process(&self, blockers: &[&Signal], about: &[Open<'_>]) -> Vec<Draft> {
        let coaching = self.kind() == ConversationKind::Coaching;
        let mut drafts = Vec::new();
        if let Some(declining) = self.signals(SignalKind::DecliningSentiment).first() {
            let weeks: Vec<IsoWeek> = declining.evidence.iter().map(|e| e.week).collect();
            let latest = declining.evidence.last().map(|e| e.quote.as_str());
            let evidence = declining
                .evidence
                .iter()
                .map(|e| Evidence::report(e.week, &e.quote))
                .collect();
            drafts.push(
                Draft::new(
                    Section::Process,
                    Topic::Wellbeing,
                    self.words.wellbeing(&weeks, latest),
                    evidence,
                )
                .priority(95)
                .weight(4)
                .min(4),
            );
        } else if let Some(workload) = &self.extra.workload {
            drafts.extend(self.workload(workload));
        }
        for blocker in blockers {
            drafts.push(self.blocker(blocker, about, coaching));
        }
        let mut priority = 45;
        if coaching {
            priority += 10;
        }
        if !drafts.is_empty() {
            priority -= 10;
        }
        let (texts, bonus) = self.stage_note(Section::Process, self.words.progress());
        drafts.push(
            Draft::new(Section::Process, Topic::Progress, texts, Vec::new())
                .priority(priority + bonus),
        );
        drafts
    }

    fn workload(&self, signal: &AgendaSignal) -> Option<Draft> {
        let latest = signal.evidence.last()?;
        let weeks: Vec<IsoWeek> = signal.evidence.iter().filter_map(|e| e.week).collect();
        Some(
            Draft::new(
                Section::Process,
                Topic::Workload,
                self.words.workload(&weeks, &latest.quote),
                signal.evidence.clone(),
            )
            .priority(72),
        )
    }

    fn blocker(&self, signal: &Signal, about: &[Open<'_>], coaching: bool) -> Draft {
        let subject = signal.subject.as_deref().unwrap_or_default();
        let about: Vec<&Open<'_>> = about.iter().filter(|o| o.names(signal)).collect();
        let promises: Vec<(&PastConversation, &str)> = about
            .iter()
            .map(|o| (o.conversation, o.item.what.as_str()))
            .collect();
        let weeks: Vec<IsoWeek> = signal.evidence.iter().map(|e| e.week).collect();
        let facts = BlockerFacts {
            subject,
            weeks: &weeks,
            total: self.signal_window(),
            promises: &promises,
        };
        let mut evidence: Vec<Evidence> = signal
            .evidence
            .iter()
            .map(|e| Evidence::report(e.week, &e.quote))
            .collect();
        evidence.extend(
            about
                .iter()
                .map(|o| Evidence::conversation(o.conversation.id, o.item.turn_id, &o.item.quote)),
        );
        let mut priority = 82;
        if coaching {
            priority += 5;
        }
        if !promises.is_empty() {
            priority += 3;
        }
        Draft::new(
            Section::Process,
            Topic::Blocker,
            self.words.blocker(&facts),
            evidence,
        )
        .priority(priority)
        .weight(if coaching { 4 } else { 3 })
    }

    /// Reports in the window `signals` reads: the [`WINDOW_WEEKS`] weeks up to the
    /// latest report.
    fn signal_window(&self) -> usize {
        let Some(latest) = self.window.last() else {
            return 0;
        };
        let first = latest.week.monday() - chrono::Duration::weeks(WINDOW_WEEKS - 1);
        self.window
            .iter()
            .filter(|r| r.week.monday() >= first)
            .count()
    }

    fn strengths_and_gaps(&self) -> Draft {
        let mut priority = 58;
        let mut weight = 3;
        match self.level() {
            Some(PerformanceLevel::Low) => priority += 12,
            Some(PerformanceLevel::Middle) | None => priority += 8,
            Some(PerformanceLevel::High) => {}
        }
        if matches!(
            self.kind(),
            ConversationKind::Review | ConversationKind::Feedback
        ) {
            priority += 8;
            weight += 1;
        }
        let (texts, bonus) = self.stage_note(
            Section::StrengthsAndGaps,
            self.words.strengths_and_gaps(self.level()),
        );
        Draft::new(
            Section::StrengthsAndGaps,
            Topic::StrengthsAndGaps,
            texts,
            Vec::new(),
        )
        .priority(priority + bonus)
        .weight(weight)
    }

    /// The improvement plan (low level), development (growth interest, a career gap,
    /// or in general) and support, in the level's order.
    fn development_and_support(&self) -> Vec<Draft> {
        let low = self.level() == Some(PerformanceLevel::Low);
        let mut drafts = Vec::new();
        if low {
            drafts.push(
                Draft::new(
                    Section::DevelopmentAndSupport,
                    Topic::ImprovementPlan,
                    self.words.improvement_plan(),
                    Vec::new(),
                )
                .priority(92)
                .weight(5)
                .min(5),
            );
            drafts.push(self.support());
            drafts.push(self.development());
        } else {
            drafts.push(self.development());
            drafts.push(self.support());
        }
        drafts
    }

    fn development(&self) -> Draft {
        let high = self.level() == Some(PerformanceLevel::High);
        let feedback = u32::from(self.kind() == ConversationKind::Feedback) * 8;
        let gap: Vec<&PastConversation> = match &self.extra.career_gap {
            Some(_) => last_conversations(self.history),
            None => Vec::new(),
        };
        let gap_evidence: Vec<Evidence> = self
            .extra
            .career_gap
            .as_ref()
            .map(|s| s.evidence.clone())
            .unwrap_or_default();
        if let Some(growth) = self.signals(SignalKind::GrowthInterest).first() {
            let weeks: Vec<IsoWeek> = growth.evidence.iter().map(|e| e.week).collect();
            let terms = growth_terms(growth);
            let mut evidence: Vec<Evidence> = growth
                .evidence
                .iter()
                .map(|e| Evidence::report(e.week, &e.quote))
                .collect();
            evidence.extend(gap_evidence);
            let priority = 70 + if high { 20 } else { 0 } + if gap.is_empty() { 0 } else { 5 };
            return Draft::new(
                Section::DevelopmentAndSupport,
                Topic::Growth,
                self.words.growth(&weeks, &terms, &gap, high),
                evidence,
            )
            .priority(priority + feedback)
            .weight(if high { 5 } else { 4 });
        }
        let section = Section::DevelopmentAndSupport;
        if !gap.is_empty() {
            return Draft::new(
                section,
                Topic::Career,
                self.words.career(&gap),
                gap_evidence,
            )
            .priority(66 + if high { 15 } else { 0 } + feedback);
        }
        let (texts, bonus) = self.stage_note(section, self.words.development(high));
        let priority = if high { 70 } else { 40 };
        Draft::new(section, Topic::Development, texts, Vec::new())
            .priority(priority + feedback + bonus)
            .weight(if high { 4 } else { 3 })
    }

    fn support(&self) -> Draft {
        let (gap, evidence): (Vec<&PastConversation>, Vec<Evidence>) = match &self.extra.support_gap
        {
            Some(signal) => (last_conversations(self.history), signal.evidence.clone()),
            None => (Vec::new(), Vec::new()),
        };
        let mut priority = if gap.is_empty() { 45 } else { 66 };
        match self.kind() {
            ConversationKind::Coaching => priority += 10,
            ConversationKind::Plan => priority += 5,
            ConversationKind::Review | ConversationKind::Feedback => {}
        }
        if self.level() == Some(PerformanceLevel::Low) {
            priority += 10;
        }
        Draft::new(
            Section::DevelopmentAndSupport,
            Topic::Support,
            self.words.support(&gap),
            evidence,
        )
        .priority(priority)
    }
}

/// The meaningful open items of `conversation`: specific and dated first, then dated,
/// then specific, then the rest; by due date, then id.
fn sorted_items(conversation: &PastConversation, last: bool, max: usize) -> Vec<Open<'_>> {
    let mut items: Vec<&OpenItem> = conversation
        .open_items
        .iter()
        .filter(|i| is_meaningful(&i.what))
        .collect();
    items.sort_by_key(|i| {
        (
            !(i.specific && i.due_date.is_some()),
            i.due_date.is_none(),
            !i.specific,
            i.due_date,
            i.id,
        )
    });
    items
        .into_iter()
        .take(max)
        .map(|item| Open {
            conversation,
            item,
            last,
        })
        .collect()
}

/// The growth words the signal's lines use, most telling first.
fn growth_terms(signal: &Signal) -> Vec<String> {
    GROWTH_TERMS
        .iter()
        .filter(|(pattern, _)| signal.evidence.iter().any(|e| pattern.is_match(&e.quote)))
        .map(|(_, term)| (*term).to_owned())
        .take(MAX_GROWTH_TERMS)
        .collect()
}
