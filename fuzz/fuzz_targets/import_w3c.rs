//! `cargo fuzz run import_w3c`: see `qari::fuzzing::import_w3c`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::import_w3c(data));
