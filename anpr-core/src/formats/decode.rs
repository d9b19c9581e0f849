//! Format-constrained decoding of the recognizer's per-slot probabilities.
//!
//! # Model
//!
//! The recognizer gives, for each of `P` left-aligned slots, a distribution over `C` classes (class 0 = "no
//! character"). Slots are treated as independent, so a reading that fills slots `0..L` with characters and leaves
//! `L..P` empty has the *joint probability* `Π p_i(c_i) · Π_{i≥L} p_i(blank)`. With softmax rows this sums to
//! exactly 1 over every possible slot assignment, which is what makes the scores below calibrated.
//!
//! # Search
//!
//! For every known pattern of length `L ≤ P` the positions are independent, each restricted to the pattern's
//! character set, so its readings can be enumerated best first without listing them: each slot's classes are
//! sorted once per plate, a pattern's best reading takes the first member of each set, and the successors of a
//! reading advance one position to its next member (only positions at or after the last one advanced, so every
//! reading is generated once). One max-heap holds the frontier of *all* patterns together, so the top-N across
//! formats costs `O(patterns + N · L · log)` heap work rather than a per-pattern list. A text that fits several
//! patterns is kept once, with the most preferred one. Readings less than a millionth as probable (after the prior)
//! as the best one are never listed, so a confident plate may return fewer than N candidates.
//!
//! # Scores
//!
//! Readings are ranked by joint probability times a prior weight: `format_prior` (default 4) for a reading that
//! fits a known format, times `country_prior` (default 4) more when that format's country is expected, 1 for a
//! reading that fits nothing. The reported score is that product divided by the normaliser
//! `Z = Σ_all readings joint · weight`, i.e. the posterior probability of the reading under "slot model × format
//! prior". `Z` is computed exactly from the per-pattern probability masses (each a product of per-slot sums)
//! when no text fits two patterns; where formats overlap (`AB1234` is Dutch, German and Luxembourgish) the masses
//! are summed and capped at 1, which can only overestimate `Z`, so the score is then a lower bound on the
//! posterior. With the priors at 1 the score is the plain joint probability.
//!
//! The unconstrained reading (the argmax of every slot, blanks dropped) is always among the candidates, flagged
//! [`Candidate::unconstrained`]; when it ranks below the top-N it is appended as one extra, last candidate.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use ndarray::ArrayView2;
use serde::Serialize;

use super::pattern::CharSet;
use super::registry::{Registry, registry};
use super::text::MAX_PLATE_LEN;
use super::{Country, FormatMatch};
use crate::error::{Error, Result};

/// Default prior weight of a reading that fits any known format, relative to one that fits none.
pub const DEFAULT_FORMAT_PRIOR: f32 = 4.0;
/// Default extra prior weight of a reading whose format belongs to an expected country.
pub const DEFAULT_COUNTRY_PRIOR: f32 = 4.0;

/// One candidate reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Normalised text (A–Z, 0–9).
    pub text: String,
    /// Calibrated score in `[0, 1]`: the posterior probability of this reading (see the module docs).
    pub score: f32,
    /// The format it fits, if any.
    pub format: Option<FormatMatch>,
    /// This is the unconstrained reading (each slot's most probable class), whether or not it fits a format.
    pub unconstrained: bool,
}

/// The result of decoding one plate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decoded {
    /// Best reading.
    pub text: String,
    /// Confidence of the best reading in `[0, 1]` (its candidate score).
    pub confidence: f32,
    /// Confidence of each character of `text`: the probability of the chosen class in its slot.
    pub char_confidences: Vec<f32>,
    /// The format the best reading fits.
    pub format: Option<FormatMatch>,
    /// The top-N readings, best first (includes the best reading and the unconstrained reading).
    pub candidates: Vec<Candidate>,
}

/// Decodes recognizer output `[P, C]` (class 0 = no character, class k = `alphabet[k-1]`) with knowledge of the
/// plate formats. Immutable and cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Decoder {
    /// ASCII character of each non-blank class.
    alphabet: Vec<u8>,
    /// Bit of each non-blank class's character in a [`CharSet`].
    class_bits: Vec<u64>,
    countries: Vec<Country>,
    format_prior: f32,
    country_prior: f32,
    /// Prior weight of each registry pattern.
    weights: Vec<f32>,
    /// Whether each registry pattern belongs to an expected country.
    expected: Vec<bool>,
}

/// Sentinel in the first-member table: the set has no member in this slot.
const NONE: u8 = u8::MAX;
/// Readings less probable than this fraction of the best one are not listed (their score would be < 1e-6 of the
/// best's); skipping them keeps the frontier small.
const MIN_RELATIVE: f32 = 1e-6;
/// Pattern masses below this are left out of the normaliser (changes scores by < 1e-5 relative).
const NEGLIGIBLE_MASS: f32 = 1e-8;

impl Decoder {
    /// A decoder for the given alphabet, preferring plates of `countries` (a soft prior, never a filter; empty =
    /// no preference).
    ///
    /// The alphabet must consist of distinct characters from `0`–`9`, `A`–`Z`.
    pub fn new(alphabet: &str, countries: &[Country]) -> Result<Self> {
        let mut chars = Vec::with_capacity(alphabet.len());
        let mut class_bits = Vec::with_capacity(alphabet.len());
        let mut seen = 0u64;
        for c in alphabet.chars() {
            let bit = u8::try_from(c).ok().and_then(CharSet::index).ok_or_else(|| {
                Error::InvalidArgument(format!("alphabet {alphabet:?}: {c:?} is not one of 0-9, A-Z"))
            })?;
            if seen & (1 << bit) != 0 {
                return Err(Error::InvalidArgument(format!("alphabet {alphabet:?}: {c:?} appears twice")));
            }
            seen |= 1 << bit;
            chars.push(c as u8);
            class_bits.push(1u64 << bit);
        }
        if chars.is_empty() {
            return Err(Error::InvalidArgument("empty alphabet".into()));
        }
        let mut countries = countries.to_vec();
        countries.sort_unstable();
        countries.dedup();
        let mut decoder = Self {
            alphabet: chars,
            class_bits,
            countries,
            format_prior: DEFAULT_FORMAT_PRIOR,
            country_prior: DEFAULT_COUNTRY_PRIOR,
            weights: Vec::new(),
            expected: Vec::new(),
        };
        decoder.set_weights();
        Ok(decoder)
    }

    /// Replace the prior weights (each finite and ≥ 1; 1 disables that preference). See the module docs.
    pub fn with_priors(mut self, format_prior: f32, country_prior: f32) -> Result<Self> {
        for (name, w) in [("format_prior", format_prior), ("country_prior", country_prior)] {
            if !(w.is_finite() && w >= 1.0) {
                return Err(Error::InvalidArgument(format!("{name} must be finite and >= 1, got {w}")));
            }
        }
        self.format_prior = format_prior;
        self.country_prior = country_prior;
        self.set_weights();
        Ok(self)
    }

    /// The expected countries (sorted, without duplicates).
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    fn set_weights(&mut self) {
        let reg = registry();
        self.expected = reg.patterns.iter().map(|p| self.countries.contains(&p.country)).collect();
        self.weights = self
            .expected
            .iter()
            .map(|&e| if e { self.format_prior * self.country_prior } else { self.format_prior })
            .collect();
    }

    /// Decode one plate's probabilities `[P, C]` into up to `top_n` readings (at least one; plus the unconstrained
    /// reading when it ranks lower).
    ///
    /// `C` must be the alphabet length + 1 and every value finite and non-negative, else
    /// [`Error::InvalidArgument`].
    pub fn decode(&self, probs: ArrayView2<'_, f32>, top_n: usize) -> Result<Decoded> {
        let (p, c) = probs.dim();
        if c != self.alphabet.len() + 1 {
            return Err(Error::InvalidArgument(format!(
                "recognizer output has {c} classes per slot, the alphabet needs {}",
                self.alphabet.len() + 1
            )));
        }
        if p == 0 {
            return Err(Error::InvalidArgument("recognizer output has no slots".into()));
        }
        // Row-major and contiguous from here on (a copy only for strided views).
        let probs = probs.as_standard_layout();
        let flat =
            probs.as_slice().ok_or_else(|| Error::InvalidArgument("recognizer output is not contiguous".into()))?;
        if let Some(bad) = flat.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(Error::InvalidArgument(format!("recognizer output [{p}, {c}] holds {bad}, not a probability")));
        }
        let top_n = top_n.max(1);
        let mut state = Search::new(self, flat, p);
        let mut readings = state.top_readings(top_n);
        let z = state.normaliser();
        self.merge_unconstrained(&mut readings, flat);

        readings.sort_by(|a, b| b.prio.total_cmp(&a.prio));
        if readings.len() > top_n {
            // Keep the unconstrained reading even when it ranks below the top-N.
            let extra = readings[top_n..].iter().position(|r| r.unconstrained).map(|i| readings[top_n + i].clone());
            readings.truncate(top_n);
            readings.extend(extra);
        }
        let reg = registry();
        let candidates: Vec<Candidate> = readings
            .iter()
            .map(|r| {
                let text = r.text();
                let format = r.pattern.map(|i| FormatMatch::of(&reg.patterns[usize::from(i)], &text));
                Candidate { text, score: (r.prio / z).clamp(0.0, 1.0), format, unconstrained: r.unconstrained }
            })
            .collect();
        let (Some(best), Some(first)) = (readings.first(), candidates.first()) else {
            // merge_unconstrained always adds a reading; kept as an error rather than a panic.
            return Err(Error::InvalidArgument("no reading could be formed".into()));
        };
        Ok(Decoded {
            text: first.text.clone(),
            confidence: first.score,
            char_confidences: best.confs[..usize::from(best.len)].to_vec(),
            format: first.format.clone(),
            candidates,
        })
    }

    /// Add the per-slot argmax reading, or flag it where the search already found the same text.
    fn merge_unconstrained(&self, readings: &mut Vec<Reading>, flat: &[f32]) {
        let mut r = Reading::empty();
        let mut joint = 1.0f32;
        for row in flat.chunks_exact(self.alphabet.len() + 1) {
            let (k, pk) = row.iter().enumerate().fold((0, f32::MIN), |a, (i, &v)| if v > a.1 { (i, v) } else { a });
            joint *= pk;
            if k > 0 && usize::from(r.len) < MAX_PLATE_LEN {
                r.chars[usize::from(r.len)] = self.alphabet[k - 1];
                r.confs[usize::from(r.len)] = pk;
                r.len += 1;
            }
        }
        r.joint = joint;
        r.unconstrained = true;
        let reg = registry();
        let text = r.text();
        let bytes = text.as_bytes();
        let fitting = || reg.patterns.iter().enumerate().filter(|(_, p)| p.fits(bytes));
        let pattern = fitting().find(|&(i, _)| self.expected[i]).or_else(|| fitting().next()).map(|(i, _)| i);
        r.prio = joint * pattern.map_or(1.0, |i| self.weights[i]);
        r.pattern = pattern.and_then(|i| u16::try_from(i).ok());
        match readings.iter_mut().find(|x| x.same_text(&r)) {
            Some(x) if x.prio >= r.prio => x.unconstrained = true,
            Some(x) => *x = r,
            None => readings.push(r),
        }
    }
}

/// One reading under construction (fixed-size so the search does not allocate per node).
#[derive(Debug, Clone)]
struct Reading {
    chars: [u8; MAX_PLATE_LEN],
    confs: [f32; MAX_PLATE_LEN],
    len: u8,
    joint: f32,
    prio: f32,
    pattern: Option<u16>,
    unconstrained: bool,
}

impl Reading {
    fn empty() -> Self {
        Self {
            chars: [0; MAX_PLATE_LEN],
            confs: [0.0; MAX_PLATE_LEN],
            len: 0,
            joint: 0.0,
            prio: 0.0,
            pattern: None,
            unconstrained: false,
        }
    }

    fn same_text(&self, other: &Reading) -> bool {
        self.chars[..usize::from(self.len)] == other.chars[..usize::from(other.len)]
    }

    fn text(&self) -> String {
        self.chars[..usize::from(self.len)].iter().map(|&b| b as char).collect()
    }
}

/// A frontier node: one reading of one pattern, as indices into each slot's sorted classes.
#[derive(Debug, Clone, Copy)]
struct Node {
    prio: f32,
    joint: f32,
    pattern: u16,
    /// Positions before this one are never advanced again (makes the enumeration duplicate-free).
    last: u8,
    idx: [u8; MAX_PLATE_LEN],
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    fn cmp(&self, other: &Self) -> Ordering {
        // Higher priority first; on ties the earlier pattern (country order) wins.
        self.prio.total_cmp(&other.prio).then_with(|| other.pattern.cmp(&self.pattern))
    }
}

/// Per-plate search state.
struct Search<'a> {
    decoder: &'a Decoder,
    reg: &'static Registry,
    /// Slots that can hold a character of some pattern.
    slots: usize,
    /// Non-blank classes per slot.
    n: usize,
    /// Per slot `i < slots`: the non-blank classes sorted by probability, descending, each packed as
    /// `probability bits << 8 | class - 1` (the bits of a non-negative float order like the float).
    sorted: Vec<u64>,
    /// `blank_suffix[l]` = probability that slots `l..P` are all empty.
    blank_suffix: Vec<f32>,
    /// Per slot and set: index in `sorted` of the set's most probable member.
    first: Vec<u8>,
    /// Per slot and set: the probability of that first member.
    first_p: Vec<f32>,
    /// Per slot and set: total probability of the set's members (lazy, NaN = not computed).
    mass: Vec<f32>,
    /// Per slot: the probability of each plate character (bit index), for the masses.
    by_char: Vec<[f32; 36]>,
}

impl<'a> Search<'a> {
    fn new(decoder: &'a Decoder, flat: &[f32], p: usize) -> Self {
        let reg = registry();
        let c = decoder.alphabet.len() + 1;
        let n = c - 1;
        let slots = p.min(reg.max_len);
        let mut blank_suffix = vec![1.0f32; p + 1];
        for i in (0..p).rev() {
            blank_suffix[i] = blank_suffix[i + 1] * flat[i * c];
        }
        let mut sorted = Vec::with_capacity(slots * n);
        let mut by_char = Vec::with_capacity(slots);
        for row in flat.chunks_exact(c).take(slots) {
            let start = sorted.len();
            let mut chars = [0.0f32; 36];
            for ((k, &v), &bit) in row[1..].iter().enumerate().zip(&decoder.class_bits) {
                // `+ 0.0` turns -0.0 into +0.0 so the bit pattern orders correctly.
                sorted.push(u64::from((v + 0.0).to_bits()) << 8 | k as u64);
                chars[bit.trailing_zeros() as usize] = v;
            }
            sorted[start..].sort_unstable_by(|a, b| b.cmp(a));
            by_char.push(chars);
        }
        let cells = slots * reg.sets.len();
        let mut search = Self {
            decoder,
            reg,
            slots,
            n,
            sorted,
            blank_suffix,
            first: vec![NONE; cells],
            first_p: vec![0.0; cells],
            mass: vec![f32::NAN; cells],
            by_char,
        };
        search.fill_first();
        search
    }

    /// Fill the first-member table: walk each slot's classes best first and hand each class to every set that
    /// contains it and has no member yet (usually a handful of classes covers all sets).
    fn fill_first(&mut self) {
        let sets = self.reg.sets.len();
        let all = if sets >= 64 { u64::MAX } else { (1u64 << sets) - 1 };
        for i in 0..self.slots {
            let mut remaining = all;
            for j in 0..self.n {
                let key = self.sorted[i * self.n + j];
                let bit = self.decoder.class_bits[(key & 0xFF) as usize].trailing_zeros() as usize;
                let mut hit = self.reg.sets_of_char[bit] & remaining;
                remaining &= !hit;
                while hit != 0 {
                    let set = hit.trailing_zeros() as usize;
                    hit &= hit - 1;
                    // j < 36, so it fits in u8.
                    self.first[i * sets + set] = j as u8;
                    self.first_p[i * sets + set] = f32::from_bits((key >> 8) as u32);
                }
                if remaining == 0 {
                    break;
                }
            }
        }
    }

    /// Index (in slot `i`'s sorted list) of the first member of `set` at or after `from`.
    fn member_from(&self, i: usize, set: u8, from: usize) -> Option<u8> {
        let mask = self.reg.sets[usize::from(set)].0;
        let row = &self.sorted[i * self.n..(i + 1) * self.n];
        (from..self.n).find(|&j| self.decoder.class_bits[(row[j] & 0xFF) as usize] & mask != 0).map(|j| j as u8)
    }

    /// The most probable member of `set` in slot `i`: its index in the sorted list and its probability.
    fn first_member(&self, i: usize, set: u8) -> Option<(u8, f32)> {
        let cell = i * self.reg.sets.len() + usize::from(set);
        Some((self.first[cell], self.first_p[cell])).filter(|&(j, _)| j != NONE)
    }

    fn entry(&self, i: usize, idx: u8) -> (f32, usize) {
        let key = self.sorted[i * self.n + usize::from(idx)];
        (f32::from_bits((key >> 8) as u32), (key & 0xFF) as usize)
    }

    fn prob(&self, i: usize, idx: u8) -> f32 {
        self.entry(i, idx).0
    }

    /// The best `top_n` distinct texts over all patterns, best first.
    fn top_readings(&mut self, top_n: usize) -> Vec<Reading> {
        let reg = self.reg;
        let mut roots = Vec::with_capacity(reg.patterns.len() + top_n * MAX_PLATE_LEN);
        let mut best = 0.0f32;
        'patterns: for (pi, ids) in reg.set_ids.iter().enumerate() {
            let len = ids.len();
            if len > self.slots {
                continue;
            }
            let mut idx = [0u8; MAX_PLATE_LEN];
            let mut joint = self.blank_suffix[len];
            for (i, &set) in ids.iter().enumerate() {
                match self.first_member(i, set) {
                    Some((j, pj)) => {
                        idx[i] = j;
                        joint *= pj;
                    }
                    None => continue 'patterns,
                }
            }
            let prio = joint * self.decoder.weights[pi];
            // The running best only grows, so this keeps every root the final cut-off would keep.
            if joint > 0.0 && prio >= best * MIN_RELATIVE {
                best = best.max(prio);
                // At most a few hundred patterns: the index fits in u16.
                roots.push(Node { prio, joint, pattern: pi as u16, last: 0, idx });
            }
        }
        let floor = best * MIN_RELATIVE;

        // Heapify once: O(patterns) instead of one sift per push.
        let mut heap = BinaryHeap::from(roots);

        let mut out: Vec<Reading> = Vec::with_capacity(top_n + 1);
        // Duplicates (one text, several patterns) are rare; the cap only guards pathological input.
        let mut budget = reg.patterns.len() + top_n * 16;
        while let Some(node) = heap.pop() {
            budget = budget.saturating_sub(1);
            let pi = usize::from(node.pattern);
            let ids = &reg.set_ids[pi];
            let len = ids.len();
            let mut r = Reading::empty();
            for i in 0..len {
                let (v, k) = self.entry(i, node.idx[i]);
                r.chars[i] = self.decoder.alphabet[k];
                r.confs[i] = v;
            }
            r.len = len as u8;
            if !out.iter().any(|x| x.same_text(&r)) {
                r.joint = node.joint;
                r.prio = node.prio;
                r.pattern = Some(node.pattern);
                out.push(r);
                if out.len() == top_n {
                    break;
                }
            }
            if budget == 0 {
                break;
            }
            for j in usize::from(node.last)..len {
                if let Some(next) = self.member_from(j, ids[j], usize::from(node.idx[j]) + 1) {
                    let mut idx = node.idx;
                    idx[j] = next;
                    // Nodes have a non-zero joint, so the old factor is non-zero.
                    let joint = node.joint / self.prob(j, node.idx[j]) * self.prob(j, next);
                    let prio = joint * self.decoder.weights[pi];
                    if joint > 0.0 && prio >= floor {
                        heap.push(Node { prio, joint, pattern: node.pattern, last: j as u8, idx });
                    }
                }
            }
        }
        out
    }

    /// Total probability of the members of `set` in slot `i`.
    fn set_mass(&mut self, i: usize, set: u8) -> f32 {
        let cell = i * self.reg.sets.len() + usize::from(set);
        if self.mass[cell].is_nan() {
            // A dot product with the set's 0/1 mask, in four lanes so that it vectorises.
            let mask: &[f32; 36] = &self.reg.masks[usize::from(set)];
            let chars: &[f32; 36] = &self.by_char[i];
            let mut lanes = [0.0f32; 4];
            for j in (0..36).step_by(4) {
                for (l, lane) in lanes.iter_mut().enumerate() {
                    *lane += chars[j + l] * mask[j + l];
                }
            }
            self.mass[cell] = lanes.iter().sum();
        }
        self.mass[cell]
    }

    /// `Z = Σ joint · weight` over all readings (see the module docs).
    fn normaliser(&mut self) -> f32 {
        let d = self.decoder;
        if d.format_prior == 1.0 && (d.country_prior == 1.0 || d.countries.is_empty()) {
            return 1.0;
        }
        let reg = self.reg;
        let (mut all, mut expected) = (0.0f32, 0.0f32);
        for (pi, ids) in reg.set_ids.iter().enumerate() {
            let len = ids.len();
            if len > self.slots {
                continue;
            }
            let mut m = self.blank_suffix[len];
            for (i, &set) in ids.iter().enumerate() {
                // Z >= 1, so masses this small cannot move it measurably; most patterns stop here after a slot
                // or two, which is what keeps the normaliser cheap.
                if m < NEGLIGIBLE_MASS {
                    m = 0.0;
                    break;
                }
                m *= self.set_mass(i, set);
            }
            all += m;
            if d.expected[pi] {
                expected += m;
            }
        }
        let (wf, wc) = (d.format_prior, d.country_prior);
        1.0 + (wf - 1.0) * all.min(1.0) + wf * (wc - 1.0) * expected.min(1.0)
    }
}
