//! Compact plate keys, look-alike classes and the edit distance that knows them.
//!
//! A plate is at most [`MAX_LEN`] symbols of A–Z/0–9, so it packs into a `u64` at 6 bits a symbol (codes start
//! at 1, so the length is implicit and no two texts share a key). All matching works on these keys: no
//! allocation, no string compares.

use compact_str::CompactString;

use crate::formats::MAX_PLATE_LEN;

/// Longest plate, in symbols.
pub(crate) const MAX_LEN: usize = MAX_PLATE_LEN;

/// Bits per packed symbol.
const BITS: u32 = 6;

/// The look-alike groups: symbols a reader confuses, each group mapped to its first member.
pub const LOOKALIKE_GROUPS: [&str; 6] = ["0ODQ", "1I", "2Z", "5S", "8B", "6G"];

/// Symbol code of an ASCII byte: `0`–`9` → 1–10, `A`–`Z` → 11–36 (lower case folded), else 0.
#[inline]
pub(crate) const fn code(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0' + 1,
        b'A'..=b'Z' => b - b'A' + 11,
        b'a'..=b'z' => b - b'a' + 11,
        _ => 0,
    }
}

/// ASCII symbol of a code (inverse of [`code`] for 1–36).
#[inline]
pub(crate) const fn symbol(c: u8) -> u8 {
    if c <= 10 { b'0' + c - 1 } else { b'A' + c - 11 }
}

/// Maps a code to the code of its look-alike group's representative (itself when in no group). 64 entries, so
/// any 6-bit group of a packed key indexes it.
const CANON: [u8; 64] = {
    let mut t = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        t[i] = i as u8;
        i += 1;
    }
    let mut g = 0;
    while g < LOOKALIKE_GROUPS.len() {
        let bytes = LOOKALIKE_GROUPS[g].as_bytes();
        let rep = code(bytes[0]);
        let mut j = 1;
        while j < bytes.len() {
            t[code(bytes[j]) as usize] = rep;
            j += 1;
        }
        g += 1;
    }
    t
};

/// [`code`] of every byte, so packing text needs one table load a byte and no branch.
const CODE_OF: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = code(i as u8);
        i += 1;
    }
    t
};

/// Packs normalised plate text straight into its key (the same key as `Codes::encode(text)?.pack()`), without
/// the intermediate codes: the hot path of exact lookups. `None` as for [`Codes::encode`].
#[inline]
pub(crate) fn pack_text(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.is_empty() || b.len() > MAX_LEN {
        return None;
    }
    let mut key = 0u64;
    let mut bad = false;
    for &x in b {
        let c = CODE_OF[x as usize];
        bad |= c == 0;
        key = (key << BITS) | c as u64;
    }
    (!bad).then_some(key)
}

/// A plate as symbol codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Codes {
    len: u8,
    c: [u8; MAX_LEN],
}

impl Codes {
    /// Encodes normalised plate text; `None` when it is empty, too long or holds anything but A–Z/0–9.
    #[inline]
    pub(crate) fn encode(text: &str) -> Option<Codes> {
        let b = text.as_bytes();
        if b.is_empty() || b.len() > MAX_LEN {
            return None;
        }
        let mut c = [0u8; MAX_LEN];
        for (dst, &src) in c.iter_mut().zip(b) {
            *dst = code(src);
            if *dst == 0 {
                return None;
            }
        }
        Some(Codes { len: b.len() as u8, c })
    }

    /// Unpacks a key made by [`Codes::pack`].
    #[inline]
    pub(crate) fn unpack(mut key: u64) -> Codes {
        let mut tmp = [0u8; MAX_LEN];
        let mut n = 0;
        while key != 0 && n < MAX_LEN {
            tmp[n] = (key & 63) as u8;
            key >>= BITS;
            n += 1;
        }
        tmp[..n].reverse();
        Codes { len: n as u8, c: tmp }
    }

    /// The codes.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.c[..self.len as usize]
    }

    /// Packs into a `u64` key.
    #[inline]
    pub(crate) fn pack(&self) -> u64 {
        self.as_slice().iter().fold(0u64, |k, &c| (k << BITS) | c as u64)
    }

    /// Every symbol replaced by its look-alike representative.
    #[inline]
    pub(crate) fn canonical(&self) -> Codes {
        let mut out = *self;
        for c in &mut out.c[..self.len as usize] {
            *c = CANON[*c as usize];
        }
        out
    }

    /// Writes the plate text (A–Z/0–9) into `out`.
    pub(crate) fn write_text(&self, out: &mut String) {
        out.extend(self.as_slice().iter().map(|&c| symbol(c) as char));
    }

    /// The plate text, inline (plates are shorter than [`CompactString`]'s 24 inline bytes).
    pub(crate) fn compact_text(&self) -> CompactString {
        let mut buf = [0u8; MAX_LEN];
        for (b, &c) in buf.iter_mut().zip(self.as_slice()) {
            *b = symbol(c);
        }
        // Symbols are ASCII, so the bytes are always UTF-8.
        buf.get(..self.as_slice().len())
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(CompactString::new)
            .unwrap_or_default()
    }

    /// The plate text.
    pub(crate) fn text(&self) -> String {
        let mut s = String::with_capacity(self.len as usize);
        self.write_text(&mut s);
        s
    }
}

/// Canonical (look-alike folded) form of normalised plate text, e.g. `"GB-5O1"` style confusions collapse:
/// `canonical_text("SB01") == canonical_text("5801")`. `None` for text that is not a normalised plate.
pub fn canonical_text(text: &str) -> Option<String> {
    Codes::encode(text).map(|c| c.canonical().text())
}

/// Number of symbols in a packed key.
#[inline]
fn key_len(key: u64) -> usize {
    (64 - key.leading_zeros()).div_ceil(BITS) as usize
}

/// The key with the symbol at `pos` (0 = first) removed.
#[inline]
fn delete_at(key: u64, len: usize, pos: usize) -> u64 {
    let low_bits = BITS as usize * (len - 1 - pos);
    let low = key & ((1u64 << low_bits) - 1);
    let high = key >> (low_bits + BITS as usize);
    (high << low_bits) | low
}

/// What a [`Variant`] deleted: the run of equal symbols one deletion came from (start in the high nibble,
/// length in the low one), or one of the two markers below.
pub(crate) type Run = u8;
/// The variant is the plate itself (nothing deleted).
pub(crate) const WHOLE: Run = 0xFE;
/// The variant lost two or more symbols; where is not tracked.
pub(crate) const DEEP: Run = 0xFF;

/// A key of the symmetric-delete index: a plate with up to N symbols deleted, and which run it lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Variant {
    /// The packed (canonical) key.
    pub key: u64,
    /// The run the one deletion came from, [`WHOLE`] or [`DEEP`].
    pub run: Run,
}

/// Variants on the stack: a plate and its one-symbol deletions (at most 11) fit without allocating.
pub(crate) type Variants = smallvec::SmallVec<[Variant; 16]>;

/// Appends the variants of `key` within `max` deletions: the key itself, its one-symbol deletions with their
/// runs, then (for `max > 1`) the deeper deletions (see [`deletions`]).
pub(crate) fn variants(key: u64, max: u8, out: &mut Variants) {
    out.push(Variant { key, run: WHOLE });
    if max == 0 {
        return;
    }
    let len = key_len(key);
    // A run starts where a symbol differs from the one before it: one bit (a group's top bit) per start, found
    // for all positions at once by comparing the key with itself shifted by one symbol. The first symbol (the
    // highest group) always starts one: the group above it is empty.
    let mut starts = nonzero_groups(key ^ (key >> BITS));
    while starts != 0 {
        let group = (63 - starts.leading_zeros()) as usize / BITS as usize;
        starts &= (1u64 << (BITS as usize * group)) - 1;
        let next = if starts == 0 { 0 } else { (63 - starts.leading_zeros()) as usize / BITS as usize + 1 };
        let (pos, run) = (len - 1 - group, group + 1 - next);
        out.push(Variant { key: delete_at(key, len, pos), run: ((pos as u8) << 4) | run as u8 });
    }
    if max > 1 {
        let mut deep = Keys::new();
        deletions(key, max, &mut deep);
        for k in deep {
            if !out.iter().any(|v| v.key == k) {
                out.push(Variant { key: k, run: DEEP });
            }
        }
    }
}

/// Whether two plates that share a variant can be within one substitution of each other, from the runs their
/// variants lost alone. Two plates of equal length that are one substitution apart share the variant that
/// deletes that position from both, and there the two runs overlap; variants shared at runs that do not
/// overlap (the plates differ by a deletion here and an insertion there) prove nothing and are skipped, as
/// the true match is found through the overlapping variant. Every other pairing may be a match.
#[inline]
pub(crate) fn runs_compatible(a: Run, b: Run) -> bool {
    if a >= WHOLE || b >= WHOLE {
        return true;
    }
    let (sa, la, sb, lb) = (a >> 4, a & 15, b >> 4, b & 15);
    sa < sb + lb && sb < sa + la
}

/// Symbol at `pos` (0 = first) of a packed key of `len` symbols.
#[inline]
fn symbol_at(key: u64, len: usize, pos: usize) -> u64 {
    (key >> (BITS as usize * (len - 1 - pos))) & 63
}

/// Plate keys on the stack (deletions of a plate): the one-symbol ones (at most 10) fit without allocating.
pub(crate) type Keys = smallvec::SmallVec<[u64; 16]>;

/// Appends every distinct key (the empty one, 0, included: two short plates within N edits may share
/// nothing else) reachable from `key` by 1..=`max` deletions (not `key` itself).
///
/// Deleting any symbol of a run gives the same key, so only the first of each run is deleted; deeper levels
/// are deduplicated by sorting.
pub(crate) fn deletions(key: u64, max: u8, out: &mut Keys) {
    if max == 0 {
        return;
    }
    let start = out.len();
    let mut level_start = start;
    push_deletions(key, out);
    for _ in 1..max {
        let level_end = out.len();
        if level_end == level_start {
            break;
        }
        for i in level_start..level_end {
            push_deletions(out[i], out);
        }
        level_start = level_end;
    }
    if max > 1 {
        out[start..].sort_unstable();
        // dedup only the appended tail
        let mut w = start;
        for r in start..out.len() {
            if w == start || out[r] != out[w - 1] {
                out[w] = out[r];
                w += 1;
            }
        }
        out.truncate(w);
    }
}

#[inline]
fn push_deletions(key: u64, out: &mut Keys) {
    let len = key_len(key);
    if len == 0 {
        return;
    }
    let mut prev = 0u64;
    for pos in 0..len {
        let sym = (key >> (BITS as usize * (len - 1 - pos))) & 63;
        if pos > 0 && sym == prev {
            continue;
        }
        prev = sym;
        out.push(delete_at(key, len, pos));
    }
}

/// The lowest bit of every 6-bit symbol group of a packed key.
const GROUP_LOW: u64 = 0x0041_0410_4104_1041;

/// The low five bits of every 6-bit symbol group.
const GROUP_LOW5: u64 = GROUP_LOW * 0x1F;
/// The top bit of every 6-bit symbol group.
const GROUP_HIGH: u64 = GROUP_LOW << 5;

/// One bit (the group's highest) for every symbol group of `x` that is not zero: adding 0b11111 to a group's low
/// five bits carries into its top bit exactly when one of them is set, and never into the next group.
#[inline]
fn nonzero_groups(x: u64) -> u64 {
    (((x & GROUP_LOW5) + GROUP_LOW5) | x) & GROUP_HIGH
}

/// [`CANON`] for two symbols at once: a 12-bit pair of codes to the pair of their representatives (8 KiB, so
/// it stays in the L1/L2 cache while a batch is matched).
static CANON_PAIRS: [u16; 4096] = {
    let mut t = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = ((CANON[i >> 6] as u16) << 6) | CANON[i & 63] as u16;
        i += 1;
    }
    t
};

/// A packed key with every symbol replaced by its look-alike representative: `Codes::canonical` without
/// unpacking. Five pair lookups cover the longest plate (10 symbols, 60 bits), without a branch; code 0
/// (the empty high symbols of a shorter plate) maps to 0.
#[inline]
pub(crate) fn canonical_key(key: u64) -> u64 {
    const _: () = assert!(MAX_LEN * BITS as usize <= 60);
    let pair = |shift: u32| u64::from(CANON_PAIRS[((key >> shift) & 0xFFF) as usize]) << shift;
    pair(0) | pair(12) | pair(24) | pair(36) | pair(48)
}

/// [`within_one`] on packed keys: equal, or (with `max_edits` 1) one substitution, insertion or deletion
/// apart. A few word operations instead of unpacking both plates.
#[inline]
pub(crate) fn within_one_key(a: u64, b: u64, max_edits: u8) -> bool {
    if a == b {
        return true;
    }
    if max_edits == 0 {
        return false;
    }
    let (la, lb) = (key_len(a), key_len(b));
    if la == lb {
        return nonzero_groups(a ^ b).count_ones() <= 1;
    }
    let (long, short, n) = if la > lb { (a, b, la) } else { (b, a, lb) };
    if n != key_len(short) + 1 {
        return false;
    }
    delete_at(long, n, first_difference(long, short, n)) == short
}

/// Where a plate of `n` symbols first differs from one of `n - 1` (`n - 1` when it only has an extra last
/// symbol): if any one deletion makes them equal, deleting this symbol does.
#[inline]
fn first_difference(long: u64, short: u64, n: usize) -> usize {
    let x = (long >> BITS) ^ short;
    if x == 0 { n - 1 } else { (x.leading_zeros() as usize - (64 - BITS as usize * (n - 1))) / BITS as usize }
}

/// Distance between two packed plates of the same length that are at most one edit apart (see
/// [`within_one_key`]): symbol by symbol, as no other alignment can cost less. `ca` and `cb` are their
/// canonical keys (callers already have them).
#[inline]
pub(crate) fn positional_distance(a: u64, b: u64, ca: u64, cb: u64, lookalike: bool) -> Distance {
    let raw = nonzero_groups(a ^ b).count_ones() as u8;
    if !lookalike {
        return Distance { edits: raw, lookalikes: 0 };
    }
    let edits = nonzero_groups(ca ^ cb).count_ones() as u8;
    Distance { edits, lookalikes: raw.saturating_sub(edits) }
}

/// Distance between two packed plates whose lengths differ by one and whose keys are one deletion apart
/// (their canonical keys `ca`, `cb` when `lookalike`, else the plates themselves; see [`within_one_key`]): one
/// edit, plus the fewest look-alike swaps over the deletions that align them. Those deletions are the symbols of
/// one run of equal (canonical) symbols, so a few word operations replace the edit-distance table.
#[inline]
pub(crate) fn indel_distance(a: u64, b: u64, ca: u64, cb: u64, lookalike: bool) -> Distance {
    if !lookalike {
        return Distance { edits: 1, lookalikes: 0 };
    }
    let (long, short, cl, cs) = if key_len(ca) > key_len(cb) { (a, b, ca, cb) } else { (b, a, cb, ca) };
    let n = key_len(cl);
    let mut pos = first_difference(cl, cs, n);
    let sym = symbol_at(cl, n, pos);
    let mut lookalikes = u8::MAX;
    loop {
        lookalikes = lookalikes.min(nonzero_groups(delete_at(long, n, pos) ^ short).count_ones() as u8);
        if pos == 0 || symbol_at(cl, n, pos - 1) != sym {
            break;
        }
        pos -= 1;
    }
    Distance { edits: 1, lookalikes }
}

/// Number of symbols in a packed key.
#[inline]
pub(crate) fn packed_len(key: u64) -> usize {
    key_len(key)
}

/// How far a read is from an entry: edits (substitution, insertion, deletion) that are not look-alike
/// swaps, and look-alike substitutions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Distance {
    /// Non-look-alike edits.
    pub edits: u8,
    /// Look-alike substitutions.
    pub lookalikes: u8,
}

/// True when `a` and `b` are at most one edit apart (`max_edits` 0 or 1): the plain reference that
/// [`within_one_key`] is tested against.
#[cfg(test)]
pub(crate) fn within_one(a: &[u8], b: &[u8], max_edits: u8) -> bool {
    if max_edits == 0 || a.len() == b.len() {
        let diff = a.iter().zip(b).filter(|(x, y)| x != y).count();
        return a.len() == b.len() && diff <= max_edits as usize;
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    long.get(i + 1..) == short.get(i..)
}

/// Cost of one real edit; larger than any count of look-alike swaps, so the distance minimises edits first.
const EDIT: u16 = 16;

/// Weighted Levenshtein distance between two code strings. With `lookalike == false` a look-alike swap
/// counts as an ordinary edit. Returns `None` when more than `max_edits` edits are needed.
pub(crate) fn distance(a: &[u8], b: &[u8], lookalike: bool, max_edits: u8) -> Option<Distance> {
    if a.len().abs_diff(b.len()) > max_edits as usize {
        return None;
    }
    let sub = |x: u8, y: u8| -> u16 {
        if x == y {
            0
        } else if lookalike && CANON[x as usize] == CANON[y as usize] {
            1
        } else {
            EDIT
        }
    };
    let mut row = [0u16; MAX_LEN + 1];
    for (j, r) in row.iter_mut().enumerate().take(b.len() + 1) {
        *r = j as u16 * EDIT;
    }
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = (i as u16 + 1) * EDIT;
        for (j, &y) in b.iter().enumerate() {
            let best = (diag + sub(x, y)).min(row[j + 1] + EDIT).min(row[j] + EDIT);
            diag = row[j + 1];
            row[j + 1] = best;
        }
    }
    let cost = row[b.len()];
    let edits = (cost / EDIT) as u8;
    (edits <= max_edits).then_some(Distance { edits, lookalikes: (cost % EDIT) as u8 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Codes {
        Codes::encode(s).expect("valid plate")
    }

    #[test]
    fn pack_roundtrips_and_keeps_length() {
        for s in ["A", "0", "12ABC3", "ZZZZZZZZZZ", "0000000000"] {
            let k = c(s).pack();
            assert_eq!(Codes::unpack(k).text(), s);
            assert_eq!(key_len(k), s.len());
        }
        assert_ne!(c("0A").pack(), c("A").pack());
        assert!(Codes::encode("").is_none());
        assert!(Codes::encode("12-AB").is_none());
        assert!(Codes::encode("ABCDEFGHIJK").is_none());
    }

    #[test]
    fn pack_text_agrees_with_codes() {
        for s in ["A", "12abc3", "ZZZZZZZZZZ", "", "12-AB", "ABCDEFGHIJK", "Ä1", "9\0"] {
            assert_eq!(pack_text(s), Codes::encode(s).map(|c| c.pack()), "{s:?}");
        }
        for s in ["A", "0", "12ABC3", "ZZZZZZZZZZ", "0000000000", "9Z0A"] {
            assert_eq!(Codes::unpack(c(s).pack()).compact_text(), s, "the packed plate reads back {s:?}");
        }
    }

    #[test]
    fn lookalike_groups_collapse() {
        assert_eq!(canonical_text("OD0Q"), Some("0000".into()));
        assert_eq!(canonical_text("SB1IZG"), canonical_text("58I126"));
        assert_ne!(canonical_text("A"), canonical_text("B"));
    }

    #[test]
    fn deletions_are_distinct_and_complete() {
        let mut out = Keys::new();
        deletions(c("AAB").pack(), 1, &mut out);
        let mut texts: Vec<String> = out.iter().map(|&k| Codes::unpack(k).text()).collect();
        texts.sort();
        assert_eq!(texts, ["AA", "AB"]);
        out.clear();
        deletions(c("ABC").pack(), 2, &mut out);
        let mut texts: Vec<String> = out.iter().map(|&k| Codes::unpack(k).text()).collect();
        texts.sort();
        assert_eq!(texts, ["A", "AB", "AC", "B", "BC", "C"]);
        out.clear();
        deletions(c("A").pack(), 1, &mut out);
        assert_eq!(out.as_slice(), [0], "the empty key");
    }

    #[test]
    fn variants_carry_their_runs() {
        let mut out = Variants::new();
        variants(c("AAB").pack(), 1, &mut out);
        let got: Vec<(String, Run)> = out.iter().map(|v| (Codes::unpack(v.key).text(), v.run)).collect();
        assert_eq!(got, [("AAB".into(), WHOLE), ("AB".into(), 0x02), ("AA".into(), 0x21)]);
        out.clear();
        variants(c("ABC").pack(), 2, &mut out);
        assert_eq!(out.len(), 1 + 3 + 3, "itself, three single and three double deletions");
        assert!(out.iter().skip(4).all(|v| v.run == DEEP));
        assert!(runs_compatible(0x02, 0x11) && runs_compatible(WHOLE, 0x31) && runs_compatible(0x31, DEEP));
        assert!(!runs_compatible(0x01, 0x11) && !runs_compatible(0x12, 0x31));
    }

    #[test]
    fn within_one_edit() {
        let w = |a: &str, b: &str, m: u8| within_one(c(a).as_slice(), c(b).as_slice(), m);
        assert!(w("ABC", "ABC", 0) && !w("ABC", "ABD", 0) && !w("ABC", "AB", 0));
        assert!(w("ABC", "ABD", 1) && w("ABC", "AB", 1) && w("AB", "XAB", 1) && w("ABC", "AXBC", 1));
        assert!(!w("ABC", "AXY", 1) && !w("ABC", "A", 1) && !w("ABC", "BAC", 1));
    }

    proptest::proptest! {
        #[test]
        fn packed_checks_agree_with_codes(a in "[0-9A-Z]{1,10}", b in "[0-9A-Z]{1,10}", edit in 0usize..4, pos in 0usize..10, sym in 0u8..36) {
            // Half the pairs are one random edit apart, so the near cases are well covered.
            let mut near = a.clone().into_bytes();
            let p = pos % near.len();
            let s = if sym < 10 { b'0' + sym } else { b'A' + sym - 10 };
            match edit { 0 => near[p] = s, 1 => { near.remove(p); }, 2 => near.insert(p, s), _ => {} }
            let near = String::from_utf8(near).unwrap_or_default();
            // The edit plus look-alike swaps at every other position.
            let swap = |(i, ch): (usize, char)| if i % 2 != p % 2 { ch } else {
                match ch { '0' => 'D', 'D' => 'O', 'O' => '0', '8' => 'B', 'B' => '8', '1' => 'I', 'I' => '1', '5' => 'S', 'S' => '5', ch => ch }
            };
            let swapped: String = near.chars().enumerate().map(swap).collect();
            for other in [b.as_str(), near.as_str(), swapped.as_str()] {
                let (Some(x), Some(y)) = (Codes::encode(&a), Codes::encode(other)) else { continue };
                proptest::prop_assert_eq!(canonical_key(x.pack()), x.canonical().pack());
                for m in 0..=1 {
                    proptest::prop_assert_eq!(within_one_key(x.pack(), y.pack(), m), within_one(x.as_slice(), y.as_slice(), m), "{} {} {}", a, other, m);
                }
                let (xc, yc) = (canonical_key(x.pack()), canonical_key(y.pack()));
                let same_len = x.as_slice().len() == y.as_slice().len();
                if same_len && within_one(x.as_slice(), y.as_slice(), 1) {
                    for la in [false, true] {
                        proptest::prop_assert_eq!(Some(positional_distance(x.pack(), y.pack(), xc, yc, la)), distance(x.as_slice(), y.as_slice(), la, 1));
                    }
                }
                // One deletion apart, as plates (no look-alikes) or as canonical plates (with them).
                for (la, p, q) in [(false, x.pack(), y.pack()), (true, xc, yc)] {
                    if !same_len && within_one_key(p, q, 1) {
                        proptest::prop_assert_eq!(Some(indel_distance(x.pack(), y.pack(), xc, yc, la)), distance(x.as_slice(), y.as_slice(), la, 1), "{} {} {}", a, other, la);
                    }
                }
            }
        }
    }

    #[test]
    fn distance_counts_edits_and_lookalikes() {
        let d = |a: &str, b: &str, la: bool| distance(c(a).as_slice(), c(b).as_slice(), la, 3);
        assert_eq!(d("12ABC3", "12ABC3", true), Some(Distance { edits: 0, lookalikes: 0 }));
        assert_eq!(d("12A8C3", "12ABC3", true), Some(Distance { edits: 0, lookalikes: 1 }));
        assert_eq!(d("12A8C3", "12ABC3", false), Some(Distance { edits: 1, lookalikes: 0 }));
        assert_eq!(d("12AXC3", "12ABC3", true), Some(Distance { edits: 1, lookalikes: 0 }));
        assert_eq!(d("12ABC", "12ABC3", true), Some(Distance { edits: 1, lookalikes: 0 }));
        assert_eq!(d("112ABC3", "12ABC3", true), Some(Distance { edits: 1, lookalikes: 0 }));
        assert_eq!(d("ZZABO3", "22A8C3", true), Some(Distance { edits: 1, lookalikes: 3 }));
        assert_eq!(distance(c("AB").as_slice(), c("ABCD").as_slice(), true, 1), None);
    }
}
