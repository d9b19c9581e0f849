//! Direction of travel from how the plate's box moves and grows.
//!
//! A plate that grows is coming towards the camera; one that shrinks is going away. Vertical motion is used only
//! as a cross-check, assuming the usual mounting above the road (an approaching plate also moves down the image):
//! when the two disagree, or the scale barely changes, the direction is unknown.

use serde::Serialize;

use crate::geometry::BBox;

/// Which way a vehicle travelled relative to the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Direction {
    /// The plate grew over the pass: the vehicle came towards the camera.
    Towards,
    /// The plate shrank over the pass: the vehicle went away from the camera.
    Away,
    /// Too little motion, too few frames, or contradictory cues.
    Unknown,
}

/// How many boxes are averaged at each end of the track, to ride out detector jitter.
const ENDS: usize = 3;

#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    cy: f32,
    w: f32,
    h: f32,
}

/// The first and the most recent few boxes of a track (fixed size: bounded memory).
#[derive(Debug, Clone, Default)]
pub(crate) struct MotionLog {
    first: [Sample; ENDS],
    n_first: usize,
    last: [Sample; ENDS],
    n_last: usize,
    next: usize,
}

impl MotionLog {
    pub(crate) fn push(&mut self, b: &BBox) {
        let s = Sample { cy: b.center().y, w: b.width().max(0.0), h: b.height().max(0.0) };
        if self.n_first < ENDS {
            self.first[self.n_first] = s;
            self.n_first += 1;
        }
        self.last[self.next] = s;
        self.next = (self.next + 1) % ENDS;
        self.n_last = (self.n_last + 1).min(ENDS);
    }

    /// The direction, given the relative scale change that counts as clear (e.g. 0.15 = 15 %).
    pub(crate) fn direction(&self, min_scale_change: f32) -> Direction {
        // The two ends must not share samples, or a short track would compare a box with itself.
        if self.n_first < ENDS || self.n_last < ENDS {
            return Direction::Unknown;
        }
        let (a, b) = (mean(&self.first), mean(&self.last));
        let size_a = (a.w * a.h).sqrt();
        let size_b = (b.w * b.h).sqrt();
        if !(size_a > 0.0 && size_b > 0.0) {
            return Direction::Unknown;
        }
        let growth = (size_b / size_a).ln();
        let threshold = (1.0 + min_scale_change.max(0.0)).ln();
        // Vertical travel in plate heights; a strong move against the scale cue makes it unclear.
        let dy = (b.cy - a.cy) / a.h.max(b.h).max(1.0);
        if !growth.is_finite() || !dy.is_finite() {
            Direction::Unknown
        } else if growth > threshold && dy > -2.0 {
            Direction::Towards
        } else if growth < -threshold && dy < 2.0 {
            Direction::Away
        } else {
            Direction::Unknown
        }
    }
}

fn mean(s: &[Sample; ENDS]) -> Sample {
    let n = ENDS as f32;
    Sample {
        cy: s.iter().map(|x| x.cy).sum::<f32>() / n,
        w: s.iter().map(|x| x.w).sum::<f32>() / n,
        h: s.iter().map(|x| x.h).sum::<f32>() / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_of(boxes: impl Iterator<Item = BBox>) -> MotionLog {
        let mut m = MotionLog::default();
        boxes.for_each(|b| m.push(&b));
        m
    }

    fn plate(cx: f32, cy: f32, w: f32) -> BBox {
        BBox::new(cx - w / 2.0, cy - w / 8.0, cx + w / 2.0, cy + w / 8.0)
    }

    #[test]
    fn growing_and_descending_is_towards() {
        let m = log_of((0..10).map(|i| plate(500.0, 300.0 + 20.0 * i as f32, 80.0 + 8.0 * i as f32)));
        assert_eq!(m.direction(0.15), Direction::Towards);
    }

    #[test]
    fn shrinking_and_rising_is_away() {
        let m = log_of((0..10).map(|i| plate(500.0, 600.0 - 20.0 * i as f32, 160.0 - 8.0 * i as f32)));
        assert_eq!(m.direction(0.15), Direction::Away);
    }

    #[test]
    fn steady_size_or_few_frames_is_unknown() {
        let m = log_of((0..10).map(|i| plate(100.0 + 30.0 * i as f32, 300.0, 100.0)));
        assert_eq!(m.direction(0.15), Direction::Unknown);
        let m = log_of((0..2).map(|i| plate(500.0, 300.0, 80.0 + 40.0 * i as f32)));
        assert_eq!(m.direction(0.15), Direction::Unknown);
    }

    #[test]
    fn contradictory_cues_are_unknown() {
        // Grows a lot but races up the image: not what an approaching car does under a pole-mounted camera.
        let m = log_of((0..10).map(|i| plate(500.0, 900.0 - 80.0 * i as f32, 80.0 + 8.0 * i as f32)));
        assert_eq!(m.direction(0.15), Direction::Unknown);
    }

    #[test]
    fn nan_boxes_are_unknown() {
        let m = log_of((0..10).map(|_| BBox { x1: f32::NAN, y1: 0.0, x2: 1.0, y2: f32::NAN }));
        assert_eq!(m.direction(0.15), Direction::Unknown);
    }
}
