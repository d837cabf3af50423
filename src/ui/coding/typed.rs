//! A note or memo field that never loses what was typed: the text is kept when typing pauses
//! ([`TYPING_PAUSE`]), when the field loses focus, with its button, and when the field is no
//! longer drawn (another annotation chosen, the panel switched, the project saved or left).
//! The annotation's note and the document's memo both use it.

use egui::Ui;

use crate::ui::text::NoteEditor;

/// How long typing in a note or memo pauses before what was typed is kept (and saved soon
/// after): a note is never more than this plus the autosave delay away from the file.
const TYPING_PAUSE: f64 = 0.8;

/// A field editing the stored text of one item (`K`: an annotation id, a document id).
pub(super) struct TypedField<K> {
    /// The item.
    key: K,
    /// The stored text the field was last in step with.
    base: String,
    editor: NoteEditor,
    /// The text last seen while typing, and since when.
    seen: Option<(String, f64)>,
    /// Drawn this frame.
    shown: bool,
    /// Text handed on to be kept, not seen stored yet.
    sent: Option<String>,
}

impl<K: Clone + PartialEq> TypedField<K> {
    /// Draws the field for `key`, whose stored text is `stored`, in `slot` (a new editor for
    /// another item, or when the stored text changed from outside the field: undo, redo, a
    /// merge). Returns the text to keep, when it is time to keep it.
    pub(super) fn ui(
        slot: &mut Option<Self>,
        ui: &mut Ui,
        key: &K,
        stored: &str,
        button: &str,
    ) -> Option<String> {
        // What was last handed on to be kept: stored now (kept), or not (refused: the project
        // is read-only or another is opening); either way the field keeps its text.
        if let Some(field) = slot.as_mut()
            && field.key == *key
            && let Some(sent) = field.sent.take()
            && (sent == stored || field.base == stored)
        {
            field.base = stored.to_owned();
        }
        if slot
            .as_ref()
            .is_none_or(|f| f.key != *key || f.base != stored)
        {
            *slot = Some(Self {
                key: key.clone(),
                base: stored.to_owned(),
                editor: NoteEditor::new(stored, 16.0),
                seen: None,
                shown: false,
                sent: None,
            });
        }
        let field = slot.as_mut()?;
        field.shown = true;
        let response = field.editor.ui(ui);
        let typed = field.editor.text();
        let paused = settled(ui, &typed, stored, &mut field.seen);
        let keep = ui.button(button).clicked() || response.lost_focus() || paused;
        if keep && typed != stored && field.sent.is_none() {
            field.sent = Some(typed.clone());
            return Some(typed);
        }
        None
    }

    /// Marks the field as not drawn yet this frame.
    pub(super) fn begin_frame(slot: &mut Option<Self>) {
        if let Some(field) = slot.as_mut() {
            field.shown = false;
        }
    }

    /// What was typed and not kept yet, with its item; `hidden_only` takes it only from a
    /// field not drawn this frame (it is gone from view).
    pub(super) fn take_typed(slot: &mut Option<Self>, hidden_only: bool) -> Option<(K, String)> {
        let field = slot.as_mut()?;
        if hidden_only && field.shown {
            return None;
        }
        let text = field.editor.text();
        if text == field.base || field.sent.as_deref() == Some(text.as_str()) {
            return None;
        }
        field.sent = Some(text.clone());
        Some((field.key.clone(), text))
    }
}

/// Whether `typed` differs from what is `stored` and has not changed for [`TYPING_PAUSE`];
/// `seen` remembers the text last seen and since when.
fn settled(ui: &Ui, typed: &str, stored: &str, seen: &mut Option<(String, f64)>) -> bool {
    if typed == stored {
        *seen = None;
        return false;
    }
    let now = ui.input(|i| i.time);
    match seen {
        Some((text, since)) if text == typed => {
            let waited = now - *since;
            if waited >= TYPING_PAUSE {
                *seen = None;
                return true;
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(TYPING_PAUSE - waited));
            false
        }
        _ => {
            *seen = Some((typed.to_owned(), now));
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(TYPING_PAUSE));
            false
        }
    }
}
