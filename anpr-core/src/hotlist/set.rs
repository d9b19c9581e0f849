//! The live hotlist: read lock-free from many threads, replaced or patched atomically.

use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use time::OffsetDateTime;

use super::entry::{EntrySpec, Lists};
use super::hit::Hit;
use super::list::{HashedEntrySpec, Hotlist, MatchMode};
use crate::error::{Error, Result};
use crate::read::PlateRead;

/// Changes to apply to the live hotlist in one step.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// Lists whose entries are all removed first (e.g. a list being re-sent whole).
    pub clear_lists: Vec<String>,
    /// `(list, plate)` entries to remove.
    pub remove: Vec<(String, String)>,
    /// Entries to add, or to replace when the plate is already on that list.
    pub upsert: Vec<EntrySpec>,
    /// Hashed entries to add.
    pub add_hashed: Vec<HashedEntrySpec>,
}

/// The hotlist that reads are matched against, shared by all threads.
///
/// Every version is an immutable [`Hotlist`] behind an `Arc`; [`HotlistSet::replace`] and
/// [`HotlistSet::apply`] build the next version aside and publish it with one atomic pointer swap, so a read
/// sees either the old or the new version whole, never a mix, and never waits for a writer. Writers are
/// serialised, so two deltas applied at once both land.
#[derive(Debug)]
pub struct HotlistSet {
    current: ArcSwap<Hotlist>,
    writer: Mutex<()>,
}

impl HotlistSet {
    /// A set serving `hotlist`.
    pub fn new(hotlist: Hotlist) -> Self {
        HotlistSet { current: ArcSwap::from_pointee(hotlist), writer: Mutex::new(()) }
    }

    /// A set with no entries over `lists`.
    pub fn empty(lists: Lists) -> Self {
        HotlistSet::new(Hotlist::empty(lists))
    }

    /// The current version; hold it to match several reads against one consistent list.
    pub fn snapshot(&self) -> Arc<Hotlist> {
        self.current.load_full()
    }

    /// Publishes a whole new hotlist; returns the previous one.
    pub fn replace(&self, hotlist: Hotlist) -> Arc<Hotlist> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.current.swap(Arc::new(hotlist))
    }

    /// Applies a delta: clear lists, then removals, then upserts and hashed additions, published at once.
    /// On error nothing changes. Cost: a rebuild of the indexes (about the load time of the list).
    pub fn apply(&self, delta: &Delta) -> Result<()> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut b = self.current.load().to_builder();
        for list in &delta.clear_lists {
            b.clear_list(list)?;
        }
        for (list, plate) in &delta.remove {
            b.remove(list, plate)?;
        }
        for e in &delta.upsert {
            b.upsert(e)?;
        }
        for e in &delta.add_hashed {
            b.add_hashed(e)?;
        }
        let next = b.build()?;
        self.current.store(Arc::new(next));
        Ok(())
    }

    /// Replaces the entries of one list with `entries` (all of which must name that list).
    pub fn replace_list(&self, list: &str, entries: Vec<EntrySpec>) -> Result<()> {
        if let Some(e) = entries.iter().find(|e| e.list != list) {
            return Err(Error::Hotlist {
                line: None,
                reason: format!("entry for list {:?} in a replacement of list {list:?}", e.list),
            });
        }
        self.apply(&Delta { clear_lists: vec![list.to_owned()], upsert: entries, ..Default::default() })
    }

    /// Matches a read (and its alternatives) against the current version, most urgent first.
    pub fn matches_read(&self, read: &PlateRead, at: OffsetDateTime) -> Vec<Hit> {
        self.current.load().matches_read(read, at, MatchMode::Tolerant)
    }

    /// True when `text` is exactly on a current, valid entry.
    pub fn contains(&self, text: &str, at: OffsetDateTime) -> bool {
        self.current.load().contains(text, at)
    }
}
