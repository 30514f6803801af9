//! Products: pure functions from what `measure` found to typed results a manager or
//! HR acts on. Nothing here reads files, runs a model or formats output: a product
//! takes a conversation, its [`Analysis`](crate::measure::Analysis) and, when the
//! models ran, its reading, and returns data that `render` lays out.
//!
//! - [`coaching`]: the coaching report for one conversation (issue 5): the four
//!   dimensions with their formulas, the manager's self-check list of article 001,
//!   strengths and changes, each with quotes and turn ids.
//! - [`agenda`]: the suggested agenda for an upcoming conversation with one employee
//!   (issue 6): follow-ups, recognition, the four stages and a closing, each item
//!   with why, evidence, open questions and minutes that fit the length.
//! - [`signals`]: what an employee's weekly-report series shows a manager (falling
//!   mood, a recurring blocker, a forgotten commitment, growth interest, wins), the
//!   ground the agenda and alerts of issue 6 stand on.
//! - [`facts`]: one stored analysis as the audit, agenda and alerts read it.
//! - [`alerts`]: what a manager should hear about an employee unasked (issue 6):
//!   falling mood, negative feedback concentrating, a recurring blocker, an overdue
//!   action item, a cadence gap.
//! - [`audit`]: HR's audit of conversations per manager and department (issue 6).
//!
//! The conversational moves the report looks for beyond `measure` (a closing
//! summary, a manager restating what they heard, an employee pushing back) are rules
//! in `moves.rs`, beside the product that uses them.

pub mod agenda;
pub mod alerts;
pub mod audit;
pub mod coaching;
pub mod facts;
mod moves;
pub mod signals;

use crate::domain::Language;
use crate::normalize::language_of;

/// The two languages the signals and alerts are written in (and find terms by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Mixed Chinese and English reads as Chinese; `None` for no language.
    fn of(language: Option<Language>) -> Option<Lang> {
        match language? {
            Language::Zh | Language::Mixed => Some(Lang::Zh),
            Language::En => Some(Lang::En),
        }
    }

    /// The language of `text`, or `fallback` when it has none.
    fn of_text_or(text: &str, fallback: Lang) -> Lang {
        Lang::of(language_of(text)).unwrap_or(fallback)
    }
}

/// Conversations for the products' unit tests.
#[cfg(test)]
mod test_support {
    use crate::config::Norms;
    use crate::domain::{Conversation, Metadata, Turn};
    use crate::measure::{self, Analysis};

    /// `lines` as a conversation between M (manager) and E (employee), measured;
    /// timed at 10 s a turn when `timed`.
    pub(crate) fn measured(lines: &[(&str, &str)], timed: bool) -> (Conversation, Analysis) {
        let turns = lines
            .iter()
            .enumerate()
            .map(|(i, (speaker, text))| {
                let at = i as f64 * 10.0;
                let spans: &[(f64, f64)] = if timed { &[(at, at + 9.0)] } else { &[] };
                Turn::for_test(i as u32 + 1, speaker, spans, text)
            })
            .collect();
        measured_turns(turns)
    }

    /// `turns` between M (manager) and E (employee), measured.
    pub(crate) fn measured_turns(turns: Vec<Turn>) -> (Conversation, Analysis) {
        let conversation = Conversation {
            metadata: Metadata {
                manager: Some("M".into()),
                employee: Some("E".into()),
                ..Metadata::default()
            },
            turns,
        };
        let analysis = measure::analyze(&conversation, &Norms::default()).expect("measures");
        (conversation, analysis)
    }
}
