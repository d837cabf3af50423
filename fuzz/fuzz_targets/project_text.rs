//! `cargo fuzz run project_text`: see `qari::fuzzing::project_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::project_text(data));
