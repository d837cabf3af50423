//! `cargo fuzz run import_jsonl`: see `qari::fuzzing::import_jsonl`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::import_jsonl(data));
