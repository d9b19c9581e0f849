//! What a match reports, and the order hits come out in.

use compact_str::CompactString;
use serde::Serialize;
use time::OffsetDateTime;

use super::entry::{Category, Urgency};

/// How a reading matched an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Identical text.
    Exact,
    /// Equal up to look-alike swaps ({0,O,D,Q}, {1,I}, {2,Z}, {5,S}, {8,B}, {6,G}).
    LookAlike,
    /// Within the list's edit tolerance (substitutions, insertions, deletions; look-alike swaps may add).
    Edit,
}

/// One hotlist entry that a reading matched.
///
/// Its texts are [`CompactString`]s (re-exported from `compact_str`): they read as `&str`, and the short ones
/// that plates, list names and most references are (up to 24 bytes) are held inline, so a dense list's many
/// hits cost no allocation each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Name of the list.
    pub list: CompactString,
    /// Its category.
    pub category: Category,
    /// Its urgency.
    pub urgency: Urgency,
    /// The issuer's reference id.
    pub reference: CompactString,
    /// Why the plate is wanted.
    pub reason: CompactString,
    /// The listed plate; `None` for a hashed entry (its plate is not known to the device).
    pub plate: Option<CompactString>,
    /// The reading that matched (the plate read, or an alternative reading).
    pub read_text: CompactString,
    /// How it matched.
    pub kind: MatchKind,
    /// Look-alike swaps used (0 for hashed entries, where the count is unknown).
    pub lookalikes: u8,
    /// Other edits used.
    pub edits: u8,
    /// Similarity in `[0, 1]`: 1 − 0.05 a look-alike swap − 0.25 an edit (hashed look-alike: 0.9).
    pub score: f32,
    /// True when an alternative reading matched, not the best one.
    pub alternative: bool,
    /// Rank of the matching reading among the read's candidates (0 = best reading).
    pub candidate_rank: u8,
    /// True when the entry came from a hashed list.
    pub hashed: bool,
    /// When the entry stops matching, if it expires.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires: Option<OffsetDateTime>,
}

/// The hits of a batch of readings, held flat (one buffer of hits, one end offset per reading), filled by
/// [`super::Hotlist::matches_batch_into`]. Reuse one across batches: once its buffers have grown, a batch
/// allocates nothing (a [`Hit`]'s short texts are inline), where [`super::Hotlist::matches_batch`] allocates a
/// list per reading that hits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchHits {
    pub(crate) hits: Vec<Hit>,
    /// `ends[i]`: one past the last hit of reading `i`.
    pub(crate) ends: Vec<usize>,
}

impl BatchHits {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of readings in the batch.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the batch holds no readings.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The hits of reading `i`, most urgent first (empty when it matched nothing); `None` past the end.
    pub fn get(&self, i: usize) -> Option<&[Hit]> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).and_then(|j| self.ends.get(j)).copied().unwrap_or(0);
        self.hits.get(start..end)
    }

    /// The hits of every reading, in order (one slice per reading).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[Hit]> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Every hit of the batch, reading after reading.
    pub fn all(&self) -> &[Hit] {
        &self.hits
    }

    /// Forget the readings, keeping the buffers for the next batch.
    pub fn clear(&mut self) {
        self.hits.clear();
        self.ends.clear();
    }
}

/// Which entry of a [`super::Hotlist`] a [`Match`] found. Meaningful only for the list version that produced
/// it (ids are positions, and a rebuilt list numbers its entries anew).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId {
    pub(crate) hashed: bool,
    pub(crate) index: u32,
}

impl EntryId {
    /// True when the entry came from a hashed list.
    pub fn is_hashed(&self) -> bool {
        self.hashed
    }
}

/// One entry that a reading matched, as the lookup found it: small and `Copy`, with the entry's texts left
/// in the list. [`super::Hotlist::hit`] turns it into a [`Hit`] (which copies the texts out) and
/// [`super::Hotlist::entry`] shows the entry; the lookups that return matches
/// ([`super::Hotlist::matches_into`], [`super::Hotlist::matches_batch_each`]) allocate nothing per reading, for
/// callers that match many reads and look at few hits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The entry matched.
    pub entry: EntryId,
    /// Its list's urgency (the first key of the hit order).
    pub urgency: Urgency,
    /// How it matched.
    pub kind: MatchKind,
    /// Look-alike swaps used (0 for hashed entries).
    pub lookalikes: u8,
    /// Other edits used.
    pub edits: u8,
    /// Similarity in `[0, 1]`, as [`Hit::score`].
    pub score: f32,
    /// Rank of the matching reading among the read's candidates (0 = best reading).
    pub candidate_rank: u8,
    /// The entry's list (its index in the list version's [`super::Lists`]), for the hit order.
    pub(crate) list: u16,
}

/// Similarity score of a match.
pub(crate) fn score(lookalikes: u8, edits: u8) -> f32 {
    (1.0 - 0.05 * lookalikes as f32 - 0.25 * edits as f32).max(0.0)
}

impl Match {
    /// This match's place in the hit order, as one number (smaller first): most urgent first, then exact
    /// before look-alike before edit, higher score, best reading before alternatives (lower candidate rank),
    /// then by list (its index, in the order the lists were defined) and entry (clear before hashed, each in
    /// the order added), so equal hits keep a stable order. Sorting by one integer keeps ordering a lookup's
    /// matches cheap, and it never reads the entries' texts.
    pub(crate) fn rank(&self) -> u128 {
        // Scores are in [0, 1]: the bits of a non-negative f32 order as the numbers do; inverted, higher first.
        let score = !self.score.max(0.0).to_bits();
        (self.urgency as u128) << 104
            | (self.kind as u128) << 96
            | u128::from(score) << 64
            | u128::from(self.candidate_rank) << 56
            | u128::from(self.list) << 40
            | u128::from(self.entry.hashed) << 32
            | u128::from(self.entry.index)
    }
}
