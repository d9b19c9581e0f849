//! Everything that touches ONNX Runtime: loading the runtime, model sessions, and the two models' I/O contracts.
//! No `ort` type leaves this module.

mod detector;
mod onnx_metadata;
mod recognizer;
mod runtime;
mod session;

pub(crate) use detector::{DetectorModel, micros};
pub(crate) use recognizer::RecognizerModel;
pub use runtime::Backend;
pub(crate) use runtime::Runtime;
pub(crate) use session::SessionOptions;
