"""Glyph masks from the project's stroke font or from system TTF/OTF faces (cached, reused across plates)."""
import functools
import glob
import os

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .glyphs import render_glyph_mask

# Narrow sans faces from Debian font packages (licences: DejaVu Bitstream Vera/PD, Liberation OFL,
# URW base35 AGPL+font exception, Roboto Apache-2.0, Open Sans Apache-2.0, B612 OFL, FreeFont GPL+font exception).
# Fonts only shape the synthetic images; no font file or outline ships with the models.
# ANPR_FONT_ROOT points at a copy of the same tree on a machine without these packages (a leased GPU box).
FONT_ROOT = os.environ.get("ANPR_FONT_ROOT", "/usr/share/fonts")
_CANDIDATES = [
    "truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
    "truetype/dejavu/DejaVuSansCondensed.ttf",
    "truetype/liberation/LiberationSansNarrow-Bold.ttf",
    "truetype/liberation/LiberationSansNarrow-Regular.ttf",
    "truetype/liberation/LiberationSans-Bold.ttf",
    "truetype/liberation/LiberationMono-Bold.ttf",
    "opentype/urw-base35/NimbusSansNarrow-Bold.otf",
    "opentype/urw-base35/NimbusSansNarrow-Regular.otf",
    "opentype/urw-base35/NimbusSans-Bold.otf",
    "opentype/urw-base35/NimbusMonoPS-Bold.otf",
    "truetype/roboto/unhinted/RobotoCondensed-Bold.ttf",
    "truetype/roboto/unhinted/RobotoCondensed-Regular.ttf",
    "truetype/roboto/unhinted/RobotoCondensed-Medium.ttf",
    "truetype/open-sans/OpenSans-CondBold.ttf",
    "opentype/b612/B612-Bold.otf",
    "opentype/b612/B612Mono-Bold.otf",
    "truetype/freefont/FreeSansBold.ttf",
    "truetype/dejavu/DejaVuSansMono-Bold.ttf",
]
TTF_FONTS = [p for p in (os.path.join(FONT_ROOT, c) for c in _CANDIDATES) if os.path.exists(p)]
SERIF_FONTS = sorted(p for pattern in ("truetype/dejavu/DejaVuSerif*.ttf", "opentype/urw-base35/*Roman*.otf",
                                       "opentype/urw-base35/Z003*.otf")
                     for p in glob.glob(os.path.join(FONT_ROOT, pattern)))


@functools.lru_cache(maxsize=4096)
def _ttf_glyph(path, ch, px=96):
    """Glyph ink cropped horizontally, scaled so that a capital's height is `px`."""
    font = ImageFont.truetype(path, int(px * 1.45))
    im = Image.new("L", (int(px * 1.6), int(px * 2.2)), 0)
    ImageDraw.Draw(im).text((int(px * 0.2), int(px * 0.2)), ch, fill=255, font=font)
    a = np.asarray(im)
    ref = _cap_box(path, px)
    cols = np.where(a.max(0) > 0)[0]
    if len(cols) == 0:
        return np.zeros((px, px // 2), np.uint8)
    return np.ascontiguousarray(a[ref[0]:ref[1], cols[0]:cols[-1] + 1])


@functools.lru_cache(maxsize=64)
def _cap_box(path, px):
    font = ImageFont.truetype(path, int(px * 1.45))
    im = Image.new("L", (int(px * 1.6), int(px * 2.2)), 0)
    ImageDraw.Draw(im).text((int(px * 0.2), int(px * 0.2)), "H", fill=255, font=font)
    rows = np.where(np.asarray(im).max(1) > 0)[0]
    return int(rows[0]), int(rows[-1]) + 1


@functools.lru_cache(maxsize=8192)
def _stroke_glyph(ch, height, stroke_q, condense_q, slant_q):
    m, _ = render_glyph_mask(ch, height, stroke_q / 100, condense_q / 100, slant_q / 100)
    return m


def glyph(font, ch, height, condense=1.0, stroke=0.13, slant=0.0):
    """Mask (uint8) of `ch`, `height` px tall. font = 'stroke' or a font file path."""
    if font == "stroke":
        return _stroke_glyph(ch, int(height), int(round(stroke * 100)), int(round(condense * 20)) * 5,
                             int(round(slant * 100)))
    g = _ttf_glyph(font, ch)
    w = max(1, int(round(g.shape[1] * height / g.shape[0] * condense)))
    return cv2.resize(g, (w, int(height)), interpolation=cv2.INTER_AREA)
