//! A document's date: where an HTML page states one (its `<meta>` publication date or its
//! first `<time datetime>`, read by [`super::html`]), else where its file name gives one:
//! `2015-07-21_aawsat_00000.txt`, `aawsat-20150721.html`, `2015_07_21 …` (year, month and day,
//! in that order, separated by `-`, `_`, `.` or nothing, not inside a longer run of digits).
//! A date the user imports as a document attribute comes before both
//! ([`crate::project::attributes`]).

use jiff::civil::Date;

/// The first valid date in a document id's file name (the last path segment first, then the
/// folders from the inside out: `2015/07/21/a.txt` is not read as a date; `2015-07-21/a.txt`
/// is).
pub fn date_in_name(id: &str) -> Option<Date> {
    id.rsplit('/').find_map(date_in)
}

/// The date an ISO 8601 date or date-time starts with (`2015-07-21`, `2015-07-21T09:30:00+03:00`),
/// or the first year-month-day in the text otherwise.
pub fn iso_date(text: &str) -> Option<Date> {
    let text = text.trim();
    text.get(..10)
        .and_then(|day| day.parse::<Date>().ok())
        .or_else(|| date_in(text))
}

/// The first year-month-day in a piece of text.
fn date_in(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let number = |from: usize, len: usize| -> Option<i16> {
        let piece = text.get(from..from + len)?;
        if piece.bytes().all(|b| b.is_ascii_digit()) {
            piece.parse().ok()
        } else {
            None
        }
    };
    for start in 0..bytes.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let Some(year) = number(start, 4) else {
            continue;
        };
        // A separator after the year, or none; the same one after the month.
        for separator in ["-", "_", ".", ""] {
            let month_at = start + 4 + separator.len();
            if text.get(start + 4..month_at) != Some(separator) {
                continue;
            }
            let day_at = month_at + 2 + separator.len();
            if text.get(month_at + 2..day_at) != Some(separator) {
                continue;
            }
            let (Some(month), Some(day)) = (number(month_at, 2), number(day_at, 2)) else {
                continue;
            };
            if digit(day_at + 2) || !(1800..=2200).contains(&year) {
                continue;
            }
            let (Ok(month), Ok(day)) = (i8::try_from(month), i8::try_from(day)) else {
                continue;
            };
            if let Ok(date) = Date::new(year, month, day) {
                return Some(date);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Option<Date> {
        Some(Date::new(y, m, d).unwrap())
    }

    #[test]
    fn dates_are_read_from_file_names_and_their_folders() {
        assert_eq!(
            date_in_name("2015-07-21_aawsat_00000.txt"),
            date(2015, 7, 21)
        );
        assert_eq!(date_in_name("aawsat-20150721.html"), date(2015, 7, 21));
        assert_eq!(
            date_in_name("news/2021_12_31 report.md"),
            date(2021, 12, 31)
        );
        assert_eq!(date_in_name("2022.01.05.txt"), date(2022, 1, 5));
        assert_eq!(date_in_name("2015-07-21/a.txt"), date(2015, 7, 21));
        // Not dates: a month 13, a day 32, digits running on, mixed separators, no date.
        for id in [
            "2015-13-01.txt",
            "2015-02-30.txt",
            "120150721.txt",
            "201507211.txt",
            "2015-07_21.txt",
            "000_05eb89a420704b8c.txt",
            "2015/07/21/a.txt",
        ] {
            assert_eq!(date_in_name(id), None, "{id}");
        }
    }

    #[test]
    fn iso_dates_and_date_times_give_their_day() {
        assert_eq!(iso_date("2015-07-21"), date(2015, 7, 21));
        assert_eq!(iso_date(" 2015-07-21T23:30:00+03:00 "), date(2015, 7, 21));
        assert_eq!(iso_date("2015/07/21"), None);
        assert_eq!(iso_date("21 July 2015"), None);
        assert_eq!(iso_date("2015-02-30"), None);
    }
}
