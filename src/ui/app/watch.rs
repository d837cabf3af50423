//! Watching the open project's file: another program (`qari import`, a second coder's sync,
//! `git pull`) saves it, and the window merges what came in at once and says so.
//!
//! The folder is watched, not the file: every save (qari's or a sync tool's) replaces the file
//! by a rename, which a watch on the old file would not see.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::{RecursiveMode, Watcher};

/// A watch on a project file.
pub(super) struct ProjectWatch {
    _watcher: notify::RecommendedWatcher,
    changed: Arc<AtomicBool>,
}

impl ProjectWatch {
    /// Starts watching `project`; asks `ctx` for a frame when it changes. `None` where the
    /// system cannot watch (the window then takes changes in when it saves).
    pub(super) fn new(ctx: &egui::Context, project: &Path) -> Option<Self> {
        let changed = Arc::new(AtomicBool::new(false));
        let name = project.file_name()?.to_owned();
        let folder: PathBuf = match project.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let flag = Arc::clone(&changed);
        let ctx = ctx.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                if event.kind.is_access() {
                    return;
                }
                if event.paths.iter().any(|p| p.file_name() == Some(&name)) {
                    flag.store(true, Ordering::Relaxed);
                    ctx.request_repaint();
                }
            })
            .ok()?;
        watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
        Some(Self {
            _watcher: watcher,
            changed,
        })
    }

    /// Whether the file changed since the last call.
    pub(super) fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}
