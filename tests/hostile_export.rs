//! Exports that must not destroy data (issue 12): never over the project file, its backup or a
//! document of the corpus, however the path is spelled; a brat folder only when empty (or
//! forced, and then keeping the earlier export's names); no file the corpus would read as a new
//! document; no FIFO waited on; CSV cells a spreadsheet would run (NUL first too); brat names
//! that clash; characters XML forbids.
//! Each test is named for the defect it guards against.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qari::annotations::{
    Anchor, Annotation, AnnotationId, Annotations, Code, CodeId, Codebook, Colour,
};
use qari::corpus::ContentHash;
use qari::project::{ProjectFile, format};

const TEXT: &str = "قال الرئيس إن -2 قوات وصلت.\n";

/// An annotation of `phrase` in `text`, document `doc`.
fn annotation(id: u64, doc: &str, text: &str, phrase: &str, codes: &[u32]) -> Annotation {
    let time: jiff::Timestamp = "2026-11-21T09:30:00Z".parse().unwrap();
    let start = text[..text.find(phrase).unwrap()].chars().count();
    let range = start..start + phrase.chars().count();
    let anchor = Anchor::of(text, range.clone()).unwrap();
    Annotation {
        id: AnnotationId(id),
        doc: doc.into(),
        start: range.start,
        end: range.end,
        codes: codes.iter().map(|c| CodeId(*c)).collect(),
        quote: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        hash: ContentHash::of(text),
        note: String::new(),
        author: "سارة".into(),
        created: time,
        modified: time,
        attention: String::new(),
    }
}

fn code(id: u32, name: &str) -> Code {
    Code {
        id: CodeId(id),
        name: name.into(),
        colour: Colour::PALETTE[id as usize],
        description: String::new(),
        shortcut: None,
        parent: None,
        attention: String::new(),
        kind: None,
    }
}

/// Writes `project` as `dir/qari.ron` (corpus `.`).
fn save(dir: &Path, codes: Vec<Code>, annotations: Vec<Annotation>) -> PathBuf {
    let project = ProjectFile {
        codebook: Codebook { codes },
        annotations: Annotations::from_vec(annotations).unwrap(),
        ..ProjectFile::new(".".into())
    };
    let path = dir.join("qari.ron");
    std::fs::write(&path, format::to_ron(&project).unwrap()).unwrap();
    path
}

/// A corpus of one article (`مقال.txt`) with one annotation, in `dir`.
fn fixture(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("مقال.txt"), TEXT).unwrap();
    save(
        dir,
        vec![code(1, "actor")],
        vec![annotation(1, "مقال.txt", TEXT, "الرئيس", &[1])],
    )
}

fn qari(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-hostile-export-test-config"),
        )
        .output()
        .unwrap()
}

fn export(project: &Path, format: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    qari(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn succeeds(out: Output) -> String {
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The export failed, saying `message` and naming `path` last.
fn refused(out: Output, message: &str, path: &Path) {
    assert!(!out.status.success(), "not refused");
    let said = stderr(&out);
    assert!(said.contains(message), "{said}");
    assert!(
        said.trim_end().ends_with(&path.display().to_string()),
        "{said}"
    );
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            (
                e.path().to_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn export_refuses_to_overwrite_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    std::fs::write(dir.path().join("qari.ron.bak"), "the backup").unwrap();
    std::fs::create_dir(dir.path().join("x")).unwrap();
    std::fs::hard_link(&project, dir.path().join("hard.csv")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&project, dir.path().join("soft.csv")).unwrap();
    let before = snapshot(dir.path());
    let mut targets = vec![
        (project.clone(), "will not write over the project file"),
        (
            dir.path().join("x/../qari.ron"),
            "will not write over the project file",
        ),
        (
            dir.path().join("new/../qari.ron"),
            "will not write over the project file",
        ),
        (
            dir.path().join("hard.csv"),
            "will not write over the project file",
        ),
        (
            dir.path().join("qari.ron.bak"),
            "will not write over the project's backup",
        ),
        (
            dir.path().join("qari.ron.before-reanchoring.bak"),
            "will not write over the project's backup",
        ),
        (
            dir.path().join("qari.ron.bak.new"),
            "will not write over the project's backup",
        ),
        (
            dir.path().join("qari.ron.before-repair.bak"),
            "will not write over the project's backup",
        ),
        (
            dir.path().join("qari.ron.before-merge.bak"),
            "will not write over the project's backup",
        ),
        (
            dir.path().join("qari.ron.broken-20261130T010129Z"),
            "will not write over an unreadable version of the project file",
        ),
    ];
    #[cfg(unix)]
    targets.push((
        dir.path().join("soft.csv"),
        "will not write over the project file",
    ));
    for format in ["csv", "jsonl", "html", "qdc"] {
        for (target, message) in &targets {
            refused(export(&project, format, target, &[]), message, target);
        }
    }
    assert_eq!(snapshot(dir.path()), before);
    assert!(!dir.path().join("new").exists());
}

#[test]
fn export_refuses_to_overwrite_a_document_of_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let before = snapshot(dir.path());
    let article = dir.path().join("مقال.txt");
    for format in ["csv", "w3c", "conll", "qdpx"] {
        refused(
            export(&project, format, &article, &[]),
            "will not write over a document of the corpus",
            &article,
        );
    }
    assert_eq!(snapshot(dir.path()), before);
    // Beside it is fine.
    succeeds(export(&project, "csv", &dir.path().join("out.csv"), &[]));
}

#[test]
fn brat_export_refuses_the_corpus_folder_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // A windows-1256 article, which a brat export once rewrote as UTF-8.
    let cp1256: &[u8] = &[0xC7, 0xE1, 0xD1, 0xC6, 0xED, 0xD3, 0x20, 0xE1, 0xC7, 0x0A];
    std::fs::write(corpus.join("قديم.txt"), cp1256).unwrap();
    std::fs::write(corpus.join("page.html"), "<p>قال الرئيس</p>").unwrap();
    let project = fixture(&corpus);
    let before = snapshot(dir.path());
    for extra in [&[][..], &["--force"][..]] {
        let inside = corpus.join("brat");
        refused(
            export(&project, "brat", &inside, extra),
            "will not write a brat export into the corpus folder",
            &inside,
        );
        let out = export(&project, "brat", &corpus, extra);
        refused(
            out,
            "will not write a brat export into the corpus folder",
            &corpus,
        );
        let spelled = corpus.join("sub/..");
        refused(
            export(&project, "brat", &spelled, extra),
            "will not write a brat export into the corpus folder",
            &spelled,
        );
    }
    assert_eq!(snapshot(dir.path()), before);
    // A folder outside, forced, whose `مقال.txt` is a link to the article (hard, or symbolic):
    // the article is refused, and nothing at all is written.
    let outside = tempfile::tempdir().unwrap();
    std::fs::hard_link(corpus.join("مقال.txt"), outside.path().join("مقال.txt")).unwrap();
    let before = snapshot(dir.path());
    refused(
        export(&project, "brat", outside.path(), &["--force"]),
        "will not write over a document of the corpus",
        &outside.path().join("مقال.txt"),
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
    #[cfg(unix)]
    {
        std::fs::remove_file(outside.path().join("مقال.txt")).unwrap();
        std::os::unix::fs::symlink(corpus.join("مقال.txt"), outside.path().join("مقال.txt"))
            .unwrap();
        refused(
            export(&project, "brat", outside.path(), &["--force"]),
            "will not write over a document of the corpus",
            &outside.path().join("مقال.txt"),
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn brat_export_into_a_folder_with_other_files_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let outside = tempfile::tempdir().unwrap();
    let folder = outside.path().join("brat");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("thesis.odt"), "mine").unwrap();
    refused(
        export(&project, "brat", &folder, &[]),
        "the folder is not empty (choose an empty folder, or force the export)",
        &folder,
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    succeeds(export(&project, "brat", &folder, &["--force"]));
    assert_eq!(std::fs::read(folder.join("thesis.odt")).unwrap(), b"mine");
    assert!(folder.join("مقال.ann").is_file());
    // Forced, but a file of the folder that links elsewhere is not written through.
    #[cfg(unix)]
    {
        let elsewhere = outside.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "keep").unwrap();
        std::fs::remove_file(folder.join("مقال.ann")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, folder.join("مقال.ann")).unwrap();
        refused(
            export(&project, "brat", &folder, &["--force"]),
            "will not write through a symbolic link out of the brat folder",
            &folder.join("مقال.ann"),
        );
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep");
    }
    // Even a folder that holds only an earlier brat export is refused without --force (its
    // .ann files may have been edited in brat since).
    let clean = outside.path().join("clean");
    succeeds(export(&project, "brat", &clean, &[]));
    refused(
        export(&project, "brat", &clean, &[]),
        "the folder is not empty",
        &clean,
    );
    succeeds(export(&project, "brat", &clean, &["--force"]));
    // --force is for brat, --csv-raw for CSV.
    let out = export(&project, "csv", &dir.path().join("a.csv"), &["--force"]);
    assert!(stderr(&out).contains("--force goes with brat only"));
    let out = export(
        &project,
        "jsonl",
        &dir.path().join("a.jsonl"),
        &["--csv-raw"],
    );
    assert!(stderr(&out).contains("--csv-raw goes with csv only"));
}

#[cfg(unix)]
#[test]
fn export_refuses_a_fifo_and_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    // Outside the corpus: a FIFO in it is a file of the corpus, refused as such.
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("out.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    refused(
        export(&project, "csv", &fifo, &[]),
        "could not write (not a regular file but a FIFO)",
        &fifo,
    );
    let target = outside.path().join("real.csv");
    std::fs::write(&target, "old").unwrap();
    let link = outside.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    succeeds(export(&project, "csv", &link, &[]));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&target).unwrap().contains("الرئيس"));
}

/// Rows of a CSV export, without the BOM.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_neutralises_formula_injection() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("مقال.txt"), TEXT).unwrap();
    let mut a = annotation(1, "مقال.txt", TEXT, "-2", &[1]);
    a.note = "=HYPERLINK(\"http://evil\",\"x\")".into();
    a.author = "@SUM(1+1)".into();
    let mut b = annotation(2, "مقال.txt", TEXT, "قوات", &[2]);
    b.note = "\tcmd".into();
    b.author = "\rx".into();
    let project = save(
        dir.path(),
        vec![code(1, "+cmd"), code(2, "فاعل")],
        vec![a, b],
    );
    let out = dir.path().join("out.csv");
    succeeds(export(&project, "csv", &out, &[]));
    let rows = csv_rows(&out);
    // document, start, end, quote, code, note, author, …
    assert_eq!(rows[1][3], "'-2");
    assert_eq!(rows[1][4], "'+cmd");
    assert_eq!(rows[1][5], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(rows[1][6], "'@SUM(1+1)");
    assert_eq!(rows[2][5], "'\tcmd");
    assert_eq!(rows[2][6], "'\rx");
    // Numbers stay numbers, other text as it was.
    assert_eq!(rows[1][1].parse::<usize>().unwrap(), 14);
    assert_eq!(rows[2][3], "قوات");
    assert_eq!(rows[2][4], "فاعل");
    // --csv-raw writes the cells as they are.
    let raw = dir.path().join("raw.csv");
    succeeds(export(&project, "csv", &raw, &["--csv-raw"]));
    let rows = csv_rows(&raw);
    assert_eq!(rows[1][3], "-2");
    assert_eq!(rows[1][4], "+cmd");
    assert_eq!(rows[1][5], "=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(rows[2][6], "\rx");
}

/// The annotations of a project: (document, start, end).
fn spans_of(project: &Path) -> Vec<(String, usize, usize)> {
    let p = qari::project::workspace::load(project).unwrap();
    p.annotations
        .iter()
        .map(|a| (a.doc.clone(), a.start, a.end))
        .collect()
}

#[test]
fn brat_export_of_a_md_and_a_md_txt_imports_back_to_each_document() {
    let dir = tempfile::tempdir().unwrap();
    let (md, txt) = ("# عنوان\nقال الرئيس\n", "وصلت قوات السلام\n");
    std::fs::write(dir.path().join("a.md"), md).unwrap();
    std::fs::write(dir.path().join("a.md.txt"), txt).unwrap();
    // The text qari indexes of the Markdown file.
    let corpus = qari::corpus::Corpus::open(dir.path()).unwrap();
    let md_text = corpus.text(corpus.document("a.md").unwrap()).unwrap().text;
    let project = save(
        dir.path(),
        vec![code(1, "actor")],
        vec![
            annotation(1, "a.md", &md_text, "الرئيس", &[1]),
            annotation(2, "a.md.txt", txt, "قوات", &[1]),
        ],
    );
    let brat = dir.path().join(".brat");
    let said = succeeds(export(&project, "brat", &brat, &[]));
    assert!(said.starts_with("exported 2 annotations"), "{said}");
    for name in ["a.md.txt", "a.md.ann", "a.md.txt.txt", "a.md.txt.ann"] {
        assert!(brat.join(name).is_file(), "{name}");
    }
    assert_eq!(
        std::fs::read_to_string(brat.join("a.md.txt")).unwrap(),
        md_text
    );
    assert_eq!(
        std::fs::read_to_string(brat.join("a.md.txt.txt")).unwrap(),
        txt
    );
    assert_eq!(
        std::fs::read_to_string(brat.join("qari-documents.tsv")).unwrap(),
        "stem\tdocument\na.md\ta.md\na.md.txt\ta.md.txt\n"
    );
    // Imported into a fresh project of the same corpus, each lands on its own document.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("a.md"), md).unwrap();
    std::fs::write(other.path().join("a.md.txt"), txt).unwrap();
    let imported = save(other.path(), Vec::new(), Vec::new());
    succeeds(qari(&[
        "import".as_ref(),
        imported.as_os_str(),
        "--format".as_ref(),
        "brat".as_ref(),
        brat.as_os_str(),
    ]));
    assert_eq!(spans_of(&imported), spans_of(&project));
    // Forced again into the same folder with one document: the list keeps the other's entry
    // (its files are still there).
    succeeds(export(
        &project,
        "brat",
        &brat,
        &["--force", "--docs", "a.md.txt"],
    ));
    assert_eq!(
        std::fs::read_to_string(brat.join("qari-documents.tsv")).unwrap(),
        "stem\tdocument\na.md.txt\ta.md.txt\na.md\ta.md\n"
    );
}

#[test]
fn refi_export_drops_characters_xml_forbids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("مقال.txt"), TEXT).unwrap();
    let mut a = annotation(1, "مقال.txt", TEXT, "الرئيس", &[1]);
    a.note = "ملاحظة\u{FFFE}\u{FFFF}\u{1B}[31m\u{7}\u{0}".into();
    a.author = "سارة\u{FFFF}".into();
    let mut bad = code(1, "رمز");
    bad.description = "وصف\u{FFFF}\u{8}\u{FFFE}".into();
    let project = save(dir.path(), vec![bad], vec![a]);
    let qdpx = dir.path().join("out.qdpx");
    succeeds(export(&project, "qdpx", &qdpx, &[]));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&qdpx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let note = doc
        .descendants()
        .find(|n| n.has_tag_name("PlainTextContent"))
        .unwrap();
    assert_eq!(
        note.text(),
        Some("ملاحظة\u{FFFD}\u{FFFD}\u{FFFD}[31m\u{FFFD}\u{FFFD}")
    );
    let user = doc.descendants().find(|n| n.has_tag_name("User")).unwrap();
    assert_eq!(user.attribute("name"), Some("سارة\u{FFFD}"));
    let qdc = dir.path().join("out.qdc");
    succeeds(export(&project, "qdc", &qdc, &[]));
    let xml = std::fs::read_to_string(&qdc).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let description = doc
        .descendants()
        .find(|n| n.has_tag_name("Description"))
        .unwrap();
    assert_eq!(description.text(), Some("وصف\u{FFFD}\u{FFFD}\u{FFFD}"));
}

#[cfg(unix)]
#[test]
fn saving_a_project_through_a_symlinked_qari_ron_updates_the_real_project() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let target = fixture(&real);
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::read(&target).unwrap();
    let link = dir.path().join("qari.ron");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut ws = qari::project::Workspace::open(&link).unwrap();
    ws.perform(
        qari::project::Intent::AddCode {
            name: "مكان".into(),
            parent: None,
        },
        "سارة",
    )
    .unwrap();
    ws.save().unwrap();
    let link_meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(link_meta.file_type().is_symlink(), "the link stays a link");
    let saved = qari::project::workspace::load(&target).unwrap();
    assert!(saved.codebook.find("مكان", None).is_some());
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
    assert_eq!(
        mode, 0o640,
        "the project keeps its mode, never the link's 0777"
    );
    assert_eq!(
        std::fs::read(dir.path().join("qari.ron.bak")).unwrap(),
        before
    );
}

#[test]
fn brat_export_of_names_differing_in_case_imports_back_through_the_document_list() {
    let dir = tempfile::tempdir().unwrap();
    let (upper, lower) = ("قال الرئيس\n", "وصلت قوات\n");
    std::fs::write(dir.path().join("A.txt"), upper).unwrap();
    std::fs::write(dir.path().join("a.txt"), lower).unwrap();
    let project = save(
        dir.path(),
        vec![code(1, "actor")],
        vec![
            annotation(1, "A.txt", upper, "الرئيس", &[1]),
            annotation(2, "a.txt", lower, "قوات", &[1]),
        ],
    );
    let outside = tempfile::tempdir().unwrap();
    let brat = outside.path().join("brat");
    let said = succeeds(export(&project, "brat", &brat, &[]));
    assert!(said.starts_with("exported 2 annotations"), "{said}");
    // Apart even where the file system does not tell A from a.
    assert_eq!(
        std::fs::read_to_string(brat.join("qari-documents.tsv")).unwrap(),
        "stem\tdocument\nA\tA.txt\na.txt~2\ta.txt\n"
    );
    assert_eq!(
        std::fs::read_to_string(brat.join("a.txt~2.txt")).unwrap(),
        lower
    );
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("A.txt"), upper).unwrap();
    std::fs::write(other.path().join("a.txt"), lower).unwrap();
    let imported = save(other.path(), Vec::new(), Vec::new());
    succeeds(qari(&[
        "import".as_ref(),
        imported.as_os_str(),
        "--format".as_ref(),
        "brat".as_ref(),
        brat.as_os_str(),
    ]));
    assert_eq!(spans_of(&imported), spans_of(&project));
}

/// `qari ARGS`, killed (and the test failed) if it has not finished within 20 seconds: a hang.
fn qari_within(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-hostile-export-test-config"),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("qari {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Makes a FIFO at `path` (with the system's `mkfifo`).
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn brat_export_does_not_wait_on_a_fifo_as_the_earlier_document_list() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    let outside = tempfile::tempdir().unwrap();
    let brat = outside.path().join("bo");
    std::fs::create_dir(&brat).unwrap();
    let list = brat.join("qari-documents.tsv");
    mkfifo(&list);
    let args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "brat".as_ref(),
        "--out".as_ref(),
        brat.as_os_str(),
        "--force".as_ref(),
    ];
    let out = qari_within(&args);
    refused(out, "not a regular file (a FIFO)", &list);
    // Nor a link to one; a link out of the folder (to a device) is not followed at all.
    std::fs::rename(&list, brat.join("fifo")).unwrap();
    std::os::unix::fs::symlink("fifo", &list).unwrap();
    refused(qari_within(&args), "not a regular file (a FIFO)", &list);
    std::fs::remove_file(&list).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &list).unwrap();
    refused(qari_within(&args), "out of the brat folder", &list);
}

#[test]
fn brat_re_export_forced_keeps_the_earlier_entries_whose_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        ("A.md", "قال الرئيس\n"),
        ("a.md", "وصلت قوات\n"),
        ("a.md.txt", "قوات السلام\n"),
        ("b.txt", "قال الرئيس إن قوات\n"),
    ];
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let corpus = qari::corpus::Corpus::open(dir.path()).unwrap();
    let indexed = |id: &str| corpus.text(corpus.document(id).unwrap()).unwrap().text;
    let project = save(
        dir.path(),
        vec![code(1, "actor")],
        vec![
            annotation(1, "A.md", &indexed("A.md"), "الرئيس", &[1]),
            annotation(2, "a.md", &indexed("a.md"), "قوات", &[1]),
            annotation(3, "a.md.txt", texts[2].1, "السلام", &[1]),
            annotation(4, "b.txt", texts[3].1, "قوات", &[1]),
        ],
    );
    let outside = tempfile::tempdir().unwrap();
    let brat = outside.path().join("b2");
    succeeds(export(&project, "brat", &brat, &[]));
    let list = || std::fs::read_to_string(brat.join("qari-documents.tsv")).unwrap();
    let first = list();
    assert_eq!(
        first,
        "stem\tdocument\nA.md\tA.md\na.md~2\ta.md\na.md.txt\ta.md.txt\nb\tb.txt\n"
    );
    // Forced again with `a.md` alone: it keeps its name, and every other entry stays.
    succeeds(export(
        &project,
        "brat",
        &brat,
        &["--force", "--docs", "a.md"],
    ));
    assert!(!brat.join("a.md.ann").exists(), "a new name for a.md");
    let mut entries: Vec<String> = list().lines().map(str::to_owned).collect();
    entries.sort();
    let mut expected: Vec<String> = first.lines().map(str::to_owned).collect();
    expected.sort();
    assert_eq!(entries, expected);
    // And the folder imports back whole, each annotation on its document.
    let other = tempfile::tempdir().unwrap();
    for (name, text) in texts {
        std::fs::write(other.path().join(name), text).unwrap();
    }
    let imported = save(other.path(), Vec::new(), Vec::new());
    succeeds(qari(&[
        "import".as_ref(),
        imported.as_os_str(),
        "--format".as_ref(),
        "brat".as_ref(),
        brat.as_os_str(),
    ]));
    assert_eq!(spans_of(&imported), spans_of(&project));
}

#[test]
fn export_refuses_a_file_the_corpus_would_read_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for (format, name) in [
        ("html", "report.html"),
        ("jsonl", "new.txt"),
        ("csv", "sub/notes.md"),
        ("html", "REPORT.HTM"),
    ] {
        let out = dir.path().join(name);
        refused(
            export(&project, format, &out, &[]),
            "would read as a new document",
            &out,
        );
        assert!(!out.exists(), "{name}");
    }
    // Other kinds of file, and any file in a hidden folder, the corpus does not read.
    std::fs::create_dir(dir.path().join(".exports")).unwrap();
    for (format, name) in [
        ("csv", "annotations.csv"),
        ("w3c", "sub/annotations.jsonld"),
        ("qdpx", "project.qdpx"),
        ("conll", "tags.conll"),
        ("html", ".exports/report.html"),
    ] {
        succeeds(export(&project, format, &dir.path().join(name), &[]));
    }
    let out = qari(&["check".as_ref(), project.as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let corpus = qari::corpus::Corpus::open(dir.path()).unwrap();
    assert_eq!(corpus.documents.len(), 1);
}

#[test]
fn csv_neutralises_a_cell_starting_with_nul() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("مقال.txt"), TEXT).unwrap();
    let mut a = annotation(1, "مقال.txt", TEXT, "الرئيس", &[1]);
    a.note = "\0=1+1".into();
    let project = save(dir.path(), vec![code(1, "actor")], vec![a]);
    let out = dir.path().join("out.csv");
    succeeds(export(&project, "csv", &out, &[]));
    assert_eq!(csv_rows(&out)[1][5], "'\0=1+1");
}
