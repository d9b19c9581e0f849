//! Format-constrained decoding of one plate: `[P = 10, C = 37]` probabilities, top-5 readings.
//!
//! The matrices mimic a confident but imperfect recognizer: the true character gets most of the mass, its usual
//! look-alike a few percent, every other class a little noise, and the slots past the end are mostly "no
//! character". The budget (issue 4) is 20 µs per plate.

use std::hint::black_box;

use anpr_core::formats::{Country, Decoder};
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
    let cases = [
        ("nl_sidecode7_expected_nl", "12GBT3", &[Country::NL][..]),
        ("gb_7_no_preference", "AB12CDE", &[][..]),
        ("de_8_expected_nl_de", "ABCDE123", &[Country::NL, Country::DE][..]),
    ];
    let mut group = c.benchmark_group("formats/decode_top5");
    for (name, text, countries) in cases {
        let decoder = Decoder::new(ALPHABET, countries).expect("valid alphabet");
        let probs = realistic(text);
        let check = decoder.decode(probs.view(), 5).expect("decodes");
        assert_eq!(check.text, text, "bench input must decode to its own text");
        group.bench_function(name, |b| b.iter(|| decoder.decode(black_box(probs.view()), 5)));
    }
    group.finish();
}

criterion_group!(benches, bench_formats);
criterion_main!(benches);
