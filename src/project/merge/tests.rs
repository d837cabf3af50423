//! Merges told as stories: a base project, what each side did to it, what the merge keeps.

use std::ops::Range;
use std::path::Path;

use jiff::Timestamp;

use super::{MergeReport, merge};
use crate::annotations::{Anchor, Annotation, AnnotationId, Code, CodeId, Colour, DocumentCoding};
use crate::corpus::ContentHash;
use crate::entities::RegisterEdit;
use crate::project::{DocumentRecord, ProjectFile, format};

/// Both test documents read this (Tokayev said the peacekeepers will leave Almaty).
const TEXT: &str = "قال توكاييف إن قوات حفظ السلام ستغادر ألماتى";
/// The other side, as reasons name it.
const THEM: &str = "qari import";

/// A passage: document, code points, codes by path, note.
type Span<'a> = (&'a str, Range<usize>, &'a [&'a str], &'a str);

fn time(minute: u8) -> Timestamp {
    format!("2026-11-21T17:{minute:02}:00Z").parse().unwrap()
}

/// A project of two documents (`a.txt`, `b.txt`, both [`TEXT`]), codes by path (parents
/// first, ids from 1) and annotations (ids from 1).
fn project(codes: &[&str], spans: &[Span<'_>]) -> ProjectFile {
    let mut p = ProjectFile::new(".".into());
    p.documents = ["a.txt", "b.txt"]
        .map(|id| DocumentRecord {
            id: id.into(),
            hash: ContentHash::of(TEXT),
            chars: TEXT.chars().count(),
        })
        .into();
    for (i, path) in codes.iter().enumerate() {
        add_code(&mut p, i as u32 + 1, path);
    }
    for (i, span) in spans.iter().enumerate() {
        annotate(&mut p, i as u64 + 1, span.clone());
    }
    p
}

/// Codes for people, places and a frame; Tokayev, Almaty and the peacekeepers tagged.
fn base() -> ProjectFile {
    project(
        &["PER", "LOC", "frame", "frame/peacekeeping"],
        &[
            ("a.txt", 4..11, &["PER"], ""),
            ("a.txt", 38..44, &["LOC"], "Almaty"),
            ("b.txt", 15..30, &["frame/peacekeeping"], ""),
        ],
    )
}

fn add_code(p: &mut ProjectFile, id: u32, path: &str) {
    let (parent, name) = match path.rsplit_once('/') {
        Some((parent, name)) => (Some(code(p, parent)), name),
        None => (None, path),
    };
    p.codebook.codes.push(Code {
        id: CodeId(id),
        name: name.into(),
        colour: Colour::PALETTE[id as usize % Colour::PALETTE.len()],
        description: String::new(),
        shortcut: None,
        parent,
        attention: String::new(),
        kind: None,
    });
}

fn code(p: &ProjectFile, path: &str) -> CodeId {
    p.codebook
        .find_path(path)
        .unwrap_or_else(|| panic!("no code {path}"))
        .id
}

fn change_code(p: &mut ProjectFile, path: &str, change: impl FnOnce(&mut Code)) {
    let id = code(p, path);
    let at = p.codebook.position(id).unwrap();
    change(&mut p.codebook.codes[at]);
}

fn delete_code(p: &mut ProjectFile, path: &str) {
    let id = code(p, path);
    p.codebook.codes.retain(|c| c.id != id);
}

fn annotate(p: &mut ProjectFile, id: u64, (doc, range, codes, note): Span<'_>) {
    let anchor = Anchor::of(TEXT, range.clone()).unwrap();
    let a = Annotation {
        id: AnnotationId(id),
        doc: doc.into(),
        start: range.start,
        end: range.end,
        codes: codes.iter().map(|c| code(p, c)).collect(),
        quote: anchor.quote,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        hash: ContentHash::of(TEXT),
        note: note.into(),
        attention: String::new(),
        author: "sara".into(),
        created: time(0),
        modified: time(0),
    };
    p.annotations.insert(a).unwrap();
}

/// Changes an annotation, as a coder would at `minute`.
fn edit(p: &mut ProjectFile, id: u64, minute: u8, change: impl FnOnce(&mut Annotation)) {
    let mut a = p.annotations.remove(AnnotationId(id)).unwrap();
    change(&mut a);
    a.modified = time(minute);
    p.annotations.insert(a).unwrap();
}

fn delete(p: &mut ProjectFile, id: u64) {
    p.annotations.remove(AnnotationId(id)).unwrap();
}

/// The annotations as `id doc start..end codes "note"`, codes by path.
fn spans(p: &ProjectFile) -> Vec<String> {
    p.annotations
        .iter()
        .map(|a| {
            let codes: Vec<String> = a.codes.iter().map(|c| p.codebook.path(*c)).collect();
            let (id, doc, start, end) = (a.id.0, &a.doc, a.start, a.end);
            format!("{id} {doc} {start}..{end} {} {:?}", codes.join(","), a.note)
        })
        .collect()
}

/// The codes as `id path`, in list order.
fn codes(p: &ProjectFile) -> Vec<String> {
    p.codebook
        .codes
        .iter()
        .map(|c| format!("{} {}", c.id.0, p.codebook.path(c.id)))
        .collect()
}

fn attention(p: &ProjectFile, id: u64) -> &str {
    &p.annotations.get(AnnotationId(id)).unwrap().attention
}

fn code_attention<'a>(p: &'a ProjectFile, path: &str) -> &'a str {
    &p.codebook.get(code(p, path)).unwrap().attention
}

#[test]
fn additions_on_both_sides_are_kept_and_a_colliding_id_renumbered() {
    let base = base();
    let mut ours = base.clone();
    annotate(&mut ours, 4, ("a.txt", 0..3, &["frame"], ""));
    let mut theirs = base.clone();
    annotate(&mut theirs, 4, ("b.txt", 38..44, &["LOC"], "المدينة"));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        spans(&m.project),
        [
            "4 a.txt 0..3 frame \"\"",
            "1 a.txt 4..11 PER \"\"",
            "2 a.txt 38..44 LOC \"Almaty\"",
            "3 b.txt 15..30 frame/peacekeeping \"\"",
            "5 b.txt 38..44 LOC \"المدينة\"",
        ]
    );
    assert!(!m.report.has_conflicts());
    assert_eq!(m.report.summary(), "1 annotation added");
}

#[test]
fn the_same_passage_added_on_both_sides_is_one_annotation() {
    let base = base();
    let mut ours = base.clone();
    annotate(&mut ours, 4, ("a.txt", 15..30, &["frame", "LOC"], "قوات"));
    annotate(&mut ours, 5, ("b.txt", 0..3, &[], "قال"));
    let mut theirs = base.clone();
    // Under another id, codes in another order; and one under the same id.
    annotate(&mut theirs, 9, ("a.txt", 15..30, &["LOC", "frame"], "قوات"));
    annotate(&mut theirs, 5, ("b.txt", 0..3, &[], "قال"));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(m.project, ours);
    assert!(m.report.is_empty(), "{:?}", m.report);
}

#[test]
fn codes_changed_here_and_the_note_there_are_both_kept() {
    let base = base();
    let (frame, loc) = (code(&base, "frame"), code(&base, "LOC"));
    let mut ours = base.clone();
    edit(&mut ours, 1, 10, |a| a.codes.push(frame));
    edit(&mut ours, 2, 10, |a| a.codes.push(frame));
    let mut theirs = base.clone();
    edit(&mut theirs, 1, 20, |a| a.note = "الرئيس".into());
    edit(&mut theirs, 2, 5, |a| {
        a.codes.retain(|c| *c != loc);
        a.note = "ألماتى".into();
    });

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        spans(&m.project)[..2],
        [
            "1 a.txt 4..11 PER,frame \"الرئيس\"",
            "2 a.txt 38..44 frame \"ألماتى\"",
        ]
    );
    let one = m.project.annotations.get(AnnotationId(1)).unwrap();
    assert_eq!(one.modified, time(20), "the later change");
    assert!(one.attention.is_empty());
    assert!(!m.report.has_conflicts());
    assert_eq!(m.report.summary(), "2 annotations changed");
}

#[test]
fn a_note_rewritten_on_both_sides_keeps_both_versions_each_naming_the_other() {
    let base = base();
    let frame = code(&base, "frame");
    let mut ours = base.clone();
    edit(&mut ours, 2, 10, |a| {
        a.note = "العاصمة القديمة".into();
        a.codes.push(frame);
    });
    edit(&mut ours, 1, 10, |a| a.start = 0);
    let mut theirs = base.clone();
    edit(&mut theirs, 2, 20, |a| a.note = "أكبر مدينة".into());
    edit(&mut theirs, 1, 20, |a| a.end = 14);

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        spans(&m.project),
        [
            "1 a.txt 0..11 PER \"\"",
            "4 a.txt 4..14 PER \"\"",
            "2 a.txt 38..44 LOC,frame \"العاصمة القديمة\"",
            "5 a.txt 38..44 LOC \"أكبر مدينة\"",
            "3 b.txt 15..30 frame/peacekeeping \"\"",
        ]
    );
    assert_eq!(
        attention(&m.project, 2),
        "note changed here and in qari import; the other version is annotation 5"
    );
    assert_eq!(
        attention(&m.project, 5),
        "note changed here and in qari import; the other version is annotation 2"
    );
    assert_eq!(
        attention(&m.project, 4),
        "passage changed here and in qari import; the other version is annotation 1"
    );
    assert_eq!(m.report.conflicts.len(), 2, "{:?}", m.report.conflicts);
    assert!(m.report.conflicts[1].starts_with("annotation 2 (a.txt 38..44): note changed"));
    assert_eq!(
        m.report.summary(),
        "2 annotations added, 2 changed; 2 conflicts"
    );
}

#[test]
fn an_annotation_deleted_on_one_side_and_changed_on_the_other_is_kept_and_flagged() {
    let base = base();
    let mut ours = base.clone();
    delete(&mut ours, 1);
    edit(&mut ours, 2, 10, |a| a.codes.clear());
    let mut theirs = base.clone();
    edit(&mut theirs, 1, 10, |a| a.note = "الرئيس".into());
    delete(&mut theirs, 2);

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        spans(&m.project)[..2],
        ["1 a.txt 4..11 PER \"الرئيس\"", "2 a.txt 38..44  \"Almaty\""]
    );
    assert_eq!(
        attention(&m.project, 1),
        "deleted here but changed in qari import"
    );
    assert_eq!(
        attention(&m.project, 2),
        "changed here but deleted in qari import"
    );
    assert_eq!(m.report.conflicts.len(), 2);
}

#[test]
fn an_annotation_deleted_on_one_side_and_untouched_on_the_other_is_gone() {
    let base = base();
    let mut ours = base.clone();
    delete(&mut ours, 1);
    let mut theirs = base.clone();
    delete(&mut theirs, 3);

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(spans(&m.project), ["2 a.txt 38..44 LOC \"Almaty\""]);
    assert_eq!(m.report.summary(), "1 annotation deleted");
}

#[test]
fn a_code_renamed_here_is_used_by_a_passage_added_there() {
    let base = base();
    let mut ours = base.clone();
    change_code(&mut ours, "LOC", |c| c.name = "مكان".into());
    let mut theirs = base.clone();
    annotate(&mut theirs, 4, ("b.txt", 38..44, &["LOC"], ""));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(spans(&m.project)[3], "4 b.txt 38..44 مكان \"\"");
    assert_eq!(m.project.codebook, ours.codebook);
    assert_eq!(m.report.summary(), "1 annotation added");
}

#[test]
fn the_same_new_code_on_both_sides_is_one_code_and_passages_follow_it() {
    let base = base();
    let mut ours = base.clone();
    add_code(&mut ours, 5, "ORG");
    annotate(&mut ours, 4, ("a.txt", 15..30, &["ORG"], ""));
    let mut theirs = base.clone();
    add_code(&mut theirs, 5, "frame/foreign");
    add_code(&mut theirs, 6, "ORG");
    annotate(
        &mut theirs,
        4,
        ("b.txt", 0..3, &["ORG", "frame/foreign"], ""),
    );
    edit(&mut theirs, 1, 10, |a| a.codes.push(CodeId(5)));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        codes(&m.project),
        [
            "1 PER",
            "2 LOC",
            "3 frame",
            "4 frame/peacekeeping",
            "5 ORG",
            "7 frame/foreign"
        ]
    );
    assert_eq!(
        spans(&m.project),
        [
            "1 a.txt 4..11 PER,frame/foreign \"\"",
            "4 a.txt 15..30 ORG \"\"",
            "2 a.txt 38..44 LOC \"Almaty\"",
            "5 b.txt 0..3 ORG,frame/foreign \"\"",
            "3 b.txt 15..30 frame/peacekeeping \"\"",
        ]
    );
    assert!(!m.report.has_conflicts());
    assert_eq!(
        m.report.summary(),
        "1 annotation added, 1 changed, 1 code added"
    );
}

#[test]
fn a_code_deleted_here_but_used_there_is_kept_and_flagged() {
    let base = base();
    let mut ours = base.clone();
    // Deleting the code took the passage that had only it, as the window does.
    delete_code(&mut ours, "frame/peacekeeping");
    delete(&mut ours, 3);
    let mut theirs = base.clone();
    annotate(
        &mut theirs,
        4,
        ("a.txt", 15..30, &["frame/peacekeeping"], ""),
    );

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        spans(&m.project)[1],
        "4 a.txt 15..30 frame/peacekeeping \"\""
    );
    assert_eq!(
        spans(&m.project).len(),
        3,
        "the untouched passage stays deleted"
    );
    assert_eq!(
        code_attention(&m.project, "frame/peacekeeping"),
        "deleted here but still used in qari import"
    );
    assert_eq!(
        m.report.conflicts,
        ["code 4 \"peacekeeping\": deleted here but still used in qari import; kept"]
    );
}

#[test]
fn a_code_deleted_on_one_side_and_untouched_on_the_other_is_gone() {
    let base = project(&["PER", "frame", "frame/peacekeeping"], &[]);
    let ours = base.clone();
    let mut theirs = base.clone();
    // Deleting "frame" moved its child up.
    change_code(&mut theirs, "frame/peacekeeping", |c| c.parent = None);
    delete_code(&mut theirs, "frame");

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(codes(&m.project), ["1 PER", "3 peacekeeping"]);
    assert_eq!(m.report.summary(), "1 code changed, 1 deleted");
}

#[test]
fn a_code_changed_differently_on_both_sides_keeps_both_versions() {
    let base = base();
    let mut ours = base.clone();
    change_code(&mut ours, "LOC", |c| c.name = "مكان".into());
    let mut theirs = base.clone();
    change_code(&mut theirs, "LOC", |c| {
        c.name = "place".into();
        c.description = "cities, countries".into();
    });
    change_code(&mut theirs, "PER", |c| c.shortcut = Some('p'));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(
        codes(&m.project),
        [
            "1 PER",
            "2 مكان",
            "3 frame",
            "4 frame/peacekeeping",
            "5 place (qari import)"
        ]
    );
    assert_eq!(m.project.codebook.codes[0].shortcut, Some('p'));
    assert_eq!(
        code_attention(&m.project, "مكان"),
        "name changed here and in qari import; the other version is code 5"
    );
    assert_eq!(
        code_attention(&m.project, "place (qari import)"),
        "name changed here and in qari import; the other version is code 2"
    );
    assert_eq!(m.project.codebook.codes[4].description, "cities, countries");
    assert_eq!(
        m.report.conflicts,
        [
            "code 2 \"مكان\": name changed here and in qari import; both kept, qari import's as code 5 \"place (qari import)\""
        ]
    );
}

#[test]
fn codes_moved_under_each_other_on_both_sides_make_no_cycle() {
    let base = base();
    let (per, loc) = (code(&base, "PER"), code(&base, "LOC"));
    let mut ours = base.clone();
    change_code(&mut ours, "PER", |c| c.parent = Some(loc));
    let mut theirs = base.clone();
    change_code(&mut theirs, "LOC", |c| c.parent = Some(per));

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(codes(&m.project)[..2], ["1 LOC/PER", "2 LOC"]);
    assert_eq!(
        code_attention(&m.project, "LOC"),
        "moved under \"PER\" in qari import, which would make a cycle of codes; left where it was here"
    );
    assert_eq!(m.report.conflicts.len(), 1);
}

#[test]
fn a_new_code_named_like_a_sibling_renamed_here_is_told_apart() {
    let base = base();
    let mut ours = base.clone();
    change_code(&mut ours, "LOC", |c| c.name = "place".into());
    let mut theirs = base.clone();
    add_code(&mut theirs, 5, "place");

    let m = merge(&base, &ours, &theirs, THEM);

    assert_eq!(codes(&m.project)[4], "5 place (qari import)");
    assert_eq!(
        code_attention(&m.project, "place (qari import)"),
        "renamed from \"place\": another code under the same parent has that name here"
    );
    assert_eq!(m.report.conflicts.len(), 1);
}

#[test]
fn register_edits_of_both_sides_are_kept_in_a_stable_order() {
    let alias = |entity: &str, alias: &str| RegisterEdit::AddAlias {
        entity: entity.into(),
        alias: alias.into(),
    };
    let dismiss = |candidate: &str| RegisterEdit::Dismiss {
        candidate: candidate.into(),
    };
    let mut base = base();
    base.register = vec![alias("Almaty", "ألماتى"), dismiss("قوات")];
    let mut ours = base.clone();
    // Undid the dismissal, then added an alias.
    ours.register = vec![alias("Almaty", "ألماتى"), alias("Tokayev", "توكايف")];
    let mut theirs = base.clone();
    theirs.register.push(alias("CSTO", "معاهدة الأمن الجماعي"));
    theirs.register.push(alias("Tokayev", "توكايف"));
    theirs.register.push(dismiss("إن"));

    let m = merge(&base, &ours, &theirs, THEM);

    let expected = [
        alias("Almaty", "ألماتى"),
        alias("CSTO", "معاهدة الأمن الجماعي"),
        alias("Tokayev", "توكايف"),
        dismiss("إن"),
    ];
    assert_eq!(m.project.register, expected);
    assert_eq!(m.report.register_edits, 2);
    // Both sides' own new edits on top of one another, each side's order kept.
    ours.register.push(alias("Kazakhstan", "كازاخستان"));
    theirs.register = vec![alias("Almaty", "ألماتى"), dismiss("قوات"), dismiss("في")];
    let m = merge(&base, &ours, &theirs, THEM);
    assert_eq!(
        m.project.register,
        [
            alias("Almaty", "ألماتى"),
            dismiss("في"),
            alias("Tokayev", "توكايف"),
            alias("Kazakhstan", "كازاخستان"),
        ]
    );
}

#[test]
fn document_codings_unite_codes_and_keep_both_memos() {
    let coding = |p: &ProjectFile, doc: &str, codes: &[&str], memo: &str| DocumentCoding {
        doc: doc.into(),
        codes: codes.iter().map(|c| code(p, c)).collect(),
        memo: memo.into(),
        entities_done: false,
        attention: String::new(),
        author: "sara".into(),
        modified: time(0),
    };
    let mut base = base();
    let a = coding(&base, "a.txt", &["PER"], "خطاب");
    base.document_codings.0.insert("a.txt".into(), a);
    let mut ours = base.clone();
    let a = coding(&ours, "a.txt", &["PER", "LOC"], "خطاب الرئيس");
    ours.document_codings.0.insert("a.txt".into(), a);
    let mut theirs = base.clone();
    let a = coding(&theirs, "a.txt", &["frame", "PER"], "خطاب رسمي");
    theirs.document_codings.0.insert("a.txt".into(), a);
    let b = coding(&theirs, "b.txt", &["frame"], "");
    theirs.document_codings.0.insert("b.txt".into(), b);

    let m = merge(&base, &ours, &theirs, THEM);

    let a = &m.project.document_codings.0["a.txt"];
    assert_eq!(
        a.codes,
        [code(&base, "PER"), code(&base, "LOC"), code(&base, "frame")]
    );
    assert_eq!(a.memo, "خطاب الرئيس\n— qari import —\nخطاب رسمي");
    assert_eq!(
        a.attention,
        "memo changed here and in qari import; both texts kept"
    );
    assert!(m.project.document_codings.0.contains_key("b.txt"));
    assert_eq!(
        m.report.conflicts,
        ["document coding of a.txt: memo changed here and in qari import; both texts kept"]
    );
    assert_eq!(m.report.summary(), "2 document codings changed; 1 conflict");
}

#[test]
fn an_entities_done_mark_made_on_one_side_survives_a_memo_changed_on_the_other() {
    let coding = |memo: &str, done: bool| DocumentCoding {
        doc: "a.txt".into(),
        codes: Vec::new(),
        memo: memo.into(),
        entities_done: done,
        attention: String::new(),
        author: "sara".into(),
        modified: time(0),
    };
    let mut base = base();
    base.document_codings
        .0
        .insert("a.txt".into(), coding("خطاب", false));
    let mut ours = base.clone();
    ours.document_codings
        .0
        .insert("a.txt".into(), coding("خطاب", true));
    let mut theirs = base.clone();
    theirs
        .document_codings
        .0
        .insert("a.txt".into(), coding("خطاب رسمي", false));
    for (ours, theirs) in [(&ours, &theirs), (&theirs, &ours)] {
        let m = merge(&base, ours, theirs, THEM);
        let a = &m.project.document_codings.0["a.txt"];
        assert!(a.entities_done, "{a:?}");
        assert_eq!(a.memo, "خطاب رسمي");
        assert!(m.report.conflicts.is_empty(), "{:?}", m.report.conflicts);
    }
}

/// Changes of every kind, on one side.
fn busy(base: &ProjectFile) -> ProjectFile {
    let mut p = base.clone();
    add_code(&mut p, 5, "frame/foreign");
    change_code(&mut p, "LOC", |c| c.name = "مكان".into());
    delete_code(&mut p, "PER");
    edit(&mut p, 1, 10, |a| a.codes = vec![CodeId(5)]);
    edit(&mut p, 2, 10, |a| a.note = "العاصمة القديمة".into());
    delete(&mut p, 3);
    annotate(&mut p, 4, ("b.txt", 12..14, &["frame"], "إن"));
    p.register.push(RegisterEdit::Dismiss {
        candidate: "قوات".into(),
    });
    p.corpus_root = "../مقالات".into();
    p
}

#[test]
fn merging_with_an_untouched_side_gives_the_other_side() {
    let base = base();
    let changed = busy(&base);

    let m = merge(&base, &changed, &base, THEM);
    assert_eq!(m.project, changed);
    assert!(m.report.is_empty(), "{:?}", m.report);
    assert_eq!(m.report.summary(), "no changes");

    let m = merge(&base, &base, &changed, THEM);
    assert_eq!(m.project, changed);
    assert_eq!(
        m.report.summary(),
        "1 annotation added, 2 changed, 1 deleted, 1 code added, 1 changed, 1 deleted, 1 register edit"
    );
}

#[test]
fn the_same_changes_on_both_sides_are_made_once() {
    let base = base();
    let changed = busy(&base);

    let m = merge(&base, &changed, &changed, THEM);

    assert_eq!(m.project, changed);
    assert!(m.report.is_empty(), "{:?}", m.report);
}

#[test]
fn a_merged_project_with_conflicts_saves_and_reads_back() {
    let base = base();
    let ours = busy(&base);
    let mut theirs = base.clone();
    change_code(&mut theirs, "LOC", |c| c.name = "place".into());
    edit(&mut theirs, 2, 20, |a| a.note = "أكبر مدينة".into());
    edit(&mut theirs, 3, 20, |a| a.note = "قوات روسية".into());
    let m = merge(&base, &ours, &theirs, THEM);
    assert_eq!(m.report.conflicts.len(), 3, "{:?}", m.report.conflicts);

    let text = format::to_ron(&m.project).unwrap();
    let back = format::from_ron(&text, Path::new("merged.ron")).unwrap();

    assert_eq!(back, m.project);
    assert!(text.contains("attention: \"note changed here and in qari import"));
}

#[test]
fn the_fixtures_parse_and_merge_with_one_conflict() {
    let read = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/merge")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        format::from_ron(&text, &path).unwrap()
    };
    let (base, ours, theirs) = (read("base.ron"), read("ours.ron"), read("theirs.ron"));

    let m = merge(&base, &ours, &theirs, "theirs.ron");

    assert_eq!(
        m.report.conflicts,
        [
            "annotation 3 (b.txt 14..20): note changed here and in theirs.ron; both kept, theirs.ron's as annotation 5"
        ]
    );
    assert_eq!(
        spans(&m.project),
        [
            "1 a.txt 4..11 PER \"\"",
            "4 a.txt 15..30 frame/peacekeeping \"\"",
            "2 a.txt 38..44 place \"Almaty, the old capital\"",
            "3 b.txt 14..20 frame/peacekeeping \"CSTO troops, about 2,000\"",
            "5 b.txt 14..20 frame/peacekeeping \"Russian troops\"",
            "6 b.txt 30..39 place \"\"",
        ]
    );
    assert_eq!(m.project.register.len(), 2);
    assert_eq!(
        m.report.summary(),
        "2 annotations added, 2 changed, 1 register edit; 1 conflict"
    );
}

#[test]
fn the_summary_reads_as_a_status_line() {
    let report = MergeReport {
        annotations_added: 37,
        annotations_changed: 2,
        codes_added: 1,
        conflicts: vec!["annotation 3: note changed here and in qari import".into()],
        ..MergeReport::default()
    };
    assert_eq!(
        report.summary(),
        "37 annotations added, 2 changed, 1 code added; 1 conflict"
    );
    assert!(report.has_conflicts() && !report.is_empty());
    assert!(MergeReport::default().is_empty());
}
