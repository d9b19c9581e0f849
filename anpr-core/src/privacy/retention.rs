//! How long each kind of output record may be kept.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Result};

/// The legal ceiling for keeping hits, images, and (in passage mode) all passages: 28 days (4 weeks).
pub const MAX_RETENTION: Duration = Duration::days(28);

/// Retention per record class. Every output record carries the time it must be deleted by.
///
/// Defaults: a no-hit record is due for deletion at once (it carries no plate text anyway), a hit is kept
/// 28 days (also the maximum), an image 7 days. Keeping *all* passages with their text is a separate mode that
/// must be switched on explicitly ([`RetentionPolicy::keep_all_passages`]): Dutch law (art. 126jj Sv) allows it
/// only under its own conditions, for at most 4 weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionPolicy {
    no_hit: Duration,
    hit: Duration,
    image: Duration,
    passages: Option<Duration>,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { no_hit: Duration::ZERO, hit: MAX_RETENTION, image: Duration::days(7), passages: None }
    }
}

fn check(what: &str, d: Duration) -> Result<Duration> {
    if d.is_negative() {
        return Err(Error::Policy(format!("{what} retention is negative")));
    }
    if d > MAX_RETENTION {
        return Err(Error::Policy(format!("{what} retention of {d} exceeds the maximum of 28 days")));
    }
    Ok(d)
}

impl RetentionPolicy {
    /// How long a no-hit record (no plate text) is kept; at most 28 days.
    pub fn no_hit(mut self, d: Duration) -> Result<Self> {
        self.no_hit = check("no-hit", d)?;
        Ok(self)
    }

    /// How long a hit is kept; at most 28 days.
    pub fn hit(mut self, d: Duration) -> Result<Self> {
        self.hit = check("hit", d)?;
        Ok(self)
    }

    /// How long an image is kept; at most 28 days.
    pub fn image(mut self, d: Duration) -> Result<Self> {
        self.image = check("image", d)?;
        Ok(self)
    }

    /// Switches on keeping every passage *with its plate text* for `d` (at most 4 weeks). Only for deployments
    /// that meet the legal conditions for it (art. 126jj Sv); off by default.
    pub fn keep_all_passages(mut self, d: Duration) -> Result<Self> {
        self.passages = Some(check("passage", d)?);
        Ok(self)
    }

    /// Retention of no-hit records.
    pub fn no_hit_retention(&self) -> Duration {
        self.no_hit
    }

    /// Retention of hits.
    pub fn hit_retention(&self) -> Duration {
        self.hit
    }

    /// Retention of images.
    pub fn image_retention(&self) -> Duration {
        self.image
    }

    /// Retention of all passages, when that mode is on.
    pub fn passage_retention(&self) -> Option<Duration> {
        self.passages
    }

    /// Delete-by time of a no-hit record made at `at`.
    pub fn no_hit_delete_by(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.saturating_add(self.no_hit)
    }

    /// Delete-by time of a hit made at `at`.
    pub fn hit_delete_by(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.saturating_add(self.hit)
    }

    /// Delete-by time of an image taken at `at`.
    pub fn image_delete_by(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.saturating_add(self.image)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn defaults_and_limits() {
        let now = datetime!(2026-03-01 12:00 UTC);
        let p = RetentionPolicy::default();
        assert_eq!(p.no_hit_delete_by(now), now);
        assert_eq!(p.hit_delete_by(now), datetime!(2026-03-29 12:00 UTC));
        assert_eq!(p.image_delete_by(now), datetime!(2026-03-08 12:00 UTC));
        assert_eq!(p.passage_retention(), None);
        assert!(p.hit(Duration::days(29)).is_err());
        assert!(p.hit(Duration::seconds(-1)).is_err());
        assert!(p.keep_all_passages(Duration::weeks(5)).is_err());
        let p = p.hit(Duration::days(3)).and_then(|p| p.keep_all_passages(Duration::weeks(4))).expect("valid policy");
        assert_eq!(p.hit_delete_by(now), datetime!(2026-03-04 12:00 UTC));
        assert_eq!(p.passage_retention(), Some(Duration::days(28)));
        let e = RetentionPolicy::default().image(Duration::days(40)).expect_err("too long");
        assert_eq!(e.code(), crate::ErrorCode::Policy);
    }
}
