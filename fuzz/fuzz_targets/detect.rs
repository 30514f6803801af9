#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| candor_fuzz::run(data, None));
