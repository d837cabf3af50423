//! What qari remembers between runs: the last project opened. Kept in the user's config folder
//! (`$XDG_CONFIG_HOME/qari/state.ron`, or `QARI_CONFIG_DIR` when set), written atomically.
//!
//! Failing to remember is never an error the user has to deal with: reads that fail give
//! nothing, writes that fail are reported to the caller to show once.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::project::save::write_atomic;

/// Environment variable that overrides the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "QARI_CONFIG_DIR";

#[derive(Default, Serialize, Deserialize)]
struct State {
    #[serde(default)]
    last_project: Option<PathBuf>,
}

/// The folder holding qari's own settings.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::config_dir().map(|d| d.join("qari")),
    }
}

fn state_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("state.ron"))
}

/// The last project opened, if it still exists.
pub fn last_project() -> Option<PathBuf> {
    let text = std::fs::read_to_string(state_path()?).ok()?;
    let state: State = ron::from_str(&text).ok()?;
    state.last_project.filter(|p| p.exists())
}

/// Remembers `project` as the last one opened.
pub fn remember(project: &Path) -> std::io::Result<()> {
    let path = state_path().ok_or_else(|| std::io::Error::other("no config folder"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let state = State {
        last_project: Some(std::path::absolute(project)?),
    };
    let text = ron::to_string(&state).map_err(std::io::Error::other)?;
    write_atomic(&path, text.as_bytes())
}
