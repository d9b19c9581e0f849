"""Research only: a recognizer pool made of a real set's crops, to measure how much of the gap to the targets is
the synthetic domain. The real sets' licences forbid shipping weights trained on it, so the pool goes to its own
folder (never `pools/rec*`, which the shipped models train on) and models trained on it are never exported into
`../models/` or committed.

    python research_pool.py uc3m_lp_ocr train pools/research_uc3m
"""
import argparse
import os

import numpy as np

from nets.recognizer import ALPHABET, IN_H, IN_W
from realdata import plate_crops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("split")
    ap.add_argument("out")
    a = ap.parse_args()
    if os.path.basename(os.path.normpath(a.out)).startswith("rec"):
        raise SystemExit("research pools must not sit where the shipped models' pools are (pools/rec*)")
    crops = plate_crops(a.set, IN_W, IN_H, a.split)
    texts = [t.replace("*", "") for _, t in crops]  # masked characters: no label
    keep = [i for i, t in enumerate(texts) if t and all(ch in ALPHABET for ch in t)]
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "shard_00000.npz")
    np.savez(path, images=np.stack([crops[i][0] for i in keep]), texts=np.array([texts[i] for i in keep]))
    print(f"{len(keep)} of {len(crops)} crops -> {path}")


if __name__ == "__main__":
    main()
