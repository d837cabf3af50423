//! The text engine on the seed articles: visual order of mixed lines, and offsets that survive
//! a trip through positions and hit testing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use qari::layout::{DocumentLayout, ParagraphLayout, TextStyle, font_system};
use unicode_segmentation::UnicodeSegmentation;

/// The characters of each visual line, left to right, as the source characters they draw.
fn visual_lines(layout: &ParagraphLayout) -> Vec<String> {
    layout
        .runs()
        .map(|run| {
            let mut glyphs: Vec<_> = run.glyphs.iter().collect();
            glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut line = String::new();
            let mut last_cluster = None;
            for g in glyphs {
                // Several glyphs may share one cluster (a letter and its mark): take it once.
                if last_cluster == Some((g.start, g.end)) {
                    continue;
                }
                last_cluster = Some((g.start, g.end));
                let cluster = &run.text[g.start..g.end];
                if g.level.is_rtl() {
                    line.extend(cluster.chars().rev());
                } else {
                    line.push_str(cluster);
                }
            }
            line
        })
        .collect()
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

fn one_line(text: &str) -> (ParagraphLayout, String) {
    let mut fonts = font_system();
    let layout = ParagraphLayout::new(&mut fonts, text, &TextStyle::default(), 5000.0);
    let lines = visual_lines(&layout);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = lines.into_iter().next().unwrap();
    (layout, line)
}

#[test]
fn numbers_stay_left_to_right_inside_an_arabic_line() {
    let text = "وفقًا لنتائج تعداد عام 1989 ، عاش 6,2 مليون شخص في كازاخستان";
    let (layout, visual) = one_line(text);
    assert!(layout.is_rtl());
    assert!(visual.contains("1989"), "{visual}");
    assert!(visual.contains("6,2"), "{visual}");
    assert!(visual.contains(&reversed("مليون")), "{visual}");
    // Read right to left: 1989 comes before 6,2, so it is drawn further right.
    assert!(
        visual.find("6,2").unwrap() < visual.find("1989").unwrap(),
        "{visual}"
    );
    // And the line starts at the right edge.
    assert!(visual.ends_with(&reversed("وفقًا")), "{visual}");
}

#[test]
fn latin_words_and_brackets_inside_an_arabic_line() {
    let text = "لا يزال Elbasy صامتًا، وأرسلت منظمة معاهدة الأمن الجماعي (CSTO) قواتها";
    let (layout, visual) = one_line(text);
    assert!(visual.contains("Elbasy"), "{visual}");
    // The brackets around CSTO belong to the Arabic line: the logical ")" is drawn at the
    // left, and mirrored so it looks like "(".
    assert!(visual.contains(")CSTO("), "{visual}");
    let run = layout.runs().next().unwrap();
    let close = text.find(')').unwrap();
    let open = text.find('(').unwrap();
    let glyph_of = |byte: usize| run.glyphs.iter().find(|g| g.start == byte).unwrap();
    assert!(glyph_of(close).x < glyph_of(open).x);
    let mut fonts = font_system();
    let latin = ParagraphLayout::new(&mut fonts, "a(b)c", &TextStyle::default(), 5000.0);
    let latin_run = latin.runs().next().unwrap();
    let open_glyph = latin_run
        .glyphs
        .iter()
        .find(|g| g.start == 1)
        .unwrap()
        .glyph_id;
    assert_eq!(
        glyph_of(close).glyph_id,
        open_glyph,
        "the closing bracket is mirrored"
    );
}

#[test]
fn an_english_paragraph_is_left_to_right_and_left_aligned() {
    let (layout, visual) = one_line("The CSTO sent troops to Almaty on 6 January 2022.");
    assert!(!layout.is_rtl());
    assert_eq!(visual, "The CSTO sent troops to Almaty on 6 January 2022.");
    let first = layout.runs().next().unwrap();
    assert!(first.glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min) < 1.0);
}

#[test]
fn wrapped_rows_come_in_reading_order_and_are_right_aligned() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample/000_05eb89a420704b8c.txt"
    ))
    .unwrap();
    let paragraph = text.lines().next().unwrap();
    let mut fonts = font_system();
    let width = 500.0;
    let layout = ParagraphLayout::new(&mut fonts, paragraph, &TextStyle::default(), width);
    let ranges = layout.line_ranges();
    assert!(ranges.len() > 3);
    for pair in ranges.windows(2) {
        assert!(
            pair[0].end <= pair[1].start + 1,
            "rows in logical order: {ranges:?}"
        );
    }
    for run in layout.runs() {
        let right = run.glyphs.iter().map(|g| g.x + g.w).fold(0.0, f32::max);
        assert!(
            (right - width).abs() < 2.0,
            "row ends at the right edge: {right}"
        );
    }
}

/// For every grapheme boundary of both seed articles: the character after it is found on screen
/// by its highlight rectangle, and a hit just inside either edge of that rectangle gives back the
/// offsets on both sides of the character.
#[test]
fn offsets_survive_position_and_hit_test_in_both_seed_articles() {
    let mut fonts = font_system();
    for name in ["000_05eb89a420704b8c.txt", "004_fca03b7ec2a77179.txt"] {
        let path = format!("{}/assets/sample/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc = DocumentLayout::new(text.clone(), TextStyle::default(), 620.0);
        let mut checked = 0;
        for p in 0..doc.paragraph_count() {
            let chars = doc.paragraph_chars(p);
            let para_text = doc.paragraph_text(p).to_owned();
            let mut boundaries: Vec<usize> = Vec::new();
            let mut offset = 0;
            for g in para_text.graphemes(true) {
                boundaries.push(offset);
                offset += g.chars().count();
            }
            boundaries.push(offset);
            for pair in boundaries.windows(2) {
                let (k, next) = (chars.start + pair[0], chars.start + pair[1]);
                let rects = doc.highlight(&mut fonts, k..next, p..p + 1);
                assert!(!rects.is_empty(), "{name}: no rectangle for {k}");
                let r = rects[0];
                let y = r.y + r.h / 2.0;
                let inset = (r.w / 4.0).min(1.0);
                let left = doc.hit(&mut fonts, r.x + inset, y);
                let right = doc.hit(&mut fonts, r.x + r.w - inset, y);
                let mut got = [left, right];
                got.sort_unstable();
                assert_eq!(got, [k, next], "{name}: grapheme at {k}..{next}");
                let caret = doc.caret(&mut fonts, k).unwrap();
                assert!(
                    (caret.x - r.x).abs() < 0.5 || (caret.x - (r.x + r.w)).abs() < 0.5,
                    "{name}: caret for {k} at {} is on an edge of {r:?}",
                    caret.x
                );
                checked += 1;
            }
        }
        assert!(checked > 5000, "{name}: {checked}");
    }
}

#[test]
fn slices_and_paragraphs() {
    let doc = DocumentLayout::new("أ ب\nج د\n".into(), TextStyle::default(), 400.0);
    assert_eq!(doc.paragraph_count(), 2);
    assert_eq!(doc.paragraph_chars(1), 4..7);
    assert_eq!(doc.slice(2..6), "ب\nج ");
    assert_eq!(
        doc.paragraph_of(3),
        0,
        "the newline ends the paragraph before it"
    );
    assert_eq!(doc.paragraph_of(4), 1);
}

#[test]
fn a_selection_across_a_direction_change_is_drawn_as_two_pieces() {
    let text = "عاش 6,2 مليون شخص";
    let mut fonts = font_system();
    let layout = ParagraphLayout::new(&mut fonts, text, &TextStyle::default(), 5000.0);
    // "اش 6," : the end of an Arabic word, a space and the start of a number.
    let rects = layout.highlight(1..6);
    assert_eq!(rects.len(), 2, "{rects:?}");
    assert!(rects.iter().all(|r| r.y == rects[0].y), "on one line");
}
