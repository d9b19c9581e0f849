//! The one error type of the crate, with a stable machine code beside each message.
//!
//! The message text is for people and may change; [`ErrorCode`] is the stable contract that the C status codes
//! and the Python exception classes are derived from. Source errors of dependencies are kept erased (their types
//! are not part of the API).

use std::path::PathBuf;

/// A boxed source error; its concrete type is not stable API.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable machine-readable classification of an [`Error`].
///
/// New codes are only ever appended; the numeric value (see [`ErrorCode::as_u32`]) never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// An argument or configuration value is invalid.
    InvalidArgument,
    /// A frame or image buffer is malformed (size, stride, length, pixel format).
    InvalidImage,
    /// Encoded image bytes could not be decoded.
    ImageDecode,
    /// A model file is missing, malformed or does not follow the I/O contract.
    ModelLoad,
    /// The ONNX Runtime library could not be found or loaded.
    RuntimeUnavailable,
    /// Running a model failed.
    Inference,
    /// Text that cannot be a number plate.
    InvalidPlate,
    /// A hotlist (file or entry) is invalid.
    Hotlist,
    /// An I/O operation failed.
    Io,
    /// A retention or privacy policy is invalid.
    Policy,
}

impl ErrorCode {
    /// The fixed number of this code (used by the C ABI). Numbers are never reused.
    pub const fn as_u32(self) -> u32 {
        match self {
            ErrorCode::InvalidArgument => 1,
            ErrorCode::InvalidImage => 2,
            ErrorCode::ImageDecode => 3,
            ErrorCode::ModelLoad => 4,
            ErrorCode::RuntimeUnavailable => 5,
            ErrorCode::Inference => 6,
            ErrorCode::InvalidPlate => 7,
            ErrorCode::Hotlist => 8,
            ErrorCode::Io => 9,
            ErrorCode::Policy => 10,
        }
    }

    /// A short stable name, e.g. `"invalid_image"`.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::InvalidImage => "invalid_image",
            ErrorCode::ImageDecode => "image_decode",
            ErrorCode::ModelLoad => "model_load",
            ErrorCode::RuntimeUnavailable => "runtime_unavailable",
            ErrorCode::Inference => "inference",
            ErrorCode::InvalidPlate => "invalid_plate",
            ErrorCode::Hotlist => "hotlist",
            ErrorCode::Io => "io",
            ErrorCode::Policy => "policy",
        }
    }
}

/// Every error this crate returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument or configuration value is invalid.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),

    /// A frame buffer does not describe a valid image.
    #[error("invalid image: {0}")]
    InvalidImage(String),

    /// Encoded bytes are not a decodable JPEG/PNG.
    #[error("cannot decode image{}: {source}", context_suffix(.context))]
    ImageDecode {
        /// Where the bytes came from (a path), if known.
        context: Option<String>,
        /// The decoder's error.
        #[source]
        source: BoxError,
    },

    /// A model is missing, malformed or violates the I/O contract.
    #[error("cannot load {model} model{}: {reason}", context_suffix(.origin))]
    ModelLoad {
        /// Which model: `"detector"` or `"recognizer"`.
        model: &'static str,
        /// The path it came from, or `None` for bytes / the bundled model.
        origin: Option<String>,
        /// What is wrong.
        reason: String,
        /// The underlying error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The ONNX Runtime shared library is not available.
    #[error("ONNX Runtime is not available: {0}")]
    RuntimeUnavailable(String),

    /// Running a model failed.
    #[error("inference failed in the {model}: {source}")]
    Inference {
        /// Which model failed.
        model: &'static str,
        /// The runtime's error.
        #[source]
        source: BoxError,
    },

    /// Text that cannot be a number plate.
    #[error("not a number plate: {text:?}: {reason}")]
    InvalidPlate {
        /// The offending input.
        text: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A hotlist file or entry is invalid.
    #[error("hotlist error{}: {reason}", line_suffix(.line))]
    Hotlist {
        /// The 1-based line number in the source file, if the error is tied to one.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },

    /// An I/O error with the path it concerned.
    #[error("i/o error on {path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },

    /// A retention or privacy policy is invalid.
    #[error("invalid policy: {0}")]
    Policy(String),
}

fn context_suffix(context: &Option<String>) -> String {
    context.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
}

fn line_suffix(line: &Option<usize>) -> String {
    line.map(|l| format!(" at line {l}")).unwrap_or_default()
}

impl Error {
    /// The stable machine code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidArgument(_) => ErrorCode::InvalidArgument,
            Error::InvalidImage(_) => ErrorCode::InvalidImage,
            Error::ImageDecode { .. } => ErrorCode::ImageDecode,
            Error::ModelLoad { .. } => ErrorCode::ModelLoad,
            Error::RuntimeUnavailable(_) => ErrorCode::RuntimeUnavailable,
            Error::Inference { .. } => ErrorCode::Inference,
            Error::InvalidPlate { .. } => ErrorCode::InvalidPlate,
            Error::Hotlist { .. } => ErrorCode::Hotlist,
            Error::Io { .. } => ErrorCode::Io,
            Error::Policy(_) => ErrorCode::Policy,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_distinct() {
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
        let numbers: Vec<u32> = codes.iter().map(|c| c.as_u32()).collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn errors_are_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_carry_context() {
        let e = Error::Hotlist { line: Some(7), reason: "bad date".into() };
        assert_eq!(e.to_string(), "hotlist error at line 7: bad date");
        assert_eq!(e.code(), ErrorCode::Hotlist);
    }
}
