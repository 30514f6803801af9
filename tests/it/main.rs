//! End-to-end tests through the `candor` binary, one test binary for all of them.

mod analyze;
mod api;
mod coaching;
mod demo;
mod encoder;
mod fixtures;
mod heldout;
mod malformed;
mod pages;
mod properties;
mod real_transcripts;
mod server;
mod support;
mod understanding;
