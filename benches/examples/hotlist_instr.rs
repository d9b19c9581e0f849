//! One pass of one hotlist operation, for counting instructions with callgrind (repeatable on a shared,
//! noisy machine, unlike wall-clock rates):
//!
//! ```sh
//! cargo build --release -p anpr-benches --example hotlist_instr
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured_hits*' \
//!     target/release/examples/hotlist_instr 1000000 tolerant-hits
//! ```
//!
//! Each operation runs in its own function (`measured_load`, `measured_exact`, `measured_count`,
//! `measured_hits`, `measured_hits_into`, `measured_matches`); name that one in `--toggle-collect`, as the
//! list's load runs before every operation.
//!
//! Operations: `load` (parse and index the CSV), `exact`, `tolerant-count`, `tolerant-hits` (`matches_batch`),
//! `tolerant-hits-into` (`matches_batch_into`, a fresh buffer), `tolerant-matches` (200,000 reads of
//! `hotlist_scale`'s data, batched). Prints what it did, so the pass cannot be optimised away.

#![allow(clippy::print_stdout)]

use std::hint::black_box;

use anpr_benches::hotlist_data;
use anpr_core::hotlist::{BatchHits, CsvLoader, Hotlist, Lists, MatchMode};
use time::OffsetDateTime;
use time::macros::datetime;

const READS: usize = 200_000;

#[inline(never)]
fn measured_load(csv: &str) -> Option<Hotlist> {
    CsvLoader::new(Lists::standard()).load(csv.as_bytes()).ok().map(|l| l.hotlist)
}

#[inline(never)]
fn measured_exact(h: &Hotlist, reads: &[&str], at: OffsetDateTime) -> usize {
    h.contains_batch(reads, at).iter().filter(|&&f| f).count()
}

#[inline(never)]
fn measured_count(h: &Hotlist, reads: &[&str], at: OffsetDateTime) -> usize {
    h.match_count_batch(reads, at, MatchMode::Tolerant).iter().sum()
}

#[inline(never)]
fn measured_hits(h: &Hotlist, reads: &[&str], at: OffsetDateTime) -> usize {
    h.matches_batch(reads, at, MatchMode::Tolerant).iter().map(Vec::len).sum()
}

#[inline(never)]
fn measured_hits_into(h: &Hotlist, reads: &[&str], at: OffsetDateTime, out: &mut BatchHits) -> usize {
    h.matches_batch_into(reads, at, MatchMode::Tolerant, out);
    out.all().len()
}

#[inline(never)]
fn measured_matches(h: &Hotlist, reads: &[&str], at: OffsetDateTime) -> usize {
    let mut n = 0;
    h.matches_batch_each(reads, at, MatchMode::Tolerant, |_, m| n += m.len());
    n
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let op = args.next().unwrap_or_else(|| "tolerant-hits".into());
    let now = datetime!(2026-06-01 12:00 UTC);
    let (csv, plates) = hotlist_data::csv(n, 42);
    let Some(h) = measured_load(&csv) else {
        eprintln!("the generated list did not load");
        std::process::exit(1);
    };
    let reads = hotlist_data::queries(&plates, READS, 0.1, op != "exact", 8);
    let reads = reads.strs();
    let found = match op.as_str() {
        "load" => h.len(),
        "exact" => measured_exact(&h, &reads, now),
        "tolerant-count" => measured_count(&h, &reads, now),
        "tolerant-hits" => measured_hits(&h, &reads, now),
        "tolerant-matches" => measured_matches(&h, &reads, now),
        "tolerant-hits-into" => measured_hits_into(&h, &reads, now, &mut BatchHits::new()),
        other => {
            eprintln!(
                "unknown operation {other:?} (load, exact, tolerant-count, tolerant-hits, tolerant-hits-into, tolerant-matches)"
            );
            std::process::exit(2);
        }
    };
    println!("{n} entries, {op}: {}", black_box(found));
}
