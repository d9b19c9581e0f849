//! The engine against bad configuration and bad input: typed errors, never panics.

mod common;

use std::sync::Arc;

use anpr_core::{Engine, ErrorCode, Frame, ModelSource, PixelFormat, Roi};

fn engine() -> Option<Engine> {
    if !common::ort_available("engine") {
        return None;
    }
    Some(Engine::builder().build().expect("the bundled models load"))
}

#[test]
fn engine_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<Arc<Engine>>();
}

#[test]
fn invalid_settings_are_rejected_before_loading_anything() {
    let code = |b: anpr_core::EngineBuilder| b.build().err().map(|e| e.code());
    assert_eq!(code(Engine::builder().detection_threshold(1.5)), Some(ErrorCode::InvalidArgument));
    assert_eq!(code(Engine::builder().min_confidence(f32::NAN)), Some(ErrorCode::InvalidArgument));
    assert_eq!(code(Engine::builder().threads(0)), Some(ErrorCode::InvalidArgument));
    assert_eq!(code(Engine::builder().top_n(0)), Some(ErrorCode::InvalidArgument));
}

#[test]
fn missing_and_malformed_models_are_typed_errors() {
    if !common::ort_available("missing_and_malformed_models") {
        return;
    }
    let missing = Engine::builder().detector(ModelSource::Path("/nonexistent/detector.onnx".into())).build();
    let err = missing.expect_err("missing file");
    assert_eq!(err.code(), ErrorCode::ModelLoad);
    assert!(err.to_string().contains("/nonexistent/detector.onnx"), "{err}");

    let garbage: Arc<[u8]> = Arc::from(&b"this is not an onnx model"[..]);
    let err = Engine::builder().recognizer(ModelSource::Bytes(garbage)).build().expect_err("garbage");
    assert_eq!(err.code(), ErrorCode::ModelLoad);

    let empty: Arc<[u8]> = Arc::from(&[][..]);
    let err = Engine::builder().detector(ModelSource::Bytes(empty)).build().expect_err("empty");
    assert_eq!(err.code(), ErrorCode::ModelLoad);

    // A valid ONNX model that breaks the contract: the detector used as a recognizer.
    let detector = common::repo_root().join("models/detector.onnx");
    let err = Engine::builder().recognizer(ModelSource::Path(detector)).build().expect_err("wrong model");
    assert_eq!(err.code(), ErrorCode::ModelLoad);
    assert!(err.to_string().contains("CONTRACT"), "{err}");
}

#[test]
fn bad_input_is_a_typed_error() {
    let Some(engine) = engine() else { return };
    let px = vec![0u8; 64 * 48 * 3];
    let frame = Frame::packed(&px, 64, 48, PixelFormat::Rgb8).expect("frame");
    let roi = Roi { x: 60, y: 0, width: 10, height: 10 };
    assert_eq!(engine.read(&frame, Some(roi)).err().map(|e| e.code()), Some(ErrorCode::InvalidArgument));

    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend_from_slice(&[7u8; 64]);
    assert_eq!(engine.read_encoded(&jpeg).err().map(|e| e.code()), Some(ErrorCode::ImageDecode));
    assert_eq!(engine.read_encoded(&[]).err().map(|e| e.code()), Some(ErrorCode::ImageDecode));
    assert_eq!(engine.read_file("/nonexistent.png").err().map(|e| e.code()), Some(ErrorCode::Io));
}

#[test]
fn tiny_and_blank_frames_read_without_error() {
    let Some(engine) = engine() else { return };
    for (w, h) in [(1u32, 1u32), (2, 2), (3, 1000), (1000, 3)] {
        let px = vec![255u8; (w * h) as usize];
        let frame = Frame::packed(&px, w, h, PixelFormat::Gray8).expect("frame");
        let reads = engine.read(&frame, None).expect("a tiny frame is valid input");
        assert!(reads.plates.len() <= 16);
    }
}

#[test]
fn one_engine_serves_many_threads() {
    let Some(engine) = engine() else { return };
    let engine = Arc::new(engine);
    let px: Vec<u8> = (0..320 * 240).map(|i| (i % 251) as u8).collect();
    let expected = {
        let frame = Frame::packed(&px, 320, 240, PixelFormat::Gray8).expect("frame");
        engine.read(&frame, None).expect("read").plates
    };
    std::thread::scope(|s| {
        for _ in 0..4 {
            let engine = Arc::clone(&engine);
            let px = &px;
            let expected = &expected;
            s.spawn(move || {
                let frame = Frame::packed(px, 320, 240, PixelFormat::Gray8).expect("frame");
                for _ in 0..3 {
                    let plates = engine.read(&frame, None).expect("read").plates;
                    assert_eq!(plates.len(), expected.len());
                    for (a, b) in plates.iter().zip(expected) {
                        assert_eq!(a.text, b.text);
                    }
                }
            });
        }
    });
}
