//! The Analysis tab on the whole 31,030-article corpus: how long each view takes to show once
//! the entity sidebar has its mentions, and how long each frame takes while the analyst hovers
//! over the chart, drags it and zooms it.
//!
//!     cargo bench --bench analysis_frames
//!
//! The app is driven headless with egui_kittest (egui's layout, our text layout and mesh
//! building; no GPU), one frame every 16 ms as a window at 60 Hz would. Targets (issue 17):
//! each view within 1 s after entity extraction, no frame over 16 ms while interacting. The
//! corpus is `QARI_PERF_CORPUS` or unpacked into `target/perf-corpus`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench: a failure is a failed run

mod common;
#[path = "../tests/common/gui.rs"]
mod gui;

use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, Vec2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const FRAME: Duration = Duration::from_millis(16);

/// One frame, paced as a 60 Hz window; how long it took.
fn frame(harness: &mut Harness<'static, gui::State>) -> Duration {
    let before = Instant::now();
    harness.step();
    let took = before.elapsed();
    std::thread::sleep(FRAME.saturating_sub(took));
    took
}

/// Frames until the chart asked for is on screen; how long that took.
fn until_shown(harness: &mut Harness<'static, gui::State>) -> Duration {
    let start = Instant::now();
    frame(harness);
    while gui::app(harness).analysis().is_working()
        || gui::app(harness).analysis().chart().is_none()
    {
        frame(harness);
        assert!(start.elapsed() < Duration::from_secs(120), "no chart");
    }
    start.elapsed()
}

/// Frames while the pointer sweeps over the chart, drags it and scrolls over it.
fn interacting(harness: &mut Harness<'static, gui::State>) -> Vec<Duration> {
    let (left, top, right, bottom) = (450.0, 200.0, 1000.0, 700.0);
    let mut frames = Vec::new();
    // Hover: a zigzag over the chart.
    for i in 0..90 {
        let t = i as f32 / 90.0;
        let x = left + (right - left) * t;
        let y = if i % 2 == 0 {
            top + 50.0
        } else {
            bottom - 50.0
        } * 0.5
            + (top + (bottom - top) * t) * 0.5;
        harness.event(Event::PointerMoved(pos2(x, y)));
        frames.push(frame(harness));
    }
    // Drag (pan) from the middle.
    let from = pos2((left + right) / 2.0, (top + bottom) / 2.0);
    harness.event(Event::PointerMoved(from));
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    frames.push(frame(harness));
    let mut at: Pos2 = from;
    for _ in 0..30 {
        at += Vec2::new(4.0, 2.0);
        harness.event(Event::PointerMoved(at));
        frames.push(frame(harness));
    }
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    frames.push(frame(harness));
    // Zoom.
    for i in 0..30 {
        // Ctrl+wheel zooms the plots; the network zooms with the wheel alone too.
        let modifiers = if i % 2 == 0 {
            egui::Modifiers::COMMAND
        } else {
            egui::Modifiers::NONE
        };
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: Vec2::new(0.0, if i < 15 { 1.0 } else { -1.0 }),
            modifiers,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        frames.push(frame(harness));
    }
    frames
}

fn report(what: &str, shown: Duration, mut frames: Vec<Duration>) {
    frames.sort();
    let p = |q: f64| frames[((frames.len() - 1) as f64 * q).round() as usize];
    let over = frames.iter().filter(|f| **f > FRAME).count();
    println!(
        "{what}: shown {:.2} s after asking; {} frames interacting, median {:.2} ms, p99 {:.2} \
         ms, max {:.2} ms, {over} over 16 ms",
        shown.as_secs_f64(),
        frames.len(),
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        p(1.0).as_secs_f64() * 1e3,
    );
}

fn click(harness: &mut Harness<'static, gui::State>, label: &str) {
    harness.get_by_label(label).click();
}

fn main() {
    let Some(folder) = common::perf_corpus() else {
        eprintln!("analysis_frames bench: skipped, needs the perf corpus (../shared/data/perf)");
        return;
    };
    let config = tempfile::tempdir().expect("temporary folder");
    let mut harness = gui::open_app_sized(Some(folder.clone()), config.path(), [1280.0, 800.0]);
    let started = Instant::now();
    while gui::app(&harness).entities().is_working() {
        frame(&mut harness);
    }
    let mentions: usize = gui::app(&harness)
        .entities()
        .index()
        .map_or(0, |i| i.by_doc.iter().map(|m| m.len()).sum());
    println!(
        "analysis_frames: {} documents' entities found in {:.1} s ({mentions} mentions)",
        gui::app(&harness)
            .workspace()
            .unwrap()
            .corpus()
            .documents
            .len(),
        started.elapsed().as_secs_f64()
    );
    click(&mut harness, "Analysis F6");
    let shown = until_shown(&mut harness);
    report("entity frequency", shown, interacting(&mut harness));
    click(&mut harness, "Co-occurrence network");
    let shown = until_shown(&mut harness);
    report(
        "co-occurrence network by paragraph (the corpus read again for its paragraphs)",
        shown,
        interacting(&mut harness),
    );
    click(&mut harness, "Entity frequency");
    frame(&mut harness);
    click(&mut harness, "Co-occurrence network");
    let shown = until_shown(&mut harness);
    report(
        "co-occurrence network again (paragraphs kept)",
        shown,
        interacting(&mut harness),
    );
    // By sentence: the corpus read again and split into sentences.
    harness.get_by_label("Named together in one").click();
    for _ in 0..3 {
        frame(&mut harness);
    }
    harness.get_by_label("sentence").click();
    let shown = until_shown(&mut harness);
    report(
        "co-occurrence network by sentence (the corpus read again and split into sentences)",
        shown,
        interacting(&mut harness),
    );
    click(&mut harness, "Timeline");
    let shown = until_shown(&mut harness);
    report("timeline per month", shown, interacting(&mut harness));
    if let Some(peak) = common::peak_rss_bytes() {
        println!("peak memory {:.0} MB", peak as f64 / 1e6);
    }
}
