//! Behaviour of the whole tracker on small synthetic streams.

use super::*;
use crate::geometry::{BBox, Quad};

/// A read of `text` with box centre `(cx, cy)` and width `w` (plates are about 4.5:1).
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

fn no_early() -> TrackerConfig {
    TrackerConfig::default().with_early_confidence(None)
}

fn run(tracker: &mut Tracker, frames: impl IntoIterator<Item = (f64, Vec<PlateRead>)>) -> Vec<Pass> {
    let mut passes = Vec::new();
    for (t, reads) in frames {
        passes.extend(tracker.update(t, &reads));
    }
    passes.extend(tracker.finish());
    passes
}

#[test]
fn two_cars_side_by_side_stay_apart() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    // Two plates 1.4 widths apart moving down together, each with occasional errors that look like the other.
    let left = ["AB12CD", "AB12CD", "A812CD", "AB12CD", "AB12C0", "AB12CD", "AB12CD", "AB12CD"];
    let right = ["XY34ZW", "XY34ZW", "XY34ZW", "XY3AZW", "XY34ZW", "XV34ZW", "XY34ZW", "XY34ZW"];
    let frames = (0..8).map(|i| {
        let y = 200.0 + 25.0 * i as f32;
        let w = 100.0 + 3.0 * i as f32;
        // Reads come in either order; the tracker must not care.
        let mut reads = vec![read(left[i], 0.8, 400.0, y, w), read(right[i], 0.8, 400.0 + 1.4 * w, y, w)];
        if i % 2 == 1 {
            reads.reverse();
        }
        (i as f64 * 0.1, reads)
    });
    let mut passes = run(&mut tracker, frames);
    passes.sort_by(|a, b| a.text.cmp(&b.text));
    let texts: Vec<_> = passes.iter().map(|p| (p.text.as_str(), p.frames)).collect();
    assert_eq!(texts, [("AB12CD", 8), ("XY34ZW", 8)]);
}

#[test]
fn briefly_missed_car_keeps_its_track() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    // Moving fast (40 px per frame); frames 4–6 are missed, so only the velocity model finds it again.
    let frames = (0..12).map(|i| {
        let reads =
            if (4..=6).contains(&i) { vec![] } else { vec![read("GXB42K", 0.7, 100.0 + 40.0 * i as f32, 300.0, 60.0)] };
        (i as f64 * 0.1, reads)
    });
    let passes = run(&mut tracker, frames);
    assert_eq!(passes.len(), 1, "{passes:?}");
    assert_eq!(passes[0].frames, 9);
    assert_eq!(passes[0].text, "GXB42K");
    assert!((passes[0].first_seen - 0.0).abs() < 1e-9 && (passes[0].last_seen - 1.1).abs() < 1e-9);
}

#[test]
fn track_ends_after_the_gap_not_before() {
    let mut tracker = Tracker::new(no_early().with_max_gap_s(0.5)).expect("valid config");
    for i in 0..5 {
        assert!(tracker.update(i as f64 * 0.1, &[read("12ABC3", 0.9, 300.0, 300.0, 80.0)]).is_empty());
    }
    // Last seen at 0.4: at 0.9 the gap is exactly 0.5, not yet over.
    assert!(tracker.update(0.9, &[]).is_empty());
    assert_eq!(tracker.len(), 1);
    let passes = tracker.update(0.95, &[]);
    assert_eq!(passes.len(), 1);
    assert!(!passes[0].early);
    assert_eq!(passes[0].frames, 5);
    assert!(tracker.is_empty());
    assert!(tracker.finish().is_empty());
}

#[test]
fn early_emission_once_confident_and_not_again() {
    let mut tracker = Tracker::new(TrackerConfig::default()).expect("valid config");
    let mut passes = Vec::new();
    for i in 0..20 {
        let out = tracker.update(i as f64 * 0.1, &[read("12ABC3", 0.85, 300.0, 300.0 + 5.0 * i as f32, 80.0)]);
        if !out.is_empty() {
            assert_eq!(i, 4, "early after early_min_frames agreeing reads");
        }
        passes.extend(out);
    }
    passes.extend(tracker.update(5.0, &[]));
    passes.extend(tracker.finish());
    assert_eq!(passes.len(), 1);
    assert!(passes[0].early);
    assert_eq!(passes[0].frames, 5);
    assert_eq!(passes[0].text, "12ABC3");
    assert!(passes[0].confidence >= 0.98);
}

#[test]
fn uncertain_tracks_are_not_emitted_early() {
    let mut tracker = Tracker::new(TrackerConfig::default()).expect("valid config");
    let texts = ["12ABC3", "12A8C3", "I2ABC3", "12ABC3", "12A8C3", "12ABC3"];
    let mut passes = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        passes.extend(tracker.update(i as f64 * 0.1, &[read(t, 0.6, 300.0, 300.0, 80.0)]));
    }
    assert!(passes.is_empty(), "disagreeing reads must not be confident: {passes:?}");
    let passes = tracker.finish();
    assert_eq!(passes.len(), 1);
    assert!(!passes[0].early);
    assert_eq!(passes[0].text, "12ABC3");
}

#[test]
fn voting_fixes_single_frame_errors() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    // Every single frame is wrong somewhere; the positions of the errors differ.
    let reads = ["8XB42K", "G%B42K", "GX842K", "GXBA2K", "GXB4ZK", "GXB42X", "6XB42K", "GXB4ZK"];
    let frames = reads.iter().enumerate().map(|(i, t)| {
        let t: String = t.chars().filter(char::is_ascii_alphanumeric).collect();
        (i as f64 * 0.1, vec![read(&t, 0.6, 300.0 + 10.0 * i as f32, 300.0, 80.0)])
    });
    let passes = run(&mut tracker, frames);
    assert_eq!(passes.len(), 1);
    assert_eq!(passes[0].text, "GXB42K");
    assert!(reads.iter().all(|r| *r != "GXB42K"));
    assert_eq!(passes[0].candidates[0].text, "GXB42K");
    assert!(passes[0].candidates.len() > 1 && passes[0].candidates.len() <= 5);
}

#[test]
fn reads_of_different_length_are_aligned() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    let reads = ["AB123", "AB1234", "AAB1234", "AB1234", "AB12345", "B1234", "AB1234"];
    let frames = reads
        .iter()
        .enumerate()
        .map(|(i, t)| (i as f64 * 0.1, vec![read(t, 0.7, 300.0, 300.0 + 4.0 * i as f32, 90.0)]));
    let passes = run(&mut tracker, frames);
    assert_eq!(passes.len(), 1);
    assert_eq!(passes[0].text, "AB1234");
    assert_eq!(passes[0].char_confidences.len(), 6);
}

#[test]
fn direction_from_scale_and_motion() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    let frames = (0..10).map(|i| {
        let i = i as f32;
        (
            f64::from(i) * 0.1,
            vec![
                read("TOWARD1", 0.8, 300.0, 200.0 + 30.0 * i, 60.0 + 8.0 * i),
                read("AWAY22", 0.8, 1200.0, 700.0 - 30.0 * i, 140.0 - 8.0 * i),
            ],
        )
    });
    let mut passes = run(&mut tracker, frames);
    passes.sort_by(|a, b| a.text.cmp(&b.text));
    assert_eq!(passes[0].text, "AWAY22");
    assert_eq!(passes[0].direction, Direction::Away);
    assert_eq!(passes[1].text, "TOWARD1");
    assert_eq!(passes[1].direction, Direction::Towards);
}

#[test]
fn pass_carries_format_display_and_best_view() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    let fmt = crate::formats::FormatMatch {
        country: crate::formats::Country::NL,
        name: "NL-7",
        sidecode: Some(7),
        withheld: false,
    };
    let mut frames = Vec::new();
    for (i, conf) in [0.5f32, 0.9, 0.7].into_iter().enumerate() {
        let mut r = read("GXB42K", conf, 300.0, 300.0 + 10.0 * i as f32, 80.0);
        r.display = "GX-B42-K".into();
        r.format = Some(fmt.clone());
        frames.push((i as f64 * 0.1, vec![r]));
    }
    // A more confident but wrong read must not become the best view of the voted text.
    frames.push((0.3, vec![read("GXB4ZK", 0.95, 300.0, 330.0, 80.0)]));
    let passes = run(&mut tracker, frames);
    assert_eq!(passes.len(), 1);
    let p = &passes[0];
    assert_eq!(p.text, "GXB42K");
    assert_eq!(p.display, "GX-B42-K");
    assert_eq!(p.format, Some(fmt.clone()));
    assert_eq!(p.candidates[0].format, Some(fmt));
    assert!((p.best_view.timestamp - 0.1).abs() < 1e-9);
    assert!((p.best_view.confidence - 0.9).abs() < 1e-6);
    let json = serde_json::to_string(p).expect("serialises");
    assert!(json.contains("\"direction\":\"unknown\""), "{json}");
}

#[test]
fn duplicate_detections_in_one_frame_make_one_track() {
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    let frames = (0..5).map(|i| {
        let y = 300.0 + 10.0 * i as f32;
        (i as f64 * 0.1, vec![read("AB12CD", 0.8, 300.0, y, 80.0), read("AB12CD", 0.5, 302.0, y + 1.0, 78.0)])
    });
    assert_eq!(run(&mut tracker, frames).len(), 1);
}

#[test]
fn a_new_car_in_the_same_spot_is_a_new_track() {
    // A barrier: one car leaves and the next stops at the same spot a moment later.
    let mut tracker = Tracker::new(no_early()).expect("valid config");
    let frames = (0..10).map(|i| {
        let text = if i < 5 { "AB12CD" } else { "XY98ZW" };
        (i as f64 * 0.1, vec![read(text, 0.8, 300.0, 300.0, 80.0)])
    });
    let passes = run(&mut tracker, frames);
    let texts: Vec<_> = passes.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts.contains(&"AB12CD") && texts.contains(&"XY98ZW"));
}

#[test]
fn the_track_cap_ends_the_stalest_track() {
    let mut tracker = Tracker::new(no_early().with_max_tracks(3).with_max_gap_s(100.0)).expect("valid config");
    let mut passes = Vec::new();
    let plates = ["AB12CD", "XY34ZW", "GH56JK", "LM78NP", "QR90ST"];
    for (i, text) in plates.iter().enumerate() {
        passes.extend(tracker.update(i as f64, &[read(text, 0.9, 200.0 * i as f32, 300.0, 50.0)]));
        assert!(tracker.len() <= 3);
    }
    let texts: Vec<_> = passes.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["AB12CD", "XY34ZW"]);
    assert_eq!(tracker.finish().len(), 3);
}

#[test]
fn no_panic_on_empty_nan_and_odd_input() {
    let mut tracker = Tracker::new(TrackerConfig::default()).expect("valid config");
    assert!(tracker.update(0.0, &[]).is_empty());
    let mut bad = read("AB12CD", f32::NAN, 300.0, 300.0, 80.0);
    bad.char_confidences = vec![f32::NAN, f32::INFINITY, -3.0];
    let nan_box = PlateRead { bbox: BBox { x1: f32::NAN, y1: 0.0, x2: 10.0, y2: f32::INFINITY }, ..bad.clone() };
    let zero_box = read("ZZ", 0.9, 50.0, 50.0, 0.0);
    let empty_text = read("", 0.9, 600.0, 600.0, 80.0);
    let junk_text = read("--##é", 0.9, 900.0, 900.0, 80.0);
    let long_text = read(&"A1".repeat(50_000), 0.9, 1200.0, 100.0, 80.0);
    let reads = [bad, nan_box, zero_box, empty_text, junk_text, long_text];
    for (i, t) in [0.1, f64::NAN, 0.05, f64::INFINITY, f64::NEG_INFINITY, 0.3].into_iter().enumerate() {
        let _ = tracker.update(t, &reads[..=i.min(reads.len() - 1)]);
    }
    assert!(tracker.stats().heap_bytes < 64 * 1024, "a huge text must not be kept");
    let passes = tracker.finish();
    for p in &passes {
        assert!(p.confidence.is_finite());
        assert!(!p.text.is_empty());
        assert!(serde_json::to_string(p).is_ok());
    }
    // A flood of reads in one frame leaves bounded state behind.
    let flood: Vec<PlateRead> = (0..5_000).map(|i| read("AB12CD", 0.9, 30.0 * i as f32, 50.0, 20.0)).collect();
    let _ = tracker.update(1.0, &flood);
    assert!(tracker.len() <= TrackerConfig::default().max_tracks);
    assert!(tracker.stats().heap_bytes < 1024 * 1024, "{:?}", tracker.stats());
    let _ = tracker.finish();
    // NaN timestamps before any finite one also work.
    let mut fresh = Tracker::new(TrackerConfig::default()).expect("valid config");
    let _ = fresh.update(f64::NAN, &[read("AB12CD", 0.9, 1.0, 1.0, 10.0)]);
    assert_eq!(fresh.finish().len(), 1);
}

#[test]
fn invalid_config_is_an_error() {
    assert!(Tracker::new(TrackerConfig::default().with_max_gap_s(f64::NAN)).is_err());
    assert!(Tracker::new(TrackerConfig::default().with_max_distance(0.0)).is_err());
    assert!(Tracker::new(TrackerConfig::default().with_early_confidence(Some(1.5))).is_err());
    assert!(Tracker::new(TrackerConfig::default().with_max_tracks(0)).is_err());
}

/// A tiny deterministic generator (SplitMix64) so that the long run is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Drives `vehicles` synthetic vehicles (a new one every 1.2 s, each in view for 2 s at 10 fps, in one of three
/// lanes) through a tracker; returns (passes, peak tracks, peak heap bytes, heap bytes at the end of each tenth).
fn long_run(vehicles: u64) -> (u64, usize, usize, Vec<usize>) {
    let mut tracker = Tracker::new(TrackerConfig::default()).expect("valid config");
    let mut rng = Rng(7);
    let alphabet = b"ABCDEFGHJKLMNPRSTVXZ0123456789";
    let mut live: Vec<(f64, String, f32)> = Vec::new(); // (entered, text, lane x)
    let (mut passes, mut peak_tracks, mut peak_bytes) = (0u64, 0usize, 0usize);
    let mut tenths = Vec::new();
    let (mut spawned, mut frame) = (0u64, 0u64);
    let mut reads = Vec::new();
    while spawned < vehicles || !live.is_empty() {
        let t = frame as f64 * 0.1;
        frame += 1;
        if spawned < vehicles && t >= spawned as f64 * 1.2 {
            let text: String =
                (0..6).map(|_| char::from(alphabet[rng.below(alphabet.len() as u64) as usize])).collect();
            live.push((t, text, 300.0 + 500.0 * rng.below(3) as f32));
            spawned += 1;
            if spawned % (vehicles / 10).max(1) == 0 {
                tenths.push(tracker.stats().heap_bytes);
            }
        }
        live.retain(|(t0, _, _)| t - t0 < 2.0);
        reads.clear();
        for (t0, text, x) in &live {
            if rng.below(10) == 0 {
                continue; // missed detection
            }
            let age = (t - t0) as f32;
            reads.push(read(text, 0.5 + 0.05 * rng.below(9) as f32, *x, 100.0 + 300.0 * age, 60.0 + 30.0 * age));
        }
        passes += tracker.update(t, &reads).len() as u64;
        let s = tracker.stats();
        peak_tracks = peak_tracks.max(s.tracks);
        peak_bytes = peak_bytes.max(s.heap_bytes);
    }
    passes += tracker.finish().len() as u64;
    (passes, peak_tracks, peak_bytes, tenths)
}

#[test]
fn memory_stays_flat_over_a_long_stream() {
    // 20 000 vehicles (≈ 6.7 h at 3 000 an hour, 240 000 frames).
    let (passes, peak_tracks, peak_bytes, tenths) = long_run(20_000);
    // One pass per vehicle; a vehicle missed for its first six frames in a row (before its speed is known)
    // splits once in this run.
    assert!((20_000..=20_010).contains(&passes), "{passes} passes for 20 000 vehicles");
    assert!(peak_tracks <= 8, "peak tracks {peak_tracks}");
    // Flat: the second half never needs more than the first half already had.
    let (first, second) = tenths.split_at(tenths.len() / 2);
    let first_max = first.iter().copied().max().unwrap_or(0);
    assert!(second.iter().all(|&b| b <= first_max + 4096), "heap per tenth: {tenths:?}");
    assert!(peak_bytes < 64 * 1024, "peak heap {peak_bytes} bytes");
}

/// Days-equivalent run; `cargo test --release -p anpr-core tracker::tests::days -- --ignored --nocapture`.
#[test]
#[ignore = "long: run in release"]
fn days_of_traffic_with_flat_memory() {
    // 3 days at 3 000 vehicles an hour.
    let (passes, peak_tracks, peak_bytes, tenths) = long_run(216_000);
    eprintln!("passes {passes}, peak tracks {peak_tracks}, peak heap {peak_bytes} B, heap per tenth {tenths:?}");
    assert!((216_000..=216_100).contains(&passes));
    assert!(peak_bytes < 64 * 1024);
}

#[test]
fn trackers_move_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tracker>();
    assert_send_sync::<AlertDeduper>();
    assert_send_sync::<Pass>();
}
