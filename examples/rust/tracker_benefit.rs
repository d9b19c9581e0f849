//! Does tracking pay? Turn each labelled still into a short approach sequence, read every frame with the
//! engine, feed the reads to a [`Tracker`], and compare how often single frames and voted passes are right.
//!
//! ```text
//! cargo run --release --example tracker_benefit -- <labels.jsonl> [--frames 8] [--seed 1] [--limit N]
//!     [--detector m.onnx] [--recognizer m.onnx] [--country CC]
//! ```
//!
//! Each image becomes `--frames` frames at 10 fps of a car coming closer: the picture grows from 75 % to 100 %
//! of its size and drifts down, with a few pixels of camera shake, and every frame gets its own degradations
//! (Gaussian blur of σ 0–1.5, sensor noise, JPEG at quality 35–90), so the engine sees independent errors in
//! every frame, as a camera does. Labels with a box are followed through the transform, so reads and passes
//! are paired with the plate by IoU ≥ 0.3 (the longest pass there); text-only labels (`nl_cars_dev`, one plate
//! an image) take the most confident read of a frame and the most confident pass of a sequence.
//!
//! - **single-frame exact**: frames whose read of the plate has exactly the label's text / all frames;
//! - **voted exact**: sequences whose pass of the plate has exactly the label's text / all sequences.
//!
//! Last line: `SUMMARY sequences=<n> frames=<n> single_exact=<0..1> voted_exact=<0..1>`.
#![allow(clippy::print_stdout)]

#[path = "evaluate/labels.rs"]
#[allow(dead_code)] // shared with `evaluate`, which uses all of it
mod labels;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anpr_core::tracker::{Pass, Tracker, TrackerConfig};
use anpr_core::{BBox, Country, DecodedImage, Engine, ModelSource, PlateRead};
use image::{ImageBuffer, Rgb, RgbImage};

const FPS: f64 = 10.0;
const MIN_IOU: f32 = 0.3;

struct Args {
    labels: PathBuf,
    frames: usize,
    seed: u64,
    limit: usize,
    detector: Option<PathBuf>,
    recognizer: Option<PathBuf>,
    country: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        labels: PathBuf::new(),
        frames: 8,
        seed: 1,
        limit: usize::MAX,
        detector: None,
        recognizer: None,
        country: None,
    };
    let mut labels = None;
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--frames" => a.frames = value("--frames")?.parse().map_err(|e| format!("--frames: {e}"))?,
            "--seed" => a.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--limit" => a.limit = value("--limit")?.parse().map_err(|e| format!("--limit: {e}"))?,
            "--detector" => a.detector = Some(value("--detector")?.into()),
            "--recognizer" => a.recognizer = Some(value("--recognizer")?.into()),
            "--country" => a.country = Some(value("--country")?),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => labels = Some(PathBuf::from(s)),
        }
    }
    a.labels = labels.ok_or("usage: tracker_benefit <labels.jsonl> [--frames N] [--seed S] [--limit N]")?;
    if a.frames < 2 {
        return Err("--frames must be at least 2".into());
    }
    Ok(a)
}

/// splitmix64: a few deterministic random numbers without another dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn uniform(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Where frame `i` of `n` puts the original picture: scale and top-left offset in the frame.
fn placement(i: usize, n: usize, w: u32, h: u32, rng: &mut Rng) -> (f32, f32, f32) {
    let t = i as f32 / (n - 1) as f32;
    let scale = 0.75 + 0.25 * t;
    let (sw, sh) = (w as f32 * scale, h as f32 * scale);
    let x = (w as f32 - sw) / 2.0 + rng.uniform(-3.0, 3.0);
    let y = (h as f32 - sh) * (0.2 + 0.8 * t) + rng.uniform(-3.0, 3.0);
    (scale, x, y)
}

/// One degraded frame of the sequence, JPEG-encoded as a camera would deliver it.
fn render_frame(src: &RgbImage, scale: f32, x: f32, y: f32, rng: &mut Rng) -> Result<Vec<u8>, String> {
    let (w, h) = src.dimensions();
    let (sw, sh) = (((w as f32 * scale).round() as u32).max(1), ((h as f32 * scale).round() as u32).max(1));
    let small = image::imageops::resize(src, sw, sh, image::imageops::FilterType::Triangle);
    let mut frame: RgbImage = ImageBuffer::from_pixel(w, h, Rgb([96, 96, 96]));
    image::imageops::overlay(&mut frame, &small, x.round() as i64, y.round() as i64);
    let sigma = rng.uniform(0.0, 1.5);
    if sigma > 0.3 {
        frame = image::imageops::blur(&frame, sigma);
    }
    let noise = rng.uniform(0.0, 8.0);
    for p in frame.pixels_mut() {
        for c in p.0.iter_mut() {
            let n = (rng.uniform(-1.0, 1.0) + rng.uniform(-1.0, 1.0)) * noise;
            *c = (*c as f32 + n).clamp(0.0, 255.0) as u8;
        }
    }
    let quality = rng.uniform(35.0, 90.0) as u8;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&frame)
        .map_err(|e| format!("jpeg: {e}"))?;
    Ok(out)
}

fn moved(b: [f32; 4], (scale, x, y): (f32, f32, f32)) -> BBox {
    BBox { x1: b[0] * scale + x, y1: b[1] * scale + y, x2: b[2] * scale + x, y2: b[3] * scale + y }
}

/// The frame's read of the plate: the most confident read at its box (or anywhere, for text-only labels).
fn frame_read<'a>(reads: &'a [PlateRead], truth: Option<&BBox>) -> Option<&'a PlateRead> {
    reads
        .iter()
        .filter(|r| truth.is_none_or(|t| r.bbox.iou(t) >= MIN_IOU))
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

/// The sequence's pass of the plate: the longest pass at its box in the pass's best frame; for text-only labels
/// the most confident pass, as for single frames (other text in the scene, e.g. a dealer sticker, makes tracks
/// of its own, often as long as the plate's but read with low confidence).
fn sequence_pass<'a>(passes: &'a [Pass], truth_at: &dyn Fn(usize) -> Option<BBox>) -> Option<&'a Pass> {
    let at_plate = passes.iter().filter(|p| {
        let i = (p.best_view.timestamp * FPS).round() as usize;
        truth_at(i).is_none_or(|t| p.best_view.bbox.iou(&t) >= MIN_IOU)
    });
    if truth_at(0).is_some() {
        at_plate.max_by_key(|p| p.frames)
    } else {
        at_plate.max_by(|a, b| a.confidence.total_cmp(&b.confidence))
    }
}

fn engine(a: &Args) -> Result<Engine, String> {
    let mut b = Engine::builder().threads(1).sessions(1);
    if let Some(d) = &a.detector {
        b = b.detector(ModelSource::Path(d.clone()));
    }
    if let Some(r) = &a.recognizer {
        b = b.recognizer(ModelSource::Path(r.clone()));
    }
    if let Some(cc) = &a.country
        && let Ok(c) = cc.parse::<Country>()
    {
        b = b.countries([c]);
    }
    b.build().map_err(|e| e.to_string())
}

fn run(a: &Args) -> Result<(), String> {
    let engine = engine(a)?;
    let samples = labels::load(&a.labels)?;
    let (mut sequences, mut frames, mut single_ok, mut voted_ok) = (0usize, 0usize, 0usize, 0usize);
    for (k, sample) in samples.iter().take(a.limit).enumerate() {
        let src = match image::open(&sample.path) {
            Ok(img) => img.to_rgb8(),
            Err(e) => {
                eprintln!("skipping {}: {e}", sample.path.display());
                continue;
            }
        };
        let (w, h) = src.dimensions();
        let mut rng = Rng(a.seed ^ (k as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let plates: Vec<_> = sample
            .plates
            .iter()
            .filter(|p| !p.text.contains('*'))
            .filter(|p| a.country.as_deref().is_none_or(|c| p.country.as_deref().is_none_or(|pc| pc == c)))
            .collect();
        if plates.is_empty() || (plates.len() > 1 && plates.iter().any(|p| p.bbox.is_none())) {
            continue; // several text-only plates cannot be told apart
        }
        let mut tracker = Tracker::new(TrackerConfig::default()).map_err(|e| e.to_string())?;
        let mut passes = Vec::new();
        let mut places = Vec::with_capacity(a.frames);
        let mut reads_per_frame = Vec::with_capacity(a.frames);
        for i in 0..a.frames {
            let place = placement(i, a.frames, w, h, &mut rng);
            let jpeg = render_frame(&src, place.0, place.1, place.2, &mut rng)?;
            let decoded = DecodedImage::decode(&jpeg, None).map_err(|e| e.to_string())?;
            let reads = engine.read(&decoded.frame().map_err(|e| e.to_string())?, None).map_err(|e| e.to_string())?;
            passes.extend(tracker.update(i as f64 / FPS, &reads.plates));
            places.push(place);
            reads_per_frame.push(reads.plates);
        }
        passes.extend(tracker.finish());
        for plate in &plates {
            let truth_at = |i: usize| plate.bbox.zip(places.get(i).copied()).map(|(b, p)| moved(b, p));
            let frames_right = reads_per_frame
                .iter()
                .enumerate()
                .filter(|(i, reads)| frame_read(reads, truth_at(*i).as_ref()).is_some_and(|r| r.text == plate.text))
                .count();
            single_ok += frames_right;
            frames += reads_per_frame.len();
            let pass = sequence_pass(&passes, &truth_at);
            let ok = pass.is_some_and(|p| p.text == plate.text);
            voted_ok += usize::from(ok);
            sequences += 1;
            println!(
                "{} {} voted={} frames_right={frames_right}/{}",
                if ok { "OK  " } else { "MISS" },
                plate.text,
                pass.map_or("-", |p| p.text.as_str()),
                a.frames
            );
        }
    }
    let rate = |n: usize, d: usize| if d == 0 { f64::NAN } else { n as f64 / d as f64 };
    println!(
        "SUMMARY sequences={sequences} frames={frames} single_exact={:.4} voted_exact={:.4}",
        rate(single_ok, frames),
        rate(voted_ok, sequences)
    );
    Ok(())
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|a| {
        if !Path::new(&a.labels).exists() {
            return Err(format!("no such file: {}", a.labels.display()));
        }
        run(&a)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
