//! Bytes in, a [`crate::domain::Conversation`] out.
