//! The panic boundary: every exported function runs its body inside [`ffi_boundary!`], so that no panic ever
//! unwinds into C. A caught panic is recorded as the thread's last error and the function returns the fallback
//! value of its return type ([`PanicFallback`]).

use std::ptr;

use crate::error::anpr_status;

/// The value an export returns when its body panicked.
pub(crate) trait PanicFallback {
    /// The fallback value.
    fn fallback() -> Self;
}

impl PanicFallback for anpr_status {
    fn fallback() -> Self {
        anpr_status::Panic
    }
}

impl<T> PanicFallback for *const T {
    fn fallback() -> Self {
        ptr::null()
    }
}

impl<T> PanicFallback for *mut T {
    fn fallback() -> Self {
        ptr::null_mut()
    }
}

impl PanicFallback for usize {
    fn fallback() -> Self {
        0
    }
}

impl PanicFallback for () {
    fn fallback() {}
}

/// Run the body, catching any panic: on panic, record it as the last error and return the return type's
/// [`PanicFallback`]. Every `extern "C"` function of this crate wraps its whole body in this macro.
macro_rules! ffi_boundary {
    ($($body:tt)*) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($body)* })) {
            Ok(value) => value,
            Err(payload) => {
                $crate::error::set_panic_message(payload.as_ref());
                drop(payload);
                $crate::panic::PanicFallback::fallback()
            }
        }
    }};
}

/// [`ffi_boundary!`] for functions returning `anpr_status`: the body is a block evaluating to
/// `Result<(), CapiError>` (so `?` works inside it); the thread's last error is cleared first and set on failure.
macro_rules! ffi_status {
    ($($body:tt)*) => {
        ffi_boundary! {
            $crate::error::clear_last_error();
            // The closure gives `?` and `return` a scope; it is not redundant.
            #[allow(clippy::redundant_closure_call)]
            let result: ::std::result::Result<(), $crate::error::CapiError> = (|| { $($body)* })();
            $crate::error::into_status(result)
        }
    };
}

pub(crate) use {ffi_boundary, ffi_status};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::anpr_last_error_message;

    fn panicking_status() -> anpr_status {
        ffi_status! {
            if true {
                panic!("boom {}", 42);
            }
            Ok(())
        }
    }

    fn panicking_pointer() -> *const u8 {
        ffi_boundary! {
            panic!("pointer boom");
        }
    }

    #[test]
    fn panics_become_fallbacks_and_messages() {
        assert_eq!(panicking_status(), anpr_status::Panic);
        // SAFETY: the message pointer is read before the next call on this thread.
        let msg = unsafe { std::ffi::CStr::from_ptr(anpr_last_error_message()) };
        assert!(msg.to_string_lossy().contains("boom 42"), "{msg:?}");
        assert!(panicking_pointer().is_null());
    }
}
