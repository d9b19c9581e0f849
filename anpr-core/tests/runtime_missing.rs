//! A missing ONNX Runtime library is a typed error, not a panic. (Its own test binary: the runtime is
//! process-global, and no other test may have loaded it first.)

use anpr_core::{Engine, ErrorCode};

#[test]
fn missing_runtime_library_is_a_clear_error() {
    let err = Engine::builder().ort_library("/nonexistent/libonnxruntime.so.1.32.0").build().expect_err("no runtime");
    assert_eq!(err.code(), ErrorCode::RuntimeUnavailable);
    let msg = err.to_string();
    assert!(msg.contains("pip install onnxruntime"), "the message says how to get it: {msg}");
}
