//! Tagging all day in a large project (issue 20): the window over the 31,030-article corpus
//! with 100,000 annotations, a passage tagged every 100 ms for a minute with autosave on as it
//! ships (a save a second after the first unsaved change, written on its own thread). Reports
//! the frame times, those of frames while a save ran apart, and how long the saves took.
//!
//!     cargo bench --bench saving_frames
//!
//! The app is driven headless with egui_kittest (egui's layout, our text layout and mesh
//! building; no GPU), one frame every 16 ms as a window at 60 Hz would. Target: no frame over
//! 16 ms. The corpus is `QARI_PERF_CORPUS` or unpacked into `target/perf-corpus`;
//! `QARI_BENCH_ANNOTATIONS` and `QARI_BENCH_SECONDS` change the project's size and the run's
//! length.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench: a failure is a failed run

mod common;
#[path = "../tests/common/gui.rs"]
mod gui;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use qari::project::Intent;
use qari::ui::SaveState;
use qari::ui::commands::Command;

const FRAME: Duration = Duration::from_millis(16);

/// The monotonic clock's reading in seconds (the clock `perf record -k CLOCK_MONOTONIC`
/// stamps its samples with, to find a slow frame's samples).
fn monotonic() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec, a clock every Linux has.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// One frame, paced as a 60 Hz window; how long it took.
fn frame(harness: &mut Harness<'static, gui::State>) -> Duration {
    frame_timed(harness).0
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec, a clock every Linux has.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// One frame, paced; how long it took, and how much of that this thread ran (the rest it
/// waited for a core, on a machine busy with the save and the counts).
fn frame_timed(harness: &mut Harness<'static, gui::State>) -> (Duration, Duration) {
    let (before, cpu) = (Instant::now(), thread_cpu());
    harness.step();
    let took = before.elapsed();
    let ran = thread_cpu().saturating_sub(cpu);
    std::thread::sleep(FRAME.saturating_sub(took));
    (took, ran)
}

fn summary(frames: &mut [Duration]) -> String {
    if frames.is_empty() {
        return "none".into();
    }
    frames.sort();
    let p = |q: f64| frames[((frames.len() - 1) as f64 * q).round() as usize];
    let over = frames.iter().filter(|f| **f > FRAME).count();
    format!(
        "{} frames, median {:.2} ms, p99 {:.2} ms, max {:.2} ms, {over} over 16 ms",
        frames.len(),
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        p(1.0).as_secs_f64() * 1e3,
    )
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let Some(folder) = common::perf_corpus() else {
        eprintln!("saving_frames bench: skipped, needs the perf corpus (../shared/data/perf)");
        return;
    };
    let annotations = env_number("QARI_BENCH_ANNOTATIONS", 100_000) as usize;
    let seconds = env_number("QARI_BENCH_SECONDS", 60);
    let dir = tempfile::tempdir().expect("temporary folder");
    let project = dir.path().join("team.ron");
    let started = Instant::now();
    let documents = common::annotated_project(&folder, &project, annotations);
    let size = std::fs::metadata(&project).map_or(0, |m| m.len());
    println!(
        "saving_frames: a project of {annotations} annotations over {documents} documents \
         ({:.1} MB) made in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let config = tempfile::tempdir().expect("temporary folder");
    let started = Instant::now();
    let mut harness = gui::open_app_sized(Some(project.clone()), config.path(), [1280.0, 800.0]);
    println!(
        "saving_frames: opened in the window in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The entity sidebar's search of the whole corpus first: it is not what is measured.
    while gui::app(&harness).entities().is_working() {
        frame(&mut harness);
    }
    let (code, doc, len) = {
        let ws = gui::app(&harness).workspace().unwrap();
        assert_eq!(ws.project().annotations.len(), annotations);
        let doc = &ws.corpus().documents[0];
        (
            ws.project().codebook.codes[0].id,
            doc.id.clone(),
            doc.char_len,
        )
    };
    let (mut all, mut while_saving, mut ran_all) = (Vec::new(), Vec::new(), Vec::new());
    let mut slow = Vec::new();
    let mut saves = Vec::new();
    let mut save_started: Option<Instant> = None;
    let mut tagged = 0;
    let start = Instant::now();
    let mut next_tag = start;
    while start.elapsed() < Duration::from_secs(seconds) {
        if Instant::now() >= next_tag {
            next_tag += Duration::from_millis(100);
            let at = (tagged * 37) % (len - 20);
            gui::state(&mut harness).run_command(Command::Project(Intent::Tag {
                doc: doc.clone(),
                range: at..at + 4 + tagged % 9,
                code: Some(code),
            }));
            tagged += 1;
        }
        let saving_before = save_started.is_some();
        let began = monotonic();
        let (took, ran) = frame_timed(&mut harness);
        all.push(took);
        ran_all.push(ran);
        if took > FRAME {
            slow.push(format!(
                "{:.1} ms ({:.1} ms running, from {began:.3} s monotonic){}{}",
                took.as_secs_f64() * 1e3,
                ran.as_secs_f64() * 1e3,
                if saving_before {
                    ", a save running"
                } else {
                    ""
                },
                if gui::state(&mut harness).counting().is_counting() {
                    ", counting"
                } else {
                    ""
                }
            ));
        }
        let saving = gui::app(&harness).save_state() == Some(SaveState::Saving);
        if saving_before || saving {
            while_saving.push(took);
        }
        match (save_started, saving) {
            (None, true) => save_started = Some(Instant::now()),
            (Some(since), false) => {
                saves.push(since.elapsed());
                save_started = None;
            }
            _ => {}
        }
    }
    // The last passages saved by autosave, and the save taken in.
    let until = Instant::now() + Duration::from_secs(30);
    while !matches!(gui::app(&harness).save_state(), Some(SaveState::Saved(_))) {
        assert!(Instant::now() < until, "the last passages were never saved");
        frame(&mut harness);
    }
    let ws = gui::app(&harness).workspace().unwrap();
    let saved = qari::project::workspace::load(&project).unwrap();
    assert_eq!(
        saved.annotations.len(),
        ws.project().annotations.len(),
        "everything tagged is saved"
    );
    println!(
        "saving_frames: {tagged} passages tagged in {seconds} s ({} annotations now), {} saves",
        ws.project().annotations.len(),
        saves.len()
    );
    println!("saving_frames: every frame: {}", summary(&mut all));
    println!(
        "saving_frames: frames while a save ran: {}",
        summary(&mut while_saving)
    );
    println!(
        "saving_frames: the window's thread running, every frame: {}",
        summary(&mut ran_all)
    );
    for frame in &slow {
        println!("saving_frames: a frame over 16 ms: {frame}");
    }
    saves.sort();
    if !saves.is_empty() {
        println!(
            "saving_frames: a save, from the copy to taken in (a frame's precision): median {:.0} \
             ms, max {:.0} ms",
            saves[saves.len() / 2].as_secs_f64() * 1e3,
            saves[saves.len() - 1].as_secs_f64() * 1e3
        );
    }
    if let Some(peak) = common::peak_rss_bytes() {
        println!("saving_frames: peak memory {:.0} MB", peak as f64 / 1e6);
    }
}
