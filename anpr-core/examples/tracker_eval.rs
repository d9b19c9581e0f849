//! Measures what tracking buys: plates driven through a stream of frames with realistic per-frame OCR errors,
//! single-frame exact rate against the tracker's voted exact rate.
//!
//! `cargo run --release -p anpr-core --example tracker_eval -- [--vehicles N] [--seed S] [--no-early]`
//!
//! The simulated camera runs at 10 fps over three lanes; each vehicle is in view for 6–20 frames, coming towards
//! the camera (its plate grows and moves down the image). Per frame: 10 % misses; 20 % poor frames (blur, glare)
//! with many errors and low confidence; otherwise a good frame with a few errors. Errors are look-alike
//! confusions (mostly), other substitutions, dropped characters and extra characters (a bolt read as `1`).
//! Errors are not all independent: 15 % of plates have one "hard" character (dirt, a worn stroke) that is misread
//! as its look-alike in 35 % of the frames, which is what makes voting hard in practice.
//! Everything is drawn from a fixed-seed generator, so the figures are reproducible.
#![allow(clippy::print_stdout, reason = "an example prints its results")]

use std::collections::HashMap;

use anpr_core::geometry::{BBox, Quad};
use anpr_core::{Direction, Pass, PlateRead, Tracker, TrackerConfig};

/// SplitMix64: tiny, deterministic, good enough for a simulation.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `[0, 1)`.
    fn f(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }
}

const LETTERS: &[u8] = b"BDFGHJKLNPRSTVXZ";
const DIGITS: &[u8] = b"0123456789";
/// Dutch-style sidecodes plus a few longer and shorter shapes (L letter, D digit).
const SHAPES: &[&str] = &["LLDDLL", "DDLLLD", "LDDDLL", "DLLLDD", "LLLDDL", "DDLLDD", "LLDDDD", "LLLLDDD", "LDDDD"];
const LOOKALIKES: &[(u8, u8)] = &[
    (b'O', b'0'),
    (b'D', b'0'),
    (b'I', b'1'),
    (b'L', b'1'),
    (b'Z', b'2'),
    (b'S', b'5'),
    (b'B', b'8'),
    (b'G', b'6'),
    (b'T', b'7'),
];

fn random_plate(rng: &mut Rng) -> String {
    let shape = SHAPES[rng.below(SHAPES.len())];
    shape
        .bytes()
        .map(|s| {
            let set = if s == b'L' { LETTERS } else { DIGITS };
            char::from(set[rng.below(set.len())])
        })
        .collect()
}

fn twin(c: u8) -> Option<u8> {
    LOOKALIKES.iter().find_map(|&(a, b)| {
        if a == c {
            Some(b)
        } else if b == c {
            Some(a)
        } else {
            None
        }
    })
}

/// One frame's OCR of `truth`: (text, per-character confidences). `hard` is the position of a character that
/// this plate's dirt makes look like its twin.
fn ocr(truth: &str, hard: Option<usize>, poor: bool, rng: &mut Rng) -> (String, Vec<f32>) {
    let p_err = if poor { 0.22 } else { 0.035 };
    let mut out: Vec<(u8, f32)> = Vec::with_capacity(truth.len() + 1);
    for (i, c) in truth.bytes().enumerate() {
        if hard == Some(i)
            && let Some(t) = twin(c)
            && rng.f() < 0.35
        {
            out.push((t, rng.range(0.5, 0.9)));
        } else if rng.f() < p_err {
            // Wrong character: usually its look-alike, else anything; confidence tends to be lower, not always.
            let wrong = match twin(c) {
                Some(t) if rng.f() < 0.75 => t,
                _ => {
                    let set = if rng.f() < 0.5 { LETTERS } else { DIGITS };
                    set[rng.below(set.len())]
                }
            };
            out.push((wrong, rng.range(0.3, 0.85)));
        } else {
            let conf = if poor { rng.range(0.35, 0.85) } else { rng.range(0.75, 0.99) };
            out.push((c, conf));
        }
    }
    let p_drop = if poor { 0.12 } else { 0.02 };
    if rng.f() < p_drop && out.len() > 1 {
        out.remove(rng.below(out.len()));
    }
    let p_extra = if poor { 0.08 } else { 0.015 };
    if rng.f() < p_extra {
        // A screw or the border read as a character, at either end.
        let c = if rng.f() < 0.5 { b'1' } else { b'I' };
        let at = if rng.f() < 0.5 { 0 } else { out.len() };
        out.insert(at, (c, rng.range(0.3, 0.7)));
    }
    (out.iter().map(|&(c, _)| char::from(c)).collect(), out.iter().map(|&(_, p)| p).collect())
}

struct Vehicle {
    text: String,
    hard: Option<usize>,
    enter: f64,
    frames: usize,
    lane: usize,
}

#[derive(Default)]
struct Tally {
    reads: usize,
    reads_exact: usize,
    vehicles_seen: usize,
    most_confident_exact: usize,
    passes: usize,
    vehicles_with_one_pass: usize,
    voted_exact: usize,
    in_candidates: usize,
    early: usize,
    early_exact: usize,
    /// Direction (towards, away, unknown) of early passes and of passes at track end.
    direction_early: [usize; 3],
    direction_end: [usize; 3],
}

fn main() {
    let mut vehicles_n = 2000usize;
    let mut seed = 2024u64;
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let early = !args.iter().any(|a| a == "--no-early");
    args.retain(|a| a != "--no-early");
    for pair in args.chunks(2) {
        match (pair[0].as_str(), pair.get(1).and_then(|v| v.parse::<u64>().ok())) {
            ("--vehicles", Some(v)) => vehicles_n = v as usize,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: tracker_eval [--vehicles N] [--seed S] [--no-early]");
                std::process::exit(2);
            }
        }
    }
    let mut rng = Rng(seed);

    // A vehicle every 0.8 s on average, in one of three lanes; a lane is reused only once it is free.
    let mut vehicles = Vec::with_capacity(vehicles_n);
    let mut lane_free = [0.0f64; 3];
    let mut t = 0.0f64;
    while vehicles.len() < vehicles_n {
        t += f64::from(rng.range(0.2, 1.4));
        let lane = rng.below(3);
        if lane_free[lane] > t {
            continue;
        }
        let frames = 6 + rng.below(15);
        lane_free[lane] = t + frames as f64 * 0.1 + 0.3;
        let text = random_plate(&mut rng);
        let with_twin: Vec<usize> =
            text.bytes().enumerate().filter(|&(_, c)| twin(c).is_some()).map(|(i, _)| i).collect();
        let hard =
            if !with_twin.is_empty() && rng.f() < 0.15 { Some(with_twin[rng.below(with_twin.len())]) } else { None };
        vehicles.push(Vehicle { text, hard, enter: t, frames, lane });
    }

    let config = if early { TrackerConfig::default() } else { TrackerConfig::default().with_early_confidence(None) };
    let mut tracker = Tracker::new(config).unwrap_or_else(|e| panic!("config: {e}"));
    let mut tally = Tally::default();
    // (frame, rounded box x1) → vehicle, to attribute each pass's best view to the vehicle it came from.
    let mut owner: HashMap<(u64, i64), usize> = HashMap::new();
    let mut best_single: Vec<Option<(f32, bool)>> = vec![None; vehicles.len()];
    let mut passes: Vec<Pass> = Vec::new();
    let end_frame = vehicles.iter().map(|v| (v.enter * 10.0) as u64 + v.frames as u64 + 20).max().unwrap_or(0);
    let mut active = 0usize;
    for frame in 0..end_frame {
        let t = frame as f64 * 0.1;
        let mut reads = Vec::new();
        while active < vehicles.len() && vehicles[active].enter + vehicles[active].frames as f64 * 0.1 + 1.0 < t {
            active += 1;
        }
        for (vi, v) in vehicles.iter().enumerate().skip(active).take_while(|(_, v)| v.enter <= t + 3.0) {
            let k = ((t - v.enter) * 10.0).round();
            if k < 0.0 || k >= v.frames as f64 || rng.f() < 0.10 {
                continue;
            }
            let progress = k as f32 / v.frames as f32;
            let poor = rng.f() < 0.20;
            let (text, confs) = ocr(&v.text, v.hard, poor, &mut rng);
            let w = 70.0 + 80.0 * progress + rng.range(-2.0, 2.0);
            let cx = 300.0 + 600.0 * v.lane as f32 + rng.range(-3.0, 3.0);
            let cy = 150.0 + 500.0 * progress + rng.range(-3.0, 3.0);
            let bbox = BBox::new(cx - w / 2.0, cy - w / 9.0, cx + w / 2.0, cy + w / 9.0);
            let confidence = confs.iter().product::<f32>();
            let exact = text == v.text;
            tally.reads += 1;
            tally.reads_exact += usize::from(exact);
            if best_single[vi].is_none_or(|(c, _)| confidence > c) {
                best_single[vi] = Some((confidence, exact));
            }
            owner.insert((frame, bbox.x1.round() as i64), vi);
            reads.push(PlateRead {
                display: text.clone(),
                text,
                confidence,
                char_confidences: confs,
                candidates: Vec::new(),
                format: None,
                bbox,
                corners: Quad::from_bbox(&bbox),
                detection_score: 0.9,
            });
        }
        passes.extend(tracker.update(t, &reads));
    }
    passes.extend(tracker.finish());

    let mut passes_per_vehicle = vec![0usize; vehicles.len()];
    let mut voted: Vec<Option<bool>> = vec![None; vehicles.len()];
    for p in &passes {
        let frame = (p.best_view.timestamp * 10.0).round() as u64;
        let Some(&vi) = owner.get(&(frame, p.best_view.bbox.x1.round() as i64)) else { continue };
        passes_per_vehicle[vi] += 1;
        let exact = p.text == vehicles[vi].text;
        voted[vi] = Some(voted[vi].unwrap_or(false) || exact);
        tally.in_candidates += usize::from(p.candidates.iter().any(|c| c.text == vehicles[vi].text));
        if p.early {
            tally.early += 1;
            tally.early_exact += usize::from(exact);
        }
        let d = match p.direction {
            Direction::Towards => 0,
            Direction::Away => 1,
            _ => 2,
        };
        if p.early {
            tally.direction_early[d] += 1;
        } else {
            tally.direction_end[d] += 1;
        }
    }
    tally.passes = passes.len();
    for vi in 0..vehicles.len() {
        let Some((_, exact)) = best_single[vi] else { continue };
        tally.vehicles_seen += 1;
        tally.most_confident_exact += usize::from(exact);
        tally.vehicles_with_one_pass += usize::from(passes_per_vehicle[vi] == 1);
        tally.voted_exact += usize::from(passes_per_vehicle[vi] == 1 && voted[vi] == Some(true));
    }

    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "tracker_eval: seed {seed}, early passes {}, {} vehicles seen, {} reads",
        if early { "on" } else { "off" },
        tally.vehicles_seen,
        tally.reads
    );
    println!("  single-frame exact rate          {:6.2} %  (all reads)", pct(tally.reads_exact, tally.reads));
    println!(
        "  most-confident-frame exact rate  {:6.2} %  (per vehicle, best single read)",
        pct(tally.most_confident_exact, tally.vehicles_seen)
    );
    println!(
        "  voted exact rate                 {:6.2} %  (per vehicle: exactly one pass, and it is right)",
        pct(tally.voted_exact, tally.vehicles_seen)
    );
    println!("  truth among pass candidates      {:6.2} %", pct(tally.in_candidates, tally.passes));
    println!(
        "  passes {} for {} vehicles ({} with exactly one); early {} ({:.2} % exact)",
        tally.passes,
        tally.vehicles_seen,
        tally.vehicles_with_one_pass,
        tally.early,
        pct(tally.early_exact, tally.early),
    );
    let [et, ea, eu] = tally.direction_early;
    let [nt, na, nu] = tally.direction_end;
    println!("  direction (all vehicles come towards): early passes {et} towards / {ea} away / {eu} unknown;");
    println!("                                         end passes   {nt} towards / {na} away / {nu} unknown");
}
