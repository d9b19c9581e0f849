//! Hotlists: the plates that are wanted, and matching reads against them.
//!
//! A [`Hotlist`] holds entries; each names its list ([`ListSpec`]: a [`Category`], an [`Urgency`], a
//! [`Tolerance`]), a reference id, a reason and a validity window. Build one in code with [`HotlistBuilder`] or
//! load it with [`CsvLoader`]; serve it with [`HotlistSet`], which swaps versions atomically while reads go on.
//!
//! ```
//! use anpr_core::hotlist::{EntrySpec, HotlistBuilder, HotlistSet, Lists, MatchKind, MatchMode};
//! use anpr_core::time::OffsetDateTime;
//! # fn main() -> anpr_core::Result<()> {
//! let mut b = HotlistBuilder::new(Lists::standard());
//! b.add(&EntrySpec::new("12-ABC-3", "stolen_vehicle").reference("PV-1"))?;
//! let set = HotlistSet::new(b.build()?);
//! let hits = set.snapshot().matches("12A8C3", OffsetDateTime::now_utc(), MatchMode::Tolerant);
//! assert_eq!(hits[0].kind, MatchKind::LookAlike); // 8 for B
//! # Ok(()) }
//! ```
//!
//! # Matching
//!
//! - **exact**: identical normalised text;
//! - **look-alike**: equal up to swaps within {0,O,D,Q}, {1,I}, {2,Z}, {5,S}, {8,B}, {6,G} (each swap costs
//!   0.05 of the score, and none counts as an edit);
//! - **edit**: up to the list's `max_edits` substitutions, insertions or deletions (default 1, at most
//!   [`MAX_EDITS`]), each costing 0.25 of the score.
//!
//! Each read's alternative readings are matched too; a hit on one is flagged `alternative`. Hits are ordered by
//! urgency (then exact before look-alike before edit, then score). Entries outside `valid_from ≤ t < expires`
//! do not match.
//!
//! # CSV format
//!
//! UTF-8 (a leading BOM is ignored), comma-separated, `"`-quoting, LF or CRLF line ends, blank lines skipped.
//! The first line is a header naming the columns, in any order:
//!
//! ```text
//! plate,list,reference,reason,valid_from,expires
//! 12-ABC-3,stolen_vehicle,PV-2026-001,stolen from driveway,2026-01-01,2026-07-01T00:00:00Z
//! 99XYZ9,missing_person,MP-77,"vulnerable adult, call 112",,
//! ```
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `plate` | yes¹ | the plate in any common spelling (`12-ABC-3`, `12 abc 3`); normalised on load |
//! | `list` | yes | the name of a defined list, e.g. `missing_person`, `wanted_person`, `stolen_vehicle`, `special_action`, `outstanding_sentence`, `unpaid_fine`, or a user-defined one |
//! | `reference` | no | the issuer's reference id |
//! | `reason` | no | why the plate is wanted |
//! | `valid_from` | no | empty (always), `YYYY-MM-DD` (00:00 UTC) or RFC 3339 |
//! | `expires` | no | same forms; the entry stops matching at this instant |
//! | `plate_hmac` | yes¹ | for a hashed list instead of `plate`: 32 hex digits, see [`hashed`] |
//! | `lookalike_hmac` | no | for a hashed list: 32 hex digits, enables look-alike matching |
//!
//! ¹ exactly one of `plate` and `plate_hmac`. Unknown or repeated columns reject the file (a misspelt `expires`
//! must not make entries eternal). A line with a bad plate, an unknown list, a bad date, `expires` not after
//! `valid_from`, the wrong number of fields, or a plate already on the same list (a *duplicate*; the same plate
//! on two lists is fine) is reported with its line number in [`Loaded::rejected`] and the other lines load; in
//! [`CsvLoader::strict`] mode it fails the whole file with [`crate::Error::Hotlist`]. A file with no header
//! line is an error in both modes; a header with no entries is an empty hotlist.
//!
//! Loading: a file that needs no CSV state machine (valid UTF-8, no quotes, no lone carriage return — most
//! exports) is split by hand, which is several times cheaper; a large one (50,000 lines or more) is parsed in
//! two halves on two threads unless [`CsvLoader::threads`] says `1`, and the fuzzy index of a list of 100,000
//! entries or more is built on two threads too ([`HotlistBuilder::threads`]). Every file loads to the same
//! list, bad lines and errors whichever path it takes.
//!
//! # Cost
//!
//! Per clear entry: the packed plate (8 bytes), a 32-byte record, its reference and reason texts, a slot in
//! the exact table (about 17 bytes: a one-byte tag, the 8-byte plate and a 4-byte id, 75 % full) and one 4-byte
//! value per look-alike/deletion variant in cache-line buckets (about 44 bytes for a 6–7 symbol plate at
//! `max_edits = 1`): about 128 bytes an entry with short texts, 128 MB for 1,000,000 entries. At most
//! 16,777,215 entries.
//!
//! An exact lookup of a plate that is not listed (most reads) reads one 8-byte word of tags, from an array
//! of 1.3 bytes an entry that stays in cache; a hit reads the plate and, for entries with a validity window,
//! the record. A tolerant lookup reads one cache line per variant (the read and its deletions), the packed
//! plates of the entries sharing one, and the records of those near enough. For many readings at once,
//! [`Hotlist::contains_batch`], [`Hotlist::match_count_batch`] and [`Hotlist::matches_batch`] give the same
//! answers as the one-reading calls and overlap the memory accesses of groups of readings.
//!
//! A [`Hit`] copies its entry's texts out of the list, which is most of its cost on a dense list. Callers that
//! match many reads and act on few can take [`Match`]es instead ([`Hotlist::matches_into`],
//! [`Hotlist::matches_batch_each`]: the same entries in the same order, as small `Copy` records that name the
//! entry, allocating nothing per reading) and build a hit only for the ones they keep ([`Hotlist::hit`],
//! [`Hotlist::entry`]). Callers that want every hit of a batch can reuse one flat [`BatchHits`] buffer
//! ([`Hotlist::matches_batch_into`]) instead of a list per reading. `BENCHMARKS.md` has the measured figures.

mod csv;
mod entry;
pub mod hashed;
mod hit;
mod index;
mod list;
mod lookalike;
mod set;

pub use self::csv::{CsvLoader, Loaded, Rejected};
/// The string type of [`Hit`]'s texts (from the `compact_str` crate), so callers need not depend on it.
pub use compact_str::CompactString;
pub use entry::{Category, EntrySpec, ListSpec, Lists, MAX_EDITS, Tolerance, Urgency};
pub use hashed::{HotlistKey, PlateTags};
pub use hit::{BatchHits, EntryId, Hit, Match, MatchKind};
pub use list::{EntryView, HashedEntrySpec, Hotlist, HotlistBuilder, MatchMode};
pub use lookalike::{LOOKALIKE_GROUPS, canonical_text};
pub use set::{Delta, HotlistSet};
