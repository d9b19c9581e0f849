//! The builder's duplicate check: which entry holds a plate on a list.
//!
//! The table stores bare entry ids (4 bytes a slot) and finds their plate and list in the builder's own
//! columns, instead of a copy of both beside each id (24 bytes a slot). At a million entries that is 10 MB
//! instead of 50 MB to fault in and to miss in while a file loads.

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::Meta;
use crate::hotlist::index::mix;

/// Entry ids by (packed plate, list). Every method takes the builder's columns (`keys`, `metas`, indexed by
/// id), which must hold every id already stored.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    ids: HashTable<u32>,
}

/// Hash of a plate on a list.
#[inline]
fn hash(key: u64, list: u16) -> u64 {
    mix(key ^ u64::from(list).rotate_right(16))
}

/// Hash of the entry an id stands for.
fn hash_of(keys: &[u64], metas: &[Meta]) -> impl Fn(&u32) -> u64 {
    move |&id| hash(keys.get(id as usize).copied().unwrap_or(0), metas.get(id as usize).map_or(0, |m| m.list))
}

/// Whether an id stands for `key` on `list`.
fn is<'c>(keys: &'c [u64], metas: &'c [Meta], key: u64, list: u16) -> impl Fn(&u32) -> bool + 'c {
    move |&id| keys.get(id as usize) == Some(&key) && metas.get(id as usize).is_some_and(|m| m.list == list)
}

impl Seen {
    /// Number of ids held.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Makes room for `n` more ids.
    pub(super) fn reserve(&mut self, n: usize, keys: &[u64], metas: &[Meta]) {
        self.ids.reserve(n, hash_of(keys, metas));
    }

    /// The id of the entry for `key` on `list`.
    pub(super) fn get(&self, keys: &[u64], metas: &[Meta], key: u64, list: u16) -> Option<u32> {
        self.ids.find(hash(key, list), is(keys, metas, key, list)).copied()
    }

    /// Stores `id` for `key` on `list` unless an entry holds them already: then returns that entry's id. One
    /// lookup both checks and claims. `id` need not be in the columns yet.
    pub(super) fn claim(&mut self, keys: &[u64], metas: &[Meta], key: u64, list: u16, id: u32) -> Result<(), u32> {
        match self.ids.entry(hash(key, list), is(keys, metas, key, list), hash_of(keys, metas)) {
            Entry::Occupied(first) => Err(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(id);
                Ok(())
            }
        }
    }

    /// Forgets the entry for `key` on `list`; returns its id.
    pub(super) fn remove(&mut self, keys: &[u64], metas: &[Meta], key: u64, list: u16) -> Option<u32> {
        self.ids.find_entry(hash(key, list), is(keys, metas, key, list)).ok().map(|e| e.remove().0)
    }

    /// Forgets every entry of `list`.
    pub(super) fn forget_list(&mut self, metas: &[Meta], list: u16) {
        self.ids.retain(|&mut id| metas.get(id as usize).is_some_and(|m| m.list != list));
    }
}
