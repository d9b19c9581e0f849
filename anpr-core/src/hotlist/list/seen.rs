//! The builder's duplicate check: which entry holds a plate on a list.
//!
//! The table stores bare entry ids (4 bytes a slot) and finds their plate and list in the builder's own
//! columns, instead of a copy of both beside each id (24 bytes a slot). At a million entries that is 10 MB
//! instead of 50 MB to fault in and to miss in while a file loads. It is split in two shards by a hash bit, so
//! that the entries of a large file can be checked on two threads, one shard each, in file order within each
//! shard: a plate on a list always falls in the same shard, so each shard finds the same repeats as one pass.

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::Meta;
use crate::hotlist::index::mix;

/// Entry ids by (packed plate, list), in two shards.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    shards: [HashTable<u32>; 2],
}

/// The columns ids refer to: the builder's entries, then (for ids from `keys.len()` on) a batch being added.
#[derive(Debug, Clone, Copy)]
pub(super) struct Columns<'c> {
    keys: &'c [u64],
    metas: &'c [Meta],
    batch_keys: &'c [u64],
    batch_metas: &'c [Meta],
}

impl<'c> Columns<'c> {
    /// The builder's columns (`keys`, `metas`, indexed by id), which must hold every id stored.
    pub(super) fn new(keys: &'c [u64], metas: &'c [Meta]) -> Self {
        Columns { keys, metas, batch_keys: &[], batch_metas: &[] }
    }

    /// The builder's columns followed by a batch's, whose entries take the ids after the builder's.
    pub(super) fn with_batch(self, batch_keys: &'c [u64], batch_metas: &'c [Meta]) -> Self {
        Columns { batch_keys, batch_metas, ..self }
    }

    /// The plate and list of an id.
    #[inline]
    fn at(&self, id: u32) -> Option<(u64, u16)> {
        let id = id as usize;
        let (keys, metas, i) = match id.checked_sub(self.keys.len()) {
            None => (self.keys, self.metas, id),
            Some(i) => (self.batch_keys, self.batch_metas, i),
        };
        Some((*keys.get(i)?, metas.get(i)?.list))
    }

    /// Hash of the entry an id stands for.
    fn hash_of(self) -> impl Fn(&u32) -> u64 + 'c {
        move |&id| self.at(id).map_or(0, |(key, list)| hash(key, list))
    }

    /// Whether an id stands for `key` on `list`.
    fn is(self, key: u64, list: u16) -> impl Fn(&u32) -> bool + 'c {
        move |&id| self.at(id) == Some((key, list))
    }
}

/// Hash of a plate on a list.
#[inline]
fn hash(key: u64, list: u16) -> u64 {
    mix(key ^ u64::from(list).rotate_right(16))
}

/// The shard a hash falls in.
#[inline]
fn shard(hash: u64) -> usize {
    (hash >> 63) as usize
}

impl Seen {
    /// Number of ids held.
    pub(super) fn len(&self) -> usize {
        self.shards.iter().map(HashTable::len).sum()
    }

    /// Makes room for `n` more ids (spread evenly over the shards by the hash, with a little to spare).
    pub(super) fn reserve(&mut self, n: usize, cols: Columns<'_>) {
        self.shards.iter_mut().for_each(|s| s.reserve(n / 2 + n / 64, cols.hash_of()));
    }

    /// The id of the entry for `key` on `list`.
    pub(super) fn get(&self, cols: Columns<'_>, key: u64, list: u16) -> Option<u32> {
        let h = hash(key, list);
        self.shards.get(shard(h))?.find(h, cols.is(key, list)).copied()
    }

    /// Stores `id` for `key` on `list` unless an entry holds them already: then returns that entry's id. One
    /// lookup both checks and claims. `id` need not be in the columns yet.
    pub(super) fn claim(&mut self, cols: Columns<'_>, key: u64, list: u16, id: u32) -> Result<(), u32> {
        let h = hash(key, list);
        let Some(table) = self.shards.get_mut(shard(h)) else { return Ok(()) };
        claim_in(table, cols, h, key, list, id)
    }

    /// Claims the ids after the builder's for every entry of the batch in `cols`, in order; with `parallel`
    /// the two shards on two threads (where a thread can be started). Returns the repeats: (index in the
    /// batch, id of the entry it repeats), in batch order.
    pub(super) fn claim_batch(&mut self, cols: Columns<'_>, parallel: bool) -> Vec<(usize, u32)> {
        let first = cols.keys.len();
        let claim_shard = |which: usize, table: &mut HashTable<u32>| {
            let mut repeats = Vec::new();
            let entries = cols.batch_keys.iter().zip(cols.batch_metas).enumerate();
            for (i, (&key, m)) in entries {
                let h = hash(key, m.list);
                if shard(h) == which
                    && let Err(earlier) = claim_in(table, cols, h, key, m.list, (first + i) as u32)
                {
                    repeats.push((i, earlier));
                }
            }
            repeats
        };
        let [low, high] = &mut self.shards;
        if !parallel {
            let mut repeats = claim_shard(0, low);
            repeats.extend(claim_shard(1, high));
            repeats.sort_unstable();
            return repeats;
        }
        // The second shard goes to the other thread through a lock, so that it can still be done here where no
        // thread can be started (the closure is then dropped unrun).
        let high = std::sync::Mutex::new(Some(high));
        let claim_high = || high.lock().ok().and_then(|mut h| h.take()).map(|t| claim_shard(1, t));
        let mut repeats = std::thread::scope(|scope| {
            let other = std::thread::Builder::new().spawn_scoped(scope, claim_high);
            let mut repeats = claim_shard(0, low);
            let more = match other {
                Ok(other) => other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => claim_high(),
            };
            repeats.extend(more.into_iter().flatten());
            repeats
        });
        repeats.sort_unstable();
        repeats
    }

    /// Gives every stored id `f(id)` instead (after the entries it counts were moved).
    pub(super) fn renumber(&mut self, f: impl Fn(u32) -> u32) {
        self.shards.iter_mut().flat_map(HashTable::iter_mut).for_each(|id| *id = f(*id));
    }

    /// Forgets the entry for `key` on `list`; returns its id.
    pub(super) fn remove(&mut self, cols: Columns<'_>, key: u64, list: u16) -> Option<u32> {
        let h = hash(key, list);
        self.shards.get_mut(shard(h))?.find_entry(h, cols.is(key, list)).ok().map(|e| e.remove().0)
    }

    /// Forgets every entry of `list`.
    pub(super) fn forget_list(&mut self, metas: &[Meta], list: u16) {
        for table in &mut self.shards {
            table.retain(|&mut id| metas.get(id as usize).is_some_and(|m| m.list != list));
        }
    }
}

/// [`Seen::claim`] in one shard, `h` being the hash of `key` on `list`.
fn claim_in(table: &mut HashTable<u32>, cols: Columns<'_>, h: u64, key: u64, list: u16, id: u32) -> Result<(), u32> {
    match table.entry(h, cols.is(key, list), cols.hash_of()) {
        Entry::Occupied(earlier) => Err(*earlier.get()),
        Entry::Vacant(slot) => {
            slot.insert(id);
            Ok(())
        }
    }
}
