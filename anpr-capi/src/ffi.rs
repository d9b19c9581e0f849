//! Opaque handles and pointer helpers.
//!
//! Each C handle type is a zero-sized opaque struct tied to its Rust type by [`BoxHandle`] (owned, mutable
//! objects: builders, results) or [`ArcHandle`] (shared objects: the engine). The helpers here are the only places
//! that cast handle pointers.

use std::ffi::{CStr, c_char};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::CapiError;

/// An opaque handle owned through a `Box`.
pub(crate) trait BoxHandle: Sized {
    /// The Rust value behind the handle.
    type Rust;

    /// Move `value` to the heap and hand out its handle. The caller frees it with [`BoxHandle::free`].
    fn into_raw(value: Self::Rust) -> *mut Self {
        Box::into_raw(Box::new(value)).cast()
    }

    /// Borrow the value behind a handle; NULL gives an error naming `what`.
    ///
    /// # Safety
    /// `ptr` is NULL or came from [`BoxHandle::into_raw`] of this type and was not freed; no `&mut` to it exists
    /// for `'a`.
    unsafe fn try_ref<'a>(ptr: *const Self, what: &str) -> Result<&'a Self::Rust, CapiError> {
        // SAFETY: per the contract above, a non-NULL `ptr` points to a live `Self::Rust`.
        unsafe { ptr.cast::<Self::Rust>().as_ref() }.ok_or_else(|| CapiError::null(what))
    }

    /// Mutably borrow the value behind a handle; NULL gives an error naming `what`.
    ///
    /// # Safety
    /// As [`BoxHandle::try_ref`], and no other reference to the value exists for `'a`.
    unsafe fn try_mut<'a>(ptr: *mut Self, what: &str) -> Result<&'a mut Self::Rust, CapiError> {
        // SAFETY: per the contract above.
        unsafe { ptr.cast::<Self::Rust>().as_mut() }.ok_or_else(|| CapiError::null(what))
    }

    /// Drop the value behind a handle; NULL is a no-op.
    ///
    /// # Safety
    /// `ptr` is NULL or came from [`BoxHandle::into_raw`] of this type and was not freed; it is not used again.
    unsafe fn free(ptr: *mut Self) {
        if !ptr.is_null() {
            // SAFETY: per the contract above, `ptr` is a live `Box<Self::Rust>` that we now own.
            drop(unsafe { Box::from_raw(ptr.cast::<Self::Rust>()) });
        }
    }
}

/// An opaque handle owned through an `Arc` (shared, read-only, usable from many threads).
pub(crate) trait ArcHandle: Sized {
    /// The Rust value behind the handle.
    type Rust: Send + Sync;

    /// Move `value` into an `Arc` and hand out its handle. The caller releases it with [`ArcHandle::free`].
    fn into_raw(value: Self::Rust) -> *mut Self {
        Arc::into_raw(Arc::new(value)).cast_mut().cast()
    }

    /// Borrow the shared value behind a handle; NULL gives an error naming `what`.
    ///
    /// # Safety
    /// `ptr` is NULL or came from [`ArcHandle::into_raw`] of this type and is not released during `'a`.
    unsafe fn try_ref<'a>(ptr: *const Self, what: &str) -> Result<&'a Self::Rust, CapiError> {
        // SAFETY: per the contract above, the Arc keeps the value alive for `'a`.
        unsafe { ptr.cast::<Self::Rust>().as_ref() }.ok_or_else(|| CapiError::null(what))
    }

    /// Release the reference behind a handle; NULL is a no-op.
    ///
    /// # Safety
    /// `ptr` is NULL or came from [`ArcHandle::into_raw`] of this type and is not used again.
    unsafe fn free(ptr: *const Self) {
        if !ptr.is_null() {
            // SAFETY: per the contract above, this gives back the reference counted by `into_raw`.
            drop(unsafe { Arc::from_raw(ptr.cast::<Self::Rust>()) });
        }
    }
}

/// Write `value` through an out-pointer that was already checked non-NULL.
///
/// # Safety
/// `out` is valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: per the contract above.
    unsafe { out.write(value) };
}

/// Check an out-pointer and reset what it points to to `empty` before any work is done.
///
/// # Safety
/// `out` is NULL or valid for a write of `T`.
pub(crate) unsafe fn reset_out<T>(out: *mut T, empty: T, what: &str) -> Result<(), CapiError> {
    if out.is_null() {
        return Err(CapiError::null(what));
    }
    // SAFETY: `out` is non-NULL and valid per the contract above.
    unsafe { write_out(out, empty) };
    Ok(())
}

/// Borrow `len` bytes at `data`. NULL is an error unless `len` is 0.
///
/// # Safety
/// `data` is NULL or valid for reads of `len` bytes for `'a`, and not written meanwhile.
pub(crate) unsafe fn try_slice<'a, T>(data: *const T, len: usize, what: &str) -> Result<&'a [T], CapiError> {
    if data.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(CapiError::null(what)) };
    }
    if len.checked_mul(size_of::<T>()).is_none_or(|bytes| bytes > isize::MAX as usize) {
        return Err(CapiError::invalid(format!("{what}: length {len} is too large")));
    }
    // SAFETY: non-NULL, length in range, valid per the contract above.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// Borrow a NUL-terminated UTF-8 string.
///
/// # Safety
/// `s` is NULL or a valid NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn try_str<'a>(s: *const c_char, what: &str) -> Result<&'a str, CapiError> {
    if s.is_null() {
        return Err(CapiError::null(what));
    }
    // SAFETY: non-NULL and NUL-terminated per the contract above.
    let c = unsafe { CStr::from_ptr(s) };
    c.to_str().map_err(|_| CapiError::invalid(format!("{what} is not valid UTF-8")))
}

/// A file-system path from a NUL-terminated string (any bytes on Unix, UTF-8 elsewhere).
///
/// # Safety
/// As [`try_str`].
pub(crate) unsafe fn try_path(s: *const c_char, what: &str) -> Result<PathBuf, CapiError> {
    if s.is_null() {
        return Err(CapiError::null(what));
    }
    // SAFETY: non-NULL and NUL-terminated per the contract above.
    let c = unsafe { CStr::from_ptr(s) };
    if c.to_bytes().is_empty() {
        return Err(CapiError::invalid(format!("{what} is empty")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(PathBuf::from(std::ffi::OsStr::from_bytes(c.to_bytes())))
    }
    #[cfg(not(unix))]
    {
        c.to_str().map(PathBuf::from).map_err(|_| CapiError::invalid(format!("{what} is not valid UTF-8")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::anpr_status;

    struct Opaque {
        _private: [u8; 0],
    }
    impl BoxHandle for Opaque {
        type Rust = Vec<u32>;
    }
    struct Shared {
        _private: [u8; 0],
    }
    impl ArcHandle for Shared {
        type Rust = String;
    }

    #[test]
    fn box_handles_round_trip_and_free_null() {
        let p = Opaque::into_raw(vec![1, 2, 3]);
        // SAFETY: `p` is live and not aliased mutably in this test.
        unsafe {
            assert_eq!(Opaque::try_ref(p, "p").map(|v| v.len()).ok(), Some(3));
            Opaque::try_mut(p, "p").map(|v| v.push(4)).ok();
            assert_eq!(Opaque::try_ref(p, "p").map(|v| v.len()).ok(), Some(4));
            Opaque::free(p);
            Opaque::free(std::ptr::null_mut());
            let e = Opaque::try_ref(std::ptr::null(), "thing").err().map(|e| (e.status, e.message));
            assert_eq!(e, Some((anpr_status::NullArgument, "thing must not be NULL".to_owned())));
        }
    }

    #[test]
    fn arc_handles_round_trip() {
        let p = Shared::into_raw("engine".to_owned());
        // SAFETY: `p` is live until freed below.
        unsafe {
            assert_eq!(Shared::try_ref(p, "p").map(String::as_str).ok(), Some("engine"));
            Shared::free(p);
            Shared::free(std::ptr::null());
        }
    }

    #[test]
    fn slices_strings_and_out_params() {
        let data = [1u8, 2, 3];
        // SAFETY: valid pointers and lengths, or NULL.
        unsafe {
            assert_eq!(try_slice(data.as_ptr(), 3, "d").ok(), Some(&data[..]));
            assert_eq!(try_slice::<u8>(std::ptr::null(), 0, "d").map(<[u8]>::len).ok(), Some(0));
            assert!(try_slice::<u8>(std::ptr::null(), 1, "d").is_err());
            assert!(try_slice(data.as_ptr(), usize::MAX, "d").is_err());
            assert_eq!(try_str(c"NL".as_ptr(), "s").ok(), Some("NL"));
            assert!(try_str(c"\xff".as_ptr(), "s").is_err());
            assert!(try_str(std::ptr::null(), "s").is_err());
            assert!(try_path(c"".as_ptr(), "p").is_err());
            assert_eq!(try_path(c"/x.onnx".as_ptr(), "p").ok(), Some(PathBuf::from("/x.onnx")));
            let mut out = 7u32;
            assert!(reset_out(&mut out, 0, "out").is_ok());
            assert_eq!(out, 0);
            assert!(reset_out(std::ptr::null_mut::<u32>(), 0, "out").is_err());
        }
    }
}
