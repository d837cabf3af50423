//! What qari remembers between runs: the last project opened, the reading style (font and
//! size), the author name, the window's side panels and the theme (light, dark or the
//! system's). Kept in the user's config folder
//! (`$XDG_CONFIG_HOME/qari/state.ron`, or `QARI_CONFIG_DIR` when set), written atomically.
//!
//! Failing to remember is never an error the user has to deal with: reads that fail give
//! nothing, writes that fail are reported to the caller to show once.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::layout::TextStyle;
use crate::project::save::write_atomic;

/// Environment variable that overrides the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "QARI_CONFIG_DIR";

#[derive(Default, Serialize, Deserialize)]
struct State {
    #[serde(default)]
    last_project: Option<PathBuf>,
    #[serde(default)]
    text_style: Option<TextStyle>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    panels: Option<PanelPrefs>,
    #[serde(default)]
    theme: Option<ThemeChoice>,
}

/// The window's side panels as the analyst left them, by panel id (`documents`, `entities`,
/// `coding`): the ones hidden, and the widths they were dragged to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PanelPrefs {
    /// Ids of the panels hidden.
    #[serde(default)]
    pub hidden: Vec<String>,
    /// Width of each panel dragged to a width of its own, in points.
    #[serde(default)]
    pub widths: Vec<(String, f32)>,
}

/// Light or dark colours, or those the operating system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system's setting (dark when it says nothing).
    #[default]
    System,
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }
}

/// The folder holding qari's own settings.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::config_dir().map(|d| d.join("qari")),
    }
}

const STATE_FILE: &str = "state.ron";

/// Where the remembered state lives.
#[derive(Clone, Debug)]
pub struct Recent {
    dir: Option<PathBuf>,
}

impl Recent {
    /// The user's config folder ([`config_dir`]).
    pub fn from_env() -> Self {
        Self { dir: config_dir() }
    }

    /// A given folder (tests, portable installs).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
        }
    }

    fn load(&self) -> Option<State> {
        let text = std::fs::read_to_string(self.dir.as_ref()?.join(STATE_FILE)).ok()?;
        ron::from_str(&text).ok()
    }

    fn store(&self, change: impl FnOnce(&mut State)) -> std::io::Result<()> {
        let dir = self
            .dir
            .as_ref()
            .ok_or_else(|| std::io::Error::other("no config folder"))?;
        let mut state = self.load().unwrap_or_default();
        change(&mut state);
        std::fs::create_dir_all(dir)?;
        let text = ron::to_string(&state).map_err(std::io::Error::other)?;
        write_atomic(&dir.join(STATE_FILE), text.as_bytes())
    }

    /// The last project opened, if it still exists.
    pub fn last_project(&self) -> Option<PathBuf> {
        self.load()?.last_project.filter(|p| p.exists())
    }

    /// Remembers `project` as the last one opened.
    pub fn remember(&self, project: &Path) -> std::io::Result<()> {
        let project = std::path::absolute(project)?;
        self.store(|state| state.last_project = Some(project))
    }

    /// The reading style chosen last.
    pub fn text_style(&self) -> Option<TextStyle> {
        self.load()?.text_style
    }

    /// Remembers the reading style.
    pub fn remember_text_style(&self, style: TextStyle) -> std::io::Result<()> {
        self.store(|state| state.text_style = Some(style))
    }

    /// The side panels as they were left.
    pub fn panels(&self) -> PanelPrefs {
        self.load().and_then(|s| s.panels).unwrap_or_default()
    }

    /// Remembers the side panels.
    pub fn remember_panels(&self, panels: &PanelPrefs) -> std::io::Result<()> {
        self.store(|state| state.panels = Some(panels.clone()))
    }

    /// The theme chosen last ([`ThemeChoice::System`] until one is chosen).
    pub fn theme(&self) -> ThemeChoice {
        self.load().and_then(|s| s.theme).unwrap_or_default()
    }

    /// Remembers the theme.
    pub fn remember_theme(&self, theme: ThemeChoice) -> std::io::Result<()> {
        self.store(|state| state.theme = Some(theme))
    }

    /// The name annotations are recorded under: the one set in the settings, else the
    /// operating system's user name.
    pub fn author(&self) -> String {
        self.load()
            .and_then(|s| s.author)
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(os_user)
    }

    /// Sets the name annotations are recorded under (empty: the OS user's again).
    pub fn set_author(&self, author: &str) -> std::io::Result<()> {
        let author = author.trim().to_owned();
        self.store(|state| state.author = (!author.is_empty()).then_some(author))
    }
}

/// The operating system's user name (`user` when it cannot be told).
pub fn os_user() -> String {
    whoami::username()
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "user".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_project_while_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        let recent = Recent::at(&config);
        assert_eq!(recent.last_project(), None);
        let project = dir.path().join("qari.ron");
        std::fs::write(&project, "(format_version: 1, corpus_root: \".\")").unwrap();
        recent.remember(&project).unwrap();
        assert_eq!(recent.last_project(), Some(project.clone()));
        std::fs::remove_file(&project).unwrap();
        assert_eq!(
            recent.last_project(),
            None,
            "a deleted project is forgotten"
        );
        let style = TextStyle {
            font_size: 26.0,
            ..TextStyle::default()
        };
        recent.remember_text_style(style).unwrap();
        assert_eq!(recent.text_style(), Some(style));
        assert_eq!(recent.author(), os_user());
        recent.set_author("سارة").unwrap();
        assert_eq!(recent.author(), "سارة");
        assert_eq!(recent.text_style(), Some(style));
        std::fs::write(config.join(STATE_FILE), "garbage(").unwrap();
        assert_eq!(
            recent.theme(),
            ThemeChoice::System,
            "a damaged file: the default"
        );
        assert_eq!(
            recent.last_project(),
            None,
            "a damaged state file is ignored"
        );
    }

    #[test]
    fn the_theme_is_remembered_beside_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let recent = Recent::at(dir.path());
        assert_eq!(
            recent.theme(),
            ThemeChoice::System,
            "follows the system at first"
        );
        recent.set_author("سارة").unwrap();
        recent.remember_theme(ThemeChoice::Light).unwrap();
        assert_eq!(Recent::at(dir.path()).theme(), ThemeChoice::Light);
        assert_eq!(recent.author(), "سارة", "the rest is kept");
        recent.remember_theme(ThemeChoice::Dark).unwrap();
        assert_eq!(recent.theme(), ThemeChoice::Dark);
        // A state file from before themes were remembered reads as "follow the system".
        std::fs::write(dir.path().join(STATE_FILE), "(author: Some(\"x\"))").unwrap();
        assert_eq!(recent.theme(), ThemeChoice::System);
        assert_eq!(recent.author(), "x");
    }
}
