"""How close are the rendered glyphs to the real Dutch typeface? Classify every real character crop in
../shared/data/nl_chars by normalised correlation with one rendered template per character, for the project's
stroke font and for Debian faces. (Validation only: the real crops are never trained on or copied.)

    python glyph_check.py
"""
import json
import os

import cv2
import numpy as np

from realdata import resolve
from render.fonts import TTF_FONTS, glyph

CH = "0123456789BDFGHJKLNPRSTVXZ"
SIZE = (24, 48)  # w, h


def norm(m):
    # the real crops are binarised glyphs stretched to fill a 30x60 box: stretch the templates the same way
    m = cv2.resize(m.astype(np.float32), SIZE, interpolation=cv2.INTER_AREA)
    m -= m.mean()
    return m / (np.linalg.norm(m) + 1e-6)


def ink_box(a):
    ys, xs = np.where(a > 127)
    return a[ys.min():ys.max() + 1, xs.min():xs.max() + 1] if len(xs) else a


def main():
    d = resolve("nl_chars")
    path = os.path.join(d, "labels.jsonl")
    if not os.path.exists(path):
        raise SystemExit(f"{path} not found")
    rows = [json.loads(x) for x in open(path)]
    real = []
    for r in rows:
        a = cv2.imread(os.path.join(d, r["image"]), cv2.IMREAD_GRAYSCALE)
        real.append((norm(ink_box(a)), r["char"]))
    faces = {f"stroke font (project), stroke {s}": ("stroke", s) for s in (0.13, 0.16, 0.19)}
    for f in TTF_FONTS[:8]:
        faces[os.path.basename(f)] = (f, 0)
    for name, (font, stroke) in faces.items():
        tmpl = np.stack([norm(ink_box(glyph(font, c, 96, 1.0, stroke or 0.13))) for c in CH])
        pred = [CH[int(np.argmax(tmpl.reshape(len(CH), -1) @ m.ravel()))] for m, _ in real]
        ok = sum(p == c for p, (_, c) in zip(pred, real))
        worst = sorted(((sum(p != c for p, (_, cc) in zip(pred, real) if cc == c), c) for c in CH), reverse=True)[:4]
        print(f"{name:40s} {ok}/{len(real)} = {ok / len(real):.3f} matched; most missed: {worst}")


if __name__ == "__main__":
    main()
