//! Counts over time: how many mentions (or passages, or hits) fall in each day, week or month,
//! for a few series at once. Every period from the first to the last is there, those with
//! nothing included, so a gap in the coverage shows as a gap.

use jiff::ToSpan;
use jiff::civil::Date;

/// The length of a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// A day.
    Day,
    /// A week, from Monday (ISO 8601).
    Week,
    /// A calendar month.
    #[default]
    Month,
}

impl Period {
    /// The first day of the period holding `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Self::Day => date,
            Self::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(back.days()).unwrap_or(date)
            }
            Self::Month => date.first_of_month(),
        }
    }

    /// The first day of the next period after the one starting at `start`.
    fn next(self, start: Date) -> Option<Date> {
        let span = match self {
            Self::Day => 1.day(),
            Self::Week => 1.week(),
            Self::Month => 1.month(),
        };
        start.checked_add(span).ok()
    }

    /// The name used in titles ("month").
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }
}

/// Counts of several series per period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The first day of each period, in order, none missing between the first and the last.
    pub periods: Vec<Date>,
    /// `counts[series][period]`.
    pub counts: Vec<Vec<usize>>,
}

/// The timeline of `events` (`(date, series)`, series below `series`) per `period`.
pub fn timeline(events: &[(Date, usize)], series: usize, period: Period) -> Timeline {
    let starts: Vec<Date> = events.iter().map(|(d, _)| period.start(*d)).collect();
    let (Some(first), Some(last)) = (starts.iter().min(), starts.iter().max()) else {
        return Timeline {
            periods: Vec::new(),
            counts: vec![Vec::new(); series],
        };
    };
    let mut periods = vec![*first];
    while let Some(next) = periods.last().and_then(|p| period.next(*p)) {
        if next > *last {
            break;
        }
        periods.push(next);
    }
    let mut counts = vec![vec![0; periods.len()]; series];
    for (start, (_, s)) in starts.iter().zip(events) {
        if let (Ok(i), Some(row)) = (periods.binary_search(start), counts.get_mut(*s)) {
            row[i] += 1;
        }
    }
    Timeline { periods, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn events_are_counted_per_period_with_empty_periods_kept() {
        let events = [
            (d(2015, 7, 21), 0),
            (d(2015, 7, 30), 0),
            (d(2015, 7, 22), 1),
            (d(2015, 9, 2), 0),
        ];
        let months = timeline(&events, 2, Period::Month);
        assert_eq!(
            months.periods,
            [d(2015, 7, 1), d(2015, 8, 1), d(2015, 9, 1)]
        );
        assert_eq!(months.counts, [vec![2, 0, 1], vec![1, 0, 0]]);
        // 21 July 2015 was a Tuesday: its week starts on Monday the 20th.
        let weeks = timeline(&events[..3], 2, Period::Week);
        assert_eq!(weeks.periods, [d(2015, 7, 20), d(2015, 7, 27)]);
        assert_eq!(weeks.counts, [vec![1, 1], vec![1, 0]]);
        let days = timeline(&events[..2], 1, Period::Day);
        assert_eq!(days.periods.len(), 10);
        assert_eq!(days.counts[0].iter().sum::<usize>(), 2);
        assert!(timeline(&[], 1, Period::Day).periods.is_empty());
    }
}
