//! Passes through the hotlist: one alert per plate per window, and the retention policy applied to passes.

use serde::Serialize;
use time::OffsetDateTime;

use super::dedup::AlertDeduper;
use super::{Direction, Pass};
use crate::error::Result;
use crate::hotlist::Hotlist;
use crate::privacy::{Outcome, Pseudonymizer, RetentionPolicy, assess_with};
use crate::read::PlateRead;

/// What is left of one [`Pass`] after matching: the privacy outcome plus what the stream knows about the pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassOutcome {
    /// The record to keep (or not), exactly as for a single read: a no-hit record carries no plate text.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// True when this pass should alert the control room: it hit, and the same entry has not alerted from
    /// this camera within the window. A repeat hit stays a hit record (with its retention) but does not alert.
    pub alert: bool,
    /// Timestamp of the first frame of the pass (stream seconds).
    pub first_seen: f64,
    /// Timestamp of the last frame of the pass (stream seconds).
    pub last_seen: f64,
    /// Frames the plate was read in.
    pub frames: u32,
    /// Direction of travel.
    pub direction: Direction,
    /// The pass was emitted early (confident before the track ended).
    pub early: bool,
}

/// Matches the [`Pass`]es of one camera stream against a hotlist, the way camera integrations need it.
///
/// Each pass is assessed like a single read ([`assess_with`]): it (or one of its top-N alternatives) hits and
/// becomes an alert record with the policy's delete-by time, or it matches nothing and leaves a record without
/// plate text (its texts are zeroed). On top of that, an [`AlertDeduper`] keyed by the hotlist entry hit lets
/// each entry alert at most once per window per camera, so a car that passes twice in a minute, or is read as
/// `12ABC3` once and `12A8C3` the next time, raises one alert. One per camera stream, like the tracker.
#[derive(Debug, Clone)]
pub struct PassMatcher {
    deduper: AlertDeduper,
    policy: RetentionPolicy,
}

impl PassMatcher {
    /// A matcher suppressing repeat alerts within `window_s` seconds (stream time, ≥ 0), remembering at most
    /// `capacity` (≥ 1) entries, applying `policy` to every record.
    pub fn new(window_s: f64, capacity: usize, policy: RetentionPolicy) -> Result<Self> {
        Ok(PassMatcher { deduper: AlertDeduper::new(window_s, capacity)?, policy })
    }

    /// The retention policy applied to passes.
    pub fn policy(&self) -> &RetentionPolicy {
        &self.policy
    }

    /// Matches one pass (consumed) against `hotlist` at wall-clock time `now`; the dedup window runs on the
    /// pass's stream time (`last_seen`). `pseudonyms` adds a period token to no-hit records.
    pub fn assess(
        &mut self,
        pass: Pass,
        hotlist: &Hotlist,
        pseudonyms: Option<&Pseudonymizer>,
        now: OffsetDateTime,
    ) -> PassOutcome {
        let (first_seen, last_seen, frames, direction, early) =
            (pass.first_seen, pass.last_seen, pass.frames, pass.direction, pass.early);
        let outcome = assess_with(into_read(pass), hotlist, &self.policy, pseudonyms, now);
        let alert = match outcome.alert().and_then(|a| a.hits.first()) {
            Some(hit) => {
                // The entry, not the text read: look-alike and edit readings of one plate share one window.
                let entry = hit.plate.as_deref().unwrap_or(&hit.reference);
                self.deduper.should_alert(&format!("{}\u{1f}{}\u{1f}{}", hit.list, hit.reference, entry), last_seen)
            }
            None => false,
        };
        PassOutcome { outcome, alert, first_seen, last_seen, frames, direction, early }
    }
}

/// The pass as a single read of its best view, moving (not copying) every text so that the privacy step can
/// zero them.
fn into_read(pass: Pass) -> PlateRead {
    PlateRead {
        text: pass.text,
        display: pass.display,
        confidence: pass.confidence,
        char_confidences: pass.char_confidences,
        candidates: pass.candidates,
        format: pass.format,
        bbox: pass.best_view.bbox,
        corners: pass.best_view.corners,
        detection_score: pass.best_view.confidence,
    }
}

#[cfg(test)]
mod tests {
    use time::Duration;
    use time::macros::datetime;

    use super::*;
    use crate::formats::Candidate;
    use crate::geometry::{BBox, Quad};
    use crate::hotlist::{EntrySpec, HotlistBuilder, Lists};
    use crate::tracker::BestView;

    fn pass(text: &str, last_seen: f64) -> Pass {
        Pass {
            track_id: 1,
            text: text.into(),
            display: text.into(),
            confidence: 0.9,
            char_confidences: vec![0.9; text.len()],
            candidates: vec![Candidate { text: text.into(), score: 0.9, format: None, unconstrained: false }],
            format: None,
            first_seen: last_seen - 2.0,
            last_seen,
            frames: 12,
            best_view: BestView {
                timestamp: last_seen - 1.0,
                bbox: BBox::default(),
                corners: Quad::default(),
                confidence: 0.8,
            },
            direction: Direction::Towards,
            early: false,
        }
    }

    fn hotlist() -> Hotlist {
        let mut b = HotlistBuilder::new(Lists::standard());
        for (plate, list) in [("12ABC3", "stolen_vehicle"), ("XX999X", "missing_person")] {
            let spec = EntrySpec {
                plate: plate.into(),
                list: list.into(),
                reference: format!("R-{plate}"),
                ..Default::default()
            };
            b.add(&spec).expect("valid entry");
        }
        b.build().expect("valid list")
    }

    #[test]
    fn one_alert_per_entry_per_window_and_retention_applies() {
        let now = datetime!(2026-06-01 12:00 UTC);
        let list = hotlist();
        let policy = RetentionPolicy::default().hit(Duration::days(2)).expect("valid");
        let mut m = PassMatcher::new(300.0, 1000, policy).expect("valid");

        let first = m.assess(pass("12ABC3", 10.0), &list, None, now);
        assert!(first.alert);
        let alert = first.outcome.alert().expect("a hit");
        assert_eq!(alert.plate, "12ABC3");
        assert_eq!(alert.delete_by, now + Duration::days(2));
        assert_eq!((first.frames, first.first_seen, first.direction), (12, 8.0, Direction::Towards));

        // The same car again a minute later, read with a look-alike swap: still a hit record, no new alert.
        let again = m.assess(pass("12A8C3", 70.0), &list, None, now);
        assert!(again.outcome.alert().is_some());
        assert!(!again.alert);
        // Another entry alerts on its own.
        assert!(m.assess(pass("XX999X", 71.0), &list, None, now).alert);
        // After the window the first entry alerts again.
        assert!(m.assess(pass("12ABC3", 311.0), &list, None, now).alert);
    }

    #[test]
    fn no_hit_passes_keep_no_text() {
        let now = datetime!(2026-06-01 12:00 UTC);
        let mut m = PassMatcher::new(60.0, 10, RetentionPolicy::default()).expect("valid");
        let out = m.assess(pass("99ZZZ9", 5.0), &hotlist(), None, now);
        assert!(!out.alert);
        let Outcome::NoHit(record) = &out.outcome else { panic!("expected a no-hit record, got {out:?}") };
        assert_eq!(record.delete_by, now);
        let json = serde_json::to_string(&out).expect("serialises");
        assert!(!json.contains("99ZZZ9"), "{json}");
        assert!(json.contains("\"outcome\":\"no_hit\"") && json.contains("\"frames\":12"), "{json}");
    }

    #[test]
    fn bad_window_is_an_error() {
        assert!(PassMatcher::new(f64::NAN, 10, RetentionPolicy::default()).is_err());
        assert!(PassMatcher::new(10.0, 0, RetentionPolicy::default()).is_err());
    }
}
