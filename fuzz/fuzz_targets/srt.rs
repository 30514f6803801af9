//! Fuzzes the srt reader: any bytes must give a conversation or an error, never a panic.
#![no_main]
use candor::ingest::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| candor_fuzz::run(data, Some(Format::Srt)));
