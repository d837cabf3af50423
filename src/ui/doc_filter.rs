//! Documents filtered by an imported attribute ("… where *column* is *value*", shown once the
//! project has attributes): in the document list, together with the corpus search's "only
//! documents with hits" (the rows listed, and what the arrow keys and Alt+Down move through),
//! and in the export dialog.

use egui::Ui;

use crate::annotations::{ColumnValues, DocumentAttributes};
use crate::project::Workspace;

/// What the list is filtered by, and the documents it keeps.
#[derive(Default)]
pub struct DocFilter {
    /// Only the documents whose attribute (column) has this value.
    pub only_where: Option<(String, String)>,
    /// Each attribute column's values, for the attributes as they were (a copy, cheap: only
    /// compared by identity, so tagging, which leaves the attributes alone, counts nothing
    /// again).
    values: Option<(DocumentAttributes, ColumnValues)>,
    /// The documents kept (corpus places, in order), for what they were computed from.
    kept: Option<(Key, Vec<usize>)>,
}

/// What the documents kept were computed from.
struct Key {
    attributes: DocumentAttributes,
    only_where: (String, String),
    /// The hits filter's list (its address and length), if any.
    hits: Option<(usize, usize)>,
}

impl Key {
    fn is(&self, other: &Key) -> bool {
        self.attributes.0.ptr_eq(&other.attributes.0)
            && self.only_where == other.only_where
            && self.hits == other.hits
    }
}

impl DocFilter {
    /// The pickers, led by `label`; nothing when the project has no attributes.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, label: &str) {
        let attributes = &ws.project().attributes;
        if self
            .values
            .as_ref()
            .is_none_or(|(then, _)| !then.0.ptr_eq(&attributes.0))
        {
            self.values = Some((attributes.clone(), attributes.values()));
        }
        let Some((_, values)) = &self.values else {
            return;
        };
        if values.is_empty() {
            self.only_where = None;
            return;
        }
        ui.horizontal_wrapped(|ui| {
            super::analysis::where_ui(ui, label, &mut self.only_where, values);
        });
    }

    /// The documents listed: those with hits (`hits`, when the list shows only those) and the
    /// attribute's value; `None` for every document.
    pub fn only<'a>(
        &'a mut self,
        ws: &Workspace,
        hits: Option<&'a [usize]>,
    ) -> Option<&'a [usize]> {
        let Some(only_where) = &self.only_where else {
            return hits;
        };
        let key = Key {
            attributes: ws.project().attributes.clone(),
            only_where: only_where.clone(),
            hits: hits.map(|h| (h.as_ptr() as usize, h.len())),
        };
        if self.kept.as_ref().is_none_or(|(k, _)| !k.is(&key)) {
            let attributes = &ws.project().attributes;
            let (column, value) = only_where;
            let has = |i: usize| {
                ws.corpus()
                    .documents
                    .get(i)
                    .is_some_and(|d| attributes.get(&d.id, column) == Some(value.as_str()))
            };
            let kept = match hits {
                Some(hits) => hits.iter().copied().filter(|i| has(*i)).collect(),
                None => (0..ws.corpus().documents.len())
                    .filter(|i| has(*i))
                    .collect(),
            };
            self.kept = Some((key, kept));
        }
        self.kept.as_ref().map(|(_, kept)| kept.as_slice())
    }
}
