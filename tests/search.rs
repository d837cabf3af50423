//! Corpus search (issue 14): the seed articles' spellings of Almaty found by `entity:Almaty`
//! and by `الما اتا` at the text's own offsets; clitics and `=exact`; coding from hits as one
//! undoable step; `qari search` and `qari collocates` output.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qari::corpus::Corpus;
use qari::entities::Register;
use qari::project::{Intent, IntentError, Workspace};
use qari::search::scope::{Scope, passages};
use qari::search::{Names, Progress, Search, SearchIndex};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample")
}

fn qari(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-search-test"),
        )
        .output()
        .unwrap()
}

/// Every hit of a query in an index, as (document, start, end, text at those offsets).
fn hits_of(index: &SearchIndex, query: &str) -> Vec<(String, usize, usize, String)> {
    let register = Register::bundled();
    let names = Names {
        register: &register,
        codebook: None,
        annotations: None,
    };
    let search = Search::parse(query, names).unwrap();
    let mut out = Vec::new();
    for doc in index.search(&search, &Progress::default(), |_, _| {}) {
        let d = &index.docs[doc.doc];
        let chars: Vec<char> = d.text.chars().collect();
        for hit in doc.hits {
            let text = chars[hit.clone()].iter().collect();
            out.push((d.id.clone(), hit.start, hit.end, text));
        }
    }
    out
}

#[test]
fn every_spelling_of_almaty_in_the_seeds_is_found_by_the_entity_and_by_one_spelling() {
    let corpus = Corpus::open(&sample()).unwrap();
    let (index, unreadable) = SearchIndex::build(&corpus, &Progress::default());
    assert!(unreadable.is_empty());
    let by_entity = hits_of(&index, "entity:Almaty");
    let spellings: Vec<&str> = by_entity.iter().map(|h| h.3.as_str()).collect();
    assert_eq!(spellings, ["ألما آتا", "الما آتا", "ألماتا", "ألما تا"]);
    assert_eq!(hits_of(&index, "الما اتا"), by_entity);
    // The offsets are the text's: the document read again has the hit there.
    for (doc, start, end, text) in &by_entity {
        let read = corpus.text(corpus.document(doc).unwrap()).unwrap().text;
        let at: String = read.chars().skip(*start).take(end - start).collect();
        assert_eq!(&at, text);
    }
}

#[test]
fn a_word_is_found_after_its_clitics_unless_written_exact() {
    let index = SearchIndex::of_texts([(
        "a.txt",
        "أعلن الكرملين أمس، والكرملين يرى أن للكرملين دورا.",
    )]);
    let found = hits_of(&index, "الكرملين");
    let texts: Vec<&str> = found.iter().map(|h| h.3.as_str()).collect();
    assert_eq!(texts, ["الكرملين", "الكرملين", "كرملين"]);
    // والكرملين: the hit leaves the conjunction out.
    assert_eq!((found[1].1, found[1].2), (20, 28));
    let exact = hits_of(&index, "=الكرملين");
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0].1, 5);
}

#[test]
fn coding_from_hits_tags_each_sentence_once_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "رفض الوزير التدخل الخارجي. وقال إن التدخل الخارجي والتدخل العسكري مرفوضان.\nسطر آخر.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.txt"), "لا شيء عن ذلك.\n").unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    ws.perform(
        Intent::AddCode {
            name: "تدخل".into(),
            parent: None,
        },
        "sara",
    )
    .unwrap();
    let code = ws.project().codebook.find("تدخل", None).unwrap().id;
    let (index, _) = SearchIndex::build(ws.corpus(), &Progress::default());
    let register = Register::default();
    let names = Names {
        register: &register,
        codebook: Some(&ws.project().codebook),
        annotations: Some(&ws.project().annotations),
    };
    let search = Search::parse("التدخل", names).unwrap();
    let hits = index.search(&search, &Progress::default(), |_, _| {});
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].hits.len(), 3);
    let doc = &index.docs[hits[0].doc];
    let sentences = passages(&doc.text, &hits[0].hits, Scope::Sentence);
    assert_eq!(sentences.len(), 2, "two hits share the second sentence");
    let intent = |list: &[std::ops::Range<usize>]| Intent::TagMany {
        code,
        passages: list.iter().map(|r| (doc.id.clone(), r.clone())).collect(),
        what: "search hits".into(),
    };
    let outcome = ws.perform(intent(&sentences), "sara").unwrap();
    assert_eq!(outcome.label, "Tag 2 search hits with تدخل");
    let quotes: Vec<String> = ws
        .project()
        .annotations
        .iter()
        .map(|a| a.quote.clone())
        .collect();
    assert_eq!(
        quotes,
        [
            "رفض الوزير التدخل الخارجي.",
            "وقال إن التدخل الخارجي والتدخل العسكري مرفوضان."
        ]
    );
    // The hits themselves lie inside passages with the code: nothing is tagged twice.
    match ws.perform(intent(&hits[0].hits), "sara") {
        Err(IntentError::Unchanged(why)) => {
            assert_eq!(why, "all 3 search hits are tagged with تدخل already");
        }
        other => panic!("expected nothing to do, got {:?}", other.map(|o| o.label)),
    }
    ws.undo().unwrap();
    assert!(ws.project().annotations.is_empty());
}

#[test]
fn qari_search_writes_counts_a_concordance_csv_and_jsonl() {
    let path = sample();
    let path = path.to_str().unwrap();
    let out = qari(&["search", path, "الما اتا"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table,
        "000_05eb89a420704b8c.txt\t1\n004_fca03b7ec2a77179.txt\t3\n4 hits in 2 of 2 documents\n"
    );
    let out = qari(&[
        "search",
        path,
        "الما اتا",
        "--format",
        "jsonl",
        "--context",
        "12",
    ]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[2]["doc"], "004_fca03b7ec2a77179.txt");
    assert_eq!(lines[2]["hit"], "ألماتا");
    assert_eq!(
        (lines[2]["start"].as_u64(), lines[2]["end"].as_u64()),
        (Some(2880), Some(2886))
    );
    assert_eq!(lines[2]["left"], "…تقارير من ");
    assert_eq!(lines[2]["right"], " حول عملية…");
    let out = qari(&[
        "search",
        path,
        "الما اتا",
        "--format",
        "csv",
        "--sort",
        "1R",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.starts_with("\u{FEFF}doc,start,end,hit,left,right\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5);
    let out = qari(&[
        "search",
        path,
        "الما اتا",
        "--format",
        "kwic",
        "--context",
        "12",
    ]);
    let kwic = String::from_utf8(out.stdout).unwrap();
    assert!(
        kwic.contains("004_fca03b7ec2a77179.txt:2880-2886\t…تقارير من ⟦ألماتا⟧ حول عملية…"),
        "{kwic}"
    );
    // A bad query says where it breaks, and nothing panics.
    let out = qari(&["search", path, "روسيا NEAR/x كازاخستان"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad query at character 12"), "{err}");
    let out = qari(&["search", path, "روسيا", "--format", "kwic", "--sort", "5L"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn qari_collocates_lists_the_words_beside_the_hits() {
    let path = sample();
    let out = qari(&[
        "collocates",
        path.to_str().unwrap(),
        "كازاخستان",
        "--window",
        "3",
        "--top",
        "5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("36 hits; 3 words each side; "),
        "{text}"
    );
    assert_eq!(lines[1], "word\tcount\tcorpus\tlog-likelihood\tMI");
    assert_eq!(lines.len(), 7, "{text}");
    let first: Vec<&str> = lines[2].split('\t').collect();
    assert!(first[1].parse::<u32>().unwrap() >= 3, "{text}");
}

#[test]
fn an_entity_inside_a_phrase_is_found_after_its_title() {
    let index = SearchIndex::of_texts([
        (
            "a.txt",
            "قال الرئيس نزارباييف إن الرئيس الكازاخي وصل. الرئيس توكاييف",
        ),
        ("b.txt", "الرئيس نور سلطان نزارباييف"),
    ]);
    let found = hits_of(&index, "الرئيس entity:\"Nursultan Nazarbayev\"");
    let texts: Vec<&str> = found.iter().map(|h| h.3.as_str()).collect();
    assert_eq!(texts, ["الرئيس نزارباييف", "الرئيس نور سلطان نزارباييف"]);
}
