"""Study (not part of the training pipeline): does greying out two character-sized patches inside each
labelled plate box of a real set lower the detector's recall? Mimics UC3M's privacy masking (two characters
replaced by a flat grey box) on openalpr_us. Modes:
  none      : the frames as they are (baseline, should equal evaluate.py detector)
  chars     : two grey patches over character positions inside the box (one in the left half, one in the right)
  offplate  : control, the same two patches placed just below the box (on the bumper), not on the plate
  far       : control, the same two patches 2.5 plate heights below the box
Run from training/:  python occlusion_study.py ../models/detector.onnx openalpr_us --thr 0.35
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import Det, DetectionTally  # noqa: E402
from realdata import frames  # noqa: E402


def patches(box, rng, mode):
    """Two character-sized rectangles for a plate box (x1, y1, x2, y2): char width ~ 0.11 of the plate width,
    height ~ 0.5 of the plate height, placed on plausible character slots (7 slots across 0.08..0.92)."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    cw, ch = 0.13 * w, 0.62 * h
    slots = [0.08 + (k + 0.5) * 0.84 / 7 for k in range(7)]
    picks = [slots[rng.integers(0, 3)], slots[rng.integers(4, 7)]]  # one left group, one right group (UC3M-like)
    cy = y1 + 0.52 * h  # US characters sit a bit below the centre (state name on top)
    if mode == "offplate":
        cy = y2 + 0.6 * ch + 2
    if mode == "far":  # control 2: the same patches 2.5 plate heights below the box
        cy = y2 + 2.5 * h
    return [(x1 + f * w - cw / 2, cy - ch / 2, x1 + f * w + cw / 2, cy + ch / 2) for f in picks]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("set")
    ap.add_argument("--split", default=None)
    ap.add_argument("--thr", type=float, nargs="+", default=[0.35])
    ap.add_argument("--modes", nargs="+", default=["none", "chars", "offplate"])
    ap.add_argument("--grey", type=float, nargs=2, default=[110, 170], help="patch grey level range")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    det = Det(a.model)
    for mode in a.modes:
        rng = np.random.default_rng(a.seed)
        tally = DetectionTally(a.thr)
        for r, img, boxes, _ in frames(a.set, a.split):
            boxes = [b for b in boxes if b is not None]
            img = np.ascontiguousarray(img).copy()
            if mode != "none":
                H, W = img.shape[:2]
                for b in boxes:
                    g = rng.uniform(*a.grey)
                    for px1, py1, px2, py2 in patches(b, rng, mode):
                        X1, Y1 = max(0, int(round(px1))), max(0, int(round(py1)))
                        X2, Y2 = min(W, int(round(px2))), min(H, int(round(py2)))
                        img[Y1:Y2, X1:X2] = np.uint8(g)
            tally.add(det, img, boxes)
        for t in a.thr:
            print(f"{mode:9s} thr {t}: {tally.line(t)}", flush=True)


if __name__ == "__main__":
    main()
