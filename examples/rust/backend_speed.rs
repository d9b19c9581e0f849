//! Time the bundled models on one backend: the full pipeline on a 1080p frame, and the recognizer on a batch
//! of 8 plates. Run once per backend (the backend is process-wide) and compare:
//!
//! ```text
//! cargo run --release --example backend_speed -- ort
//! cargo run --release --features tract --example backend_speed -- tract
//! ```
#![allow(clippy::print_stdout)]

use std::time::Instant;

use anpr_core::{BBox, Backend, Engine, Frame, PixelFormat, Quad};

fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() -> anpr_core::Result<()> {
    let backend = match std::env::args().nth(1).as_deref() {
        Some("tract") => Backend::Tract,
        _ => Backend::OnnxRuntime,
    };
    // No re-reads: the crops below are texture, not plates, and would all be read twice.
    let engine = Engine::builder().backend(backend).threads(1).sessions(1).reread_misfits(false).build()?;
    let (w, h) = (1920u32, 1080u32);
    // A textured frame so that the detector has something to look at; the cost does not depend on content.
    let px: Vec<u8> = (0..w * h * 3).map(|i| ((i * 7919) % 251) as u8).collect();
    let frame = Frame::packed(&px, w, h, PixelFormat::Rgb8)?;
    let quads: Vec<Quad> = (0..8)
        .map(|i| {
            let x = 100.0 + 200.0 * i as f32;
            Quad::from_bbox(&BBox::new(x, 500.0, x + 180.0, 540.0))
        })
        .collect();
    let runs = 15;
    let (mut frame_ms, mut detect_ms, mut batch_ms) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rectify_ms, mut model_ms) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let reads = engine.read(&frame, None)?;
        frame_ms.push(t.elapsed().as_secs_f64() * 1e3);
        detect_ms.push(reads.timings.detect_us as f64 / 1e3);
        let t = Instant::now();
        let batch = engine.read_quads(&frame, &quads)?;
        batch_ms.push(t.elapsed().as_secs_f64() * 1e3);
        rectify_ms.push(batch.timings.rectify_us as f64 / 1e3);
        model_ms.push(batch.timings.recognize_us as f64 / 1e3);
    }
    println!(
        "backend={backend:?} frame_1080p_ms={:.2} detector_ms={:.2} recognize_8_plates_ms={:.2} per_plate_ms={:.3} \
         (rectify {:.3}, recognizer model {:.3} per plate)",
        median_ms(frame_ms),
        median_ms(detect_ms),
        median_ms(batch_ms.clone()),
        median_ms(batch_ms) / 8.0,
        median_ms(rectify_ms) / 8.0,
        median_ms(model_ms) / 8.0
    );
    Ok(())
}
