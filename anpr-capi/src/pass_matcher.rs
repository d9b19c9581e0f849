//! Passes through the hotlist (`anpr_pass_matcher`): the camera integration's alert step for tracked streams —
//! each pass becomes an outcome like a single read, and each hotlist entry alerts at most once per window.

use anpr_core::tracker::PassMatcher;

use crate::error::{CapiError, anpr_status};
use crate::ffi::{ArcHandle, BoxHandle, reset_out, write_out};
use crate::hotlist::{anpr_hotlist, required_time};
use crate::panic::{ffi_boundary, ffi_status};
use crate::privacy::{OutcomeC, anpr_outcome, anpr_pseudonymizer, anpr_retention_policy};
use crate::tracker::anpr_passes;

/// Matches the passes of one camera stream against a hotlist, with one alert per hotlist entry per window of
/// stream time. Create with `anpr_pass_matcher_new`, release with `anpr_pass_matcher_free`. One per camera;
/// one thread at a time per matcher.
#[allow(non_camel_case_types)]
pub struct anpr_pass_matcher {
    _private: [u8; 0],
}

impl BoxHandle for anpr_pass_matcher {
    type Rust = PassMatcher;
}

/// A pass matcher that lets each hotlist entry alert at most once per `window_s` seconds (stream time, as passed
/// to the tracker; ≥ 0), remembering at most `capacity` (≥ 1) entries, applying `policy` (NULL: the default
/// policy; copied, so it may be freed afterwards). On success `*out_matcher` receives a matcher owned by the
/// caller (release with `anpr_pass_matcher_free`); on failure NULL. Errors: `ANPR_STATUS_NULL_ARGUMENT`
/// (`out_matcher`), `ANPR_STATUS_INVALID_ARGUMENT` (window or capacity).
///
/// # Safety
/// `policy` is NULL or a live policy; `out_matcher` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_pass_matcher_new(
    window_s: f64,
    capacity: usize,
    policy: *const anpr_retention_policy,
    out_matcher: *mut *mut anpr_pass_matcher,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_matcher, std::ptr::null_mut(), "out_matcher") }?;
        let policy = if policy.is_null() {
            Default::default()
        } else {
            // SAFETY: per the contract above.
            *unsafe { anpr_retention_policy::try_ref(policy, "policy") }?
        };
        let matcher = PassMatcher::new(window_s, capacity, policy).map_err(CapiError::from)?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_matcher, anpr_pass_matcher::into_raw(matcher)) };
        Ok(())
    }
}

/// Release a pass matcher. NULL is a no-op.
///
/// # Safety
/// `matcher` is NULL or a live matcher no call is using; not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_pass_matcher_free(matcher: *mut anpr_pass_matcher) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_pass_matcher::free(matcher) } }
}

/// Match pass `index` of `passes` against `hotlist` at `now` (Unix seconds): the outcome is what `anpr_assess`
/// gives for a read (an alert with delete-by times, or a record without plate text — with a pseudonym when
/// `pseudonymizer` is not NULL), and `*out_alert` says whether this pass should alert the control room (it hit,
/// and that hotlist entry has not alerted from this matcher within the window).
///
/// On success `*out_outcome` receives a new outcome owned by the caller (release with `anpr_outcome_free`); on
/// failure NULL and `*out_alert` false. `passes` is not changed: for privacy, free it once assessed. Errors:
/// `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_OUT_OF_RANGE` (`index`), `ANPR_STATUS_INVALID_ARGUMENT` (bad time).
/// Thread safety: one thread at a time per matcher; the hotlist may be shared.
///
/// # Safety
/// `matcher` is NULL or a live matcher not used by another thread; `passes` and `hotlist` are NULL or live;
/// `pseudonymizer` is NULL or live; `out_outcome` and `out_alert` are NULL or valid for a write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn anpr_pass_matcher_assess(
    matcher: *mut anpr_pass_matcher,
    passes: *const anpr_passes,
    index: usize,
    hotlist: *const anpr_hotlist,
    pseudonymizer: *const anpr_pseudonymizer,
    now: i64,
    out_outcome: *mut *mut anpr_outcome,
    out_alert: *mut bool,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_outcome, std::ptr::null_mut(), "out_outcome") }?;
        // SAFETY: per the contract above.
        unsafe { reset_out(out_alert, false, "out_alert") }?;
        // SAFETY: per the contract above.
        let m = unsafe { anpr_pass_matcher::try_mut(matcher, "matcher") }?;
        // SAFETY: per the contract above.
        let pass = unsafe { anpr_passes::try_ref(passes, "passes") }?.pass(index)?.clone();
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        let pseudonyms = if pseudonymizer.is_null() {
            None
        } else {
            // SAFETY: per the contract above.
            Some(unsafe { anpr_pseudonymizer::try_ref(pseudonymizer, "pseudonymizer") }?)
        };
        let out = m.assess(pass, &set.snapshot(), pseudonyms, required_time(now, "now")?);
        // SAFETY: both checked non-NULL by `reset_out`.
        unsafe {
            write_out(out_alert, out.alert);
            write_out(out_outcome, anpr_outcome::into_raw(OutcomeC::new(out.outcome)));
        }
        Ok(())
    }
}
