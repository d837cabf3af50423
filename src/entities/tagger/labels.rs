//! The tagger's labels: BIO over the four entity kinds, nine in all.

use crate::entities::Kind;

/// One token's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// Outside every name.
    Outside,
    /// The first token of a name of this kind.
    Begin(Kind),
    /// A later token of a name of this kind.
    Inside(Kind),
}

/// Number of labels.
pub const LABEL_COUNT: usize = 9;

impl Label {
    /// Every label, in index order.
    pub const ALL: [Self; LABEL_COUNT] = [
        Self::Outside,
        Self::Begin(Kind::Person),
        Self::Inside(Kind::Person),
        Self::Begin(Kind::Organisation),
        Self::Inside(Kind::Organisation),
        Self::Begin(Kind::Place),
        Self::Inside(Kind::Place),
        Self::Begin(Kind::Other),
        Self::Inside(Kind::Other),
    ];

    /// Its index in [`Label::ALL`].
    pub fn index(self) -> usize {
        let kind = |k: Kind| match k {
            Kind::Person => 0,
            Kind::Organisation => 1,
            Kind::Place => 2,
            Kind::Other => 3,
        };
        match self {
            Self::Outside => 0,
            Self::Begin(k) => 1 + 2 * kind(k),
            Self::Inside(k) => 2 + 2 * kind(k),
        }
    }

    /// The label of an index (out of range: [`Label::Outside`]).
    pub fn from_index(i: usize) -> Self {
        Self::ALL.get(i).copied().unwrap_or(Self::Outside)
    }

    /// The kind of a name label.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Self::Outside => None,
            Self::Begin(k) | Self::Inside(k) => Some(k),
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Outside => f.write_str("O"),
            Self::Begin(k) => write!(f, "B-{}", k.conll()),
            Self::Inside(k) => write!(f, "I-{}", k.conll()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_round_trip() {
        for (i, label) in Label::ALL.iter().enumerate() {
            assert_eq!(label.index(), i);
            assert_eq!(Label::from_index(i), *label);
        }
        assert_eq!(Label::Begin(Kind::Place).to_string(), "B-LOC");
    }
}
