//! One `Tracker::update` with 10 plates in view (target ≤ 5 µs).

use std::hint::black_box;

use anpr_core::geometry::{BBox, Quad};
use anpr_core::{PlateRead, Tracker, TrackerConfig};
use criterion::{Criterion, criterion_group, criterion_main};

const PLATES: usize = 10;
const FRAMES: usize = 32;

fn read(text: &str, conf: f32, cx: f32, cy: f32, w: f32) -> PlateRead {
    let bbox = BBox::new(cx - w / 2.0, cy - w / 9.0, cx + w / 2.0, cy + w / 9.0);
    PlateRead {
        text: text.to_owned(),
        display: text.to_owned(),
        confidence: conf,
        char_confidences: vec![conf; text.len()],
        candidates: Vec::new(),
        format: None,
        bbox,
        corners: Quad::from_bbox(&bbox),
        detection_score: 0.9,
    }
}

/// `FRAMES` frames of 10 plates in a 5×2 grid with jitter; every fifth read has an OCR error (a look-alike or a
/// dropped character), so the bench exercises alignment and not only the exact-match fast path.
fn frames() -> Vec<Vec<PlateRead>> {
    let texts = ["AB12CD", "XY34ZW", "GXB42K", "12ABC3", "KL88PQ", "7TRS01", "MN55GH", "ZZ99AA", "PV12LT", "HJ3456"];
    (0..FRAMES)
        .map(|f| {
            (0..PLATES)
                .map(|p| {
                    let jitter = ((f * 7 + p * 3) % 5) as f32 - 2.0;
                    let cx = 150.0 + 350.0 * (p % 5) as f32 + jitter;
                    let cy = 300.0 + 400.0 * (p / 5) as f32 - jitter;
                    let text = match (f + p) % 10 {
                        0 => texts[p].replacen('B', "8", 1).replacen('1', "I", 1),
                        5 => texts[p][1..].to_owned(),
                        _ => texts[p].to_owned(),
                    };
                    read(&text, 0.6 + 0.03 * ((f + p) % 10) as f32, cx, cy, 110.0 + jitter)
                })
                .collect()
        })
        .collect()
}

/// Ten live tracks warmed up on `frames`, at time `t`.
fn warm(config: TrackerConfig, frames: &[Vec<PlateRead>], t: &mut f64) -> Tracker {
    let mut tracker = Tracker::new(config).unwrap_or_else(|e| panic!("config: {e}"));
    for f in frames {
        *t += 0.04;
        let _ = tracker.update(*t, f);
    }
    tracker
}

fn bench(c: &mut Criterion) {
    let frames = frames();
    // Default settings: every track has emitted its early pass, so updates associate and follow motion only;
    // this is the steady state of a real stream, where a plate stays in view well after its early pass.
    // Without early passes every update also votes: the heavier case.
    for (name, config) in [
        ("tracker_update_10_plates", TrackerConfig::default()),
        ("tracker_update_10_plates_voting", TrackerConfig::default().with_early_confidence(None)),
    ] {
        let mut t = 0.0f64;
        let mut tracker = warm(config, &frames, &mut t);
        let mut i = 0;
        c.bench_function(name, |b| {
            b.iter(|| {
                t += 0.04;
                i = (i + 1) % FRAMES;
                black_box(tracker.update(t, black_box(&frames[i])))
            })
        });
        assert_eq!(tracker.len(), PLATES, "the bench must keep exactly ten tracks alive");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
