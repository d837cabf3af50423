//! The reading view on a 1 MB article: time to the first screen, and CPU time per frame while
//! scrolling through it.
//!
//!     cargo bench --bench reader
//!
//! The article is the two bundled seed articles repeated to 1 MB (about 300 news articles' worth
//! of text), or `QARI_BENCH_ARTICLE` if set. Frames are run headless with egui_kittest (egui's
//! layout, our text layout, glyph rasterisation and mesh building; no GPU). Targets (issue 3):
//! first screen under 100 ms, frame p99 under 8 ms.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use qari::layout::TextStyle;
use qari::ui::reader::Reader;

fn article() -> String {
    if let Some(path) = std::env::var_os("QARI_BENCH_ARTICLE") {
        return std::fs::read_to_string(path).unwrap_or_default();
    }
    let seeds: String = qari::sample::ARTICLES
        .iter()
        .map(|(_, text)| *text)
        .collect();
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&seeds);
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let text = article();
    let megabytes = text.len() as f64 / 1e6;
    let start = Instant::now();
    let reader = Reader::new("bench", text, TextStyle::default());
    let mut harness = Harness::builder()
        .with_size([1200.0, 900.0])
        .build_ui_state(
            |ui, reader: &mut Reader| {
                reader.ui(ui, &[]);
            },
            reader,
        );
    harness.step();
    let first_screen = start.elapsed();

    let mut frames = Vec::new();
    for _ in 0..1500 {
        // As fast as a flick of the wheel: 120 points a frame.
        harness.state_mut().scroll_by(120.0);
        let t = Instant::now();
        harness.step();
        frames.push(t.elapsed());
    }
    let reached = harness.state().visible_paragraphs().unwrap_or_default();
    let paragraphs = harness.state().paragraph_count();
    let mut sorted = frames.clone();
    sorted.sort();
    println!(
        "reader: {megabytes:.2} MB article, {paragraphs} paragraphs; first screen {:.1} ms; scrolling {} frames (reached paragraph {}): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        first_screen.as_secs_f64() * 1e3,
        frames.len(),
        reached.start,
        percentile(&sorted, 0.5).as_secs_f64() * 1e3,
        percentile(&sorted, 0.99).as_secs_f64() * 1e3,
        sorted[sorted.len() - 1].as_secs_f64() * 1e3,
    );
}
