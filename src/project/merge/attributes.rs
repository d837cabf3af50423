//! Merging document attributes, document by document and column by column: the side that
//! changed a value; a value both sides changed differently keeps ours and says so.

use std::collections::BTreeSet;

use crate::annotations::{Attributes, DocumentAttributes};

use super::{Context, three_way};

/// The attributes of both sides.
pub(super) fn merge(
    base: &DocumentAttributes,
    ours: &DocumentAttributes,
    theirs: &DocumentAttributes,
    cx: &mut Context<'_>,
) -> DocumentAttributes {
    let docs: BTreeSet<&String> = base
        .0
        .keys()
        .chain(ours.0.keys())
        .chain(theirs.0.keys())
        .collect();
    let empty = Attributes::new();
    let merged = docs.into_iter().filter_map(|doc| {
        let [b, o, t] = [base, ours, theirs].map(|side| side.0.get(doc).unwrap_or(&empty));
        let columns: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
        let mut values = Attributes::new();
        for column in columns {
            let [bv, ov, tv] = [b, o, t].map(|side| side.get(column));
            let value = three_way(&bv, &ov, &tv).unwrap_or_else(|| {
                cx.conflicts.push(format!(
                    "{doc}: attribute {column} is {} here and {} in {}; kept {}",
                    said(ov),
                    said(tv),
                    cx.theirs,
                    said(ov)
                ));
                ov
            });
            if let Some(value) = value {
                values.insert(column.clone(), value.clone());
            }
        }
        (!values.is_empty()).then(|| (doc.clone(), values))
    });
    DocumentAttributes(merged.collect())
}

fn said(value: Option<&String>) -> String {
    value.map_or_else(|| "not set".to_owned(), |v| format!("{v:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(rows: &[(&str, &str, &str)]) -> DocumentAttributes {
        let mut out = DocumentAttributes::default();
        for (doc, column, value) in rows {
            out.0
                .entry((*doc).to_owned())
                .or_default()
                .insert((*column).to_owned(), (*value).to_owned());
        }
        out
    }

    #[test]
    fn each_side_keeps_its_changes_and_a_value_changed_on_both_keeps_ours_with_a_conflict() {
        let base = attributes(&[("a", "source", "aawsat"), ("a", "date", "2015-07-21")]);
        let ours = attributes(&[("a", "source", "asharq"), ("a", "date", "2015-07-21")]);
        let theirs = attributes(&[
            ("a", "source", "alhayat"),
            ("a", "date", "2015-07-22"),
            ("b", "source", "bbc"),
        ]);
        let mut cx = Context {
            theirs: "the file on disk",
            conflicts: Vec::new(),
        };
        let merged = merge(&base, &ours, &theirs, &mut cx);
        assert_eq!(
            merged,
            attributes(&[
                ("a", "source", "asharq"),
                ("a", "date", "2015-07-22"),
                ("b", "source", "bbc"),
            ])
        );
        assert_eq!(
            cx.conflicts,
            [
                "a: attribute source is \"asharq\" here and \"alhayat\" in the file on disk; kept \"asharq\""
            ]
        );
    }
}
