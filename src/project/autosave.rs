//! When to save on one's own: a short while after the first change not yet saved, so a
//! burst of edits is one write and no edit waits longer than [`AUTOSAVE_DELAY`] plus the time
//! a save takes (issue 5: at most 2 s of work lost when the process is killed).

use std::time::{Duration, Instant};

/// How long after the first unsaved change the project is saved.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1000);

/// Tracks the first unsaved change.
#[derive(Clone, Debug)]
pub struct Autosave {
    delay: Duration,
    first_unsaved: Option<Instant>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self::new(AUTOSAVE_DELAY)
    }
}

impl Autosave {
    /// Saves `delay` after the first unsaved change.
    pub fn new(delay: Duration) -> Self {
        Self {
            delay,
            first_unsaved: None,
        }
    }

    /// Notes whether the project has unsaved changes now; returns whether to save now.
    pub fn due(&mut self, dirty: bool, now: Instant) -> bool {
        if !dirty {
            self.first_unsaved = None;
            return false;
        }
        let since = *self.first_unsaved.get_or_insert(now);
        now.duration_since(since) >= self.delay
    }

    /// The project was saved (or a save was tried: the next try waits another delay).
    pub fn saved(&mut self) {
        self.first_unsaved = None;
    }

    /// How long until a save is due, while there are unsaved changes.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.first_unsaved
            .map(|since| (since + self.delay).saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_falls_due_a_delay_after_the_first_unsaved_change() {
        let mut a = Autosave::new(Duration::from_millis(500));
        let t0 = Instant::now();
        assert!(!a.due(false, t0));
        assert!(!a.due(true, t0));
        assert!(!a.due(true, t0 + Duration::from_millis(300)));
        assert_eq!(
            a.wait(t0 + Duration::from_millis(300)),
            Some(Duration::from_millis(200))
        );
        assert!(a.due(true, t0 + Duration::from_millis(500)));
        a.saved();
        assert!(!a.due(true, t0 + Duration::from_millis(600)));
        assert!(!a.due(false, t0 + Duration::from_millis(2000)));
        assert_eq!(a.wait(t0), None);
    }
}
