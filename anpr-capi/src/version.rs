//! The library version at run time. The header carries the same numbers as compile-time macros
//! (`ANPR_VERSION_MAJOR`, `_MINOR`, `_PATCH`, `ANPR_VERSION_STRING`); a test keeps the two in step.

use std::ffi::c_char;

use crate::panic::ffi_boundary;

/// The version as a NUL-terminated string.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The version of the linked library, e.g. `"0.1.0"`; compare with `ANPR_VERSION_STRING` from the header to
/// detect a header/library mismatch.
///
/// The string is static: never free it. Thread safety: safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn anpr_version() -> *const c_char {
    ffi_boundary! { VERSION.as_ptr().cast() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: static NUL-terminated string.
        let v = unsafe { std::ffi::CStr::from_ptr(anpr_version()) };
        assert_eq!(v.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    }
}
