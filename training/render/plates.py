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
    """Draw text groups centred in box (x0, y0, x1, y1), shrinking the glyphs horizontally to fit."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    masks = []
    for gi, g in enumerate(groups):
        if gi:
            if sep == "-":
                masks.append(glyph("stroke", "-", h, condense, stroke))
            else:
                masks.append(np.zeros((h, max(1, int(h * gap))), np.uint8))
        for ch in g:
            masks.append(glyph(font, ch, h, condense, stroke, slant))
    space = max(1, int(h * rng.uniform(0.06, 0.12)))
    total = sum(m.shape[1] for m in masks) + space * (len(masks) - 1)
    if total > (x1 - x0):  # condense to fit
        f = (x1 - x0) / total
        masks = [cv2.resize(m, (max(1, int(m.shape[1] * f)), h), interpolation=cv2.INTER_AREA) for m in masks]
        space = max(1, int(space * f))
        total = sum(m.shape[1] for m in masks) + space * (len(masks) - 1)
    x = x0 + (x1 - x0 - total) // 2 + int(rng.integers(-2, 3))
    for m in masks:
        _paint(img, m, color, x, y0)
        x += m.shape[1] + space


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
    country = country or rng.choice(["BE", "DE", "FR", "ES", "IT", "PL", "CZ", "SK", "GB", "GB", "EU"])
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


def us_plate(rng):
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
    fg = _jitter(rng, (240, 240, 240), 10) if dark_bg else \
        [(20, 30, 90), (15, 15, 15), (120, 20, 30), (20, 80, 40), (30, 30, 120)][rng.integers(5)]
    font = _pick_font(rng, 0.35)
    ch = int(h * rng.uniform(0.42, 0.55))
    y = int(h * 0.27 + rng.integers(-4, 5))
    draw_line(rng, img, groups, (int(w * 0.08), y, int(w * 0.92), y + ch), font, fg,
              sep="-" if rng.random() < 0.4 else " ", gap=rng.uniform(0.3, 0.8),
              stroke=rng.uniform(0.12, 0.17), condense=rng.uniform(0.75, 1.0))
    clutter = _jitter(rng, tuple(int(v) for v in rng.integers(0, 200, 3)), 0)
    _small_text(rng, img, US_STATES[rng.integers(len(US_STATES))],
                (int(w * rng.uniform(0.1, 0.3)), int(h * 0.06), int(w * rng.uniform(0.7, 0.9)), int(h * 0.2)), clutter)
    if rng.random() < 0.7:
        _small_text(rng, img, US_SLOGANS[rng.integers(len(US_SLOGANS))],
                    (int(w * 0.2), int(h * 0.82), int(w * 0.8), int(h * 0.92)), clutter)
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


def render_plate(rng, mix=None):
    """Any plate: returns (img float32 RGB, text, surround) where surround is (bigger image, offset) or None."""
    mix = mix or {"nl": 0.45, "eu": 0.27, "us": 0.28}
    k = rng.choice(list(mix), p=np.array(list(mix.values())) / sum(mix.values()))
    if k == "nl":
        img, t = dutch_plate(rng)
        return img, t, None
    if k == "eu":
        img, t = european_plate(rng)
        return img, t, None
    return us_plate(rng)
