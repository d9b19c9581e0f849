//! The default models, embedded in the crate so that `Engine::builder().build()` needs no files.
//! Both were trained by this project on synthetic data only (see `models/*.md` for their cards).

/// The bundled plate detector (ONNX).
pub(crate) static DETECTOR: &[u8] = include_bytes!("../../models/detector.onnx");
/// The bundled plate recognizer (ONNX).
pub(crate) static RECOGNIZER: &[u8] = include_bytes!("../../models/recognizer.onnx");
