//! The fuzz targets of `fuzz/` (bodies in `qari::fuzzing`) run for a bounded number of cases,
//! so `cargo test` catches a loader that panics again: the fixtures of `tests/data` mutated
//! (cut, bytes flipped, `\0`, `\xFF`, quotes, brackets and deep nesting put in, pieces dropped
//! or doubled) and random bytes. Inputs that once broke a target live in
//! `tests/data/fuzz/<target>/` and are run every time.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence};

use qari::fuzzing;

/// Cases per target: the whole file stays well under 30 s in a debug build on 2 cores.
/// `QARI_FUZZ_CASES=100000 cargo test --release --test fuzz_loaders` runs more.
const CASES: u32 = 600;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(data(path)).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// The seeds of a target: the fixtures its files are like, and its regression inputs.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let files: &[&str] = match target {
        "project_text" | "project_file" => &[
            "project_v1.ron",
            "project_v2.ron",
            "project_v4.ron",
            "merge/base.ron",
            "merge/ours.ron",
        ],
        "import_jsonl" => &["export/annotations.jsonl"],
        "import_w3c" => &["export/annotations.jsonld"],
        "import_brat" => &["export/مقال.ann"],
        "html_text" => &["export/report.html", "v1_corpus/sub/page.html"],
        "decode_bytes" => &["v1_corpus/article.txt", "export/annotations.csv"],
        other => panic!("no seeds for {other}"),
    };
    let mut out: Vec<Vec<u8>> = files.iter().map(|f| read(f)).collect();
    match target {
        "import_brat" => {
            let mut both = read("export/annotation.conf");
            both.extend_from_slice(fuzzing::BRAT_SEPARATOR);
            both.extend(read("export/مقال.ann"));
            out.push(both);
        }
        "decode_bytes" => {
            let text = String::from_utf8(read("v1_corpus/article.txt")).unwrap();
            for encoding in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
                out.push(encoding.encode(&text).0.into_owned());
            }
            let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            out.push(utf16);
        }
        _ => {}
    }
    out.extend(regressions(target).into_iter().map(|(_, bytes)| bytes));
    out
}

/// The inputs in `tests/data/fuzz/<target>/`, by file name.
fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(data("fuzz").join(target)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// Byte strings that parsers trip on.
const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\xFF",
    b"\xFE\xFF",
    b"\xEF\xBB\xBF",
    b"\xC3",
    b"\xE2\x80\xAE",
    b"\"",
    b"'",
    b"\\",
    b")",
    b"(",
    b"]",
    b"[",
    b"{",
    b"}",
    b",",
    b":",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b" ",
    b"<",
    b">",
    b"&#13;",
    b"&#0;",
    b"<pre>",
    b"</p>",
    b"<meta charset=\"windows-1256\">",
    b"%%",
    b"#",
    b"T1\t",
    b"-1",
    b"0",
    b"18446744073709551615",
    b"99999999999999999999999",
    b"1e309",
    b"null",
    b"Some(",
    b"r#\"",
    b"/*",
    b"//",
    b"\xD9\x84",
];

/// A change to a seed.
#[derive(Clone, Debug)]
enum Mutation {
    /// Cut the input at a point.
    Truncate(Index),
    /// Flip bits of one byte.
    Flip(Index, u8),
    /// Put an interesting byte string in.
    Insert(Index, Index),
    /// Put a run of random bytes in.
    Random(Index, Vec<u8>),
    /// Drop a piece.
    Delete(Index, u8),
    /// Repeat a piece.
    Duplicate(Index, u8),
    /// Open (and maybe close) a bracket or tag many times over.
    Nest(Index, Index, u16, bool),
}

/// Openers and their closers for [`Mutation::Nest`].
const NESTING: &[(&[u8], &[u8])] = &[
    (b"(", b")"),
    (b"[", b"]"),
    (b"{\"a\":", b"}"),
    (b"[", b"]"),
    (b"Some(", b")"),
    (b"<div>", b"</div>"),
    (b"<b><i>", b""),
    (b"<table><tr><td>", b""),
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), 1..=255u8).prop_map(|(at, bits)| Mutation::Flip(at, bits)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(at, what)| Mutation::Insert(at, what)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Random(at, bytes)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, len)| Mutation::Delete(at, len)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        1 => (any::<Index>(), any::<Index>(), 1..3000u16, any::<bool>())
            .prop_map(|(at, what, times, close)| Mutation::Nest(at, what, times, close)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let at = |i: &Index| i.index(bytes.len() + 1);
        match m {
            Mutation::Truncate(i) => bytes.truncate(at(i)),
            Mutation::Flip(i, bits) => {
                if !bytes.is_empty() {
                    let i = i.index(bytes.len());
                    bytes[i] ^= bits;
                }
            }
            Mutation::Insert(i, what) => {
                let at = at(i);
                let what = what.get(INTERESTING);
                bytes.splice(at..at, what.iter().copied());
            }
            Mutation::Random(i, random) => {
                let at = at(i);
                bytes.splice(at..at, random.iter().copied());
            }
            Mutation::Delete(i, len) => {
                let start = at(i);
                let end = (start + usize::from(*len)).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Duplicate(i, len) => {
                let start = at(i);
                let end = (start + usize::from(*len)).min(bytes.len());
                let piece = bytes[start..end].to_vec();
                bytes.splice(end..end, piece);
            }
            Mutation::Nest(i, what, times, close) => {
                let at = at(i);
                let (open, shut) = what.get(NESTING);
                let times = usize::from(*times);
                let mut piece = open.repeat(times);
                if *close {
                    piece.extend(shut.repeat(times));
                }
                bytes.splice(at..at, piece);
            }
        }
    }
    bytes
}

/// Seeds mutated (most cases) or random bytes.
fn input(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds(target);
    prop_oneof![
        4 => (any::<Index>(), prop::collection::vec(mutation(), 0..6))
            .prop_map(move |(seed, mutations)| apply(seed.get(&seeds).clone(), &mutations)),
        1 => prop::collection::vec(any::<u8>(), 0..600),
    ]
}

fn config() -> Config {
    Config {
        cases: std::env::var("QARI_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CASES),
        // Failures found here become files in tests/data/fuzz, not proptest's own files.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

fn target(name: &str) -> fuzzing::Target {
    fuzzing::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no target {name}"))
}

/// Every seed and regression input of a target passes it as it is.
fn seeds_pass(name: &'static str) {
    let run = target(name);
    for seed in seeds(name) {
        run(&seed);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn project_text_never_panics_and_round_trips(bytes in input("project_text")) {
        target("project_text")(&bytes);
    }

    #[test]
    fn project_file_never_panics_and_errors_name_the_file(bytes in input("project_file")) {
        target("project_file")(&bytes);
    }

    #[test]
    fn jsonl_import_never_panics(bytes in input("import_jsonl")) {
        target("import_jsonl")(&bytes);
    }

    #[test]
    fn w3c_import_never_panics(bytes in input("import_w3c")) {
        target("import_w3c")(&bytes);
    }

    #[test]
    fn brat_import_never_panics(bytes in input("import_brat")) {
        target("import_brat")(&bytes);
    }

    #[test]
    fn html_reader_never_panics(bytes in input("html_text")) {
        target("html_text")(&bytes);
    }

    #[test]
    fn decoder_never_panics_and_keeps_offsets(bytes in input("decode_bytes")) {
        target("decode_bytes")(&bytes);
    }
}

#[test]
fn every_seed_and_regression_input_passes_its_target() {
    for (name, _) in fuzzing::TARGETS {
        seeds_pass(name);
    }
}

#[test]
fn every_target_has_a_test_and_seeds() {
    let names: Vec<&str> = fuzzing::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "project_text",
            "project_file",
            "import_jsonl",
            "import_w3c",
            "import_brat",
            "html_text",
            "decode_bytes"
        ]
    );
    for name in names {
        assert!(!seeds(name).is_empty(), "{name}");
    }
}
