//! The fonts qari draws text with, embedded in the binary: no system font is scanned (that is
//! slow and differs between machines), so every machine lays text out the same way.
//!
//! - Noto Naskh Arabic, with Noto Sans for Latin, digits and the punctuation Naskh lacks
//!   (parentheses, hyphen): a clear screen face.
//! - Amiri: a classical book Naskh that covers Latin itself.
//!
//! Both are OFL-1.1; the licence is `assets/fonts/OFL.txt`.

use cosmic_text::{FontSystem, fontdb};
use serde::{Deserialize, Serialize};

/// Noto Naskh Arabic Regular.
pub const NOTO_NASKH_ARABIC: &[u8] =
    include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");
/// Noto Sans Regular.
pub const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Amiri Regular.
pub const AMIRI: &[u8] = include_bytes!("../../assets/fonts/Amiri-Regular.ttf");

/// The reading font the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FontChoice {
    /// Noto Naskh Arabic with Noto Sans.
    #[default]
    NotoNaskh,
    /// Amiri.
    Amiri,
}

impl FontChoice {
    /// Every choice, for menus.
    pub const ALL: [Self; 2] = [Self::NotoNaskh, Self::Amiri];

    /// The family name asked of the font system first.
    pub fn family(self) -> &'static str {
        match self {
            Self::NotoNaskh => "Noto Naskh Arabic",
            Self::Amiri => "Amiri",
        }
    }

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotoNaskh => "Noto Naskh Arabic",
            Self::Amiri => "Amiri",
        }
    }
}

/// Where a glyph missing from the chosen face is looked for: the other bundled faces.
struct BundledFallback;

impl cosmic_text::Fallback for BundledFallback {
    fn common_fallback(&self) -> &[&'static str] {
        &["Noto Sans", "Noto Naskh Arabic", "Amiri"]
    }

    fn forbidden_fallback(&self) -> &[&'static str] {
        &[]
    }

    fn script_fallback(&self, script: unicode_script::Script, _locale: &str) -> &[&'static str] {
        match script {
            unicode_script::Script::Arabic => &["Noto Naskh Arabic", "Amiri"],
            _ => &["Noto Sans", "Amiri"],
        }
    }
}

/// A font system holding only the bundled fonts.
pub fn font_system() -> FontSystem {
    let mut db = fontdb::Database::new();
    for bytes in [NOTO_NASKH_ARABIC, NOTO_SANS, AMIRI] {
        db.load_font_data(bytes.to_vec());
    }
    db.set_sans_serif_family("Noto Sans");
    db.set_serif_family("Amiri");
    FontSystem::new_with_locale_and_db_and_fallback("ar".into(), db, BundledFallback)
}
