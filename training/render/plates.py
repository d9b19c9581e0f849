"""Flat plate images (front view, canonical resolution): Dutch plates of all styles and foreign plates.
render_plate(rng) -> (RGB uint8 image, label text). Capture effects are applied later (capture.py)."""
import cv2
import numpy as np

from . import text as T
from .fonts import SERIF_FONTS, TTF_FONTS, glyph

H0 = 100  # canonical plate height in px for one-line plates
YELLOW = (247, 196, 12)
EU_BLUE = (0, 51, 153)
US_STATES = ["CALIFORNIA", "TEXAS", "NEW YORK", "FLORIDA", "ILLINOIS", "OHIO", "GEORGIA", "MICHIGAN", "ARIZONA",
             "VIRGINIA", "NEVADA", "OREGON", "COLORADO", "MARYLAND", "NEW JERSEY", "WASHINGTON", "UTAH", "IOWA",
             "Pennsylvania", "Massachusetts", "Minnesota", "Tennessee", "Indiana", "Wisconsin", "ALABAMA"]
US_SLOGANS = ["Sunshine State", "THE LONE STAR STATE", "EMPIRE STATE", "Land of Lincoln", "dmv.ca.gov",
              "Live Free or Die", "GREAT LAKES", "Grand Canyon State", "VIRGINIA IS FOR LOVERS", "Garden State",
              "America's Dairyland", "10,000 LAKES", "Peach State", "Volunteer State", "Keystone State"]


def _jitter(rng, color, amount=18):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in color)


def _paint(img, mask, color, x, y):
    """Alpha-blend a colour through `mask` at (x, y), clipping at the image border."""
    h, w = mask.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(img.shape[1], x + w), min(img.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = mask[y0 - y:y1 - y, x0 - x:x1 - x, None].astype(np.float32) / 255
    img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - a) + np.array(color, np.float32) * a


def _pick_font(rng, p_stroke):
    return "stroke" if rng.random() < p_stroke or not TTF_FONTS else TTF_FONTS[rng.integers(len(TTF_FONTS))]


def draw_line(rng, img, groups, box, font, color, sep="-", gap=0.35, stroke=0.13, condense=1.0, slant=0.0):
    """Draw text groups centred in box (x0, y0, x1, y1), shrinking the glyphs horizontally to fit.
    Returns the (x0, x1) spans of the separators between groups, so callers can put an emblem there."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    masks, is_sep = [], []
    for gi, g in enumerate(groups):
        if gi:
            if sep == "-":
                masks.append(glyph("stroke", "-", h, condense, stroke))
            else:
                masks.append(np.zeros((h, max(1, int(h * gap))), np.uint8))
            is_sep.append(True)
        for ch in g:
            masks.append(glyph(font, ch, h, condense, stroke, slant))
            is_sep.append(False)
    space = max(1, int(h * rng.uniform(0.06, 0.12)))
    total = sum(m.shape[1] for m in masks) + space * (len(masks) - 1)
    if total > (x1 - x0):  # condense to fit
        f = (x1 - x0) / total
        masks = [cv2.resize(m, (max(1, int(m.shape[1] * f)), h), interpolation=cv2.INTER_AREA) for m in masks]
        space = max(1, int(space * f))
        total = sum(m.shape[1] for m in masks) + space * (len(masks) - 1)
    x = x0 + (x1 - x0 - total) // 2 + int(rng.integers(-2, 3))
    gaps = []
    for m, sp in zip(masks, is_sep):
        _paint(img, m, color, x, y0)
        if sp:
            gaps.append((x, x + m.shape[1]))
        elif _char_boxes is not None:  # recording for occlude_chars (draws no random numbers)
            _char_boxes.append((x, y0, x + m.shape[1], y0 + h))
        x += m.shape[1] + space
    return gaps


# Character boxes (x0, y0, x1, y1) drawn by draw_line while render_plate records them (occlusion option only).
_char_boxes = None


def occlude_chars(rng, img, boxes, surround=None):
    """Cover 1-2 characters with a flat patch, as UC3M's privacy masking does (a flat grey box over two
    characters, one in each group) and as dirt, stickers, bolts or a tow bar do in the street: grey (60%),
    dirt brown (25%) or near black (15%), a little larger than the glyph. Painted on the flat plate (and on its
    dealer frame image, if any) so that perspective and capture effects apply to it afterwards."""
    if not boxes:
        return
    n = min(len(boxes), 1 if rng.random() < 0.35 else 2)
    if n == 2:  # one from each half of the text (UC3M masks one digit and one letter)
        half = len(boxes) // 2
        picks = [int(rng.integers(0, max(1, half))), int(rng.integers(half, len(boxes)))]
    else:
        picks = [int(rng.integers(len(boxes)))]
    k = rng.random()
    if k < 0.6:
        g = float(rng.uniform(80, 200))
        col = tuple(float(np.clip(g + rng.uniform(-8, 8), 0, 255)) for _ in range(3))
    elif k < 0.85:
        col = _jitter(rng, (110, 85, 55), 30)
    else:
        col = _jitter(rng, (30, 30, 30), 20)
    off = surround[1] if surround is not None else 0
    for i in sorted(set(picks)):
        bx0, by0, bx1, by1 = boxes[i]
        mx, my = (bx1 - bx0) * rng.uniform(0.0, 0.15), (by1 - by0) * rng.uniform(0.0, 0.1)
        p0, p1 = (int(bx0 - mx), int(by0 - my)), (int(np.ceil(bx1 + mx)), int(np.ceil(by1 + my)))
        cv2.rectangle(img, p0, p1, col, -1)
        if surround is not None:
            cv2.rectangle(surround[0], (p0[0] + off, p0[1] + off), (p1[0] + off, p1[1] + off), col, -1)


def _eu_band(rng, img, x0, w, code, right=False):
    h = img.shape[0]
    img[:, x0:x0 + w] = _jitter(rng, EU_BLUE, 12)
    cx, cy, r = x0 + w / 2, h * 0.3, w * 0.3
    for k in range(12):  # ring of stars (dots are enough at capture resolution)
        a = 2 * np.pi * k / 12
        cv2.circle(img, (int(cx + r * np.cos(a)), int(cy + r * np.sin(a))), max(1, int(w * 0.05)), (250, 210, 0), -1,
                   cv2.LINE_AA)
    if code and not right:
        gh = int(h * 0.26)
        masks = [glyph("stroke", c, gh, 0.8, 0.14) for c in code]
        tw = sum(m.shape[1] for m in masks)
        x = int(x0 + (w - tw) / 2)
        for m in masks:
            _paint(img, m, (255, 255, 255), x, int(h * 0.62))
            x += m.shape[1]


def _border(rng, img, color, t):
    h, w = img.shape[:2]
    cv2.rectangle(img, (t // 2, t // 2), (w - 1 - t // 2, h - 1 - t // 2), color, max(1, t), cv2.LINE_AA)


def dutch_plate(rng, style=None):
    groups, _ = T.nl_text(rng)
    style = style or rng.choice(["yellow", "yellow", "yellow", "yellow", "yellow", "yellow", "two", "blue", "black"],)
    stroke = rng.uniform(0.13, 0.19)  # glyph_check.py: 0.16 matches the real Kenteken strokes best
    condense = rng.uniform(0.85, 1.05)
    if style == "two":  # motorcycle / moped: two lines, top line first
        w, h = int(H0 * rng.uniform(1.3, 1.6)), int(H0 * 1.1)
        img = np.zeros((h, w, 3), np.float32) + _jitter(rng, YELLOW)
        band = int(w * 0.13) if rng.random() < 0.7 else 0
        if band:
            _eu_band(rng, img, 0, band, "NL")
        top, bottom = (groups[:2], groups[2:]) if rng.random() < 0.6 else (groups[:1], groups[1:])
        ch = int(h * 0.38)
        draw_line(rng, img, top, (band + 4, int(h * 0.08), w - 4, int(h * 0.08) + ch), "stroke", (15, 15, 15),
                  stroke=stroke, condense=condense)
        draw_line(rng, img, bottom, (band + 4, int(h * 0.54), w - 4, int(h * 0.54) + ch), "stroke", (15, 15, 15),
                  stroke=stroke, condense=condense)
        _border(rng, img, (20, 20, 20), 2)
        return img, "".join(groups)
    w = int(H0 * 520 / 110 * rng.uniform(0.95, 1.03))
    img = np.zeros((H0, w, 3), np.float32)
    if style == "yellow":
        img[:] = _jitter(rng, YELLOW)
        band = int(w * rng.uniform(0.075, 0.09))
        _eu_band(rng, img, 0, band, "NL")
        fg = _jitter(rng, (15, 15, 15), 12)
        _border(rng, img, fg, int(rng.integers(1, 4)))
    else:
        img[:] = _jitter(rng, (25, 45, 120) if style == "blue" else (15, 15, 15), 12)
        band = 0
        fg = _jitter(rng, (235, 235, 235), 20)
        _border(rng, img, fg, int(rng.integers(1, 4)))
    ch = int(H0 * rng.uniform(0.6, 0.7))
    y = (H0 - ch) // 2 + int(rng.integers(-3, 4))
    draw_line(rng, img, groups, (band + int(w * 0.02), y, w - int(w * 0.025), y + ch), "stroke", fg,
              stroke=stroke, condense=condense)
    return img, "".join(groups)


FG_EU = {"BE": (160, 20, 35)}


def european_plate(rng, country=None):
    # ES three times: Spanish crops (uc3m_lp_ocr) were the weakest European set
    country = country or rng.choice(["BE", "DE", "FR", "ES", "ES", "ES", "IT", "PL", "CZ", "SK", "GB", "GB", "EU"])
    groups = T.foreign_text(rng, country)
    w = int(H0 * rng.uniform(4.2, 4.8))
    img = np.zeros((H0, w, 3), np.float32)
    bg = YELLOW if country == "GB" and rng.random() < 0.5 else (240, 240, 236)
    img[:] = _jitter(rng, bg, 14)
    band = int(w * rng.uniform(0.075, 0.095)) if country != "GB" or rng.random() < 0.4 else 0
    if band:
        _eu_band(rng, img, 0, band, {"EU": "", "GB": "UK"}.get(country, country)[:2] if country != "EU"
                 else "".join(rng.choice(list("ABDFHILNPSU"), size=int(rng.integers(1, 3)))))
    right = 0
    if country in ("FR", "IT"):
        right = band
        _eu_band(rng, img, w - right, right, "", right=True)
    fg = FG_EU.get(country, _jitter(rng, (15, 15, 15), 12))
    _border(rng, img, fg, int(rng.integers(1, 4)))
    font = _pick_font(rng, 0.45)
    ch = int(H0 * rng.uniform(0.58, 0.72))
    y = (H0 - ch) // 2
    draw_line(rng, img, groups, (band + int(w * 0.025), y, w - right - int(w * 0.025), y + ch), font, fg,
              sep="-" if country in ("BE", "FR", "SK") or rng.random() < 0.15 else " ",
              stroke=rng.uniform(0.11, 0.16), condense=rng.uniform(0.8, 1.05))
    if country == "DE":  # registration seals between the city code and the rest
        cv2.circle(img, (int(w * 0.33), H0 // 2), int(H0 * 0.1), _jitter(rng, (150, 150, 150), 40), -1)
    return img, "".join(groups)


def _small_text(rng, img, s, box, color, font=None):
    """Clutter text (state names, slogans, frame text) drawn with any face, squeezed to the box."""
    x0, y0, x1, y1 = box
    if y1 - y0 < 3 or x1 - x0 < 5:
        return
    font = font or (SERIF_FONTS + TTF_FONTS)[rng.integers(len(SERIF_FONTS + TTF_FONTS))]
    masks = [glyph(font, c, y1 - y0) if c != " " else np.zeros((y1 - y0, max(1, (y1 - y0) // 3)), np.uint8)
             for c in s.upper() if c.isalnum() or c == " "]
    if not masks:
        return
    line = np.concatenate(masks, 1)
    if line.shape[1] > x1 - x0:
        line = cv2.resize(line, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    _paint(img, line, color, x0 + (x1 - x0 - line.shape[1]) // 2, y0)


def _star(cx, cy, r, k=5, inner=0.45, rot=0.0):
    a = rot + np.pi * np.arange(2 * k) / k - np.pi / 2
    rr = np.where(np.arange(2 * k) % 2 == 0, r, r * inner)
    return np.int32(np.stack([cx + rr * np.cos(a), cy + rr * np.sin(a)], 1))


def _blob(rng, cx, cy, rx, ry):
    """A state-silhouette-like irregular polygon."""
    n = int(rng.integers(6, 12))
    a = np.sort(rng.uniform(0, 2 * np.pi, n))
    r = rng.uniform(0.6, 1.0, n)
    return np.int32(np.stack([cx + rx * r * np.cos(a), cy + ry * r * np.sin(a)], 1))


def us_emblem(rng, img, box, color):
    """Unlabelled graphic between the character groups of a US plate (state outline, seal, star, heart, bar,
    stacked small text): real plates have them, and the 0.2.x model read them as an extra I or 1."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w < 2 or h < 4:
        return
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = min(w * 0.5, h * 0.5)
    kind = rng.choice(["square", "square", "square", "bar", "bar", "blob", "circle", "ring", "star", "heart",
                       "stack", "dots", "tall"])
    c = tuple(float(v) for v in color)
    aa = cv2.LINE_AA
    if kind == "square":  # small block at mid-height: the most common separator on the real crops
        sw, sh = w * rng.uniform(0.2, 0.6), h * rng.uniform(0.12, 0.35)
        cv2.rectangle(img, (int(cx - sw / 2), int(cy - sh / 2 + h * rng.uniform(-0.1, 0.1))),
                      (int(cx + sw / 2), int(cy + sh / 2)), c, -1, aa)
    elif kind == "bar":  # thin vertical separator, the classic I/1 look-alike
        t = max(1, int(w * rng.uniform(0.08, 0.25)))
        cv2.rectangle(img, (int(cx - t / 2), int(y0 + h * rng.uniform(0, 0.15))),
                      (int(cx + t / 2), int(y1 - h * rng.uniform(0, 0.15))), c, -1, aa)
    elif kind == "tall":  # tall narrow shape (e.g. a state outline or a lighthouse) the height of the text
        cv2.fillPoly(img, [_blob(rng, cx, cy, w * rng.uniform(0.15, 0.35), h * 0.48)], c, aa)
    elif kind == "blob":
        cv2.fillPoly(img, [_blob(rng, cx, cy, r * rng.uniform(0.6, 1.0), h * rng.uniform(0.25, 0.48))], c, aa)
    elif kind in ("circle", "ring"):
        cv2.circle(img, (int(cx), int(cy)), max(1, int(r * rng.uniform(0.5, 0.95))), c,
                   -1 if kind == "circle" else max(1, int(r * 0.2)), aa)
        if kind == "ring" and rng.random() < 0.6:
            cv2.circle(img, (int(cx), int(cy)), max(1, int(r * 0.3)), c, -1, aa)
    elif kind == "star":
        cv2.fillPoly(img, [_star(cx, cy, r * rng.uniform(0.6, 1.0), rot=rng.uniform(-0.2, 0.2))], c, aa)
    elif kind == "heart":
        q = r * rng.uniform(0.5, 0.9)
        cv2.circle(img, (int(cx - q * 0.45), int(cy - q * 0.2)), max(1, int(q * 0.5)), c, -1, aa)
        cv2.circle(img, (int(cx + q * 0.45), int(cy - q * 0.2)), max(1, int(q * 0.5)), c, -1, aa)
        cv2.fillPoly(img, [np.int32([[cx - q * 0.92, cy], [cx + q * 0.92, cy], [cx, cy + q]])], c, aa)
    elif kind == "dots":
        for k in range(int(rng.integers(1, 4))):
            yy = y0 + h * (k + 1) / 4 if rng.random() < 0.5 else cy
            cv2.circle(img, (int(cx), int(yy)), max(1, int(r * 0.18)), c, -1, aa)
    else:  # stacked small text, e.g. a county name or "IN GOD WE TRUST" squeezed into the gap
        rows = int(rng.integers(2, 4))
        for k in range(rows):
            word = "".join(rng.choice(list("ABCDEFGHIKLMNORSTUWY"), size=int(rng.integers(2, 6))))
            _small_text(rng, img, word, (x0, int(y0 + h * k / rows), x1, int(y0 + h * (k + 0.8) / rows)), c)


def _us_scene(rng, img):
    """A low-contrast picture behind the characters (sun, mountains, waves), as on many US plates."""
    h, w = img.shape[:2]
    layer = img.copy()
    col = tuple(float(v) for v in rng.integers(40, 255, 3))
    kind = rng.choice(["sun", "mountains", "waves"])
    if kind == "sun":
        cv2.circle(layer, (int(rng.uniform(0.2, 0.8) * w), int(rng.uniform(0.3, 0.7) * h)),
                   int(h * rng.uniform(0.2, 0.45)), col, -1, cv2.LINE_AA)
    elif kind == "mountains":
        xs = np.linspace(0, w, int(rng.integers(3, 8)))
        top = np.stack([xs, h * rng.uniform(0.35, 0.8, len(xs))], 1)
        cv2.fillPoly(layer, [np.int32(np.concatenate([top, [[w, h], [0, h]]]))], col, cv2.LINE_AA)
    else:
        for k in range(int(rng.integers(1, 4))):
            xs = np.arange(0, w, 4)
            ys = h * rng.uniform(0.5, 0.9) + h * 0.05 * np.sin(xs / w * rng.uniform(4, 12) + k)
            cv2.polylines(layer, [np.int32(np.stack([xs, ys], 1))], False, col, max(1, int(h * 0.04)), cv2.LINE_AA)
    a = rng.uniform(0.15, 0.45)
    img[:] = img * (1 - a) + layer * a


def _emboss(rng, img, ink, fg, depth):
    """Paint characters as embossed, faded metal (older and sun-bleached US plates): a light edge above-left, a
    dark one below-right, and a face whose colour lies part-way between the plate's and `fg`. `ink` is the
    characters' mask in [0, 1]."""
    hi = np.roll(ink, (-depth, -depth), (0, 1))[..., None]
    lo = np.roll(ink, (depth, depth), (0, 1))[..., None]
    face = ink[..., None]
    light = rng.uniform(0.25, 0.6)
    img[:] = img * (1 - hi * light) + 255 * hi * light
    img[:] = img * (1 - lo * light * 0.8)
    fade = rng.uniform(0.35, 0.8)  # 1 = the full ink colour
    colour = img * (1 - fade) + np.array(fg, np.float32) * fade
    img[:] = img * (1 - face) + colour * face


def us_plate(rng, emboss=0.0):
    """A US-style plate. emboss: share of plates whose characters are embossed and faded (`_emboss`); 0 (the
    default) draws exactly the plates (and random numbers) it drew before the option existed."""
    groups = T.foreign_text(rng, "US")
    h = int(H0 * 1.6)
    w = int(h * rng.uniform(1.9, 2.1))
    img = np.zeros((h, w, 3), np.float32)
    dark_bg = rng.random() < 0.12
    base = _jitter(rng, (30, 40, 70), 30) if dark_bg else _jitter(rng, (238, 238, 232), 20)
    img[:] = base
    if rng.random() < 0.6:  # graphic background: a soft coloured gradient or wash
        c = np.array(_jitter(rng, tuple(int(v) for v in rng.integers(60, 255, 3)), 0), np.float32)
        ramp = np.linspace(0, 1, h if rng.random() < 0.5 else w, dtype=np.float32)
        ramp = ramp[:, None, None] if len(ramp) == h else ramp[None, :, None]
        a = rng.uniform(0.15, 0.5)
        img[:] = img * (1 - a * ramp) + c * a * ramp
    if rng.random() < 0.3:
        _us_scene(rng, img)
    fg = _jitter(rng, (240, 240, 240), 10) if dark_bg else \
        [(20, 30, 90), (15, 15, 15), (120, 20, 30), (20, 80, 40), (30, 30, 120)][rng.integers(5)]
    font = _pick_font(rng, 0.35)
    ch = int(h * rng.uniform(0.42, 0.6))
    state_top = rng.random() < 0.75  # most states print their name on top, some at the bottom
    y = int(h * (0.27 if state_top else 0.18) + rng.integers(-4, 5))
    emblem = len(groups) > 1 and rng.random() < 0.6
    embossed = emboss > 0 and rng.random() < emboss
    ink = np.zeros_like(img) if embossed else img
    gaps = draw_line(rng, ink, groups, (int(w * 0.06), y, int(w * 0.94), y + ch), font,
                     (255, 255, 255) if embossed else fg,
                     sep="-" if rng.random() < 0.3 and not emblem else " ",
                     gap=rng.uniform(0.35, 0.9) if emblem else rng.uniform(0.3, 0.8),
                     stroke=rng.uniform(0.12, 0.17), condense=rng.uniform(0.65, 1.0))
    if embossed:
        _emboss(rng, img, ink[..., 0] / 255, fg, max(1, int(round(ch * rng.uniform(0.03, 0.07)))))
    clutter = _jitter(rng, tuple(int(v) for v in rng.integers(0, 200, 3)), 0)
    if emblem:
        ecol = fg if rng.random() < 0.5 else _jitter(rng, tuple(int(v) for v in rng.integers(0, 230, 3)), 0)
        for gx0, gx1 in gaps:
            us_emblem(rng, img, (gx0, y, gx1, y + ch), ecol)
    sy = (0.06, 0.2) if state_top else (0.8, 0.94)
    _small_text(rng, img, US_STATES[rng.integers(len(US_STATES))],
                (int(w * rng.uniform(0.1, 0.3)), int(h * sy[0]), int(w * rng.uniform(0.7, 0.9)), int(h * sy[1])), clutter)
    if rng.random() < 0.7:
        ly = (0.82, 0.92) if state_top else (0.05, 0.14)
        _small_text(rng, img, US_SLOGANS[rng.integers(len(US_SLOGANS))],
                    (int(w * 0.2), int(h * ly[0]), int(w * 0.8), int(h * ly[1])), clutter)
    for _ in range(int(rng.integers(0, 3))):  # registration stickers in the corners
        sx = int(w * (0.03 if rng.random() < 0.5 else 0.8))
        sy = int(h * (0.05 if rng.random() < 0.5 else 0.75))
        sw, sh = int(w * 0.15), int(h * 0.17)
        cv2.rectangle(img, (sx, sy), (sx + sw, sy + sh), _jitter(rng, tuple(int(v) for v in rng.integers(0, 255, 3)), 0), -1)
        _small_text(rng, img, str(rng.integers(10, 99)), (sx + 2, sy + 2, sx + sw - 2, sy + sh - 2), (10, 10, 10))
    if rng.random() < 0.6:  # dealer frame around the plate
        t = int(h * rng.uniform(0.06, 0.12))
        fc = _jitter(rng, (25, 25, 25), 25) if rng.random() < 0.7 else _jitter(rng, (190, 170, 120), 30)
        frame = np.zeros((h + 2 * t, w + 2 * t, 3), np.float32) + fc
        frame[t:t + h, t:t + w] = img
        frame[t:t + h // 7, t:t + w] = fc  # frames cover the top strip
        _small_text(rng, frame, "".join(rng.choice(list("ABCDEFGHIKLMNORSTUVWY "), size=int(rng.integers(6, 16)))),
                    (int(w * 0.2), h + t + 1, int(w * 0.8), h + 2 * t - 1), _jitter(rng, (220, 220, 220), 30))
        # the plate quad stays the metal plate; the caller crops the frame back to the plate
        img = frame[t:t + h, t:t + w].copy()
        return img, "".join(groups), (frame, t)
    return img, "".join(groups), None


def render_plate(rng, mix=None, occlude=0.0, us_emboss=0.0):
    """Any plate: returns (img float32 RGB, text, surround) where surround is (bigger image, offset) or None.
    occlude: share of plates with 1-2 characters covered by a flat patch (occlude_chars); the text still names
    every character. us_emboss: share of US plates with embossed, faded characters (us_plate). 0 (the defaults)
    draws exactly the plates (and random numbers) it drew before."""
    if occlude > 0:
        global _char_boxes
        _char_boxes = []
        try:
            img, t, surround = render_plate(rng, mix, us_emboss=us_emboss)
        finally:
            boxes, _char_boxes = _char_boxes, None
        if rng.random() < occlude:
            occlude_chars(rng, img, boxes, surround)
        return img, t, surround
    mix = mix or {"nl": 0.42, "eu": 0.25, "us": 0.33}  # US share raised in 0.3.0 (its weakest set)
    k = rng.choice(list(mix), p=np.array(list(mix.values())) / sum(mix.values()))
    if k == "nl":
        img, t = dutch_plate(rng)
        return img, t, None
    if k == "eu":
        img, t = european_plate(rng)
        return img, t, None
    return us_plate(rng, emboss=us_emboss)
