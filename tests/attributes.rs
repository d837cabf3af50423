//! Document attributes and dates: dates stated in HTML pages and file names, a CSV of
//! attributes imported into a project (bad rows named by line, nothing lost), and the charts
//! dated, filtered and grouped by them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use qari::corpus::Corpus;
use qari::project::attributes::document_dates;
use qari::project::{Intent, Workspace};

fn qari(args: &[&OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> std::process::Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    qari(&args)
}

fn day(text: &str) -> Option<jiff::civil::Date> {
    Some(text.parse().unwrap())
}

/// The two seed articles renamed with dates, and a page dated by its `<meta>`.
fn dated_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let (first, second) = (qari::sample::ARTICLES[0].1, qari::sample::ARTICLES[1].1);
    std::fs::write(corpus.join("2015-07-21_aawsat.txt"), first).unwrap();
    std::fs::write(corpus.join("second.txt"), second).unwrap();
    std::fs::write(
        corpus.join("page.html"),
        "<html><head><meta property=\"article:published_time\" \
         content=\"2015-08-03T10:00:00+03:00\"><title>عنوان</title></head>\
         <body><p>قال الرئيس توكاييف في ألماتا</p></body></html>",
    )
    .unwrap();
    corpus
}

#[test]
fn documents_are_dated_by_their_page_then_their_file_name_then_an_imported_date_over_both() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::open(&dated_corpus(dir.path())).unwrap();
    let date_of = |id: &str| corpus.document(id).unwrap().date;
    assert_eq!(date_of("2015-07-21_aawsat.txt"), day("2015-07-21"));
    assert_eq!(date_of("page.html"), day("2015-08-03"));
    assert_eq!(date_of("second.txt"), None);
    let mut attributes = qari::annotations::DocumentAttributes::default();
    attributes.0.insert(
        "page.html".into(),
        BTreeMap::from([("Date".into(), "2016-01-02".into())]),
    );
    let dates = document_dates(&corpus.documents, &attributes);
    let by_id: BTreeMap<&str, _> = corpus
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .zip(dates)
        .collect();
    assert_eq!(by_id["page.html"], day("2016-01-02"));
    assert_eq!(by_id["2015-07-21_aawsat.txt"], day("2015-07-21"));
}

/// The lines of a CSV chart, header left out, BOM dropped.
fn csv_rows(file: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn an_attributes_csv_is_imported_whole_or_not_at_all_and_dates_filters_and_groups_the_charts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let c = corpus.to_str().unwrap();
    assert!(run(&["init", c]).status.success());
    let project = corpus.join("qari.ron");
    let before = std::fs::read_to_string(&project).unwrap();

    // A bad row: nothing is imported, and each bad row is named by its line.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "document,source,date\n2015-07-21_aawsat.txt,aawsat,2015-07-21\nmissing.txt,bbc,\n\
         second.txt,bbc,3 August\n",
    )
    .unwrap();
    let refused = run(&["attributes", "import", c, bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stdout);
    assert!(
        said.contains("bad.csv:3: no document missing.txt in the corpus"),
        "{said}"
    );
    assert!(
        said.contains("bad.csv:4: date \"3 August\" is not a date"),
        "{said}"
    );
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("2 bad rows, nothing imported"), "{error}");
    assert_eq!(std::fs::read_to_string(&project).unwrap(), before);

    // A good one: kept in the project.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "document,المصدر,date\n2015-07-21_aawsat.txt,الشرق الأوسط,\nsecond.txt,الحياة,2015-08-05\n\
         page.html,الشرق الأوسط,\n",
    )
    .unwrap();
    let imported = run(&["attributes", "import", c, good.to_str().unwrap()]);
    assert!(imported.status.success(), "{imported:?}");
    let ws = Workspace::open(&project).unwrap();
    let attributes = &ws.project().attributes;
    assert_eq!(attributes.get("second.txt", "المصدر"), Some("الحياة"));
    assert_eq!(attributes.get("second.txt", "date"), Some("2015-08-05"));
    assert_eq!(attributes.get("page.html", "date"), None);
    // Importing it again changes nothing and says so.
    let again = run(&["attributes", "import", c, good.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("already"));

    // Mentions per document, as `qari entities` lists them (the register alone): of every
    // entity, and of the two the timeline draws.
    let listed = run(&["entities", c, "--no-tagger", "--format", "jsonl"]);
    let mut per_doc: BTreeMap<String, usize> = BTreeMap::new();
    let mut drawn_per_doc: BTreeMap<String, usize> = BTreeMap::new();
    for line in String::from_utf8(listed.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(entity) = v["entity"].as_str() else {
            continue;
        };
        let doc = v["doc"].as_str().unwrap().to_owned();
        if ["Kazakhstan", "Kassym-Jomart Tokayev"].contains(&entity) {
            *drawn_per_doc.entry(doc.clone()).or_default() += 1;
        }
        *per_doc.entry(doc).or_default() += 1;
    }
    // The timeline per month: July holds the first article's mentions, August the second's
    // (dated by the CSV) and the page's (by its <meta>).
    let out = dir.path().join("timeline.csv");
    let chart = |args: &[&str]| {
        let mut all = vec!["chart", c];
        all.extend_from_slice(args);
        let output = run(&all);
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    chart(&[
        "timeline",
        "--entity",
        "Kazakhstan,Kassym-Jomart Tokayev",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut per_month: BTreeMap<String, usize> = BTreeMap::new();
    for row in csv_rows(&out) {
        *per_month.entry(row[2].clone()).or_default() += row[3].parse::<usize>().unwrap();
    }
    let aug = drawn_per_doc["second.txt"] + drawn_per_doc["page.html"];
    assert_eq!(
        per_month["2015-07-01"],
        drawn_per_doc["2015-07-21_aawsat.txt"]
    );
    assert_eq!(per_month["2015-08-01"], aug);

    // The hits of a query per month: counted here from `qari search`'s hits and the dates.
    let searched = run(&["search", c, "قال|كازاخستان", "--format", "jsonl"]);
    let mut hits_per_month: BTreeMap<String, usize> = BTreeMap::new();
    for line in String::from_utf8(searched.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let month = match v["doc"].as_str().unwrap() {
            "2015-07-21_aawsat.txt" => "2015-07-01",
            _ => "2015-08-01",
        };
        *hits_per_month.entry(month.to_owned()).or_default() += 1;
    }
    chart(&[
        "timeline",
        "--query",
        "قال|كازاخستان",
        "--out",
        out.to_str().unwrap(),
    ]);
    let charted: BTreeMap<String, usize> = csv_rows(&out)
        .into_iter()
        .map(|row| (row[2].clone(), row[3].parse().unwrap()))
        .collect();
    assert_eq!(charted, hits_per_month);
    assert_eq!(charted.len(), 2);

    // Only the documents of one source.
    let out = dir.path().join("entities.csv");
    chart(&[
        "entities",
        "--top",
        "500",
        "--where",
        "المصدر=الحياة",
        "--out",
        out.to_str().unwrap(),
    ]);
    let counted: usize = csv_rows(&out)
        .iter()
        .map(|row| row[3].parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, per_doc["second.txt"]);
}

#[test]
fn the_code_matrix_groups_its_documents_by_an_attribute() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dated_corpus(dir.path());
    let c = corpus.to_str().unwrap();
    assert!(run(&["init", c]).status.success());
    let project = corpus.join("qari.ron");
    let mut ws = Workspace::open(&project).unwrap();
    ws.perform(
        Intent::AddCode {
            name: "حجة".into(),
            parent: None,
        },
        "sara",
    )
    .unwrap();
    let code = ws.project().codebook.find("حجة", None).unwrap().id;
    for (doc, start) in [
        ("2015-07-21_aawsat.txt", 0),
        ("second.txt", 0),
        ("page.html", 0),
    ] {
        ws.perform(
            Intent::Tag {
                doc: doc.into(),
                range: start..4,
                code: Some(code),
            },
            "sara",
        )
        .unwrap();
    }
    let rows = BTreeMap::from([
        (
            "2015-07-21_aawsat.txt".to_owned(),
            BTreeMap::from([("source".to_owned(), "aawsat".to_owned())]),
        ),
        (
            "page.html".to_owned(),
            BTreeMap::from([("source".to_owned(), "aawsat".to_owned())]),
        ),
    ]);
    ws.perform(
        Intent::SetAttributes {
            rows,
            source: "test".into(),
        },
        "sara",
    )
    .unwrap();
    ws.save().unwrap();
    let out = dir.path().join("matrix.csv");
    let output = run(&[
        "chart",
        c,
        "matrix",
        "--group-by",
        "source",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_rows(&out),
        [
            vec!["حجة".to_owned(), "aawsat".to_owned(), "2".to_owned()],
            vec!["حجة".to_owned(), "(none)".to_owned(), "1".to_owned()],
        ]
    );
    // An export of the documents of one source only.
    let exported = dir.path().join("aawsat.jsonl");
    let output = run(&[
        "export",
        c,
        "--format",
        "jsonl",
        "--where",
        "source=aawsat",
        "--out",
        exported.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let docs: Vec<String> = std::fs::read_to_string(&exported)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(docs, ["2015-07-21_aawsat.txt", "page.html"]);
    let none = run(&[
        "export",
        c,
        "--format",
        "jsonl",
        "--where",
        "source=bbc",
        "--out",
        exported.to_str().unwrap(),
    ]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no document has source = bbc"));
    // A search of the documents of one source only.
    let searched = run(&["search", c, "قال", "--where", "source=aawsat"]);
    assert!(searched.status.success(), "{searched:?}");
    let table = String::from_utf8(searched.stdout).unwrap();
    let docs: Vec<&str> = table
        .lines()
        .filter_map(|l| l.split('\t').next().filter(|_| l.contains('\t')))
        .collect();
    assert!(!docs.is_empty(), "{table}");
    assert!(
        docs.iter()
            .all(|d| ["2015-07-21_aawsat.txt", "page.html"].contains(d)),
        "{table}"
    );
    let bare = run(&[
        "search",
        corpus.join("page.html").to_str().unwrap(),
        "قال",
        "--where",
        "a=b",
    ]);
    assert!(!bare.status.success());
    // Passages per code and month: one in July, two in August (a CSV date and a <meta> one).
    let out = dir.path().join("codes.csv");
    let output = run(&[
        "chart",
        c,
        "timeline",
        "--codes",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        csv_rows(&out),
        [
            vec![
                "حجة".to_owned(),
                "month".to_owned(),
                "2015-07-01".to_owned(),
                "1".to_owned()
            ],
            vec![
                "حجة".to_owned(),
                "month".to_owned(),
                "2015-08-01".to_owned(),
                "1".to_owned()
            ],
        ]
    );
    // Two coders: omar tags the aawsat article and the other one elsewhere; compared only
    // over the aawsat documents, the other article is left out.
    for doc in ["2015-07-21_aawsat.txt", "second.txt"] {
        ws.perform(
            Intent::Tag {
                doc: doc.into(),
                range: 10..16,
                code: Some(code),
            },
            "omar",
        )
        .unwrap();
    }
    ws.save().unwrap();
    let compared = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["agreement", c, "--coders", "sara,omar", "--format", "json"];
        all.extend_from_slice(args);
        let output = run(&all);
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let docs = |report: &serde_json::Value| -> std::collections::BTreeSet<String> {
        report["disagreements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["doc"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = compared(&[]);
    assert!(docs(&all).contains("second.txt"), "{all}");
    let aawsat = compared(&["--where", "source=aawsat"]);
    assert_eq!(
        docs(&aawsat),
        ["2015-07-21_aawsat.txt".to_owned(), "page.html".to_owned()].into(),
        "{aawsat}"
    );
    assert_eq!(aawsat["documents"], 2);
    // Undo takes the attributes away again (after omar's two tags).
    ws.undo().unwrap();
    ws.undo().unwrap();
    ws.undo().unwrap();
    assert!(ws.project().attributes.0.is_empty());
}
