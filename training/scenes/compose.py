"""Detector scenes: plates on procedural cars and streets with distractors (signs with text, grilles,
headlights, stripes), several plates per frame at many scales, IR-like greyscale frames included. The frame is
letterboxed into the detector input exactly as the engine does it (scaled, top-left, zero padding)."""
import cv2
import numpy as np

from render.backgrounds import background
from render.crops import place_plate, random_quad
from render.effects import capture
from render.fonts import TTF_FONTS, glyph
from render.plates import render_plate

IN_H, IN_W = 384, 640
ASPECTS = [(4, 3), (16, 9), (16, 9), (3, 2), (5, 4)]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _rand_color(rng):
    return [float(v) for v in rng.integers(0, 256, 3)]


def _text_sign(rng, img, x, y, h):
    """A distractor: a sign or sticker with text, which must not fire the detector."""
    s = "".join(rng.choice(list(ALNUM + "   "), size=int(rng.integers(3, 12))))
    font = TTF_FONTS[rng.integers(len(TTF_FONTS))] if rng.random() < 0.7 else "stroke"
    masks = [glyph(font, c, h) if c != " " else np.zeros((h, h // 3), np.uint8) for c in s]
    line = np.concatenate(masks, 1)
    pad = int(h * rng.uniform(0.1, 0.6))
    bh, bw = h + 2 * pad, line.shape[1] + 2 * pad
    if rng.random() < 0.7:
        cv2.rectangle(img, (x, y), (x + bw, y + bh), _rand_color(rng), -1)
    H, W = img.shape[:2]
    y0, x0 = y + pad, x + pad
    if y0 >= H or x0 >= W or y0 < 0 or x0 < 0:
        return
    m = line[:H - y0, :W - x0].astype(np.float32)[..., None] / 255
    img[y0:y0 + m.shape[0], x0:x0 + m.shape[1]] = img[y0:y0 + m.shape[0], x0:x0 + m.shape[1]] * (1 - m) + \
        np.array(_rand_color(rng), np.float32) * m


def _car(rng, img, cx, cy, cw):
    """A car-like front/rear: body, window, lights, grille. Returns where the plate goes (centre)."""
    ch = int(cw * rng.uniform(0.55, 0.8))
    x0, y0 = int(cx - cw / 2), int(cy - ch * 0.6)
    body = _rand_color(rng) if rng.random() < 0.5 else [float(rng.integers(0, 256))] * 3
    cv2.rectangle(img, (x0, y0), (x0 + cw, y0 + ch), body, -1)
    cv2.rectangle(img, (x0 + int(cw * 0.12), y0 - int(ch * 0.35)), (x0 + int(cw * 0.88), y0),
                  [float(v) * 0.4 for v in body], -1)
    cv2.rectangle(img, (x0 + int(cw * 0.2), y0 - int(ch * 0.3)), (x0 + int(cw * 0.8), y0 - int(ch * 0.03)),
                  [float(rng.integers(10, 90))] * 3, -1)
    lw = int(cw * rng.uniform(0.1, 0.2))
    light = [float(rng.integers(180, 256))] * 3 if rng.random() < 0.6 else [200.0, 30.0, 30.0]
    for lx in (x0 + int(cw * 0.05), x0 + cw - int(cw * 0.05) - lw):
        cv2.ellipse(img, (lx + lw // 2, y0 + int(ch * 0.25)), (lw // 2, max(2, lw // 4)), 0, 0, 360, light, -1,
                    cv2.LINE_AA)
    if rng.random() < 0.6:  # grille: horizontal slats right above the plate
        gx0, gx1 = x0 + int(cw * 0.28), x0 + int(cw * 0.72)
        gy0, gy1 = y0 + int(ch * 0.15), y0 + int(ch * 0.45)
        step = max(2, (gy1 - gy0) // int(rng.integers(3, 8)))
        for yy in range(gy0, gy1, step):
            cv2.line(img, (gx0, yy), (gx1, yy), [float(rng.integers(0, 60))] * 3, max(1, step // 2))
    cv2.rectangle(img, (x0, y0 + int(ch * 0.75)), (x0 + cw, y0 + ch), [float(v) * 0.7 for v in body], -1)
    return cx + rng.normal(0, cw * 0.03), y0 + ch * rng.uniform(0.55, 0.72)


def detector_sample(rng):
    """Returns (image IN_H x IN_W x 3 uint8 RGB, quads float32 [n, 4, 2] in input pixels)."""
    a = ASPECTS[rng.integers(len(ASPECTS))]
    s = min(IN_W / a[0], IN_H / a[1])
    full_w, full_h = int(a[0] * s), int(a[1] * s)
    # low-resolution cameras (e.g. 320x240): the engine enlarges such frames with nearest sampling, so render
    # small and enlarge the same way
    up = rng.uniform(1.3, 2.5) if rng.random() < 0.3 else 1.0
    sw, sh = int(full_w / up), int(full_h / up)
    img = background(rng, sh, sw)
    if rng.random() < 0.6:  # road surface in the lower part
        y = int(sh * rng.uniform(0.4, 0.8))
        img[y:] = img[y:] * 0.3 + float(rng.integers(40, 140)) * 0.7
        for _ in range(int(rng.integers(0, 4))):  # lane markings
            x = int(rng.integers(0, sw))
            cv2.line(img, (x, sh), (x + int(rng.integers(-200, 200)), y), [230.0] * 3, int(rng.integers(2, 8)))
    for _ in range(int(rng.integers(0, 4))):
        h = int(np.exp(rng.uniform(np.log(6), np.log(40))))
        _text_sign(rng, img, int(rng.integers(0, sw)), int(rng.integers(0, sh)), h)
    mask = np.zeros((sh, sw), np.float32)
    quads = []
    n = int(rng.choice([0, 1, 1, 1, 2, 2, 3, 4]))
    for _ in range(n):
        plate, _, surround = render_plate(rng)
        ph, pw = plate.shape[:2]
        pw_target = float(np.exp(rng.uniform(np.log(18 / up), np.log(min(300, sw * 0.6)))))
        th = pw_target * ph / pw
        q = random_quad(rng, pw, ph, th)
        span = q.max(0) - q.min(0)
        if sw - span[0] <= span[0] + 1 or sh - span[1] * 3 <= span[1] * 2 + 1:
            continue
        cx, cy = rng.uniform(span[0], sw - span[0]), rng.uniform(span[1] * 2, sh - span[1] * 3)
        if rng.random() < 0.75 and pw_target > 25:
            cw = int(pw_target / rng.uniform(0.22, 0.4))
            cx, cy = _car(rng, img, cx, cy, cw)
        q = (q + [cx, cy]).astype(np.float32)
        if q.min() < 1 or q[:, 0].max() > sw - 2 or q[:, 1].max() > sh - 2:
            continue
        if any(_overlap(q, o) for o in quads):
            continue
        place_plate(rng, img, mask, plate, surround, q)
        quads.append(q)
    for _ in range(int(rng.integers(0, 3))):  # more text clutter, sometimes on top of cars
        h = int(np.exp(rng.uniform(np.log(5), np.log(30))))
        _text_sign(rng, img, int(rng.integers(0, sw)), int(rng.integers(0, sh)), h)
    out = capture(rng, img, mask, scale=1.0)
    quads = np.array(quads, np.float32).reshape(-1, 4, 2)
    if up > 1.0:
        out = cv2.resize(out, (full_w, full_h), interpolation=cv2.INTER_NEAREST_EXACT)
        quads = quads * np.float32([full_w / sw, full_h / sh])
    frame = np.zeros((IN_H, IN_W, 3), np.uint8)
    frame[:full_h, :full_w] = out
    return frame, quads


def _overlap(a, b):
    (ax0, ay0), (ax1, ay1) = a.min(0), a.max(0)
    (bx0, by0), (bx1, by1) = b.min(0), b.max(0)
    return not (ax1 < bx0 - 4 or bx1 < ax0 - 4 or ay1 < by0 - 4 or by1 < ay0 - 4)
