//! Giving ids: above the largest taken while there is room, then (once the largest possible id
//! is taken, as a hand-edited file can do) the smallest free ones. Never past the maximum: an
//! id is never computed by an addition that can overflow.

use std::collections::HashSet;

/// All ids are taken: nothing new can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no more ids: every {what} id up to {max} is taken")]
pub struct NoMoreIds {
    /// What kind of id: "annotation", "code".
    pub what: &'static str,
    /// The largest id there can be.
    pub max: u64,
}

/// Ids free to give, in the order they are given: `floor + 1` up to `max`, then from 1 up to
/// `floor` those `taken` does not hold (ids at or below the floor may be taken; those above it
/// are not).
#[derive(Clone, Debug)]
pub struct FreeIds {
    /// The next id above the floor, while there is one.
    above: Option<u64>,
    /// The next id from 1 up to check, once there is none above (`None`: all checked).
    low: Option<u64>,
    /// The largest taken id when made: the low ids end here.
    floor: u64,
    /// The largest id there can be.
    max: u64,
    /// Ids already given from the low ones (the `taken` of the caller may not know them).
    given: HashSet<u64>,
}

impl FreeIds {
    /// The ids free above `floor` (the largest id taken, or 0), up to `max`, then below it.
    pub fn above(floor: u64, max: u64) -> Self {
        let floor = floor.min(max);
        Self {
            above: floor.checked_add(1).filter(|n| *n <= max),
            low: (floor >= 1).then_some(1),
            floor,
            max,
            given: HashSet::new(),
        }
    }

    /// The next free id; `taken` says whether an id at or below the floor is in use. `None`
    /// when every id is taken.
    pub fn next_free(&mut self, taken: impl Fn(u64) -> bool) -> Option<u64> {
        if let Some(n) = self.above {
            self.above = n.checked_add(1).filter(|m| *m <= self.max);
            return Some(n);
        }
        while let Some(n) = self.low {
            self.low = n.checked_add(1).filter(|m| *m <= self.floor);
            if !taken(n) && self.given.insert(n) {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_above_the_largest_come_first_then_the_smallest_free() {
        let taken = [1, 3, u64::MAX - 1];
        let mut ids = FreeIds::above(u64::MAX - 1, u64::MAX);
        let is_taken = |n| taken.contains(&n);
        assert_eq!(ids.next_free(is_taken), Some(u64::MAX));
        assert_eq!(ids.next_free(is_taken), Some(2));
        assert_eq!(ids.next_free(is_taken), Some(4));
    }

    #[test]
    fn every_id_taken_gives_none() {
        let mut ids = FreeIds::above(3, 3);
        assert_eq!(ids.next_free(|n| n <= 3), None);
        let mut empty = FreeIds::above(0, 2);
        assert_eq!(empty.next_free(|_| false), Some(1));
        assert_eq!(empty.next_free(|_| false), Some(2));
        assert_eq!(empty.next_free(|_| false), None);
    }
}
