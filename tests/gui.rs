//! The GUI driven through AccessKit with egui_kittest, without a window.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::gui::{
    State, app, drag, open_app, right_click_on, tagging_app, wait_for_entities, wait_until_loaded,
    wait_until_saved,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qari::project::Intent;
use qari::project::autosave::Autosave;
use qari::recent::{Recent, ThemeChoice};
use qari::ui::{Command, Selected};

fn fixture(dir: &Path) {
    std::fs::write(
        dir.join("01.txt"),
        "تكتسب العملية المشتركة زخماً\nنص المقال الأول.\n",
    )
    .unwrap();
    let (legacy, _, _) =
        encoding_rs::WINDOWS_1256.encode("خطأ فادح؟\nكان رد فعل الولايات المتحدة مؤشراً.\n");
    std::fs::write(dir.join("02.txt"), legacy).unwrap();
    std::fs::write(dir.join("03.txt"), [0u8, 0, 0, 1, 2, 3, 4, 5]).unwrap();
}

#[test]
fn open_a_folder_and_select_a_document() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());

    let ws = app(&harness).workspace().expect("project open");
    assert_eq!(ws.corpus().documents.len(), 2);
    assert!(
        dir.path().join("qari.ron").exists(),
        "a new project is saved at once"
    );
    assert_eq!(app(&harness).selected(), Some(Selected::Document(0)));

    harness.get_by_label("خطأ فادح؟").click();
    harness.run();
    assert_eq!(app(&harness).selected(), Some(Selected::Document(1)));
    harness.get_by_label_contains("02.txt · windows-1256 (detected)");
    let reader = app(&harness).reader().expect("the document is shown");
    assert_eq!(reader.doc_id(), "02.txt");

    // The unreadable file is listed, and selecting it shows why.
    harness.get_by_label("03.txt").click();
    harness.run();
    assert_eq!(app(&harness).selected(), Some(Selected::Skipped(0)));
    harness.get_by_label_contains("binary content");

    // Arrow keys move through the list.
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(app(&harness).selected(), Some(Selected::Document(1)));
    let title = app(&harness).title().to_owned();
    assert!(title.ends_with("— qari") && !title.contains('•'), "{title}");
}

#[test]
fn dropping_a_folder_opens_it() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            Err("a folder".into())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(None, config.path());
    harness.get_by_label("Open folder…");
    assert!(app(&harness).workspace().is_none());
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(dir.path().to_owned())));
    harness.step();
    wait_until_loaded(&mut harness);
    assert_eq!(
        app(&harness).workspace().unwrap().corpus().documents.len(),
        2
    );
}

#[test]
fn a_moved_corpus_is_reported_and_can_be_located() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    fixture(&corpus);
    let project = dir.path().join("study.ron");
    qari::project::workspace::init(&corpus, &project).unwrap();
    std::fs::rename(&corpus, dir.path().join("moved")).unwrap();

    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(project.clone()), config.path());
    assert!(app(&harness).workspace().is_none());
    assert!(app(&harness).status().unwrap().is_error);
    harness.get_by_label("The corpus folder was not found");
    harness.get_by_label("Locate corpus folder…");

    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::Relocate {
            project: project.clone(),
            folder: dir.path().join("moved"),
        });
    wait_until_loaded(&mut harness);
    let ws = app(&harness).workspace().expect("relocated project open");
    assert_eq!(ws.project().corpus_root, "moved");
    assert!(!ws.is_dirty(), "the new location is saved");
    let saved = std::fs::read_to_string(&project).unwrap();
    assert!(saved.contains("corpus_root: \"moved\""), "{saved}");
}

#[test]
fn a_project_from_a_newer_qari_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let newer = format!(
        "(format_version: {}, corpus_root: \".\", documents: [])\n",
        qari::project::FORMAT_VERSION + 1
    );
    std::fs::write(dir.path().join("qari.ron"), &newer).unwrap();
    let config = tempfile::tempdir().unwrap();
    let harness = open_app(Some(dir.path().to_owned()), config.path());
    assert!(app(&harness).workspace().is_none());
    assert!(app(&harness).status().unwrap().text.contains("newer"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("qari.ron")).unwrap(),
        newer
    );
}

#[test]
fn dragging_over_a_phrase_selects_exactly_its_logical_range() {
    let dir = tempfile::tempdir().unwrap();
    let text = "تكتسب العملية المشتركة لمنظمة معاهدة الأمن الجماعي زخماً في عام 2022.\n\
                قال الرئيس توكاييف إن Elbasy صامت.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    let phrase = "معاهدة الأمن الجماعي";
    let start = text[..text.find(phrase).unwrap()].chars().count();
    let range = start..start + phrase.chars().count();
    let ctx = harness.ctx.clone();
    let rects = harness
        .state_mut()
        .as_mut()
        .unwrap()
        .reader_mut()
        .unwrap()
        .screen_rects(&ctx, range.clone());
    assert_eq!(rects.len(), 1, "one line, one run: {rects:?}");
    let r = rects[0];
    // Right to left: the phrase starts at the right edge and ends at the left edge.
    let (from, to) = (
        egui::pos2(r.max.x - 2.0, r.center().y),
        egui::pos2(r.min.x + 2.0, r.center().y),
    );
    drag(&mut harness, from, to);
    let reader = app(&harness).reader().unwrap();
    assert_eq!(reader.selection(), range);
    assert_eq!(reader.selected_text(), phrase);
}

#[test]
fn zoom_keys_size_the_reading_text_and_the_size_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    let default = app(&harness).text_style().font_size;
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    harness.run();
    assert_eq!(app(&harness).text_style().font_size, default + 4.0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    harness.run();
    assert_eq!(app(&harness).text_style().font_size, default + 2.0);
    assert_eq!(
        Recent::at(config.path()).text_style().unwrap().font_size,
        default + 2.0
    );
    let again = open_app(Some(dir.path().to_owned()), config.path());
    assert_eq!(app(&again).text_style().font_size, default + 2.0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    harness.run();
    assert_eq!(app(&harness).text_style().font_size, default);
}

#[test]
fn clicking_an_entity_mention_opens_the_document_at_it() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in qari::sample::ARTICLES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_entities(&mut harness);
    let index = app(&harness).entities().index().expect("mentions found");
    let almaty = index.register.position("Almaty").unwrap();
    let hits = index.by_entity[almaty].clone();
    assert_eq!(hits.len(), 4);
    // The last mention is in the second article, far down.
    let (doc, m) = *hits.last().unwrap();
    assert_eq!(doc, 1);
    let range = index.by_doc[doc][m].mention.range.clone();

    // Narrow the list with the filter, then pick the entity.
    // The entity filter is the first text field (the coding panel's come after it).
    let filter = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    filter.focus();
    filter.type_text("Almaty");
    harness.run();
    harness.get_by_label("Almaty ألما آتا").click();
    harness.run();
    assert_eq!(app(&harness).entities().selected(), Some(almaty));
    harness.get_by_label_contains("Almaty: 4 mentions in 2 documents");
    let snippets = harness.query_all_by_label_contains("ألما تا").count();
    assert!(snippets >= 1, "the occurrence list shows the snippets");
    harness
        .get_all_by_label_contains("ألما تا")
        .last()
        .unwrap()
        .click();
    for _ in 0..10 {
        harness.step();
    }
    assert_eq!(app(&harness).selected(), Some(Selected::Document(1)));
    let reader = app(&harness).reader().unwrap();
    assert_eq!(reader.selection(), range);
    let paragraph_visible = reader.visible_paragraphs().unwrap();
    let text = qari::sample::ARTICLES[1].1;
    let paragraph = text
        .chars()
        .take(range.start)
        .filter(|c| *c == '\n')
        .count();
    assert!(
        paragraph_visible.contains(&paragraph),
        "paragraph {paragraph} in view: {paragraph_visible:?}"
    );
}

#[test]
fn a_selection_becomes_an_alias_and_the_edit_is_kept_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "وصل الوفد إلى ألماتا صباحا. وفي آلما-آتى العاصمة السابقة اجتماع.\n",
    )
    .unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    // Saved by hand below, not on its own.
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .set_autosave(Autosave::new(Duration::from_secs(3600)));
    wait_for_entities(&mut harness);
    let index = app(&harness).entities().index().unwrap();
    let almaty = index.register.position("Almaty").unwrap();
    assert_eq!(index.by_entity[almaty].len(), 1);
    // Select the odd spelling in the text and the entity in the sidebar.
    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let spelling = "آلما-آتى";
    let start = text[..text.find(spelling).unwrap()].chars().count();
    {
        let state = harness.state_mut().as_mut().unwrap();
        state
            .reader_mut()
            .unwrap()
            .select(start..start + spelling.chars().count());
        state.entities_mut().select(Some(almaty));
    }
    harness.run();
    harness.get_by_label("Add as alias of Almaty").click();
    harness.run();
    wait_for_entities(&mut harness);
    let ws = app(&harness).workspace().unwrap();
    assert_eq!(
        ws.project().register,
        [qari::entities::RegisterEdit::AddAlias {
            entity: "Almaty".into(),
            alias: spelling.into()
        }]
    );
    assert!(ws.is_dirty(), "the edit waits to be saved");
    let index = app(&harness).entities().index().unwrap();
    let almaty = index.register.position("Almaty").unwrap();
    assert_eq!(
        index.by_entity[almaty].len(),
        2,
        "the new spelling is found"
    );
    // Saving writes the edit into qari.ron.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    wait_until_saved(&mut harness);
    let saved = std::fs::read_to_string(dir.path().join("qari.ron")).unwrap();
    assert!(
        saved.contains("AddAlias(entity: \"Almaty\", alias: \"آلما-آتى\")"),
        "{saved}"
    );
}

#[test]
fn a_candidate_can_be_added_or_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "قال الرئيس ساديق جاباروفيتش إن الحزب سيفوز. وأكد الرئيس ساديق جاباروفيتش ذلك.\n\
         وأعلن حزب نور أوتان، ثم عاد حزب نور أوتان للاجتماع.\n",
    )
    .unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    wait_for_entities(&mut harness);
    let candidates: Vec<String> = app(&harness)
        .entities()
        .index()
        .unwrap()
        .candidates
        .iter()
        .map(|c| c.text.clone())
        .collect();
    assert!(
        candidates.contains(&"ساديق جاباروفيتش".to_owned()),
        "{candidates:?}"
    );
    assert!(
        candidates.contains(&"نور أوتان".to_owned()),
        "{candidates:?}"
    );

    // With the tagger, the candidates are its suggestions, listed open.
    harness.get_by_label_contains("Suggested (");
    // Reject the first candidate (the most frequent first; both are seen twice).
    let first = app(&harness).entities().index().unwrap().candidates[0].clone();
    harness.get_all_by_label("Reject").next().unwrap().click();
    harness.run();
    wait_for_entities(&mut harness);
    let ws = app(&harness).workspace().unwrap();
    assert_eq!(
        ws.project().register,
        [qari::entities::RegisterEdit::Dismiss {
            candidate: first.folded.clone()
        }]
    );
    let left: Vec<String> = app(&harness)
        .entities()
        .index()
        .unwrap()
        .candidates
        .iter()
        .map(|c| c.folded.clone())
        .collect();
    assert!(!left.contains(&first.folded), "dismissed: {left:?}");
}

#[test]
fn a_dragged_phrase_is_tagged_by_shortcut_undone_redone_and_noted_in_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, code) = tagging_app(dir.path(), config.path());
    let (doc, range) = {
        let reader = app(&harness).reader().unwrap();
        let text = reader.text();
        let phrase = "منظمة معاهدة الأمن الجماعي";
        let start = text[..text.find(phrase).unwrap()].chars().count();
        (
            reader.doc_id().to_owned(),
            start..start + phrase.chars().count(),
        )
    };
    let ctx = harness.ctx.clone();
    let state = harness.state_mut().as_mut().unwrap();
    let reader = state.reader_mut().unwrap();
    reader.scroll_to(range.clone(), 0.0);
    harness.run();
    let rects = harness
        .state_mut()
        .as_mut()
        .unwrap()
        .reader_mut()
        .unwrap()
        .screen_rects(&ctx, range.clone());
    assert_eq!(rects.len(), 1, "on one line: {rects:?}");
    let r = rects[0];
    drag(
        &mut harness,
        egui::pos2(r.max.x - 2.0, r.center().y),
        egui::pos2(r.min.x + 2.0, r.center().y),
    );
    assert_eq!(app(&harness).reader().unwrap().selection(), range);
    // The code's key tags the selection.
    harness.event(egui::Event::Text("f".into()));
    harness.run();
    let annotations = |h: &Harness<'static, State>| -> Vec<qari::annotations::Annotation> {
        app(h)
            .workspace()
            .unwrap()
            .project()
            .annotations
            .iter()
            .cloned()
            .collect()
    };
    let tagged = annotations(&harness);
    assert_eq!(tagged.len(), 1);
    let a = &tagged[0];
    assert_eq!((a.doc.as_str(), a.range()), (doc.as_str(), range.clone()));
    assert_eq!(a.quote, "منظمة معاهدة الأمن الجماعي");
    assert_eq!(a.codes, [code]);
    assert_eq!(a.author, app(&harness).author());
    // Undo removes it, redo brings it back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(annotations(&harness).is_empty());
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(annotations(&harness), tagged);
    // A note typed in Arabic, kept as typed and saved.
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::GoToAnnotation(a.id));
    harness.run();
    let note = harness.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.placeholder() == Some("note")
    });
    note.focus();
    harness.run();
    harness.event(egui::Event::Text("حجة الشرعية: \"التدخل\"".into()));
    harness.run();
    harness.get_by_label("Save note").click();
    harness.run();
    let noted = annotations(&harness);
    assert_eq!(noted[0].note, "حجة الشرعية: \"التدخل\"");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    wait_until_saved(&mut harness);
    let saved = qari::project::workspace::load(&dir.path().join("qari.ron")).unwrap();
    let back: Vec<_> = saved.annotations.iter().cloned().collect();
    assert_eq!(back, noted);
}

#[test]
fn the_codes_menu_tags_the_selection_with_a_new_code_and_codes_merge_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, first) = tagging_app(dir.path(), config.path());
    let range = {
        let state = harness.state_mut().as_mut().unwrap();
        let reader = state.reader_mut().unwrap();
        let text = reader.text().to_owned();
        let start = text[..text.find("قيرغيزستان").unwrap()].chars().count();
        let range = start..start + "قيرغيزستان".chars().count();
        reader.select(range.clone());
        range
    };
    harness.run();
    // Right click in the text opens the codes menu; typing a new name offers to make it.
    right_click_on(&mut harness, range.clone());
    harness.event(egui::Event::Text("فاعل إقليمي".into()));
    harness.run();
    harness.get_by_label("New code “فاعل إقليمي”").click();
    harness.run();
    let ws = app(&harness).workspace().unwrap();
    let made = ws.project().codebook.find("فاعل إقليمي", None).unwrap().id;
    let tagged: Vec<_> = ws.project().annotations.iter().cloned().collect();
    assert_eq!(tagged.len(), 1);
    assert_eq!(
        (tagged[0].range(), tagged[0].codes.clone()),
        (range, vec![made])
    );
    // Merging the new code into the first moves the annotation; undo puts both back.
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(Command::Project(Intent::MergeCodes {
        from: made,
        into: first,
    }));
    let ws = state.workspace().unwrap();
    assert_eq!(
        ws.project().annotations.iter().next().unwrap().codes,
        [first]
    );
    assert!(ws.project().codebook.get(made).is_none());
    state.run_command(Command::Undo);
    let ws = state.workspace().unwrap();
    assert_eq!(
        ws.project().annotations.iter().next().unwrap().codes,
        [made]
    );
    assert!(ws.project().codebook.get(made).is_some());
}

#[test]
fn file_export_shows_its_dialog_and_writes_the_chosen_format() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("brat standoff (folder)");
    harness.get_by_label("with the entity mentions");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("brat standoff (folder)").is_none());
    // What the dialog's Export… button asks for once a file is picked.
    let out = dir.path().join("out.csv");
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(Command::Export {
        format: qari::export::Format::Csv,
        out: out.clone(),
        options: qari::export::Options::default(),
        with_entities: true,
    });
    assert!(
        state
            .status()
            .unwrap()
            .text
            .starts_with("exported 0 annotations and ")
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{FEFF}document,".as_bytes()));
}

/// In the open import dialog: types the file's path and presses Check.
fn check_import(harness: &mut Harness<'static, State>, file: &Path) {
    harness.get_by_label("File or folder").focus();
    harness.run();
    harness
        .get_by_label("File or folder")
        .type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
}

#[test]
fn file_import_checks_a_jsonl_file_adds_its_annotations_and_ctrl_z_removes_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    let doc = qari::sample::ARTICLES[0].0;
    let jsonl = dir.path().join("gold.jsonl");
    let lines: String = (0..5)
        .map(|i| {
            format!(
                "{{\"doc\": \"{doc}\", \"start\": {}, \"end\": {}, \"type\": \"LOC\"}}\n",
                i * 10,
                i * 10 + 4
            )
        })
        .collect();
    std::fs::write(&jsonl, lines).unwrap();
    let count =
        |h: &Harness<'static, State>| app(h).workspace().unwrap().project().annotations.len();
    assert_eq!(count(&harness), 0);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import annotations…").click();
    harness.run();
    check_import(&mut harness, &jsonl);
    // What will be added is said before anything is.
    harness.get_by_label_contains("5 annotations in 1 document will be added, with 1 new code.");
    assert_eq!(count(&harness), 0, "nothing is added by checking");
    harness.get_by_label("Import").click();
    harness.run();
    assert_eq!(count(&harness), 5);
    let book = &app(&harness).workspace().unwrap().project().codebook;
    assert!(book.find("LOC", None).is_some());

    // One step: Ctrl+Z takes all five (and the code made for them) away.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(count(&harness), 0);
    let book = &app(&harness).workspace().unwrap().project().codebook;
    assert!(book.find("LOC", None).is_none());
}

#[test]
fn file_import_lists_bad_lines_and_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    let jsonl = dir.path().join("bad.jsonl");
    std::fs::write(
        &jsonl,
        "{\"doc\": \"nowhere.txt\", \"start\": 0, \"end\": 4, \"type\": \"LOC\"}\nnot json\n",
    )
    .unwrap();
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(Command::ImportDialog);
    harness.run();
    check_import(&mut harness, &jsonl);
    harness.get_by_label("2 bad lines:");
    harness.get_by_label_contains("line 1: ");
    harness.get_by_label_contains("line 2: not a passage");
    // Import is disabled; a click on it adds nothing.
    harness.get_by_label("Import").click();
    harness.run();
    assert!(
        app(&harness)
            .workspace()
            .unwrap()
            .project()
            .annotations
            .is_empty()
    );
}

#[test]
fn what_another_program_saves_comes_into_the_open_window_with_a_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, code) = tagging_app(dir.path(), config.path());
    // The window's own change, saved.
    let doc = qari::sample::ARTICLES[0].0.to_owned();
    let state = harness.state_mut().as_mut().unwrap();
    state.run_command(Command::Project(Intent::Tag {
        doc: doc.clone(),
        range: 0..4,
        code: Some(code),
    }));
    state.run_command(Command::Save);
    wait_until_saved(&mut harness);
    // Another program (as `qari import` would) adds two passages and saves.
    let mut other = qari::project::Workspace::open(dir.path()).unwrap();
    for start in [10, 20] {
        let tag = Intent::Tag {
            doc: doc.clone(),
            range: start..start + 4,
            code: Some(code),
        };
        other.perform(tag, "omar").unwrap();
    }
    other.set_writer("qari import", Duration::from_secs(5));
    other.save().unwrap();
    // The watch sees the file change; the window merges and says what came in.
    let started = std::time::Instant::now();
    while app(&harness)
        .workspace()
        .unwrap()
        .project()
        .annotations
        .len()
        < 3
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the change on disk never came in"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.run();
    let status = app(&harness).status().unwrap().text.clone();
    // (Who wrote it is named from the lock file when that is another process; here it is
    // this one, so "the file on disk".)
    assert!(status.starts_with("2 annotations added by "), "{status}");
    assert!(
        !app(&harness).workspace().unwrap().is_dirty(),
        "nothing left to save"
    );
}

#[test]
fn view_light_makes_the_window_light_and_a_new_window_comes_up_light() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let config = tempfile::tempdir().unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    assert_eq!(app(&harness).theme(), ThemeChoice::System, "the default");
    // The harness reports no system theme: egui falls back to dark.
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    assert_eq!(app(&harness).theme(), ThemeChoice::Light);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    assert!(!harness.ctx.global_style().visuals.dark_mode);
    assert_eq!(Recent::at(config.path()).theme(), ThemeChoice::Light);
    let again = open_app(Some(dir.path().to_owned()), config.path());
    assert_eq!(app(&again).theme(), ThemeChoice::Light, "remembered");
    assert!(!again.ctx.global_style().visuals.dark_mode);
}

#[test]
fn following_the_system_shows_what_the_system_prefers() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let config = tempfile::tempdir().unwrap();
    Recent::at(config.path())
        .remember_theme(ThemeChoice::Dark)
        .unwrap();
    let mut harness = open_app(Some(dir.path().to_owned()), config.path());
    harness.input_mut().system_theme = Some(egui::Theme::Light);
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark, "dark was chosen");
    harness
        .state_mut()
        .as_mut()
        .unwrap()
        .run_command(Command::SetTheme(ThemeChoice::System));
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light, "the system's");
    assert!(!harness.ctx.global_style().visuals.dark_mode);
    assert_eq!(Recent::at(config.path()).theme(), ThemeChoice::System);
}
