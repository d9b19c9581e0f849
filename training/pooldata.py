"""Random batches from pre-rendered pool shards; picks up shards that appear while training runs."""
import glob
import os

import numpy as np


class Pool:
    def __init__(self, folder, keys, max_shards=10_000):
        self.folder, self.keys, self.max_shards = folder, keys, max_shards
        self.loaded = {}
        self.refresh()

    def refresh(self):
        for p in sorted(glob.glob(os.path.join(self.folder, "shard_*.npz")))[: self.max_shards]:
            if p not in self.loaded and not p.endswith(".tmp.npz"):
                with np.load(p) as z:
                    self.loaded[p] = {k: z[k] for k in self.keys}
        if not self.loaded:
            raise SystemExit(f"no pool shards in {self.folder}: run make_pool.py first")

    def __len__(self):
        return sum(len(v[self.keys[0]]) for v in self.loaded.values())
