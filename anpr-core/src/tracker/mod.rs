//! Camera streams: follow each plate across frames, vote on its text, and emit one [`Pass`] per vehicle.
//!
//! A [`Tracker`] belongs to one camera stream. Feed it every frame's reads with the frame's timestamp; it
//! associates the reads with tracks (predicted box position and size under constant velocity, plus text
//! similarity, so neighbouring cars stay apart and a briefly missed car keeps its track), votes per character
//! position weighted by confidence (aligning reads of different length), and returns a [`Pass`] when a track
//! ends — or earlier, flagged [`Pass::early`], once the vote is confident enough. It is pure: no threads, no
//! clock; time is whatever the caller passes.
//!
//! **Timestamps** are `f64` seconds on any monotonic clock (e.g. the stream's presentation time). A timestamp that
//! is NaN or earlier than the last one is treated as the last one, so bad clocks never panic or reorder tracks.
//!
//! **Memory** is bounded: at most [`TrackerConfig::max_tracks`] live tracks (the least recently seen is ended
//! early when a new car arrives at the cap), and every track has fixed-size state: a vote profile of at most 20
//! positions and at most [`TrackerConfig::max_texts_per_track`] remembered distinct readings.
//!
//! ```
//! use anpr_core::tracker::{Tracker, TrackerConfig};
//! # fn main() -> anpr_core::Result<()> {
//! let mut tracker = Tracker::new(TrackerConfig::default())?;
//! # let frames: Vec<(f64, Vec<anpr_core::PlateRead>)> = Vec::new();
//! for (timestamp, reads) in frames {
//!     for pass in tracker.update(timestamp, &reads) {
//!         println!("{} ({:.2}) seen in {} frames", pass.text, pass.confidence, pass.frames);
//!     }
//! }
//! for pass in tracker.finish() {
//!     println!("{}", pass.text);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! For alerts, give each [`Pass`] to a [`PassMatcher`] (one per camera): it matches the pass against the hotlist,
//! applies the retention policy, and lets each hotlist entry alert at most once per window.

mod alerts;
mod association;
mod dedup;
mod direction;
mod text;
mod track;
mod vote;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use alerts::{PassMatcher, PassOutcome};
pub use dedup::AlertDeduper;
pub use direction::Direction;

use crate::error::{Error, Result};
use crate::formats::{Candidate, FormatMatch};
use crate::geometry::{BBox, Quad};
use crate::read::PlateRead;
use track::{Prepared, Track};

/// Settings of a [`Tracker`]. `Default` suits a camera at 5–30 fps watching passing traffic.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TrackerConfig {
    /// A track ends when it has not been seen for this many seconds (default 1.0).
    pub max_gap_s: f64,
    /// Farthest a read may be from a track's predicted position, in plate widths (default 2.0).
    pub max_distance: f32,
    /// How fast a plate seen in only one frame may move, in plate widths per second (default 10.0): widens
    /// [`max_distance`](Self::max_distance) until the track has a velocity.
    pub max_speed: f32,
    /// Weight of text distance (0 same … ~1 unrelated) against position distance in the association cost
    /// (default 1.0).
    pub text_weight: f32,
    /// A read whose text is farther than this from a track's consensus never joins it, when both the read and the
    /// track's vote are at least [`text_gate_confidence`](Self::text_gate_confidence) confident (default 0.6).
    pub max_text_distance: f32,
    /// Below this confidence (of the read or of the track's vote) text does not gate association (default 0.3).
    pub text_gate_confidence: f32,
    /// Emit a pass early once the voted confidence reaches this (`None`: only at the end; default 0.98).
    pub early_confidence: Option<f32>,
    /// ... and the track has at least this many frames (default 5).
    pub early_min_frames: u32,
    /// Tracks with fewer frames end without a pass: filters one-frame false detections (default 1).
    pub min_frames: u32,
    /// Most live tracks (default 64).
    pub max_tracks: usize,
    /// Most distinct readings remembered per track, for the format and best view of the voted text (default 8).
    pub max_texts_per_track: usize,
    /// Number of readings in [`Pass::candidates`], the voted text included (default 5).
    pub top_n: usize,
    /// Relative change of plate size over the pass that counts as a clear direction (default 0.15 = 15 %).
    pub min_scale_change: f32,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        Self {
            max_gap_s: 1.0,
            max_distance: 2.0,
            max_speed: 10.0,
            text_weight: 1.0,
            max_text_distance: 0.6,
            text_gate_confidence: 0.3,
            early_confidence: Some(0.98),
            early_min_frames: 5,
            min_frames: 1,
            max_tracks: 64,
            max_texts_per_track: 8,
            top_n: 5,
            min_scale_change: 0.15,
        }
    }
}

impl TrackerConfig {
    /// Sets [`max_gap_s`](Self::max_gap_s).
    pub fn with_max_gap_s(mut self, seconds: f64) -> Self {
        self.max_gap_s = seconds;
        self
    }

    /// Sets [`max_distance`](Self::max_distance).
    pub fn with_max_distance(mut self, plate_widths: f32) -> Self {
        self.max_distance = plate_widths;
        self
    }

    /// Sets [`early_confidence`](Self::early_confidence).
    pub fn with_early_confidence(mut self, confidence: Option<f32>) -> Self {
        self.early_confidence = confidence;
        self
    }

    /// Sets [`early_min_frames`](Self::early_min_frames).
    pub fn with_early_min_frames(mut self, frames: u32) -> Self {
        self.early_min_frames = frames;
        self
    }

    /// Sets [`min_frames`](Self::min_frames).
    pub fn with_min_frames(mut self, frames: u32) -> Self {
        self.min_frames = frames;
        self
    }

    /// Sets [`max_tracks`](Self::max_tracks).
    pub fn with_max_tracks(mut self, tracks: usize) -> Self {
        self.max_tracks = tracks;
        self
    }

    /// Sets [`top_n`](Self::top_n).
    pub fn with_top_n(mut self, n: usize) -> Self {
        self.top_n = n;
        self
    }

    fn validate(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::InvalidArgument(format!("tracker config: {what}")));
        if !(self.max_gap_s.is_finite() && self.max_gap_s >= 0.0) {
            return bad(&format!("max_gap_s must be finite and ≥ 0, got {}", self.max_gap_s));
        }
        if !(self.max_distance.is_finite() && self.max_distance > 0.0) {
            return bad(&format!("max_distance must be finite and > 0, got {}", self.max_distance));
        }
        for (name, v) in [
            ("max_speed", self.max_speed),
            ("text_weight", self.text_weight),
            ("max_text_distance", self.max_text_distance),
            ("text_gate_confidence", self.text_gate_confidence),
            ("min_scale_change", self.min_scale_change),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return bad(&format!("{name} must be finite and ≥ 0, got {v}"));
            }
        }
        if let Some(c) = self.early_confidence
            && !(0.0..=1.0).contains(&c)
        {
            return bad(&format!("early_confidence must be in [0, 1], got {c}"));
        }
        if self.max_tracks == 0 {
            return bad("max_tracks must be at least 1");
        }
        Ok(())
    }
}

/// The frame in which a vehicle's plate was read best.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BestView {
    /// Timestamp of that frame, as passed to [`Tracker::update`].
    pub timestamp: f64,
    /// The plate's box in that frame.
    pub bbox: BBox,
    /// The plate's corners in that frame.
    pub corners: Quad,
    /// The confidence of that frame's read.
    pub confidence: f32,
}

/// One vehicle pass: everything the tracker learnt about one plate from all the frames it was in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pass {
    /// Identifier of the track within its [`Tracker`], increasing.
    pub track_id: u64,
    /// The voted text, normalised (A–Z, 0–9).
    pub text: String,
    /// Display form of the voted text, from a read of exactly that text; equal to `text` when no read had it.
    pub display: String,
    /// Confidence of the voted text in `[0, 1]` (product of the per-position vote posteriors).
    pub confidence: f32,
    /// Confidence of each character of `text`.
    pub char_confidences: Vec<f32>,
    /// Top-N readings of the pass with their probabilities, best first; the first is `text`. For the hotlist
    /// matcher.
    pub candidates: Vec<Candidate>,
    /// The format of the best read whose text equals the voted text; `None` when no read had exactly that text
    /// (the caller may match the voted text against the formats itself).
    pub format: Option<FormatMatch>,
    /// Timestamp of the first frame of the track.
    pub first_seen: f64,
    /// Timestamp of the last frame of the track (when emitted early: the last frame so far).
    pub last_seen: f64,
    /// Number of frames the plate was read in (so far, when early).
    pub frames: u32,
    /// The best view of the voted text (or of any text when no read had exactly it).
    pub best_view: BestView,
    /// Direction of travel.
    pub direction: Direction,
    /// Emitted before the track ended because the vote was already confident; the track then emits nothing
    /// more.
    pub early: bool,
}

/// Memory held by a [`Tracker`], for monitoring long-running streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct TrackerStats {
    /// Live tracks.
    pub tracks: usize,
    /// Bytes of state held on the heap (capacity-based), scratch buffers included.
    pub heap_bytes: usize,
}

/// Follows the plates of one camera stream across frames; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct Tracker {
    config: TrackerConfig,
    tracks: Vec<Track>,
    next_id: u64,
    now: f64,
    // Scratch buffers reused across updates so that steady-state updates do not allocate.
    prepared: Vec<Prepared>,
    pairs: Vec<(f32, u32, u32)>,
    track_taken: Vec<bool>,
    assignment: Vec<Option<usize>>,
}

/// Reads considered per frame; the rest are ignored (the engine returns reads best first). Bounds the scratch
/// memory, which is kept between updates.
pub const MAX_READS_PER_FRAME: usize = 256;

/// Unmatched reads overlapping a matched read this much are duplicate detections, not new cars.
const DUPLICATE_IOU: f32 = 0.5;

impl Tracker {
    /// A tracker with the given settings; fails with [`Error::InvalidArgument`] on a setting out of range.
    pub fn new(config: TrackerConfig) -> Result<Self> {
        config.validate()?;
        Ok(Self {
            config,
            tracks: Vec::new(),
            next_id: 0,
            now: f64::NEG_INFINITY,
            prepared: Vec::new(),
            pairs: Vec::new(),
            track_taken: Vec::new(),
            assignment: Vec::new(),
        })
    }

    /// The settings.
    pub fn config(&self) -> &TrackerConfig {
        &self.config
    }

    /// Feeds one frame's reads (possibly none) taken at `timestamp` seconds; returns the passes that completed.
    ///
    /// Reads with a non-finite box are ignored, and so is every read after the first
    /// [`MAX_READS_PER_FRAME`] usable ones; NaN confidences count as 0.
    pub fn update(&mut self, timestamp: f64, reads: &[PlateRead]) -> Vec<Pass> {
        if timestamp.is_finite() && timestamp > self.now {
            self.now = timestamp;
        }
        let t = if self.now.is_finite() { self.now } else { 0.0 };
        let mut passes = Vec::new();

        self.prepared.clear();
        self.prepared
            .extend(reads.iter().enumerate().filter_map(|(i, r)| Prepared::new(i, r)).take(MAX_READS_PER_FRAME));
        association::assign(
            &self.tracks,
            &self.prepared,
            t,
            &self.config,
            &mut self.pairs,
            &mut self.track_taken,
            &mut self.assignment,
        );

        for track in &mut self.tracks {
            track.touched = false;
        }
        for (ri, prep) in self.prepared.iter().enumerate() {
            if let Some(ti) = self.assignment[ri] {
                self.tracks[ti].update(t, &reads[prep.idx], prep, &self.config);
            }
        }
        for ri in 0..self.prepared.len() {
            if self.assignment[ri].is_some() {
                continue;
            }
            let prep = self.prepared[ri];
            let read = &reads[prep.idx];
            if self.is_duplicate(ri, &read.bbox, reads) {
                continue;
            }
            if self.tracks.len() >= self.config.max_tracks {
                self.evict_stalest(&mut passes);
            }
            self.tracks.push(Track::new(self.next_id, t, read, &prep, &self.config));
            self.next_id += 1;
            // Claimed now: a duplicate detection later in this frame must not open a second track.
            self.assignment[ri] = Some(usize::MAX);
        }

        // End tracks not seen for too long; emit early passes for confident ones.
        let cfg = &self.config;
        self.tracks.retain(|track| {
            if t - track.last_seen > cfg.max_gap_s {
                if !track.emitted
                    && track.frames >= cfg.min_frames
                    && let Some(p) = track.to_pass(cfg, false)
                {
                    passes.push(p);
                }
                return false;
            }
            true
        });
        if let Some(threshold) = cfg.early_confidence {
            for track in &mut self.tracks {
                if track.touched
                    && !track.emitted
                    && track.frames >= cfg.early_min_frames.max(cfg.min_frames)
                    && track.confidence() >= threshold
                    && let Some(p) = track.to_pass(cfg, true)
                {
                    track.emitted = true;
                    passes.push(p);
                }
            }
        }
        passes
    }

    /// Ends every track and returns their passes (end of stream); the tracker can be used again afterwards.
    pub fn finish(&mut self) -> Vec<Pass> {
        let cfg = &self.config;
        let passes = self
            .tracks
            .iter()
            .filter(|t| !t.emitted && t.frames >= cfg.min_frames)
            .filter_map(|t| t.to_pass(cfg, false))
            .collect();
        self.tracks.clear();
        passes
    }

    /// Number of live tracks.
    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    /// Whether no track is live.
    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }

    /// Memory held now.
    pub fn stats(&self) -> TrackerStats {
        let heap_bytes = self.tracks.capacity() * std::mem::size_of::<Track>()
            + self.tracks.iter().map(Track::heap_bytes).sum::<usize>()
            + self.prepared.capacity() * std::mem::size_of::<Prepared>()
            + self.pairs.capacity() * std::mem::size_of::<(f32, u32, u32)>()
            + self.track_taken.capacity()
            + self.assignment.capacity() * std::mem::size_of::<Option<usize>>();
        TrackerStats { tracks: self.tracks.len(), heap_bytes }
    }

    /// Whether unmatched read `ri` sits on a read already claimed this frame (a duplicate detection).
    fn is_duplicate(&self, ri: usize, bbox: &BBox, reads: &[PlateRead]) -> bool {
        self.prepared
            .iter()
            .enumerate()
            .any(|(rj, p)| rj != ri && self.assignment[rj].is_some() && reads[p.idx].bbox.iou(bbox) > DUPLICATE_IOU)
    }

    /// Ends the least recently seen track to make room for a new one.
    fn evict_stalest(&mut self, passes: &mut Vec<Pass>) {
        let Some((i, _)) = self
            .tracks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.touched)
            .min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen))
            .or_else(|| self.tracks.iter().enumerate().min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen)))
        else {
            return;
        };
        let track = self.tracks.swap_remove(i);
        if !track.emitted
            && track.frames >= self.config.min_frames
            && let Some(p) = track.to_pass(&self.config, false)
        {
            passes.push(p);
        }
    }
}
