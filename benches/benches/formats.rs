//! Format-constrained decoding of one plate: `[P = 10, C = 37]` probabilities, top-5 readings.
//!
//! The matrices mimic a confident but imperfect recognizer: the true character gets most of the mass, its usual
//! look-alike a few percent, every other class a little noise, and the slots past the end are mostly "no
//! character". The budget (issue 4) is 20 µs per plate.
//!
//! Two groups: `formats/decode_top5` in wall time (criterion's default) and, on Linux,
//! `formats/decode_top5_cpu` in CPU time of the benchmarking thread. On a shared, oversubscribed machine wall time
//! mostly measures the wait for a core; the CPU-time group measures the decoder's own cost.

use std::hint::black_box;

use anpr_core::formats::{Country, Decoder};
use criterion::measurement::Measurement;
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array2;

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const SLOTS: usize = 10;

/// The usual look-alike of a character, if it has one.
fn look_alike(c: char) -> Option<char> {
    let pairs = [('B', '8'), ('0', 'D'), ('5', 'S'), ('2', 'Z'), ('6', 'G'), ('1', 'T'), ('H', 'N'), ('K', 'X')];
    pairs.iter().find_map(|&(a, b)| {
        if a == c {
            Some(b)
        } else if b == c {
            Some(a)
        } else {
            None
        }
    })
}

fn class(c: char) -> usize {
    ALPHABET.find(c).map_or(0, |i| i + 1)
}

fn realistic(text: &str) -> Array2<f32> {
    let mut m = Array2::<f32>::zeros((SLOTS, 37));
    let mut seed = 0x9e37_79b9_u32;
    let chars: Vec<char> = text.chars().collect();
    for i in 0..SLOTS {
        for k in 0..37 {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            m[[i, k]] = 0.0005 + (seed >> 8) as f32 / (1u32 << 24) as f32 * 0.001;
        }
        match chars.get(i) {
            Some(&c) => {
                m[[i, class(c)]] = 0.86 + 0.01 * (i % 4) as f32;
                if let Some(a) = look_alike(c) {
                    m[[i, class(a)]] = 0.07;
                }
            }
            None => m[[i, 0]] = 0.96,
        }
        let sum: f32 = m.row(i).sum();
        m.row_mut(i).mapv_inplace(|v| v / sum);
    }
    m
}

fn bench_formats(c: &mut Criterion) {
    bench_decode(c, "formats/decode_top5");
}

fn bench_decode<M: Measurement>(c: &mut Criterion<M>, group_name: &str) {
    let cases = [
        ("nl_sidecode7_expected_nl", "12GBT3", &[Country::NL][..]),
        ("gb_7_no_preference", "AB12CDE", &[][..]),
        ("de_8_expected_nl_de", "ABCDE123", &[Country::NL, Country::DE][..]),
    ];
    let mut group = c.benchmark_group(group_name);
    for (name, text, countries) in cases {
        let decoder = Decoder::new(ALPHABET, countries).expect("valid alphabet");
        let probs = realistic(text);
        let check = decoder.decode(probs.view(), 5).expect("decodes");
        assert_eq!(check.text, text, "bench input must decode to its own text");
        group.bench_function(name, |b| b.iter(|| decoder.decode(black_box(probs.view()), 5)));
    }
    group.finish();
}

#[cfg(target_os = "linux")]
mod cpu_time {
    //! A criterion measurement of the calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`).

    use criterion::Throughput;
    use criterion::measurement::{Measurement, ValueFormatter};

    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }

    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }

    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

    fn now_ns() -> u64 {
        let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `ts` is a valid, writable timespec; the clock id is a Linux constant.
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
    }

    /// CPU time of the benchmarking thread.
    pub struct ThreadCpuTime;

    impl Measurement for ThreadCpuTime {
        type Intermediate = u64;
        type Value = u64;

        fn start(&self) -> u64 {
            now_ns()
        }
        fn end(&self, start: u64) -> u64 {
            now_ns().saturating_sub(start)
        }
        fn add(&self, a: &u64, b: &u64) -> u64 {
            a + b
        }
        fn zero(&self) -> u64 {
            0
        }
        fn to_f64(&self, v: &u64) -> f64 {
            *v as f64
        }
        fn formatter(&self) -> &dyn ValueFormatter {
            &Nanoseconds
        }
    }

    struct Nanoseconds;

    impl ValueFormatter for Nanoseconds {
        fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
            let (factor, unit) = if typical < 1e3 {
                (1.0, "ns")
            } else if typical < 1e6 {
                (1e-3, "µs")
            } else {
                (1e-6, "ms")
            };
            values.iter_mut().for_each(|v| *v *= factor);
            unit
        }
        fn scale_throughputs(&self, _typical: f64, _throughput: &Throughput, _values: &mut [f64]) -> &'static str {
            "ns"
        }
        fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
            "ns"
        }
    }
}

#[cfg(target_os = "linux")]
fn bench_formats_cpu(c: &mut Criterion<cpu_time::ThreadCpuTime>) {
    bench_decode(c, "formats/decode_top5_cpu");
}

#[cfg(target_os = "linux")]
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    targets = bench_formats_cpu
}
criterion_group!(benches, bench_formats);
#[cfg(target_os = "linux")]
criterion_main!(benches, cpu);
#[cfg(not(target_os = "linux"))]
criterion_main!(benches);
