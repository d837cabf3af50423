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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_become_spaces_and_long_text_is_cut() {
        assert_eq!(one_line("سطر\nثان", 10), "سطر ثان");
        assert_eq!(one_line("أبجد", 2), "أب…");
    }
}
