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


WORDS = ["heating", "cooling", "service", "plumbing", "auto", "motors", "dealer", "garage", "electric", "pizza",
         "taxi", "rent", "sale", "call", "www", "shop", "express", "parts", "repair", "bakery", "cars", "hybrid"]


def _word(rng, caps):
    w = str(rng.choice(WORDS))
    if rng.random() < 0.4:
        w += " " + str(rng.choice(WORDS))
    if rng.random() < 0.4:
        w += " " + "".join(rng.choice(list("0123456789"), size=int(rng.integers(3, 8))))
    return w.upper() if caps else w


def _text_line(rng, img, x, y, h, text, color, font=None):
    """Ink `text` (any case) at (x, y) with a TTF face, no box; clipped to the image."""
    font = font or TTF_FONTS[rng.integers(len(TTF_FONTS))]
    masks = [glyph(font, c, h) if c != " " else np.zeros((h, max(1, h // 3)), np.uint8) for c in text]
    line = np.concatenate(masks, 1)
    H, W = img.shape[:2]
    if y >= H or x >= W or y < 0 or x < 0:
        return 0
    m = line[:H - y, :W - x].astype(np.float32)[..., None] / 255
    img[y:y + m.shape[0], x:x + m.shape[1]] = img[y:y + m.shape[0], x:x + m.shape[1]] * (1 - m) + \
        np.float32(color) * m
    return line.shape[1]


def _hard_negative(rng, img, x, y, size):
    """Things real frames have and plates are not: dealer badges, stickers, van lettering, grilles, wheel arches,
    blank plate-like rectangles (no characters), bumper slots."""
    k = rng.integers(7)
    h = max(4, int(size))
    if k == 0:  # dealer badge: small framed rectangle with a word in lower or mixed case
        t = _word(rng, rng.random() < 0.3)[: int(rng.integers(4, 14))]
        bw = int(h * 0.55 * len(t)) + h
        bg = _rand_color(rng)
        cv2.rectangle(img, (x, y), (x + bw, y + int(h * 1.6)), bg, -1)
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + bw, y + int(h * 1.6)), _rand_color(rng), max(1, h // 8))
        _text_line(rng, img, x + h // 2, y + int(h * 0.3), h, t, _rand_color(rng))
    elif k == 1:  # van lettering: big words straight on the body, sometimes with a phone number below
        c = _rand_color(rng)
        _text_line(rng, img, x, y, h, _word(rng, rng.random() < 0.5), c)
        if rng.random() < 0.6:
            _text_line(rng, img, x, y + int(h * 1.4), max(4, int(h * 0.7)),
                       "".join(rng.choice(list("0123456789- "), size=int(rng.integers(6, 12)))), c)
    elif k == 2:  # round or square sticker with a few characters
        r = h
        col = _rand_color(rng)
        if rng.random() < 0.5:
            cv2.circle(img, (x + r, y + r), r, col, -1, cv2.LINE_AA)
        else:
            cv2.rectangle(img, (x, y), (x + 2 * r, y + 2 * r), col, -1)
        t = "".join(rng.choice(list(ALNUM), size=int(rng.integers(1, 4))))
        _text_line(rng, img, x + r // 3, y + r // 2, max(4, r // 2 * 2), t, _rand_color(rng))
    elif k == 3:  # grille: vertical slats, mesh or chrome bars
        gw, gh = int(h * rng.uniform(3, 8)), int(h * rng.uniform(0.8, 2.5))
        base = float(rng.integers(0, 80))
        cv2.rectangle(img, (x, y), (x + gw, y + gh), [base] * 3, -1)
        st = max(2, int(h * rng.uniform(0.15, 0.5)))
        col = [float(rng.integers(120, 250))] * 3
        if rng.random() < 0.5:
            for xx in range(x, x + gw, st):
                cv2.line(img, (xx, y), (xx, y + gh), col, max(1, st // 3))
        else:
            for yy in range(y, y + gh, st):
                cv2.line(img, (x, yy), (x + gw, yy), col, max(1, st // 3))
            for xx in range(x, x + gw, st * 2):
                cv2.line(img, (xx, y), (xx, y + gh), col, max(1, st // 4))
    elif k == 4:  # wheel arch + tyre + rim
        r = int(h * rng.uniform(1.5, 3))
        cv2.ellipse(img, (x + r, y + r), (int(r * 1.15), int(r * 1.1)), 0, 180, 360, [float(rng.integers(0, 40))] * 3,
                    -1)
        cv2.circle(img, (x + r, y + r), r, [float(rng.integers(10, 50))] * 3, -1)
        cv2.circle(img, (x + r, y + r), int(r * 0.55), [float(rng.integers(120, 230))] * 3, -1)
        for a in range(0, 360, int(rng.choice([45, 60, 72]))):
            e = (int(x + r + np.cos(np.radians(a)) * r * 0.5), int(y + r + np.sin(np.radians(a)) * r * 0.5))
            cv2.line(img, (x + r, y + r), e, [float(rng.integers(40, 120))] * 3, max(1, r // 10))
    elif k == 5:  # blank light rectangle with a frame: plate-shaped, but no characters
        bw = int(h * rng.uniform(2.5, 5))
        cv2.rectangle(img, (x, y), (x + bw, y + h), [float(rng.integers(170, 256))] * 3, -1)
        cv2.rectangle(img, (x, y), (x + bw, y + h), [float(rng.integers(0, 90))] * 3, max(1, h // 10))
    else:  # long text line in a narrow band (shop front, dealer frame text)
        t = _word(rng, rng.random() < 0.5)
        bg = _rand_color(rng)
        cv2.rectangle(img, (x, y), (x + int(h * 0.6 * len(t)) + h, y + int(h * 1.5)), bg, -1)
        _text_line(rng, img, x + h // 2, y + h // 4, h, t, _rand_color(rng))


def _recess(rng, img, q):
    """A bumper recess round the plate: a darker inset with a shadow along its top edge."""
    (x0, y0), (x1, y1) = q.min(0), q.max(0)
    pw, ph = x1 - x0, y1 - y0
    mx, my = pw * rng.uniform(0.04, 0.2), ph * rng.uniform(0.15, 0.6)
    X0, Y0, X1, Y1 = int(x0 - mx), int(y0 - my), int(x1 + mx), int(y1 + my * 0.5)
    H, W = img.shape[:2]
    X0, Y0, X1, Y1 = max(0, X0), max(0, Y0), min(W, X1), min(H, Y1)
    if X1 <= X0 + 2 or Y1 <= Y0 + 2:
        return
    reg = img[Y0:Y1, X0:X1]
    f = np.ones((Y1 - Y0, 1, 1), np.float32) * rng.uniform(0.55, 0.9)
    sh = max(1, int((Y1 - Y0) * rng.uniform(0.2, 0.5)))
    f[:sh, 0, 0] *= np.linspace(rng.uniform(0.2, 0.5), 1.0, sh)
    img[Y0:Y1, X0:X1] = reg * f


def _shadow_top(rng, img, q):
    """Shadow cast on the upper part of the plate (by the bumper lip or boot lid), applied after placing."""
    (x0, y0), (x1, y1) = q.min(0), q.max(0)
    H, W = img.shape[:2]
    X0, X1 = max(0, int(x0 - 2)), min(W, int(x1 + 2))
    Y0, Y1 = max(0, int(y0 - 2)), min(H, int(y0 + (y1 - y0) * rng.uniform(0.2, 0.7)))
    if X1 > X0 and Y1 > Y0:
        g = np.linspace(rng.uniform(0.3, 0.6), 1.0, Y1 - Y0, dtype=np.float32)[:, None, None]
        img[Y0:Y1, X0:X1] *= g


def _dark_scene(rng, img, mask):
    """Night street: scene very dark, the plate lit by the camera's flash/headlights, a few light sources."""
    pm = mask[..., None]
    img *= (rng.uniform(0.08, 0.35) * (1 - pm) + rng.uniform(0.35, 1.0) * pm)
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(0, 4))):  # headlights / street lamps: bright blobs with halos
        c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        r = int(max(2, rng.uniform(0.01, 0.06) * w))
        spot = np.zeros((h, w), np.float32)
        cv2.circle(spot, c, r, 1, -1)
        spot = cv2.GaussianBlur(spot, (0, 0), r)
        img += spot[..., None] * rng.uniform(150, 400)
        cv2.circle(img, c, max(1, r // 2), [255.0] * 3, -1)


def detector_sample(rng, occlude=0.0):
    """Returns (image IN_H x IN_W x 3 uint8 RGB, quads float32 [n, 4, 2] in input pixels).
    occlude: share of plates with 1-2 characters covered by a flat patch (render_plate; off by default)."""
    a = ASPECTS[rng.integers(len(ASPECTS))]
    s = min(IN_W / a[0], IN_H / a[1])
    full_w, full_h = int(a[0] * s), int(a[1] * s)
    # low-resolution cameras (e.g. 320x240): the engine enlarges such frames with nearest sampling, so render
    # small and enlarge the same way
    up = rng.uniform(1.3, 2.5) if rng.random() < 0.45 else 1.0  # 0.3 until 0.2.0
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
    for _ in range(int(rng.integers(0, 5))):  # hard negatives (0.3.0)
        sz = float(np.exp(rng.uniform(np.log(4), np.log(36))))
        _hard_negative(rng, img, int(rng.integers(0, sw)), int(rng.integers(0, sh)), sz)
    mask = np.zeros((sh, sw), np.float32)
    quads = []
    n = int(rng.choice([0, 1, 1, 1, 2, 2, 3, 4]))
    for _ in range(n):
        plate, _, surround = render_plate(rng, occlude=occlude)
        ph, pw = plate.shape[:2]
        if rng.random() < 0.35:  # small plates (uc3m: ~28 px wide in 320 px frames)
            pw_target = float(np.exp(rng.uniform(np.log(14 / up), np.log(min(60, sw * 0.6)))))
        else:
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
            if rng.random() < 0.5:  # car-attached hard negatives: badge/lettering/arch off the plate
                ph_ = th
                for _ in range(int(rng.integers(1, 3))):
                    side = rng.choice([-1, 1])
                    hx = int(cx + side * rng.uniform(0.25, 0.45) * cw - (ph_ * 3 if side < 0 else 0))
                    hy = int(cy + rng.uniform(-1.5, 1.0) * ph_ * 2)
                    _hard_negative(rng, img, hx, hy, max(4.0, ph_ * rng.uniform(0.4, 1.0)))
        q = (q + [cx, cy]).astype(np.float32)
        if q.min() < 1 or q[:, 0].max() > sw - 2 or q[:, 1].max() > sh - 2:
            continue
        if any(_overlap(q, o) for o in quads):
            continue
        if rng.random() < 0.35:
            _recess(rng, img, q)
        place_plate(rng, img, mask, plate, surround, q)
        if rng.random() < 0.2:
            _shadow_top(rng, img, q)
        quads.append(q)
    for _ in range(int(rng.integers(0, 3))):  # more text clutter, sometimes on top of cars
        h = int(np.exp(rng.uniform(np.log(5), np.log(30))))
        _text_sign(rng, img, int(rng.integers(0, sw)), int(rng.integers(0, sh)), h)
    if rng.random() < 0.2:  # night streets (uc3m is night-heavy)
        _dark_scene(rng, img, mask)
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
