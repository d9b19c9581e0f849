//! Hotlist benchmarks: loading a 1,000,000-entry CSV, exact / tolerant / hashed lookups on one core.
//!
//! `cargo bench -p anpr-benches --bench hotlist`. Sample sizes are small so the whole run takes a few minutes.
//! Memory and the 10k → 10M growth are measured by the `hotlist_scale` example (see BENCHMARKS.md).

use std::hint::black_box;
use std::time::Duration;

use anpr_benches::hotlist_data;
use anpr_core::hotlist::{BatchHits, CsvLoader, HotlistKey, Lists, MatchMode};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use time::macros::datetime;

const N: usize = 1_000_000;
const BATCH: usize = 10_000;

fn benches(c: &mut Criterion) {
    let now = datetime!(2026-06-01 12:00 UTC);
    let (csv, plates) = hotlist_data::csv(N, 42);
    let loader = CsvLoader::new(Lists::standard());

    let mut g = c.benchmark_group("hotlist_load");
    g.sample_size(10).measurement_time(Duration::from_secs(15)).throughput(Throughput::Elements(N as u64));
    g.bench_function("csv_1m", |b| {
        b.iter(|| loader.load(black_box(csv.as_bytes())).map(|l| l.hotlist.len()).unwrap_or(0))
    });
    g.finish();

    let hotlist = match loader.load(csv.as_bytes()) {
        Ok(l) => l.hotlist,
        Err(e) => panic!("bench data must load: {e}"),
    };
    drop(csv);
    let (clean, noisy) =
        (hotlist_data::queries(&plates, BATCH, 0.1, false, 7), hotlist_data::queries(&plates, BATCH, 0.1, true, 8));
    let (clean, noisy) = (clean.strs(), noisy.strs());

    let mut g = c.benchmark_group("hotlist_lookup_1m");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("exact_contains", |b| {
        b.iter(|| clean.iter().filter(|q| hotlist.contains(black_box(q), now)).count())
    });
    g.bench_function("exact_contains_batch", |b| {
        b.iter(|| hotlist.contains_batch(black_box(&clean), now).iter().filter(|&&f| f).count())
    });
    g.bench_function("exact_matches", |b| {
        b.iter(|| clean.iter().map(|q| hotlist.matches(black_box(q), now, MatchMode::Exact).len()).sum::<usize>())
    });
    g.bench_function("lookalike_1edit_matches", |b| {
        b.iter(|| noisy.iter().map(|q| hotlist.matches(black_box(q), now, MatchMode::Tolerant).len()).sum::<usize>())
    });
    g.bench_function("lookalike_1edit_matches_into", |b| {
        let mut found = Vec::new();
        b.iter(|| {
            noisy
                .iter()
                .map(|q| {
                    hotlist.matches_into(black_box(q), now, MatchMode::Tolerant, &mut found);
                    found.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("lookalike_1edit_matches_batch_each", |b| {
        b.iter(|| {
            let mut n = 0;
            hotlist.matches_batch_each(black_box(&noisy), now, MatchMode::Tolerant, |_, m| n += m.len());
            n
        })
    });
    g.bench_function("lookalike_1edit_hits_batch_into", |b| {
        let mut flat = BatchHits::new();
        b.iter(|| {
            hotlist.matches_batch_into(black_box(&noisy), now, MatchMode::Tolerant, &mut flat);
            flat.all().len()
        })
    });
    g.bench_function("lookalike_1edit_count", |b| {
        b.iter(|| noisy.iter().map(|q| hotlist.match_count(black_box(q), now, MatchMode::Tolerant)).sum::<usize>())
    });
    g.finish();
    drop(hotlist);

    // Hashed list of the same plates: the device holds tags only.
    let hashed = match HotlistKey::new(&[0x5a; 32]).and_then(|key| hotlist_data::hashed(&plates, &key)) {
        Ok(h) => h,
        Err(e) => panic!("hashed list: {e}"),
    };
    let mut g = c.benchmark_group("hotlist_hashed_1m");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("hashed_exact_contains", |b| {
        b.iter(|| clean.iter().filter(|q| hashed.contains(black_box(q), now)).count())
    });
    g.bench_function("hashed_exact_lookalike_matches", |b| {
        b.iter(|| noisy.iter().map(|q| hashed.matches(black_box(q), now, MatchMode::Tolerant).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(hotlist, benches);
criterion_main!(hotlist);
