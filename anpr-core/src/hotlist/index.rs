//! Compact, read-only maps from `u64` keys to entry ids.
//!
//! [`BucketIndex`] (for the many deletion variants): keys hashed into buckets of one cache line holding 12
//! values (8-bit fingerprint, the run the variant's deletion came from, 24-bit id), sized for 8 a bucket. A
//! probe usually reads one cache line, compares its fingerprints eight at a time and allocates nothing; the
//! fingerprint turns away all but 1/255 of the other keys in the bucket, and the runs let a probe skip entries
//! that only share a variant by chance. About 8 bytes a value; a hash map of `(u64, u32)` would take 17 or
//! more. Large indexes are built on two threads, each filling half of the buckets.
//!
//! [`KeyTable`] (one key per entry): buckets of 8 slots whose one-byte tags are compared at once, so a key
//! that is absent usually costs one 8-byte load from a small, cache-resident array.

use super::lookalike::{Run, Variant};

/// Asks the CPU to start loading the cache line holding `value`: a hint that reads nothing and retires at
/// once, so the lines of many independent lookups can be in flight together (a plain load would hold the
/// instruction window until its data arrived). A no-op where no prefetch instruction is available.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never dereferences its address and cannot fault; `value` is a live reference anyway,
    // and SSE (which provides the instruction) is part of the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((value as *const T).cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// splitmix64 finaliser: cheap and mixes all bits (keys are attacker-independent plate codes).
#[inline]
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Most entries a hotlist can hold: index values store the entry id in 24 bits.
pub(crate) const MAX_ENTRIES: usize = (1 << 24) - 1;
/// Values per bucket: 12 one-byte fingerprints, 12 one-byte runs and 12 three-byte ids = 60 of the bucket's
/// 64 bytes.
const SLOTS: usize = 12;
/// Mean values per bucket the table is sized for (70 % full), so few buckets overflow.
const FILL: usize = 8;

/// One cache line of values: fingerprints (0 marks an empty slot), the runs their variants lost, and 24-bit
/// little-endian ids.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Bucket {
    fps: [u8; SLOTS],
    runs: [u8; SLOTS],
    ids: [u8; 3 * SLOTS],
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket { fps: [0; SLOTS], runs: [0; SLOTS], ids: [0; 3 * SLOTS] }
    }
}

impl Bucket {
    /// The fingerprints as two words, for comparing eight at a time; the four bytes past the last slot read
    /// as 0xFF, which is neither free nor a slot.
    #[inline]
    fn fp_words(&self) -> [u64; 2] {
        let (lo, hi) = self.fps.split_at(8);
        let lo = lo.try_into().map(u64::from_le_bytes).unwrap_or(0);
        let hi = hi.try_into().map(u32::from_le_bytes).map_or(0, u64::from) | 0xFFFF_FFFF_0000_0000;
        [lo, hi]
    }

    /// The id and run in a slot.
    #[inline]
    fn value(&self, slot: usize) -> Option<(u32, Run)> {
        let b = self.ids.get(3 * slot..3 * slot + 3)?;
        Some((u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16, *self.runs.get(slot)?))
    }

    /// Stores a value in the first free slot; false when the bucket is full.
    fn put(&mut self, fp: u8, run: Run, id: u32) -> bool {
        let Some(slot) = self.fps.iter().position(|&f| f == 0) else { return false };
        self.fps[slot] = fp;
        self.runs[slot] = run;
        if let Some(b) = self.ids.get_mut(3 * slot..3 * slot + 3) {
            b.copy_from_slice(&id.to_le_bytes()[..3]);
        }
        true
    }
}

/// Entries from which [`BucketIndex::build`] uses two threads: below, a thread costs more than it saves.
pub(crate) const PARALLEL_FROM: usize = 100_000;

/// A value on its way into a bucket: (home bucket, fingerprint, run, id).
type Pending = (usize, u8, Run, u32);

/// Where `key` goes in a table of `buckets` buckets (see [`BucketIndex::locate`]).
#[inline]
fn locate(key: u64, buckets: usize) -> Located {
    let h = mix(key);
    let b = (((h >> 32) * buckets as u64) >> 32) as usize;
    Located { bucket: b, fp: (h as u8).max(1) }
}

/// Fills a run of buckets (the table's buckets from `start` on, as a slice), taking only the values whose
/// home bucket lies in it (held with their home as an index into the run). Values are held back in groups
/// while their buckets load, so the inserts' cache misses overlap instead of queueing. A value that finds
/// every bucket from its home to the run's end full is returned by [`Filler::finish`], for the caller to
/// place.
struct Filler<'b> {
    buckets: &'b mut [Bucket],
    start: usize,
    pending: [Pending; Filler::PENDING],
    held: usize,
    spilled: Vec<Pending>,
}

impl<'b> Filler<'b> {
    /// Values held back while their buckets load.
    const PENDING: usize = 16;

    fn new(buckets: &'b mut [Bucket], start: usize) -> Self {
        Filler { buckets, start, pending: [(0, 0, 0, 0); Self::PENDING], held: 0, spilled: Vec::new() }
    }

    /// Takes the value `(v, id)` if its home bucket (in a table of `total` buckets) is in this run.
    #[inline]
    fn add(&mut self, v: Variant, id: u32, total: usize) {
        let Located { bucket, fp } = locate(v.key, total);
        let Some(home) = bucket.checked_sub(self.start).filter(|&i| i < self.buckets.len()) else { return };
        if let Some(b) = self.buckets.get(home) {
            prefetch(b);
        }
        if let Some(slot) = self.pending.get_mut(self.held) {
            *slot = (home, fp, v.run, id);
            self.held += 1;
        }
        if self.held == Self::PENDING {
            self.flush();
        }
    }

    /// Puts the held values in the first bucket with room from their home on.
    fn flush(&mut self) {
        let pending = self.pending;
        for &(home, fp, run, id) in pending.iter().take(self.held) {
            let from_home = self.buckets.get_mut(home..).unwrap_or_default();
            if !from_home.iter_mut().any(|b| b.put(fp, run, id)) {
                self.spilled.push((self.start + home, fp, run, id));
            }
        }
        self.held = 0;
    }

    /// The values that did not fit before the run's end.
    fn finish(mut self) -> Vec<Pending> {
        self.flush();
        self.spilled
    }
}

/// A key's place in a [`BucketIndex`] (see [`BucketIndex::locate`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Located {
    bucket: usize,
    fp: u8,
}

/// Multimap for the many deletion variants: buckets of one cache line, each value a one-byte fingerprint of
/// its key, the run its deletion came from and a 24-bit entry id (see the module docs). The 12 fingerprints are compared as two words, without
/// a branch per slot. A full bucket spills into the next, so a probe scans buckets from its own until one with
/// a free slot (there are no removals, so that one ends the search).
#[derive(Debug, Clone, Default)]
pub(crate) struct BucketIndex {
    buckets: Vec<Bucket>,
}

impl BucketIndex {
    /// Builds the index from `(key, id)` pairs; ids must be below [`MAX_ENTRIES`]. `expected` (about the number
    /// of pairs) sizes the table. `each(f)` calls `f` with every pair of the `entries` entries; with `threads`
    /// ≥ 2 and at least [`PARALLEL_FROM`] entries, two threads each call it and fill one half of the buckets
    /// with the pairs whose bucket is theirs, so the random writes, the cost of a big build, are shared; the
    /// index answers the same either way.
    pub(crate) fn build(
        expected: usize,
        entries: usize,
        threads: usize,
        each: impl Fn(&mut dyn FnMut(Variant, u32)) + Sync,
    ) -> Self {
        let n = (expected / FILL + 1).max(1);
        let mut idx = BucketIndex { buckets: vec![Bucket::default(); n] };
        let spilled = if threads < 2 || entries < PARALLEL_FROM {
            let mut fill = Filler::new(&mut idx.buckets, 0);
            each(&mut |v, id| fill.add(v, id, n));
            fill.finish()
        } else {
            let (low, high) = idx.buckets.split_at_mut(n / 2);
            let fill_half = |half: &mut [Bucket], start: usize| {
                let mut fill = Filler::new(half, start);
                each(&mut |v, id| fill.add(v, id, n));
                fill.finish()
            };
            let each_half = &fill_half;
            std::thread::scope(|scope| {
                let other = scope.spawn(move || each_half(high, n / 2));
                let mut spilled = each_half(low, 0);
                match other.join() {
                    Ok(more) => spilled.extend(more),
                    // Only a bug in the code the one-thread build runs too: fail as that build would.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                spilled
            })
        };
        // Values whose run of full buckets reached the end of their half (or of the table) go in last, each
        // in the first bucket with room after its own, as if inserted in order.
        let overflowed = spilled.iter().any(|&(b, fp, run, id)| !idx.insert(b, fp, run, id));
        if overflowed {
            // Callers size generously, so this is a bug guard that keeps the index usable (missing values)
            // rather than panicking.
            debug_assert!(false, "bucket index overflow");
        }
        idx
    }

    /// Stores a value in bucket `b` or the first one after it with room; false when every bucket is full
    /// (only if the index was sized far too small).
    fn insert(&mut self, mut b: usize, fp: u8, run: Run, id: u32) -> bool {
        for _ in 0..self.buckets.len() {
            if self.buckets.get_mut(b).is_some_and(|bucket| bucket.put(fp, run, id)) {
                return true;
            }
            b = if b + 1 == self.buckets.len() { 0 } else { b + 1 };
        }
        false
    }

    /// Where a key's values are: its bucket (fast range reduction instead of a modulo) and its fingerprint
    /// (other hash bits, never 0). Computed once per key, for [`BucketIndex::prefetch`] and then
    /// [`BucketIndex::probe`].
    #[inline]
    pub(crate) fn locate(&self, key: u64) -> Located {
        locate(key, self.buckets.len())
    }

    /// Starts loading a key's bucket, for a [`BucketIndex::probe`] soon after.
    #[inline]
    pub(crate) fn prefetch(&self, at: Located) {
        if let Some(bucket) = self.buckets.get(at.bucket) {
            prefetch(bucket);
        }
    }

    /// Calls `f` with the id and run of every value stored under a key whose fingerprint equals the located
    /// key's (a superset of the true matches: callers verify).
    #[inline]
    pub(crate) fn probe(&self, at: Located, mut f: impl FnMut(u32, Run)) {
        let (mut b, fp) = (at.bucket, at.fp);
        let want = LO * u64::from(fp);
        for _ in 0..self.buckets.len() {
            let Some(bucket) = self.buckets.get(b) else { return };
            let words = bucket.fp_words();
            let mut free = false;
            for (half, &w) in words.iter().enumerate() {
                let mut marks = zero_bytes(w ^ want);
                while marks != 0 {
                    if let Some((id, run)) = bucket.value(8 * half + marks.trailing_zeros() as usize / 8) {
                        f(id, run);
                    }
                    marks &= marks - 1;
                }
                free |= zero_bytes(w) != 0;
            }
            if free {
                return;
            }
            b = if b + 1 == self.buckets.len() { 0 } else { b + 1 };
        }
    }

    /// Number of stored values.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.buckets.iter().map(|b| b.fps.iter().filter(|&&f| f != 0).count()).sum()
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.buckets.capacity() * std::mem::size_of::<Bucket>()
    }
}

/// Slots per [`KeyTable`] bucket: their one-byte tags make one `u64`.
const KEYS: usize = 8;
/// Mean keys per bucket the table is sized for (75 % full).
const KEY_FILL: usize = 6;
/// `0x01` in every byte.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HI: u64 = 0x8080_8080_8080_8080;

/// Marks (bit 7 of the byte) the zero bytes of `x`; a marked byte above a true zero may be a false mark,
/// which callers tolerate (they compare the full key), and "no mark" is exact.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// Table from `u64` keys to ids in buckets of 8 slots, with a one-byte tag per slot (0 = free) from the key's
/// hash. The tags of a bucket are one `u64`, all compared at once: a key that is absent (most reads) costs
/// one 8-byte load from an array of 1.3 bytes an entry, which stays in cache even for millions of entries.
/// Keys and ids sit in parallel arrays, read only when a tag matches. A full bucket spills into the next, and
/// a bucket with a free slot ends the search (there are no removals).
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable {
    tags: Vec<u64>,
    keys: Vec<[u64; KEYS]>,
    ids: Vec<[u32; KEYS]>,
}

impl KeyTable {
    /// Builds the table from `(key, id)` pairs; `n` must be at least their number (it sizes the table, so
    /// that a free slot always exists; pairs beyond a full table would be dropped, a bug guard).
    pub(crate) fn build(n: usize, pairs: impl Iterator<Item = (u64, u32)>) -> Self {
        let buckets = n / KEY_FILL + 1;
        let mut t = KeyTable { tags: vec![0; buckets], keys: vec![[0; KEYS]; buckets], ids: vec![[0; KEYS]; buckets] };
        let mut dropped = false;
        for (key, id) in pairs {
            let (mut b, tag) = t.locate(key);
            let mut stored = false;
            for _ in 0..buckets {
                if let (Some(tags), Some(keys), Some(ids)) = (t.tags.get_mut(b), t.keys.get_mut(b), t.ids.get_mut(b))
                    && let Some(j) = (0..KEYS).find(|j| (*tags >> (8 * j)) & 0xff == 0)
                {
                    *tags |= u64::from(tag) << (8 * j);
                    keys[j] = key;
                    ids[j] = id;
                    stored = true;
                    break;
                }
                b = if b + 1 == buckets { 0 } else { b + 1 };
            }
            dropped |= !stored;
        }
        debug_assert!(!dropped, "key table sized for fewer pairs than given");
        t
    }

    /// Home bucket of a key (fast range reduction of its hash) and its tag (other hash bits, never 0).
    #[inline]
    fn locate(&self, key: u64) -> (usize, u8) {
        let h = mix(key);
        ((((h >> 32) * self.tags.len() as u64) >> 32) as usize, (h as u8).max(1))
    }

    /// Starts loading the key's home tags, for a [`KeyTable::probe`] soon after.
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        if let Some(tags) = self.tags.get(self.locate(key).0) {
            prefetch(tags);
        }
    }

    /// Calls `f` with the id of every pair stored under `key`.
    #[inline]
    pub(crate) fn probe(&self, key: u64, mut f: impl FnMut(u32)) {
        let (mut b, tag) = self.locate(key);
        for _ in 0..self.tags.len() {
            let Some(&tags) = self.tags.get(b) else { return };
            let mut marks = zero_bytes(tags ^ (LO * u64::from(tag)));
            while marks != 0 {
                let j = marks.trailing_zeros() as usize / 8;
                if self.keys.get(b).and_then(|k| k.get(j)) == Some(&key)
                    && let Some(&id) = self.ids.get(b).and_then(|ids| ids.get(j))
                {
                    f(id);
                }
                marks &= marks - 1;
            }
            if zero_bytes(tags) != 0 {
                return;
            }
            b = if b + 1 == self.tags.len() { 0 } else { b + 1 };
        }
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.tags.capacity() * 8 + self.keys.capacity() * 8 * KEYS + self.ids.capacity() * 4 * KEYS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_value_and_nothing_absent() {
        let pairs: Vec<(u64, u32)> = (0..1000u32).map(|i| ((i as u64 % 300) * 7 + 1, i)).collect();
        let run = |v: u32| (v % 200) as Run;
        let idx = BucketIndex::build(pairs.len(), pairs.len(), 1, |f| {
            pairs.iter().for_each(|&(key, v)| f(Variant { key, run: run(v) }, v))
        });
        assert_eq!(idx.len(), 1000);
        for &(k, v) in &pairs {
            let mut found = Vec::new();
            idx.probe(idx.locate(k), |id, r| found.push((id, r)));
            assert!(found.contains(&(v, run(v))), "{v}: {found:?}");
        }
        let mut n = 0;
        idx.probe(idx.locate(5), |_, _| n += 1);
        assert_eq!(n, 0);
        // Far more values than one bucket holds under a single key: all found through spills.
        let idx = BucketIndex::build(200, 200, 1, |f| (0..200).for_each(|i| f(Variant { key: 77, run: 0 }, i)));
        let mut found = Vec::new();
        idx.probe(idx.locate(77), |id, _| found.push(id));
        found.sort();
        assert_eq!(found, (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn two_threads_build_the_same_index() {
        // Enough entries for two threads. Two keys with 150 values each have their home in the last bucket of
        // the low half and of the table, so their spills cross the border between the halves and wrap around
        // the end; the others are distinct.
        let entries = PARALLEL_FROM + 5_000;
        let n = entries / FILL + 1;
        let key_in = |bucket: usize| (1u64..).find(|&k| locate(k, n).bucket == bucket).expect("a key for every bucket");
        let (border, end) = (key_in(n / 2 - 1), key_in(n - 1));
        let key = |i: usize| match i {
            0..150 => border,
            150..300 => end,
            _ => i as u64 * 0x9e37_79b9 + 7,
        };
        let run = |i: usize| (i % 200) as Run;
        let build = |threads| {
            BucketIndex::build(entries, entries, threads, |f| {
                (0..entries).for_each(|i| f(Variant { key: key(i), run: run(i) }, i as u32))
            })
        };
        let (one, two) = (build(1), build(2));
        assert_eq!((one.len(), two.len()), (entries, entries));
        // A probe gives a superset (fingerprint collisions, which depend on the layout): compare the true ones.
        let found = |idx: &BucketIndex, k: u64| {
            let mut found = Vec::new();
            idx.probe(idx.locate(k), |id, r| {
                if key(id as usize) == k {
                    found.push((id, r));
                }
            });
            found.sort();
            found
        };
        for k in [border, end, 5, 6].into_iter().chain((300..entries).step_by(97).map(key)) {
            assert_eq!(found(&one, k), found(&two, k), "key {k}");
        }
        let all: Vec<(u32, Run)> = (0..150).map(|i| (i as u32, run(i))).collect();
        assert_eq!(found(&two, border), all, "every value of the key homed at the border");
        assert_eq!(found(&two, end).len(), 150, "every value of the key homed at the end");
    }

    #[test]
    fn empty_index_probes_safely() {
        let idx = BucketIndex::build(0, 0, 2, |_| {});
        idx.probe(idx.locate(42), |_, _| panic!("nothing stored"));
        assert_eq!(BucketIndex::default().len(), 0);
        let empty = BucketIndex::default();
        empty.probe(empty.locate(1), |_, _| panic!("nothing stored"));
        empty.probe(Located::default(), |_, _| panic!("nothing stored"));
        KeyTable::default().probe(1, |_| panic!("nothing stored"));
        KeyTable::build(0, std::iter::empty()).probe(0, |_| panic!("nothing stored"));
    }

    #[test]
    fn key_table_holds_repeated_keys() {
        let pairs: Vec<(u64, u32)> = (0..3000u32).map(|i| ((i as u64 % 1000) + 1, i)).collect();
        let t = KeyTable::build(pairs.len(), pairs.iter().copied());
        for k in 1..=1000u64 {
            let mut found = Vec::new();
            t.probe(k, |id| found.push(id));
            found.sort();
            let want: Vec<u32> = (0..3).map(|j| (k - 1) as u32 + 1000 * j).collect();
            assert_eq!(found, want);
        }
        t.probe(5000, |_| panic!("absent"));
    }
}
