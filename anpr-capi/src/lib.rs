//! # anpr — C ABI
//!
//! The C interface of the anpr library, built as `libanpr` (shared and static) with the generated header
//! `include/anpr.h`. This crate only converts types, maps errors and guards panics; all behaviour lives in
//! `anpr-core`.
//!
//! ## Conventions
//!
//! - **Handles** are opaque pointers created by `anpr_<type>_new` (or returned by a call that says so) and released
//!   by `anpr_<type>_free`; freeing NULL is a no-op.
//! - **Status codes**: every fallible call returns an `anpr_status` (0 = `ANPR_STATUS_OK`) with fixed numbers that
//!   are only ever appended. `anpr_status_str` describes a code; `anpr_last_error_message` gives the message, with
//!   context, of the last failed call on the calling thread.
//! - **Outputs** are written through out-pointers, which are reset (NULL/0) before any work, so they are defined
//!   even on failure. Strings and arrays borrowed from a handle live until that handle is freed.
//! - **NULL** is checked for every pointer: fallible calls return `ANPR_STATUS_NULL_ARGUMENT`; getters return
//!   NULL or 0.
//! - **Panics** never cross the ABI: a bug inside the library returns `ANPR_STATUS_PANIC` (or NULL/0).
//! - **Threads**: an `anpr_engine` is immutable and may be used by any number of threads at once; builders are not
//!   for concurrent mutation; results may be read from several threads but are freed by one.
//! - **Enumerations** (pixel formats, backends, stages) are passed as `uint32_t` numbers (`ANPR_PIXEL_FORMAT_*`,
//!   ...); unknown numbers are rejected with a status, never undefined behaviour.

mod panic;

mod engine;
mod error;
mod ffi;
mod frame;
mod hotlist;
mod pass_matcher;
mod privacy;
mod results;
mod tracker;
mod version;

pub use engine::{
    ANPR_BACKEND_ONNXRUNTIME, ANPR_BACKEND_TRACT, anpr_engine, anpr_engine_builder, anpr_engine_builder_free,
    anpr_engine_builder_new, anpr_engine_builder_set_backend, anpr_engine_builder_set_candidate_min_confidence,
    anpr_engine_builder_set_candidate_threshold, anpr_engine_builder_set_countries,
    anpr_engine_builder_set_detection_threshold, anpr_engine_builder_set_detector_bytes,
    anpr_engine_builder_set_detector_path, anpr_engine_builder_set_detector_tiles,
    anpr_engine_builder_set_max_candidates, anpr_engine_builder_set_max_plates, anpr_engine_builder_set_min_confidence,
    anpr_engine_builder_set_ort_library, anpr_engine_builder_set_recognizer_bytes,
    anpr_engine_builder_set_recognizer_path, anpr_engine_builder_set_reread_misfits, anpr_engine_builder_set_sessions,
    anpr_engine_builder_set_threads, anpr_engine_builder_set_top_n, anpr_engine_free, anpr_engine_new,
    anpr_engine_read, anpr_engine_read_encoded, anpr_engine_read_file, anpr_engine_read_quads,
};
pub use error::{anpr_last_error_message, anpr_status, anpr_status_str};
pub use frame::{
    ANPR_PIXEL_FORMAT_BGR8, ANPR_PIXEL_FORMAT_BGRA8, ANPR_PIXEL_FORMAT_GRAY8, ANPR_PIXEL_FORMAT_NV12,
    ANPR_PIXEL_FORMAT_RGB8, ANPR_PIXEL_FORMAT_RGBA8, anpr_bbox, anpr_point, anpr_quad, anpr_roi,
};
pub use hotlist::{
    ANPR_MATCH_EDIT, ANPR_MATCH_EXACT, ANPR_MATCH_LOOKALIKE, ANPR_TIME_NONE, ANPR_URGENCY_ELEVATED, ANPR_URGENCY_HIGH,
    ANPR_URGENCY_IMMEDIATE, ANPR_URGENCY_LOW, ANPR_URGENCY_ROUTINE, anpr_hits, anpr_hits_count, anpr_hits_free,
    anpr_hits_info, anpr_hits_json, anpr_hits_strings, anpr_hotlist, anpr_hotlist_add, anpr_hotlist_free,
    anpr_hotlist_len, anpr_hotlist_load_csv_buffer, anpr_hotlist_load_csv_file, anpr_hotlist_match,
    anpr_hotlist_match_text, anpr_hotlist_new, anpr_hotlist_remove, anpr_hotlist_swap,
};
pub use pass_matcher::{anpr_pass_matcher, anpr_pass_matcher_assess, anpr_pass_matcher_free, anpr_pass_matcher_new};
pub use privacy::{
    ANPR_OUTCOME_HIT, ANPR_OUTCOME_NO_HIT, ANPR_OUTCOME_PASSAGE, ANPR_PSEUDONYM_LEN, anpr_assess,
    anpr_engine_read_and_match, anpr_outcome, anpr_outcome_display, anpr_outcome_free, anpr_outcome_hits,
    anpr_outcome_info, anpr_outcome_json, anpr_outcome_plate, anpr_outcome_pseudonym, anpr_outcomes,
    anpr_outcomes_count, anpr_outcomes_free, anpr_outcomes_get, anpr_outcomes_json, anpr_pseudonymizer,
    anpr_pseudonymizer_free, anpr_pseudonymizer_new, anpr_pseudonymizer_pseudonym, anpr_retention_policy,
    anpr_retention_policy_free, anpr_retention_policy_new, anpr_retention_policy_set_hit,
    anpr_retention_policy_set_image, anpr_retention_policy_set_keep_all_passages, anpr_retention_policy_set_no_hit,
};
pub use results::{
    ANPR_STAGE_DECODE, ANPR_STAGE_DETECT, ANPR_STAGE_PREPROCESS, ANPR_STAGE_RECOGNIZE, ANPR_STAGE_RECTIFY,
    ANPR_STAGE_TOTAL, anpr_format, anpr_results, anpr_results_box, anpr_results_candidate,
    anpr_results_candidate_count, anpr_results_char_confidences, anpr_results_confidence, anpr_results_corners,
    anpr_results_count, anpr_results_detection_score, anpr_results_display, anpr_results_format, anpr_results_free,
    anpr_results_json, anpr_results_text, anpr_results_timing,
};
pub use tracker::{
    ANPR_DIRECTION_AWAY, ANPR_DIRECTION_TOWARDS, ANPR_DIRECTION_UNKNOWN, anpr_passes, anpr_passes_count,
    anpr_passes_display, anpr_passes_free, anpr_passes_info, anpr_passes_json, anpr_passes_text, anpr_tracker,
    anpr_tracker_config, anpr_tracker_config_free, anpr_tracker_config_new, anpr_tracker_config_set_early,
    anpr_tracker_config_set_max_distance, anpr_tracker_config_set_max_gap, anpr_tracker_config_set_max_tracks,
    anpr_tracker_config_set_min_frames, anpr_tracker_finish, anpr_tracker_free, anpr_tracker_len, anpr_tracker_new,
    anpr_tracker_update,
};
pub use version::anpr_version;
