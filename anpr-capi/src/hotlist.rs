//! Hotlists (`anpr_hotlist`): loading CSV from a file or a buffer, adding and removing entries, atomic swaps,
//! and matching reads or texts (`anpr_hits`).

use std::ffi::{CString, c_char};

use anpr_core::hotlist::{CsvLoader, Delta, EntrySpec, Hit, HotlistSet, Lists, MatchKind, MatchMode, Urgency};
use anpr_core::time::OffsetDateTime;

use crate::error::{CapiError, anpr_status};
use crate::ffi::{ArcHandle, BoxHandle, reset_out, try_path, try_slice, try_str, write_out};
use crate::panic::{ffi_boundary, ffi_status};
use crate::results::{anpr_results, results_plate};

/// "No time" for the `int64_t` Unix-seconds arguments and outputs (e.g. an entry that never expires).
pub const ANPR_TIME_NONE: i64 = i64::MIN;

/// Urgency number of a hit: act at once (e.g. a missing person).
pub const ANPR_URGENCY_IMMEDIATE: u32 = 0;
/// Urgency number of a hit: act now.
pub const ANPR_URGENCY_HIGH: u32 = 1;
/// Urgency number of a hit: act soon.
pub const ANPR_URGENCY_ELEVATED: u32 = 2;
/// Urgency number of a hit: handle in the normal course.
pub const ANPR_URGENCY_ROUTINE: u32 = 3;
/// Urgency number of a hit: can wait (e.g. an unpaid fine).
pub const ANPR_URGENCY_LOW: u32 = 4;

/// Match kind number: identical text.
pub const ANPR_MATCH_EXACT: u32 = 0;
/// Match kind number: equal up to look-alike characters (0/O/D/Q, 1/I, 2/Z, 5/S, 8/B, 6/G).
pub const ANPR_MATCH_LOOKALIKE: u32 = 1;
/// Match kind number: within the list's edit tolerance.
pub const ANPR_MATCH_EDIT: u32 = 2;

/// The live hotlist that reads are matched against, over the standard lists (`missing_person`,
/// `wanted_person`, `stolen_vehicle`, `special_action`, `outstanding_sentence`, `unpaid_fine`).
///
/// Create with `anpr_hotlist_new`, release with `anpr_hotlist_free`. Safe to share across threads: matching
/// never waits, and every change (`anpr_hotlist_load_csv_*`, `_add`, `_remove`, `_swap`) builds the next
/// version aside and publishes it with one atomic swap, so a match sees the old or the new version whole.
#[allow(non_camel_case_types)]
pub struct anpr_hotlist {
    _private: [u8; 0],
}

impl ArcHandle for anpr_hotlist {
    type Rust = HotlistSet;
}

/// The hotlist entries one read or text matched, most urgent first.
///
/// Returned by `anpr_hotlist_match*`; owned by the caller; release with `anpr_hits_free`. Strings returned by
/// the accessors are owned by the hits and valid until `anpr_hits_free`. Immutable: may be read from several
/// threads at once; freeing needs exclusive access.
#[allow(non_camel_case_types)]
pub struct anpr_hits {
    _private: [u8; 0],
}

impl BoxHandle for anpr_hits {
    type Rust = Hits;
}

/// NUL-terminated copies of one hit's strings.
struct HitStrings {
    list: CString,
    category: CString,
    reference: CString,
    reason: CString,
    plate: Option<CString>,
    read_text: CString,
}

/// The Rust value behind `anpr_hits`.
pub(crate) struct Hits {
    hits: Vec<Hit>,
    strings: Vec<HitStrings>,
    /// Made on the first `anpr_hits_json` (most callers read the fields), then kept until the hits are freed.
    json: std::sync::OnceLock<CString>,
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

impl Hits {
    pub(crate) fn new(hits: Vec<Hit>) -> Self {
        let strings = hits
            .iter()
            .map(|h| HitStrings {
                list: c_string(&h.list),
                category: c_string(h.category.name()),
                reference: c_string(&h.reference),
                reason: c_string(&h.reason),
                plate: h.plate.as_deref().map(c_string),
                read_text: c_string(&h.read_text),
            })
            .collect();
        Self { hits, strings, json: std::sync::OnceLock::new() }
    }

    fn get(&self, index: usize) -> Result<(&Hit, &HitStrings), CapiError> {
        match (self.hits.get(index), self.strings.get(index)) {
            (Some(h), Some(s)) => Ok((h, s)),
            _ => Err(CapiError::out_of_range("hit", index, self.hits.len())),
        }
    }
}

/// A time from Unix seconds; `ANPR_TIME_NONE` gives `None`.
pub(crate) fn time_from_unix(seconds: i64, what: &str) -> Result<Option<OffsetDateTime>, CapiError> {
    if seconds == ANPR_TIME_NONE {
        return Ok(None);
    }
    OffsetDateTime::from_unix_timestamp(seconds)
        .map(Some)
        .map_err(|_| CapiError::invalid(format!("{what} {seconds} is not a valid Unix time")))
}

/// A required time from Unix seconds.
pub(crate) fn required_time(seconds: i64, what: &str) -> Result<OffsetDateTime, CapiError> {
    time_from_unix(seconds, what)?.ok_or_else(|| CapiError::invalid(format!("{what} is required")))
}

/// Unix seconds of an optional time.
pub(crate) fn unix_of(t: Option<OffsetDateTime>) -> i64 {
    t.map_or(ANPR_TIME_NONE, OffsetDateTime::unix_timestamp)
}

pub(crate) fn urgency_number(u: Urgency) -> u32 {
    match u {
        Urgency::Immediate => ANPR_URGENCY_IMMEDIATE,
        Urgency::High => ANPR_URGENCY_HIGH,
        Urgency::Elevated => ANPR_URGENCY_ELEVATED,
        Urgency::Routine => ANPR_URGENCY_ROUTINE,
        Urgency::Low => ANPR_URGENCY_LOW,
    }
}

fn kind_number(k: MatchKind) -> u32 {
    match k {
        MatchKind::Exact => ANPR_MATCH_EXACT,
        MatchKind::LookAlike => ANPR_MATCH_LOOKALIKE,
        MatchKind::Edit => ANPR_MATCH_EDIT,
    }
}

/// An optional C string argument (NULL = empty).
///
/// # Safety
/// `s` is NULL or a NUL-terminated string.
unsafe fn optional_str<'a>(s: *const c_char, what: &str) -> Result<&'a str, CapiError> {
    if s.is_null() { Ok("") } else { unsafe { try_str(s, what) } }
}

/// A new, empty hotlist over the standard lists. On success `*out_hotlist` receives a hotlist owned by the caller
/// (release with `anpr_hotlist_free`); on failure NULL. Thread safety: safe to call from any thread.
///
/// # Safety
/// `out_hotlist` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_new(out_hotlist: *mut *mut anpr_hotlist) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_hotlist, std::ptr::null_mut(), "out_hotlist") }?;
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_hotlist, anpr_hotlist::into_raw(HotlistSet::empty(Lists::standard()))) };
        Ok(())
    }
}

/// Release a hotlist. NULL is a no-op. Hits already returned stay valid.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; no call may be using it (on any thread) and it must not be used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_free(hotlist: *mut anpr_hotlist) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_hotlist::free(hotlist) } }
}

fn publish_csv(
    set: &HotlistSet,
    loaded: anpr_core::Result<anpr_core::hotlist::Loaded>,
    out_rejected: *mut usize,
) -> Result<(), CapiError> {
    let loaded = loaded?;
    let rejected = loaded.rejected.len();
    set.replace(loaded.hotlist);
    if !out_rejected.is_null() {
        // SAFETY: non-NULL; the callers' contracts make it valid for a write.
        unsafe { write_out(out_rejected, rejected) };
    }
    Ok(())
}

/// Load a hotlist CSV file (header `plate,list,reference,reason,valid_from,expires`; see the anpr-core docs) and
/// publish it atomically in place of the whole current content.
///
/// With `strict`, any bad line fails the whole file (`ANPR_STATUS_HOTLIST`, the message names the line) and
/// nothing changes; otherwise bad lines are skipped and counted in `*out_rejected` (may be NULL). Errors:
/// `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_IO`, `ANPR_STATUS_HOTLIST`. `path` is only borrowed. Thread safety:
/// safe while other threads match or change the same hotlist (changes are serialised). A large file (50,000
/// lines or more) is parsed on two threads where the machine has two or more cores; the extra thread ends
/// before the call returns.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `path` is NULL or a NUL-terminated string; `out_rejected` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_load_csv_file(
    hotlist: *const anpr_hotlist,
    path: *const c_char,
    strict: bool,
    out_rejected: *mut usize,
) -> anpr_status {
    ffi_status! {
        if !out_rejected.is_null() {
            // SAFETY: per the contract above.
            unsafe { write_out(out_rejected, 0) };
        }
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let path = unsafe { try_path(path, "path") }?;
        let loader = CsvLoader::new(set.snapshot().lists().clone()).strict(strict);
        publish_csv(set, loader.load_path(path), out_rejected)
    }
}

/// Load a hotlist CSV from the `len` bytes at `data` (UTF-8) and publish it atomically in place of the whole
/// current content. Otherwise as `anpr_hotlist_load_csv_file` (the buffer is only borrowed).
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `data` is NULL or valid for reads of `len` bytes; `out_rejected` is NULL
/// or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_load_csv_buffer(
    hotlist: *const anpr_hotlist,
    data: *const u8,
    len: usize,
    strict: bool,
    out_rejected: *mut usize,
) -> anpr_status {
    ffi_status! {
        if !out_rejected.is_null() {
            // SAFETY: per the contract above.
            unsafe { write_out(out_rejected, 0) };
        }
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        if data.is_null() {
            return Err(CapiError::null("data"));
        }
        // SAFETY: per the contract above.
        let bytes = unsafe { try_slice(data, len, "data") }?;
        let loader = CsvLoader::new(set.snapshot().lists().clone()).strict(strict);
        publish_csv(set, loader.load(bytes), out_rejected)
    }
}

/// Add an entry, or replace it when `plate` is already on `list`, and publish the change atomically.
///
/// `plate` in any common spelling (`"12-ABC-3"`); `list` names a defined list (e.g. `"stolen_vehicle"`);
/// `reference` and `reason` may be NULL (empty); `valid_from` and `expires` are Unix seconds or `ANPR_TIME_NONE`.
/// All strings are copied. Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_HOTLIST` / `ANPR_STATUS_INVALID_PLATE`
/// (bad plate, unknown list, `expires` not after `valid_from`), `ANPR_STATUS_INVALID_ARGUMENT` (bad time). The
/// cost is a rebuild of the index: batch large changes into a CSV load. Thread safety as
/// `anpr_hotlist_load_csv_file`.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; each string is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_add(
    hotlist: *const anpr_hotlist,
    plate: *const c_char,
    list: *const c_char,
    reference: *const c_char,
    reason: *const c_char,
    valid_from: i64,
    expires: i64,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above (all four).
        let (plate, list, reference, reason) = unsafe {
            (try_str(plate, "plate")?, try_str(list, "list")?, optional_str(reference, "reference")?, optional_str(reason, "reason")?)
        };
        let entry = EntrySpec::new(plate, list)
            .reference(reference)
            .reason(reason)
            .valid(time_from_unix(valid_from, "valid_from")?, time_from_unix(expires, "expires")?);
        set.apply(&Delta { upsert: vec![entry], ..Delta::default() })?;
        Ok(())
    }
}

/// Remove `plate` from `list` (if it is there) and publish the change atomically. Removing an absent plate is
/// not an error. Errors: `ANPR_STATUS_NULL_ARGUMENT`, `ANPR_STATUS_HOTLIST` (unknown list), bad plate text.
/// Thread safety as `anpr_hotlist_load_csv_file`.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `list` and `plate` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_remove(
    hotlist: *const anpr_hotlist,
    list: *const c_char,
    plate: *const c_char,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let (list, plate) = unsafe { (try_str(list, "list")?, try_str(plate, "plate")?) };
        set.apply(&Delta { remove: vec![(list.to_owned(), plate.to_owned())], ..Delta::default() })?;
        Ok(())
    }
}

/// Publish the current content of `source` as the content of `target`, in one atomic swap: prepare the next
/// version in a separate hotlist (load, add, remove), then swap it in while reads go on. `source` is unchanged
/// and may be freed afterwards. Thread safety as `anpr_hotlist_load_csv_file`.
///
/// # Safety
/// `target` and `source` are NULL or live hotlists.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_swap(target: *const anpr_hotlist, source: *const anpr_hotlist) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let (target, source) = unsafe { (anpr_hotlist::try_ref(target, "target")?, anpr_hotlist::try_ref(source, "source")?) };
        target.replace(source.snapshot().as_ref().clone());
        Ok(())
    }
}

/// The number of entries in the current version; 0 when `hotlist` is NULL.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_len(hotlist: *const anpr_hotlist) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }.map_or(0, |s| s.snapshot().len()) }
}

/// Match plate `index` of `results` (its reading and its alternatives) against the current version, as valid at
/// `at` (Unix seconds), with each list's tolerance. On success `*out_hits` receives new hits owned by the caller
/// (possibly zero of them; release with `anpr_hits_free`); on failure NULL. Errors: `ANPR_STATUS_NULL_ARGUMENT`,
/// `ANPR_STATUS_OUT_OF_RANGE`, `ANPR_STATUS_INVALID_ARGUMENT` (bad time). Thread safety: any number of threads
/// may match at once, also while the hotlist changes.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `results` is NULL or live results; `out_hits` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_match(
    hotlist: *const anpr_hotlist,
    results: *const anpr_results,
    index: usize,
    at: i64,
    out_hits: *mut *mut anpr_hits,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_hits, std::ptr::null_mut(), "out_hits") }?;
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let read = unsafe { results_plate(results, index) }?;
        let hits = set.matches_read(read, required_time(at, "at")?);
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_hits, anpr_hits::into_raw(Hits::new(hits))) };
        Ok(())
    }
}

/// Match a plate text (any common spelling) against the current version, as valid at `at` (Unix seconds); with
/// `exact`, identical text only, else as each list's tolerance allows. Ownership, errors and thread safety as
/// `anpr_hotlist_match`; text that cannot be a plate gives `ANPR_STATUS_INVALID_PLATE`.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `text` is NULL or NUL-terminated; `out_hits` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_match_text(
    hotlist: *const anpr_hotlist,
    text: *const c_char,
    at: i64,
    exact: bool,
    out_hits: *mut *mut anpr_hits,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        unsafe { reset_out(out_hits, std::ptr::null_mut(), "out_hits") }?;
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let text = anpr_core::formats::normalize(unsafe { try_str(text, "text") }?)?;
        let mode = if exact { MatchMode::Exact } else { MatchMode::Tolerant };
        let hits = set.snapshot().matches(&text, required_time(at, "at")?, mode);
        // SAFETY: checked non-NULL by `reset_out`.
        unsafe { write_out(out_hits, anpr_hits::into_raw(Hits::new(hits))) };
        Ok(())
    }
}

/// Count, for each of `n` plate texts (any common spelling), the entries of the current version it matches as
/// valid at `at` (Unix seconds), into `out_counts[0..n]`; with `exact`, identical text only, else as each list's
/// tolerance allows. The cheap first check of a batch of reads: faster per text than `anpr_hotlist_match_text`
/// (the lookups of a group of texts overlap), and it builds no hits; call `anpr_hotlist_match_text` for the
/// texts that count more than 0. A text that cannot be a plate counts 0 (no entry can match it). All texts
/// are matched against one version, even while another thread swaps the list. On any error nothing is
/// written to `out_counts`. Thread safety as `anpr_hotlist_match`.
///
/// # Safety
/// `hotlist` is NULL or a live hotlist; `texts` is NULL (only with `n` 0) or points to `n` pointers, each NULL
/// or NUL-terminated; `out_counts` is NULL (only with `n` 0) or valid for writing `n` values.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hotlist_match_count_batch(
    hotlist: *const anpr_hotlist,
    texts: *const *const c_char,
    n: usize,
    at: i64,
    exact: bool,
    out_counts: *mut usize,
) -> anpr_status {
    ffi_status! {
        // SAFETY: per the contract above.
        let set = unsafe { anpr_hotlist::try_ref(hotlist, "hotlist") }?;
        // SAFETY: per the contract above.
        let pointers = unsafe { try_slice(texts, n, "texts") }?;
        if out_counts.is_null() && n > 0 {
            return Err(CapiError::null("out_counts"));
        }
        let at = required_time(at, "at")?;
        let mut normalized = Vec::with_capacity(n);
        for (i, &p) in pointers.iter().enumerate() {
            // SAFETY: per the contract above.
            let text = unsafe { try_str(p, &format!("texts[{i}]")) }?;
            // Text that cannot be a plate stays empty, which matches nothing.
            normalized.push(anpr_core::formats::normalize(text).unwrap_or_default());
        }
        let mode = if exact { MatchMode::Exact } else { MatchMode::Tolerant };
        let counts = set.snapshot().match_count_batch(&normalized, at, mode);
        if n > 0 {
            // SAFETY: `out_counts` is non-NULL and valid for `n` writes per the contract above; `counts` holds
            // one value per text, and the two cannot overlap (one is this function's own allocation).
            unsafe { std::ptr::copy_nonoverlapping(counts.as_ptr(), out_counts, n.min(counts.len())) };
        }
        Ok(())
    }
}

/// Release hits and every string borrowed from them. NULL is a no-op.
///
/// # Safety
/// `hits` is NULL or live hits not used by another thread; neither they nor their strings are used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hits_free(hits: *mut anpr_hits) {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_hits::free(hits) } }
}

/// The number of hits; 0 when `hits` is NULL. Indexes run from 0 (most urgent) to count − 1.
///
/// # Safety
/// `hits` is NULL or live hits.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hits_count(hits: *const anpr_hits) -> usize {
    // SAFETY: per the contract above.
    ffi_boundary! { unsafe { anpr_hits::try_ref(hits, "hits") }.map_or(0, |h| h.hits.len()) }
}

/// The strings of hit `index`: each out-pointer that is not NULL receives a NUL-terminated string owned by
/// `hits` (valid until `anpr_hits_free`): the list name, its category (`"stolen_vehicle"`, ...; `"user_defined"`
/// for an operator's own list), the issuer's reference, the reason, the listed plate (NULL for a hashed entry)
/// and the reading that matched. Errors: `ANPR_STATUS_NULL_ARGUMENT` (`hits`), `ANPR_STATUS_OUT_OF_RANGE`; on
/// error every output is NULL.
///
/// # Safety
/// `hits` is NULL or live hits; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hits_strings(
    hits: *const anpr_hits,
    index: usize,
    out_list: *mut *const c_char,
    out_category: *mut *const c_char,
    out_reference: *mut *const c_char,
    out_reason: *mut *const c_char,
    out_plate: *mut *const c_char,
    out_read_text: *mut *const c_char,
) -> anpr_status {
    ffi_status! {
        let outs = [out_list, out_category, out_reference, out_reason, out_plate, out_read_text];
        for out in outs {
            if !out.is_null() {
                // SAFETY: non-NULL, valid per the contract above.
                unsafe { write_out(out, std::ptr::null()) };
            }
        }
        // SAFETY: per the contract above.
        let (_, s) = unsafe { anpr_hits::try_ref(hits, "hits") }?.get(index)?;
        let values = [
            s.list.as_ptr(),
            s.category.as_ptr(),
            s.reference.as_ptr(),
            s.reason.as_ptr(),
            s.plate.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            s.read_text.as_ptr(),
        ];
        for (out, value) in outs.into_iter().zip(values) {
            if !out.is_null() {
                // SAFETY: non-NULL, valid per the contract above.
                unsafe { write_out(out, value) };
            }
        }
        Ok(())
    }
}

/// The numbers of hit `index`: each out-pointer that is not NULL receives its value: urgency (`ANPR_URGENCY_*`),
/// match kind (`ANPR_MATCH_*`), similarity score in [0, 1], whether an alternative reading matched, and when the
/// entry expires (Unix seconds, `ANPR_TIME_NONE` if never). Errors as `anpr_hits_strings`; on error the outputs
/// are 0 / `ANPR_TIME_NONE`.
///
/// # Safety
/// `hits` is NULL or live hits; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hits_info(
    hits: *const anpr_hits,
    index: usize,
    out_urgency: *mut u32,
    out_kind: *mut u32,
    out_score: *mut f32,
    out_alternative: *mut bool,
    out_expires: *mut i64,
) -> anpr_status {
    ffi_status! {
        // SAFETY (whole block): each out-pointer is written only when non-NULL, valid per the contract above.
        unsafe {
            if !out_urgency.is_null() { write_out(out_urgency, 0) }
            if !out_kind.is_null() { write_out(out_kind, 0) }
            if !out_score.is_null() { write_out(out_score, 0.0) }
            if !out_alternative.is_null() { write_out(out_alternative, false) }
            if !out_expires.is_null() { write_out(out_expires, ANPR_TIME_NONE) }
        }
        // SAFETY: per the contract above.
        let (h, _) = unsafe { anpr_hits::try_ref(hits, "hits") }?.get(index)?;
        // SAFETY: as above.
        unsafe {
            if !out_urgency.is_null() { write_out(out_urgency, urgency_number(h.urgency)) }
            if !out_kind.is_null() { write_out(out_kind, kind_number(h.kind)) }
            if !out_score.is_null() { write_out(out_score, h.score) }
            if !out_alternative.is_null() { write_out(out_alternative, h.alternative) }
            if !out_expires.is_null() { write_out(out_expires, unix_of(h.expires)) }
        }
        Ok(())
    }
}

/// All hits as a JSON array (most urgent first), owned by `hits` and valid until `anpr_hits_free`; NULL when
/// `hits` is NULL.
///
/// # Safety
/// `hits` is NULL or live hits.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anpr_hits_json(hits: *const anpr_hits) -> *const c_char {
    // SAFETY: per the contract above.
    ffi_boundary! {
        unsafe { anpr_hits::try_ref(hits, "hits") }.map_or(std::ptr::null(), |h| {
            h.json.get_or_init(|| c_string(&serde_json::to_string(&h.hits).unwrap_or_default())).as_ptr()
        })
    }
}
