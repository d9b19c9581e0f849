//! The plates read in one frame (`anpr_results`): accessors and JSON.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use anpr_core::FrameReads;
use anpr_core::formats::FormatMatch;

use crate::error::{CapiError, anpr_status};
use crate::ffi::{BoxHandle, reset_out, write_out};
use crate::frame::{anpr_bbox, anpr_quad};
use crate::panic::{ffi_boundary, ffi_status};

/// Stage number for `anpr_results_timing`: colour conversion and resizing for the detector.
pub const ANPR_STAGE_PREPROCESS: u32 = 0;
/// Stage number for `anpr_results_timing`: running the detector.
pub const ANPR_STAGE_DETECT: u32 = 1;
/// Stage number for `anpr_results_timing`: warping each plate to the recognizer's input.
pub const ANPR_STAGE_RECTIFY: u32 = 2;
/// Stage number for `anpr_results_timing`: running the recognizer on all plates.
pub const ANPR_STAGE_RECOGNIZE: u32 = 3;
/// Stage number for `anpr_results_timing`: format-aware decoding.
pub const ANPR_STAGE_DECODE: u32 = 4;
/// Stage number for `anpr_results_timing`: wall time of the whole read.
pub const ANPR_STAGE_TOTAL: u32 = 5;

/// The plates read in one frame, best detection first, and the time per stage.
///
/// Returned by the `anpr_engine_read*` calls; owned by the caller; release with `anpr_results_free`. Strings and
/// arrays returned by the accessors are owned by the results and stay valid until `anpr_results_free`. Results
/// are immutable: several threads may read one results object at once, but freeing needs exclusive access.
#[allow(non_camel_case_types)]
pub struct anpr_results {
    _private: [u8; 0],
}

impl BoxHandle for anpr_results {
    type Rust = Results;
}

/// The format a reading fits. The strings are owned by the `anpr_results` they came from. When the reading fits
/// no known format, `country` and `name` are NULL and `sidecode` is 0.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct anpr_format {
    /// ISO country code, e.g. `"NL"`, or NULL.
    pub country: *const c_char,
    /// Stable format name, e.g. `"NL-7"`, or NULL.
    pub name: *const c_char,
    /// For Dutch plates the sidecode (1–14); 0 when not applicable.
    pub sidecode: u8,
}

impl anpr_format {
    const NONE: Self = Self { country: std::ptr::null(), name: std::ptr::null(), sidecode: 0 };
}

/// NUL-terminated copies of a format's strings.
struct FormatStrings {
    country: CString,
    name: CString,
    sidecode: u8,
}

impl FormatStrings {
    fn new(f: &FormatMatch) -> Self {
        Self { country: c_string(f.country.code()), name: c_string(f.name), sidecode: f.sidecode.unwrap_or(0) }
    }

    fn to_c(this: Option<&Self>) -> anpr_format {
        this.map_or(anpr_format::NONE, |f| anpr_format {
            country: f.country.as_ptr(),
            name: f.name.as_ptr(),
            sidecode: f.sidecode,
        })
    }
}

struct CandidateStrings {
    text: CString,
    format: Option<FormatStrings>,
}

/// NUL-terminated copies of one plate's strings, made once when the results are created.
struct PlateStrings {
    text: CString,
    display: CString,
    format: Option<FormatStrings>,
    candidates: Vec<CandidateStrings>,
}

/// The Rust value behind `anpr_results`.
pub(crate) struct Results {
    reads: FrameReads,
    strings: Vec<PlateStrings>,
    json: OnceLock<CString>,
}

/// A C string of plate text (never contains NUL; a NUL would be replaced).
fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

impl Results {
    pub(crate) fn new(reads: FrameReads) -> Self {
        let strings = reads
            .plates
            .iter()
            .map(|p| PlateStrings {
                text: c_string(&p.text),
                display: c_string(&p.display),
                format: p.format.as_ref().map(FormatStrings::new),
                candidates: p
                    .candidates
                    .iter()
                    .map(|c| CandidateStrings {
                        text: c_string(&c.text),
                        format: c.format.as_ref().map(FormatStrings::new),
                    })
                    .collect(),
            })
            .collect();
        Self { reads, strings, json: OnceLock::new() }
    }

    fn plate(&self, index: usize) -> Result<(&anpr_core::PlateRead, &PlateStrings), CapiError> {
        match (self.reads.plates.get(index), self.strings.get(index)) {
            (Some(p), Some(s)) => Ok((p, s)),
            _ => Err(CapiError::out_of_range("plate", index, self.reads.plates.len())),
        }
    }
}

/// Borrow results for an accessor.
///
/// # Safety
/// `results` is NULL or live results.
unsafe fn get<'a>(results: *const anpr_results) -> Result<&'a Results, CapiError> {
    // SAFETY: per the contract above.
    unsafe { anpr_results::try_ref(results, "results") }
}

/// The plates of live results, for the other modules (tracker, hotlist).
///
/// # Safety
/// `results` is NULL or live results that outlive `'a`.
pub(crate) unsafe fn results_reads<'a>(results: *const anpr_results) -> Result<&'a [anpr_core::PlateRead], CapiError> {
    // SAFETY: per the contract above.
    Ok(&unsafe { get(results) }?.reads.plates)
}

/// Plate `index` of live results, for the other modules (hotlist, privacy).
///
/// # Safety
/// `results` is NULL or live results that outlive `'a`.
pub(crate) unsafe fn results_plate<'a>(
    results: *const anpr_results,
    index: usize,
) -> Result<&'a anpr_core::PlateRead, CapiError> {
    // SAFETY: per the contract above.
    Ok(unsafe { get(results) }?.plate(index)?.0)
}

/// Release results and every string and array borrowed from them. NULL is a no-op.
///
/// # Safety
/// `results` is NULL or results from an `anpr_engine_read*` call that were not freed yet; no other thread may be
/// using them, and neither they nor anything borrowed from them may be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_free(results: *mut anpr_results) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_results::free(results) } }
}

/// The number of plates read; 0 when `results` is NULL. Plate indexes run from 0 to count − 1.
///
/// # Safety
/// `results` is NULL or live results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_count(results: *const anpr_results) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { get(results) }.map_or(0, |r| r.reads.plates.len()) }
}

/// The normalised text of plate `index`: upper-case A–Z and 0–9, no separators (e.g. `"12ABC3"`).
///
/// Returns a NUL-terminated string owned by `results`, valid until `anpr_results_free`; NULL if `results` is NULL
/// or `index` is out of range.
///
/// # Safety
/// `results` is NULL or live results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_text(results: *const anpr_results, index: usize) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { get(results) }.and_then(|r| r.plate(index)).map_or(std::ptr::null(), |(_, s)| s.text.as_ptr())
    }
}

/// The display form of plate `index`, with the separators of its format (e.g. `"12-ABC-3"`); equal to the text
/// when no format fits.
///
/// Ownership and NULL handling as `anpr_results_text`.
///
/// # Safety
/// `results` is NULL or live results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_display(results: *const anpr_results, index: usize) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { get(results) }.and_then(|r| r.plate(index)).map_or(std::ptr::null(), |(_, s)| s.display.as_ptr())
    }
}

/// Write the overall confidence of plate `index`, in [0, 1], to `*out_confidence`.
///
/// Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_OUT_OF_RANGE` (then `*out_confidence` is 0).
///
/// # Safety
/// `results` is NULL or live results; `out_confidence` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_confidence(
    results: *const anpr_results,
    index: usize,
    out_confidence: *mut f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_confidence, 0.0, "out_confidence") }?;
        // SAFETY: per the contract above.
        let (plate, _) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_confidence, plate.confidence) };
        Ok(())
    }
}

/// Write the detector's score for plate `index`, in [0, 1], to `*out_score`.
///
/// Errors as `anpr_results_confidence`.
///
/// # Safety
/// `results` is NULL or live results; `out_score` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_detection_score(
    results: *const anpr_results,
    index: usize,
    out_score: *mut f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_score, 0.0, "out_score") }?;
        // SAFETY: per the contract above.
        let (plate, _) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_score, plate.detection_score) };
        Ok(())
    }
}

/// The confidence of each character of plate `index`'s text, in order: `*out_values` receives a pointer to
/// `*out_len` floats (one per character of `anpr_results_text`).
///
/// The array is owned by `results` and valid until `anpr_results_free`. Errors: `ANPR_STATUS_NULL_ARGUMENT`,
/// `ANPR_STATUS_OUT_OF_RANGE`; on error `*out_values` is NULL and `*out_len` 0.
///
/// # Safety
/// `results` is NULL or live results; `out_values` and `out_len` are NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_char_confidences(
    results: *const anpr_results,
    index: usize,
    out_values: *mut *const f32,
    out_len: *mut usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_values, std::ptr::null(), "out_values") }?;
        // SAFETY: per the contract above.
        unsafe { reset_out(out_len, 0, "out_len") }?;
        // SAFETY: per the contract above.
        let (plate, _) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: both checked non-NULL by `reset_out`.
        unsafe {
            write_out(out_values, plate.char_confidences.as_ptr());
            write_out(out_len, plate.char_confidences.len());
        }
        Ok(())
    }
}

/// Write the axis-aligned box of plate `index` in frame pixels to `*out_box`.
///
/// Errors as `anpr_results_confidence` (on error `*out_box` is all zeros).
///
/// # Safety
/// `results` is NULL or live results; `out_box` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_box(
    results: *const anpr_results,
    index: usize,
    out_box: *mut anpr_bbox,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_box, anpr_bbox::default(), "out_box") }?;
        // SAFETY: per the contract above.
        let (plate, _) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_box, plate.bbox.into()) };
        Ok(())
    }
}

/// Write the four corners of plate `index` (clockwise from the top-left, frame pixels) to `*out_corners`.
///
/// Errors as `anpr_results_confidence` (on error `*out_corners` is all zeros).
///
/// # Safety
/// `results` is NULL or live results; `out_corners` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_corners(
    results: *const anpr_results,
    index: usize,
    out_corners: *mut anpr_quad,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_corners, anpr_quad::default(), "out_corners") }?;
        // SAFETY: per the contract above.
        let (plate, _) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_corners, plate.corners.into()) };
        Ok(())
    }
}

/// Write the country/format that plate `index`'s reading fits to `*out_format` (all NULL/0 when none fits).
///
/// The strings in `*out_format` are owned by `results` and valid until `anpr_results_free`. Errors as
/// `anpr_results_confidence`.
///
/// # Safety
/// `results` is NULL or live results; `out_format` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_format(
    results: *const anpr_results,
    index: usize,
    out_format: *mut anpr_format,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_format, anpr_format::NONE, "out_format") }?;
        // SAFETY: per the contract above.
        let (_, strings) = unsafe { get(results) }?.plate(index)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_format, FormatStrings::to_c(strings.format.as_ref())) };
        Ok(())
    }
}

/// The number of alternative readings of plate `index` (best first; the first equals the text); 0 when `results`
/// is NULL or `index` is out of range.
///
/// # Safety
/// `results` is NULL or live results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_candidate_count(results: *const anpr_results, index: usize) -> usize {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { get(results) }.and_then(|r| r.plate(index)).map_or(0, |(p, _)| p.candidates.len())
    }
}

/// Alternative reading `candidate` of plate `index`: its text to `*out_text`, score in [0, 1] to `*out_score`,
/// and the format it fits to `*out_format`. `out_score` and `out_format` may be NULL when not wanted.
///
/// Strings are owned by `results` and valid until `anpr_results_free`. Errors: `ANPR_STATUS_NULL_ARGUMENT`
/// (`results` or `out_text` NULL), `ANPR_STATUS_OUT_OF_RANGE`; on error the outputs are NULL/0.
///
/// # Safety
/// `results` is NULL or live results; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_candidate(
    results: *const anpr_results,
    index: usize,
    candidate: usize,
    out_text: *mut *const c_char,
    out_score: *mut f32,
    out_format: *mut anpr_format,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_text, std::ptr::null(), "out_text") }?;
        if !out_score.is_null() {
            // SAFETY: non-NULL, valid per the contract above.
            unsafe { write_out(out_score, 0.0) };
        }
        if !out_format.is_null() {
            // SAFETY: non-NULL, valid per the contract above.
            unsafe { write_out(out_format, anpr_format::NONE) };
        }
        // SAFETY: per the contract above.
        let (plate, strings) = unsafe { get(results) }?.plate(index)?;
        let (Some(c), Some(s)) = (plate.candidates.get(candidate), strings.candidates.get(candidate)) else {
            return Err(CapiError::out_of_range("candidate", candidate, plate.candidates.len()));
        };
        // SAFETY: `out_text` checked by `reset_out`; the others are checked here.
        unsafe {
            write_out(out_text, s.text.as_ptr());
            if !out_score.is_null() {
                write_out(out_score, c.score);
            }
            if !out_format.is_null() {
                write_out(out_format, FormatStrings::to_c(s.format.as_ref()));
            }
        }
        Ok(())
    }
}

/// Write the time spent in one stage of the read (an `ANPR_STAGE_*` number) in microseconds to `*out_us`.
///
/// Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_OUT_OF_RANGE` for an unknown stage number.
///
/// # Safety
/// `results` is NULL or live results; `out_us` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_timing(
    results: *const anpr_results,
    stage: u32,
    out_us: *mut u64,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_us, 0, "out_us") }?;
        // SAFETY: per the contract above.
        let t = unsafe { get(results) }?.reads.timings;
        let us = match stage {
            ANPR_STAGE_PREPROCESS => t.preprocess_us,
            ANPR_STAGE_DETECT => t.detect_us,
            ANPR_STAGE_RECTIFY => t.rectify_us,
            ANPR_STAGE_RECOGNIZE => t.recognize_us,
            ANPR_STAGE_DECODE => t.decode_us,
            ANPR_STAGE_TOTAL => t.total_us,
            other => return Err(CapiError::out_of_range("stage", other as usize, 6)),
        };
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_us, us) };
        Ok(())
    }
}

/// All results as one JSON object (`{"plates": [...], "timings": {...}}`, the same shape as the Rust and Python
/// APIs): `*out_json` receives a NUL-terminated UTF-8 string.
///
/// The string is made on the first call, owned by `results` and valid until `anpr_results_free`. Errors:
/// `ANPR_STATUS_NULL_ARGUMENT` (then `*out_json` is NULL). Thread safety: may be called from several threads on
/// the same results.
///
/// # Safety
/// `results` is NULL or live results; `out_json` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_results_json(results: *const anpr_results, out_json: *mut *const c_char) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_json, std::ptr::null(), "out_json") }?;
        // SAFETY: per the contract above.
        let r = unsafe { get(results) }?;
        let json = r.json.get_or_init(|| {
            // Serialising plain data cannot fail; an empty string would only hide a bug in serde_json.
            c_string(&serde_json::to_string(&r.reads).unwrap_or_default())
        });
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_json, json.as_ptr()) };
        Ok(())
    }
}
