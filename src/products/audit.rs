//! HR's audit of conversation quality over a period (PRODUCT.md "Products", DOMAIN.md
//! "What the articles ask of an AI system" item 4, issue 6): per manager and per
//! department, the conversations held by kind, cadence gaps, the manager's talk
//! share against 40%, the praise/criticism balance, the open-question rate, action
//! items agreed and followed up, record completeness, and the managers (and
//! departments) whose numbers stand out; every conversation links to its coaching
//! report. The JSON is [`Audit`] serialised (`candor.audit/1`, additive changes only).
//!
//! [`audit`] is pure: the caller hands it the people and the conversations (each
//! with its stored [`ConversationFacts`]); it reads no transcript, and the audit
//! carries numbers and at most two short quotes per group, never a transcript
//! (PRODUCT.md, privacy).
//!
//! - A conversation belongs to the period when it was held from `from` to `to`,
//!   both included; undated ones cannot be placed and are only counted. Its
//!   department is its employee's (from `people`, else as the caller gives it).
//! - Scope: everyone; a department (the conversations of its employees, and its
//!   employees with a manager for cadence); or a manager (the conversations they
//!   held, and the people reporting to them for cadence).
//! - Cadence gaps: `cadence.rs`. Outliers: `outliers.rs`. Group numbers: `groups.rs`.
//! - Deterministic: groups by name, gaps by employee then kind then date,
//!   conversations by date then id, outliers by metric then name.
//!
//! It runs in O(n log n) for n conversations: one pass to index them by manager,
//! department and employee, a sort per index, one pass per group.

mod cadence;
mod groups;
mod outliers;
mod stats;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{ConversationKind, Language};
use crate::products::facts::ConversationFacts;

pub use crate::config::MANAGER_MAX_TALK_SHARE;
pub use cadence::{CadenceGap, GapKind};
pub use groups::{ByKind, Group, GroupQuote, QuoteSignal};
pub use outliers::{CUT, Direction, GroupKind, MIN_GROUPS, Metric, Outlier, Unit};

/// The schema id of the serialised audit.
pub const SCHEMA: &str = "candor.audit/1";
/// Process feedback at least monthly: a longer stretch without a conversation is a
/// gap. Over a month is what the articles rule out ("never more than a month without
/// a conversation"); 31 days, so a monthly meeting on the same date never counts.
pub const MAX_DAYS_WITHOUT_CONVERSATION: i64 = 31;
/// A formal interview at least quarterly.
pub const MAX_DAYS_WITHOUT_FORMAL_INTERVIEW: i64 = 92;
/// The `name` of the group of everything in scope.
pub const ORGANISATION: &str = "organisation";

/// What to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub scope: AuditScope,
}

/// Whose conversations; as JSON `{"kind": "everyone"}`, `{"kind": "department",
/// "name": D}` or `{"kind": "manager", "name": M}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum AuditScope {
    Everyone,
    Department(String),
    Manager(String),
}

/// Someone in the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPerson {
    pub name: String,
    /// Whom they report to; people without one (the top) are nobody's employee.
    pub manager: Option<String>,
    pub department: Option<String>,
}

/// One stored conversation, as the audit reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditConversation {
    pub id: i64,
    pub manager: Option<String>,
    pub employee: String,
    /// The employee's department; `people` wins when it names one.
    pub department: Option<String>,
    pub kind: Option<ConversationKind>,
    pub held_on: Option<NaiveDate>,
    pub facts: ConversationFacts,
    pub items_agreed: u32,
    pub items_followed_up: u32,
}

/// Why there is no audit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    #[error("the period ends on {to}, before it starts on {from}; swap from and to")]
    Period { from: NaiveDate, to: NaiveDate },
    #[error("nobody is in department {0:?}; check the name")]
    UnknownDepartment(String),
    #[error("{0:?} manages nobody and held no conversation; check the name")]
    UnknownManager(String),
}

/// The audit of one period and scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub scope: AuditScope,
    /// zh when most of the conversations are Chinese, en otherwise: the language
    /// the views use.
    pub language: Language,
    /// The limits the numbers are held against.
    pub norms: AuditNorms,
    /// By name.
    pub managers: Vec<Group>,
    /// By name; conversations whose employee has no department are only in
    /// `organisation`.
    pub departments: Vec<Group>,
    /// Everything in scope (named [`ORGANISATION`]).
    pub organisation: Group,
    pub outliers: Vec<Outlier>,
    pub cadence_gaps: Vec<CadenceGap>,
    /// Every conversation of the period in scope, by date then id.
    pub conversations: Vec<ConversationRow>,
    /// Conversations in scope without a date, which no period can hold.
    pub undated_conversations: u32,
}

/// The limits the audit applies, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AuditNorms {
    /// Share, 0–1.
    pub manager_max_talk_share: f64,
    pub max_days_without_conversation: i64,
    pub max_days_without_formal_interview: i64,
    /// Outliers lie more than this many scaled MADs from the median…
    pub outlier_mads: f64,
    /// …among at least this many groups with a value.
    pub outlier_min_groups: usize,
}

const NORMS: AuditNorms = AuditNorms {
    manager_max_talk_share: MANAGER_MAX_TALK_SHARE,
    max_days_without_conversation: MAX_DAYS_WITHOUT_CONVERSATION,
    max_days_without_formal_interview: MAX_DAYS_WITHOUT_FORMAL_INTERVIEW,
    outlier_mads: CUT,
    outlier_min_groups: MIN_GROUPS,
};

/// One conversation's line, for the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConversationRow {
    pub id: i64,
    pub manager: Option<String>,
    pub employee: String,
    pub department: Option<String>,
    pub kind: Option<ConversationKind>,
    pub held_on: NaiveDate,
    /// 0–1, by time where timed, by speech units otherwise.
    pub manager_talk_share: Option<f64>,
    /// Sentences; null when the models did not read the conversation.
    pub praise: Option<u32>,
    pub criticism: Option<u32>,
    /// 0–1; null when the manager asked nothing.
    pub open_question_rate: Option<f64>,
    /// Agreed, as the store counts them.
    pub action_items: u32,
    /// Record completeness, 0–1.
    pub completeness: f64,
    /// The conversation's coaching report page.
    pub coaching_link: String,
}

/// The audit of `request` over `people` and `conversations` (in any order).
pub fn audit(
    request: &AuditRequest,
    people: &[AuditPerson],
    conversations: &[AuditConversation],
) -> Result<Audit, AuditError> {
    let (from, to) = (request.from, request.to);
    if to < from {
        return Err(AuditError::Period { from, to });
    }
    let index = Index::new(people, conversations);
    check_scope(&request.scope, &index)?;
    let scope = Scope {
        scope: &request.scope,
        index: &index,
    };
    let mut in_period: Vec<&AuditConversation> = conversations
        .iter()
        .filter(|c| scope.holds(c))
        .filter(|c| c.held_on.is_some_and(|d| from <= d && d <= to))
        .collect();
    in_period.sort_by_key(|c| (c.held_on, c.id));
    let undated = conversations
        .iter()
        .filter(|c| c.held_on.is_none() && scope.holds(c))
        .count() as u32;
    let employees = scope.employees();
    let gaps = cadence_gaps(&employees, &index, from, to);
    let managers = manager_groups(&scope, &employees, &in_period, &gaps);
    let departments = department_groups(&index, &employees, &in_period, &gaps);
    let mut everyone: BTreeSet<&str> = employees.iter().map(|e| e.name).collect();
    everyone.extend(in_period.iter().map(|c| c.employee.as_str()));
    let organisation = groups::group(ORGANISATION, everyone.len(), &in_period, gaps.len() as u32);
    let mut outliers = outliers::outliers(GroupKind::Manager, &managers);
    outliers.extend(outliers::outliers(GroupKind::Department, &departments));
    outliers.sort_by(|a, b| (a.group, a.metric, &a.name).cmp(&(b.group, b.metric, &b.name)));
    Ok(Audit {
        schema: SCHEMA,
        from,
        to,
        scope: request.scope.clone(),
        language: majority_language(&in_period),
        norms: NORMS,
        managers,
        departments,
        organisation,
        outliers,
        cadence_gaps: gaps,
        conversations: in_period.iter().map(|c| row(c, &index)).collect(),
        undated_conversations: undated,
    })
}

/// The people and conversations looked up by name.
struct Index<'a> {
    people: HashMap<&'a str, &'a AuditPerson>,
    all_people: &'a [AuditPerson],
    /// Every dated conversation of each employee, sorted by date.
    held: HashMap<&'a str, Vec<cadence::Held>>,
    conversations: &'a [AuditConversation],
}

impl<'a> Index<'a> {
    fn new(people: &'a [AuditPerson], conversations: &'a [AuditConversation]) -> Index<'a> {
        let mut held: HashMap<&str, Vec<cadence::Held>> = HashMap::new();
        for c in conversations {
            if let Some(on) = c.held_on {
                held.entry(c.employee.as_str())
                    .or_default()
                    .push(cadence::Held {
                        on,
                        id: c.id,
                        kind: c.kind,
                    });
            }
        }
        for list in held.values_mut() {
            list.sort_unstable_by_key(|h| (h.on, h.id));
        }
        Index {
            people: people.iter().map(|p| (p.name.as_str(), p)).collect(),
            all_people: people,
            held,
            conversations,
        }
    }

    /// The department of a conversation: its employee's.
    fn department_of(&self, c: &'a AuditConversation) -> Option<&'a str> {
        self.people
            .get(c.employee.as_str())
            .and_then(|p| p.department.as_deref())
            .or(c.department.as_deref())
    }
}

fn check_scope(scope: &AuditScope, index: &Index<'_>) -> Result<(), AuditError> {
    match scope {
        AuditScope::Everyone => Ok(()),
        AuditScope::Department(d) => {
            let known = index
                .all_people
                .iter()
                .any(|p| p.department.as_ref() == Some(d))
                || index
                    .conversations
                    .iter()
                    .any(|c| index.department_of(c) == Some(d.as_str()));
            known
                .then_some(())
                .ok_or_else(|| AuditError::UnknownDepartment(d.clone()))
        }
        AuditScope::Manager(m) => {
            let known = index.people.contains_key(m.as_str())
                || index
                    .all_people
                    .iter()
                    .any(|p| p.manager.as_ref() == Some(m))
                || index
                    .conversations
                    .iter()
                    .any(|c| c.manager.as_ref() == Some(m));
            known
                .then_some(())
                .ok_or_else(|| AuditError::UnknownManager(m.clone()))
        }
    }
}

/// The request's scope over the index.
struct Scope<'a> {
    scope: &'a AuditScope,
    index: &'a Index<'a>,
}

impl<'a> Scope<'a> {
    fn holds(&self, c: &'a AuditConversation) -> bool {
        match self.scope {
            AuditScope::Everyone => true,
            AuditScope::Department(d) => self.index.department_of(c) == Some(d.as_str()),
            AuditScope::Manager(m) => c.manager.as_deref() == Some(m.as_str()),
        }
    }

    /// The people in scope who have a manager, by name.
    fn employees(&self) -> Vec<cadence::Employee<'a>> {
        let mut out: Vec<cadence::Employee<'a>> = self
            .index
            .all_people
            .iter()
            .filter_map(|p| {
                let manager = p.manager.as_deref()?;
                let department = p.department.as_deref();
                let inside = match self.scope {
                    AuditScope::Everyone => true,
                    AuditScope::Department(d) => department == Some(d.as_str()),
                    AuditScope::Manager(m) => manager == m,
                };
                inside.then_some(cadence::Employee {
                    name: &p.name,
                    manager,
                    department,
                })
            })
            .collect();
        out.sort_by_key(|e| e.name);
        out.dedup_by_key(|e| e.name);
        out
    }
}

fn cadence_gaps(
    employees: &[cadence::Employee<'_>],
    index: &Index<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<CadenceGap> {
    let mut gaps: Vec<CadenceGap> = employees
        .iter()
        .flat_map(|e| {
            let held = index.held.get(e.name).map_or(&[][..], Vec::as_slice);
            cadence::gaps(*e, held, from, to)
        })
        .collect();
    gaps.sort_by(|a, b| (&a.employee, a.kind, a.from).cmp(&(&b.employee, b.kind, b.from)));
    gaps
}

/// Per manager: those with people in scope reporting to them and those who held a
/// conversation in the period.
fn manager_groups(
    scope: &Scope<'_>,
    employees: &[cadence::Employee<'_>],
    in_period: &[&AuditConversation],
    gaps: &[CadenceGap],
) -> Vec<Group> {
    let mut teams: BTreeMap<&str, Team<'_>> = BTreeMap::new();
    for e in employees {
        teams.entry(e.manager).or_default().employees.insert(e.name);
    }
    for c in in_period {
        if let Some(m) = c.manager.as_deref() {
            let team = teams.entry(m).or_default();
            team.employees.insert(&c.employee);
            team.conversations.push(c);
        }
    }
    if let AuditScope::Manager(m) = scope.scope {
        teams.retain(|name, _| *name == m.as_str());
    }
    let mut gap_counts: HashMap<&str, u32> = HashMap::new();
    for g in gaps {
        *gap_counts.entry(g.manager.as_str()).or_default() += 1;
    }
    finish(teams, &gap_counts)
}

/// Per department, of the employees in scope and the conversations' employees.
fn department_groups(
    index: &Index<'_>,
    employees: &[cadence::Employee<'_>],
    in_period: &[&AuditConversation],
    gaps: &[CadenceGap],
) -> Vec<Group> {
    let mut teams: BTreeMap<&str, Team<'_>> = BTreeMap::new();
    for e in employees {
        if let Some(d) = e.department {
            teams.entry(d).or_default().employees.insert(e.name);
        }
    }
    for c in in_period {
        if let Some(d) = index.department_of(c) {
            let team = teams.entry(d).or_default();
            team.employees.insert(&c.employee);
            team.conversations.push(c);
        }
    }
    let mut gap_counts: HashMap<&str, u32> = HashMap::new();
    for g in gaps {
        if let Some(d) = g.department.as_deref() {
            *gap_counts.entry(d).or_default() += 1;
        }
    }
    finish(teams, &gap_counts)
}

/// A group being gathered.
#[derive(Default)]
struct Team<'a> {
    employees: BTreeSet<&'a str>,
    /// In date order, as `in_period` is.
    conversations: Vec<&'a AuditConversation>,
}

fn finish(teams: BTreeMap<&str, Team<'_>>, gaps: &HashMap<&str, u32>) -> Vec<Group> {
    teams
        .into_iter()
        .map(|(name, team)| {
            groups::group(
                name,
                team.employees.len(),
                &team.conversations,
                gaps.get(name).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn majority_language(conversations: &[&AuditConversation]) -> Language {
    let zh = conversations
        .iter()
        .filter(|c| c.facts.language == Some(Language::Zh))
        .count();
    if zh * 2 > conversations.len() {
        Language::Zh
    } else {
        Language::En
    }
}

fn row(c: &AuditConversation, index: &Index<'_>) -> ConversationRow {
    let f = &c.facts;
    ConversationRow {
        id: c.id,
        manager: c.manager.clone(),
        employee: c.employee.clone(),
        department: index.department_of(c).map(str::to_owned),
        kind: c.kind,
        held_on: c.held_on.expect("rows are made of dated conversations"),
        manager_talk_share: f.manager_talk_share,
        praise: f.praise,
        criticism: f.criticism,
        open_question_rate: f.open_question_rate,
        action_items: c.items_agreed,
        completeness: f.record.share,
        coaching_link: coaching_link(c.id),
    }
}

/// The coaching report page of conversation `id`.
pub fn coaching_link(id: i64) -> String {
    format!("/ui/conversations/{id}/coaching")
}

#[cfg(test)]
mod tests;
