//! Annotations from the outside: `qari import` and `qari annotations` (bad lines refused with
//! their numbers, nothing half-imported; the AQMAR gold spans round-trip when `../shared/data`
//! is there), and annotations found again after their document was edited (`qari check`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qari::annotations::anchor::Reanchor;
use qari::project::{Intent, Workspace, workspace};

fn qari(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-annotations-test-config"),
        )
        .output()
        .expect("run qari")
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    qari(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const ARTICLE: &str = "أعلنت منظمة معاهدة الأمن الجماعي إرسال قوات حفظ السلام إلى كازاخستان.\n\
                       وقال الرئيس توكاييف إن الإرهابيين هاجموا مدينة ألماتا.\n\
                       وأضاف أن الوضع مستقر الآن في العاصمة.\n";

#[test]
fn import_refuses_bad_lines_by_number_and_adds_nothing_then_adds_all() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    assert!(run(&[&"init", &dir.path()]).status.success());
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"doc\": \"a.txt\", \"start\": 6, \"end\": 33, \"type\": \"ORG\"}\n\
         {\"doc\": \"a.txt\", \"start\": 6, \"end\": 9999, \"type\": \"ORG\"}\n\
         not json\n",
    )
    .unwrap();
    let out = run(&[&"import", &dir.path(), &"--format", &"jsonl", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("line 2:") && err.contains("line 3:"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    let listed = run(&[&"annotations", &dir.path()]);
    assert_eq!(text(&listed.stdout), "", "nothing was half-imported");

    let good = dir.path().join("good.jsonl");
    std::fs::write(
        &good,
        "{\"doc\": \"a.txt\", \"start\": 6, \"end\": 32, \"type\": \"ORG\", \"note\": \"سطر\\nثان\"}\n\
         {\"doc\": \"a.txt\", \"start\": 82, \"end\": 89, \"code\": \"PER\", \"author\": \"sara\"}\n",
    )
    .unwrap();
    let out = run(&[&"import", &dir.path(), &"--format", &"jsonl", &good]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("imported 2 annotations (2 new codes)"));
    let listed = text(&run(&[&"annotations", &dir.path()]).stdout);
    let lines: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["quote"], "منظمة معاهدة الأمن الجماعي");
    assert_eq!(lines[0]["codes"], serde_json::json!(["ORG"]));
    assert_eq!(lines[0]["note"], "سطر\nثان");
    assert_eq!(lines[1]["quote"], "توكاييف");
    assert_eq!(lines[1]["author"], "sara");
    // Importing the same passages again adds nothing.
    let again = dir.path().join("again.jsonl");
    std::fs::write(&again, &listed).unwrap();
    let out = run(&[&"import", &dir.path(), &"--format", &"jsonl", &again]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("imported 0 annotations (0 new codes; 2 already in the project"),
        "{said}"
    );
    let table = text(&run(&[&"annotations", &dir.path(), &"--format", &"table"]).stdout);
    assert!(
        table.contains("2 annotations") && table.contains("توكاييف"),
        "{table}"
    );
    // What `annotations` writes, `import` reads into another project.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("a.txt"), ARTICLE).unwrap();
    assert!(run(&[&"init", &other.path()]).status.success());
    let out = run(&[&"import", &other.path(), &"--format", &"jsonl", &again]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let relisted = text(&run(&[&"annotations", &other.path()]).stdout);
    let fields = |jsonl: &str| -> Vec<(serde_json::Value, serde_json::Value, serde_json::Value)> {
        jsonl
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["quote"].clone(), v["codes"].clone(), v["note"].clone())
            })
            .collect()
    };
    assert_eq!(fields(&relisted), fields(&listed));
}

#[test]
fn edited_documents_keep_their_annotations_found_moved_fuzzy_or_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let project = dir.path().join("qari.ron");
    let mut ws = workspace::init(dir.path(), &project).unwrap();
    let added = ws
        .perform(
            Intent::AddCode {
                name: "حجة".into(),
                parent: None,
            },
            "t",
        )
        .unwrap();
    let code = added.new_code.unwrap();
    let doc = ws.corpus().documents[0].id.clone();
    let tag = |ws: &mut Workspace, phrase: &str| {
        let start = ARTICLE[..ARTICLE.find(phrase).unwrap()].chars().count();
        let intent = Intent::Tag {
            doc: doc.clone(),
            range: start..start + phrase.chars().count(),
            code: Some(code),
        };
        ws.perform(intent, "t").unwrap();
        start
    };
    let moved = tag(&mut ws, "قوات حفظ السلام");
    tag(&mut ws, "الإرهابيين هاجموا مدينة ألماتا");
    tag(&mut ws, "الوضع مستقر الآن");
    ws.save().unwrap();

    // A paragraph inserted before, a word changed inside the second passage, the third gone.
    let saved_before = std::fs::read(&project).unwrap();
    let inserted = "فقرة جديدة في أول المقال.\n";
    let edited = format!("{inserted}{ARTICLE}")
        .replace("هاجموا", "اقتحموا")
        .replace("وأضاف أن الوضع مستقر الآن في العاصمة.", "وأضاف كلاما آخر.");
    std::fs::write(&file, &edited).unwrap();
    let ws = Workspace::open(&project).unwrap();
    let outcomes: Vec<&Reanchor> = ws.reanchored().iter().map(|r| &r.outcome).collect();
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    let shift = inserted.chars().count();
    assert_eq!(
        outcomes[0],
        &Reanchor::Exact(moved + shift..moved + shift + "قوات حفظ السلام".chars().count())
    );
    assert!(matches!(outcomes[1], Reanchor::Fuzzy { confidence, .. } if *confidence > 0.75));
    assert_eq!(outcomes[2], &Reanchor::Lost);
    // The anchors as they were are kept beside the project.
    assert_eq!(
        std::fs::read(workspace::reanchor_backup_path(&project)).unwrap(),
        saved_before
    );
    let quotes: BTreeSet<&str> = ws
        .project()
        .annotations
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    assert!(
        quotes.contains("الإرهابيين اقتحموا مدينة ألماتا"),
        "{quotes:?}"
    );
    let attention: Vec<&str> = ws
        .needs_attention()
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(attention, ["الوضع مستقر الآن"], "kept, and flagged");
    // The command line says the same.
    let out = text(&run(&[&"check", &project]).stdout);
    assert!(out.contains("reanchored\texact"), "{out}");
    assert!(out.contains("reanchored\tfuzzy"), "{out}");
    assert!(out.contains("attention\t#3"), "{out}");
    assert!(out.contains("3 annotations, 1 need attention"), "{out}");
}

fn shared_data() -> Option<PathBuf> {
    common::shared_data("eval/aqmar/gold.jsonl")
}

fn spans(jsonl: &str, code_field: &str) -> BTreeSet<(String, u64, u64, String)> {
    jsonl
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let codes: Vec<String> = match &v[code_field] {
                serde_json::Value::Array(list) => list
                    .iter()
                    .map(|c| c.as_str().unwrap().to_owned())
                    .collect(),
                other => vec![other.as_str().unwrap().to_owned()],
            };
            codes.into_iter().map(move |c| {
                (
                    v["doc"].as_str().unwrap().to_owned(),
                    v["start"].as_u64().unwrap(),
                    v["end"].as_u64().unwrap(),
                    c,
                )
            })
        })
        .collect()
}

#[test]
fn aqmar_gold_spans_round_trip_through_a_saved_project() {
    let Some(data) = shared_data() else { return };
    let eval = data.join("eval/aqmar");
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    common::copy_files(&eval.join("docs"), &docs);
    assert!(run(&[&"init", &docs]).status.success());
    let gold = eval.join("gold.jsonl");
    let out = run(&[&"import", &docs, &"--format", &"jsonl", &gold]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Reloaded from the saved file by a new process.
    let listed = run(&[&"annotations", &docs]);
    assert!(listed.status.success());
    let expected = spans(&std::fs::read_to_string(&gold).unwrap(), "type");
    assert_eq!(spans(&text(&listed.stdout), "codes"), expected);
    assert!(Path::new(&docs.join("qari.ron")).exists());
}

fn copy_docs(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn anercorp_gold_round_trips_through_brat_and_jsonl_exports() {
    let Some(data) = shared_data() else { return };
    let eval = data.join("eval/anercorp-train");
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy_docs(&eval.join("docs"), &docs);
    assert!(run(&[&"init", &docs]).status.success());
    let gold = eval.join("gold.jsonl");
    let out = run(&[&"import", &docs, &"--format", &"jsonl", &gold]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = spans(&std::fs::read_to_string(&gold).unwrap(), "type");
    let brat = dir.path().join("brat");
    let jsonl = dir.path().join("all.jsonl");
    for (format, to) in [("brat", &brat), ("jsonl", &jsonl)] {
        let out = run(&[&"export", &docs, &"--format", &format, &"--out", to]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // Every T line's text is the document's text at its offsets.
    let mut t_lines = 0;
    for entry in std::fs::read_dir(&brat).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        let doc: Vec<char> = std::fs::read_to_string(path.with_extension("txt"))
            .unwrap()
            .chars()
            .collect();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if !line.starts_with('T') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let pieces: Vec<String> = fields[1]
                .split_once(' ')
                .unwrap()
                .1
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    doc[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                        .iter()
                        .collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{}: {line}", path.display());
            t_lines += 1;
        }
    }
    assert!(t_lines >= expected.len() / 2, "{t_lines} T lines");
    // Each export, imported into a fresh project on the same documents, gives the same spans.
    for (format, from) in [("brat", &brat), ("jsonl", &jsonl)] {
        let fresh = dir.path().join(format!("fresh-{format}"));
        copy_docs(&eval.join("docs"), &fresh);
        assert!(run(&[&"init", &fresh]).status.success());
        let out = run(&[&"import", &fresh, &"--format", &format, from]);
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        let listed = run(&[&"annotations", &fresh]);
        assert_eq!(spans(&text(&listed.stdout), "codes"), expected, "{format}");
    }
}

#[test]
fn the_code_matrix_counts_the_passages_of_each_code_in_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(docs.join("b.txt"), ARTICLE).unwrap();
    assert!(run(&[&"init", &docs]).status.success());
    let tags = [
        ("a.txt", 0, 5, "PER"),
        ("a.txt", 6, 11, "PER"),
        ("a.txt", 12, 18, "ORG"),
        ("b.txt", 0, 5, "ORG"),
    ];
    let lines: Vec<String> = tags
        .iter()
        .map(|(doc, start, end, code)| {
            serde_json::json!({"doc": doc, "start": start, "end": end, "code": code}).to_string()
        })
        .collect();
    let file = dir.path().join("tags.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    assert!(run(&[&"import", &docs, &file]).status.success());
    let csv_path = dir.path().join("matrix.csv");
    let out = run(&[&"chart", &docs, &"matrix", &"--out", &csv_path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&csv_path).unwrap(),
        "\u{FEFF}code,document,passages\nPER,a.txt,2\nORG,a.txt,1\nORG,b.txt,1\n"
    );
    let svg_path = dir.path().join("matrix.svg");
    assert!(
        run(&[&"chart", &docs, &"matrix", &"--out", &svg_path])
            .status
            .success()
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    // The background, a frame a cell (2 codes × 2 documents), a square a cell with passages.
    let rects = tree
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .count();
    assert_eq!(rects, 1 + 4 + 3);
    // A folder without a project has no matrix, and says so.
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    std::fs::write(bare.join("a.txt"), ARTICLE).unwrap();
    let refused = run(&[&"chart", &bare, &"matrix", &"--out", &svg_path]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("no project file"));
}

#[test]
fn the_code_matrix_of_the_aqmar_gold_equals_the_gold_counted_here() {
    let Some(data) = shared_data() else { return };
    let eval = data.join("eval/aqmar");
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    common::copy_files(&eval.join("docs"), &docs);
    assert!(run(&[&"init", &docs]).status.success());
    let gold = eval.join("gold.jsonl");
    assert!(
        run(&[&"import", &docs, &"--format", &"jsonl", &gold])
            .status
            .success()
    );
    let mut expected: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for line in std::fs::read_to_string(&gold).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (
            v["type"].as_str().unwrap().to_owned(),
            v["doc"].as_str().unwrap().to_owned(),
        );
        *expected.entry(key).or_default() += 1;
    }
    let csv_path = dir.path().join("matrix.csv");
    assert!(
        run(&[&"chart", &docs, &"matrix", &"--out", &csv_path])
            .status
            .success()
    );
    let counted: std::collections::BTreeMap<(String, String), usize> =
        std::fs::read_to_string(&csv_path)
            .unwrap()
            .trim_start_matches('\u{FEFF}')
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                ((f[0].to_owned(), f[1].to_owned()), f[2].parse().unwrap())
            })
            .collect();
    assert_eq!(counted, expected);
    let png = dir.path().join("matrix.png");
    assert!(
        run(&[&"chart", &docs, &"matrix", &"--out", &png])
            .status
            .success()
    );
}

#[test]
fn the_code_relations_count_codes_on_one_passage_and_on_overlapping_passages() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), ARTICLE).unwrap();
    assert!(run(&[&"init", &docs]).status.success());
    // LOC overlaps both PER passages (the second also has MISC); ORG meets nobody.
    let tags = [
        (0, 5, vec!["PER"]),
        (6, 11, vec!["PER", "MISC"]),
        (3, 8, vec!["LOC"]),
        (20, 30, vec!["ORG"]),
    ];
    let lines: Vec<String> = tags
        .iter()
        .map(|(start, end, codes)| {
            serde_json::json!({"doc": "a.txt", "start": start, "end": end, "codes": codes})
                .to_string()
        })
        .collect();
    let file = dir.path().join("tags.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let imported = run(&[&"import", &docs, &file]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let csv_path = dir.path().join("codes.csv");
    let out = run(&[&"chart", &docs, &"codes", &"--out", &csv_path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut rows: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().skip(1).collect();
    rows.sort_unstable();
    // PER–MISC on one passage; LOC over both PER passages, and over MISC's.
    assert_eq!(rows, ["MISC,LOC,1", "PER,LOC,2", "PER,MISC,1"], "{csv}");
    let svg_path = dir.path().join("codes.svg");
    assert!(
        run(&[&"chart", &docs, &"codes", &"--out", &svg_path])
            .status
            .success()
    );
    roxmltree::Document::parse(&std::fs::read_to_string(&svg_path).unwrap()).unwrap();
}

#[test]
fn the_code_relations_in_one_paragraph_count_each_paragraph_holding_both_codes_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), ARTICLE).unwrap();
    assert!(run(&[&"init", &docs]).status.success());
    let lines: Vec<usize> = ARTICLE.lines().map(|l| l.chars().count()).collect();
    let (second, third) = (lines[0] + 1, lines[0] + 1 + lines[1] + 1);
    // Paragraph 1: PER and LOC apart; paragraph 2: ORG, PER and the start of MISC, which runs
    // on into paragraph 3, where LOC is again.
    let tags = [
        (0, 5, "PER"),
        (20, 25, "LOC"),
        (second, second + 4, "ORG"),
        (second + 10, second + 15, "PER"),
        (third - 6, third + 4, "MISC"),
        (third + 10, third + 14, "LOC"),
    ];
    let jsonl: Vec<String> = tags
        .iter()
        .map(|(start, end, code)| {
            serde_json::json!({"doc": "a.txt", "start": start, "end": end, "codes": [code]})
                .to_string()
        })
        .collect();
    let file = dir.path().join("tags.jsonl");
    std::fs::write(&file, jsonl.join("\n") + "\n").unwrap();
    let imported = run(&[&"import", &docs, &file]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let csv_path = dir.path().join("codes.csv");
    let out = run(&[
        &"chart",
        &docs,
        &"codes",
        &"--meet",
        &"paragraph",
        &"--out",
        &csv_path,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut pairs: Vec<String> = csv
        .trim_start_matches('\u{FEFF}')
        .lines()
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split(',').collect();
            let (a, b) = (cells[0].min(cells[1]), cells[0].max(cells[1]));
            format!("{a}-{b}:{}", cells[2])
        })
        .collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "LOC-MISC:1",
            "LOC-PER:1",
            "MISC-ORG:1",
            "MISC-PER:1",
            "ORG-PER:1"
        ],
        "{csv}"
    );
    // On overlapping passages, none of them meet.
    let out = run(&[&"chart", &docs, &"codes", &"--out", &csv_path]);
    assert!(out.status.success());
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(
        csv.trim_start_matches('\u{FEFF}').lines().count(),
        1,
        "{csv}"
    );
}
