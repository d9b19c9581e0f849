//! Engine configuration (`anpr_engine_builder`), creation and the read calls (`anpr_engine`).

use std::ffi::c_char;
use std::sync::Arc;

use anpr_core::{Backend, Country, Engine, EngineBuilder, ModelSource};

use crate::error::{CapiError, anpr_status};
use crate::ffi::{ArcHandle, BoxHandle, reset_out, try_path, try_slice, try_str, write_out};
use crate::frame::{anpr_quad, anpr_roi, frame_from_raw, quads_from_raw};
use crate::panic::{ffi_boundary, ffi_status};
use crate::results::{Results, anpr_results};

/// Backend number for `anpr_engine_builder_set_backend`: ONNX Runtime (the default).
pub const ANPR_BACKEND_ONNXRUNTIME: u32 = 0;
/// Backend number for `anpr_engine_builder_set_backend`: tract, pure Rust (needs a build with the `tract` feature).
pub const ANPR_BACKEND_TRACT: u32 = 1;

/// Engine configuration: model sources, backend, countries, threads and thresholds.
///
/// Create with `anpr_engine_builder_new`, change with the `anpr_engine_builder_set_*` calls, pass to
/// `anpr_engine_new` (as often as you like), release with `anpr_engine_builder_free`. Setters only store values;
/// `anpr_engine_new` validates them all. Not safe for concurrent mutation: use one builder from one thread at a
/// time (reading it from several threads at once, e.g. in `anpr_engine_new`, is fine).
#[allow(non_camel_case_types)]
pub struct anpr_engine_builder {
    _private: [u8; 0],
}

impl BoxHandle for anpr_engine_builder {
    type Rust = EngineBuilder;
}

/// A ready recognition engine: both models loaded and checked.
///
/// Create with `anpr_engine_new`, release with `anpr_engine_free`. Immutable once built and safe to share across
/// threads: any number of threads may call the `anpr_engine_read*` functions on one engine at the same time (the
/// engine keeps a small pool of model sessions, see `anpr_engine_builder_set_sessions`). Free it only after every
/// call using it has returned.
#[allow(non_camel_case_types)]
pub struct anpr_engine {
    _private: [u8; 0],
}

impl ArcHandle for anpr_engine {
    type Rust = Engine;
}

/// Apply a by-value builder setter in place.
fn update(builder: &mut EngineBuilder, set: impl FnOnce(EngineBuilder) -> EngineBuilder) {
    *builder = set(std::mem::take(builder));
}

/// A new engine configuration with the defaults: the bundled models, ONNX Runtime found through the
/// `ORT_DYLIB_PATH` environment variable, countries `NL`, 1 inference thread, 2 sessions, detection threshold
/// 0.35, minimum confidence 0, 5 candidates, at most 16 plates.
///
/// Returns a new builder owned by the caller (release it with `anpr_engine_builder_free`), or NULL only on an
/// internal error. Thread safety: safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn anpr_engine_builder_new() -> *mut anpr_engine_builder {
    ffi_boundary! { anpr_engine_builder::into_raw(Engine::builder()) }
}

/// Release a builder. NULL is a no-op. Engines built from it are not affected.
///
/// # Safety
/// `builder` is NULL or a builder from `anpr_engine_builder_new` that was not freed yet; it must not be used
/// afterwards, and no other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_free(builder: *mut anpr_engine_builder) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_engine_builder::free(builder) } }
}

/// Load the detector model from an ONNX file at `path` (read when the engine is built).
///
/// `path` is copied; it need only live for this call. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` or `path`
/// is NULL, `ANPR_STATUS_INVALID_ARGUMENT` if `path` is empty.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call; `path` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_detector_path(
    builder: *mut anpr_engine_builder,
    path: *const c_char,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let path = unsafe { try_path(path, "path") }?;
        update(b, |b| b.detector(ModelSource::Path(path)));
        Ok(())
    }
}

/// Use the detector model given as ONNX bytes in memory.
///
/// The `len` bytes at `data` are copied; the buffer need only live for this call. Returns
/// `ANPR_STATUS_NULL_ARGUMENT` if `builder` or `data` is NULL, `ANPR_STATUS_INVALID_ARGUMENT` if `len` is 0.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call; `data` is NULL or valid for
/// reads of `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_detector_bytes(
    builder: *mut anpr_engine_builder,
    data: *const u8,
    len: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let bytes = model_bytes(unsafe { try_slice(data, len, "data") }?)?;
        update(b, |b| b.detector(ModelSource::Bytes(bytes)));
        Ok(())
    }
}

/// Load the recognizer model from an ONNX file at `path` (read when the engine is built).
///
/// Same contract as `anpr_engine_builder_set_detector_path`.
///
/// # Safety
/// As `anpr_engine_builder_set_detector_path`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_recognizer_path(
    builder: *mut anpr_engine_builder,
    path: *const c_char,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let path = unsafe { try_path(path, "path") }?;
        update(b, |b| b.recognizer(ModelSource::Path(path)));
        Ok(())
    }
}

/// Use the recognizer model given as ONNX bytes in memory.
///
/// Same contract as `anpr_engine_builder_set_detector_bytes`.
///
/// # Safety
/// As `anpr_engine_builder_set_detector_bytes`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_recognizer_bytes(
    builder: *mut anpr_engine_builder,
    data: *const u8,
    len: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let bytes = model_bytes(unsafe { try_slice(data, len, "data") }?)?;
        update(b, |b| b.recognizer(ModelSource::Bytes(bytes)));
        Ok(())
    }
}

fn model_bytes(data: &[u8]) -> Result<Arc<[u8]>, CapiError> {
    if data.is_empty() {
        return Err(CapiError::invalid("model bytes are empty"));
    }
    Ok(Arc::from(data))
}

/// Choose the inference backend: `ANPR_BACKEND_ONNXRUNTIME` (default) or `ANPR_BACKEND_TRACT`.
///
/// The first engine built in a process fixes the backend for the whole process. Returns
/// `ANPR_STATUS_INVALID_ARGUMENT` for any other number.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_backend(
    builder: *mut anpr_engine_builder,
    backend: u32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        let backend = match backend {
            ANPR_BACKEND_ONNXRUNTIME => Backend::OnnxRuntime,
            ANPR_BACKEND_TRACT => Backend::Tract,
            other => return Err(CapiError::invalid(format!("unknown backend number {other}"))),
        };
        update(b, |b| b.backend(backend));
        Ok(())
    }
}

/// Path of the ONNX Runtime shared library (e.g. `.../onnxruntime/capi/libonnxruntime.so.1.32.0`); without it the
/// `ORT_DYLIB_PATH` environment variable is used. Only the first engine of a process loads the runtime.
///
/// `path` is copied. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` or `path` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call; `path` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_ort_library(
    builder: *mut anpr_engine_builder,
    path: *const c_char,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let path = unsafe { try_path(path, "path") }?;
        update(b, |b| b.ort_library(path));
        Ok(())
    }
}

/// The countries whose plates to expect, most common first, as comma-separated ISO codes, e.g. `"NL,BE,DE"`
/// (case-insensitive; spaces allowed). A hint for decoding, never a filter.
///
/// `countries` is copied. Returns `ANPR_STATUS_INVALID_ARGUMENT` for an empty list or an unknown code; the
/// builder is unchanged then.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call; `countries` is NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_countries(
    builder: *mut anpr_engine_builder,
    countries: *const c_char,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        // SAFETY: per the contract above.
        let list = unsafe { try_str(countries, "countries") }?;
        let parsed = list
            .split(',')
            .map(|code| parse_country(code.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        update(b, |b| b.countries(parsed));
        Ok(())
    }
}

/// A country from its ISO code.
fn parse_country(code: &str) -> Result<Country, CapiError> {
    Country::from_code(code).ok_or_else(|| CapiError::invalid(format!("unknown country code {code:?}")))
}

/// Inference threads per model run, 1–256 (default 1: cheapest per frame; more lowers latency).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_threads(
    builder: *mut anpr_engine_builder,
    value: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.threads(value));
        Ok(())
    }
}

/// Sessions per model, 1–64: how many threads can run a model at the same moment (default 2).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_sessions(
    builder: *mut anpr_engine_builder,
    value: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.sessions(value));
        Ok(())
    }
}

/// Minimum detector score for a plate, in [0, 1] (default 0.35).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_detection_threshold(
    builder: *mut anpr_engine_builder,
    value: f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.detection_threshold(value));
        Ok(())
    }
}

/// Minimum reading confidence for a plate to be reported, in [0, 1] (default 0: report every plate).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_min_confidence(
    builder: *mut anpr_engine_builder,
    value: f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.min_confidence(value));
        Ok(())
    }
}

/// Minimum detector score for a candidate, in [0, 1] (default 0.15): detections scoring below the detection
/// threshold but at least this are read too and kept only when the reading fits a plate format of an expected
/// country with at least the candidate minimum confidence. Set it to the detection threshold to switch it off.
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_candidate_threshold(
    builder: *mut anpr_engine_builder,
    value: f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.candidate_threshold(value));
        Ok(())
    }
}

/// Minimum reading confidence that confirms a candidate, in [0, 1] (default 0.5).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_candidate_min_confidence(
    builder: *mut anpr_engine_builder,
    value: f32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.candidate_min_confidence(value));
        Ok(())
    }
}

/// At most this many candidates are read per frame, best-scoring first, 0–256 (default 4; 0 reads none).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_max_candidates(
    builder: *mut anpr_engine_builder,
    value: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.max_candidates(value));
        Ok(())
    }
}

/// Whether a confident detection whose reading fits no format of an expected country is read again from a
/// slightly wider crop (default true). Switch it off where most plates fit no known format
/// (e.g. US plates): there it doubles the recognizer's work.
///
/// Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_reread_misfits(
    builder: *mut anpr_engine_builder,
    value: bool,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.reread_misfits(value));
        Ok(())
    }
}

/// Whether the detector also reads the frame's four corner tiles (each 60% of its width and height, enlarged
/// to the detector's input), merging their plates with the whole frame's (default false). Finds far more small
/// plates at five detector runs a frame instead of one (see `models/detector.md`).
///
/// Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_detector_tiles(
    builder: *mut anpr_engine_builder,
    value: bool,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.detector_tiles(value));
        Ok(())
    }
}

/// How many alternative readings to keep per plate, 1–100 (default 5).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_top_n(builder: *mut anpr_engine_builder, value: usize) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.top_n(value));
        Ok(())
    }
}

/// At most this many plates per frame, 1–256 (default 16).
///
/// Only stored; `anpr_engine_new` validates it. Returns `ANPR_STATUS_NULL_ARGUMENT` if `builder` is NULL.
///
/// # Safety
/// `builder` is NULL or a live builder not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_builder_set_max_plates(
    builder: *mut anpr_engine_builder,
    value: usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let b = unsafe { anpr_engine_builder::try_mut(builder, "builder") }?;
        update(b, |b| b.max_plates(value));
        Ok(())
    }
}

/// Build an engine: validate the configuration, load ONNX Runtime and both models, and dry-run them. After
/// this, reading never fails on configuration.
///
/// `config` may be NULL for the defaults of `anpr_engine_builder_new`; it is only read (not consumed) and may be
/// freed or reused afterwards. On success `*out_engine` receives a new engine owned by the caller (release with
/// `anpr_engine_free`); on failure it is set to NULL and the status says why (`ANPR_STATUS_INVALID_ARGUMENT`,
/// `ANPR_STATUS_MODEL_LOAD`, `ANPR_STATUS_RUNTIME_UNAVAILABLE`, ...). Slow (loads models):
/// build once and share the engine. Thread safety: safe to call from any thread.
///
/// # Safety
/// `config` is NULL or a live builder not mutated during the call; `out_engine` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_new(
    config: *const anpr_engine_builder,
    out_engine: *mut *mut anpr_engine,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_engine, std::ptr::null_mut(), "out_engine") }?;
        let builder = if config.is_null() {
            Engine::builder()
        } else {
            // SAFETY: per the contract above.
            unsafe { anpr_engine_builder::try_ref(config, "config") }?.clone()
        };
        let engine = builder.build()?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_engine, anpr_engine::into_raw(engine)) };
        Ok(())
    }
}

/// Release an engine. NULL is a no-op.
///
/// # Safety
/// `engine` is NULL or an engine from `anpr_engine_new` that was not freed yet; no call may be using it (on any
/// thread) and it must not be used afterwards. Results read with it stay valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_free(engine: *mut anpr_engine) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_engine::free(engine) } }
}

/// Read every plate in a raw frame, or only inside `roi` when it is not NULL.
///
/// The frame is `len` bytes at `data`: `height` rows of `width` pixels in `pixel_format` (an `ANPR_PIXEL_FORMAT_*`
/// number), `stride` bytes from one row to the next (NV12: the Y plane, then the interleaved UV plane of
/// `height / 2` rows with the same stride). The buffer is only borrowed during the call. On success
/// `*out_results` receives new results owned by the caller (release with `anpr_results_free`; they do not refer to
/// the frame or the engine); on failure it is set to NULL. Errors: `ANPR_STATUS_NULL_ARGUMENT` (engine, data or
/// out_results NULL), `ANPR_STATUS_INVALID_IMAGE` (zero size, stride smaller than a row, `len` too short, unknown
/// pixel format, odd NV12 size), `ANPR_STATUS_INVALID_ARGUMENT` (`roi` empty or outside the frame),
/// `ANPR_STATUS_INFERENCE`. Thread safety: any number of threads may read with one engine at once.
///
/// # Safety
/// `engine` is NULL or a live engine; `data` is NULL or valid for reads of `len` bytes and not written during the
/// call; `roi` is NULL or points to an `anpr_roi`; `out_results` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_read(
    engine: *const anpr_engine,
    data: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    pixel_format: u32,
    roi: *const anpr_roi,
    out_results: *mut *mut anpr_results,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_results, std::ptr::null_mut(), "out_results") }?;
        // SAFETY: per the contract above.
        let engine = unsafe { anpr_engine::try_ref(engine, "engine") }?;
        // SAFETY: per the contract above.
        let frame = unsafe { frame_from_raw(data, len, width, height, stride, pixel_format) }?;
        // SAFETY: per the contract above.
        let roi = unsafe { roi.as_ref() }.map(|r| r.to_core());
        let reads = engine.read(&frame, roi)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_results, anpr_results::into_raw(Results::new(reads))) };
        Ok(())
    }
}

/// Read the plates at known positions in a raw frame (e.g. a tracker's prediction), skipping detection.
///
/// The frame arguments are as for `anpr_engine_read`; `quads` points to `n_quads` plate quadrilaterals in frame
/// pixels (NULL allowed when `n_quads` is 0), only borrowed during the call. The results hold at most one plate per
/// quadrilateral, in order, with detection score 1. Ownership, errors and thread safety as `anpr_engine_read`.
///
/// # Safety
/// As `anpr_engine_read`; `quads` is NULL or valid for reads of `n_quads` elements.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_read_quads(
    engine: *const anpr_engine,
    data: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    pixel_format: u32,
    quads: *const anpr_quad,
    n_quads: usize,
    out_results: *mut *mut anpr_results,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_results, std::ptr::null_mut(), "out_results") }?;
        // SAFETY: per the contract above.
        let engine = unsafe { anpr_engine::try_ref(engine, "engine") }?;
        // SAFETY: per the contract above.
        let frame = unsafe { frame_from_raw(data, len, width, height, stride, pixel_format) }?;
        // SAFETY: per the contract above.
        let quads = quads_from_raw(unsafe { try_slice(quads, n_quads, "quads") }?);
        let reads = engine.read_quads(&frame, &quads)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_results, anpr_results::into_raw(Results::new(reads))) };
        Ok(())
    }
}

/// Decode a JPEG or PNG image from memory and read every plate.
///
/// The `len` bytes at `data` are only borrowed during the call. Errors: `ANPR_STATUS_NULL_ARGUMENT`,
/// `ANPR_STATUS_IMAGE_DECODE` (empty, corrupt or unsupported bytes), `ANPR_STATUS_INFERENCE`. Ownership of
/// `*out_results` and thread safety as `anpr_engine_read`.
///
/// # Safety
/// `engine` is NULL or a live engine; `data` is NULL or valid for reads of `len` bytes; `out_results` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_read_encoded(
    engine: *const anpr_engine,
    data: *const u8,
    len: usize,
    out_results: *mut *mut anpr_results,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_results, std::ptr::null_mut(), "out_results") }?;
        // SAFETY: per the contract above.
        let engine = unsafe { anpr_engine::try_ref(engine, "engine") }?;
        if data.is_null() {
            return Err(CapiError::null("data"));
        }
        // SAFETY: per the contract above.
        let bytes = unsafe { try_slice(data, len, "data") }?;
        let reads = engine.read_encoded(bytes)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_results, anpr_results::into_raw(Results::new(reads))) };
        Ok(())
    }
}

/// Read and decode a JPEG or PNG file and read every plate.
///
/// `path` is only borrowed during the call. Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_IO` (missing or
/// unreadable file), `ANPR_STATUS_IMAGE_DECODE`, `ANPR_STATUS_INFERENCE`. Ownership of `*out_results` and thread
/// safety as `anpr_engine_read`.
///
/// # Safety
/// `engine` is NULL or a live engine; `path` is NULL or a NUL-terminated string; `out_results` is NULL or valid
/// for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_read_file(
    engine: *const anpr_engine,
    path: *const c_char,
    out_results: *mut *mut anpr_results,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_results, std::ptr::null_mut(), "out_results") }?;
        // SAFETY: per the contract above.
        let engine = unsafe { anpr_engine::try_ref(engine, "engine") }?;
        // SAFETY: per the contract above.
        let path = unsafe { try_path(path, "path") }?;
        let reads = engine.read_file(path)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_results, anpr_results::into_raw(Results::new(reads))) };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_parse_by_code() {
        assert!(matches!(parse_country("nl"), Ok(Country::NL)));
        assert!(matches!(parse_country("BE"), Ok(Country::BE)));
        assert!(parse_country("XX").is_err());
        assert!(parse_country("").is_err());
    }
}
