"""Pre-render training samples into shards (training/pools/<kind>/shard_<seed>.npz) so training spends its CPU
on the network. Each shard has its own seed, so pools are reproducible and can grow while a model trains.

    python make_pool.py rec --first 0 --shards 10 --per-shard 5000 [--workers 2]
    python make_pool.py det --first 0 --shards 10 --per-shard 1000
"""
import argparse
import os
import sys
import time
from multiprocessing import Pool

os.environ.setdefault("OMP_NUM_THREADS", "1")
import cv2  # noqa: E402
import numpy as np  # noqa: E402

cv2.setNumThreads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def make_shard(args):
    kind, seed, n, out, occlude, box_share, us_emboss = args
    path = os.path.join(out, f"shard_{seed:05d}.npz")
    if os.path.exists(path):
        return path
    rng = np.random.default_rng(1_000_003 * seed + (7 if kind == "det" else 3))
    if kind == "rec":
        from render.crops import recognizer_sample
        imgs, texts = zip(*[recognizer_sample(rng, box_share=box_share, us_emboss=us_emboss) for _ in range(n)])
        data = dict(images=np.stack(imgs), texts=np.array(texts))
    else:
        from scenes.compose import detector_sample
        imgs, quads = zip(*[detector_sample(rng, occlude=occlude) for _ in range(n)])
        counts = np.array([len(q) for q in quads])
        # frames stored as JPEG (q95): 10x smaller pools; the capture chain already adds JPEG artefacts
        bufs = [cv2.imencode(".jpg", im[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])[1].ravel() for im in imgs]
        data = dict(jpeg=np.concatenate(bufs), offsets=np.cumsum([0] + [len(b) for b in bufs]), counts=counts,
                    quads=np.concatenate([np.reshape(q, (-1, 4, 2)) for q in quads]).astype(np.float32))
    tmp = path + ".tmp.npz"
    np.savez(tmp, **data)
    os.replace(tmp, path)  # atomic: a training run never sees half a shard
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["rec", "det"])
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--shards", type=int, default=10)
    ap.add_argument("--per-shard", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--occlude", type=float, default=0.0,
                    help="det only: share of plates with 1-2 characters covered by a flat grey/brown/black patch "
                         "(dirt, stickers, UC3M-style masking); 0 = off. Use its own --out folder.")
    ap.add_argument("--box-share", type=float, default=0.0,
                    help="rec only: share of crops cut from a loose axis-aligned box around the plate (box-only "
                         "detections, labelled boxes) instead of its corners; also makes the false-detection "
                         "crops plate-free. 0 = off (the pools of the shipped 0.3.0 and before).")
    ap.add_argument("--us-emboss", type=float, default=0.0,
                    help="rec only: share of US plates whose characters are embossed and faded (older, "
                         "sun-bleached plates); 0 = off (the pools of the shipped 0.4.0 and before).")
    a = ap.parse_args()
    out = a.out or os.path.join(HERE, "pools", a.kind)
    os.makedirs(out, exist_ok=True)
    if a.occlude and a.kind != "det":
        raise SystemExit("--occlude is for det pools only")
    if (a.box_share or a.us_emboss) and a.kind != "rec":
        raise SystemExit("--box-share and --us-emboss are for rec pools only")
    jobs = [(a.kind, s, a.per_shard, out, a.occlude, a.box_share, a.us_emboss) for s in range(a.first, a.first + a.shards)]
    t = time.time()
    with Pool(a.workers) as p:
        for path in p.imap_unordered(make_shard, jobs):
            print(f"{time.time() - t:7.1f}s {path}", flush=True)


if __name__ == "__main__":
    main()
