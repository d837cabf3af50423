//! What the benches share: where the 31,030-article perf corpus is.

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
