"""Study (not part of the training pipeline): on uc3m_lp, replace the two grey privacy masks of each plate (positions of '*' in the
text; their boxes estimated from the labelled boxes of the other characters in uc3m_lp_ocr, mapped back to
the scene) and see whether the detector fires more often. Modes:
  none     : frames as they are
  restore  : each masked slot gets a copy of the nearest unmasked character of its group (char texture back)
  blank    : each masked slot is filled with the plate's background colour (grey box gone, no character)
Run from training/:  python uc3m_restore_study.py ../models/detector.onnx --split val --thr 0.3 0.35 0.5
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import Det, DetectionTally  # noqa: E402
from realdata import DATA, frames  # noqa: E402


def slot_boxes(text, chars):
    """Boxes (crop px) for every position of text: known ones from chars, masked ones by a linear fit of the
    known boxes of the same group (Spanish 0000XXX: positions 0-3 and 4-6), else of all known boxes."""
    known = [i for i, c in enumerate(text) if c != "*"]
    kb = {i: np.float32(ch["box"]) for i, ch in zip(known, chars)}
    groups = [range(0, 4), range(4, 7)] if len(text) == 7 else [range(len(text))]
    out = {}
    for i in (j for j, c in enumerate(text) if c == "*"):
        g = next(g for g in groups if i in g)
        ks = [k for k in known if k in g]
        if len(ks) >= 2:
            A = np.stack([np.float32(ks), np.ones(len(ks), np.float32)], 1)
            coef, *_ = np.linalg.lstsq(A, np.stack([kb[k] for k in ks]), rcond=None)
            out[i] = coef[0] * i + coef[1]
        else:  # pitch from all known boxes, anchored on the nearest known one
            A = np.stack([np.float32(known), np.ones(len(known), np.float32)], 1)
            coef, *_ = np.linalg.lstsq(A, np.stack([kb[k] for k in known]), rcond=None)
            n = ks[0] if ks else min(known, key=lambda k: abs(k - i))
            out[i] = kb[n] + coef[0] * (i - n)
    return kb, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--split", default="val")
    ap.add_argument("--thr", type=float, nargs="+", default=[0.35])
    ap.add_argument("--modes", nargs="+", default=["none", "restore", "blank"])
    ap.add_argument("--grow", type=float, default=0.15, help="grow each masked box by this share per side")
    ap.add_argument("--dump", default=None, help="write a few before/after crops here (png)")
    a = ap.parse_args()
    ocr = defaultdict(list)
    for line in open(os.path.join(DATA, "uc3m_lp_ocr", "labels.jsonl")):
        r = json.loads(line)
        ocr[r["scene"]].append(r)
    det = Det(a.model)
    for mode in a.modes:
        tally, edited = DetectionTally(a.thr), 0
        shots = []
        for r, img, boxes, texts in frames("uc3m_lp", a.split):
            img = np.ascontiguousarray(img).copy()
            orig = img.copy()
            if mode != "none":
                for b, t in zip(boxes, texts):
                    cands = [o for o in ocr[r["image"]] if o["plates"][0]["text"] == t]
                    if b is None or not cands:
                        continue
                    o = cands[0]
                    sx, sy = (b[2] - b[0]) / o["width"], (b[3] - b[1]) / o["height"]
                    to_scene = lambda bb: np.float32([b[0] + bb[0] * sx, b[1] + bb[1] * sy, b[0] + bb[2] * sx, b[1] + bb[3] * sy])
                    kb, mb = slot_boxes(t, o["plates"][0]["chars"])
                    X1, Y1, X2, Y2 = (int(round(v)) for v in b)
                    plate = orig[max(0, Y1):Y2, max(0, X1):X2].reshape(-1, 3)
                    bg = np.percentile(plate, 75, axis=0) if len(plate) else np.float32([200] * 3)
                    for i, bb in mb.items():
                        w, h = bb[2] - bb[0], bb[3] - bb[1]
                        bb = bb + np.float32([-a.grow * w, -a.grow * h, a.grow * w, a.grow * h])
                        p = to_scene(bb)
                        x1, y1 = max(0, int(np.floor(p[0]))), max(0, int(np.floor(p[1])))
                        x2, y2 = min(img.shape[1], int(np.ceil(p[2]))), min(img.shape[0], int(np.ceil(p[3])))
                        if x2 <= x1 or y2 <= y1:
                            continue
                        if mode == "blank":
                            img[y1:y2, x1:x2] = np.uint8(bg)
                        else:
                            n = min(kb, key=lambda k: (abs(k - i) if (k < 4) == (i < 4) else 99, k))
                            q = to_scene(kb[n])
                            qx1, qy1 = max(0, int(np.floor(q[0]))), max(0, int(np.floor(q[1])))
                            qx2, qy2 = min(img.shape[1], int(np.ceil(q[2]))), min(img.shape[0], int(np.ceil(q[3])))
                            if qx2 <= qx1 or qy2 <= qy1:
                                continue
                            # background first (the grown margin), then the character scaled to the slot
                            img[y1:y2, x1:x2] = np.uint8(bg)
                            g = a.grow / (1 + 2 * a.grow)
                            ix1, iy1 = x1 + int(round((x2 - x1) * g)), y1 + int(round((y2 - y1) * g))
                            ix2, iy2 = max(ix1 + 1, x2 - int(round((x2 - x1) * g))), max(iy1 + 1, y2 - int(round((y2 - y1) * g)))
                            img[iy1:iy2, ix1:ix2] = cv2.resize(orig[qy1:qy2, qx1:qx2], (ix2 - ix1, iy2 - iy1),
                                                               interpolation=cv2.INTER_LINEAR)
                    edited += 1
                    if a.dump and len(shots) < 12:
                        pad = 4
                        c0 = orig[max(0, Y1 - pad):Y2 + pad, max(0, X1 - pad):X2 + pad]
                        c1 = img[max(0, Y1 - pad):Y2 + pad, max(0, X1 - pad):X2 + pad]
                        shots.append(np.concatenate([cv2.resize(c0, (160, 60), interpolation=cv2.INTER_NEAREST),
                                                     cv2.resize(c1, (160, 60), interpolation=cv2.INTER_NEAREST)], 0))
            boxes = [bx for bx in boxes if bx is not None]
            tally.add(det, img, boxes)
        if shots and a.dump:
            cv2.imwrite(os.path.join(a.dump, f"uc3m_{mode}.png"), np.concatenate(shots, 1)[:, :, ::-1])
        for t in a.thr:
            print(f"{mode:8s} thr {t}: {tally.line(t)} ({edited} edited)", flush=True)


if __name__ == "__main__":
    main()
