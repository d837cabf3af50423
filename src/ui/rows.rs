//! Lists of rows of one height, of which only the rows in sight are drawn: which row to show
//! first so that a row the keyboard or another panel moved to comes into sight.

use std::ops::Range;

/// The row to show first so that `row` is in sight, given the rows `shown` last frame; `None`
/// when it is in sight already. Below them, `row` comes in at the bottom (as the arrow keys
/// move); above them, at the top, with `above` rows over it.
pub fn first_row_to_show(row: usize, shown: &Range<usize>, above: usize) -> Option<usize> {
    // The last row shown may be cut off at the bottom.
    let in_sight = shown.start..shown.end.saturating_sub(1);
    if in_sight.contains(&row) {
        None
    } else if row >= in_sight.end {
        Some((row + 1).saturating_sub(in_sight.len().max(1)))
    } else {
        Some(row.saturating_sub(above))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_out_of_sight_comes_in_at_the_bottom_or_the_top() {
        // Rows 10 to 19 shown, 19 cut off at the bottom.
        assert_eq!(first_row_to_show(12, &(10..20), 1), None);
        assert_eq!(first_row_to_show(19, &(10..20), 1), Some(11));
        assert_eq!(first_row_to_show(30, &(10..20), 1), Some(22));
        assert_eq!(first_row_to_show(5, &(10..20), 1), Some(4));
        assert_eq!(first_row_to_show(5, &(10..20), 0), Some(5));
        assert_eq!(first_row_to_show(0, &(0..0), 1), Some(0));
    }
}
