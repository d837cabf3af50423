//! `cargo fuzz run project_file`: see `qari::fuzzing::project_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::project_file(data));
