"""Save a sheet of the project's stroke-font glyphs (and a sample Dutch plate) for the model card:
    python -m render.glyph_sheet ../models/recognizer-glyphs.png
Only rendered images: real reference crops (../shared/data/nl_chars) are compared outside the repository."""
import sys

import cv2
import numpy as np

from render.glyphs import render_glyph_mask
from render.plates import dutch_plate

CHARS = "0123456789BDFGHJKLNPRSTVXZ"


def sheet(height=60):
    cells = []
    for c in CHARS:
        m, _ = render_glyph_mask(c, height - 10, stroke=0.14, condense=0.95)
        cell = np.zeros((height, 36), np.uint8)
        x = max(0, (36 - m.shape[1]) // 2)
        cell[5:5 + m.shape[0], x:x + min(36, m.shape[1])] = m[:, :36]
        cells.append(cell)
    return np.hstack(cells)


if __name__ == "__main__":
    row = sheet()
    rng = np.random.default_rng(5)
    plates = []
    for style in ("yellow", "two", "blue", "black"):
        p, _ = dutch_plate(rng, style)
        g = (p.astype(np.float32) @ np.float32([0.299, 0.587, 0.114])).astype(np.uint8)
        plates.append(cv2.resize(g, (int(g.shape[1] * 80 / g.shape[0]), 80), interpolation=cv2.INTER_AREA))
    w = row.shape[1]
    strip = np.full((84, w), 128, np.uint8)
    x = 0
    for p in plates:
        if x + p.shape[1] <= w:
            strip[2:82, x:x + p.shape[1]] = p
            x += p.shape[1] + 6
    cv2.imwrite(sys.argv[1], np.vstack([255 - row, strip]))
