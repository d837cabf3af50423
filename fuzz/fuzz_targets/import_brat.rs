//! `cargo fuzz run import_brat`: see `qari::fuzzing::import_brat`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::import_brat(data));
