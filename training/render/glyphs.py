"""Stroke font drawn by the project: centre lines of every glyph, rendered with round caps.

Why: the Dutch Kenteken typeface (and DIN 1451, used on many European plates) is a constant-width stroke
font with round ends, narrow M/W, an open-top 4 and a tall, stadium-shaped 0. None of the Debian faces has
these shapes, and glyph shape is what transfers from synthetic to real plates. Coordinates: x in [0, w],
y in [0, 1] from top to bottom; every glyph is a list of polylines.
"""
import math

import cv2
import numpy as np

L, R, T, B = 0.07, 0.49, 0.065, 0.935
CX = (L + R) / 2
RX = (R - L) / 2
MID = 0.5
GLYPH_W = 0.56  # advance width of one glyph for a unit height, before the caller's condensing


def arc(cx, cy, rx, ry, a0, a1, n=14):
    """Points on an ellipse from angle a0 to a1 (degrees; 0 = right, 90 = down because y points down)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(a0, a1, n)]


def _stadium(l, r, t, b):
    rx = (r - l) / 2
    cx = (l + r) / 2
    pts = arc(cx, t + rx, rx, rx, 180, 360) + arc(cx, b - rx, rx, rx, 0, 180)
    return [pts + [pts[0]]]


def _glyphs():
    g = {}
    g["0"] = _stadium(L, R, T, B)
    g["O"] = _stadium(L - 0.02, R + 0.02, T, B)
    g["1"] = [[(L + 0.06, T + 0.17), (CX + 0.07, T), (CX + 0.07, B)]]
    g["2"] = [arc(CX, T + 0.21, RX, 0.21, 195, 360) + arc(CX, T + 0.21, RX, 0.21, 0, 40)
              + [(L, B), (R + 0.01, B)]]
    g["3"] = [arc(CX, T + 0.2, RX * 0.95, 0.2, 200, 450),
              arc(CX, B - 0.235, RX, 0.235, -90, 160)]
    g["4"] = [[(CX - 0.02, T), (L - 0.01, B - 0.28), (R + 0.02, B - 0.28)],
              [(R - 0.08, T + 0.33), (R - 0.08, B)]]
    g["5"] = [[(R, T), (L + 0.02, T), (L + 0.01, MID - 0.04)]
              + arc(CX, B - 0.25, RX, 0.25, 225, 510)]
    g["6"] = [arc(CX, T + RX, RX, RX, 320, 180) + arc(CX, B - 0.24, RX, 0.24, 180, 540)]
    g["7"] = [[(L - 0.01, T), (R + 0.01, T), (CX - 0.04, B)]]
    g["8"] = [arc(CX, T + 0.2, RX * 0.88, 0.2, 0, 360, 20),
              arc(CX, B - 0.235, RX, 0.235, 0, 360, 20)]
    g["9"] = [[(GLYPH_W - x, 1 - y) for (x, y) in g["6"][0]]]
    g["A"] = [[(L - 0.01, B), (CX, T), (R + 0.01, B)], [(L + 0.07, B - 0.3), (R - 0.07, B - 0.3)]]
    g["B"] = [[(L, MID), (CX, MID)] + arc(CX, T + 0.2, RX * 0.95, 0.2, 90, -90) + [(L, T), (L, B), (CX - 0.02, B)]
              + arc(CX - 0.02, B - 0.2175, RX + 0.02, 0.2175, 90, -90)]
    g["C"] = [arc(CX, T + RX, RX, RX, -20, -180) + arc(CX, B - RX, RX, RX, 180, 20)]
    g["D"] = [[(L, T), (L, B), (CX - 0.04, B)] + arc(CX - 0.04, B - 0.25, RX + 0.04, 0.25, 90, 0)
              + arc(CX - 0.04, T + 0.25, RX + 0.04, 0.25, 0, -90) + [(L, T)]]
    g["E"] = [[(R, T), (L, T), (L, B), (R, B)], [(L, MID - 0.02), (R - 0.06, MID - 0.02)]]
    g["F"] = [[(R, T), (L, T), (L, B)], [(L, MID - 0.02), (R - 0.06, MID - 0.02)]]
    g["G"] = [arc(CX, T + RX, RX, RX, -20, -180) + arc(CX, B - RX, RX, RX, 180, 0)
              + [(R, MID + 0.03), (CX + 0.01, MID + 0.03)]]
    g["H"] = [[(L, T), (L, B)], [(R, T), (R, B)], [(L, MID - 0.02), (R, MID - 0.02)]]
    g["I"] = [[(CX, T), (CX, B)]]
    g["J"] = [[(R, T), (R, B - RX)] + arc(CX, B - RX, RX, RX, 0, 170)]
    g["K"] = [[(L, T), (L, B)], [(R + 0.01, T), (L, MID + 0.1)], [(L + 0.14, MID - 0.04), (R + 0.01, B)]]
    g["L"] = [[(L, T), (L, B), (R, B)]]
    g["M"] = [[(L, B), (L, T), (CX, MID + 0.12), (R, T), (R, B)]]
    g["N"] = [[(L, B), (L, T), (R, B), (R, T)]]
    g["P"] = [[(L, B), (L, T), (CX, T)] + arc(CX, T + 0.22, RX, 0.22, -90, 90) + [(L, T + 0.44)]]
    g["Q"] = g["O"] + [[(CX + 0.06, B - 0.2), (R + 0.04, B + 0.02)]]
    g["R"] = [[(L, B), (L, T), (CX, T)] + arc(CX, T + 0.22, RX, 0.22, -90, 90) + [(L, T + 0.44)],
              [(CX - 0.02, T + 0.44), (R + 0.01, B)]]
    g["S"] = [arc(CX, T + 0.2, RX * 0.95, 0.2, -25, -270) + arc(CX, B - 0.235, RX, 0.235, -90, 155)]
    g["T"] = [[(L - 0.02, T), (R + 0.02, T)], [(CX, T), (CX, B)]]
    g["U"] = [[(L, T), (L, B - RX)] + arc(CX, B - RX, RX, RX, 180, 0) + [(R, T)]]
    g["V"] = [[(L - 0.01, T), (CX, B), (R + 0.01, T)]]
    g["W"] = [[(L - 0.01, T), (L + 0.07, B), (CX, MID - 0.1), (R - 0.07, B), (R + 0.01, T)]]
    g["X"] = [[(L, T), (R, B)], [(R, T), (L, B)]]
    g["Y"] = [[(L - 0.01, T), (CX, MID), (R + 0.01, T)], [(CX, MID), (CX, B)]]
    g["Z"] = [[(L, T), (R, T), (L, B), (R, B)]]
    g["-"] = [[(L + 0.06, MID), (R - 0.06, MID)]]
    return g


GLYPHS = _glyphs()


def render_glyph_mask(ch, height, stroke=0.13, condense=1.0, slant=0.0):
    """Anti-aliased mask (uint8, 0..255) of one glyph, `height` px tall; returns (mask, advance_px)."""
    ss = 4  # draw supersampled then shrink: cv2's thick AA lines are coarse at small sizes
    h = height * ss
    w = int(math.ceil(GLYPH_W * condense * h + abs(slant) * h)) + 2
    m = np.zeros((h + 2, w), np.uint8)
    th = max(1, int(round(stroke * h)))
    for poly in GLYPHS[ch]:
        pts = np.array([[(x * condense + slant * (1 - y)) * h + 1, y * h + 1] for x, y in poly], np.float64)
        pts = np.round(pts * 16).astype(np.int32)  # 4 bits of sub-pixel precision
        cv2.polylines(m, [pts], False, 255, th, cv2.LINE_AA, shift=4)
    out = cv2.resize(m, (max(1, w // ss), height), interpolation=cv2.INTER_AREA)
    return out, out.shape[1]
