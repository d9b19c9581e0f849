//! Per-character voting across the reads of one track.
//!
//! The track keeps a *profile*: one column per character position, each holding log-evidence for the 36
//! characters and for "no character here" (a gap). Every new read is aligned to the profile with a banded edit
//! distance, so a read that dropped or added a character still votes for the right positions. Evidence is
//! naive-Bayes under an error model in which half of all misreads are look-alike confusions (`B`↔`8`, `O`↔`0`…):
//! a read character raises its own class and, less, its look-alike twins. One read alone gives back its own
//! confidence, agreeing reads compound, and a repeated look-alike confusion does not look like certainty.

use super::text::{GAP, MAX_PARTNERS, NCLASS, class_char, is_lookalike, partners};

/// Most columns a profile holds; insertions beyond it are ignored (bounded memory).
pub(crate) const MAX_COLUMNS: usize = 20;
/// Longest read (in characters) that takes part in voting; longer reads are cut.
pub(crate) const MAX_READ_LEN: usize = 16;

/// Confidences are clamped to this range so one read can neither veto nor dominate.
const P_MIN: f32 = 0.05;
const P_MAX: f32 = 0.98;
const BAND: usize = 2;
const INF: f32 = f32::INFINITY;

/// Share of misreads that are look-alike confusions, in the error model.
const LOOKALIKE_SHARE: f32 = 0.5;

/// Log-evidence that one observation with confidence `p` gives its class over a uniform alternative.
pub(crate) fn evidence(p: f32) -> f32 {
    logit(p) + OWN_OFFSET[0]
}

/// Steps of the logit table over `[P_MIN, P_MAX]`.
const LOGIT_STEPS: usize = 1024;

/// `ln(p / (1 − p))` at every step of `[P_MIN, P_MAX]`, computed at compile time (voting's hot path).
static LOGIT: [f32; LOGIT_STEPS + 1] = {
    let mut t = [0.0; LOGIT_STEPS + 1];
    let mut i = 0;
    while i <= LOGIT_STEPS {
        let p = P_MIN + (P_MAX - P_MIN) * (i as f32 / LOGIT_STEPS as f32);
        t[i] = fast_ln(p / (1.0 - p));
        i += 1;
    }
    t
};

/// `ln(p / (1 − p))` of `p` clamped to `[P_MIN, P_MAX]`, interpolated from [`LOGIT`].
fn logit(p: f32) -> f32 {
    let x = (clamp_p(p) - P_MIN) / (P_MAX - P_MIN) * LOGIT_STEPS as f32;
    let i = (x as usize).min(LOGIT_STEPS - 1);
    let f = x - i as f32;
    LOGIT[i] + (LOGIT[i + 1] - LOGIT[i]) * f
}

/// Natural log to about 1e-5 for positive finite `x`; `const`, so the tables are built at compile time.
const fn fast_ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000); // mantissa in [1, 2)
    // ln(m) = 2·atanh((m − 1)/(m + 1)), a fast-converging series since the argument is at most 1/3.
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0 + t2 / 9.0))));
    exponent as f32 * std::f32::consts::LN_2 + ln_m
}

fn clamp_p(p: f32) -> f32 {
    if p.is_finite() { p.clamp(P_MIN, P_MAX) } else { P_MIN }
}

/// Adds a character read with confidence `p` to a column.
///
/// Likelihood of the read given each true class, relative to an unrelated class: `p` for its own class,
/// `(1 − p)·λ/k` for each of its `k` look-alikes, `(1 − p)(1 − λ)/(36 − k)` for the rest. With no look-alikes
/// this is [`evidence`].
fn add_char(col: &mut Column, class: u8, p: f32) {
    let twins = partners(class);
    let k = twins.len().min(MAX_PARTNERS);
    let own = logit(p) + OWN_OFFSET[k];
    col.add(class, own);
    // A poor read is uncertain, not evidence for its twin: the twin never gains more than the class read.
    let twin = TWIN_EVIDENCE[k].min(own).max(0.0);
    for &t in twins {
        col.add(t, twin);
    }
}

/// `ln(1 / unrelated)` for a character with `k` look-alikes: added to the logit of `p` for its own class.
const OWN_OFFSET: [f32; MAX_PARTNERS + 1] = {
    let mut t = [0.0; MAX_PARTNERS + 1];
    let mut k = 0;
    while k <= MAX_PARTNERS {
        t[k] = if k == 0 { fast_ln(NCLASS as f32 - 1.0) } else { fast_ln(1.0 / unrelated(k)) };
        k += 1;
    }
    t
};

/// Evidence each look-alike twin gets: `ln((λ/k) / unrelated)`.
const TWIN_EVIDENCE: [f32; MAX_PARTNERS + 1] = {
    let mut t = [0.0; MAX_PARTNERS + 1];
    let mut k = 1;
    while k <= MAX_PARTNERS {
        t[k] = fast_ln(LOOKALIKE_SHARE / k as f32 / unrelated(k));
        k += 1;
    }
    t
};

/// Likelihood share of each unrelated class for a character with `k` look-alikes.
const fn unrelated(k: usize) -> f32 {
    (1.0 - LOOKALIKE_SHARE) / ((NCLASS - 1 - k) as f32)
}

#[derive(Debug, Clone)]
struct Column {
    score: [f32; NCLASS],
    /// Bit k set when class k has evidence; unseen classes score 0.
    seen: u64,
    best: u8,
}

impl Column {
    fn new() -> Self {
        Self { score: [0.0; NCLASS], seen: 0, best: GAP }
    }

    fn add(&mut self, class: u8, e: f32) {
        let k = usize::from(class);
        self.score[k] += e;
        self.seen |= 1 << k;
        // Scores only grow, so only the class just raised can overtake the best.
        if self.score[k] > self.score[usize::from(self.best)] || self.seen == 1 << k {
            self.best = class;
        }
    }

    /// Posterior of `class` under a uniform prior over all 37 classes.
    fn posterior(&self, class: u8) -> f32 {
        let s = self.score[usize::from(class)];
        let mut denom = (NCLASS as u32 - self.seen.count_ones()) as f32 * (-s).exp();
        let mut bits = self.seen;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            denom += (self.score[k] - s).exp();
        }
        if denom > 0.0 && denom.is_finite() { (1.0 / denom).min(1.0) } else { 0.0 }
    }

    /// Classes with evidence, best first, at most `n`.
    fn top(&self, n: usize) -> Vec<(u8, f32)> {
        let mut v: Vec<(u8, f32)> = (0..NCLASS as u8)
            .filter(|&k| self.seen & (1 << k) != 0 || k == GAP)
            .map(|k| (k, self.posterior(k)))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v.truncate(n);
        v
    }
}

/// One alignment step, from the end of the read back to its start.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// Read character `i` votes in column `j`.
    Match(usize, usize),
    /// Column `j` gets no character from this read.
    Skip(usize),
    /// Read character `i` opens a new column before column `j`.
    Insert(usize, usize),
}

/// The voting state of one track.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    cols: Vec<Column>,
    /// Sum of the gap evidence of every read so far: what a new column owes to the reads that lacked it.
    gap_total: f32,
    /// Current consensus as class indices (gap columns left out).
    consensus: Vec<u8>,
}

impl Profile {
    /// The current consensus as class indices.
    pub(crate) fn consensus(&self) -> &[u8] {
        &self.consensus
    }

    /// Heap bytes held (for memory accounting).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.cols.capacity() * std::mem::size_of::<Column>() + self.consensus.capacity()
    }

    /// Adds one read: `classes[i]` read with confidence `confs[i]`; `gap_conf` weighs the columns it lacks.
    pub(crate) fn add(&mut self, classes: &[u8], confs: &[f32], gap_conf: f32) {
        let m = classes.len().min(MAX_READ_LEN);
        let classes = &classes[..m];
        if m == 0 {
            return;
        }
        let e_gap = evidence(gap_conf);
        let conf_at = |i: usize| confs.get(i).copied().unwrap_or(gap_conf);
        if self.is_diagonal(classes) {
            // Fast path: the read equals the consensus and there are no gap columns to skip.
            for (i, col) in self.cols.iter_mut().enumerate() {
                add_char(col, classes[i], conf_at(i));
            }
        } else {
            let mut ops = [Op::Skip(0); MAX_READ_LEN + MAX_COLUMNS];
            let n_ops = self.align(classes, &mut ops);
            // `ops` runs from the end backwards, so inserting columns never shifts a column still to visit.
            for op in &ops[..n_ops] {
                match *op {
                    Op::Match(i, j) => add_char(&mut self.cols[j], classes[i], conf_at(i)),
                    Op::Skip(j) => self.cols[j].add(GAP, e_gap),
                    Op::Insert(i, j) => {
                        if self.cols.len() < MAX_COLUMNS {
                            let mut col = Column::new();
                            if self.gap_total > 0.0 {
                                col.add(GAP, self.gap_total);
                            }
                            add_char(&mut col, classes[i], conf_at(i));
                            self.cols.insert(j, col);
                        }
                    }
                }
            }
        }
        self.gap_total += e_gap;
        self.consensus.clear();
        self.consensus.extend(self.cols.iter().map(|c| c.best).filter(|&b| b != GAP));
    }

    fn is_diagonal(&self, classes: &[u8]) -> bool {
        !self.cols.is_empty() && self.consensus.len() == self.cols.len() && self.consensus == classes
    }

    /// Banded alignment of a read to the columns; writes the ops (end first) and returns how many.
    fn align(&self, r: &[u8], ops: &mut [Op; MAX_READ_LEN + MAX_COLUMNS]) -> usize {
        let (m, n) = (r.len(), self.cols.len());
        let lo_off = n.min(m) as isize - m as isize - BAND as isize; // j - i lower bound
        let hi_off = n as isize - n.min(m) as isize + BAND as isize;
        let mut dp = [[INF; MAX_COLUMNS + 1]; MAX_READ_LEN + 1];
        dp[0][0] = 0.0;
        for i in 0..=m {
            let j_lo = (i as isize + lo_off).max(0) as usize;
            let j_hi = (i as isize + hi_off).clamp(0, n as isize) as usize;
            for j in j_lo..=j_hi {
                if i == 0 && j == 0 {
                    continue;
                }
                let mut best = INF;
                if i > 0 && j > 0 {
                    best = best.min(dp[i - 1][j - 1] + self.match_cost(j - 1, r[i - 1]));
                }
                if j > 0 {
                    best = best.min(dp[i][j - 1] + self.skip_cost(j - 1));
                }
                if i > 0 {
                    best = best.min(dp[i - 1][j] + 1.0);
                }
                dp[i][j] = best;
            }
        }
        // Trace back, preferring match, then skip, then insert on ties.
        let (mut i, mut j, mut k) = (m, n, 0);
        while (i > 0 || j > 0) && k < ops.len() {
            let here = dp[i][j];
            if i > 0 && j > 0 && close(here, dp[i - 1][j - 1] + self.match_cost(j - 1, r[i - 1])) {
                ops[k] = Op::Match(i - 1, j - 1);
                i -= 1;
                j -= 1;
            } else if j > 0 && close(here, dp[i][j - 1] + self.skip_cost(j - 1)) {
                ops[k] = Op::Skip(j - 1);
                j -= 1;
            } else if i > 0 {
                ops[k] = Op::Insert(i - 1, j);
                i -= 1;
            } else {
                ops[k] = Op::Skip(j - 1);
                j -= 1;
            }
            k += 1;
        }
        k
    }

    fn match_cost(&self, j: usize, class: u8) -> f32 {
        let col = &self.cols[j];
        if col.best == class {
            0.0
        } else if col.best == GAP {
            // A position most reads lack; cheaper than a fresh insert only if someone else saw this character here.
            if col.seen & (1 << class) != 0 { 0.7 } else { 1.0 }
        } else if is_lookalike(col.best, class) {
            0.5
        } else {
            0.9
        }
    }

    fn skip_cost(&self, j: usize) -> f32 {
        if self.cols[j].best == GAP { 0.0 } else { 1.0 }
    }

    /// The voted text, its confidence and per-character confidences.
    pub(crate) fn voted(&self) -> (String, f32, Vec<f32>) {
        let mut text = String::with_capacity(self.consensus.len());
        let mut chars = Vec::with_capacity(self.consensus.len());
        let mut conf = 1.0f32;
        for col in &self.cols {
            let p = col.posterior(col.best);
            conf *= p;
            if col.best != GAP {
                text.push(class_char(col.best));
                chars.push(p);
            }
        }
        if self.cols.is_empty() {
            conf = 0.0;
        }
        (text, conf, chars)
    }

    /// Confidence of the consensus only (no allocation); used for the early-emission check.
    pub(crate) fn voted_confidence(&self) -> f32 {
        if self.cols.is_empty() {
            return 0.0;
        }
        self.cols.iter().map(|c| c.posterior(c.best)).product()
    }

    /// The `n` most probable texts with their probabilities, best first (a beam over the columns).
    pub(crate) fn top_texts(&self, n: usize) -> Vec<(String, f32)> {
        if n == 0 || self.cols.is_empty() {
            return Vec::new();
        }
        let width = n * 2;
        let mut beam: Vec<(String, f32)> = vec![(String::new(), 1.0)];
        for col in &self.cols {
            let opts = col.top(3);
            let mut next = Vec::with_capacity(beam.len() * opts.len());
            for (s, p) in &beam {
                for &(k, q) in &opts {
                    let mut t = s.clone();
                    if k != GAP {
                        t.push(class_char(k));
                    }
                    next.push((t, p * q));
                }
            }
            next.sort_by(|a, b| b.1.total_cmp(&a.1));
            next.truncate(width);
            beam = next;
        }
        // Different gap placements can spell the same text: merge them.
        let mut merged: Vec<(String, f32)> = Vec::with_capacity(beam.len());
        for (t, p) in beam {
            if t.is_empty() {
                continue;
            }
            match merged.iter_mut().find(|(u, _)| *u == t) {
                Some(e) => e.1 += p,
                None => merged.push((t, p)),
            }
        }
        merged.sort_by(|a, b| b.1.total_cmp(&a.1));
        merged.truncate(n);
        merged
    }
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-4
}

#[cfg(test)]
mod tests {
    use super::super::text::to_classes;
    use super::*;

    fn add(p: &mut Profile, text: &str, conf: f32) {
        let mut classes = Vec::new();
        to_classes(text, &mut classes);
        let confs = vec![conf; classes.len()];
        p.add(&classes, &confs, conf);
    }

    #[test]
    fn fast_ln_is_accurate() {
        for x in [1e-6f32, 0.05, 0.5, 1.0, 1.5, 2.0, 3.7, 36.0, 1764.0, 1e9] {
            assert!((fast_ln(x) - x.ln()).abs() < 1e-4, "{x}: {} vs {}", fast_ln(x), x.ln());
        }
    }

    #[test]
    fn logit_table_is_accurate() {
        for p in [0.0f32, 0.05, 0.1, 0.333, 0.5, 0.77, 0.9, 0.95, 0.97, 0.98, 1.0, f32::NAN] {
            let q = clamp_p(p);
            let want = (q / (1.0 - q)).ln();
            assert!((logit(p) - want).abs() < 5e-3, "{p}: {} vs {want}", logit(p));
        }
    }

    #[test]
    fn lookalike_model_constants() {
        assert!((TWIN_EVIDENCE[1] - 35f32.ln()).abs() < 1e-4);
        assert!((TWIN_EVIDENCE[3] - 11f32.ln()).abs() < 1e-4);
        assert!((OWN_OFFSET[0] - 36f32.ln()).abs() < 1e-4);
        assert!((OWN_OFFSET[1] - 70f32.ln()).abs() < 1e-4);
        // One read of a character with a twin still gives back its own confidence.
        let mut col = Column::new();
        add_char(&mut col, 1, 0.7); // `B`, twin `8`
        assert!((col.posterior(1) - 0.7).abs() < 1e-3, "{}", col.posterior(1));
    }

    #[test]
    fn single_read_keeps_its_confidence() {
        let mut p = Profile::default();
        add(&mut p, "AB12", 0.9);
        let (text, conf, chars) = p.voted();
        assert_eq!(text, "AB12");
        for c in chars {
            assert!((c - 0.9).abs() < 1e-3, "{c}");
        }
        assert!((conf - 0.9f32.powi(4)).abs() < 1e-3);
    }

    #[test]
    fn majority_fixes_substitutions() {
        let mut p = Profile::default();
        for t in ["12ABC3", "I2ABC3", "12A8C3", "12ABC3", "12ABG3"] {
            add(&mut p, t, 0.8);
        }
        assert_eq!(p.voted().0, "12ABC3");
    }

    #[test]
    fn dropped_and_extra_characters_align() {
        let mut p = Profile::default();
        // Truth GXB42K seen with a dropped character, an extra one, and a short first read.
        for t in ["GXB4K", "GXB42K", "GXXB42K", "GXB42K", "GXB42KK", "GXB42K"] {
            add(&mut p, t, 0.8);
        }
        assert_eq!(p.voted().0, "GXB42K");
        let top = p.top_texts(3);
        assert_eq!(top[0].0, "GXB42K");
        assert!(top.len() > 1);
    }

    #[test]
    fn first_short_read_is_outvoted_by_longer_ones() {
        let mut p = Profile::default();
        for t in ["AB1", "AB12", "AB12", "AB12"] {
            add(&mut p, t, 0.7);
        }
        assert_eq!(p.voted().0, "AB12");
    }

    #[test]
    fn columns_stay_bounded() {
        let mut p = Profile::default();
        for i in 0..200 {
            let t: String = (0..16).map(|k| if (i + k) % 3 == 0 { 'A' } else { 'Z' }).collect();
            add(&mut p, &t, 0.6);
        }
        assert!(p.cols.len() <= MAX_COLUMNS);
    }

    #[test]
    fn nan_confidence_is_harmless() {
        let mut p = Profile::default();
        p.add(&[0, 1, 2], &[f32::NAN, f32::INFINITY, -1.0], f32::NAN);
        let (text, conf, _) = p.voted();
        assert_eq!(text, "ABC");
        assert!(conf.is_finite());
    }
}
