//! Which read of a new frame belongs to which track: gating by predicted position and size, cost from distance
//! and text, then greedy assignment cheapest-first.

use super::TrackerConfig;
use super::text::text_distance;
use super::track::{Prepared, Track};

/// Text distance assumed when either side has no text: neither for nor against.
const NEUTRAL_TEXT: f32 = 0.5;
/// Reads whose width differs from the prediction by more than this factor are a different plate.
const MAX_SIZE_RATIO: f32 = 2.0;

/// The cost of giving `read` to `track` at time `t`, the track predicted at `(px, py)` with width `pw`; `None`
/// when gated out.
pub(crate) fn pair_cost(
    track: &Track,
    (px, py, pw): (f32, f32, f32),
    read: &Prepared,
    t: f64,
    cfg: &TrackerConfig,
) -> Option<f32> {
    let scale = pw.max(read.w).max(1.0);
    let (dx, dy) = (read.cx - px, read.cy - py);
    let d = (dx * dx + dy * dy).sqrt() / scale;
    // A track seen once has no velocity yet: the plate may be anywhere it could have driven to since.
    let gate = if track.frames < 2 {
        cfg.max_distance + cfg.max_speed * (t - track.last_seen).max(0.0) as f32
    } else {
        cfg.max_distance
    };
    // NaN fails every gate.
    if d.is_nan() || d > gate {
        return None;
    }
    if pw > 0.0 && read.w > 0.0 && (read.w > pw * MAX_SIZE_RATIO || pw > read.w * MAX_SIZE_RATIO) {
        return None;
    }
    let consensus = track.consensus();
    let tdist =
        if read.len == 0 || consensus.is_empty() { NEUTRAL_TEXT } else { text_distance(read.classes(), consensus) };
    // A confident read of a text unlike a confident track's is another car, however close; a poor read may still
    // join, and a track started by a poor read may still be taken over by good ones.
    if tdist > cfg.max_text_distance
        && read.conf >= cfg.text_gate_confidence
        && track.confidence() >= cfg.text_gate_confidence
    {
        return None;
    }
    Some(d / cfg.max_distance + cfg.text_weight * tdist)
}

/// Fills `assignment[r]` with the track index of prepared read `r`, cheapest pairs first.
///
/// `pairs` and `track_taken` are scratch buffers kept by the caller so that steady-state updates do not allocate.
pub(crate) fn assign(
    tracks: &[Track],
    reads: &[Prepared],
    t: f64,
    cfg: &TrackerConfig,
    pairs: &mut Vec<(f32, u32, u32)>,
    track_taken: &mut Vec<bool>,
    assignment: &mut Vec<Option<usize>>,
) {
    pairs.clear();
    for (ti, track) in tracks.iter().enumerate() {
        let predicted = track.predict(t);
        for (ri, read) in reads.iter().enumerate() {
            if let Some(c) = pair_cost(track, predicted, read, t, cfg) {
                pairs.push((c, ti as u32, ri as u32));
            }
        }
    }
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    track_taken.clear();
    track_taken.resize(tracks.len(), false);
    assignment.clear();
    assignment.resize(reads.len(), None);
    for &(_, ti, ri) in pairs.iter() {
        let (ti, ri) = (ti as usize, ri as usize);
        if !track_taken[ti] && assignment[ri].is_none() {
            track_taken[ti] = true;
            assignment[ri] = Some(ti);
        }
    }
}
