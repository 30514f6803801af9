//! Products: pure functions from what `measure` found to typed results a manager or
//! HR acts on. Nothing here reads files, runs a model or formats output: a product
//! takes a conversation, its [`Analysis`](crate::measure::Analysis) and, when the
//! models ran, its reading, and returns data that `render` lays out.
//!
//! - [`coaching`]: the coaching report for one conversation (issue 5): the four
//!   dimensions with their formulas, the manager's self-check list of article 001,
//!   strengths and changes, each with quotes and turn ids.
//! - [`signals`]: what an employee's weekly-report series shows a manager (falling
//!   mood, a recurring blocker, a forgotten commitment, growth interest, wins), the
//!   ground the agenda and alerts of issue 6 stand on.
//!
//! The conversational moves the report looks for beyond `measure` (a closing
//! summary, a manager restating what they heard, an employee pushing back) are rules
//! in `moves.rs`, beside the product that uses them.

pub mod coaching;
mod moves;
pub mod signals;
