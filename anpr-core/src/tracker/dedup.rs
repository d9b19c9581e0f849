//! One alert per plate per window: the per-camera "same plate does not alert again" rule.

use std::collections::{HashMap, VecDeque};

use crate::error::{Error, Result};

/// Suppresses repeat alerts for the same key (normally the plate text) within a time window.
///
/// The window runs from the last alert that was let through, not from the last sighting, so a car parked in view
/// alerts again once per window. Memory is bounded: keys expire after the window, and when more than `capacity`
/// keys are live the oldest is forgotten first (it may then alert again early, never late). Pure, no clock of its
/// own: pass the same monotonic seconds as to the [`Tracker`](super::Tracker). One per camera.
#[derive(Debug, Clone)]
pub struct AlertDeduper {
    window: f64,
    capacity: usize,
    last_alert: HashMap<String, f64>,
    /// Alerts in time order, for expiry; an entry is stale when the map holds a later time for its key.
    order: VecDeque<(String, f64)>,
    now: f64,
}

impl AlertDeduper {
    /// A deduper with a window in seconds (≥ 0, finite) remembering at most `capacity` (≥ 1) plates.
    pub fn new(window_s: f64, capacity: usize) -> Result<Self> {
        if !window_s.is_finite() || window_s < 0.0 {
            return Err(Error::InvalidArgument(format!("alert window must be finite and ≥ 0 seconds, got {window_s}")));
        }
        if capacity == 0 {
            return Err(Error::InvalidArgument("alert deduper capacity must be at least 1".into()));
        }
        Ok(Self {
            window: window_s,
            capacity,
            last_alert: HashMap::new(),
            order: VecDeque::new(),
            now: f64::NEG_INFINITY,
        })
    }

    /// Whether `key` should alert at `timestamp` (seconds); records the alert when it should.
    ///
    /// A timestamp that is NaN or earlier than one already seen counts as the latest seen.
    pub fn should_alert(&mut self, key: &str, timestamp: f64) -> bool {
        if timestamp.is_finite() && timestamp > self.now {
            self.now = timestamp;
        }
        let now = if self.now.is_finite() { self.now } else { 0.0 };
        self.expire(now);
        if let Some(&t) = self.last_alert.get(key)
            && now - t < self.window
        {
            return false;
        }
        self.last_alert.insert(key.to_owned(), now);
        self.order.push_back((key.to_owned(), now));
        while self.last_alert.len() > self.capacity {
            self.pop_oldest();
        }
        true
    }

    /// How many plates are remembered now.
    pub fn len(&self) -> usize {
        self.last_alert.len()
    }

    /// Whether no plate is remembered.
    pub fn is_empty(&self) -> bool {
        self.last_alert.is_empty()
    }

    fn expire(&mut self, now: f64) {
        while let Some((_, t)) = self.order.front() {
            if now - *t < self.window {
                break;
            }
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) {
        if let Some((key, t)) = self.order.pop_front()
            && self.last_alert.get(&key) == Some(&t)
        {
            self.last_alert.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_within_the_window_are_suppressed() {
        let mut d = AlertDeduper::new(60.0, 100).expect("valid");
        assert!(d.should_alert("AB12CD", 0.0));
        assert!(!d.should_alert("AB12CD", 30.0));
        assert!(d.should_alert("XY99ZZ", 30.0));
        assert!(!d.should_alert("AB12CD", 59.9));
        assert!(d.should_alert("AB12CD", 60.0));
        assert!(!d.should_alert("AB12CD", 100.0));
    }

    #[test]
    fn memory_is_bounded_and_expires() {
        let mut d = AlertDeduper::new(10.0, 50).expect("valid");
        for i in 0..10_000 {
            assert!(d.should_alert(&format!("P{i}"), i as f64 * 0.01));
            assert!(d.len() <= 50);
            assert!(d.order.len() <= 51);
        }
        assert!(d.should_alert("late", 1e6));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn bad_arguments_and_timestamps() {
        assert!(AlertDeduper::new(f64::NAN, 1).is_err());
        assert!(AlertDeduper::new(-1.0, 1).is_err());
        assert!(AlertDeduper::new(1.0, 0).is_err());
        let mut d = AlertDeduper::new(5.0, 4).expect("valid");
        assert!(d.should_alert("A", f64::NAN));
        assert!(!d.should_alert("A", f64::NAN));
        assert!(d.should_alert("B", 10.0));
        // Going back in time counts as "now", not as a fresh window.
        assert!(!d.should_alert("B", 1.0));
    }
}
