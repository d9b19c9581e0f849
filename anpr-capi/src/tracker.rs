//! The tracker (`anpr_tracker`): follows plates across the frames of one stream and reports one pass per
//! vehicle (`anpr_passes`).

use std::ffi::{CString, c_char};

use anpr_core::tracker::{Direction, Pass, Tracker, TrackerConfig};

use crate::error::{CapiError, anpr_status};
use crate::ffi::{BoxHandle, reset_out, write_out};
use crate::frame::anpr_bbox;
use crate::panic::{ffi_boundary, ffi_status};
use crate::results::{anpr_results, results_reads};

/// Direction number of a pass: the plate grew, the vehicle came towards the camera.
pub const ANPR_DIRECTION_TOWARDS: u32 = 0;
/// Direction number of a pass: the plate shrank, the vehicle went away from the camera.
pub const ANPR_DIRECTION_AWAY: u32 = 1;
/// Direction number of a pass: too little motion, too few frames, or contradictory cues.
pub const ANPR_DIRECTION_UNKNOWN: u32 = 2;

/// Tracker settings. Defaults suit a camera at 5–30 fps watching passing traffic.
///
/// Create with `anpr_tracker_config_new`, change with the setters, pass to `anpr_tracker_new`, release with
/// `anpr_tracker_config_free`. Setters only store; `anpr_tracker_new` validates. Not for concurrent mutation.
#[allow(non_camel_case_types)]
pub struct anpr_tracker_config {
    _private: [u8; 0],
}

impl BoxHandle for anpr_tracker_config {
    type Rust = TrackerConfig;
}

/// Follows the plates of one camera stream across frames; one tracker per stream.
///
/// Create with `anpr_tracker_new`, release with `anpr_tracker_free`. Not safe for concurrent use: call
/// `anpr_tracker_update` / `anpr_tracker_finish` from one thread at a time (different trackers are independent).
#[allow(non_camel_case_types)]
pub struct anpr_tracker {
    _private: [u8; 0],
}

impl BoxHandle for anpr_tracker {
    type Rust = Tracker;
}

/// The vehicle passes a tracker call completed.
///
/// Returned by `anpr_tracker_update` / `anpr_tracker_finish`; owned by the caller; release with
/// `anpr_passes_free`. Strings are owned by it and valid until `anpr_passes_free`. Immutable.
#[allow(non_camel_case_types)]
pub struct anpr_passes {
    _private: [u8; 0],
}

impl BoxHandle for anpr_passes {
    type Rust = Passes;
}

/// The Rust value behind `anpr_passes`.
pub(crate) struct Passes {
    passes: Vec<Pass>,
    texts: Vec<(CString, CString)>,
    json: CString,
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

impl Passes {
    fn new(passes: Vec<Pass>) -> Self {
        let texts = passes.iter().map(|p| (c_string(&p.text), c_string(&p.display))).collect();
        let json = c_string(&serde_json::to_string(&passes).unwrap_or_default());
        Self { passes, texts, json }
    }

    /// Pass `index`, or an out-of-range error.
    pub(crate) fn pass(&self, index: usize) -> Result<&Pass, CapiError> {
        self.get(index).map(|(p, _)| p)
    }

    fn get(&self, index: usize) -> Result<(&Pass, &(CString, CString)), CapiError> {
        match (self.passes.get(index), self.texts.get(index)) {
            (Some(p), Some(t)) => Ok((p, t)),
            _ => Err(CapiError::out_of_range("pass", index, self.passes.len())),
        }
    }
}

fn direction_number(d: Direction) -> u32 {
    match d {
        Direction::Towards => ANPR_DIRECTION_TOWARDS,
        Direction::Away => ANPR_DIRECTION_AWAY,
        Direction::Unknown => ANPR_DIRECTION_UNKNOWN,
        // `Direction` is non-exhaustive; a future direction reads as unknown.
        _ => ANPR_DIRECTION_UNKNOWN,
    }
}

/// Tracker settings with the defaults; NULL only on an internal error. Release with `anpr_tracker_config_free`.
#[unsafe(no_mangle)]
pub extern "C" fn anpr_tracker_config_new() -> *mut anpr_tracker_config {
    ffi_boundary! { anpr_tracker_config::into_raw(TrackerConfig::default()) }
}

/// Release tracker settings. NULL is a no-op.
///
/// # Safety
/// `config` is NULL or live settings not used by another thread; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_free(config: *mut anpr_tracker_config) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_tracker_config::free(config) } }
}

/// Apply one change to live settings.
///
/// # Safety
/// `config` is NULL or live settings not used by another thread during the call.
unsafe fn update_config(
    config: *mut anpr_tracker_config,
    set: impl FnOnce(&mut TrackerConfig),
) -> Result<(), CapiError> {
    // SAFETY: per the contract above.
    set(unsafe { anpr_tracker_config::try_mut(config, "config") }?);
    Ok(())
}

/// A track ends when it has not been seen for this many seconds (default 1.0). Errors:
/// `ANPR_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `config` is NULL or live settings not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_set_max_gap(
    config: *mut anpr_tracker_config,
    seconds: f64,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { update_config(config, |c| c.max_gap_s = seconds) } }
}

/// Farthest a read may be from a track's predicted position, in plate widths (default 2.0). Errors as
/// `anpr_tracker_config_set_max_gap`.
///
/// # Safety
/// As `anpr_tracker_config_set_max_gap`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_set_max_distance(
    config: *mut anpr_tracker_config,
    plate_widths: f32,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { update_config(config, |c| c.max_distance = plate_widths) } }
}

/// Emit a pass early once the voted confidence reaches `confidence` and the track has `min_frames` frames
/// (defaults 0.98 and 5); a negative `confidence` switches early passes off. Errors as
/// `anpr_tracker_config_set_max_gap`.
///
/// # Safety
/// As `anpr_tracker_config_set_max_gap`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_set_early(
    config: *mut anpr_tracker_config,
    confidence: f32,
    min_frames: u32,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! {
        unsafe {
            update_config(config, |c| {
                c.early_confidence = if confidence < 0.0 { None } else { Some(confidence) };
                c.early_min_frames = min_frames;
            })
        }
    }
}

/// Tracks with fewer frames end without a pass (default 1). Errors as `anpr_tracker_config_set_max_gap`.
///
/// # Safety
/// As `anpr_tracker_config_set_max_gap`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_set_min_frames(
    config: *mut anpr_tracker_config,
    frames: u32,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { update_config(config, |c| c.min_frames = frames) } }
}

/// Most live tracks (default 64). Errors as `anpr_tracker_config_set_max_gap`.
///
/// # Safety
/// As `anpr_tracker_config_set_max_gap`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_config_set_max_tracks(
    config: *mut anpr_tracker_config,
    tracks: usize,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { update_config(config, |c| c.max_tracks = tracks) } }
}

/// A tracker with the given settings (NULL for the defaults; only read). On success `*out_tracker` receives a
/// tracker owned by the caller (release with `anpr_tracker_free`); on failure NULL. Errors:
/// `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_INVALID_ARGUMENT` (a setting out of range).
///
/// # Safety
/// `config` is NULL or live settings; `out_tracker` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_new(
    config: *const anpr_tracker_config,
    out_tracker: *mut *mut anpr_tracker,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_tracker, std::ptr::null_mut(), "out_tracker") }?;
        let config = if config.is_null() {
            TrackerConfig::default()
        } else {
            // SAFETY: per the contract above.
            unsafe { anpr_tracker_config::try_ref(config, "config") }?.clone()
        };
        let tracker = Tracker::new(config)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_tracker, anpr_tracker::into_raw(tracker)) };
        Ok(())
    }
}

/// Release a tracker and its live tracks (call `anpr_tracker_finish` first to get their passes). NULL is a
/// no-op.
///
/// # Safety
/// `tracker` is NULL or a live tracker no call is using; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_free(tracker: *mut anpr_tracker) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_tracker::free(tracker) } }
}

/// Feed the reads of one frame taken at `timestamp` (seconds, non-decreasing; any epoch). `results` may be NULL
/// for a frame without plates. On success `*out_passes` receives the passes this frame completed (often none;
/// owned by the caller, release with `anpr_passes_free`); on failure NULL. Errors: `ANPR_STATUS_NULL_ARGUMENT`
/// (`tracker`, `out_passes`). Thread safety: one thread at a time per tracker.
///
/// # Safety
/// `tracker` is NULL or a live tracker not used by another thread; `results` is NULL or live results;
/// `out_passes` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_update(
    tracker: *mut anpr_tracker,
    timestamp: f64,
    results: *const anpr_results,
    out_passes: *mut *mut anpr_passes,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_passes, std::ptr::null_mut(), "out_passes") }?;
        // SAFETY: per the contract above.
        let t = unsafe { anpr_tracker::try_mut(tracker, "tracker") }?;
        let reads = if results.is_null() {
            &[][..]
        } else {
            // SAFETY: per the contract above.
            unsafe { results_reads(results) }?
        };
        let passes = t.update(timestamp, reads);
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_passes, anpr_passes::into_raw(Passes::new(passes))) };
        Ok(())
    }
}

/// End every live track (e.g. at the end of a stream) and return their passes. Ownership and errors as
/// `anpr_tracker_update`.
///
/// # Safety
/// As `anpr_tracker_update`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_finish(
    tracker: *mut anpr_tracker,
    out_passes: *mut *mut anpr_passes,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_passes, std::ptr::null_mut(), "out_passes") }?;
        // SAFETY: per the contract above.
        let t = unsafe { anpr_tracker::try_mut(tracker, "tracker") }?;
        let passes = t.finish();
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_passes, anpr_passes::into_raw(Passes::new(passes))) };
        Ok(())
    }
}

/// The number of live tracks; 0 when `tracker` is NULL.
///
/// # Safety
/// `tracker` is NULL or a live tracker not mutated by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_tracker_len(tracker: *const anpr_tracker) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_tracker::try_ref(tracker, "tracker") }.map_or(0, Tracker::len) }
}

/// Release passes and their strings. NULL is a no-op.
///
/// # Safety
/// `passes` is NULL or live passes not used by another thread; nothing borrowed from them is used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_free(passes: *mut anpr_passes) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_passes::free(passes) } }
}

/// The number of passes; 0 when `passes` is NULL.
///
/// # Safety
/// `passes` is NULL or live passes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_count(passes: *const anpr_passes) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_passes::try_ref(passes, "passes") }.map_or(0, |p| p.passes.len()) }
}

/// The voted text of pass `index` (normalised), owned by `passes`; NULL when `passes` is NULL or `index` out of
/// range.
///
/// # Safety
/// `passes` is NULL or live passes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_text(passes: *const anpr_passes, index: usize) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_passes::try_ref(passes, "passes") }
            .and_then(|p| p.get(index))
            .map_or(std::ptr::null(), |(_, t)| t.0.as_ptr())
    }
}

/// The display form of pass `index`'s voted text; otherwise as `anpr_passes_text`.
///
/// # Safety
/// `passes` is NULL or live passes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_display(passes: *const anpr_passes, index: usize) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_passes::try_ref(passes, "passes") }
            .and_then(|p| p.get(index))
            .map_or(std::ptr::null(), |(_, t)| t.1.as_ptr())
    }
}

/// The numbers of pass `index`: each out-pointer that is not NULL receives its value: track id, voted confidence
/// in [0, 1], first and last timestamps, number of frames, direction (`ANPR_DIRECTION_*`), whether it was emitted
/// early, and the box of its best view. Errors: `ANPR_STATUS_NULL_ARGUMENT` (`passes`), `ANPR_STATUS_OUT_OF_RANGE`.
///
/// # Safety
/// `passes` is NULL or live passes; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_info(
    passes: *const anpr_passes,
    index: usize,
    out_track_id: *mut u64,
    out_confidence: *mut f32,
    out_first_seen: *mut f64,
    out_last_seen: *mut f64,
    out_frames: *mut u32,
    out_direction: *mut u32,
    out_early: *mut bool,
    out_best_box: *mut anpr_bbox,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let (p, _) = unsafe { anpr_passes::try_ref(passes, "passes") }?.get(index)?;
        // SAFETY: each is written only when non-NULL, valid per the contract above.
        unsafe {
            if !out_track_id.is_null() { write_out(out_track_id, p.track_id) }
            if !out_confidence.is_null() { write_out(out_confidence, p.confidence) }
            if !out_first_seen.is_null() { write_out(out_first_seen, p.first_seen) }
            if !out_last_seen.is_null() { write_out(out_last_seen, p.last_seen) }
            if !out_frames.is_null() { write_out(out_frames, p.frames) }
            if !out_direction.is_null() { write_out(out_direction, direction_number(p.direction)) }
            if !out_early.is_null() { write_out(out_early, p.early) }
            if !out_best_box.is_null() { write_out(out_best_box, p.best_view.bbox.into()) }
        }
        Ok(())
    }
}

/// All passes as a JSON array, owned by `passes` and valid until `anpr_passes_free`; NULL when `passes` is NULL.
///
/// # Safety
/// `passes` is NULL or live passes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_passes_json(passes: *const anpr_passes) -> *const c_char {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_passes::try_ref(passes, "passes") }.map_or(std::ptr::null(), |p| p.json.as_ptr()) }
}
