//! From raw matches to what a lookup reports: [`Match`]es in hit order, and [`Hit`]s built from them.
//!
//! A lookup first collects raw matches (entry, distance, reading); one entry can appear several times (found
//! through several readings or variants). They are reduced to one per entry (its best match), put in hit
//! order, and only then, if the caller wants them, turned into [`Hit`]s, whose texts are copied out of the
//! list: the copying is most of a [`Hit`]'s cost, so callers that match many reads and act on few can take
//! the [`Match`]es and build hits for those they keep.

use smallvec::SmallVec;
use time::OffsetDateTime;

use super::{Hotlist, MatchMode, Meta, Raw, Raws, secs};
use crate::hotlist::hit::{self, BatchHits, EntryId, Hit, Match, MatchKind};
use crate::hotlist::list::EntryView;
use crate::hotlist::lookalike::Codes;

/// A reading's matches in hit order: a few at most, so on the stack.
pub(super) type Ordered = SmallVec<[Match; 8]>;

impl Hotlist {
    /// Entries that one reading (normalised text) matches, as [`Match`]es in hit order (most urgent first),
    /// written into `out` (cleared first). The same entries in the same order as [`Hotlist::matches`], without
    /// copying their texts out: reuse `out` and a lookup allocates nothing (beyond growing `out`, or for a
    /// reading with more matches than fit on the stack).
    pub fn matches_into(&self, text: &str, at: OffsetDateTime, mode: MatchMode, out: &mut Vec<Match>) {
        out.clear();
        self.order(&mut self.raw_matches(text, at, mode), out);
    }

    /// [`Hotlist::matches_into`] for many readings at once: calls `each(i, matches)` for every `texts[i]`, in
    /// order, with its matches in hit order. Faster per reading on big lists (the memory accesses of a group
    /// of readings overlap, see [`Hotlist::contains_batch`]) and allocates nothing per reading, unless one has
    /// more than eight matches.
    pub fn matches_batch_each<S: AsRef<str>>(
        &self,
        texts: &[S],
        at: OffsetDateTime,
        mode: MatchMode,
        mut each: impl FnMut(usize, &[Match]),
    ) {
        let (mut i, mut found) = (0, Ordered::new());
        self.find_groups(texts, secs(at), mode, |_, raws| {
            found.clear();
            self.order(raws, &mut found);
            each(i, &found);
            i += 1;
        });
    }

    /// [`Hotlist::matches_batch`] into a reused buffer (cleared first): reading `i`'s hits, most urgent first,
    /// are `out.get(i)`. The same hits in the same order; with `out` reused across batches, a batch allocates
    /// nothing once the buffers have grown.
    pub fn matches_batch_into<S: AsRef<str>>(
        &self,
        texts: &[S],
        at: OffsetDateTime,
        mode: MatchMode,
        out: &mut BatchHits,
    ) {
        out.clear();
        self.matches_batch_each(texts, at, mode, |i, found| {
            let text = texts.get(i).map_or("", AsRef::as_ref);
            out.hits.extend(found.iter().filter_map(|m| self.hit(m, text)));
            out.ends.push(out.hits.len());
        });
    }

    /// The [`Hit`] of a match from this list: the entry's texts and how `read_text` matched it. Pass only
    /// matches this list version produced: another list's [`EntryId`] names an unrelated entry here, or none
    /// (then `None`).
    pub fn hit(&self, m: &Match, read_text: &str) -> Option<Hit> {
        let meta = self.meta_of(m.entry)?;
        let plate = match m.entry.hashed {
            true => None,
            false => Some(Codes::unpack(*self.keys.get(m.entry.index as usize)?).compact_text()),
        };
        let spec = self.lists.by_index(meta.list)?;
        let (reference, reason) = self.texts(meta);
        Some(Hit {
            list: spec.name.as_str().into(),
            category: spec.category,
            urgency: spec.urgency,
            reference: reference.into(),
            reason: reason.into(),
            plate,
            read_text: read_text.into(),
            kind: m.kind,
            lookalikes: m.lookalikes,
            edits: m.edits,
            score: m.score,
            alternative: m.candidate_rank > 0,
            candidate_rank: m.candidate_rank,
            hashed: m.entry.hashed,
            expires: (meta.until != i64::MAX).then(|| crate::hotlist::entry::from_secs(meta.until)).flatten(),
        })
    }

    /// The entry a match found (an [`EntryId`] from this list version; another list's names an unrelated entry,
    /// or none: `None`).
    pub fn entry(&self, id: EntryId) -> Option<EntryView<'_>> {
        let meta = self.meta_of(id)?;
        let key = match id.hashed {
            true => None,
            false => Some(*self.keys.get(id.index as usize)?),
        };
        Some(self.view(key, meta))
    }

    /// Turns raw matches into hits in hit order; `text_of` gives the text of the reading of a candidate rank.
    pub(super) fn hits<'t>(&self, raws: &mut Raws, text_of: &dyn Fn(u8) -> &'t str) -> Vec<Hit> {
        let mut ordered = Ordered::new();
        self.order(raws, &mut ordered);
        let mut hits = Vec::with_capacity(ordered.len());
        hits.extend(ordered.iter().filter_map(|m| self.hit(m, text_of(m.candidate_rank))));
        hits
    }

    /// Appends one match per entry (its best: exact before look-alike before edit, fewest edits, then swaps,
    /// then the best reading) to `out`, and puts what it appended in hit order ([`Match::rank`]). The raw
    /// matches are small and `Copy`, so ordering them costs little; a single one (most reads that hit) needs
    /// none. Sorting in `out` itself, a buffer the batch calls reuse, keeps a reading with many matches from
    /// allocating.
    pub(super) fn order<B: Extend<Match> + AsMut<[Match]>>(&self, raws: &mut Raws, out: &mut B) {
        match raws.as_slice() {
            [] => return,
            [r] => return out.extend(self.matched(r)),
            _ => {}
        }
        raws.sort_unstable_by_key(|r| (r.hashed, r.id, r.kind, r.dist.edits, r.dist.lookalikes, r.rank));
        raws.dedup_by_key(|r| (r.hashed, r.id));
        let start = out.as_mut().len();
        out.extend(raws.iter().filter_map(|r| self.matched(r)));
        out.as_mut().get_mut(start..).unwrap_or_default().sort_unstable_by_key(Match::rank);
    }

    /// The match of a raw match; `None` if its entry is not in this list.
    fn matched(&self, r: &Raw) -> Option<Match> {
        let entry = EntryId { hashed: r.hashed, index: r.id };
        let meta = self.meta_of(entry)?;
        let spec = self.lists.by_index(meta.list)?;
        let score = match r.hashed && r.kind == MatchKind::LookAlike {
            true => 0.9,
            false => hit::score(r.dist.lookalikes, r.dist.edits),
        };
        Some(Match {
            entry,
            urgency: spec.urgency,
            kind: r.kind,
            lookalikes: r.dist.lookalikes,
            edits: r.dist.edits,
            score,
            candidate_rank: r.rank,
            list: meta.list,
        })
    }

    /// The record of an entry.
    fn meta_of(&self, id: EntryId) -> Option<&Meta> {
        match id.hashed {
            true => self.hashed.metas.get(id.index as usize),
            false => self.metas.get(id.index as usize),
        }
    }
}
