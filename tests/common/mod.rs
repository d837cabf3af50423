//! Helpers shared by integration tests.

pub mod gui;
pub mod notation;

use std::path::{Path, PathBuf};

/// `../shared/data` (or `QARI_SHARED_DATA`) when it holds `marker`; `None`, with a message
/// saying the checks are skipped, where it is absent.
#[allow(dead_code)] // not every test binary that uses this module reads shared data
pub fn shared_data(marker: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("QARI_SHARED_DATA").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|p| p.join(marker).exists());
    if found.is_none() {
        eprintln!("skipped: ../shared/data not found (set QARI_SHARED_DATA to run these checks)");
    }
    found
}

/// Runs the `qari` binary with `args` (its config in a folder of the temporary directory, never
/// the user's); fails the test with its standard error when it fails; its standard output.
#[allow(dead_code)] // not every test binary that uses this module runs the CLI
pub fn qari_ok<S: AsRef<std::ffi::OsStr>>(args: impl IntoIterator<Item = S>) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env(
            "QARI_CONFIG_DIR",
            std::env::temp_dir().join("qari-test-cli-config"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Copies the files of a folder (not its sub-folders) into a new folder `to`.
#[allow(dead_code)] // not every test binary that uses this module copies folders
pub fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The texts of an SVG document's `<text>` elements, in order (the writer puts each on a line
/// of its own; SVG drops that white space, and so does this).
#[allow(dead_code)] // not every test binary that uses this module reads SVG
pub fn svg_texts(svg: &str) -> Vec<String> {
    let tree = roxmltree::Document::parse(svg).expect("well-formed SVG");
    tree.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_owned())
        .collect()
}

/// The starts of the passages saved in a project file, in order.
#[allow(dead_code)] // for the tests of saving
pub fn saved_starts(project: &Path) -> Vec<usize> {
    let mut starts: Vec<usize> = qari::project::workspace::load(project)
        .unwrap()
        .annotations
        .iter()
        .map(|a| a.start)
        .collect();
    starts.sort();
    starts
}
