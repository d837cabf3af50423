//! Text shown in a list or a table cell: on one line, cut short.

/// Text on one line (control characters, line breaks included, as spaces), cut to `max` code
/// points with `…`.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &flat[..byte]),
        None => flat,
    }
}

/// A name set apart from the direction of the sentence around it (a first-strong isolate,
/// U+2068 … U+2069): an Arabic name in an English line keeps its numbers and commas out of
/// its run, and does not make the line read right to left.
pub fn isolated(name: &str) -> String {
    format!("\u{2068}{name}\u{2069}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_become_spaces_and_long_text_is_cut() {
        assert_eq!(one_line("سطر\nثان", 10), "سطر ثان");
        assert_eq!(one_line("أبجد", 2), "أب…");
    }
}
