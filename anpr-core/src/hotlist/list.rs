//! An immutable, indexed hotlist and the builder that makes one.
//!
//! Storage per clear entry: the packed plate key (8 bytes) and a 32-byte record (validity, list, offsets of
//! reference and reason in one shared text arena). Two indexes sit beside them: a [`KeyTable`] on the packed
//! plate (exact matching; its values flag entries with a validity window, so most exact hits need no second
//! memory access), and a [`BucketIndex`] on the look-alike canonical key and every key reachable from it by up
//! to the list's `max_edits` deletions (symmetric-delete index for look-alike and edit matching: two plates are
//! within N edits only if deleting at most N symbols from each makes them equal, so a query probes its own
//! deletions).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use hmac::Hmac;
use sha2::Sha256;
use smallvec::SmallVec;
use time::OffsetDateTime;

use super::entry::{EntrySpec, Lists, secs};
use super::hashed::{HotlistKey, Tag, exact_tag, lookalike_tag, tag_key};
use super::hit::{Hit, MatchKind};
use super::index::{BucketIndex, KeyTable, MAX_ENTRIES, PARALLEL_FROM, mix};
use super::lookalike::{
    Codes, Distance, Variants, canonical_key, distance, indel_distance, pack_text, packed_len, positional_distance,
    variants, within_one_key,
};
use crate::error::{Error, Result};
use crate::read::PlateRead;

mod found;
mod seen;
mod tolerant;
use seen::{Columns, Seen};
use tolerant::GROUP;

/// A hashed entry as supplied: tags instead of a plate (see [`super::hashed`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HashedEntrySpec {
    /// Exact tag of the plate.
    pub exact: Tag,
    /// Look-alike tag of the plate, if supplied.
    pub lookalike: Option<Tag>,
    /// Name of the list it belongs to.
    pub list: String,
    /// The issuer's reference id.
    pub reference: String,
    /// Why the plate is wanted.
    pub reason: String,
    /// Matches only from this time on.
    pub valid_from: Option<OffsetDateTime>,
    /// Matches only before this time.
    pub expires: Option<OffsetDateTime>,
}

/// How loosely to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Identical text only, whatever the lists allow.
    Exact,
    /// As each list's [`super::Tolerance`] allows.
    Tolerant,
}

/// Per-entry record shared by clear and hashed entries.
#[derive(Debug, Clone, Copy)]
struct Meta {
    from: i64,
    until: i64,
    text: u32,
    ref_len: u16,
    reason_len: u16,
    list: u16,
}

impl Meta {
    #[inline]
    fn valid_at(&self, at: i64) -> bool {
        self.from <= at && at < self.until
    }
}

/// Flag on exact-table values (above the entry id): the entry has a validity window to check.
const WINDOWED: u32 = 1 << 31;

/// Hasher for the builder's duplicate check (keys are already well spread plate codes).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        mix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(17) ^ n;
    }
    fn write_u16(&mut self, n: u16) {
        self.0 = self.0.rotate_left(17) ^ n as u64;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// Hashed entries and their indexes.
#[derive(Clone, Default)]
struct HashedPart {
    key: Option<HotlistKey>,
    mac: Option<Hmac<Sha256>>,
    exact_tags: Vec<Tag>,
    lookalike_tags: Vec<Option<Tag>>,
    metas: Vec<Meta>,
    alive: Vec<bool>,
    exact: KeyTable,
    lookalike: KeyTable,
    any_lookalike: bool,
    seen: FastMap<(Tag, u16), u32>,
}

/// An immutable hotlist with its indexes: cheap to share (`Arc`) and to read from many threads.
///
/// Build one with [`HotlistBuilder`] or [`super::CsvLoader`]; swap versions atomically with
/// [`super::HotlistSet`].
#[derive(Clone)]
pub struct Hotlist {
    lists: Lists,
    keys: Vec<u64>,
    metas: Vec<Meta>,
    arena: String,
    exact: KeyTable,
    fuzzy: BucketIndex,
    max_edits: u8,
    hashed: HashedPart,
}

impl std::fmt::Debug for Hotlist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hotlist")
            .field("entries", &self.keys.len())
            .field("hashed_entries", &self.hashed.metas.len())
            .field("max_edits", &self.max_edits)
            .finish_non_exhaustive()
    }
}

/// A read-only view of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryView<'a> {
    /// The list's name.
    pub list: &'a str,
    /// The normalised plate; `None` for hashed entries.
    pub plate: Option<String>,
    /// Reference id.
    pub reference: &'a str,
    /// Reason.
    pub reason: &'a str,
    /// Start of validity.
    pub valid_from: Option<OffsetDateTime>,
    /// End of validity (exclusive).
    pub expires: Option<OffsetDateTime>,
}

/// The raw matches of a reading: a few at most, so on the stack.
type Raws = SmallVec<[Raw; 8]>;

/// One match before it is turned into a [`Hit`].
#[derive(Debug, Clone, Copy)]
struct Raw {
    hashed: bool,
    id: u32,
    kind: MatchKind,
    dist: Distance,
    rank: u8,
}

impl Hotlist {
    /// An empty hotlist over `lists`.
    pub fn empty(lists: Lists) -> Self {
        HotlistBuilder::new(lists).finish()
    }

    /// Number of entries (clear and hashed).
    pub fn len(&self) -> usize {
        self.keys.len() + self.hashed.metas.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lists its entries refer to.
    pub fn lists(&self) -> &Lists {
        &self.lists
    }

    /// Heap bytes held by entries, texts and indexes (what a deployment must budget for).
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.metas.capacity() * std::mem::size_of::<Meta>()
            + self.arena.capacity()
            + self.exact.heap_bytes()
            + self.fuzzy.heap_bytes()
            + self.hashed.exact_tags.capacity() * std::mem::size_of::<Tag>()
            + self.hashed.lookalike_tags.capacity() * std::mem::size_of::<Option<Tag>>()
            + self.hashed.metas.capacity() * std::mem::size_of::<Meta>()
            + self.hashed.exact.heap_bytes()
            + self.hashed.lookalike.heap_bytes()
    }

    /// Every entry, clear ones first.
    pub fn entries(&self) -> impl Iterator<Item = EntryView<'_>> {
        let clear = self.keys.iter().zip(&self.metas).map(|(&k, m)| self.view(Some(k), m));
        let hashed = self.hashed.metas.iter().map(|m| self.view(None, m));
        clear.chain(hashed)
    }

    fn view(&self, key: Option<u64>, m: &Meta) -> EntryView<'_> {
        let (reference, reason) = self.texts(m);
        EntryView {
            list: self.lists.by_index(m.list).map(|s| s.name.as_str()).unwrap_or(""),
            plate: key.map(|k| Codes::unpack(k).text()),
            reference,
            reason,
            valid_from: (m.from != i64::MIN).then(|| super::entry::from_secs(m.from)).flatten(),
            expires: (m.until != i64::MAX).then(|| super::entry::from_secs(m.until)).flatten(),
        }
    }

    fn texts(&self, m: &Meta) -> (&str, &str) {
        let a = m.text as usize;
        let b = a + m.ref_len as usize;
        let c = b + m.reason_len as usize;
        (self.arena.get(a..b).unwrap_or(""), self.arena.get(b..c).unwrap_or(""))
    }

    /// True when `text` (normalised) exactly equals a valid entry, clear or hashed. The fastest check for one
    /// reading; [`Hotlist::contains_batch`] is faster per reading for many.
    #[inline]
    pub fn contains(&self, text: &str, at: OffsetDateTime) -> bool {
        let Some(raw) = pack_text(text) else { return false };
        let at = secs(at);
        self.contains_key(raw, at) || self.contains_hashed(text, at)
    }

    /// [`Hotlist::contains`] for many readings at once, in order. Faster per reading: the table lines of a
    /// group of readings are fetched together, so their memory latencies overlap instead of adding up.
    pub fn contains_batch<S: AsRef<str>>(&self, texts: &[S], at: OffsetDateTime) -> Vec<bool> {
        const GROUP: usize = 32;
        let at = secs(at);
        let mut found = Vec::with_capacity(texts.len());
        for group in texts.chunks(GROUP) {
            let mut keys = [None; GROUP];
            for (key, text) in keys.iter_mut().zip(group) {
                *key = pack_text(text.as_ref());
            }
            for &k in keys.iter().flatten() {
                self.exact.prefetch(k);
            }
            for (key, text) in keys.iter().zip(group) {
                let hit = key.is_some_and(|k| self.contains_key(k, at));
                found.push(hit || self.contains_hashed(text.as_ref(), at));
            }
        }
        found
    }

    /// True when a clear entry with this packed plate is valid at `at`.
    #[inline]
    fn contains_key(&self, raw: u64, at: i64) -> bool {
        let mut found = false;
        self.exact.probe(raw, |v| found |= self.exact_valid(v, at));
        found
    }

    /// Whether the entry behind an exact-table value is valid at `at`; entries without a validity window
    /// answer without touching their record.
    #[inline]
    fn exact_valid(&self, value: u32, at: i64) -> bool {
        value & WINDOWED == 0 || self.metas.get((value & !WINDOWED) as usize).is_some_and(|m| m.valid_at(at))
    }

    /// True when a hashed entry exactly matches `text` (false at once when the list has none).
    fn contains_hashed(&self, text: &str, at: i64) -> bool {
        let Some(mac) = &self.hashed.mac else { return false };
        let Some(q) = Codes::encode(text) else { return false };
        let t = exact_tag(mac, &q);
        let mut found = false;
        self.hashed.exact.probe(tag_key(&t), |id| {
            let i = id as usize;
            if let (Some(et), Some(m)) = (self.hashed.exact_tags.get(i), self.hashed.metas.get(i)) {
                found |= *et == t && m.valid_at(at);
            }
        });
        found
    }

    /// How many entries one reading matches, without building [`Hit`]s (no allocation unless it matches):
    /// the cheap check before [`Hotlist::matches`].
    pub fn match_count(&self, text: &str, at: OffsetDateTime, mode: MatchMode) -> usize {
        self.raw_matches(text, at, mode).len()
    }

    /// Entries that one reading (normalised text) matches, most urgent first.
    pub fn matches(&self, text: &str, at: OffsetDateTime, mode: MatchMode) -> Vec<Hit> {
        self.hits(&mut self.raw_matches(text, at, mode), &|_| text)
    }

    /// The raw matches of one reading; none for a text that is not a plate.
    fn raw_matches(&self, text: &str, at: OffsetDateTime, mode: MatchMode) -> Raws {
        let mut raws = Raws::new();
        if let Some(q) = Codes::encode(text) {
            self.find(&q, secs(at), mode, 0, &mut raws);
        }
        raws
    }

    /// [`Hotlist::match_count`] for many readings at once, in order. Faster per reading on big lists: the
    /// memory accesses of a group of readings overlap (see [`Hotlist::contains_batch`]).
    pub fn match_count_batch<S: AsRef<str>>(&self, texts: &[S], at: OffsetDateTime, mode: MatchMode) -> Vec<usize> {
        let mut counts = Vec::with_capacity(texts.len());
        self.find_groups(texts, secs(at), mode, |_, raws| counts.push(raws.len()));
        counts
    }

    /// [`Hotlist::matches`] for many readings at once, in order (one list of hits per reading).
    pub fn matches_batch<S: AsRef<str>>(&self, texts: &[S], at: OffsetDateTime, mode: MatchMode) -> Vec<Vec<Hit>> {
        let mut hits = Vec::with_capacity(texts.len());
        self.find_groups(texts, secs(at), mode, |text, raws| hits.push(self.hits(raws, &|_| text)));
        hits
    }

    /// Finds the raw matches of each reading, a group at a time, and hands each reading's text and matches to
    /// `each`, in order. A group's matches live on the stack and are used at once, so a big batch costs no
    /// memory beyond its answers. Texts that are not plates match nothing.
    fn find_groups<'t, S: AsRef<str>>(
        &self,
        texts: &'t [S],
        at: i64,
        mode: MatchMode,
        mut each: impl FnMut(&'t str, &mut Raws),
    ) {
        for group in texts.chunks(GROUP) {
            let mut qs: SmallVec<[(Codes, u8); GROUP]> = SmallVec::new();
            let mut is_plate = [false; GROUP];
            for (plate, text) in is_plate.iter_mut().zip(group) {
                if let Some(q) = Codes::encode(text.as_ref()) {
                    qs.push((q, 0));
                    *plate = true;
                }
            }
            let mut outs: [Raws; GROUP] = Default::default();
            self.find_group(&qs, at, mode, &mut outs);
            let mut outs = outs.iter_mut();
            for (text, plate) in group.iter().zip(is_plate) {
                let mut none = Raws::new();
                each(text.as_ref(), if plate { outs.next().unwrap_or(&mut none) } else { &mut none });
            }
        }
    }

    /// Appends the raw matches of several readings of one plate (`(codes, rank)`: the read and its
    /// alternatives), tolerant ones found together.
    fn find_readings(&self, readings: &[(Codes, u8)], at: i64, mode: MatchMode, out: &mut Raws) {
        for group in readings.chunks(GROUP) {
            let mut outs: [Raws; GROUP] = Default::default();
            self.find_group(group, at, mode, &mut outs);
            outs.iter().for_each(|o| out.extend_from_slice(o));
        }
    }

    /// Appends to `outs[i]` the raw matches of reading `qs[i]` (codes and candidate rank), clear and hashed;
    /// tolerant ones are found together (at most [`GROUP`] readings).
    fn find_group(&self, qs: &[(Codes, u8)], at: i64, mode: MatchMode, outs: &mut [Raws]) {
        if mode == MatchMode::Tolerant {
            self.find_tolerant(qs, at, outs);
            for ((q, rank), out) in qs.iter().zip(outs.iter_mut()) {
                self.find_hashed(q, at, mode, *rank, out);
            }
        } else {
            for ((q, rank), out) in qs.iter().zip(outs.iter_mut()) {
                self.find(q, at, mode, *rank, out);
            }
        }
    }

    /// Entries that a read matches: its text and every alternative reading (flagged as such), each entry
    /// reported once with its best match, most urgent first.
    pub fn matches_read(&self, read: &PlateRead, at: OffsetDateTime, mode: MatchMode) -> Vec<Hit> {
        let alternatives = read.candidates.iter().filter(|c| c.text != read.text).take(u8::MAX as usize - 1);
        let texts: Vec<&str> =
            std::iter::once(read.text.as_str()).chain(alternatives.map(|c| c.text.as_str())).collect();
        let readings: Vec<(Codes, u8)> =
            texts.iter().enumerate().filter_map(|(rank, t)| Some((Codes::encode(t)?, rank as u8))).collect();
        let mut raws = Raws::new();
        self.find_readings(&readings, secs(at), mode, &mut raws);
        self.hits(&mut raws, &|rank| texts.get(rank as usize).copied().unwrap_or(""))
    }

    /// Appends the raw matches of one reading.
    fn find(&self, q: &Codes, at: i64, mode: MatchMode, rank: u8, out: &mut Raws) {
        let raw = q.pack();
        match mode {
            MatchMode::Exact => self.exact.probe(raw, |v| {
                if self.exact_valid(v, at) {
                    let dist = Distance { edits: 0, lookalikes: 0 };
                    out.push(Raw { hashed: false, id: v & !WINDOWED, kind: MatchKind::Exact, dist, rank });
                }
            }),
            MatchMode::Tolerant => {
                self.find_tolerant(&[(*q, rank)], at, std::slice::from_mut(out));
            }
        }
        self.find_hashed(q, at, mode, rank, out);
    }

    /// False when the entry is further from the read (canonical packed key `qc`) than even the most tolerant
    /// list allows; a cheap check on the packed plate alone, before the entry's record is read.
    #[inline]
    fn near(&self, qc: u64, id: u32) -> bool {
        let Some(&key) = self.keys.get(id as usize) else { return false };
        self.max_edits > 1 || within_one_key(qc, canonical_key(key), self.max_edits)
    }

    /// Checks a candidate that passed [`Hotlist::near`] against its list's tolerance and validity. `q` is the
    /// read's packed key, `qc` its canonical form.
    #[inline]
    fn verify(&self, q: u64, qc: u64, id: u32, at: i64, rank: u8) -> Option<Raw> {
        let m = self.metas.get(id as usize)?;
        if !m.valid_at(at) {
            return None;
        }
        let tol = self.lists.by_index(m.list)?.tolerance;
        let key = *self.keys.get(id as usize)?;
        // Up to one edit: a word-level check turns most candidates away, and the distance needs no DP.
        let one_edit = tol.max_edits <= 1;
        let kc = canonical_key(key);
        // `near` made exactly this check for a look-alike list as tolerant as the most tolerant one.
        let checked = tol.lookalike && tol.max_edits == self.max_edits;
        if one_edit && !checked {
            let (a, b) = if tol.lookalike { (qc, kc) } else { (q, key) };
            if !within_one_key(a, b, tol.max_edits) {
                return None;
            }
        }
        let dist = if one_edit && packed_len(q) == packed_len(key) {
            positional_distance(q, key, qc, kc, tol.lookalike)
        } else if one_edit {
            indel_distance(q, key, qc, kc, tol.lookalike)
        } else {
            distance(Codes::unpack(q).as_slice(), Codes::unpack(key).as_slice(), tol.lookalike, tol.max_edits)?
        };
        let kind = match (dist.edits, dist.lookalikes) {
            (0, 0) => MatchKind::Exact,
            (0, _) => MatchKind::LookAlike,
            _ => MatchKind::Edit,
        };
        Some(Raw { hashed: false, id, kind, dist, rank })
    }

    fn find_hashed(&self, q: &Codes, at: i64, mode: MatchMode, rank: u8, out: &mut Raws) {
        let h = &self.hashed;
        let Some(mac) = &h.mac else { return };
        let zero = Distance { edits: 0, lookalikes: 0 };
        let start = out.len();
        let t = exact_tag(mac, q);
        h.exact.probe(tag_key(&t), |id| {
            let i = id as usize;
            if let (Some(et), Some(m)) = (h.exact_tags.get(i), h.metas.get(i))
                && *et == t
                && m.valid_at(at)
            {
                out.push(Raw { hashed: true, id, kind: MatchKind::Exact, dist: zero, rank });
            }
        });
        if mode == MatchMode::Exact || !h.any_lookalike {
            return;
        }
        let t = lookalike_tag(mac, q);
        h.lookalike.probe(tag_key(&t), |id| {
            let i = id as usize;
            if out[start..].iter().any(|r| r.hashed && r.id == id) {
                return;
            }
            if let (Some(Some(lt)), Some(m)) = (h.lookalike_tags.get(i), h.metas.get(i))
                && *lt == t
                && m.valid_at(at)
                && self.lists.by_index(m.list).is_some_and(|s| s.tolerance.lookalike)
            {
                out.push(Raw { hashed: true, id, kind: MatchKind::LookAlike, dist: zero, rank });
            }
        });
    }

    /// A builder holding a copy of this hotlist's entries, for deltas.
    pub fn to_builder(&self) -> HotlistBuilder {
        let mut b = HotlistBuilder::new(self.lists.clone());
        let entries = EntryBatch { keys: self.keys.clone(), metas: self.metas.clone(), arena: self.arena.clone() };
        // A built hotlist's entries are distinct, so none is refused.
        let parallel = b.threads >= 2 && self.keys.len() >= PARALLEL_FROM;
        b.append(entries, parallel, |_, _, _| {});
        b.hashed = self.hashed.clone();
        b.hashed.alive = vec![true; b.hashed.metas.len()];
        b.hashed.seen.clear();
        for (i, (t, m)) in b.hashed.exact_tags.iter().zip(&b.hashed.metas).enumerate() {
            b.hashed.seen.insert((*t, m.list), i as u32);
        }
        b
    }
}

/// Collects entries and builds a [`Hotlist`]. Plates are normalised as they are added; a second entry for
/// the same plate on the same list is an error ([`HotlistBuilder::upsert`] replaces instead).
pub struct HotlistBuilder {
    lists: Lists,
    keys: Vec<u64>,
    metas: Vec<Meta>,
    alive: Vec<bool>,
    arena: String,
    seen: Seen,
    hashed: HashedPart,
    /// Threads the index build may use (see [`HotlistBuilder::threads`]).
    threads: usize,
    /// The arena holds texts of entries that were never added (see [`HotlistBuilder::append`]).
    stray_text: bool,
}

impl std::fmt::Debug for HotlistBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HotlistBuilder").field("entries", &self.len()).finish_non_exhaustive()
    }
}

/// Why an entry could not be added; `Duplicate` carries the index of the entry it repeats.
pub(crate) enum AddError {
    Duplicate(u32),
    Other(Error),
}

impl From<Error> for AddError {
    fn from(e: Error) -> Self {
        AddError::Other(e)
    }
}

/// The error for an entry beyond [`MAX_ENTRIES`].
fn full() -> Error {
    hotlist_err(format!("more than {MAX_ENTRIES} entries"))
}

fn hotlist_err(reason: String) -> Error {
    Error::Hotlist { line: None, reason }
}

impl HotlistBuilder {
    /// An empty builder over `lists`.
    pub fn new(lists: Lists) -> Self {
        HotlistBuilder {
            lists,
            keys: Vec::new(),
            metas: Vec::new(),
            alive: Vec::new(),
            arena: String::new(),
            seen: Seen::default(),
            hashed: HashedPart::default(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            stray_text: false,
        }
    }

    /// How many threads [`HotlistBuilder::build`] may use for a large list (at most two are used: the
    /// default where the machine has two or more cores; `1` keeps the build on the calling thread). The
    /// hotlist built answers the same whatever the number.
    pub fn threads(&mut self, threads: usize) -> &mut Self {
        self.threads = threads.max(1);
        self
    }

    /// Reserves room for `n` more clear entries.
    pub fn reserve(&mut self, n: usize) {
        self.keys.reserve(n);
        self.metas.reserve(n);
        self.alive.reserve(n);
        self.seen.reserve(n, Columns::new(&self.keys, &self.metas));
    }

    /// Sets the key that hashed entries were made with (needed to match them).
    pub fn hash_key(&mut self, key: HotlistKey) -> &mut Self {
        self.hashed.key = Some(key);
        self
    }

    /// The lists entries may refer to.
    pub fn lists(&self) -> &Lists {
        &self.lists
    }

    /// Number of entries added and not removed.
    pub fn len(&self) -> usize {
        self.seen.len() + self.hashed.seen.len()
    }

    /// True when no entries are held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an entry; a bad plate, unknown list, inverted validity or duplicate is an error.
    pub fn add(&mut self, e: &EntrySpec) -> Result<()> {
        let (key, list, from, until) = self.check(e)?;
        match self.push(key, list, &e.reference, &e.reason, from, until) {
            Ok(()) => Ok(()),
            Err(AddError::Other(err)) => Err(err),
            Err(AddError::Duplicate(_)) => Err(hotlist_err(format!(
                "duplicate entry: plate {} is already on list {:?}",
                Codes::unpack(key).text(),
                e.list
            ))),
        }
    }

    /// Adds an entry, replacing the one for the same plate on the same list if there is one.
    pub fn upsert(&mut self, e: &EntrySpec) -> Result<()> {
        let (key, list, from, until) = self.check(e)?;
        if let Some(i) = self.seen.remove(Columns::new(&self.keys, &self.metas), key, list)
            && let Some(a) = self.alive.get_mut(i as usize)
        {
            *a = false;
        }
        self.push(key, list, &e.reference, &e.reason, from, until).map_err(|e| match e {
            AddError::Other(e) => e,
            AddError::Duplicate(_) => hotlist_err("duplicate after removal".into()),
        })
    }

    /// Removes the entry for `plate` on `list`; returns whether there was one.
    pub fn remove(&mut self, list: &str, plate: &str) -> Result<bool> {
        let key = plate_key(plate)?;
        let list = self.list_index(list)?;
        Ok(match self.seen.remove(Columns::new(&self.keys, &self.metas), key, list) {
            Some(i) => {
                if let Some(a) = self.alive.get_mut(i as usize) {
                    *a = false;
                }
                true
            }
            None => false,
        })
    }

    /// Removes every entry (clear and hashed) of `list`; returns how many.
    pub fn clear_list(&mut self, list: &str) -> Result<usize> {
        let list = self.list_index(list)?;
        let before = self.len();
        self.seen.forget_list(&self.metas, list);
        for (a, m) in self.alive.iter_mut().zip(&self.metas) {
            *a &= m.list != list;
        }
        self.hashed.seen.retain(|&(_, l), _| l != list);
        for (a, m) in self.hashed.alive.iter_mut().zip(&self.hashed.metas) {
            *a &= m.list != list;
        }
        Ok(before - self.len())
    }

    /// Adds a hashed entry; an unknown list, inverted validity or duplicate exact tag on a list is an error.
    pub fn add_hashed(&mut self, e: &HashedEntrySpec) -> Result<()> {
        self.push_hashed(e).map_err(|err| match err {
            AddError::Other(e) => e,
            AddError::Duplicate(_) => hotlist_err(format!("duplicate hashed entry on list {:?}", e.list)),
        })
    }

    pub(crate) fn push_hashed(&mut self, e: &HashedEntrySpec) -> Result<(), AddError> {
        let list = self.list_index(&e.list)?;
        let (from, until) = validity(e.valid_from, e.expires)?;
        if let Some(&i) = self.hashed.seen.get(&(e.exact, list)) {
            return Err(AddError::Duplicate(i));
        }
        if self.hashed.metas.len() >= MAX_ENTRIES {
            return Err(hotlist_err(format!("more than {MAX_ENTRIES} hashed entries")).into());
        }
        let meta = self.meta(list, &e.reference, &e.reason, from, until)?;
        let id = self.hashed.metas.len() as u32;
        self.hashed.seen.insert((e.exact, list), id);
        self.hashed.exact_tags.push(e.exact);
        self.hashed.lookalike_tags.push(e.lookalike);
        self.hashed.metas.push(meta);
        self.hashed.alive.push(true);
        Ok(())
    }

    fn check(&self, e: &EntrySpec) -> Result<(u64, u16, i64, i64)> {
        let key = plate_key(&e.plate)?;
        let list = self.list_index(&e.list)?;
        let (from, until) = validity(e.valid_from, e.expires)?;
        Ok((key, list, from, until))
    }

    pub(crate) fn list_index(&self, name: &str) -> Result<u16> {
        self.lists.index_of(name).ok_or_else(|| hotlist_err(format!("unknown list {name:?}")))
    }

    fn meta(&mut self, list: u16, reference: &str, reason: &str, from: i64, until: i64) -> Result<Meta> {
        new_meta(&mut self.arena, list, reference, reason, from, until)
    }

    /// Adds a checked clear entry (`key` packed, `list` an index).
    pub(crate) fn push(
        &mut self,
        key: u64,
        list: u16,
        reference: &str,
        reason: &str,
        from: i64,
        until: i64,
    ) -> Result<(), AddError> {
        if self.keys.len() >= MAX_ENTRIES {
            return Err(full().into());
        }
        if let Some(first) = self.seen.get(Columns::new(&self.keys, &self.metas), key, list) {
            return Err(AddError::Duplicate(first));
        }
        let meta = self.meta(list, reference, reason, from, until)?;
        let id = self.keys.len() as u32;
        self.keys.push(key);
        self.metas.push(meta);
        self.alive.push(true);
        // Checked above, so this claim succeeds.
        let _ = self.seen.claim(Columns::new(&self.keys, &self.metas), key, list, id);
        Ok(())
    }

    /// Adds a batch's entries in order, as [`HotlistBuilder::push`] would one by one, and tells `added` what
    /// became of each (its index in the batch, its list, and why it was refused), in batch order. A large
    /// file is parsed into batches on several threads; adding one is then a tight loop of duplicate checks
    /// and copies, whose cache misses overlap, instead of one miss between the parsing of every line. With
    /// `parallel`, the duplicate checks run on two threads (see [`Seen`]); the outcome is the same.
    ///
    /// Each entry first claims the id it would have if nothing were refused; the repeats (rare) are then
    /// dropped and the ids after them renumbered.
    pub(crate) fn append(
        &mut self,
        batch: EntryBatch,
        parallel: bool,
        mut added: impl FnMut(usize, u16, Result<(), AddError>),
    ) {
        let EntryBatch { keys, metas, arena } = batch;
        let first = self.keys.len();
        if self.arena.len() + arena.len() > u32::MAX as usize || first + keys.len() > MAX_ENTRIES {
            // Near the limits (4 GiB of texts, MAX_ENTRIES): one by one, so that exactly the entries past them
            // fail.
            for (i, (key, m)) in keys.into_iter().zip(metas).enumerate() {
                let (a, b) = (m.text as usize, m.text as usize + m.ref_len as usize);
                let (reference, reason) = (arena.get(a..b).unwrap_or(""), arena.get(b..b + m.reason_len as usize));
                added(i, m.list, self.push(key, m.list, reference, reason.unwrap_or(""), m.from, m.until));
            }
            return;
        }
        self.seen.reserve(keys.len(), Columns::new(&self.keys, &self.metas));
        let batch_cols = Columns::new(&self.keys, &self.metas).with_batch(&keys, &metas);
        let repeats = self.seen.claim_batch(batch_cols, parallel);
        // An id claimed in the batch moves down by the number of repeats before it.
        let moved = |id: u32| {
            let i = (id as usize).saturating_sub(first);
            id - repeats.partition_point(|&(r, _)| r < i) as u32
        };
        if !repeats.is_empty() {
            self.seen.renumber(|id| if (id as usize) < first { id } else { moved(id) });
        }
        let base = self.take_texts(arena);
        let lists: Vec<u16> = if repeats.is_empty() { Vec::new() } else { metas.iter().map(|m| m.list).collect() };
        if first == 0 {
            // The builder is empty: the batch's columns become its own, without a copy.
            (self.keys, self.metas) = (keys, metas);
        } else {
            self.keys.extend_from_slice(&keys);
            self.metas.extend_from_slice(&metas);
        }
        if base > 0 {
            self.metas.iter_mut().skip(first).for_each(|m| m.text += base);
        }
        let n = self.keys.len() - first;
        if repeats.is_empty() {
            self.alive.resize(first + n, true);
            self.metas.iter().skip(first).enumerate().for_each(|(i, m)| added(i, m.list, Ok(())));
            return;
        }
        drop_repeats(&mut self.keys, first, &repeats);
        drop_repeats(&mut self.metas, first, &repeats);
        self.alive.resize(self.keys.len(), true);
        self.stray_text = true;
        let mut repeats = repeats.iter().peekable();
        for (i, &list) in lists.iter().enumerate() {
            match repeats.next_if(|&&(r, _)| r == i) {
                Some(&(_, earlier)) => added(i, list, Err(AddError::Duplicate(moved(earlier)))),
                None => added(i, list, Ok(())),
            }
        }
    }

    /// Appends a batch's texts to the arena (taking it whole when the arena is empty); returns where they start.
    fn take_texts(&mut self, texts: String) -> u32 {
        let base = self.arena.len() as u32;
        if self.arena.is_empty() {
            self.arena = texts;
        } else {
            self.arena.push_str(&texts);
        }
        base
    }

    /// Builds the indexes. Fails when hashed entries were added without a [`HotlistKey`].
    pub fn build(self) -> Result<Hotlist> {
        if self.hashed.key.is_none() && self.hashed.metas.iter().zip(&self.hashed.alive).any(|(_, &a)| a) {
            return Err(hotlist_err("hashed entries need the hotlist key to be matched".into()));
        }
        let mac = self.hashed.key.as_ref().map(HotlistKey::mac).transpose()?;
        let mut list = self.finish();
        list.hashed.mac = mac;
        Ok(list)
    }

    fn finish(mut self) -> Hotlist {
        self.compact();
        let lists = self.lists;
        let keys = self.keys;
        let metas = self.metas;
        let tol = |m: &Meta| lists.by_index(m.list).map(|s| s.tolerance.max_edits).unwrap_or(0);
        let windowed = |m: &Meta| if m.from == i64::MIN && m.until == i64::MAX { 0 } else { WINDOWED };
        let exact = KeyTable::build(
            keys.len(),
            keys.iter().zip(&metas).enumerate().map(|(i, (&k, m))| (k, i as u32 | windowed(m))),
        );
        let mut max_edits = 0u8;
        let mut expected = 0usize;
        for (&k, m) in keys.iter().zip(&metas) {
            let t = tol(m);
            max_edits = max_edits.max(t);
            let len = Codes::unpack(k).as_slice().len();
            expected += (1..=t as usize).map(|k| binomial(len, k)).sum::<usize>();
        }
        // The fuzzy index holds each entry's own canonical key too, so a tolerant probe is one lookup a variant.
        let fuzzy = BucketIndex::build(expected + keys.len(), keys.len(), self.threads, |f| {
            let mut buf = Variants::new();
            for (i, (&k, m)) in keys.iter().zip(&metas).enumerate() {
                buf.clear();
                variants(canonical_key(k), tol(m), &mut buf);
                buf.iter().for_each(|&v| f(v, i as u32));
            }
        });
        let mut hashed = self.hashed;
        hashed.exact = KeyTable::build(
            hashed.exact_tags.len(),
            hashed.exact_tags.iter().enumerate().map(|(i, t)| (tag_key(t), i as u32)),
        );
        let lookalikes =
            hashed.lookalike_tags.iter().enumerate().filter_map(|(i, t)| t.map(|t| (tag_key(&t), i as u32)));
        hashed.any_lookalike = hashed.lookalike_tags.iter().any(Option::is_some);
        hashed.lookalike =
            KeyTable::build(if hashed.any_lookalike { hashed.lookalike_tags.len() } else { 0 }, lookalikes);
        hashed.seen = FastMap::default();
        hashed.alive = Vec::new();
        let mut arena = self.arena;
        arena.shrink_to_fit();
        Hotlist { lists, keys, metas, arena, exact, fuzzy, max_edits, hashed }
    }

    /// Drops removed entries and their texts.
    fn compact(&mut self) {
        let dead = self.alive.iter().any(|a| !a) || self.hashed.alive.iter().any(|a| !a);
        if !dead && !self.stray_text {
            return;
        }
        let old_arena = std::mem::take(&mut self.arena);
        let copy_texts = |arena: &mut String, m: &mut Meta| {
            let a = m.text as usize;
            let c = a + m.ref_len as usize + m.reason_len as usize;
            m.text = arena.len() as u32;
            arena.push_str(old_arena.get(a..c).unwrap_or(""));
        };
        let mut arena = String::with_capacity(old_arena.len());
        let mut w = 0;
        for r in 0..self.keys.len() {
            if self.alive[r] {
                self.keys[w] = self.keys[r];
                self.metas[w] = self.metas[r];
                copy_texts(&mut arena, &mut self.metas[w]);
                w += 1;
            }
        }
        self.keys.truncate(w);
        self.metas.truncate(w);
        self.alive = vec![true; w];
        let h = &mut self.hashed;
        let mut w = 0;
        for r in 0..h.metas.len() {
            if h.alive[r] {
                h.exact_tags[w] = h.exact_tags[r];
                h.lookalike_tags[w] = h.lookalike_tags[r];
                h.metas[w] = h.metas[r];
                copy_texts(&mut arena, &mut h.metas[w]);
                w += 1;
            }
        }
        h.exact_tags.truncate(w);
        h.lookalike_tags.truncate(w);
        h.metas.truncate(w);
        h.alive = vec![true; w];
        self.arena = arena;
    }
}

/// Removes the items of `v` that `repeats` (sorted by batch index, the batch starting at `first`) names.
fn drop_repeats<T>(v: &mut Vec<T>, first: usize, repeats: &[(usize, u32)]) {
    let mut next = repeats.iter().map(|&(r, _)| first + r).peekable();
    let mut i = 0;
    v.retain(|_| {
        let repeat = next.next_if_eq(&i).is_some();
        i += 1;
        !repeat
    });
}

/// Clear entries checked but not yet added (a stretch of a file, parsed on a thread of its own): the builder's
/// columns, with texts in an arena of their own. [`HotlistBuilder::append`] adds them.
#[derive(Debug, Default)]
pub(crate) struct EntryBatch {
    keys: Vec<u64>,
    metas: Vec<Meta>,
    arena: String,
}

impl EntryBatch {
    /// An empty batch with room for `n` entries.
    pub(crate) fn with_capacity(n: usize) -> Self {
        EntryBatch { keys: Vec::with_capacity(n), metas: Vec::with_capacity(n), arena: String::new() }
    }

    /// Holds an entry (`key` packed, `list` an index, validity checked); fails on texts too long to hold.
    pub(crate) fn push(
        &mut self,
        key: u64,
        list: u16,
        reference: &str,
        reason: &str,
        from: i64,
        until: i64,
    ) -> Result<()> {
        let meta = new_meta(&mut self.arena, list, reference, reason, from, until)?;
        self.keys.push(key);
        self.metas.push(meta);
        Ok(())
    }
}

/// An entry's record, its reference and reason appended to `arena`; fails on texts too long to hold.
fn new_meta(arena: &mut String, list: u16, reference: &str, reason: &str, from: i64, until: i64) -> Result<Meta> {
    let too_long = |what: &str| hotlist_err(format!("{what} is longer than {} bytes", u16::MAX));
    let ref_len = u16::try_from(reference.len()).map_err(|_| too_long("reference"))?;
    let reason_len = u16::try_from(reason.len()).map_err(|_| too_long("reason"))?;
    let text = u32::try_from(arena.len()).map_err(|_| hotlist_err("texts exceed 4 GiB".into()))?;
    if arena.len() + reference.len() + reason.len() > u32::MAX as usize {
        return Err(hotlist_err("texts exceed 4 GiB".into()));
    }
    arena.push_str(reference);
    arena.push_str(reason);
    Ok(Meta { from, until, text, ref_len, reason_len, list })
}

/// Packs plate text directly when it is plain ASCII with the usual separators (the common case when loading
/// large files: no allocation); `None` sends it through [`plate_key`] for the full rules and error message.
#[inline]
pub(crate) fn fast_plate_key(plate: &str) -> Option<u64> {
    let mut key = 0u64;
    let mut n = 0;
    for &b in plate.as_bytes() {
        match b {
            b' ' | b'-' | b'.' | b'_' | b'\t' => {}
            _ => {
                let c = super::lookalike::code(b);
                if c == 0 || n == super::lookalike::MAX_LEN {
                    return None;
                }
                key = (key << 6) | c as u64;
                n += 1;
            }
        }
    }
    (n > 0).then_some(key)
}

/// Normalises plate text and packs it.
pub(crate) fn plate_key(plate: &str) -> Result<u64> {
    if let Some(k) = fast_plate_key(plate) {
        return Ok(k);
    }
    let text = crate::formats::normalize(plate)?;
    Codes::encode(&text)
        .map(|c| c.pack())
        .ok_or_else(|| Error::InvalidPlate { text: plate.into(), reason: "not A-Z/0-9".into() })
}

/// Validity window as stored seconds; `expires` must be after `valid_from`.
pub(crate) fn validity(from: Option<OffsetDateTime>, until: Option<OffsetDateTime>) -> Result<(i64, i64)> {
    let from = from.map(secs).unwrap_or(i64::MIN);
    let until = until.map(secs).unwrap_or(i64::MAX);
    if until <= from {
        return Err(hotlist_err("expires is not after valid_from".into()));
    }
    Ok((from, until))
}

/// C(n, k) for small n.
fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1usize, |acc, i| acc * (n.saturating_sub(i)) / (i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotlist::{Tolerance, entry::ListSpec};

    /// Plain Levenshtein distance, as an independent reference.
    fn levenshtein(a: &[u8], b: &[u8]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// The index finds exactly the entries a brute-force scan finds, for 1- and 2-edit lists, with and without
    /// look-alikes. A small alphabet full of look-alikes makes near misses common.
    #[test]
    fn index_agrees_with_brute_force() {
        // Two alphabets: look-alikes mixed with others, and three symbols only, which makes long runs (the
        // run-aware skipping of the fuzzy index must never lose a match).
        for (alphabet, seed) in [(&b"AB08OSD5"[..], 0x1234_5678_9abc_def0u64), (&b"AB0"[..], 0x0fed_cba9_8765_4321)] {
            agrees_with_brute_force(alphabet, seed);
        }
    }

    fn agrees_with_brute_force(alphabet: &[u8], mut seed: u64) {
        let mut rnd = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let word = |rnd: &mut dyn FnMut(usize) -> usize| -> String {
            let len = 2 + rnd(6);
            (0..len).map(|_| alphabet[rnd(alphabet.len())] as char).collect()
        };
        let mut lists = Lists::empty();
        let tolerances = [
            Tolerance { lookalike: true, max_edits: 1 },
            Tolerance { lookalike: false, max_edits: 1 },
            Tolerance { lookalike: true, max_edits: 2 },
            Tolerance::EXACT,
        ];
        for (i, t) in tolerances.iter().enumerate() {
            let mut spec = ListSpec::new(format!("l{i}"), crate::hotlist::Category::UserDefined);
            spec.tolerance = *t;
            lists.define(spec).expect("new list");
        }
        let mut b = HotlistBuilder::new(lists.clone());
        let mut entries = Vec::new();
        for _ in 0..400 {
            let plate = word(&mut rnd);
            let list = rnd(tolerances.len());
            if b.add(&EntrySpec::new(plate.clone(), format!("l{list}"))).is_ok() {
                entries.push((plate, list));
            }
        }
        let h = b.build().expect("builds");
        let at = OffsetDateTime::UNIX_EPOCH;
        for _ in 0..1500 {
            let q = word(&mut rnd);
            let hits = h.matches(&q, at, MatchMode::Tolerant);
            let mut found = Vec::new();
            h.matches_into(&q, at, MatchMode::Tolerant, &mut found);
            let ranks: Vec<u128> = found.iter().map(crate::hotlist::Match::rank).collect();
            assert_eq!(ranks.len(), hits.len());
            assert!(ranks.is_sorted(), "hits of {q} out of order");
            for (m, hit) in found.iter().zip(&hits) {
                assert_eq!((m.urgency, m.kind, m.score), (hit.urgency, hit.kind, hit.score));
            }
            assert!(hits.is_sorted_by_key(|h| (h.urgency, h.kind)), "hits of {q} out of order");
            let mut got: Vec<(String, String)> =
                hits.into_iter().map(|hit| (hit.plate.unwrap_or_default().into(), hit.list.into())).collect();
            got.sort();
            let mut want: Vec<(String, String)> = entries
                .iter()
                .filter(|(p, l)| {
                    let t = tolerances[*l];
                    let (qa, pa) = (Codes::encode(&q).expect("q"), Codes::encode(p).expect("p"));
                    let (qa, pa) = if t.lookalike { (qa.canonical(), pa.canonical()) } else { (qa, pa) };
                    levenshtein(qa.as_slice(), pa.as_slice()) <= t.max_edits as usize
                })
                .map(|(p, l)| (p.clone(), format!("l{l}")))
                .collect();
            want.sort();
            assert_eq!(got, want, "query {q}");
        }
    }

    /// An entry as the tests compare them: (plate, list, reference, reason).
    fn entry_texts(h: &Hotlist) -> Vec<(String, String, String, String)> {
        let mut all: Vec<_> = h
            .entries()
            .map(|e| (e.plate.unwrap_or_default(), e.list.to_owned(), e.reference.to_owned(), e.reason.to_owned()))
            .collect();
        all.sort();
        all
    }

    /// A batch is added in order as entry by entry, checked on one thread or two: a repeat of an earlier entry
    /// (of the builder or of the batch) is refused with that entry's id, and its texts do not survive the build.
    #[test]
    fn append_refuses_repeats_and_drops_their_texts() {
        let (stolen, fine) = (Lists::standard().index_of("stolen_vehicle"), Lists::standard().index_of("unpaid_fine"));
        let (Some(stolen), Some(fine)) = (stolen, fine) else { panic!("standard lists") };
        let key = |p: &str| plate_key(p).expect("plate");
        for parallel in [false, true] {
            let mut b = HotlistBuilder::new(Lists::standard());
            b.add(&EntrySpec::new("AB12CD", "stolen_vehicle").reference("first")).expect("adds");
            let mut batch = EntryBatch::with_capacity(5);
            for (plate, list, reference) in [
                ("AB12CD", stolen, "repeat of the builder's"),
                ("XY99ZZ", stolen, "new"),
                ("XY99ZZ", fine, "same plate, other list"),
                ("XY-99-ZZ", stolen, "repeat within the batch"),
                ("ZZ11AA", fine, "after the repeats"),
            ] {
                batch
                    .push(key(plate), list, reference, "a reason long enough to see", i64::MIN, i64::MAX)
                    .expect("holds");
            }
            let mut outcomes = Vec::new();
            b.append(batch, parallel, |i, list, added: Result<(), AddError>| {
                outcomes.push((
                    i,
                    list,
                    added.err().map(|e| if let AddError::Duplicate(first) = e { first } else { 99 }),
                ))
            });
            let want =
                [(0, stolen, Some(0)), (1, stolen, None), (2, fine, None), (3, stolen, Some(1)), (4, fine, None)];
            assert_eq!(outcomes, want, "parallel: {parallel}");
            assert_eq!(b.len(), 4);
            // The ids the duplicate check holds are the entries' own after the repeats were dropped.
            assert!(b.remove("unpaid_fine", "ZZ11AA").expect("removes"), "parallel: {parallel}");
            assert!(b.add(&EntrySpec::new("ZZ11AA", "unpaid_fine").reference("again")).is_ok());
            assert!(b.add(&EntrySpec::new("XY99ZZ", "unpaid_fine")).is_err());
            let h = b.build().expect("builds");
            let texts = entry_texts(&h);
            let references: Vec<&str> = texts.iter().map(|t| t.2.as_str()).collect();
            assert_eq!(references, ["first", "new", "same plate, other list", "again"], "parallel: {parallel}");
            let kept: usize = texts.iter().map(|t| t.2.len() + t.3.len()).sum();
            assert_eq!(h.arena.len(), kept, "refused entries' texts are gone");
        }
    }

    proptest::proptest! {
        /// The builder holds what a plain map of (plate, list) to reference holds after any sequence of adds,
        /// upserts, removals and list clearings, also when it starts from a built list ([`Hotlist::to_builder`]),
        /// and refuses exactly the adds the map already holds.
        #[test]
        fn builder_agrees_with_a_map(
            ops in proptest::collection::vec((0u8..5, 0usize..6, 0usize..3, 0u8..100), 0..60),
            rebuild_at in 0usize..60,
        ) {
            let plates = ["AB12CD", "AB12CO", "XY99ZZ", "12ABC3", "ZZ00ZZ", "ab-12-cd"];
            let lists = ["stolen_vehicle", "unpaid_fine", "missing_person"];
            let canon = |p: usize| plate_key(plates[p]).expect("plate");
            let mut model = std::collections::BTreeMap::new();
            let mut b = HotlistBuilder::new(Lists::standard());
            for (step, &(op, p, l, r)) in ops.iter().enumerate() {
                if step == rebuild_at {
                    b = b.build().expect("builds").to_builder();
                }
                let spec = EntrySpec::new(plates[p], lists[l]).reference(format!("R{r}"));
                match op {
                    0 | 1 => {
                        let fresh = !model.contains_key(&(canon(p), l));
                        proptest::prop_assert_eq!(b.add(&spec).is_ok(), fresh);
                        model.entry((canon(p), l)).or_insert(format!("R{r}"));
                    }
                    2 => {
                        b.upsert(&spec).expect("upserts");
                        model.insert((canon(p), l), format!("R{r}"));
                    }
                    3 => {
                        let had = model.remove(&(canon(p), l)).is_some();
                        proptest::prop_assert_eq!(b.remove(lists[l], plates[p]).expect("removes"), had);
                    }
                    _ => {
                        let before = model.len();
                        model.retain(|&(_, list), _| list != l);
                        proptest::prop_assert_eq!(b.clear_list(lists[l]).expect("clears"), before - model.len());
                    }
                }
                proptest::prop_assert_eq!(b.len(), model.len());
            }
            let h = b.build().expect("builds");
            let mut want: Vec<_> = model
                .iter()
                .map(|(&(key, l), r)| (Codes::unpack(key).text(), lists[l].to_owned(), r.clone(), String::new()))
                .collect();
            want.sort();
            proptest::prop_assert_eq!(entry_texts(&h), want);
        }
    }
}
