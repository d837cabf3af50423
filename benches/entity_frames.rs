//! The window while the entity sidebar finds the names of the whole 31,030-article corpus with
//! the register and the trained tagger in the background: how long that takes, and how long
//! each frame of the window takes meanwhile.
//!
//!     cargo bench --bench entity_frames
//!
//! The app is driven headless with egui_kittest (egui's layout, our text layout and mesh
//! building; no GPU), one frame every 16 ms as a window at 60 Hz would, until the sidebar has its
//! mentions; then the same once more with the findings cached by document hash (as after a
//! register edit). Target (issue 13): the corpus in under 60 s on 2 cores, no frame over 16 ms.
//! The corpus is `QARI_PERF_CORPUS` or unpacked into `target/perf-corpus`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench: a failure is a failed run

mod common;
#[path = "../tests/common/gui.rs"]
mod gui;

use std::time::{Duration, Instant};

use egui_kittest::Harness;

/// Frame times until the sidebar's mentions are found and then for a second more (the first
/// frames that show them), and the time finding took. Frames over 16 ms are listed with when
/// they came.
fn frames_while_finding(harness: &mut Harness<'static, gui::State>) -> (Vec<Duration>, Duration) {
    let start = Instant::now();
    let mut frames = Vec::new();
    let mut found: Option<Duration> = None;
    loop {
        let before = Instant::now();
        harness.step();
        let took = before.elapsed();
        frames.push(took);
        if took > Duration::from_millis(16) {
            println!(
                "  frame of {:.1} ms at {:.2} s{}",
                took.as_secs_f64() * 1e3,
                start.elapsed().as_secs_f64(),
                if found.is_some() { " (after)" } else { "" }
            );
        }
        if found.is_none() && !gui::app(harness).entities().is_working() {
            found = Some(start.elapsed());
        }
        if found.is_some_and(|f| start.elapsed() > f + Duration::from_secs(1)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(16).saturating_sub(before.elapsed()));
    }
    (frames, found.unwrap_or_default())
}

fn report(what: &str, frames: &mut [Duration], took: Duration) {
    frames.sort();
    let p = |q: f64| frames[((frames.len() - 1) as f64 * q).round() as usize];
    let over = frames
        .iter()
        .filter(|f| **f > Duration::from_millis(16))
        .count();
    println!(
        "{what}: {:.1} s; {} frames, median {:.2} ms, p99 {:.2} ms, max {:.2} ms, {over} over 16 ms",
        took.as_secs_f64(),
        frames.len(),
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        p(1.0).as_secs_f64() * 1e3,
    );
}

fn main() {
    let Some(folder) = common::perf_corpus() else {
        eprintln!("entity_frames bench: skipped, needs the perf corpus (../shared/data/perf)");
        return;
    };
    let config = tempfile::tempdir().expect("temporary folder");
    let opened = Instant::now();
    let mut harness = gui::open_app_sized(Some(folder.clone()), config.path(), [1280.0, 800.0]);
    println!(
        "entity_frames: {} opened in {:.1} s",
        folder.display(),
        opened.elapsed().as_secs_f64()
    );
    let (mut frames, took) = frames_while_finding(&mut harness);
    let index = gui::app(&harness)
        .entities()
        .index()
        .expect("mentions found");
    let docs = index.by_doc.len();
    let mentions: usize = index.by_doc.iter().map(|m| m.len()).sum();
    let suggested: usize = index.suggested_by_doc.iter().map(|s| s.len()).sum();
    report(
        &format!(
            "names of {docs} documents found ({mentions} register mentions, {suggested} \
             suggested, {} suggestions offered)",
            index.candidates.len()
        ),
        &mut frames,
        took,
    );
    // Found again from the cache, after a register edit that changes no spelling (a
    // rejected suggestion).
    let reject = qari::entities::RegisterEdit::Dismiss {
        candidate: "لا شيء".into(),
    };
    harness
        .state_mut()
        .as_mut()
        .expect("app")
        .run_command(qari::ui::Command::Project(
            qari::project::Intent::EditRegister(vec![reject]),
        ));
    let (mut frames, took) = frames_while_finding(&mut harness);
    report("found again from the cache", &mut frames, took);
}
