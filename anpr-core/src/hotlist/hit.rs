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

/// Similarity score of a match.
pub(crate) fn score(lookalikes: u8, edits: u8) -> f32 {
    (1.0 - 0.05 * lookalikes as f32 - 0.25 * edits as f32).max(0.0)
}

/// Sorts hits: most urgent first, then exact before look-alike before edit, higher score, best reading before
/// alternatives, then by list and reference for a stable order.
pub(crate) fn sort(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.urgency
            .cmp(&b.urgency)
            .then(a.kind.cmp(&b.kind))
            .then(b.score.total_cmp(&a.score))
            .then(a.alternative.cmp(&b.alternative))
            .then(a.candidate_rank.cmp(&b.candidate_rank))
            .then_with(|| a.list.cmp(&b.list))
            .then_with(|| a.reference.cmp(&b.reference))
    });
}
