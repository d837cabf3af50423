//! A pixel snapshot of a seed paragraph in the reading view, rendered by egui's wgpu renderer
//! (Mesa's lavapipe on a machine without a GPU: Debian `mesa-vulkan-drivers`).
//!
//!     cargo test --features snapshot --test snapshot
//!
//! The reference image is `tests/snapshots/seed_paragraph.png`; `UPDATE_SNAPSHOTS=1` rewrites it
//! (look at it before committing).

#![cfg(feature = "snapshot")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use egui_kittest::Harness;
use qari::layout::TextStyle;
use qari::ui::reader::Reader;

#[test]
fn seed_paragraph_renders_as_recorded() {
    let text = qari::sample::ARTICLES[0].1;
    let paragraph = text.lines().take(3).collect::<Vec<_>>().join("\n");
    let mut harness = Harness::builder()
        .with_size([760.0, 560.0])
        .wgpu()
        .build_ui_state(
            |ui, reader: &mut Reader| {
                reader.ui(ui, &[]);
            },
            Reader::new("seed", paragraph, TextStyle::default()),
        );
    for _ in 0..5 {
        harness.step();
    }
    harness.snapshot("seed_paragraph");
}
