//! The Analysis tab driven headless: the views open, their marks are clicked (a bar lists the
//! entity's mentions, an edge the paragraphs naming both, a cell of the code matrix its
//! passages) and the chart on screen is exported.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::time::{Duration, Instant};

use common::gui::{State, app, click, set_attribute, state, tagging_app, tap, wait_for_entities};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qari::project::Intent;
use qari::ui::Command;
use qari::ui::analysis::{Chart, ChartFormat, Tab, ViewKind};

/// Steps until the Analysis view has drawn its chart.
fn wait_for_chart(harness: &mut Harness<'static, State>) {
    let started = Instant::now();
    harness.run();
    while (app(harness).analysis().is_working() || app(harness).analysis().chart().is_none())
        && started.elapsed().as_secs() < 120
    {
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

/// The seed articles open with their entities found, on the Analysis tab.
fn on_the_analysis_tab(dir: &std::path::Path, config: &std::path::Path) -> Harness<'static, State> {
    let (mut harness, _) = tagging_app(dir, config);
    wait_for_entities(&mut harness);
    click(&mut harness, "Analysis F6");
    assert_eq!(app(&harness).tab(), Tab::Analysis);
    wait_for_chart(&mut harness);
    harness
}

#[test]
fn open_the_analysis_tab_click_a_bar_and_the_entitys_mentions_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = on_the_analysis_tab(dir.path(), config.path());
    assert_eq!(app(&harness).analysis().view(), ViewKind::Entities);
    let index = app(&harness).entities().index().unwrap();
    // The bars count what the sidebar counts: every mention of each entity, and its documents.
    let Some(Chart::Bars(bars)) = app(&harness).analysis().chart() else {
        panic!("the entity bars are drawn");
    };
    assert!(bars.rows.len() >= 10, "{bars:?}");
    let mut by_count: Vec<(usize, usize)> = index
        .by_entity
        .iter()
        .enumerate()
        .filter(|(_, found)| !found.is_empty())
        .map(|(e, found)| (e, found.len()))
        .collect();
    by_count.sort_by_key(|(e, n)| (std::cmp::Reverse(*n), *e));
    for row in &bars.rows {
        let found = &index.by_entity[row.entity];
        assert_eq!(row.mentions, found.len(), "{}", row.name);
        let mut docs: Vec<usize> = found.iter().map(|(d, _)| *d).collect();
        docs.dedup();
        assert_eq!(row.documents, docs.len(), "{}", row.name);
    }
    assert_eq!(bars.rows[0].mentions, by_count[0].1);
    let top = bars.rows[0].clone();
    assert_eq!(top.name, "Kazakhstan");

    // A real click on the longest bar, a little right of its names.
    let names = harness
        .get_by_label_contains(&format!("{} {}:", top.name, top.arabic))
        .rect();
    tap(
        &mut harness,
        egui::pos2(names.right() + 60.0, names.center().y),
    );
    assert_eq!(app(&harness).entities().selected(), Some(top.entity));
    harness.get_by_label_contains(&format!("Kazakhstan: {} mentions in", top.mentions));

    // Only people: the bars change and Kazakhstan goes.
    for kind in ["organisation", "place", "other"] {
        click(&mut harness, kind);
    }
    wait_for_chart(&mut harness);
    let Some(Chart::Bars(people)) = app(&harness).analysis().chart() else {
        panic!("the entity bars are drawn");
    };
    assert!(!people.rows.is_empty());
    assert!(
        people
            .rows
            .iter()
            .all(|r| r.kind == qari::entities::Kind::Person),
        "{people:?}"
    );
}

#[test]
fn a_click_on_an_edge_of_the_network_lists_the_paragraphs_naming_both_and_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut harness = on_the_analysis_tab(dir.path(), config.path());
    click(&mut harness, "Co-occurrence network");
    wait_for_chart(&mut harness);
    let Some(Chart::Network(net)) = app(&harness).analysis().chart().cloned() else {
        panic!("the network is drawn");
    };
    // The layout has settled (the harness runs until no frame is asked for); each node is
    // where its label is.
    let centre = |h: &Harness<'static, State>, i: usize| {
        let n = &net.nodes[i];
        h.get_by_label_contains(&format!("{} {}: {} mentions", n.name, n.arabic, n.mentions))
            .rect()
            .center()
    };
    let centres: Vec<egui::Pos2> = (0..net.nodes.len()).map(|i| centre(&harness, i)).collect();
    // The edge of at least two paragraphs whose middle is farthest from every node.
    let (link, middle) = net
        .shown(2)
        .map(|l| (l, centres[l.a] + (centres[l.b] - centres[l.a]) / 2.0))
        .max_by(|(_, x), (_, y)| {
            let room = |p: &egui::Pos2| {
                centres
                    .iter()
                    .map(|c| c.distance(*p))
                    .fold(f32::MAX, f32::min)
            };
            room(x).total_cmp(&room(y))
        })
        .expect("pairs named in two paragraphs");
    let (a, b) = (net.nodes[link.a].clone(), net.nodes[link.b].clone());
    tap(&mut harness, middle);
    let (title, rows) = app(&harness)
        .analysis()
        .marks()
        .expect("the passages are listed");
    assert_eq!(
        title,
        format!(
            "{} and {} named in one paragraph: {} passages",
            a.name, b.name, link.pair.weight
        )
    );
    assert_eq!(rows, link.pair.weight);
    // Each listed paragraph names both (counted here from the text).
    let ws = app(&harness).workspace().unwrap();
    let index = app(&harness).entities().index().unwrap();
    let mut paragraphs = Vec::new();
    for (d, doc) in ws.corpus().documents.iter().enumerate() {
        let text = doc.read().unwrap().text;
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.chars().count();
            let names = |e: usize| {
                index.by_doc[d]
                    .iter()
                    .any(|f| f.mention.entity == e && (start..end).contains(&f.mention.range.start))
            };
            if names(a.entity) && names(b.entity) {
                paragraphs.push((doc.id.clone(), start..end, line.to_owned()));
            }
            start = end + 1;
        }
    }
    assert_eq!(paragraphs.len(), link.pair.weight);
    // A click on the first passage listed (the topmost row under the list's title) opens its
    // document there, in the reading view.
    let (doc, range, _) = paragraphs[0].clone();
    let list_top = harness.get_by_label(title).rect().bottom();
    let row = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .map(|n| n.rect())
        .filter(|r| r.top() >= list_top)
        .min_by(|x, y| x.top().total_cmp(&y.top()))
        .expect("the passage's row");
    tap(&mut harness, row.center());
    assert_eq!(app(&harness).tab(), Tab::Reading);
    let reader = app(&harness).reader().unwrap();
    assert_eq!(reader.doc_id(), doc);
    assert_eq!(reader.selection(), range);
}

#[test]
fn a_cell_of_the_code_matrix_lists_its_passages_and_each_view_exports_svg_png_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, code) = tagging_app(dir.path(), config.path());
    let doc = app(&harness).reader().unwrap().doc_id().to_owned();
    for range in [3..9, 20..31] {
        state(&mut harness).run_command(Command::Project(Intent::Tag {
            doc: doc.clone(),
            range,
            code: Some(code),
        }));
    }
    wait_for_entities(&mut harness);
    state(&mut harness).run_command(Command::ShowTab(Tab::Analysis));
    harness.run();
    click(&mut harness, "Code × document");
    wait_for_chart(&mut harness);
    let cell = format!("حجة × {doc}: 2 passages");
    click(&mut harness, &cell);
    let (title, rows) = app(&harness)
        .analysis()
        .marks()
        .expect("the passages are listed");
    assert_eq!(
        (title, rows),
        (
            format!("\u{2068}حجة\u{2069} × \u{2068}{doc}\u{2069}: 2 passages").as_str(),
            2
        )
    );

    // Attributes group the columns (a source each) and filter the documents counted.
    let other = app(&harness).workspace().unwrap().corpus().documents[1]
        .id
        .clone();
    set_attribute(
        &mut harness,
        "المصدر",
        &[(&doc, "الشرق الأوسط"), (&other, "الحياة")],
    );
    click(&mut harness, "Columns: a document each");
    click(&mut harness, "a المصدر each");
    wait_for_chart(&mut harness);
    let grid = |h: &Harness<'static, State>| match app(h).analysis().chart() {
        Some(Chart::Grid(grid)) => grid.clone(),
        other => panic!("the code matrix is drawn, not {other:?}"),
    };
    assert_eq!(grid(&harness).columns, ["الشرق الأوسط"]);
    assert_eq!(grid(&harness).cells, [vec![2]]);
    // Only the documents of one source: الحياة (first in order) has none of the passages.
    click(&mut harness, "Documents where: any");
    click(&mut harness, "المصدر");
    wait_for_chart(&mut harness);
    assert!(grid(&harness).codes.is_empty(), "{:?}", grid(&harness));
    click(&mut harness, "Documents where المصدر is: الحياة");
    click(&mut harness, "الشرق الأوسط");
    wait_for_chart(&mut harness);
    assert_eq!(grid(&harness).passages, 2);
    click(&mut harness, "Documents where: المصدر");
    click(&mut harness, "any");
    wait_for_chart(&mut harness);

    // The document list, filtered the same way, lists the one document of that source.
    click(&mut harness, "List documents where: any");
    click(&mut harness, "المصدر");
    harness.get_by_label("1 listed");
    state(&mut harness).run_command(Command::ShowTab(Tab::Reading));
    state(&mut harness).run_command(Command::Select(qari::ui::Selected::Document(0)));
    state(&mut harness).run_command(Command::NextDocument);
    harness.run();
    // Alt+Down from the first document stays on the one listed (الحياة's), not the next.
    let listed = app(&harness).reader().unwrap().doc_id().to_owned();
    assert_eq!(listed, other);
    state(&mut harness).run_command(Command::ShowTab(Tab::Analysis));
    harness.run();

    let out = tempfile::tempdir().unwrap();
    for view in [
        "Code × document",
        "Entity frequency",
        "Co-occurrence network",
        "Timeline",
    ] {
        click(&mut harness, view);
        wait_for_chart(&mut harness);
        for format in ChartFormat::ALL {
            let file = out
                .path()
                .join(format!("{}.{}", view.len(), format.extension()));
            state(&mut harness).run_command(Command::ExportChart {
                format,
                out: file.clone(),
            });
            let status = app(&harness).status().unwrap().clone();
            assert!(!status.is_error, "{view}: {}", status.text);
            assert!(
                status.text.contains(&file.display().to_string()),
                "{}",
                status.text
            );
            let bytes = std::fs::read(&file).unwrap();
            match format {
                ChartFormat::Svg => {
                    let svg = String::from_utf8(bytes).unwrap();
                    let texts = common::svg_texts(&svg);
                    let wanted = match view {
                        "Code × document" => "حجة",
                        "Timeline" => "Timeline",
                        _ => "كازاخستان",
                    };
                    if wanted != "Timeline" {
                        assert!(
                            texts.iter().any(|t| t.contains(wanted)),
                            "{view}: {texts:?}"
                        );
                    }
                }
                ChartFormat::Png => assert_eq!(&bytes[1..4], b"PNG"),
                ChartFormat::Csv => {
                    let text = String::from_utf8(bytes).unwrap();
                    assert!(text.starts_with('\u{FEFF}'), "{view}");
                    assert!(
                        text.lines().count() >= 2 || view == "Timeline",
                        "{view}: {text}"
                    );
                }
            }
        }
    }
}

#[test]
fn attributes_from_a_csv_are_refused_whole_with_the_bad_line_named_then_imported_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let (mut harness, _) = tagging_app(dir.path(), config.path());
    let docs: Vec<String> = app(&harness)
        .workspace()
        .unwrap()
        .corpus()
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect();
    let no_attributes = |h: &Harness<'static, State>| {
        let ws = app(h).workspace().unwrap();
        ws.project().attributes.0.is_empty()
    };
    let csv = dir.path().join("attributes.csv");
    std::fs::write(
        &csv,
        format!(
            "document,المصدر\n{},الحياة\nmissing.txt,بي بي سي\n",
            docs[0]
        ),
    )
    .unwrap();
    state(&mut harness).run_command(Command::ImportAttributes(csv.clone()));
    let status = app(&harness).status().unwrap().clone();
    assert!(status.is_error, "{}", status.text);
    assert!(
        status.text.contains(
            "1 bad rows, nothing imported (line 3: no document missing.txt in the corpus)"
        ),
        "{}",
        status.text
    );
    assert!(no_attributes(&harness));
    std::fs::write(
        &csv,
        format!(
            "document,المصدر\n{},الحياة\n{},الشرق الأوسط\n",
            docs[0], docs[1]
        ),
    )
    .unwrap();
    state(&mut harness).run_command(Command::ImportAttributes(csv));
    harness.run();
    let attributes = app(&harness)
        .workspace()
        .unwrap()
        .project()
        .attributes
        .clone();
    assert_eq!(attributes.get(&docs[1], "المصدر"), Some("الشرق الأوسط"));
    state(&mut harness).run_command(Command::Undo);
    assert!(no_attributes(&harness));
}
