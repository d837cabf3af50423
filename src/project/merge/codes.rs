//! Merging codebooks: `theirs`' new codes matched to `ours`' or renumbered, each code merged
//! field by field, deleted codes that are still used kept, and the tree kept sound (no parent
//! cycles, no two siblings of one name).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::annotations::codebook::next_code_id;
use crate::annotations::{Annotations, Code, CodeId, Codebook, DocumentCodings, FreeIds};
use crate::project::ProjectFile;

use super::{Context, both_reasons, collect_annotations, flag, three_way};

/// Code ids no version of the project uses, for renumbered codes and kept versions: above the
/// largest of the three, then (when one holds the largest possible id) the smallest free.
pub(super) struct FreshIds {
    ids: FreeIds,
    taken: BTreeSet<CodeId>,
}

impl FreshIds {
    /// Ids above the largest of the three versions.
    pub(super) fn above(projects: [&ProjectFile; 3]) -> Self {
        let taken: BTreeSet<CodeId> = projects
            .iter()
            .flat_map(|p| p.codebook.codes.iter().map(|c| c.id))
            .collect();
        let largest = taken.last().map_or(0, |id| id.0);
        Self {
            ids: FreeIds::above(u64::from(largest), u64::from(u32::MAX)),
            taken,
        }
    }

    fn next(&mut self) -> CodeId {
        let taken = &self.taken;
        // Every id taken would take 2^32 codes in the three versions: not a file qari reads.
        next_code_id(&mut self.ids, |id| taken.contains(&id)).unwrap_or(CodeId(0))
    }
}

/// `theirs` with the codes it added (ids not in the base) given the ids they have in the
/// merge: ours' code of the same path if there is one, else their own id if ours does not use
/// it, else a fresh id. Parents, annotations and document codings follow.
pub(super) fn map_added_codes<'a>(
    base: &ProjectFile,
    ours: &ProjectFile,
    theirs: &'a ProjectFile,
    fresh: &mut FreshIds,
) -> Cow<'a, ProjectFile> {
    let mut mapper = Mapper {
        base: &base.codebook,
        ours: &ours.codebook,
        theirs: &theirs.codebook,
        map: BTreeMap::new(),
        taken: BTreeSet::new(),
        visiting: BTreeSet::new(),
        fresh,
    };
    for code in &theirs.codebook.codes {
        mapper.map(code.id);
    }
    let map = mapper.map;
    if map.iter().all(|(from, to)| from == to) {
        return Cow::Borrowed(theirs);
    }
    let id = |c: CodeId| map.get(&c).copied().unwrap_or(c);
    let mut out = theirs.clone();
    for code in &mut out.codebook.codes {
        code.id = id(code.id);
        code.parent = code.parent.map(id);
    }
    out.document_codings
        .for_each_mut(|coding| coding.codes.iter_mut().for_each(|c| *c = id(*c)));
    let annotations = theirs.annotations.iter().map(|a| {
        let mut a = a.clone();
        a.codes.iter_mut().for_each(|c| *c = id(*c));
        (a.id, a)
    });
    out.annotations = collect_annotations(annotations.collect());
    Cow::Owned(out)
}

/// Finds the ids of `theirs`' new codes, parents first.
struct Mapper<'a> {
    base: &'a Codebook,
    ours: &'a Codebook,
    theirs: &'a Codebook,
    /// Each new code of theirs to its id in the merge.
    map: BTreeMap<CodeId, CodeId>,
    /// Ids given so far.
    taken: BTreeSet<CodeId>,
    /// New codes whose parent is being mapped (a parent cycle in theirs ends there).
    visiting: BTreeSet<CodeId>,
    fresh: &'a mut FreshIds,
}

impl Mapper<'_> {
    fn map(&mut self, id: CodeId) -> CodeId {
        if let Some(to) = self.map.get(&id) {
            return *to;
        }
        let Some(code) = self.theirs.get(id) else {
            return id;
        };
        if self.base.get(id).is_some() || !self.visiting.insert(id) {
            return id;
        }
        let parent = code.parent.map(|p| self.map(p));
        self.visiting.remove(&id);
        // Ours' code at the same path, unless theirs keeps a code of its own under that id.
        let same_path = self
            .ours
            .codes
            .iter()
            .find(|c| {
                c.name == code.name
                    && c.parent == parent
                    && !self.taken.contains(&c.id)
                    && !(self.base.get(c.id).is_some() && self.theirs.get(c.id).is_some())
            })
            .map(|c| c.id);
        let own = (self.ours.get(id).is_none() && !self.taken.contains(&id)).then_some(id);
        let to = same_path.or(own).unwrap_or_else(|| self.fresh.next());
        self.taken.insert(to);
        self.map.insert(id, to);
        to
    }
}

/// Which side deleted a code that the merge leaves out.
#[derive(Clone, Copy)]
enum DeletedIn {
    Ours,
    Theirs,
    Both,
}

/// A codebook being merged: the merged codes so far, and the codes the merge deleted, kept
/// aside in case merged annotations still use them.
pub(super) struct Merging<'a> {
    base: &'a Codebook,
    ours: &'a Codebook,
    theirs: &'a Codebook,
    codes: Vec<Code>,
    dropped: Vec<(Code, DeletedIn)>,
}

impl<'a> Merging<'a> {
    /// A merge of the three codebooks (theirs with its new codes mapped), nothing merged yet.
    pub(super) fn new(base: &'a Codebook, ours: &'a Codebook, theirs: &'a Codebook) -> Self {
        Self {
            base,
            ours,
            theirs,
            codes: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// Merges every code, in ours' list order (theirs' when ours kept the base's), then the
    /// other side's new codes; versions kept from a conflict go last.
    pub(super) fn merge_codes(&mut self, fresh: &mut FreshIds, cx: &mut Context<'_>) {
        let mut kept_versions = Vec::new();
        for id in code_order(self.base, self.ours, self.theirs) {
            let (base, ours, theirs) = (self.base.get(id), self.ours.get(id), self.theirs.get(id));
            match (base, ours, theirs) {
                (None, Some(o), None) => self.codes.push(o.clone()),
                (None, None, Some(t)) => self.codes.push(t.clone()),
                (None, Some(o), Some(t)) => self.codes.push(added_on_both(o, t, cx)),
                (Some(b), Some(o), Some(t)) => {
                    if let Some(theirs_version) = self.merge_fields(b, o, t, fresh, cx) {
                        kept_versions.push(theirs_version);
                    }
                }
                (Some(b), Some(o), None) if o == b => {
                    self.dropped.push((o.clone(), DeletedIn::Theirs))
                }
                (Some(b), None, Some(t)) if t == b => {
                    self.dropped.push((t.clone(), DeletedIn::Ours))
                }
                (Some(_), Some(o), None) => {
                    let reason = format!("changed here but deleted in {}", cx.theirs);
                    self.keep_flagged(o.clone(), &reason, cx);
                }
                (Some(_), None, Some(t)) => {
                    let reason = format!("deleted here but changed in {}", cx.theirs);
                    self.keep_flagged(t.clone(), &reason, cx);
                }
                (Some(b), None, None) => self.dropped.push((b.clone(), DeletedIn::Both)),
                (None, None, None) => {}
            }
        }
        self.codes.extend(kept_versions);
    }

    /// A code both sides still have, merged into `self.codes`; when both changed one field
    /// differently, ours stays as it is and theirs' version is returned with a fresh id.
    fn merge_fields(
        &mut self,
        b: &Code,
        o: &Code,
        t: &Code,
        fresh: &mut FreshIds,
        cx: &mut Context<'_>,
    ) -> Option<Code> {
        if t == b {
            self.codes.push(o.clone());
            return None;
        }
        if o == b || o == t {
            self.codes.push(t.clone());
            return None;
        }
        let mut merged = o.clone();
        let mut clashes: Vec<&str> = Vec::new();
        // Each field from the side that changed it, or a clash.
        macro_rules! field {
            ($($name:ident),*) => {$(
                match three_way(&b.$name, &o.$name, &t.$name) {
                    Some(value) => merged.$name = value,
                    None => clashes.push(stringify!($name)),
                }
            )*};
        }
        field!(name, colour, description, shortcut, parent, kind);
        merged.attention = three_way(&b.attention, &o.attention, &t.attention)
            .unwrap_or_else(|| both_reasons(&o.attention, &t.attention));
        if clashes.is_empty() {
            self.codes.push(merged);
            return None;
        }
        let what = clashes.join(" and ");
        let mut mine = o.clone();
        let mut version = t.clone();
        version.id = fresh.next();
        version.name = self.unique_name(&t.name, t.parent, cx.theirs);
        let reason = |other: CodeId| {
            format!(
                "{what} changed here and in {}; the other version is code {}",
                cx.theirs, other.0
            )
        };
        flag(&mut mine.attention, &reason(version.id));
        flag(&mut version.attention, &reason(o.id));
        cx.conflicts.push(format!(
            "code {} \"{}\": {what} changed here and in {}; both kept, {}'s as code {} \"{}\"",
            o.id.0,
            self.ours.path(o.id),
            cx.theirs,
            cx.theirs,
            version.id.0,
            version.name
        ));
        self.codes.push(mine);
        Some(version)
    }

    fn keep_flagged(&mut self, mut code: Code, reason: &str, cx: &mut Context<'_>) {
        cx.conflicts.push(format!(
            "code {} \"{}\": {reason}; kept",
            code.id.0, code.name
        ));
        flag(&mut code.attention, reason);
        self.codes.push(code);
    }

    /// Brings back the deleted codes that merged annotations or document codings still use,
    /// or that a merged code sits under.
    pub(super) fn keep_used(
        &mut self,
        annotations: &Annotations,
        codings: &DocumentCodings,
        cx: &mut Context<'_>,
    ) {
        if self.dropped.is_empty() {
            return;
        }
        let mut used: BTreeSet<CodeId> = annotations
            .iter()
            .flat_map(|a| a.codes.iter().copied())
            .chain(codings.0.values().flat_map(|c| c.codes.iter().copied()))
            .chain(self.codes.iter().filter_map(|c| c.parent))
            .collect();
        while let Some(at) = self.dropped.iter().position(|(c, _)| used.contains(&c.id)) {
            let (code, deleted) = self.dropped.remove(at);
            let reason = match deleted {
                DeletedIn::Ours => format!("deleted here but still used in {}", cx.theirs),
                DeletedIn::Theirs => format!("deleted in {} but still used here", cx.theirs),
                DeletedIn::Both => format!("deleted here and in {} but still used", cx.theirs),
            };
            used.extend(code.parent);
            self.keep_flagged(code, &reason, cx);
        }
    }

    /// The merged codebook, its tree made sound: a move from theirs that would close a parent
    /// cycle is undone, and a code from theirs that has a sibling of its name is renamed.
    pub(super) fn finish(mut self, cx: &mut Context<'_>) -> Codebook {
        self.break_cycles(cx);
        self.separate_siblings(cx);
        Codebook { codes: self.codes }
    }

    /// Undoes theirs' parent changes that close a cycle, one at a time.
    fn break_cycles(&mut self, cx: &mut Context<'_>) {
        loop {
            let parents: BTreeMap<CodeId, Option<CodeId>> =
                self.codes.iter().map(|c| (c.id, c.parent)).collect();
            let found = self
                .codes
                .iter()
                .position(|c| c.parent != self.parent_here(c.id) && in_cycle(&parents, c.id));
            let Some(at) = found else { break };
            let kept = self.parent_here(self.codes[at].id);
            let moved_under = self.codes[at]
                .parent
                .and_then(|p| self.codes.iter().find(|c| c.id == p))
                .map_or_else(String::new, |p| p.name.clone());
            let reason = format!(
                "moved under \"{moved_under}\" in {}, which would make a cycle of codes; left where it was here",
                cx.theirs
            );
            let code = &mut self.codes[at];
            code.parent = kept;
            flag(&mut code.attention, &reason);
            cx.conflicts
                .push(format!("code {} \"{}\": {reason}", code.id.0, code.name));
        }
    }

    /// Where ours has a code (the base's place for a code ours deleted; the top for one ours
    /// never had).
    fn parent_here(&self, id: CodeId) -> Option<CodeId> {
        self.ours
            .get(id)
            .or_else(|| self.base.get(id))
            .and_then(|c| c.parent)
    }

    /// Renames codes from theirs that share a name with a sibling, unless that pair was already
    /// so on one side.
    fn separate_siblings(&mut self, cx: &mut Context<'_>) {
        while let Some((first, second)) = self.new_sibling_clash() {
            let victim = if same_place(self.ours, &self.codes[second]) {
                first
            } else {
                second
            };
            let code = &self.codes[victim];
            let (old, parent) = (code.name.clone(), code.parent);
            let name = self.unique_name(&old, parent, cx.theirs);
            let reason = format!(
                "renamed from \"{old}\": another code under the same parent has that name here"
            );
            let code = &mut self.codes[victim];
            code.name = name;
            flag(&mut code.attention, &reason);
            cx.conflicts.push(format!(
                "code {} \"{}\" (from {}): {reason}",
                code.id.0, code.name, cx.theirs
            ));
        }
    }

    /// Two merged siblings of one name (positions, in list order) that neither side had so.
    fn new_sibling_clash(&self) -> Option<(usize, usize)> {
        let mut groups: BTreeMap<(Option<CodeId>, &str), Vec<usize>> = BTreeMap::new();
        for (i, c) in self.codes.iter().enumerate() {
            groups
                .entry((c.parent, c.name.as_str()))
                .or_default()
                .push(i);
        }
        let pre_existing = |side: &Codebook, i: usize, j: usize| {
            same_place(side, &self.codes[i]) && same_place(side, &self.codes[j])
        };
        groups.values().filter(|g| g.len() > 1).find_map(|group| {
            group.iter().enumerate().find_map(|(k, &i)| {
                group[k + 1..]
                    .iter()
                    .find(|&&j| !pre_existing(self.ours, i, j) && !pre_existing(self.theirs, i, j))
                    .map(|&j| (i, j))
            })
        })
    }

    /// `name (theirs_name)`, numbered if need be, so no code under `parent` on any side has it.
    fn unique_name(&self, name: &str, parent: Option<CodeId>, theirs: &str) -> String {
        let taken = |candidate: &str| {
            [self.ours, self.theirs]
                .iter()
                .flat_map(|b| b.codes.iter())
                .chain(&self.codes)
                .any(|c| c.parent == parent && c.name == candidate)
        };
        let mut candidate = format!("{name} ({theirs})");
        let mut n = 2;
        while taken(&candidate) {
            candidate = format!("{name} ({theirs} {n})");
            n += 1;
        }
        candidate
    }
}

/// A code added on both sides under one id (theirs was mapped to ours by its path): ours',
/// with theirs' description or shortcut where ours has none. Two different descriptions are
/// both kept, flagged.
fn added_on_both(o: &Code, t: &Code, cx: &mut Context<'_>) -> Code {
    let mut code = o.clone();
    code.attention = three_way(&String::new(), &o.attention, &t.attention)
        .unwrap_or_else(|| both_reasons(&o.attention, &t.attention));
    if code.description.is_empty() {
        code.description.clone_from(&t.description);
    } else if !t.description.is_empty() && t.description != o.description {
        code.description = format!("{}\n— {} —\n{}", o.description, cx.theirs, t.description);
        let reason = format!(
            "added here and in {} with another description; both kept",
            cx.theirs
        );
        flag(&mut code.attention, &reason);
        cx.conflicts
            .push(format!("code {} \"{}\": {reason}", code.id.0, code.name));
    }
    code.shortcut = o.shortcut.or(t.shortcut);
    code
}

/// The order codes are merged in: ours' list, or theirs' when ours' ids are the base's in
/// the base's order, then the other side's, then the base's (deleted on both sides).
fn code_order(base: &Codebook, ours: &Codebook, theirs: &Codebook) -> Vec<CodeId> {
    let ids = |book: &Codebook| book.codes.iter().map(|c| c.id).collect::<Vec<_>>();
    let (first, second) = if ids(ours) == ids(base) {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let mut seen = BTreeSet::new();
    [first, second, base]
        .iter()
        .flat_map(|book| ids(book))
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Whether a side has this code with this name under this parent.
fn same_place(side: &Codebook, code: &Code) -> bool {
    side.get(code.id)
        .is_some_and(|c| c.name == code.name && c.parent == code.parent)
}

/// Whether walking up from a code's parent comes back to it.
fn in_cycle(parents: &BTreeMap<CodeId, Option<CodeId>>, id: CodeId) -> bool {
    let mut at = parents.get(&id).copied().flatten();
    for _ in 0..parents.len() {
        match at {
            Some(p) if p == id => return true,
            Some(p) => at = parents.get(&p).copied().flatten(),
            None => return false,
        }
    }
    false
}
