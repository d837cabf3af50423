//! The entity register: who and what a corpus may name, with every spelling to look for.
//!
//! An entity has a canonical English name (its identity), a kind, aliases in Arabic and Latin
//! script and an optional note. Registers are read from and written to TSV with the header
//! `canonical<TAB>kind<TAB>aliases`, aliases separated by `|`.
//!
//! The bundled default register is the curated entities of the seed articles
//! (`assets/register/seeds.tsv`), then common places, organisations and people of Arabic news
//! curated by hand (`assets/register/curated.tsv`), then countries, regions and major cities
//! from Unicode CLDR (`assets/register/places-cldr.tsv`), then full names of people from
//! Wikidata and arwikicats (`assets/register/persons.tsv`); earlier entries win when two share
//! a spelling (see `assets/register/README.md`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person.
    Person,
    /// An organisation: alliance, party, agency, company, institution.
    Organisation,
    /// A place: country, region, city.
    Place,
    /// Anything else worth tracking.
    Other,
}

impl Kind {
    /// Every kind, in sidebar order.
    pub const ALL: [Self; 4] = [Self::Person, Self::Organisation, Self::Place, Self::Other];

    /// The TSV and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organisation => "organisation",
            Self::Place => "place",
            Self::Other => "other",
        }
    }

    /// The kind's hue (red, green, blue) in the sidebar and the charts; the window makes it
    /// legible on its theme's background.
    pub fn hue(self) -> [u8; 3] {
        match self {
            Self::Person => [86, 156, 214],
            Self::Organisation => [78, 185, 129],
            Self::Place => [224, 150, 62],
            Self::Other => [180, 120, 210],
        }
    }

    /// The kind as CoNLL, ANERcorp and `ner-eval` spell it: PER, ORG, LOC, MISC.
    pub fn conll(self) -> &'static str {
        match self {
            Self::Person => "PER",
            Self::Organisation => "ORG",
            Self::Place => "LOC",
            Self::Other => "MISC",
        }
    }

    /// Parses a kind, accepting the usual spellings (PER, ORG, LOC, organization, location …).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "per" | "pers" => Some(Self::Person),
            "organisation" | "organization" | "org" => Some(Self::Organisation),
            "place" | "location" | "loc" | "gpe" => Some(Self::Place),
            "other" | "misc" => Some(Self::Other),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical English name; unique in a register.
    pub canonical: String,
    /// What it is.
    pub kind: Kind,
    /// Spellings to look for, Arabic and Latin.
    pub aliases: Vec<String>,
    /// A note for the analyst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Entity {
    /// The first alias in Arabic script, to show beside the canonical name.
    pub fn arabic_name(&self) -> Option<&str> {
        self.aliases
            .iter()
            .map(String::as_str)
            .find(|a| a.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
    }
}

/// A register: entities in priority order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Register {
    /// The entities.
    pub entities: Vec<Entity>,
}

/// A bad register file. Messages name the file last.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The file could not be read.
    #[error("could not read register ({error}): {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The first line is not `canonical<TAB>kind<TAB>aliases`.
    #[error("register header must be `canonical<TAB>kind<TAB>aliases`: {path}")]
    Header {
        /// The file.
        path: PathBuf,
    },
    /// A line that is not an entity.
    #[error("register line {line}: {message}: {path}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

const HEADER: &str = "canonical\tkind\taliases";

/// The bundled register files, in priority order.
const BUNDLED_FILES: [(&str, &str); 4] = [
    ("seeds.tsv", include_str!("../../assets/register/seeds.tsv")),
    (
        "curated.tsv",
        include_str!("../../assets/register/curated.tsv"),
    ),
    (
        "places-cldr.tsv",
        include_str!("../../assets/register/places-cldr.tsv"),
    ),
    (
        "persons.tsv",
        include_str!("../../assets/register/persons.tsv"),
    ),
];

impl Register {
    /// The bundled default register (parsed once per process).
    pub fn bundled() -> Self {
        static BUNDLED: std::sync::OnceLock<Register> = std::sync::OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                let mut register = Self::default();
                for (name, text) in BUNDLED_FILES {
                    // The bundled files are checked by a test; a broken one is a build defect.
                    if let Ok(part) = Self::from_tsv(text, Path::new(name)) {
                        register.extend(part);
                    }
                }
                register
            })
            .clone()
    }

    /// Reads a TSV register file.
    pub fn read_tsv(path: &Path) -> Result<Self, RegisterError> {
        let text = std::fs::read_to_string(path).map_err(|error| RegisterError::Read {
            path: path.into(),
            error,
        })?;
        Self::from_tsv(&text, path)
    }

    /// Parses TSV text; `path` is only used in errors. Entities with the same canonical name
    /// are merged.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Self, RegisterError> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, header)) if header.trim_start_matches('\u{FEFF}').trim_end() == HEADER => {}
            _ => return Err(RegisterError::Header { path: path.into() }),
        }
        let mut entities = Vec::new();
        for (i, line) in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: &str| RegisterError::Line {
                path: path.into(),
                line: i + 1,
                message: message.into(),
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [canonical, kind, aliases] = fields[..] else {
                return Err(bad("expected three tab-separated fields"));
            };
            let canonical = canonical.trim();
            if canonical.is_empty() {
                return Err(bad("empty canonical name"));
            }
            let kind = Kind::parse(kind).ok_or_else(|| bad(&format!("unknown kind `{kind}`")))?;
            let aliases = aliases
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            entities.push(Entity {
                canonical: canonical.to_owned(),
                kind,
                aliases,
                note: None,
            });
        }
        let mut register = Self::default();
        register.merge(entities);
        Ok(register)
    }

    /// Writes the register as TSV.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        for e in &self.entities {
            let clean = |s: &str| s.replace(['\t', '\n', '|'], " ");
            let aliases: Vec<String> = e.aliases.iter().map(|a| clean(a)).collect();
            out.push_str(&format!(
                "{}\t{}\t{}\n",
                clean(&e.canonical),
                e.kind,
                aliases.join("|")
            ));
        }
        out
    }

    /// Adds an entity, merging its aliases into an existing one of the same canonical name.
    pub fn add(&mut self, entity: Entity) {
        self.merge(std::iter::once(entity));
    }

    /// Adds every entity of another register after these.
    pub fn extend(&mut self, other: Register) {
        self.merge(other.entities);
    }

    /// Adds entities in order, merging those whose canonical name is already there.
    fn merge(&mut self, entities: impl IntoIterator<Item = Entity>) {
        let mut index: std::collections::HashMap<String, usize> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.canonical.clone(), i))
            .collect();
        for entity in entities {
            match index.get(&entity.canonical) {
                Some(&i) => {
                    let existing = &mut self.entities[i];
                    for alias in entity.aliases {
                        if !existing.aliases.contains(&alias) {
                            existing.aliases.push(alias);
                        }
                    }
                    if existing.note.is_none() {
                        existing.note = entity.note;
                    }
                }
                None => {
                    index.insert(entity.canonical.clone(), self.entities.len());
                    self.entities.push(entity);
                }
            }
        }
    }

    /// The index of the entity with this canonical name.
    pub fn position(&self, canonical: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.canonical == canonical)
    }

    /// The entity with this canonical name.
    pub fn get(&self, canonical: &str) -> Option<&Entity> {
        self.position(canonical).map(|i| &self.entities[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip_and_merge() {
        let text = "canonical\tkind\taliases\nAlmaty\tplace\tألماتا|ألما آتا\nCSTO\torg\tمنظمة معاهدة الأمن الجماعي\nAlmaty\tLOC\tألماتي\n";
        let r = Register::from_tsv(text, Path::new("r.tsv")).unwrap();
        assert_eq!(r.entities.len(), 2);
        assert_eq!(
            r.get("Almaty").unwrap().aliases,
            ["ألماتا", "ألما آتا", "ألماتي"]
        );
        assert_eq!(r.get("CSTO").unwrap().kind, Kind::Organisation);
        let again = Register::from_tsv(&r.to_tsv(), Path::new("r.tsv")).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn bad_lines_name_the_line_and_the_file() {
        let err = Register::from_tsv(
            "canonical\tkind\taliases\nX\tplanet\ty\n",
            Path::new("/r.tsv"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "register line 2: unknown kind `planet`: /r.tsv"
        );
        let err = Register::from_tsv("name,kind\n", Path::new("/r.tsv")).unwrap_err();
        assert!(matches!(err, RegisterError::Header { .. }));
    }

    #[test]
    fn the_bundled_files_parse() {
        for (name, text) in BUNDLED_FILES {
            let r = Register::from_tsv(text, Path::new(name)).unwrap();
            assert!(!r.entities.is_empty(), "{name}");
        }
        let bundled = Register::bundled();
        for name in ["Kazakhstan", "Almaty", "Russia", "Bashar al-Assad"] {
            assert!(bundled.get(name).is_some(), "{name}");
        }
    }
}
