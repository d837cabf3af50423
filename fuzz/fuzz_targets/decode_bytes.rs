//! `cargo fuzz run decode_bytes`: see `qari::fuzzing::decode_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari::fuzzing::decode_bytes(data));
