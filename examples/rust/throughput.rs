//! Throughput: how many 1080p frames per second the engine sustains, single-threaded and with one engine shared
//! by several threads.
//!
//! ```text
//! ORT_DYLIB_PATH=... cargo run --release -p anpr-benches --example throughput -- [--seconds 10] [--plates 1]
//!     [--width 1920 --height 1080]
//! ANPR_DETECTOR=m.onnx ANPR_RECOGNIZER=m.onnx ...   # other models than the bundled ones
//! ```
//!
//! Rows: one caller with 1 inference thread (one core); N callers sharing one `Engine` (1 inference thread
//! each, N sessions per model: one frame per core at a time); and one caller with 2 inference threads (lower
//! latency per frame, the cores split inside each model run). Frames are synthetic 1080p scenes with plates
//! drawn (see `anpr_benches::synth_frame`), cycled over 8 variants.
#![allow(clippy::print_stdout)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anpr_benches::{SynthFrame, engine, ort_available, synth_frame};
use anpr_core::Engine;

struct Opts {
    seconds: f64,
    plates: usize,
    width: u32,
    height: u32,
}

fn parse() -> Result<Opts, String> {
    let mut o = Opts { seconds: 10.0, plates: 1, width: 1920, height: 1080 };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
        let bad = || format!("bad value {v:?} for {a}");
        match a.as_str() {
            "--seconds" => o.seconds = v.parse().map_err(|_| bad())?,
            "--plates" => o.plates = v.parse().map_err(|_| bad())?,
            "--width" => o.width = v.parse().map_err(|_| bad())?,
            "--height" => o.height = v.parse().map_err(|_| bad())?,
            _ => return Err(format!("unknown option {a}")),
        }
    }
    Ok(o)
}

/// Run `callers` threads reading frames from one shared engine for `seconds`; frames per second.
fn run(engine: &Engine, frames: &[SynthFrame], callers: usize, seconds: f64) -> f64 {
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for c in 0..callers {
            let (done, stop) = (&done, &stop);
            s.spawn(move || {
                let mut i = c;
                while !stop.load(Ordering::Relaxed) {
                    let f = &frames[i % frames.len()];
                    if f.frame().is_ok_and(|frame| engine.read(&frame, None).is_ok()) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    i += callers;
                }
            });
        }
        std::thread::sleep(Duration::from_secs_f64(seconds));
        stop.store(true, Ordering::Relaxed);
    });
    done.load(Ordering::Relaxed) as f64 / t0.elapsed().as_secs_f64()
}

fn main() -> ExitCode {
    let o = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage: throughput [--seconds S] [--plates N] [--width W --height H]");
            return ExitCode::from(2);
        }
    };
    if !ort_available() {
        eprintln!("error: set ORT_DYLIB_PATH to the ONNX Runtime library (see README)");
        return ExitCode::from(2);
    }
    let frames: Vec<SynthFrame> = (0..8).map(|s| synth_frame(o.width, o.height, o.plates, s)).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{}x{} frames, {} plates drawn, {} s per row, {} cores available, load average at start: {}",
        o.width,
        o.height,
        o.plates,
        o.seconds,
        cores,
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    // (callers, inference threads per run, sessions per model)
    let rows = [(1usize, 1usize, 1usize), (2, 1, 2), (4, 1, 4), (1, 2, 1)];
    let mut single = f64::NAN;
    println!("{:>8} {:>14} {:>9} {:>10} {:>12}", "callers", "intra-threads", "sessions", "frames/s", "vs 1 thread");
    for (callers, threads, sessions) in rows {
        let e = match engine(threads, sessions) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let _ = run(&e, &frames, callers, 1.0_f64.min(o.seconds)); // warm-up
        let fps = run(&e, &frames, callers, o.seconds);
        if callers == 1 && threads == 1 {
            single = fps;
        }
        println!("{callers:>8} {threads:>14} {sessions:>9} {fps:>10.2} {:>11.2}x", fps / single);
    }
    ExitCode::SUCCESS
}
