//! The `qari` binary from the outside: subcommands, output, exit status.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::Path;
use std::process::{Command, Output};

fn qari(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-cli-test-config"),
        )
        .output()
        .expect("run qari")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

fn fixture_corpus(dir: &Path) {
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256
        .encode("تكتسب العملية المشتركة لمنظمة معاهدة الأمن الجماعي زخماً.\r\nقال توكاييف.\r\n");
    std::fs::write(dir.join("2-legacy.txt"), cp1256).unwrap();
    std::fs::write(
        dir.join("10-utf8.txt"),
        "خطأ فادح؟\nكان رد فعل الولايات المتحدة.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("1-page.html"),
        "<html><head><title>ألماتا</title><script>x()</script></head><body><p>فقرة أولى</p></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("broken.txt"), [0u8, 159, 146, 150, 0, 0, 1, 2, 3]).unwrap();
}

#[test]
fn text_prints_the_decoded_text_exactly() {
    let dir = tempfile::tempdir().unwrap();
    fixture_corpus(dir.path());
    let out = qari(&["text", dir.path().join("2-legacy.txt").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "تكتسب العملية المشتركة لمنظمة معاهدة الأمن الجماعي زخماً.\nقال توكاييف.\n"
    );
    let out = qari(&["text", dir.path().join("1-page.html").to_str().unwrap()]);
    assert_eq!(stdout(&out), "فقرة أولى\n");
}

#[test]
fn list_reports_every_file_in_natural_order_with_encoding_and_problems() {
    let dir = tempfile::tempdir().unwrap();
    fixture_corpus(dir.path());
    let out = qari(&["list", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["1-page.html", "2-legacy.txt", "10-utf8.txt", "broken.txt"]
    );
    assert_eq!(lines[0]["title"], "ألماتا");
    assert_eq!(lines[1]["encoding"], "windows-1256");
    assert_eq!(lines[1]["encoding_source"], "detected");
    assert_eq!(lines[2]["title"], "خطأ فادح؟");
    assert!(lines[3]["skipped"].as_str().unwrap().contains("binary"));
    assert!(stderr(&out).starts_with("3 documents, 0 with warnings, 1 skipped"));

    let out = qari(&["list", dir.path().to_str().unwrap()]);
    let table = stdout(&out);
    assert!(table.lines().next().unwrap().starts_with("ID"));
    assert!(table.contains("windows-1256 (detected)"));
    assert!(table.contains("[skipped: binary content, not text"));
}

#[test]
fn init_then_check_reports_missing_changed_and_new() {
    let dir = tempfile::tempdir().unwrap();
    fixture_corpus(dir.path());
    let root = dir.path().to_str().unwrap();
    let out = qari(&["init", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("created project with 3 documents"));
    let project = dir.path().join("qari.ron");
    let saved = std::fs::read_to_string(&project).unwrap();
    assert!(saved.contains(&format!(
        "format_version: {}",
        qari::project::FORMAT_VERSION
    )));
    assert!(saved.contains("corpus_root: \".\""));

    let out = qari(&["init", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).trim_end().ends_with("qari.ron"),
        "{}",
        stderr(&out)
    );

    std::fs::remove_file(dir.path().join("1-page.html")).unwrap();
    std::fs::write(dir.path().join("10-utf8.txt"), "نص آخر").unwrap();
    std::fs::write(dir.path().join("3-new.md"), "# جديد").unwrap();
    let out = qari(&["check", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("missing\t1-page.html"), "{report}");
    assert!(report.contains("changed\t10-utf8.txt"), "{report}");
    assert!(report.contains("new\t3-new.md"), "{report}");
    assert!(report.contains("unreadable\tbinary content"), "{report}");
    // `check` reads; it never rewrites the project.
    assert_eq!(std::fs::read_to_string(&project).unwrap(), saved);
}

#[test]
fn relocate_points_a_project_at_its_moved_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    fixture_corpus(&corpus);
    let project = dir.path().join("study.ron");
    let out = qari(&[
        "init",
        corpus.to_str().unwrap(),
        "--project",
        project.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::rename(&corpus, dir.path().join("elsewhere")).unwrap();
    let out = qari(&["check", project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("corpus folder not found"), "{message}");
    assert!(message.contains("qari relocate"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    let out = qari(&[
        "relocate",
        project.to_str().unwrap(),
        dir.path().join("elsewhere").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = qari(&["check", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 new, 0 changed, 0 missing"));
    assert!(dir.path().join("study.ron.bak").exists());
}

#[test]
fn user_errors_exit_1_with_one_line_naming_the_file() {
    let out = qari(&["text", "/no/such/article.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.trim_end().ends_with("/no/such/article.txt"),
        "{message}"
    );

    let out = qari(&["list", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).trim_end().ends_with("/no/such/folder"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("qari.ron");
    std::fs::write(
        &bad,
        "(\n  format_version: 1,\n  corpus_root: \".\"\n  documents: [],\n)",
    )
    .unwrap();
    let out = qari(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("line 4, column 3"), "{message}");
    assert!(message.trim_end().ends_with("qari.ron"), "{message}");

    std::fs::write(&bad, "(format_version: 99, corpus_root: \".\")").unwrap();
    let out = qari(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("newer"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(qari(&["list"]).status.code(), Some(2));
    assert_eq!(
        qari(&["list", ".", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(qari(&["frobnicate", "x", "y"]).status.code(), Some(2));
    assert_eq!(qari(&["--help"]).status.code(), Some(0));
}

#[test]
fn entities_jsonl_csv_and_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "أرسلت منظمة معاهدة الأمن الجماعي قوات إلى ألماتا، وقال توكاييف إن القوات ستغادر ألما آتا.\nوصلت وألماتا هادئة.\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let out = qari(&["entities", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &lines[0];
    assert_eq!(first["doc"], "a.txt");
    assert_eq!(first["entity"], "Collective Security Treaty Organization");
    assert_eq!(first["kind"], "organisation");
    assert_eq!(first["text"], "منظمة معاهدة الأمن الجماعي");
    assert_eq!(first["start"], 6);
    assert_eq!(
        first["end"],
        6 + "منظمة معاهدة الأمن الجماعي".chars().count()
    );
    let almaty: Vec<&str> = lines
        .iter()
        .filter(|l| l["entity"] == "Almaty")
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(almaty, ["ألماتا", "ألما آتا", "وألماتا"]);
    // Found by the register and the trained tagger together, with the tagger's probability.
    for line in lines.iter().filter(|l| !l["entity"].is_null()) {
        assert!(
            ["register", "both"].contains(&line["source"].as_str().unwrap()),
            "{line}"
        );
        let score = line["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{line}");
    }
    assert_eq!(first["type"], "ORG");
    // A name after a clitic is reported as the word as written, the clitic included.
    let almaty_word = lines
        .iter()
        .find(|l| l["text"] == "وألماتا")
        .expect("the word with its clitic");
    assert_eq!(almaty_word["prefix"], "و");
    assert_eq!(almaty_word["entity"], "Almaty");
    // Without the tagger, every mention is the register's, scored 1.
    let out = qari(&["entities", root, "--no-tagger"]);
    for line in stdout(&out).lines() {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(line["source"], "register");
        assert_eq!(line["score"], 1.0);
    }

    let out = qari(&["entities", root, "--format", "csv"]);
    let csv = stdout(&out);
    assert!(
        csv.starts_with("\u{FEFF}doc,start,end,text,entity,kind,prefix,type,source,score\n"),
        "{csv}"
    );
    assert!(csv.contains("a.txt,6,"));

    let out = qari(&["entities", root, "--format", "table"]);
    assert!(stdout(&out).contains("Almaty (ألما آتا)"));
}

#[test]
fn a_user_register_is_used_and_imported_into_a_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "زار الوفد هيئة الاختبار ثم غادر.\n",
    )
    .unwrap();
    let register = dir.path().join("mine.tsv");
    std::fs::write(
        &register,
        "canonical\tkind\taliases\nTest Body\torganisation\tهيئة الاختبار\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let out = qari(&[
        "entities",
        root,
        "--register",
        register.to_str().unwrap(),
        "--no-default-register",
    ]);
    assert!(
        stdout(&out).contains("\"entity\":\"Test Body\""),
        "{}",
        stdout(&out)
    );

    assert!(qari(&["init", root]).status.success());
    let project = dir.path().join("qari.ron");
    let out = qari(&[
        "register",
        "import",
        project.to_str().unwrap(),
        register.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&project)
            .unwrap()
            .contains("Add((canonical: \"Test Body\"")
    );
    let out = qari(&["entities", project.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("\"entity\":\"Test Body\""),
        "{}",
        stdout(&out)
    );
    let out = qari(&["register", "export", project.to_str().unwrap()]);
    let tsv = stdout(&out);
    assert!(tsv.starts_with("canonical\tkind\taliases\n"));
    assert!(tsv.contains("Test Body\torganisation\tهيئة الاختبار\n"));

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "canonical\tkind\taliases\nX\tplanet\ty\n").unwrap();
    let out = qari(&[
        "register",
        "import",
        project.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}

#[test]
fn train_makes_the_project_model_that_entities_then_uses() {
    let dir = tempfile::tempdir().unwrap();
    let name = "زيبروفسكي";
    let mut tags = String::new();
    for i in 0..4 {
        let text = format!("التقى {name} بالوزير في المساء ثم عاد {name} إلى بيته رقم {i}.\n");
        let doc = format!("{i}.txt");
        std::fs::write(dir.path().join(&doc), &text).unwrap();
        if i < 3 {
            for (byte, _) in text.match_indices(name) {
                let start = text[..byte].chars().count();
                let end = start + name.chars().count();
                tags.push_str(&format!(
                    "{{\"doc\":\"{doc}\",\"start\":{start},\"end\":{end},\"type\":\"PER\"}}\n"
                ));
            }
        }
    }
    let root = dir.path().to_str().unwrap();
    assert!(qari(&["init", root]).status.success());
    let tags_file = dir.path().join("tags.jsonl.in");
    std::fs::write(&tags_file, tags).unwrap();
    let project = dir.path().join("qari.ron");
    let out = qari(&[
        "import",
        project.to_str().unwrap(),
        tags_file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = qari(&["train", project.to_str().unwrap(), "--base", "none"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("3 documents"), "{report}");
    assert!(dir.path().join("qari.qtag").is_file());

    let out = qari(&["entities", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the project's model"),
        "{}",
        stderr(&out)
    );
    // The untagged document's name is found by the project's model.
    let found: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|l: &serde_json::Value| l["doc"] == "3.txt" && l["text"] == name)
        .collect();
    assert_eq!(found.len(), 2, "{}", stdout(&out));
    assert_eq!(found[0]["type"], "PER");
    assert_eq!(found[0]["source"], "tagger");
}
