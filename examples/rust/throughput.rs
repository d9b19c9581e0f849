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
//! drawn (see `anpr_benches::synth_frame`), cycled over 8 variants. Beside frames per second each row shows how
//! many cores the process actually got (CPU seconds per wall second) and frames per CPU second, so that a run on
//! a machine busy with other work can still be read.
#![allow(clippy::print_stdout)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anpr_benches::{SynthFrame, engine, ort_available, process_cpu_time, synth_frame};
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

/// What one row measured.
struct Rate {
    /// Frames per wall-clock second.
    fps: f64,
    /// Process CPU seconds per wall second: how many cores the run actually got.
    cores_used: f64,
    /// Frames per CPU second: the throughput per core the code would give on an otherwise idle machine.
    per_cpu_second: f64,
}

/// Run `callers` threads reading frames from one shared engine for `seconds`.
fn run(engine: &Engine, frames: &[SynthFrame], callers: usize, seconds: f64) -> Rate {
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let c0 = process_cpu_time().unwrap_or_default();
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
    let wall = t0.elapsed().as_secs_f64();
    let cpu = process_cpu_time().unwrap_or_default().saturating_sub(c0).as_secs_f64();
    let n = done.load(Ordering::Relaxed) as f64;
    Rate { fps: n / wall, cores_used: cpu / wall, per_cpu_second: if cpu > 0.0 { n / cpu } else { f64::NAN } }
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
    println!(
        "{:>8} {:>14} {:>9} {:>10} {:>12} {:>11} {:>15}",
        "callers", "intra-threads", "sessions", "frames/s", "vs 1 thread", "cores used", "frames/CPU-s"
    );
    for (callers, threads, sessions) in rows {
        let e = match engine(threads, sessions) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let _ = run(&e, &frames, callers, 1.0_f64.min(o.seconds)); // warm-up
        let r = run(&e, &frames, callers, o.seconds);
        if callers == 1 && threads == 1 {
            single = r.fps;
        }
        println!(
            "{callers:>8} {threads:>14} {sessions:>9} {:>10.2} {:>11.2}x {:>11.2} {:>15.2}",
            r.fps,
            r.fps / single,
            r.cores_used,
            r.per_cpu_second
        );
    }
    ExitCode::SUCCESS
}
