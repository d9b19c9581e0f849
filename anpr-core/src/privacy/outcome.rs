//! The combined read-and-match step and the records it yields.

use serde::Serialize;
use time::OffsetDateTime;
use zeroize::Zeroize;

use super::pseudonym::{Pseudonym, Pseudonymizer};
use super::retention::RetentionPolicy;
use crate::formats::{Country, FormatMatch};
use crate::geometry::BBox;
use crate::hotlist::{Hit, Hotlist, HotlistSet, MatchMode, Urgency};
use crate::read::PlateRead;

/// What is left of one read after matching and the privacy policy. Serialises as one JSON object tagged by
/// `"outcome"`: `"no_hit"`, `"hit"` or `"passage"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The read matched nothing: no plate text survives.
    NoHit(NoHitRecord),
    /// The read matched one or more entries.
    Hit(Alert),
    /// No match, but all passages are kept (explicitly enabled mode).
    Passage(PassageRecord),
}

impl Outcome {
    /// When the record must be deleted.
    pub fn delete_by(&self) -> OffsetDateTime {
        match self {
            Outcome::NoHit(r) => r.delete_by,
            Outcome::Hit(a) => a.delete_by,
            Outcome::Passage(p) => p.delete_by,
        }
    }

    /// The alert, when the read hit.
    pub fn alert(&self) -> Option<&Alert> {
        match self {
            Outcome::Hit(a) => Some(a),
            _ => None,
        }
    }
}

/// An anonymous record of a read that matched nothing. It never holds plate text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoHitRecord {
    /// When the plate was read.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// When this record must be deleted.
    #[serde(with = "time::serde::rfc3339")]
    pub delete_by: OffsetDateTime,
    /// Confidence of the reading.
    pub confidence: f32,
    /// Country of the plate's format, if known (for flow statistics).
    pub country: Option<Country>,
    /// Period-scoped token, when pseudonymisation is on.
    pub pseudonym: Option<Pseudonym>,
}

/// A read that matched: what an operator acts on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// When the plate was read.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The plate as read (normalised).
    pub plate: String,
    /// Display form.
    pub display: String,
    /// Confidence of the reading.
    pub confidence: f32,
    /// The format the reading fits.
    pub format: Option<FormatMatch>,
    /// Where in the frame.
    pub bbox: BBox,
    /// Urgency of the most urgent hit.
    pub urgency: Urgency,
    /// The entries hit, most urgent first.
    pub hits: Vec<Hit>,
    /// When this record must be deleted.
    #[serde(with = "time::serde::rfc3339")]
    pub delete_by: OffsetDateTime,
    /// When an image kept with it must be deleted.
    #[serde(with = "time::serde::rfc3339")]
    pub image_delete_by: OffsetDateTime,
}

/// A passage kept with its text in the explicitly enabled keep-all-passages mode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageRecord {
    /// When the plate was read.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The plate as read (normalised).
    pub plate: String,
    /// Display form.
    pub display: String,
    /// Confidence of the reading.
    pub confidence: f32,
    /// The format the reading fits.
    pub format: Option<FormatMatch>,
    /// When this record must be deleted.
    #[serde(with = "time::serde::rfc3339")]
    pub delete_by: OffsetDateTime,
}

/// Matches a read against the live hotlist and applies the retention policy (see [`assess_with`]).
pub fn assess(read: PlateRead, lists: &HotlistSet, policy: &RetentionPolicy, now: OffsetDateTime) -> Outcome {
    assess_with(read, &lists.snapshot(), policy, None, now)
}

/// The combined read-and-match step that camera integrations use.
///
/// The read is consumed. If it (or an alternative reading) hits, the result is an [`Alert`] with a delete-by
/// time from the policy. If not, and keep-all-passages is off, the result is a [`NoHitRecord`] without plate
/// text, and every text the read held (reading, display form, alternatives) is zeroed before it is freed; a
/// pseudonym is added when `pseudonyms` is given (none if it has no key for the period). Never fails.
pub fn assess_with(
    mut read: PlateRead,
    hotlist: &Hotlist,
    policy: &RetentionPolicy,
    pseudonyms: Option<&Pseudonymizer>,
    now: OffsetDateTime,
) -> Outcome {
    let hits = hotlist.matches_read(&read, now, MatchMode::Tolerant);
    let outcome = if let Some(first) = hits.first() {
        Outcome::Hit(Alert {
            at: now,
            urgency: first.urgency,
            plate: std::mem::take(&mut read.text),
            display: std::mem::take(&mut read.display),
            confidence: read.confidence,
            format: read.format.take(),
            bbox: read.bbox,
            hits,
            delete_by: policy.hit_delete_by(now),
            image_delete_by: policy.image_delete_by(now),
        })
    } else if let Some(keep) = policy.passage_retention() {
        Outcome::Passage(PassageRecord {
            at: now,
            plate: std::mem::take(&mut read.text),
            display: std::mem::take(&mut read.display),
            confidence: read.confidence,
            format: read.format.take(),
            delete_by: now.saturating_add(keep),
        })
    } else {
        let pseudonym = pseudonyms.and_then(|p| p.pseudonym(&read.text, now).ok());
        Outcome::NoHit(NoHitRecord {
            at: now,
            delete_by: policy.no_hit_delete_by(now),
            confidence: read.confidence,
            country: read.format.as_ref().map(|f| f.country),
            pseudonym,
        })
    };
    scrub(&mut read);
    outcome
}

/// Zeroes every plate text a read still holds, then drops the alternatives.
fn scrub(read: &mut PlateRead) {
    zero_texts(read);
    read.candidates.clear();
}

/// Zeroes (and empties) the reading, display form and every alternative's text, keeping their buffers.
fn zero_texts(read: &mut PlateRead) {
    read.text.zeroize();
    read.display.zeroize();
    for c in &mut read.candidates {
        c.text.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Candidate;

    #[test]
    fn scrub_zeroes_every_text_buffer() {
        let mut read = PlateRead {
            text: "12ABC3".into(),
            display: "12-ABC-3".into(),
            confidence: 0.9,
            char_confidences: vec![0.9; 6],
            candidates: vec![Candidate { text: "12A8C3".into(), score: 0.1, format: None, unconstrained: false }],
            format: None,
            bbox: BBox::default(),
            corners: Default::default(),
            detection_score: 0.9,
        };
        let buffers: Vec<(*const u8, usize)> =
            [&read.text, &read.display, &read.candidates[0].text].iter().map(|s| (s.as_ptr(), s.len())).collect();
        zero_texts(&mut read);
        assert!(read.text.is_empty() && read.display.is_empty() && read.candidates[0].text.is_empty());
        // The buffers are still allocated (zeroize clears, it does not free), so their bytes can be checked.
        for (s, (ptr, len)) in [&read.text, &read.display, &read.candidates[0].text].iter().zip(buffers) {
            assert_eq!(s.as_ptr(), ptr);
            // SAFETY: `s` still owns this allocation of at least `len` bytes, all written by zeroize.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
            assert!(bytes.iter().all(|&b| b == 0), "not zeroed: {bytes:?}");
        }
    }
}
