//! Agreement figures against an independent implementation: the fixtures and reference values in
//! `tests/data/agreement/` were computed with the `krippendorff`, `statsmodels` and `nltk`
//! Python packages (see that folder's README for the command and versions) and are frozen here;
//! `cargo test` needs no Python.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use qari::agreement::spans::{Matching, compare};
use qari::agreement::unitized::{disagreement, pooled_alpha};
use qari::agreement::units::{Coded, Unit, code_matrix, pooled_matrix};
use qari::agreement::{Undefined, cohen_kappa, fleiss_kappa, krippendorff_alpha};
use serde_json::Value;

/// Coders × units.
type Matrix = Vec<Vec<Option<u32>>>;

fn data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/agreement"))
}

/// A fixture: coders, codes, units by kind, passages.
struct Fixture {
    name: String,
    coders: Vec<String>,
    codes: Vec<String>,
    tokens: Vec<Unit>,
    sentences: Vec<Unit>,
    passages: Vec<Coded>,
    /// Each document's length, in id order.
    lengths: Vec<usize>,
}

fn load(file: &Path) -> Fixture {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let strings = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let (coders, codes) = (strings("coders"), strings("codes"));
    let docs = v["docs"].as_object().unwrap();
    let doc_ids: Vec<&String> = docs.keys().collect();
    let units = |kind: &str| -> Vec<Unit> {
        doc_ids
            .iter()
            .enumerate()
            .flat_map(|(d, id)| {
                docs[id.as_str()][kind]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |r| Unit {
                        doc: d,
                        range: r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize,
                    })
            })
            .collect()
    };
    let position =
        |list: &[String], s: &Value| list.iter().position(|x| x == s.as_str().unwrap()).unwrap();
    let passages = v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| Coded {
            coder: position(&coders, &a["coder"]),
            doc: doc_ids
                .iter()
                .position(|d| d.as_str() == a["doc"].as_str().unwrap())
                .unwrap(),
            range: a["start"].as_u64().unwrap() as usize..a["end"].as_u64().unwrap() as usize,
            code: position(&codes, &a["code"]) as u32,
        })
        .collect();
    let lengths = doc_ids
        .iter()
        .map(|id| docs[id.as_str()]["length"].as_u64().unwrap() as usize)
        .collect();
    Fixture {
        lengths,
        name: v["name"].as_str().unwrap().to_owned(),
        coders,
        codes,
        tokens: units("tokens"),
        sentences: units("sentences"),
        passages,
    }
}

/// Checks a computed figure against the reference's `{value, defined}`.
fn check(what: &str, computed: Result<f64, Undefined>, reference: &Value) {
    match (computed, reference["value"].as_f64()) {
        (Ok(ours), Some(theirs)) => {
            assert!(
                (ours - theirs).abs() < 1e-9,
                "{what}: {ours} against {theirs}"
            )
        }
        (Err(_), None) => assert_eq!(reference["defined"], Value::Bool(false), "{what}"),
        (ours, theirs) => panic!("{what}: {ours:?} against {theirs:?}"),
    }
}

#[test]
fn kappas_and_alpha_equal_the_python_packages_on_every_fixture() {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("reference.json")).unwrap())
            .unwrap();
    let mut files: Vec<_> = std::fs::read_dir(data().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let mut checked = 0;
    for file in files {
        let f = load(&file);
        let r = &reference["fixtures"][f.name.as_str()];
        let k = f.coders.len();
        let all_codes: Vec<u32> = (0..f.codes.len() as u32).collect();
        for (kind, units) in [("token", &f.tokens), ("sentence", &f.sentences)] {
            let mut matrices: Vec<(String, Matrix, &Value)> = f
                .codes
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    (
                        name.clone(),
                        code_matrix(units, &f.passages, k, c as u32),
                        &r["krippendorff_alpha"][kind]["per_code"][name.as_str()],
                    )
                })
                .collect();
            matrices.push((
                "overall".into(),
                pooled_matrix(units, &f.passages, k, &all_codes),
                &r["krippendorff_alpha"][kind]["overall"],
            ));
            for (code, matrix, alpha) in &matrices {
                let at = |measure: &str| {
                    let m = &r[measure][kind];
                    if code == "overall" {
                        &m["overall"]
                    } else {
                        &m["per_code"][code.as_str()]
                    }
                };
                let what = |m: &str| format!("{} {m} {kind} {code}", f.name);
                assert_eq!(alpha["n_units"].as_u64().unwrap() as usize, matrix[0].len());
                check(&what("alpha"), krippendorff_alpha(matrix), alpha);
                check(&what("fleiss"), fleiss_kappa(matrix), at("fleiss_kappa"));
                if k == 2 {
                    check(&what("cohen"), cohen_kappa(matrix), at("cohen_kappa"));
                }
                checked += 1;
            }
        }
    }
    // Codes plus the overall figure, at two units, over the five fixtures.
    assert_eq!(checked, 2 * (3 + 3 + 4 + 3 + 4));
}

#[test]
fn span_precision_recall_and_f1_equal_the_reference_exact_and_by_overlap() {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("reference.json")).unwrap())
            .unwrap();
    for file in std::fs::read_dir(data().join("fixtures")).unwrap() {
        let f = load(&file.unwrap().path());
        let r = &reference["fixtures"][f.name.as_str()];
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            if b >= f.coders.len() {
                continue;
            }
            let pair = format!("{}|{}", f.coders[a], f.coders[b]);
            for (mode, matching) in [
                ("exact", Matching::Exact),
                ("overlap_jaccard_ge_1/2", Matching::Overlap(0.5)),
                ("overlap_jaccard_ge_9/10", Matching::Overlap(0.9)),
            ] {
                let mut scopes: Vec<(String, Vec<Coded>)> = f
                    .codes
                    .iter()
                    .enumerate()
                    .map(|(c, name)| {
                        let mine = f.passages.iter().filter(|p| p.code == c as u32);
                        (name.clone(), mine.cloned().collect())
                    })
                    .collect();
                scopes.push(("overall".into(), f.passages.clone()));
                for (scope, passages) in scopes {
                    let ours = compare(&passages, a, b, matching);
                    for (measure, value) in [
                        ("span_precision", ours.precision()),
                        ("span_recall", ours.recall()),
                        ("span_f1", ours.f1()),
                    ] {
                        let m = &r[measure][pair.as_str()][mode];
                        let theirs = if scope == "overall" {
                            &m["overall"]
                        } else {
                            &m["per_code"][scope.as_str()]
                        };
                        let what = format!("{} {measure} {pair} {mode} {scope}", f.name);
                        check(&what, value, theirs);
                    }
                }
            }
        }
    }
}

#[test]
fn unitized_alpha_equals_the_reference_per_code_and_overall() {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("reference.json")).unwrap())
            .unwrap();
    for file in std::fs::read_dir(data().join("fixtures")).unwrap() {
        let f = load(&file.unwrap().path());
        let r = &reference["fixtures"][f.name.as_str()]["krippendorff_alpha_u"];
        // Documents end to end, in id order.
        let starts: Vec<usize> = f
            .lengths
            .iter()
            .scan(0, |at, len| {
                let start = *at;
                *at += len;
                Some(start)
            })
            .collect();
        let length: usize = f.lengths.iter().sum();
        assert_eq!(r["continuum_length"].as_u64().unwrap() as usize, length);
        let mut all = Vec::new();
        for (c, name) in f.codes.iter().enumerate() {
            let passages: Vec<Vec<std::ops::Range<usize>>> = (0..f.coders.len())
                .map(|coder| {
                    f.passages
                        .iter()
                        .filter(|p| p.coder == coder && p.code == c as u32)
                        .map(|p| starts[p.doc] + p.range.start..starts[p.doc] + p.range.end)
                        .collect()
                })
                .collect();
            let d = disagreement(&passages, &starts, length).unwrap();
            let what = format!("{} alpha_u {name}", f.name);
            check(&what, d.alpha(), &r["per_code"][name.as_str()]);
            all.push(d);
        }
        check(
            &format!("{} alpha_u overall", f.name),
            pooled_alpha(&all),
            &r["overall"],
        );
    }
}

/// Two coders' tags on a two-document corpus, imported as `qari import` reads them.
fn two_coders(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let a = "قال الرئيس توكاييف إن القوات ستغادر ألما آتا قريبا.\nوأكد بوتين دعم روسيا.\n";
    let b = "زار لافروف أستانا أمس.\n";
    std::fs::write(corpus.join("a.txt"), a).unwrap();
    std::fs::write(corpus.join("b.txt"), b).unwrap();
    let span = |text: &str, word: &str| {
        let start = text[..text.find(word).unwrap()].chars().count();
        (start, start + word.chars().count())
    };
    let tags = [
        ("amal", "a.txt", a, "توكاييف", "PER"),
        ("amal", "a.txt", a, "ألما آتا", "LOC"),
        ("amal", "b.txt", b, "لافروف", "PER"),
        ("badr", "a.txt", a, "الرئيس توكاييف", "PER"),
        ("badr", "a.txt", a, "ألما آتا", "LOC"),
        ("badr", "b.txt", b, "لافروف", "PER"),
        ("badr", "a.txt", a, "روسيا", "LOC"),
    ];
    let lines: Vec<String> = tags
        .iter()
        .map(|(coder, doc, text, word, kind)| {
            let (start, end) = span(text, word);
            serde_json::json!({"doc": doc, "start": start, "end": end, "type": kind, "author": coder})
                .to_string()
        })
        .collect();
    let file = dir.join("tags.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let qari = env!("CARGO_BIN_EXE_qari");
    let config = dir.join("config");
    for args in [
        vec!["init", corpus.to_str().unwrap()],
        vec!["import", corpus.to_str().unwrap(), file.to_str().unwrap()],
    ] {
        let ok = std::process::Command::new(qari)
            .args(&args)
            .env("QARI_CONFIG_DIR", &config)
            .status()
            .unwrap();
        assert!(ok.success(), "{args:?}");
    }
    corpus
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn qari_agreement_reports_every_measure_by_name_and_the_passages_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_coders(dir.path());
    let c = corpus.to_str().unwrap();
    let json = run(&["agreement", c, "--format", "json"]);
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["amal", "badr"]));
    assert_eq!(report["unit"], "token");
    for measure in [
        "krippendorff_alpha_u",
        "krippendorff_alpha",
        "cohen_kappa",
        "fleiss_kappa",
        "span_precision",
        "span_recall",
        "span_f1",
    ] {
        let overall = &report["overall"][measure];
        assert!(overall["value"].is_f64(), "{measure}: {overall}");
        assert_eq!(overall["coders"], 2, "{measure}");
        assert!(overall["units"].as_u64().unwrap() > 0, "{measure}");
    }
    // PER: amal's توكاييف against badr's الرئيس توكاييف, and لافروف by both: 1 of 2 exact.
    let per = &report["codes"][0];
    assert_eq!(per["code"], "PER");
    assert_eq!(per["span_precision"]["value"], 0.5);
    assert_eq!(per["span_recall"]["value"], 0.5);
    // With passages matching at half their union, الرئيس توكاييف matches توكاييف.
    let loose = run(&["agreement", c, "--format", "json", "--overlap", "0.5"]);
    let loose: Value = serde_json::from_slice(&loose.stdout).unwrap();
    assert_eq!(loose["codes"][0]["span_f1"]["value"], 1.0);
    // The passages that differ: the edges of توكاييف, and روسيا only badr's.
    let kinds: Vec<&str> = report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["edges", "only badr"]);
    // The table and CSV say the same.
    let table = String::from_utf8(run(&["agreement", c]).stdout).unwrap();
    assert!(table.contains("coders: amal, badr"), "{table}");
    assert!(
        table.contains("2 passages where amal and badr differ"),
        "{table}"
    );
    let csv = String::from_utf8(run(&["agreement", c, "--format", "csv"]).stdout).unwrap();
    assert!(csv.starts_with("code,measure,value,unit,units,coders,undefined\n"));
    assert!(
        csv.contains("\nPER,span_precision,0.500000,passage,4,2,\n"),
        "{csv}"
    );
}

#[test]
fn one_coder_or_an_unknown_name_is_a_clear_error_not_nan() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_coders(dir.path());
    let c = corpus.to_str().unwrap();
    let one = run(&["agreement", c, "--coders", "amal"]);
    assert!(!one.status.success());
    let message = String::from_utf8_lossy(&one.stderr);
    assert!(message.contains("agreement needs two coders"), "{message}");
    assert!(message.contains("qari.ron"), "names the file: {message}");
    let unknown = run(&["agreement", c, "--codes", "ORG"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no code \"ORG\""));
    // A code nobody used in the selection: its figures say why there is no value.
    let only_b = run(&["agreement", c, "--docs", "b.txt", "--format", "json"]);
    let report: Value = serde_json::from_slice(&only_b.stdout).unwrap();
    let loc = &report["codes"][1];
    assert_eq!(loc["code"], "LOC");
    assert!(loc["krippendorff_alpha"]["value"].is_null());
    assert!(
        loc["krippendorff_alpha"]["undefined"]
            .as_str()
            .unwrap()
            .contains("no variation")
    );
}

#[test]
fn one_coders_layer_is_exported_with_author() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_coders(dir.path());
    let c = corpus.to_str().unwrap();
    let out = dir.path().join("badr.jsonl");
    let export_layer = |author: &str| {
        run(&[
            "export",
            c,
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
            "--author",
            author,
        ])
    };
    let export = export_layer("badr");
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let lines: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines.iter().all(|l| l["author"] == "badr"), "{lines:?}");
    // A name no annotation carries is refused, naming the project.
    let nobody = export_layer("carim");
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no annotation by \"carim\""));
}

/// A coder's own copy of a corpus (the files renamed with `rename`), with their tags imported:
/// `(doc, start, end, code)` in the original file names.
fn coder_project(
    dir: &Path,
    from: &Path,
    coder: &str,
    rename: impl Fn(&str) -> String,
    tags: &[(String, usize, usize, String)],
) -> std::path::PathBuf {
    let corpus = dir.join(coder);
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        std::fs::copy(from.join(&name), corpus.join(rename(&name))).unwrap();
    }
    let lines: Vec<String> = tags
        .iter()
        .map(|(doc, start, end, code)| {
            serde_json::json!({"doc": rename(doc), "start": start, "end": end, "type": code, "author": coder})
                .to_string()
        })
        .collect();
    let file = dir.join(format!("{coder}.jsonl"));
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let c = corpus.to_str().unwrap();
    for args in [vec!["init", c], vec!["import", c, file.to_str().unwrap()]] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    corpus.join("qari.ron")
}

/// Each annotation of a project listed by `qari annotations`: (author, doc, start, end, codes).
fn listed(project: &str) -> Vec<(String, String, u64, u64, String)> {
    let out = run(&["annotations", project]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows: Vec<_> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            (
                v["author"].as_str().unwrap().to_owned(),
                v["doc"].as_str().unwrap().to_owned(),
                v["start"].as_u64().unwrap(),
                v["end"].as_u64().unwrap(),
                v["codes"].to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn combine_keeps_every_coders_passages_on_the_documents_with_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    let a = "قال الرئيس توكاييف إن القوات ستغادر ألما آتا قريبا.\n";
    std::fs::write(texts.join("a.txt"), a).unwrap();
    std::fs::write(texts.join("b.txt"), "زار لافروف أستانا أمس.\n").unwrap();
    let tag = |doc: &str, start, end, code: &str| (doc.to_owned(), start, end, code.to_owned());
    // Both tag توكاييف as PER (the same passage twice is agreement: both kept); amal has a
    // LOC code badr never used, badr an ORG one.
    let amal = coder_project(
        dir.path(),
        &texts,
        "amal",
        str::to_owned,
        &[tag("a.txt", 11, 18, "PER"), tag("a.txt", 36, 44, "LOC")],
    );
    // badr's copy has other file names: the documents are matched by their text.
    let badr = coder_project(
        dir.path(),
        &texts,
        "badr",
        |n| format!("copy-{n}"),
        &[
            tag("a.txt", 11, 18, "PER"),
            tag("b.txt", 4, 10, "PER"),
            tag("b.txt", 11, 17, "ORG"),
        ],
    );
    let team = dir.path().join("team.ron");
    let t = team.to_str().unwrap();
    let (a_ron, b_ron) = (amal.to_str().unwrap(), badr.to_str().unwrap());
    let out = run(&["combine", a_ron, b_ron, "--out", t]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("3 annotations added"), "{said}");
    assert!(
        said.contains("3 moved to the document with the same text"),
        "{said}"
    );
    assert!(
        said.contains("combined 2 projects: 5 annotations by 2 coders (amal 2, badr 3)"),
        "{said}"
    );
    let row = |who: &str, doc: &str, start, end, code: &str| {
        (
            who.to_owned(),
            doc.to_owned(),
            start,
            end,
            format!("[\"{code}\"]"),
        )
    };
    let mut expected = vec![
        row("amal", "a.txt", 11, 18, "PER"),
        row("amal", "a.txt", 36, 44, "LOC"),
        row("badr", "a.txt", 11, 18, "PER"),
        row("badr", "b.txt", 4, 10, "PER"),
        row("badr", "b.txt", 11, 17, "ORG"),
    ];
    expected.sort();
    assert_eq!(listed(t), expected);
    // One PER code, not two; the team project opens on amal's corpus.
    let text = std::fs::read_to_string(&team).unwrap();
    assert_eq!(text.matches("name: \"PER\"").count(), 1, "{text}");
    assert!(text.contains("corpus_root: \"amal\""), "{text}");
    let report = run(&["agreement", t, "--format", "json"]);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    // Combining badr again adds nothing new: every passage is already there whole.
    let before = std::fs::read_to_string(&team).unwrap();
    let again = run(&["combine", t, b_ron, "--out", t]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("0 annotations added, 3 already there kept once"),
        "{said}"
    );
    assert_eq!(listed(t), expected);
    assert_eq!(std::fs::read_to_string(&team).unwrap(), before);
    // A file that is not one of those combined is not replaced; one project is not enough.
    let other = dir.path().join("other.ron");
    std::fs::write(&other, "keep").unwrap();
    let refused = run(&["combine", a_ron, b_ron, "--out", other.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("other.ron"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep");
    assert!(!run(&["combine", a_ron, "--out", t]).status.success());
}

#[test]
fn combined_aqmar_coders_disagree_exactly_where_one_was_perturbed() {
    let Some(data) = common::shared_data("eval/aqmar/gold.jsonl") else {
        return;
    };
    let eval = data.join("eval/aqmar");
    let gold: Vec<(String, usize, usize, String)> =
        std::fs::read_to_string(eval.join("gold.jsonl"))
            .unwrap()
            .lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line).unwrap();
                let n = |k: &str| v[k].as_u64().unwrap() as usize;
                let s = |k: &str| v[k].as_str().unwrap().to_owned();
                (s("doc"), n("start"), n("end"), s("type"))
            })
            .collect();
    let taken: std::collections::BTreeSet<(String, usize, usize)> = gold
        .iter()
        .map(|(d, s, e, _)| (d.clone(), *s, *e))
        .collect();
    let kinds = ["PER", "ORG", "LOC", "MISC"];
    // badr's version: every tenth span shifted (end one earlier), dropped, or retyped, where
    // the change lands on no other gold span.
    let mut badr = Vec::new();
    let (mut changed_a, mut changed_b) = (Vec::new(), Vec::new());
    let (mut shifted, mut dropped, mut retyped) = (0u32, 0u32, 0u32);
    for (i, (doc, start, end, kind)) in gold.iter().enumerate() {
        let span = (doc.clone(), *start, *end, kind.clone());
        let free = !taken.contains(&(doc.clone(), *start, *end - 1))
            && gold
                .iter()
                .filter(|g| (&g.0, g.1, g.2) == (doc, *start, *end))
                .count()
                == 1;
        match i % 10 {
            3 if end - start > 1 && free => {
                shifted += 1;
                changed_a.push(span.clone());
                let moved = (doc.clone(), *start, end - 1, kind.clone());
                changed_b.push(moved.clone());
                badr.push(moved);
            }
            6 if free => {
                dropped += 1;
                changed_a.push(span);
            }
            8 if free => {
                retyped += 1;
                changed_a.push(span.clone());
                let other = kinds[(kinds.iter().position(|k| k == kind).unwrap() + 1) % 4];
                let retagged = (doc.clone(), *start, *end, other.to_owned());
                changed_b.push(retagged.clone());
                badr.push(retagged);
            }
            _ => badr.push(span),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = eval.join("docs");
    let amal = coder_project(dir.path(), &docs, "amal", str::to_owned, &gold);
    let badr = coder_project(dir.path(), &docs, "badr", str::to_owned, &badr);
    let team = dir.path().join("team.ron");
    let t = team.to_str().unwrap();
    let out = run(&[
        "combine",
        amal.to_str().unwrap(),
        badr.to_str().unwrap(),
        "--out",
        t,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = run(&["agreement", t, "--format", "json"]);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let n = gold.len() as f64;
    let matched = n - f64::from(shifted + dropped + retyped);
    let value = |measure: &str| report["overall"][measure]["value"].as_f64().unwrap();
    assert!((value("span_recall") - matched / n).abs() < 1e-12);
    assert!((value("span_precision") - matched / (n - f64::from(dropped))).abs() < 1e-12);
    assert!(
        shifted > 100 && dropped > 100 && retyped > 100,
        "{shifted} {dropped} {retyped}"
    );
    for measure in ["krippendorff_alpha_u", "krippendorff_alpha", "cohen_kappa"] {
        let v = value(measure);
        assert!(v > 0.6 && v < 0.95, "{measure} {v}: a drop, not a collapse");
    }
    // The passages that differ are exactly the perturbed ones, on each side.
    let side = |key: &str| {
        let mut spans: Vec<(String, usize, usize, String)> = report["disagreements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| !d[key].is_null())
            .map(|d| {
                let at = |i: usize| d[key][i].as_u64().unwrap() as usize;
                let doc = d["doc"].as_str().unwrap().to_owned();
                // A retyped span is one difference of codes: the second coder's code apart.
                let code = match (key, d["second_code"].as_str()) {
                    ("second", Some(second)) => second,
                    _ => d["code"].as_str().unwrap(),
                };
                (doc, at(0), at(1), code.to_owned())
            })
            .collect();
        spans.sort();
        spans
    };
    changed_a.sort();
    changed_b.sort();
    let kinds = |kind: &str| {
        report["disagreements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == kind)
            .count()
    };
    let kinds = |kind: &str| u32::try_from(kinds(kind)).unwrap();
    assert_eq!(
        (kinds("edges"), kinds("only amal"), kinds("codes")),
        (shifted, dropped, retyped)
    );
    assert_eq!(side("first"), changed_a);
    assert_eq!(side("second"), changed_b);
}
