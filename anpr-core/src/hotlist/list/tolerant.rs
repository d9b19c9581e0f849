//! Tolerant (look-alike and edit) matching of a group of readings, in stages.
//!
//! A tolerant lookup on a big list reads memory in three dependent steps: the buckets of the reading's
//! variants (its canonical key and its deletions), the packed plates of the candidates found there, and the
//! records of the few candidates near enough. Each stage first computes what it needs for *every* reading
//! of the group and then prefetches all their cache lines, so the misses of a stage overlap across the group
//! and its latency is paid about once per group instead of once per reading.

use smallvec::SmallVec;

use super::{Hotlist, Raws};
use crate::hotlist::index::{Located, prefetch};
use crate::hotlist::lookalike::{Codes, Variants, canonical_key, runs_compatible, variants};

/// Readings matched together; 8 keep the group's state on the stack and most misses of a stage in flight.
pub(super) const GROUP: usize = 8;

/// Where the variants of one reading are in the fuzzy index (computed once, for the prefetch and the probe).
type Places = SmallVec<[Located; 16]>;

/// Candidate entry ids of one reading.
type Candidates = SmallVec<[u32; 32]>;

impl Hotlist {
    /// Appends to `outs[i]` the clear entries that reading `qs[i]` (its codes and candidate rank) matches
    /// within their lists' tolerance. At most [`GROUP`] readings; extra readings or outputs are ignored.
    pub(super) fn find_tolerant(&self, qs: &[(Codes, u8)], at: i64, outs: &mut [Raws]) {
        let qs = qs.get(..GROUP).unwrap_or(qs);
        // Stage 1: the variants of every reading, and their buckets. A shared key means the read has extra
        // symbols, lost some, or both lost one (a substitution).
        let mut vars: [Variants; GROUP] = Default::default();
        let mut places: [Places; GROUP] = Default::default();
        for ((v, p), (q, _)) in vars.iter_mut().zip(places.iter_mut()).zip(qs) {
            variants(q.canonical().pack(), self.max_edits, v);
            p.extend(v.iter().map(|var| self.fuzzy.locate(var.key)));
        }
        places.iter().flatten().for_each(|&p| self.fuzzy.prefetch(p));
        // Stage 2: the candidates (an entry near the read shares several variants: verify it once; one that
        // shares a variant only through unrelated deletions is skipped, see `runs_compatible`) and their
        // packed plates.
        let mut cands: [Candidates; GROUP] = Default::default();
        for ((c, v), p) in cands.iter_mut().zip(&vars).zip(&places) {
            for (var, &place) in v.iter().zip(p) {
                self.fuzzy.probe(place, |id, run| {
                    if runs_compatible(var.run, run) {
                        c.push(id);
                    }
                });
            }
            c.sort_unstable();
            c.dedup();
        }
        cands.iter().flatten().filter_map(|&id| self.keys.get(id as usize)).for_each(prefetch);
        // Stage 3: most candidates only share a deletion variant and are further away than any list allows;
        // the plate alone turns them away before their records are fetched.
        let mut keys = [(0u64, 0u64); GROUP];
        for ((c, (q, _)), k) in cands.iter_mut().zip(qs).zip(keys.iter_mut()) {
            let raw = q.pack();
            *k = (raw, canonical_key(raw));
            c.retain(|id| self.near(k.1, *id));
        }
        cands.iter().flatten().filter_map(|&id| self.metas.get(id as usize)).for_each(prefetch);
        // Stage 4: the records: validity and each list's own tolerance.
        for (((c, &(raw, canon)), (_, rank)), out) in cands.iter().zip(&keys).zip(qs).zip(outs.iter_mut()) {
            // Nearly every candidate left is a match: room for all at once, not a regrowth per few.
            out.reserve(c.len());
            out.extend(c.iter().filter_map(|&id| self.verify(raw, canon, id, at, *rank)));
        }
    }
}
