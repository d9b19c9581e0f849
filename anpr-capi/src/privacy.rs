//! Privacy: retention policies (`anpr_retention_policy`), pseudonyms (`anpr_pseudonymizer`) and the combined
//! match-and-retain step `anpr_assess` with its `anpr_outcome`.

use std::ffi::{CString, c_char};

use anpr_core::privacy::{Outcome, Pseudonymizer, RetentionPolicy, assess_with};
use anpr_core::time::Duration;

use crate::engine::anpr_engine;
use crate::error::{CapiError, anpr_status};
use crate::ffi::{ArcHandle, BoxHandle, reset_out, try_slice, try_str, write_out};
use crate::frame::{anpr_roi, frame_from_raw};
use crate::hotlist::{ANPR_TIME_NONE, Hits, anpr_hits, anpr_hotlist, required_time, urgency_number};
use crate::panic::{ffi_boundary, ffi_status};
use crate::results::{anpr_results, results_plate};

/// Outcome kind: the read matched nothing; no plate text survives (only a pseudonym, if configured).
pub const ANPR_OUTCOME_NO_HIT: u32 = 0;
/// Outcome kind: the read matched one or more hotlist entries: an alert.
pub const ANPR_OUTCOME_HIT: u32 = 1;
/// Outcome kind: no match, kept with its text because keep-all-passages is switched on.
pub const ANPR_OUTCOME_PASSAGE: u32 = 2;

/// Length of a pseudonym token in characters (hex digits), without the terminating NUL.
pub const ANPR_PSEUDONYM_LEN: usize = 32;

/// How long records are kept. Defaults: no-hit records 0 s (dropped at once), hits 28 days, images 7 days,
/// keep-all-passages off. Every limit is at most 28 days.
///
/// Create with `anpr_retention_policy_new`, release with `anpr_retention_policy_free`. Not for concurrent
/// mutation; reading it from several threads at once (e.g. in `anpr_assess`) is fine.
#[allow(non_camel_case_types)]
pub struct anpr_retention_policy {
    _private: [u8; 0],
}

impl BoxHandle for anpr_retention_policy {
    type Rust = RetentionPolicy;
}

/// Turns plates into period-scoped tokens (HMAC-SHA256 with a per-period key derived from the operator key).
///
/// Create with `anpr_pseudonymizer_new`, release with `anpr_pseudonymizer_free`. Immutable: safe to share
/// across threads. The key is copied and zeroed when the pseudonymizer is freed.
#[allow(non_camel_case_types)]
pub struct anpr_pseudonymizer {
    _private: [u8; 0],
}

impl ArcHandle for anpr_pseudonymizer {
    type Rust = Pseudonymizer;
}

/// What is left of one read after matching and the retention policy.
///
/// Returned by `anpr_assess`; owned by the caller; release with `anpr_outcome_free`. Strings and the hits it
/// lends are owned by it and valid until `anpr_outcome_free`. Immutable: may be read from several threads.
#[allow(non_camel_case_types)]
pub struct anpr_outcome {
    _private: [u8; 0],
}

impl BoxHandle for anpr_outcome {
    type Rust = OutcomeC;
}

/// The outcomes of every plate of one frame, from `anpr_engine_read_and_match`.
///
/// Owned by the caller; release with `anpr_outcomes_free`. The outcomes it lends (`anpr_outcomes_get`) and all
/// strings are valid until then. Immutable: may be read from several threads.
#[allow(non_camel_case_types)]
pub struct anpr_outcomes {
    _private: [u8; 0],
}

impl BoxHandle for anpr_outcomes {
    type Rust = Outcomes;
}

/// The Rust value behind `anpr_outcomes`.
pub(crate) struct Outcomes {
    items: Vec<OutcomeC>,
    json: CString,
}

/// The Rust value behind `anpr_outcome`.
pub(crate) struct OutcomeC {
    outcome: Outcome,
    plate: Option<CString>,
    display: Option<CString>,
    pseudonym: Option<CString>,
    hits: Option<Hits>,
    json: CString,
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

impl OutcomeC {
    pub(crate) fn new(outcome: Outcome) -> Self {
        let (plate, display, pseudonym, hits) = match &outcome {
            Outcome::Hit(a) => {
                (Some(c_string(&a.plate)), Some(c_string(&a.display)), None, Some(Hits::new(a.hits.clone())))
            }
            Outcome::Passage(p) => (Some(c_string(&p.plate)), Some(c_string(&p.display)), None, None),
            Outcome::NoHit(n) => (None, None, n.pseudonym.as_ref().map(|p| c_string(&p.token)), None),
        };
        let json = c_string(&serde_json::to_string(&outcome).unwrap_or_default());
        Self { outcome, plate, display, pseudonym, hits, json }
    }
}

/// Seconds as a duration, checked to fit.
fn seconds(s: u64, what: &str) -> Result<Duration, CapiError> {
    i64::try_from(s).map(Duration::seconds).map_err(|_| CapiError::invalid(format!("{what} of {s} s is too long")))
}

/// A retention policy with the defaults. On success `*out_policy` receives a policy owned by the caller (release
/// with `anpr_retention_policy_free`); on failure NULL.
///
/// # Safety
/// `out_policy` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_new(out_policy: *mut *mut anpr_retention_policy) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_policy, std::ptr::null_mut(), "out_policy") }?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_policy, anpr_retention_policy::into_raw(RetentionPolicy::default())) };
        Ok(())
    }
}

/// Release a policy. NULL is a no-op.
///
/// # Safety
/// `policy` is NULL or a live policy not used by another thread; it is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_free(policy: *mut anpr_retention_policy) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_retention_policy::free(policy) } }
}

/// Which retention a setter changes.
#[derive(Clone, Copy)]
enum Retention {
    NoHit,
    Hit,
    Image,
    Passages,
}

/// # Safety
/// `policy` is NULL or a live policy not used by another thread during the call.
unsafe fn set_retention(policy: *mut anpr_retention_policy, which: Retention, secs: u64) -> Result<(), CapiError> {
    // SAFETY: per the contract above.
    let p = unsafe { anpr_retention_policy::try_mut(policy, "policy") }?;
    let d = seconds(secs, "retention")?;
    // The policy is unchanged when the new value is rejected.
    *p = match which {
        Retention::NoHit => p.no_hit(d)?,
        Retention::Hit => p.hit(d)?,
        Retention::Image => p.image(d)?,
        Retention::Passages => p.keep_all_passages(d)?,
    };
    Ok(())
}

/// How long a no-hit record (which holds no plate text) is kept, in seconds; at most 28 days.
/// Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_POLICY` (too long; the policy is unchanged).
///
/// # Safety
/// `policy` is NULL or a live policy not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_set_no_hit(
    policy: *mut anpr_retention_policy,
    seconds: u64,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { set_retention(policy, Retention::NoHit, seconds) } }
}

/// How long a hit (alert) is kept, in seconds; at most 28 days. Errors as `anpr_retention_policy_set_no_hit`.
///
/// # Safety
/// As `anpr_retention_policy_set_no_hit`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_set_hit(
    policy: *mut anpr_retention_policy,
    seconds: u64,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { set_retention(policy, Retention::Hit, seconds) } }
}

/// How long an image kept with a hit is kept, in seconds; at most 28 days. Errors as
/// `anpr_retention_policy_set_no_hit`.
///
/// # Safety
/// As `anpr_retention_policy_set_no_hit`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_set_image(
    policy: *mut anpr_retention_policy,
    seconds: u64,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { set_retention(policy, Retention::Image, seconds) } }
}

/// Switch on keeping every passage *with its plate text* for `seconds` (at most 28 days). Only for deployments
/// that meet the legal conditions for it (in the Netherlands art. 126jj Sv); off by default. Errors as
/// `anpr_retention_policy_set_no_hit`.
///
/// # Safety
/// As `anpr_retention_policy_set_no_hit`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_retention_policy_set_keep_all_passages(
    policy: *mut anpr_retention_policy,
    seconds: u64,
) -> anpr_status {
    // SAFETY: per the contract above.
    ffi_status! { unsafe { set_retention(policy, Retention::Passages, seconds) } }
}

/// A pseudonymizer with period keys derived from one operator key (`key_len` ≥ 16 bytes at `key`, copied) and
/// periods of `period_seconds` (≥ 60) aligned to the Unix epoch. On success `*out_pseudonymizer` receives a
/// pseudonymizer owned by the caller (release with `anpr_pseudonymizer_free`); on failure NULL. Errors:
/// `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_POLICY` (short key or period).
///
/// # Safety
/// `key` is NULL or valid for reads of `key_len` bytes; `out_pseudonymizer` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_pseudonymizer_new(
    key: *const u8,
    key_len: usize,
    period_seconds: u64,
    out_pseudonymizer: *mut *mut anpr_pseudonymizer,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_pseudonymizer, std::ptr::null_mut(), "out_pseudonymizer") }?;
        if key.is_null() {
            return Err(CapiError::null("key"));
        }
        // SAFETY: per the contract above.
        let key = unsafe { try_slice(key, key_len, "key") }?;
        let p = Pseudonymizer::derived(key, seconds(period_seconds, "period")?)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_pseudonymizer, anpr_pseudonymizer::into_raw(p)) };
        Ok(())
    }
}

/// Release a pseudonymizer (its key is zeroed). NULL is a no-op.
///
/// # Safety
/// `pseudonymizer` is NULL or a live pseudonymizer no call is using; it is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_pseudonymizer_free(pseudonymizer: *mut anpr_pseudonymizer) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_pseudonymizer::free(pseudonymizer) } }
}

/// The pseudonym of `plate` (any common spelling) at `at` (Unix seconds): `ANPR_PSEUDONYM_LEN` hex digits and a
/// NUL written to `out_token`, which must have room for `token_capacity` ≥ `ANPR_PSEUDONYM_LEN + 1` bytes; the
/// start of its period (Unix seconds) to `*out_period_start` unless that is NULL. Equal plates give equal tokens
/// within one period. Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_INVALID_ARGUMENT` (small buffer, bad
/// time), `ANPR_STATUS_INVALID_PLATE`; on error `out_token` holds `""` when it has room. Thread safety: safe
/// from any number of threads.
///
/// # Safety
/// `pseudonymizer` is NULL or live; `plate` is NULL or NUL-terminated; `out_token` is NULL or valid for writes of
/// `token_capacity` bytes; `out_period_start` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_pseudonymizer_pseudonym(
    pseudonymizer: *const anpr_pseudonymizer,
    plate: *const c_char,
    at: i64,
    out_token: *mut c_char,
    token_capacity: usize,
    out_period_start: *mut i64,
) -> anpr_status {
    ffi_status! {
        if out_token.is_null() {
            return Err(CapiError::null("out_token"));
        }
        if token_capacity > 0 {
            // SAFETY: non-NULL with room for at least one byte, per the contract above.
            unsafe { write_out(out_token, 0) };
        }
        if !out_period_start.is_null() {
            // SAFETY: non-NULL, valid per the contract above.
            unsafe { write_out(out_period_start, ANPR_TIME_NONE) };
        }
        if token_capacity < ANPR_PSEUDONYM_LEN + 1 {
            return Err(CapiError::invalid(format!(
                "token buffer of {token_capacity} bytes is too small (needs {})",
                ANPR_PSEUDONYM_LEN + 1
            )));
        }
        // SAFETY: per the contract above.
        let p = unsafe { anpr_pseudonymizer::try_ref(pseudonymizer, "pseudonymizer") }?;
        // SAFETY: per the contract above.
        let plate = anpr_core::formats::normalize(unsafe { try_str(plate, "plate") }?)?;
        let pseudonym = p.pseudonym(&plate, required_time(at, "at")?)?;
        let token = pseudonym.token.as_bytes();
        let n = token.len().min(token_capacity - 1);
        // SAFETY: `out_token` has room for `token_capacity` > n bytes; the regions do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(token.as_ptr(), out_token.cast::<u8>(), n);
            out_token.add(n).write(0);
            if !out_period_start.is_null() {
                write_out(out_period_start, pseudonym.period_start.unix_timestamp());
            }
        }
        Ok(())
    }
}

/// The combined read-and-match step of a camera integration: match plate `index` of `results` against `hotlist`
/// at `now` (Unix seconds) and apply `policy`. A hit gives an alert with delete-by times; no hit gives an
/// anonymous record without plate text (with a pseudonym when `pseudonymizer` is not NULL), or, with
/// keep-all-passages on, a passage with its text.
///
/// On success `*out_outcome` receives a new outcome owned by the caller (release with `anpr_outcome_free`); on
/// failure NULL. The outcome holds its own copies: `results` is not changed. For privacy, free the results as
/// soon as they are assessed. Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_OUT_OF_RANGE`,
/// `ANPR_STATUS_INVALID_ARGUMENT` (bad time). Thread safety: safe from any number of threads sharing the hotlist,
/// policy and pseudonymizer.
///
/// # Safety
/// `results`, `hotlist`, `policy` are NULL or live; `pseudonymizer` is NULL or live; `out_outcome` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_assess(
    results: *const anpr_results,
    index: usize,
    hotlist: *const anpr_hotlist,
    policy: *const anpr_retention_policy,
    pseudonymizer: *const anpr_pseudonymizer,
    now: i64,
    out_outcome: *mut *mut anpr_outcome,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_outcome, std::ptr::null_mut(), "out_outcome") }?;
        // SAFETY: per the contract above.
        let read = unsafe { results_plate(results, index) }?.clone();
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let policy = unsafe { anpr_retention_policy::try_ref(policy, "policy") }?;
        let pseudonyms = if pseudonymizer.is_null() {
            None
        } else {
            // SAFETY: per the contract above.
            Some(unsafe { anpr_pseudonymizer::try_ref(pseudonymizer, "pseudonymizer") }?)
        };
        let outcome = assess_with(read, &set.snapshot(), policy, pseudonyms, required_time(now, "now")?);
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_outcome, anpr_outcome::into_raw(OutcomeC::new(outcome))) };
        Ok(())
    }
}

/// Release an outcome, its strings and the hits it lends. NULL is a no-op.
///
/// # Safety
/// `outcome` is NULL or a live outcome not used by another thread; nothing borrowed from it is used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_free(outcome: *mut anpr_outcome) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_outcome::free(outcome) } }
}

/// The numbers of an outcome: each out-pointer that is not NULL receives its value: the kind
/// (`ANPR_OUTCOME_*`), when the record must be deleted (Unix seconds), when an image kept with an alert must be
/// deleted (`ANPR_TIME_NONE` unless a hit), and the urgency of the most urgent hit (`ANPR_URGENCY_*`; 0 unless a
/// hit). Errors: `ANPR_STATUS_NULL_ARGUMENT` (`outcome`).
///
/// # Safety
/// `outcome` is NULL or live; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_info(
    outcome: *const anpr_outcome,
    out_kind: *mut u32,
    out_delete_by: *mut i64,
    out_image_delete_by: *mut i64,
    out_urgency: *mut u32,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let o = &unsafe { anpr_outcome::try_ref(outcome, "outcome") }?.outcome;
        let (kind, image, urgency) = match o {
            Outcome::NoHit(_) => (ANPR_OUTCOME_NO_HIT, ANPR_TIME_NONE, 0),
            Outcome::Hit(a) => (ANPR_OUTCOME_HIT, a.image_delete_by.unix_timestamp(), urgency_number(a.urgency)),
            Outcome::Passage(_) => (ANPR_OUTCOME_PASSAGE, ANPR_TIME_NONE, 0),
        };
        // SAFETY: each is written only when non-NULL, valid per the contract above.
        unsafe {
            if !out_kind.is_null() { write_out(out_kind, kind) }
            if !out_delete_by.is_null() { write_out(out_delete_by, o.delete_by().unix_timestamp()) }
            if !out_image_delete_by.is_null() { write_out(out_image_delete_by, image) }
            if !out_urgency.is_null() { write_out(out_urgency, urgency) }
        }
        Ok(())
    }
}

/// The plate text of a hit or passage (NULL for a no-hit record, which keeps no text; NULL when `outcome` is
/// NULL). Owned by the outcome, valid until `anpr_outcome_free`.
///
/// # Safety
/// `outcome` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_plate(outcome: *const anpr_outcome) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcome::try_ref(outcome, "outcome") }
            .ok()
            .and_then(|o| o.plate.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

/// The display form of a hit's or passage's plate; otherwise as `anpr_outcome_plate`.
///
/// # Safety
/// `outcome` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_display(outcome: *const anpr_outcome) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcome::try_ref(outcome, "outcome") }
            .ok()
            .and_then(|o| o.display.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

/// The pseudonym token of a no-hit record (NULL when there is none). Owned by the outcome.
///
/// # Safety
/// `outcome` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_pseudonym(outcome: *const anpr_outcome) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcome::try_ref(outcome, "outcome") }
            .ok()
            .and_then(|o| o.pseudonym.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

/// The hits of an alert (NULL unless the outcome is a hit). Lent by the outcome: read it with the `anpr_hits_*`
/// accessors, never pass it to `anpr_hits_free`; valid until `anpr_outcome_free`.
///
/// # Safety
/// `outcome` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_hits(outcome: *const anpr_outcome) -> *const anpr_hits {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcome::try_ref(outcome, "outcome") }
            .ok()
            .and_then(|o| o.hits.as_ref())
            .map_or(std::ptr::null(), |h| std::ptr::from_ref(h).cast::<anpr_hits>())
    }
}

/// The outcome as a JSON object tagged by `"outcome"` (`"no_hit"`, `"hit"` or `"passage"`), owned by the outcome
/// and valid until `anpr_outcome_free`; NULL when `outcome` is NULL.
///
/// # Safety
/// `outcome` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcome_json(outcome: *const anpr_outcome) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcome::try_ref(outcome, "outcome") }.map_or(std::ptr::null(), |o| o.json.as_ptr())
    }
}

/// The privacy-by-design entry point: read every plate in a raw frame (or in `roi`), match each against
/// `hotlist` at `now` (Unix seconds) and apply `policy` (and `pseudonymizer`, which may be NULL), so that no plate
/// text of a no-hit ever reaches the caller. The frame arguments are as for `anpr_engine_read`.
///
/// On success `*out_outcomes` receives one outcome per plate, owned by the caller (release with
/// `anpr_outcomes_free`); on failure NULL. Errors: those of `anpr_engine_read`, `ANPR_STATUS_NULL_ARGUMENT`
/// (`hotlist`, `policy`), `ANPR_STATUS_INVALID_ARGUMENT` (bad time). Thread safety: any number of threads may call
/// this at once with the same engine, hotlist, policy and pseudonymizer.
///
/// # Safety
/// As `anpr_engine_read`; `hotlist`, `policy` are NULL or live; `pseudonymizer` is NULL or live;
/// `out_outcomes` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_engine_read_and_match(
    engine: *const anpr_engine,
    data: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    pixel_format: u32,
    roi: *const anpr_roi,
    hotlist: *const anpr_hotlist,
    policy: *const anpr_retention_policy,
    pseudonymizer: *const anpr_pseudonymizer,
    now: i64,
    out_outcomes: *mut *mut anpr_outcomes,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_outcomes, std::ptr::null_mut(), "out_outcomes") }?;
        // SAFETY: per the contract above.
        let engine = unsafe { anpr_engine::try_ref(engine, "engine") }?;
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let policy = unsafe { anpr_retention_policy::try_ref(policy, "policy") }?;
        let pseudonyms = if pseudonymizer.is_null() {
            None
        } else {
            // SAFETY: per the contract above.
            Some(unsafe { anpr_pseudonymizer::try_ref(pseudonymizer, "pseudonymizer") }?)
        };
        let now = required_time(now, "now")?;
        // SAFETY: per the contract above.
        let frame = unsafe { frame_from_raw(data, len, width, height, stride, pixel_format) }?;
        // SAFETY: per the contract above.
        let roi = unsafe { roi.as_ref() }.map(|r| r.to_core());
        let result = engine.read_and_match(&frame, roi, set, policy, pseudonyms, now)?;
        let json = c_string(&serde_json::to_string(&result).unwrap_or_default());
        let items = result.outcomes.into_iter().map(OutcomeC::new).collect();
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_outcomes, anpr_outcomes::into_raw(Outcomes { items, json })) };
        Ok(())
    }
}

/// Release outcomes and everything borrowed from them. NULL is a no-op.
///
/// # Safety
/// `outcomes` is NULL or live outcomes not used by another thread; nothing borrowed from them is used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcomes_free(outcomes: *mut anpr_outcomes) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_outcomes::free(outcomes) } }
}

/// The number of outcomes (one per plate read); 0 when `outcomes` is NULL.
///
/// # Safety
/// `outcomes` is NULL or live outcomes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcomes_count(outcomes: *const anpr_outcomes) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_outcomes::try_ref(outcomes, "outcomes") }.map_or(0, |o| o.items.len()) }
}

/// Outcome `index`, lent by `outcomes`: read it with the `anpr_outcome_*` accessors, never pass it to
/// `anpr_outcome_free`; valid until `anpr_outcomes_free`. NULL when `outcomes` is NULL or `index` out of range.
///
/// # Safety
/// `outcomes` is NULL or live outcomes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcomes_get(outcomes: *const anpr_outcomes, index: usize) -> *const anpr_outcome {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcomes::try_ref(outcomes, "outcomes") }
            .ok()
            .and_then(|o| o.items.get(index))
            .map_or(std::ptr::null(), |o| std::ptr::from_ref(o).cast::<anpr_outcome>())
    }
}

/// All outcomes and the frame's timings as one JSON object (`{"outcomes": [...], "timings": {...}}`), owned by
/// `outcomes` and valid until `anpr_outcomes_free`; NULL when `outcomes` is NULL.
///
/// # Safety
/// `outcomes` is NULL or live outcomes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_outcomes_json(outcomes: *const anpr_outcomes) -> *const c_char {
    ffi_boundary! {
        // SAFETY: per the contract above.
        unsafe { anpr_outcomes::try_ref(outcomes, "outcomes") }.map_or(std::ptr::null(), |o| o.json.as_ptr())
    }
}
