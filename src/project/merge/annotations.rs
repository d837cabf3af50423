//! Merging annotations by id: anchor, codes, note, author and attention merged as separate
//! groups; additions of both sides kept (one when they are the same passage), colliding ids
//! renumbered; both versions kept when both sides moved the passage or rewrote the note.

use std::collections::{BTreeMap, BTreeSet};

use crate::annotations::{Annotation, AnnotationId, Annotations, CodeId, FreeIds};
use crate::corpus::ContentHash;

use super::{Context, both_reasons, collect_annotations, flag, merge_code_sets, three_way};

/// The annotations of both sides (theirs' codes already mapped to the merge's).
pub(super) fn merge(
    base: &Annotations,
    ours: &Annotations,
    theirs: &Annotations,
    cx: &mut Context<'_>,
) -> Annotations {
    let (base, ours, theirs) = (by_id(base), by_id(ours), by_id(theirs));
    let largest = [&base, &ours, &theirs]
        .iter()
        .filter_map(|side| side.keys().next_back())
        .max()
        .map_or(0, |id| id.0);
    let taken: BTreeSet<AnnotationId> = [&base, &ours, &theirs]
        .iter()
        .flat_map(|side| side.keys().copied())
        .collect();
    let mut merging = Merging {
        out: BTreeMap::new(),
        fresh: FreeIds::above(largest, u64::MAX),
        taken,
    };
    let ids: BTreeSet<AnnotationId> = base.keys().chain(ours.keys()).copied().collect();
    for id in ids {
        let theirs = theirs.get(&id).copied();
        match (base.get(&id).copied(), ours.get(&id).copied()) {
            (Some(b), o) => merging.existing(b, o, theirs, cx),
            (None, Some(o)) => merging.keep(o.clone()),
            (None, None) => {}
        }
    }
    merging.add_theirs(&base, &ours, &theirs);
    collect_annotations(merging.out)
}

/// One side's annotations by id.
type ById<'a> = BTreeMap<AnnotationId, &'a Annotation>;

fn by_id(annotations: &Annotations) -> ById<'_> {
    annotations.iter().map(|a| (a.id, a)).collect()
}

/// The merged annotations so far, by id.
struct Merging {
    out: BTreeMap<AnnotationId, Annotation>,
    /// Above every id of the three versions, then (at the maximum) the smallest free.
    fresh: FreeIds,
    /// The ids of the three versions.
    taken: BTreeSet<AnnotationId>,
}

impl Merging {
    fn keep(&mut self, a: Annotation) {
        self.out.insert(a.id, a);
    }

    fn fresh_id(&mut self) -> AnnotationId {
        let taken = &self.taken;
        // Every id taken would take 2^64 annotations: not a file qari reads.
        AnnotationId(
            self.fresh
                .next_free(|n| taken.contains(&AnnotationId(n)))
                .unwrap_or(0),
        )
    }

    /// An annotation of the base: merged, kept from the side that changed it, or gone.
    fn existing(
        &mut self,
        b: &Annotation,
        ours: Option<&Annotation>,
        theirs: Option<&Annotation>,
        cx: &mut Context<'_>,
    ) {
        match (ours, theirs) {
            (Some(o), Some(t)) if t == b => self.keep(o.clone()),
            (Some(o), Some(t)) if o == b || o == t => self.keep(t.clone()),
            (Some(o), Some(t)) => self.merge_groups(b, o, t, cx),
            (Some(o), None) if o != b => {
                let reason = format!("changed here but deleted in {}", cx.theirs);
                self.keep_flagged(o.clone(), &reason, cx);
            }
            (None, Some(t)) if t != b => {
                let reason = format!("deleted here but changed in {}", cx.theirs);
                self.keep_flagged(t.clone(), &reason, cx);
            }
            _ => {}
        }
    }

    /// Both sides changed an annotation: each group of fields from the side that changed it;
    /// when both moved the passage or rewrote the note differently, both versions.
    fn merge_groups(
        &mut self,
        b: &Annotation,
        o: &Annotation,
        t: &Annotation,
        cx: &mut Context<'_>,
    ) {
        let codes = merge_code_sets(&b.codes, &o.codes, &t.codes);
        let place = three_way(&Place::of(b), &Place::of(o), &Place::of(t));
        let note = three_way(&b.note, &o.note, &t.note);
        let (place, note) = match (place, note) {
            (Some(place), Some(note)) => (place, note),
            (place, note) => {
                let what = match (place.is_none(), note.is_none()) {
                    (true, true) => "passage and note",
                    (true, false) => "passage",
                    _ => "note",
                };
                self.keep_both(Annotation { codes, ..o.clone() }, t.clone(), what, cx);
                return;
            }
        };
        let mut merged = Annotation {
            codes,
            note,
            author: three_way(&b.author, &o.author, &t.author).unwrap_or_else(|| o.author.clone()),
            attention: three_way(&b.attention, &o.attention, &t.attention)
                .unwrap_or_else(|| both_reasons(&o.attention, &t.attention)),
            modified: o.modified.max(t.modified),
            ..o.clone()
        };
        place.apply(&mut merged);
        self.keep(merged);
    }

    /// Ours' version under its id and theirs' under a fresh one, each naming the other.
    fn keep_both(
        &mut self,
        mut mine: Annotation,
        mut version: Annotation,
        what: &str,
        cx: &mut Context<'_>,
    ) {
        version.id = self.fresh_id();
        let reason = |other: AnnotationId| {
            format!(
                "{what} changed here and in {}; the other version is annotation {}",
                cx.theirs, other.0
            )
        };
        flag(&mut mine.attention, &reason(version.id));
        flag(&mut version.attention, &reason(mine.id));
        cx.conflicts.push(format!(
            "annotation {} ({} {}..{}): {what} changed here and in {}; both kept, {}'s as annotation {}",
            mine.id.0, mine.doc, mine.start, mine.end, cx.theirs, cx.theirs, version.id.0
        ));
        self.keep(mine);
        self.keep(version);
    }

    fn keep_flagged(&mut self, mut a: Annotation, reason: &str, cx: &mut Context<'_>) {
        cx.conflicts.push(format!(
            "annotation {} ({} {}..{}): {reason}; kept",
            a.id.0, a.doc, a.start, a.end
        ));
        flag(&mut a.attention, reason);
        self.keep(a);
    }

    /// Theirs' additions: one that ours made too is kept once; one whose id is taken gets a
    /// fresh id.
    fn add_theirs(&mut self, base: &ById<'_>, ours: &ById<'_>, theirs: &ById<'_>) {
        // Ours' additions by where they are, each matched to one of theirs at most.
        let mut ours_added: BTreeMap<(&str, usize, usize), Vec<&Annotation>> = BTreeMap::new();
        for o in ours.values().filter(|o| !base.contains_key(&o.id)) {
            ours_added
                .entry((o.doc.as_str(), o.start, o.end))
                .or_default()
                .push(o);
        }
        for t in theirs.values().filter(|t| !base.contains_key(&t.id)) {
            let same_place = ours_added.get_mut(&(t.doc.as_str(), t.start, t.end));
            if let Some(candidates) = same_place {
                // The one under the same id first.
                let twin = candidates
                    .iter()
                    .position(|o| o.id == t.id && same_addition(o, t))
                    .or_else(|| candidates.iter().position(|o| same_addition(o, t)));
                if let Some(at) = twin {
                    candidates.remove(at);
                    continue;
                }
            }
            let mut t = (*t).clone();
            if ours.contains_key(&t.id) || self.out.contains_key(&t.id) {
                t.id = self.fresh_id();
            }
            self.keep(t);
        }
    }
}

/// Whether two additions are the same passage: same document, range, codes (in any order)
/// and note.
fn same_addition(a: &Annotation, b: &Annotation) -> bool {
    let within = |x: &[CodeId], y: &[CodeId]| x.iter().all(|c| y.contains(c));
    (&a.doc, a.start, a.end, &a.note) == (&b.doc, b.start, b.end, &b.note)
        && within(&a.codes, &b.codes)
        && within(&b.codes, &a.codes)
}

/// Where an annotation is: its document, range and anchoring context, merged as one.
#[derive(Clone, PartialEq, Eq)]
struct Place {
    doc: String,
    start: usize,
    end: usize,
    quote: String,
    prefix: String,
    suffix: String,
    hash: ContentHash,
}

impl Place {
    fn of(a: &Annotation) -> Self {
        Self {
            doc: a.doc.clone(),
            start: a.start,
            end: a.end,
            quote: a.quote.clone(),
            prefix: a.prefix.clone(),
            suffix: a.suffix.clone(),
            hash: a.hash.clone(),
        }
    }

    fn apply(self, a: &mut Annotation) {
        a.doc = self.doc;
        a.start = self.start;
        a.end = self.end;
        a.quote = self.quote;
        a.prefix = self.prefix;
        a.suffix = self.suffix;
        a.hash = self.hash;
    }
}
