//! How hotlist cost grows with size: load time, memory per entry, lookups per second on one core.
//!
//! `cargo run --release -p anpr-benches --example hotlist_scale -- [sizes...]` (default 10000 100000 1000000).
//! Prints one Markdown table row per size. With `--load-only`, times only five loads of each size (wall
//! seconds; `--threads=1` for a one-thread load, default two), for comparing builds side by side quickly.
//!
//! A process's first load is the one a device pays at start-up, and it is only measured fairly in a process
//! that did nothing else first: generating the list frees millions of small strings, and the allocator
//! merges them on the load's first large allocation (~0.25 s at 1M, counted against the load). So
//! `--write=PATH` writes the list of the first size to a file, and `--load-file=PATH` (in a new process)
//! times five loads of it with [`CsvLoader::load_path`], reading the file included. `--delta-file=PATH` times
//! five small deltas ([`anpr_core::hotlist::HotlistSet::apply`]) on the list in the file.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use anpr_benches::hotlist_data;
use anpr_core::hotlist::{BatchHits, CsvLoader, HotlistKey, Lists, MatchMode};
use time::macros::datetime;

/// Resident set size of this process in bytes (Linux), or 0.
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<usize>().ok()))
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

/// Peak resident set size of this process so far in bytes (Linux `VmHWM`), or 0.
fn peak_rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().strip_suffix(" kB"));
    kb.and_then(|v| v.trim().parse::<usize>().ok()).map_or(0, |kb| kb * 1024)
}

/// CPU time this thread has run, in seconds (Linux schedstat), so a busy shared machine does not count
/// the time other processes held the core; `None` where unavailable.
fn cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse::<f64>().ok().map(|ns| ns / 1e9)
}

/// Seconds taken by `f`: thread CPU time where available, else wall time.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (c, t) = (cpu_s(), Instant::now());
    let out = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (c, cpu_s()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    (out, cpu, wall)
}

/// Rate of `f` (which does `n` lookups): the fastest of three timings, each repeating `f` for at least 0.25 s
/// (the thread CPU clock ticks in milliseconds, and the first pass also pays for page faults and cold TLBs).
fn per_sec(n: usize, f: impl Fn() -> usize) -> f64 {
    let (r, first, _) = timed(&f);
    black_box(r);
    let reps = (0.25 / first.max(1e-4)).ceil().clamp(1.0, 1e4) as usize;
    let best = (0..3)
        .map(|_| {
            let (r, cpu, _) = timed(|| (0..reps).map(|_| f()).sum::<usize>());
            black_box(r);
            cpu / reps as f64
        })
        .fold(f64::INFINITY, f64::min);
    n as f64 / best
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000, 1_000_000] } else { sizes };
    let now = datetime!(2026-06-01 12:00 UTC);
    let option = |name: &str| std::env::args().find_map(|a| a.strip_prefix(name).map(str::to_owned));
    let threads = option("--threads=").and_then(|t| t.parse().ok()).unwrap_or(2);
    if let Some(path) = option("--write=") {
        let n = sizes.first().copied().unwrap_or(1_000_000);
        if let Err(e) = std::fs::write(&path, hotlist_data::csv(n, 42).0) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
        println!("wrote {n} entries to {path}");
        return;
    }
    if let Some(path) = option("--load-file=") {
        let load = || CsvLoader::new(Lists::standard()).threads(threads).load_path(&path).map(|l| l.hotlist.len());
        let first = timed(load);
        let peak = peak_rss() as f64 / 1e6;
        let walls: Vec<f64> = std::iter::once(first.2).chain((0..4).map(|_| timed(load).2)).collect();
        match &first.0 {
            Ok(n) => println!(
                "{n} entries from {path}: first load {:.3} s wall, peak RSS {peak:.0} MB (the file's bytes included); \
                 each: {walls:.3?}",
                walls[0]
            ),
            Err(e) => eprintln!("cannot load {path}: {e}"),
        }
        return;
    }
    if let Some(path) = option("--delta-file=") {
        // A small delta applied to the list in the file, five times: ten new entries, and the removal of the
        // ten the round before added.
        let Ok(loaded) = CsvLoader::new(Lists::standard()).threads(threads).load_path(&path) else {
            eprintln!("cannot load {path}");
            std::process::exit(1);
        };
        let set = anpr_core::hotlist::HotlistSet::new(loaded.hotlist);
        let walls: Vec<f64> = (0..5)
            .map(|round| {
                let delta = anpr_core::hotlist::Delta {
                    upsert: (0..10)
                        .map(|i| anpr_core::hotlist::EntrySpec::new(format!("QQ{round}{i:02}Q"), "stolen_vehicle"))
                        .collect(),
                    remove: (0..10)
                        .filter(|_| round > 0)
                        .map(|i| ("stolen_vehicle".to_owned(), format!("QQ{}{i:02}Q", round - 1)))
                        .collect(),
                    ..Default::default()
                };
                timed(|| set.apply(&delta).is_ok()).2
            })
            .collect();
        let n = set.snapshot().len();
        println!("{n} entries: a delta of 10 upserts (and, after the first, 10 removals) takes {walls:.3?} s wall");
        return;
    }
    if std::env::args().any(|a| a == "--load-only") {
        for n in sizes {
            // The plates are kept: freeing them would leave the allocator work to do in the first load.
            let (csv, _plates) = hotlist_data::csv(n, 42);
            let load = || {
                CsvLoader::new(Lists::standard()).threads(threads).load_bytes(csv.as_bytes()).map(|l| l.hotlist.len())
            };
            let walls: Vec<f64> = (0..5)
                .map(|_| timed(load))
                .map(|(r, _, wall)| if black_box(r).is_ok() { wall } else { f64::NAN })
                .collect();
            let best = walls.iter().copied().fold(f64::INFINITY, f64::min);
            println!("{n} entries: load {best:.3} s wall, best of 5 (each: {walls:.3?})");
        }
        return;
    }
    println!("CPU-time based rates (one thread); wall time of the load in brackets.");
    println!(
        "| entries | load s (wall) | heap MB | bytes/entry | RSS growth MB | exact M/s | exact batch M/s | hashed exact M/s | tolerant M/s (Hits built) | tolerant M/s (count) | tolerant batch M/s (Hits) | tolerant batch M/s (Hits, reused buffer) | tolerant batch M/s (count) | tolerant M/s (Matches) | tolerant batch M/s (Matches) | hits/read | std HashSet<u64> M/s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let (csv, plates) = hotlist_data::csv(n, 42);
        let before = rss();
        let (loaded, load_s, load_wall) = timed(|| CsvLoader::new(Lists::standard()).load(csv.as_bytes()));
        let loaded = match loaded {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{n}: {e}");
                continue;
            }
        };
        let h = loaded.hotlist;
        let grown = rss().saturating_sub(before);
        drop(csv);
        let q = 200_000;
        let (clean, noisy) =
            (hotlist_data::queries(&plates, q, 0.1, false, 7), hotlist_data::queries(&plates, q, 0.1, true, 8));
        let (clean, noisy) = (clean.strs(), noisy.strs());
        let exact = per_sec(q, || clean.iter().filter(|s| h.contains(s, now)).count());
        let batch = per_sec(q, || h.contains_batch(&clean, now).iter().filter(|&&f| f).count());
        // The per-reading and the batched answers must agree, or the rates mean nothing.
        let single: Vec<bool> = clean.iter().map(|s| h.contains(s, now)).collect();
        assert_eq!(single, h.contains_batch(&clean, now), "contains_batch disagrees with contains");
        let fuzzy = per_sec(q, || noisy.iter().map(|s| h.matches(s, now, MatchMode::Tolerant).len()).sum());
        let fuzzy_count = per_sec(q, || noisy.iter().map(|s| h.match_count(s, now, MatchMode::Tolerant)).sum());
        let fuzzy_batch = per_sec(q, || h.matches_batch(&noisy, now, MatchMode::Tolerant).iter().map(Vec::len).sum());
        // Hits into one flat buffer reused for the whole pass (no list per reading).
        let mut flat = BatchHits::new();
        h.matches_batch_into(&noisy, now, MatchMode::Tolerant, &mut flat);
        assert!(
            flat.iter().eq(h.matches_batch(&noisy, now, MatchMode::Tolerant).iter().map(Vec::as_slice)),
            "matches_batch_into disagrees with matches_batch"
        );
        let flat = std::cell::RefCell::new(flat);
        let fuzzy_batch_into = per_sec(q, || {
            let mut flat = flat.borrow_mut();
            h.matches_batch_into(&noisy, now, MatchMode::Tolerant, &mut flat);
            flat.all().len()
        });
        let fuzzy_count_batch = per_sec(q, || h.match_count_batch(&noisy, now, MatchMode::Tolerant).iter().sum());
        // Matches (entry ids in hit order, no texts copied), into one buffer reused for the whole pass.
        let fuzzy_matches = per_sec(q, || {
            let mut found = Vec::with_capacity(16);
            noisy
                .iter()
                .map(|s| {
                    h.matches_into(s, now, MatchMode::Tolerant, &mut found);
                    found.len()
                })
                .sum()
        });
        let fuzzy_matches_batch = per_sec(q, || {
            let mut n = 0;
            h.matches_batch_each(&noisy, now, MatchMode::Tolerant, |_, m| n += m.len());
            n
        });
        let counts: Vec<usize> = noisy.iter().map(|s| h.match_count(s, now, MatchMode::Tolerant)).collect();
        assert_eq!(counts, h.match_count_batch(&noisy, now, MatchMode::Tolerant), "match_count_batch disagrees");
        let hits: usize = noisy.iter().map(|s| h.match_count(s, now, MatchMode::Tolerant)).sum();
        // Calibration: a plain std HashSet<u64> of the same size, probed with the same packed keys, shows what
        // random memory access costs on this machine.
        let pack = |p: &str| p.bytes().fold(0u64, |k, b| (k << 6) | u64::from(b & 63));
        let set: std::collections::HashSet<u64> = plates.iter().map(|p| pack(p)).collect();
        let baseline = per_sec(q, || clean.iter().filter(|s| set.contains(&pack(s))).count());
        drop(set);
        let hashed_rate = match HotlistKey::new(&[0x5a; 32]).and_then(|key| hotlist_data::hashed(&plates, &key)) {
            Ok(hashed) => per_sec(q, || clean.iter().filter(|s| hashed.contains(s, now)).count()),
            Err(e) => {
                eprintln!("hashed list of {n}: {e}");
                f64::NAN
            }
        };
        let heap = h.heap_bytes();
        println!(
            "| {n} | {load_s:.3} ({load_wall:.3}) | {:.1} | {:.0} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} |",
            heap as f64 / 1e6,
            heap as f64 / n as f64,
            grown as f64 / 1e6,
            exact / 1e6,
            batch / 1e6,
            hashed_rate / 1e6,
            fuzzy / 1e6,
            fuzzy_count / 1e6,
            fuzzy_batch / 1e6,
            fuzzy_batch_into / 1e6,
            fuzzy_count_batch / 1e6,
            fuzzy_matches / 1e6,
            fuzzy_matches_batch / 1e6,
            hits as f64 / q as f64,
            baseline / 1e6
        );
    }
}
