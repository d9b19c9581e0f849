//! Synthetic hotlists and reads for the hotlist benchmarks (deterministic, no data files).

use anpr_core::hotlist::{HashedEntrySpec, Hotlist, HotlistBuilder, HotlistKey, Lists};

/// A tiny deterministic generator (xorshift64*), so runs are comparable.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Plate shapes (L letter, D digit) of European formats: Dutch sidecodes, German, Belgian, French, Spanish, …
const SHAPES: [&str; 12] = [
    "DDLLLD", "LLDDDL", "DLLLDD", "LLDDLL", "DDLLDD", "LLLDDL", "DLLDDD", "DDDLLD", "LLLDDDD", "DLLLDDD", "LLDDDLL",
    "DDDDLLL",
];

/// A random plate text.
pub fn plate(rng: &mut Rng) -> String {
    let shape = SHAPES[rng.below(SHAPES.len())];
    shape
        .bytes()
        .map(|s| if s == b'L' { (b'A' + rng.below(26) as u8) as char } else { (b'0' + rng.below(10) as u8) as char })
        .collect()
}

const LISTS: [&str; 6] =
    ["missing_person", "wanted_person", "stolen_vehicle", "special_action", "outstanding_sentence", "unpaid_fine"];
const REASONS: [&str; 6] = [
    "vulnerable adult",
    "suspect armed robbery",
    "stolen from driveway",
    "used in burglary",
    "outstanding custodial sentence",
    "unpaid fine",
];

/// A hotlist CSV with `n` distinct plates (documented header, mixed lists, reasons and validity), and the
/// plates in it.
pub fn csv(n: usize, seed: u64) -> (String, Vec<String>) {
    let mut rng = Rng::new(seed);
    // Plates seen so far, as fixed-size arrays rather than `String`s: a million small strings freed at the end
    // would be merged by the allocator on the next large allocation, which is the load being measured.
    let mut seen = std::collections::HashSet::<[u8; 8]>::with_capacity(n);
    let mut plates = Vec::with_capacity(n);
    let mut out = String::with_capacity(n * 64);
    out.push_str("plate,list,reference,reason,valid_from,expires\n");
    while plates.len() < n {
        let p = plate(&mut rng);
        let mut bytes = [0u8; 8];
        bytes.iter_mut().zip(p.bytes()).for_each(|(b, c)| *b = c);
        if !seen.insert(bytes) {
            continue;
        }
        let l = rng.below(LISTS.len());
        let validity = if plates.len() % 4 == 0 { "2026-01-01,2027-01-01T00:00:00Z" } else { "," };
        out.push_str(&format!("{p},{},R{:08},{},{validity}\n", LISTS[l], plates.len(), REASONS[l]));
        plates.push(p);
    }
    (out, plates)
}

/// Read texts held back to back in one buffer, as a batch of fresh reads sits in memory. (Separate `String`s
/// allocated after a big list load land in the holes the load left all over the heap, and a benchmark of them
/// measures cache misses on its own inputs more than the lookups.)
#[derive(Debug, Clone, Default)]
pub struct Reads {
    text: String,
    ends: Vec<usize>,
}

impl Reads {
    /// The texts, in order.
    pub fn strs(&self) -> Vec<&str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).filter_map(|(a, &b)| self.text.get(a..b)).collect()
    }
}

/// `n` reads: a `hit_rate` share taken from `listed` (with a look-alike swap or one edit when `noisy`), the
/// rest random plates.
pub fn queries(listed: &[String], n: usize, hit_rate: f64, noisy: bool, seed: u64) -> Reads {
    let mut rng = Rng::new(seed);
    let mut reads = Reads { text: String::with_capacity(n * 8), ends: Vec::with_capacity(n) };
    for _ in 0..n {
        let read = if listed.is_empty() || (rng.below(1_000_000) as f64) >= hit_rate * 1e6 {
            plate(&mut rng)
        } else {
            let mut p: Vec<u8> = listed[rng.below(listed.len())].clone().into_bytes();
            if noisy {
                let i = rng.below(p.len());
                match rng.below(3) {
                    0 => p[i] = b"0O8B5S1I"[rng.below(8)],
                    1 => p[i] = b'A' + rng.below(26) as u8,
                    _ => {
                        p.remove(i);
                    }
                }
            }
            String::from_utf8(p).unwrap_or_default()
        };
        reads.text.push_str(&read);
        reads.ends.push(reads.text.len());
    }
    reads
}

/// A hashed hotlist (tags only, on `stolen_vehicle`, look-alike tags included) of `plates` under `key`.
pub fn hashed(plates: &[String], key: &HotlistKey) -> anpr_core::Result<Hotlist> {
    let mut b = HotlistBuilder::new(Lists::standard());
    b.hash_key(key.clone());
    b.reserve(plates.len());
    for (i, p) in plates.iter().enumerate() {
        let t = key.tags(p)?;
        let spec = HashedEntrySpec {
            exact: t.exact,
            lookalike: Some(t.lookalike),
            list: "stolen_vehicle".into(),
            reference: format!("H{i}"),
            ..Default::default()
        };
        b.add_hashed(&spec)?;
    }
    b.build()
}
