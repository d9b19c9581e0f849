"""Does HOW a small frame is enlarged into the detector input matter? Recall/precision of a detector (greedy
IoU >= 0.5 matching by score, as `evaluate.py detector`) with the letterbox's enlargement (scale > 1) done by
different resamplers; frames that are shrunk (scale <= 1) always use the engine's shrink, so only enlarged
frames differ between methods (except `python`, the current nets/detector_post.letterbox: INTER_AREA shrink).
Validation only.

    python resize_study.py ../models/detector.onnx uc3m_lp --split val
    python resize_study.py ../models/detector.onnx openalpr_us
The last column counts plates found by a method but not by the first one (engine) and the reverse: a paired
view of how much of a recall difference is plates flipping either way.
Methods: engine (a numpy copy of anpr-core letterbox_rgb: a k x k grid of point taps per output pixel, k =
ceil(1/scale) clamped to 1..4, i.e. nearest at pixel centres when enlarging), python, nearest (cv2 INTER_NEAREST,
no half-pixel centring), bilinear, bicubic, lanczos4, bilinear+unsharp (amount 0.5, sigma 1 input px),
bilinear+blur (Gaussian sigma 1 input px). cv2 resamplers run on float32 (no uint8 rounding).
"""
import argparse
import collections

import cv2
import numpy as np

from evaluate import Det
from nets.detector_post import detections, letterbox, matched
from realdata import frames


def engine_letterbox(img, in_h, in_w):
    """anpr-core preprocess.rs letterbox_rgb, f32 arithmetic as in Rust -> (HxWx3 float32 in [0, 1], scale)."""
    h, w = img.shape[:2]
    f = np.float32
    s = min(f(in_w) / f(w), f(in_h) / f(h))
    nw = int(np.clip(np.floor(f(w) * s + f(0.5)), 1, in_w))
    nh = int(np.clip(np.floor(f(h) * s + f(0.5)), 1, in_h))
    step = f(1) / s
    taps = int(np.clip(np.ceil(step), 1, 4))

    def pos(n, size):
        i = np.repeat(np.arange(n, dtype=f), taps)
        t = np.tile(np.arange(taps, dtype=f), n)
        return np.minimum(((i + (t + f(0.5)) / f(taps)) * step).astype(np.uint32), size - 1).reshape(n, taps)

    xs, ys = pos(nw, w), pos(nh, h)
    acc = np.zeros((nh, nw, 3), np.uint32)
    for ty in range(taps):
        for tx in range(taps):
            acc += img[ys[:, ty][:, None], xs[:, tx][None, :]]
    out = np.zeros((in_h, in_w, 3), f)
    out[:nh, :nw] = acc.astype(f) * (f(1) / f(taps * taps) / f(255))
    return out, float(s)


def cv_up(interp, post=None):
    def lb(img, in_h, in_w):
        h, w = img.shape[:2]
        s = min(in_w / w, in_h / h)
        if s <= 1:
            return engine_letterbox(img, in_h, in_w)
        nw, nh = min(in_w, round(w * s)), min(in_h, round(h * s))
        r = cv2.resize(img.astype(np.float32), (nw, nh), interpolation=interp)
        if post:
            r = np.clip(post(r), 0, 255)
        out = np.zeros((in_h, in_w, 3), np.float32)
        out[:nh, :nw] = r / 255
        return out, s
    return lb


def python_lb(img, in_h, in_w):
    x, s = letterbox(img, in_h, in_w)
    return x.astype(np.float32) / 255, s


METHODS = {
    "engine": engine_letterbox,
    "python": python_lb,
    "nearest": cv_up(cv2.INTER_NEAREST),
    "bilinear": cv_up(cv2.INTER_LINEAR),
    "bicubic": cv_up(cv2.INTER_CUBIC),
    "lanczos4": cv_up(cv2.INTER_LANCZOS4),
    "bilinear+unsharp": cv_up(cv2.INTER_LINEAR, lambda r: r + 0.5 * (r - cv2.GaussianBlur(r, (0, 0), 1.0))),
    "bilinear+blur": cv_up(cv2.INTER_LINEAR, lambda r: cv2.GaussianBlur(r, (0, 0), 1.0)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("set")
    ap.add_argument("--split", default=None)
    ap.add_argument("--thr", type=float, default=0.35)
    ap.add_argument("--small", type=float, default=30, help="also report recall for plates narrower (frame px)")
    ap.add_argument("--methods", nargs="+", default=list(METHODS))
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    det = Det(a.model)
    c = {m: collections.Counter() for m in a.methods}
    found = {m: set() for m in a.methods}  # (frame, plate) keys, for gained/lost against the first method
    n_up = n = 0
    for r, img, _, _ in frames(a.set, a.split):
        n += 1
        if a.limit and n > a.limit:
            break
        plates = [p["box"] for p in r["plates"] if p.get("box") is not None]
        small = [b[2] - b[0] < a.small for b in plates]
        for m in a.methods:
            x, s = METHODS[m](img, det.h, det.w)
            heat, corners = det.s.run(None, {"image": np.ascontiguousarray(x.transpose(2, 0, 1)[None])})
            d = detections(heat[0, 0], corners[0], det.h // heat.shape[2], s, a.thr)
            used = matched(d, plates)
            found[m] |= {(n, i) for i in used}
            k = c[m]
            k["tp"] += len(used); k["nd"] += len(d); k["ng"] += len(plates)
            k["ns"] += sum(small); k["tps"] += sum(small[i] for i in used)
        n_up += s > 1
    print(f"{a.model} on {a.set} (split {a.split}) thr {a.thr}: {min(n, a.limit or n)} frames ({n_up} enlarged), "
          f"{c[a.methods[0]]['ng']} plates ({c[a.methods[0]]['ns']} < {a.small:g} px)\n")
    ref = found[a.methods[0]]
    print(f"| method | recall | precision | recall < {a.small:g} px | TP / det / plates | +gained / -lost vs "
          f"{a.methods[0]} |")
    print("|---|---|---|---|---|---|")
    for m, k in c.items():
        print(f"| {m} | {k['tp'] / max(1, k['ng']):.1%} | {k['tp'] / max(1, k['nd']):.1%} | "
              f"{k['tps'] / max(1, k['ns']):.1%} | {k['tp']} / {k['nd']} / {k['ng']} | "
              f"+{len(found[m] - ref)} / -{len(ref - found[m])} |")


if __name__ == "__main__":
    main()
