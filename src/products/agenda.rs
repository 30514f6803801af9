//! The suggested agenda (建议议题清单) for one upcoming conversation with one employee
//! (issue 6, DOMAIN.md "What the articles ask of an AI system", 2): what a manager
//! should bring up, in what order, why, with which open questions and for how many
//! minutes. A pure function of the request, the employee's weekly reports and the
//! earlier conversations as the store keeps them; rendering is `render::agenda_md`
//! and `render::agenda_html`, and the JSON is [`Agenda`] serialised
//! (`candor.agenda/1`, additive changes only).
//!
//! [`build_agenda`] gives items in these sections, in this order:
//! - `follow_up`: the open action items of the last conversation first (specific and
//!   dated ones before the rest; empty ones such as "好的" skipped), then those left
//!   open from earlier ones, then commitments a report made and never mentioned again;
//!   each with its quote. An item promising the same thing as a report's commitment
//!   carries both quotes; an item about a recurring blocker is discussed with the
//!   blocker, in `process`;
//! - `recognition`: the wins of the reports and the praise of the last conversation,
//!   always before any gap ("praise first, then the gaps");
//! - the four stages of DOMAIN.md: `goal_review`, `process`, `strengths_and_gaps`,
//!   `development_and_support`, with the report signals turned into items (falling
//!   mood → a wellbeing and workload check-in, a recurring blocker → support for it,
//!   late hours in several reports without a falling mood → a workload item, growth
//!   interest and topics the last two conversations never touched (career, support)
//!   → development and support) and the emphasis of the kind and performance level;
//! - `closing`: summarise and agree 2–3 specific actions.
//!
//! Every item has why, evidence (a report's week and line, or a conversation's id,
//! turn and words), two or three open questions naming what the evidence names, and
//! whole minutes. The minutes fit the requested length: items are chosen by priority
//! (`agenda/budget.rs`) so a short agenda drops the least important, and the spare
//! time goes mostly to the stage items; the talk plan leaves the employee at least
//! [`MIN_EMPLOYEE_SHARE_PERCENT`] of it. Texts are in the inputs' language. The same
//! inputs always give the same agenda: there is no clock and no hash order here.
//!
//! Not here: reading the store (the caller fills [`PastConversation`]), the sentiment
//! model (the caller gives each report's polarity), finding the report signals
//! (`products::signals`).

mod budget;
mod candidates;
mod inputs;
mod stage_words;
mod wording;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{ConversationKind, Language, PerformanceLevel};
use crate::measure::stages::Stage;
use crate::products::signals::{SignalKind, WeekReport, report_signals};
use crate::store::IsoWeek;

/// The schema id of the serialised agenda.
pub const SCHEMA: &str = "candor.agenda/1";

/// Weeks of reports read before the conversation's date (issue 6: "the last N weeks,
/// default 8"): two months, as `signals` reads.
pub const DEFAULT_WEEKS: u32 = 8;

/// The shortest and longest conversation an agenda is built for: under ten minutes
/// there is no room for more than a greeting; over four hours is no interview.
pub const MIN_MINUTES: u32 = 10;
pub const MAX_MINUTES: u32 = 240;

/// The longest look-back accepted, a year of weekly reports.
pub const MAX_WEEKS: u32 = 52;

/// The least share of the time left to the employee (DOMAIN.md: the manager talks at
/// most 40%).
pub const MIN_EMPLOYEE_SHARE_PERCENT: u32 = 60;

/// Quotes are cut, with "…", after this many characters.
pub const MAX_QUOTE_CHARS: usize = 120;

/// What the manager asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRequest {
    pub employee: String,
    pub kind: ConversationKind,
    /// The day of the conversation; reports and conversations after it are not read.
    pub date: NaiveDate,
    /// Its length, [`MIN_MINUTES`]..=[`MAX_MINUTES`].
    pub minutes: u32,
    /// None: no level is assumed (the agenda reads as for a middle level and says
    /// nothing about it).
    pub performance_level: Option<PerformanceLevel>,
    /// Weeks of reports to read before `date`; [`DEFAULT_WEEKS`] unless asked. The
    /// report signals look at most [`WINDOW_WEEKS`](crate::products::signals::WINDOW_WEEKS)
    /// back from the latest report read.
    pub weeks: u32,
}

impl AgendaRequest {
    /// A request with no performance level and the default look-back.
    pub fn new(
        employee: impl Into<String>,
        kind: ConversationKind,
        date: NaiveDate,
        minutes: u32,
    ) -> AgendaRequest {
        AgendaRequest {
            employee: employee.into(),
            kind,
            date,
            minutes,
            performance_level: None,
            weeks: DEFAULT_WEEKS,
        }
    }
}

/// One earlier conversation with this employee, as the agenda needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PastConversation {
    pub id: i64,
    pub held_on: Option<NaiveDate>,
    pub kind: Option<ConversationKind>,
    /// The stages of DOMAIN.md the conversation covered (empty when not known).
    pub stages_covered: Vec<Stage>,
    /// Development, career or growth was talked about.
    pub career_discussed: bool,
    /// The manager asked what support the employee needs.
    pub support_discussed: bool,
    /// The manager's praise, with turn ids.
    pub praise: Vec<Quote>,
    /// Action items agreed in it that are still open.
    pub open_items: Vec<OpenItem>,
}

/// Words said in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub turn_id: u32,
    pub text: String,
}

/// An action item agreed in a conversation and not yet closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub id: i64,
    /// Who does it, as the store names them (the employee's name, the manager's, "Sarah").
    pub owner: String,
    pub what: String,
    /// The deadline as said (周五前, "by Monday").
    pub due_text: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// Has a due time and a concrete deliverable.
    pub specific: bool,
    /// The sentence it was agreed in.
    pub quote: String,
    pub turn_id: Option<u32>,
}

/// What the request cannot be built from; each says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgendaError {
    #[error("minutes must be between {MIN_MINUTES} and {MAX_MINUTES}; got {0}")]
    Minutes(u32),
    #[error("weeks must be between 1 and {MAX_WEEKS}; got {0}")]
    Weeks(u32),
    #[error("the employee's name is empty")]
    NoEmployee,
    #[error(
        "nothing to build an agenda for {employee} from: no weekly reports in the {weeks} weeks before {date} and no earlier conversations; upload reports or conversations first"
    )]
    NothingToBuildFrom {
        employee: String,
        weeks: u32,
        date: NaiveDate,
    },
}

/// The agenda for one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agenda {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// zh or en (never mixed): the language most of the inputs are written in; every
    /// title, why and question is in it.
    pub language: Language,
    pub employee: String,
    pub kind: ConversationKind,
    pub date: NaiveDate,
    /// The requested length; the items' minutes add up to at most this.
    pub minutes: u32,
    pub performance_level: Option<PerformanceLevel>,
    /// The look-back in weeks.
    pub weeks: u32,
    /// One sentence on what this kind of conversation (and level) stresses.
    pub focus: String,
    pub based_on: BasedOn,
    /// In order: follow-up, recognition, the four stages, closing.
    pub items: Vec<Item>,
    pub signals: Vec<AgendaSignal>,
    pub talk_plan: TalkPlan,
    /// Items that did not fit the length, most important first.
    pub left_out: Vec<LeftOut>,
}

/// What the agenda was built from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasedOn {
    pub reports: usize,
    pub first_week: Option<IsoWeek>,
    pub last_week: Option<IsoWeek>,
    /// The earlier conversations' ids, oldest first.
    pub conversations: Vec<i64>,
}

/// The parts of the agenda, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    FollowUp,
    Recognition,
    GoalReview,
    Process,
    StrengthsAndGaps,
    DevelopmentAndSupport,
    Closing,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::FollowUp,
        Section::Recognition,
        Section::GoalReview,
        Section::Process,
        Section::StrengthsAndGaps,
        Section::DevelopmentAndSupport,
        Section::Closing,
    ];

    /// The stage of DOMAIN.md the section is, when it is one.
    pub fn stage(self) -> Option<Stage> {
        match self {
            Section::GoalReview => Some(Stage::GoalReview),
            Section::Process => Some(Stage::Process),
            Section::StrengthsAndGaps => Some(Stage::StrengthsAndGaps),
            Section::DevelopmentAndSupport => Some(Stage::DevelopmentAndSupport),
            Section::FollowUp | Section::Recognition | Section::Closing => None,
        }
    }
}

/// What an item is about; stable ids for pages and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// An action item of an earlier conversation still open.
    OpenAction,
    /// A promise in a report never mentioned again.
    Commitment,
    Recognition,
    /// Goals, results or the rating, by the kind of conversation.
    Goals,
    /// Mood falling for weeks: a wellbeing and workload check-in.
    Wellbeing,
    /// Late hours or a stretched week in several reports.
    Workload,
    /// A problem named in many weeks.
    Blocker,
    /// Key events and how they were handled.
    Progress,
    StrengthsAndGaps,
    /// The structured plan for a low performance level.
    ImprovementPlan,
    /// Growth the employee asked about in the reports.
    Growth,
    /// Development and career, untouched in the last conversations.
    Career,
    /// Development in general (stretch work for a high level).
    Development,
    /// The support the employee needs.
    Support,
    Closing,
}

/// One thing to talk about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub section: Section,
    pub topic: Topic,
    pub title: String,
    pub why: String,
    pub evidence: Vec<Evidence>,
    /// Two or three open questions.
    pub questions: Vec<String>,
    pub minutes: u32,
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Report,
    Conversation,
}

/// A line of a report (with its week) or words of a conversation (with its id and,
/// when known, the turn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week: Option<IsoWeek>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn_id: Option<u32>,
    /// The words, cut after [`MAX_QUOTE_CHARS`] characters; for a topic a conversation
    /// left out, a note naming the conversation.
    pub quote: String,
}

impl Evidence {
    pub fn report(week: IsoWeek, quote: &str) -> Evidence {
        Evidence {
            source: Source::Report,
            week: Some(week),
            conversation_id: None,
            turn_id: None,
            quote: clip(quote, MAX_QUOTE_CHARS),
        }
    }

    pub fn conversation(id: i64, turn_id: Option<u32>, quote: &str) -> Evidence {
        Evidence {
            source: Source::Conversation,
            week: None,
            conversation_id: Some(id),
            turn_id,
            quote: clip(quote, MAX_QUOTE_CHARS),
        }
    }
}

/// The kinds of signal the agenda shows: the five of the reports, what the
/// conversations left out, and late hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaSignalKind {
    DecliningSentiment,
    RecurringTopic,
    OpenCommitment,
    GrowthInterest,
    Highlight,
    /// Late hours, weekends or a stretched week in several reports.
    Workload,
    /// A topic the last two conversations never touched.
    TopicGap,
}

impl From<SignalKind> for AgendaSignalKind {
    fn from(kind: SignalKind) -> Self {
        match kind {
            SignalKind::DecliningSentiment => AgendaSignalKind::DecliningSentiment,
            SignalKind::RecurringTopic => AgendaSignalKind::RecurringTopic,
            SignalKind::OpenCommitment => AgendaSignalKind::OpenCommitment,
            SignalKind::GrowthInterest => AgendaSignalKind::GrowthInterest,
            SignalKind::Highlight => AgendaSignalKind::Highlight,
        }
    }
}

/// Something in the reports or conversations a manager should see.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaSignal {
    pub kind: AgendaSignalKind,
    pub summary: String,
    /// The term it is about (测试环境, runbook); `career` or `support` for a topic gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// How the minutes split between the two speakers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TalkPlan {
    pub employee_minutes: u32,
    pub manager_minutes: u32,
}

/// An item that did not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub section: Section,
    pub topic: Topic,
    pub title: String,
}

/// The agenda for `request` from the employee's `reports` (any weeks; those in the
/// `weeks` weeks before `date` are read) and earlier `conversations` (any order; those
/// after `date` are ignored).
pub fn build_agenda(
    request: &AgendaRequest,
    reports: &[WeekReport<'_>],
    conversations: &[PastConversation],
) -> Result<Agenda, AgendaError> {
    check(request)?;
    let window = inputs::reports_in_window(reports, request.date, request.weeks);
    let history = inputs::earlier(conversations, request.date);
    if window.is_empty() && history.is_empty() {
        return Err(AgendaError::NothingToBuildFrom {
            employee: request.employee.trim().to_owned(),
            weeks: request.weeks,
            date: request.date,
        });
    }
    let language = inputs::language(&window, &history);
    let words = wording::Words::for_language(language);
    let report_signals = report_signals(&window);
    let extra = inputs::extra_signals(&window, &history, words);
    let found = candidates::Found {
        request,
        words,
        window: &window,
        history: &history,
        report_signals: &report_signals,
        extra: &extra,
    };
    let (items, left_out) = budget::allocate(&found.candidates(), request.minutes);
    let total: u32 = items.iter().map(|i| i.minutes).sum();
    let manager_minutes = total * (100 - MIN_EMPLOYEE_SHARE_PERCENT) / 100;
    let mut signals: Vec<AgendaSignal> = report_signals
        .iter()
        .map(|s| AgendaSignal {
            kind: s.kind.into(),
            summary: s.summary.clone(),
            subject: s.subject.clone(),
            evidence: s
                .evidence
                .iter()
                .map(|e| Evidence::report(e.week, &e.quote))
                .collect(),
        })
        .collect();
    signals.extend(extra.into_signals());
    Ok(Agenda {
        schema: SCHEMA,
        language,
        employee: request.employee.trim().to_owned(),
        kind: request.kind,
        date: request.date,
        minutes: request.minutes,
        performance_level: request.performance_level,
        weeks: request.weeks,
        focus: words.focus(request.kind, request.performance_level),
        based_on: BasedOn {
            reports: window.len(),
            first_week: window.first().map(|r| r.week),
            last_week: window.last().map(|r| r.week),
            conversations: history.iter().map(|c| c.id).collect(),
        },
        items,
        signals,
        talk_plan: TalkPlan {
            employee_minutes: total - manager_minutes,
            manager_minutes,
        },
        left_out,
    })
}

fn check(request: &AgendaRequest) -> Result<(), AgendaError> {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&request.minutes) {
        return Err(AgendaError::Minutes(request.minutes));
    }
    if !(1..=MAX_WEEKS).contains(&request.weeks) {
        return Err(AgendaError::Weeks(request.weeks));
    }
    if request.employee.trim().is_empty() {
        return Err(AgendaError::NoEmployee);
    }
    Ok(())
}

/// `text` trimmed, its line breaks made spaces, cut on a character boundary with "…"
/// after `max` characters.
pub(crate) fn clip(text: &str, max: usize) -> String {
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned();
    match flat.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", flat[..at].trim_end().trim_end_matches('…')),
        None => flat,
    }
}

#[cfg(test)]
pub(crate) mod tests;
