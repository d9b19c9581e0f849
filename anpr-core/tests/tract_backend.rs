//! The pure-Rust tract backend, run for real (CI: `make tract-test`):
//!
//! ```text
//! cargo test --release -p anpr-core --features tract --test tract_backend
//! ```
//!
//! The backend is process-wide, so this binary uses tract only; the other test binaries run with ONNX Runtime
//! in the same `--features tract` build, which checks that the feature leaves ONNX Runtime working.
#![cfg(feature = "tract")]

mod common;

use anpr_core::{Backend, Country, DecodedImage, Engine, ErrorCode, Quad};

#[test]
fn tract_reads_the_sample_frames() {
    let engine = Engine::builder()
        .backend(Backend::Tract)
        .countries([Country::NL, Country::DE])
        .build()
        .expect("the bundled models load under tract");
    common::assert_reads_sample_frames(&engine);
    // One backend per process: asking for the other one afterwards is a clear error.
    let err = Engine::builder().backend(Backend::OnnxRuntime).build().expect_err("second backend");
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("one backend per process"), "{err}");
}

#[test]
fn tract_reads_several_plates_of_a_frame_as_it_reads_each_alone() {
    let engine = Engine::builder().backend(Backend::Tract).build().expect("tract");
    let dir = common::repo_root().join("examples/data");
    let (image, _) = common::labels(&dir.join("labels.jsonl")).into_iter().next().expect("a sample frame");
    let decoded = DecodedImage::open(dir.join(image)).expect("sample frame");
    let frame = decoded.frame().expect("frame");
    let plates = engine.read(&frame, None).expect("read").plates;
    assert!(!plates.is_empty());
    // The detected plates plus shifted copies: a batch of several crops, read in one call.
    let mut quads: Vec<Quad> = plates.iter().map(|p| p.corners).collect();
    quads.extend(plates.iter().map(|p| p.corners.translated(3.0, -2.0)));
    let together = engine.read_quads(&frame, &quads).expect("batch");
    let alone: Vec<_> = quads.iter().flat_map(|q| engine.read_quads(&frame, &[*q]).expect("one").plates).collect();
    assert_eq!(together.plates.len(), alone.len());
    for (a, b) in together.plates.iter().zip(&alone) {
        assert_eq!((&a.text, a.confidence), (&b.text, b.confidence));
    }
}
