//! Fuzzes format detection and every reader it picks: any bytes must give a conversation or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| candor_fuzz::run(data, None));
