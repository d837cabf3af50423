//! `cargo fuzz run html_text`: see `qari::fuzzing::html_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::html_text(data));
