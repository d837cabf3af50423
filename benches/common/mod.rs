//! What the benches and the measuring examples share: where the 31,030-article perf corpus
//! is, and the peak memory of the process.

#![allow(dead_code)] // each bench or example uses what it needs

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The folder of the perf corpus's articles: `QARI_PERF_CORPUS`, or `../shared/data/perf`
/// unpacked (once) into `target/perf-corpus` by `../shared/tools/unpack-perf-corpus`; `None`
/// when neither is there.
pub fn perf_corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("QARI_PERF_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tool = manifest.join("../shared/tools/unpack-perf-corpus");
    let target = manifest.join("target/perf-corpus");
    if !tool.exists() {
        return None;
    }
    let status = Command::new(&tool)
        .arg(&target)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| target.join("articles"))
}

/// Peak resident memory of this process, from /proc (Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
