//! Merging register edits, an ordered log that undo pops from: theirs' log without the base
//! edits ours undid, followed by ours' new edits.

use crate::entities::RegisterEdit;

/// The merged log, and how many of theirs' new edits ours did not have.
pub(super) fn merge(
    base: &[RegisterEdit],
    ours: &[RegisterEdit],
    theirs: &[RegisterEdit],
) -> (Vec<RegisterEdit>, usize) {
    if theirs == base {
        return (ours.to_vec(), 0);
    }
    let p = common_prefix(base, ours);
    let q = common_prefix(base, theirs);
    let ours_new = minus(&ours[p..], &base[p..]);
    let theirs_new = minus(&theirs[q..], &base[q..]);
    let undone_by_ours = minus(&base[p..], &ours[p..]);
    let mut out = theirs.to_vec();
    let from = p.min(q);
    for edit in undone_by_ours {
        if let Some(at) = out[from..].iter().position(|e| e == edit) {
            out.remove(from + at);
        }
    }
    let count = minus(theirs_new.iter().copied(), ours_new.iter().copied()).len();
    out.extend(minus(ours_new, theirs_new).into_iter().cloned());
    (out, count)
}

/// How many edits two logs start with in common.
fn common_prefix(a: &[RegisterEdit], b: &[RegisterEdit]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The edits of `list` left after taking out each of `taken` once, in `list`'s order.
fn minus<'a, E: PartialEq + 'a>(
    list: impl IntoIterator<Item = &'a E>,
    taken: impl IntoIterator<Item = &'a E>,
) -> Vec<&'a E> {
    let mut left: Vec<Option<&E>> = taken.into_iter().map(Some).collect();
    list.into_iter()
        .filter(|e| {
            let slot = left.iter_mut().find(|slot| slot.is_some_and(|t| t == *e));
            slot.map(|slot| *slot = None).is_none()
        })
        .collect()
}
