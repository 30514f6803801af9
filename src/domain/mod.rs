//! Pure domain types: what a performance conversation is, independent of the file it
//! came from and of how it is analysed. No I/O, no async, no parsing of formats.
//!
//! - [`Conversation`] = [`Metadata`] + ordered [`Turn`]s (who spoke, when, what).
//! - [`Utterance`] = a turn cut into [`Sentence`]s with language, speech units and
//!   filler words, produced by `normalize`.
//! - [`Role`] says who is the manager and who the employee.
//! - [`DialogueAct`], [`Sentiment`] and [`Specificity`] are the labels the models give.

mod conversation;
mod repeat;
mod text;
mod time;
mod turn;
mod understanding;

pub use conversation::{Conversation, ConversationKind, Metadata, PerformanceLevel};
pub use repeat::Repeat;
pub use text::{CharSpan, Filler, Language, Sentence, Utterance, join_lines};
pub use time::{Seconds, TimeSpan, today};
pub use turn::{Role, Speaker, Turn, TurnId};
pub use understanding::{DialogueAct, Sentiment, Specificity};
