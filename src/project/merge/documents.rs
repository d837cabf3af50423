//! Merging document codings (codes, a memo and an entities-done mark for a whole document),
//! document by document: codes as sets, a memo changed on both sides kept twice, the mark as
//! the side that changed it left it.

use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::annotations::{DocumentCoding, DocumentCodings};

use super::{Context, both_reasons, flag, merge_code_sets, three_way};

/// The document codings of both sides (theirs' codes already mapped to the merge's).
pub(super) fn merge(
    base: &DocumentCodings,
    ours: &DocumentCodings,
    theirs: &DocumentCodings,
    cx: &mut Context<'_>,
) -> DocumentCodings {
    let docs: BTreeSet<&String> = base
        .0
        .keys()
        .chain(ours.0.keys())
        .chain(theirs.0.keys())
        .collect();
    let merged = docs.into_iter().filter_map(|doc| {
        let coding = merge_one(base.0.get(doc), ours.0.get(doc), theirs.0.get(doc), cx)?;
        Some((doc.clone(), coding))
    });
    DocumentCodings(merged.collect())
}

/// One document's coding: the side that changed it, both merged, or none.
fn merge_one(
    base: Option<&DocumentCoding>,
    ours: Option<&DocumentCoding>,
    theirs: Option<&DocumentCoding>,
    cx: &mut Context<'_>,
) -> Option<DocumentCoding> {
    match (base, ours, theirs) {
        (_, None, None) => None,
        (None, Some(o), None) => Some(o.clone()),
        (None, None, Some(t)) => Some(t.clone()),
        (Some(b), Some(o), None) if o == b => None,
        (Some(b), None, Some(t)) if t == b => None,
        (Some(_), Some(o), None) => {
            let reason = format!("changed here but deleted in {}", cx.theirs);
            Some(flagged(o.clone(), &reason, cx))
        }
        (Some(_), None, Some(t)) => {
            let reason = format!("deleted here but changed in {}", cx.theirs);
            Some(flagged(t.clone(), &reason, cx))
        }
        (b, Some(o), Some(t)) => {
            // Made on both sides: merged as if from an empty coding.
            let empty;
            let b = match b {
                Some(b) => b,
                None => {
                    empty = DocumentCoding {
                        doc: o.doc.clone(),
                        codes: Vec::new(),
                        memo: String::new(),
                        entities_done: false,
                        attention: String::new(),
                        author: String::new(),
                        modified: Timestamp::UNIX_EPOCH,
                    };
                    &empty
                }
            };
            Some(merge_both(b, o, t, cx))
        }
    }
}

/// A coding both sides have: codes as sets; a memo both changed is kept as both texts.
fn merge_both(
    b: &DocumentCoding,
    o: &DocumentCoding,
    t: &DocumentCoding,
    cx: &mut Context<'_>,
) -> DocumentCoding {
    if t == b {
        return o.clone();
    }
    if o == b || o == t {
        return t.clone();
    }
    let mut merged = DocumentCoding {
        codes: merge_code_sets(&b.codes, &o.codes, &t.codes),
        author: three_way(&b.author, &o.author, &t.author).unwrap_or_else(|| o.author.clone()),
        attention: three_way(&b.attention, &o.attention, &t.attention)
            .unwrap_or_else(|| both_reasons(&o.attention, &t.attention)),
        modified: o.modified.max(t.modified),
        // A mark is a yes or no: whichever side changed it.
        entities_done: if o.entities_done != b.entities_done {
            o.entities_done
        } else {
            t.entities_done
        },
        ..o.clone()
    };
    match three_way(&b.memo, &o.memo, &t.memo) {
        Some(memo) => merged.memo = memo,
        None => {
            merged.memo = format!("{}\n— {} —\n{}", o.memo, cx.theirs, t.memo);
            let reason = format!("memo changed here and in {}; both texts kept", cx.theirs);
            cx.conflicts
                .push(format!("document coding of {}: {reason}", o.doc));
            flag(&mut merged.attention, &reason);
        }
    }
    merged
}

fn flagged(mut coding: DocumentCoding, reason: &str, cx: &mut Context<'_>) -> DocumentCoding {
    cx.conflicts
        .push(format!("document coding of {}: {reason}; kept", coding.doc));
    flag(&mut coding.attention, reason);
    coding
}
