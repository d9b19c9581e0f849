//! The model stages of the pipeline, single-threaded (1 inference thread, 1 session per model): the full read
//! per frame at 480p–1440p with 1 and 4 plates and on the sample frames of `examples/data/`, the detector alone
//! (also with its corner tiles, `detector_tiles`, at 720p and 1080p),
//! the recognizer per plate at batch 1 and 8, the recognizer's crop (rectification) alone, and constrained
//! decoding.
//!
//! ```text
//! ORT_DYLIB_PATH=... cargo bench -p anpr-benches --bench pipeline
//! ANPR_DETECTOR=m.onnx ANPR_RECOGNIZER=m.onnx ...   # measure other models than the bundled ones
//! ```
//! `ANPR_BENCH_CLOCK=cpu` counts process CPU time instead of wall time (for a machine busy with other work).
//! Benches that run a model skip with a message when `ORT_DYLIB_PATH` is unset. Frames are synthetic (see
//! `anpr_benches::synth_frame`): the full-read figures include recognising whatever the detector finds, so the
//! number of plates found per frame is printed once before measuring.
#![allow(missing_docs)]

use std::time::Duration;

use anpr_benches::{SynthFrame, builder, cpu_clock, engine, ort_available, process_cpu_time, synth_frame};
use anpr_core::formats::Decoder;
use anpr_core::{Country, DecodedImage, Engine, Quad};
use criterion::{Bencher, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array2;

const SIZES: [(&str, u32, u32); 4] =
    [("480p", 854, 480), ("720p", 1280, 720), ("1080p", 1920, 1080), ("1440p", 2560, 1440)];

/// Measure `f` with the wall clock, or with process CPU time under `ANPR_BENCH_CLOCK=cpu`.
fn timed<O>(b: &mut Bencher<'_>, mut f: impl FnMut() -> O) {
    if !cpu_clock() {
        b.iter(f);
        return;
    }
    b.iter_custom(|iters| {
        let start = process_cpu_time().unwrap_or_default();
        for _ in 0..iters {
            std::hint::black_box(f());
        }
        process_cpu_time().unwrap_or_default().saturating_sub(start)
    });
}

fn model_engine() -> Option<Engine> {
    if !ort_available() {
        eprintln!("pipeline: ORT_DYLIB_PATH is unset or not a file: skipping the benches that run a model");
        return None;
    }
    match engine(1, 1) {
        Ok(e) => Some(e),
        Err(e) => {
            eprintln!("pipeline: cannot build the engine ({e}): skipping the benches that run a model");
            None
        }
    }
}

fn found(engine: &Engine, f: &SynthFrame) -> usize {
    f.frame().ok().and_then(|fr| engine.read(&fr, None).ok()).map_or(0, |r| r.plates.len())
}

fn full_read(c: &mut Criterion, engine: &Engine) {
    let mut g = c.benchmark_group("pipeline/read");
    for (name, w, h) in SIZES {
        for plates in [1usize, 4] {
            if plates == 4 && (name == "480p" || name == "1440p") {
                continue;
            }
            let f = synth_frame(w, h, plates, 7);
            let id = format!("{name}_{plates}plate");
            eprintln!("pipeline/read/{id}: {plates} drawn, {} read by the engine", found(engine, &f));
            let Ok(frame) = f.frame() else { continue };
            g.bench_function(BenchmarkId::from_parameter(id), |b| timed(b, || engine.read(&frame, None)));
        }
    }
    g.finish();
}

/// The sample frames the project renders (`examples/data/`, with labels): realistic scenes with 1–2 plates.
fn samples(c: &mut Criterion, engine: &Engine) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let mut g = c.benchmark_group("pipeline/sample");
    for name in ["nl_day_1", "nl_day_2", "nl_ir_1", "mixed_1080p"] {
        let path = dir.join(format!("{name}.jpg"));
        let image = match DecodedImage::open(&path) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("pipeline/sample/{name}: skipped ({e})");
                continue;
            }
        };
        let Ok(frame) = image.frame() else { continue };
        let read = engine.read(&frame, None).map(|r| r.plates.len()).unwrap_or(0);
        eprintln!("pipeline/sample/{name}: {}x{}, {read} plates read by the engine", image.width(), image.height());
        g.bench_function(BenchmarkId::from_parameter(name), |b| timed(b, || engine.read(&frame, None)));
    }
    g.finish();
}

fn detector(c: &mut Criterion) {
    // A detection threshold of 1 keeps no plate, so each read is preprocessing plus the detector alone.
    let engine = match builder(1, 1).detection_threshold(1.0).build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("pipeline/detector: cannot build the engine ({e}): skipped");
            return;
        }
    };
    let mut g = c.benchmark_group("pipeline/detector");
    for (name, w, h) in SIZES {
        let f = synth_frame(w, h, 1, 7);
        let Ok(frame) = f.frame() else { continue };
        g.bench_function(BenchmarkId::from_parameter(name), |b| timed(b, || engine.read(&frame, None)));
    }
    // The whole frame and its four corner tiles (`detector_tiles`): five detector runs.
    if let Ok(tiled) = builder(1, 1).detection_threshold(1.0).detector_tiles(true).build() {
        for (name, w, h) in SIZES.into_iter().filter(|(name, ..)| matches!(*name, "720p" | "1080p")) {
            let f = synth_frame(w, h, 1, 7);
            let Ok(frame) = f.frame() else { continue };
            g.bench_function(BenchmarkId::new("tiles", name), |b| timed(b, || tiled.read(&frame, None)));
        }
    }
    g.finish();
}

fn recognizer(c: &mut Criterion, engine: &Engine) {
    let mut g = c.benchmark_group("pipeline/recognizer");
    let f = synth_frame(1920, 1080, 4, 7);
    let Ok(frame) = f.frame() else { return };
    for batch in [1usize, 8] {
        let quads: Vec<Quad> = f.plates.iter().cycle().take(batch).map(|(_, b)| Quad::from_bbox(b)).collect();
        g.throughput(Throughput::Elements(batch as u64));
        g.bench_function(BenchmarkId::new("batch", batch), |b| timed(b, || engine.read_quads(&frame, &quads)));
    }
    g.finish();
}

/// Peaked per-slot probabilities for `text` over the recognizer alphabet (class 0 = no character).
fn plate_probs(text: &str, alphabet: &str, slots: usize) -> Array2<f32> {
    let classes = alphabet.chars().count() + 1;
    let mut p = Array2::from_elem((slots, classes), 0.1 / (classes - 1) as f32);
    for s in 0..slots {
        let class = text.chars().nth(s).and_then(|c| alphabet.find(c)).map_or(0, |i| i + 1);
        p[[s, class]] = 0.9;
    }
    p
}

fn decoding(c: &mut Criterion) {
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut g = c.benchmark_group("pipeline/decode");
    for (name, countries) in
        [("NL", vec![Country::NL]), ("NL_DE_BE_FR", vec![Country::NL, Country::DE, Country::BE, Country::FR])]
    {
        let Ok(decoder) = Decoder::new(ALPHABET, &countries) else { continue };
        let probs = plate_probs("12ABC3", ALPHABET, 10);
        g.bench_function(BenchmarkId::new("top5", name), |b| timed(b, || decoder.decode(probs.view(), 5)));
    }
    g.finish();
}

/// The recognizer's crop alone (no model): one 128×32 crop of a 180×40 px plate of an RGB 1080p frame
/// (2×2 taps per pixel, as at that plate size), and of a 3× larger plate (3×3 taps).
fn rectification(c: &mut Criterion) {
    let (w, h) = (1920u32, 1080u32);
    let px: Vec<u8> = (0..w * h * 3).map(|i| ((i * 7919) % 251) as u8).collect();
    let Ok(frame) = anpr_core::Frame::packed(&px, w, h, anpr_core::PixelFormat::Rgb8) else { return };
    let mut out = vec![0.0f32; 128 * 32];
    let mut g = c.benchmark_group("pipeline/rectify");
    for (name, plate_w, plate_h) in [("180x40", 180.0, 40.0), ("540x120", 540.0, 120.0)] {
        let quad = Quad::from_bbox(&anpr_core::BBox::new(300.0, 500.0, 300.0 + plate_w, 500.0 + plate_h));
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            timed(b, || anpr_core::preprocess::rectify_gray(&frame, &quad, 128, 32, &mut out))
        });
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    decoding(c);
    rectification(c);
    if let Some(engine) = model_engine() {
        detector(c);
        recognizer(c, &engine);
        full_read(c, &engine);
        samples(c, &engine);
    }
}

criterion_group! {
    name = pipeline;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(pipeline);
