//! Helpers shared by integration tests.

use std::path::PathBuf;

/// `../shared/data` (or `QARI_SHARED_DATA`) when it holds `marker`; `None`, with a message
/// saying the checks are skipped, where it is absent.
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
