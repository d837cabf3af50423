//! The user's changes to the register, kept in the project as a list of edits applied in order
//! to the bundled register. A list (rather than a copy of the edited register) stays small and
//! readable in the project file, and keeps meaning when the bundled register is updated.

use serde::{Deserialize, Serialize};

use super::register::{Entity, Kind, Register};

/// One change to the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterEdit {
    /// A new entity (or more aliases for an existing one of the same canonical name).
    Add(Entity),
    /// Another spelling of an entity.
    AddAlias {
        /// Canonical name of the entity.
        entity: String,
        /// The spelling.
        alias: String,
    },
    /// A new canonical name.
    Rename {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A new kind.
    SetKind {
        /// Canonical name of the entity.
        entity: String,
        /// The kind.
        kind: Kind,
    },
    /// Two entities are one: `from`'s aliases move to `into`, `from` goes.
    Merge {
        /// The entity merged away.
        from: String,
        /// The entity kept.
        into: String,
    },
    /// The entity is not tracked.
    Delete {
        /// Canonical name of the entity.
        entity: String,
    },
    /// A discovered candidate the user does not want offered again.
    Dismiss {
        /// The candidate's text as folded for matching.
        candidate: String,
    },
}

impl Register {
    /// Applies one edit. An edit naming an entity that is not there changes nothing (the
    /// bundled register may have changed since the edit was made).
    pub fn apply(&mut self, edit: &RegisterEdit) {
        match edit {
            RegisterEdit::Add(entity) => self.add(entity.clone()),
            RegisterEdit::AddAlias { entity, alias } => {
                if let Some(i) = self.position(entity)
                    && !self.entities[i].aliases.contains(alias)
                {
                    self.entities[i].aliases.push(alias.clone());
                }
            }
            RegisterEdit::Rename { from, to } => {
                if self.position(to).is_none()
                    && let Some(i) = self.position(from)
                {
                    self.entities[i].canonical = to.clone();
                }
            }
            RegisterEdit::SetKind { entity, kind } => {
                if let Some(i) = self.position(entity) {
                    self.entities[i].kind = *kind;
                }
            }
            RegisterEdit::Merge { from, into } => {
                if from != into
                    && let (Some(f), Some(_)) = (self.position(from), self.position(into))
                {
                    let gone = self.entities.remove(f);
                    let Some(i) = self.position(into) else {
                        return;
                    };
                    for alias in gone.aliases {
                        if !self.entities[i].aliases.contains(&alias) {
                            self.entities[i].aliases.push(alias);
                        }
                    }
                }
            }
            RegisterEdit::Delete { entity } => {
                if let Some(i) = self.position(entity) {
                    self.entities.remove(i);
                }
            }
            RegisterEdit::Dismiss { .. } => {}
        }
    }

    /// The bundled register with a project's edits applied.
    pub fn with_edits(edits: &[RegisterEdit]) -> Self {
        let mut register = Self::bundled();
        for edit in edits {
            register.apply(edit);
        }
        register
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, kind: Kind, aliases: &[&str]) -> Entity {
        Entity {
            canonical: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            note: None,
        }
    }

    #[test]
    fn each_edit() {
        let mut r = Register::default();
        r.apply(&RegisterEdit::Add(entity(
            "Almaty",
            Kind::Place,
            &["ألماتا"],
        )));
        r.apply(&RegisterEdit::Add(entity(
            "Alma-Ata",
            Kind::Place,
            &["ألما آتا"],
        )));
        r.apply(&RegisterEdit::AddAlias {
            entity: "Almaty".into(),
            alias: "الماتي".into(),
        });
        r.apply(&RegisterEdit::Merge {
            from: "Alma-Ata".into(),
            into: "Almaty".into(),
        });
        assert_eq!(r.entities.len(), 1);
        assert_eq!(r.entities[0].aliases, ["ألماتا", "الماتي", "ألما آتا"]);
        r.apply(&RegisterEdit::Rename {
            from: "Almaty".into(),
            to: "Almaty (city)".into(),
        });
        r.apply(&RegisterEdit::SetKind {
            entity: "Almaty (city)".into(),
            kind: Kind::Other,
        });
        assert_eq!(r.entities[0].canonical, "Almaty (city)");
        assert_eq!(r.entities[0].kind, Kind::Other);
        r.apply(&RegisterEdit::Delete {
            entity: "Almaty (city)".into(),
        });
        assert!(r.entities.is_empty());
        // Edits about entities that are not there change nothing.
        r.apply(&RegisterEdit::Delete {
            entity: "Nobody".into(),
        });
    }
}
