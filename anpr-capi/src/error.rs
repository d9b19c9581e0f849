//! Status codes, the mapping from [`anpr_core::ErrorCode`], and the thread-local last-error message.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{CString, c_char};

use anpr_core::ErrorCode;

use crate::panic::ffi_boundary;

/// The result of every fallible call. `ANPR_STATUS_OK` (0) means success.
///
/// The numbers are fixed forever: new codes are only appended, retired ones stay reserved. Codes 1–999 mirror the
/// core library's error codes one to one; codes from 1000 on come from the C binding itself. Values are returned
/// as `uint32_t`; functions that take a status (such as `anpr_status_str`) take a plain `uint32_t`.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum anpr_status {
    /// Success.
    Ok = 0,
    /// An argument or configuration value is invalid.
    InvalidArgument = 1,
    /// A frame buffer is malformed: zero size, stride smaller than a row, buffer too short, unknown pixel format.
    InvalidImage = 2,
    /// Encoded bytes are not a decodable JPEG or PNG.
    ImageDecode = 3,
    /// A model file is missing, malformed or does not follow the model I/O contract.
    ModelLoad = 4,
    /// The ONNX Runtime library could not be found or loaded.
    RuntimeUnavailable = 5,
    /// Running a model failed.
    Inference = 6,
    /// Text that cannot be a number plate.
    InvalidPlate = 7,
    /// A hotlist file or entry is invalid.
    Hotlist = 8,
    /// An I/O operation failed (e.g. a file cannot be read).
    Io = 9,
    /// A retention or privacy policy is invalid.
    Policy = 10,
    /// A required pointer argument was NULL.
    NullArgument = 1000,
    /// An index was out of range (e.g. a plate index not below `anpr_results_count`).
    OutOfRange = 1001,
    /// A bug: the library panicked. The call had no effect that can be relied on; the message says where.
    Panic = 1002,
    /// The core library reported an error this build of the C binding does not know (never expected).
    Unknown = 1003,
}

/// The C status of a core error code: one arm per code, numbers equal to [`ErrorCode::as_u32`].
///
/// `ErrorCode` is `#[non_exhaustive]`, so the compiler demands a wildcard arm; a unit test checks that every known
/// code maps to itself, and a new core code must be appended to `anpr_status` and here.
pub(crate) fn status_of(code: ErrorCode) -> anpr_status {
    match code {
        ErrorCode::InvalidArgument => anpr_status::InvalidArgument,
        ErrorCode::InvalidImage => anpr_status::InvalidImage,
        ErrorCode::ImageDecode => anpr_status::ImageDecode,
        ErrorCode::ModelLoad => anpr_status::ModelLoad,
        ErrorCode::RuntimeUnavailable => anpr_status::RuntimeUnavailable,
        ErrorCode::Inference => anpr_status::Inference,
        ErrorCode::InvalidPlate => anpr_status::InvalidPlate,
        ErrorCode::Hotlist => anpr_status::Hotlist,
        ErrorCode::Io => anpr_status::Io,
        ErrorCode::Policy => anpr_status::Policy,
        _ => anpr_status::Unknown,
    }
}

/// The static description of a status; also the fallback message text.
fn describe(status: u32) -> &'static str {
    // Each string ends in NUL so it can be handed to C as is.
    match status {
        0 => "ok\0",
        1 => "invalid argument\0",
        2 => "invalid image\0",
        3 => "cannot decode image\0",
        4 => "cannot load model\0",
        5 => "ONNX Runtime is not available\0",
        6 => "inference failed\0",
        7 => "not a number plate\0",
        8 => "invalid hotlist\0",
        9 => "i/o error\0",
        10 => "invalid policy\0",
        1000 => "a required pointer argument was NULL\0",
        1001 => "index out of range\0",
        1002 => "internal error (panic)\0",
        1003 => "unknown error\0",
        _ => "unrecognised status code\0",
    }
}

/// An error on its way to C: the status to return and the message for `anpr_last_error_message`.
#[derive(Debug)]
pub(crate) struct CapiError {
    pub(crate) status: anpr_status,
    pub(crate) message: String,
}

impl CapiError {
    /// A NULL pointer where `what` was required.
    pub(crate) fn null(what: &str) -> Self {
        Self { status: anpr_status::NullArgument, message: format!("{what} must not be NULL") }
    }

    /// An invalid argument.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self { status: anpr_status::InvalidArgument, message: message.into() }
    }

    /// An index out of range.
    pub(crate) fn out_of_range(what: &str, index: usize, len: usize) -> Self {
        Self { status: anpr_status::OutOfRange, message: format!("{what} index {index} is out of range (count {len})") }
    }
}

impl From<anpr_core::Error> for CapiError {
    fn from(e: anpr_core::Error) -> Self {
        Self { status: status_of(e.code()), message: e.to_string() }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: &str) {
    let c = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    LAST_ERROR.with(|slot| *slot.borrow_mut() = Some(c));
}

/// Forget the thread's last error (at the start of every status-returning call).
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|slot| *slot.borrow_mut() = None);
}

/// Record a caught panic as the thread's last error.
pub(crate) fn set_panic_message(payload: &(dyn Any + Send)) {
    let detail = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    set_last_error(&format!("internal error: the library panicked: {detail}"));
}

/// Turn a body's result into its status, recording the message of a failure.
pub(crate) fn into_status(result: Result<(), CapiError>) -> anpr_status {
    match result {
        Ok(()) => anpr_status::Ok,
        Err(e) => {
            set_last_error(&e.message);
            e.status
        }
    }
}

/// The static, human-readable description of a status code, e.g. `"invalid image"`.
///
/// Takes any `uint32_t`: unknown values give `"unrecognised status code"`. The returned string is static (never
/// free it; valid for the life of the process). Thread safety: safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn anpr_status_str(status: u32) -> *const c_char {
    ffi_boundary! { describe(status).as_ptr().cast() }
}

/// The message of the most recent failed call on this thread, with context (e.g. which buffer size was wrong).
///
/// Every call that returns an `anpr_status` clears the message when it starts and sets it when it fails; calls
/// that return pointers or counts leave it alone. Returns `""` when there is no error. The string is owned by the
/// library and stays valid until the next status-returning call on the same thread; copy it to keep it. The
/// wording is for people and may change between versions; match on the status code instead. Thread safety: each
/// thread has its own message.
#[unsafe(no_mangle)]
pub extern "C" fn anpr_last_error_message() -> *const c_char {
    ffi_boundary! {
        LAST_ERROR.with(|slot| match slot.borrow().as_ref() {
            // The CString lives in the thread-local until it is replaced, as documented.
            Some(message) => message.as_ptr(),
            None => c"".as_ptr(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_codes_map_to_equal_numbers() {
        let codes = [
            ErrorCode::InvalidArgument,
            ErrorCode::InvalidImage,
            ErrorCode::ImageDecode,
            ErrorCode::ModelLoad,
            ErrorCode::RuntimeUnavailable,
            ErrorCode::Inference,
            ErrorCode::InvalidPlate,
            ErrorCode::Hotlist,
            ErrorCode::Io,
            ErrorCode::Policy,
        ];
        for code in codes {
            let status = status_of(code);
            assert_ne!(status, anpr_status::Unknown, "{code:?} has no status");
            assert_eq!(status as u32, code.as_u32(), "{code:?}");
        }
    }

    #[test]
    fn every_status_has_a_description() {
        for n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000, 1001, 1002, 1003] {
            let text = describe(n);
            assert!(text.ends_with('\0') && text != "unrecognised status code\0", "{n}");
        }
        assert_eq!(describe(77), "unrecognised status code\0");
    }

    #[test]
    fn last_error_is_set_and_cleared() {
        assert_eq!(into_status(Err(CapiError::invalid("nope\0x"))), anpr_status::InvalidArgument);
        // SAFETY: read before the next status-returning call on this thread.
        let msg = unsafe { std::ffi::CStr::from_ptr(anpr_last_error_message()) };
        assert_eq!(msg.to_str().ok(), Some("nope\\0x"));
        clear_last_error();
        // SAFETY: as above.
        let msg = unsafe { std::ffi::CStr::from_ptr(anpr_last_error_message()) };
        assert!(msg.to_bytes().is_empty());
    }
}
