//! End-to-end tests through the `candor` binary.
