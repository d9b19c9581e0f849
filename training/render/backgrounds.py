"""Backgrounds: procedural (car paint, bumpers, grilles, asphalt, foliage-like noise) mixed with crops of the
public-domain / CC0 sample photos that ship inside the scikit-image wheel (licences in PHOTOS below, from
skimage/data/_fetchers.py; all allow commercial use of derived weights). Without scikit-image installed,
backgrounds are procedural only."""
import functools
import importlib.util
import os

import cv2
import numpy as np

# file -> licence, as stated by scikit-image 0.26 (skimage/data/_fetchers.py)
PHOTOS = {
    "astronaut.png": "NASA, public domain", "brick.png": "CC0 (cc0textures.com Bricks25)",
    "camera.png": "CC0 (Lav Varshney)", "chelsea.png": "CC0 (Stefan van der Walt)",
    "coffee.png": "CC0 (Rachel Michetti)", "grass.png": "CC0 (cc0textures.com)",
    "gravel.png": "CC0 (cc0textures.com Gravel04)", "rocket.jpg": "SpaceX, public domain",
    "text.png": "Wikipedia, public domain", "horse.png": "CC0 (Andreas Preuss)",
    "hubble_deep_field.jpg": "NASA, public domain", "coins.png": "Walters Art Museum, no known restrictions",
}


@functools.lru_cache(maxsize=1)
def photos():
    spec = importlib.util.find_spec("skimage")
    if spec is None:
        return []
    d = os.path.join(os.path.dirname(spec.origin), "data")
    out = []
    for f in PHOTOS:
        im = cv2.imread(os.path.join(d, f), cv2.IMREAD_COLOR)
        if im is not None:
            out.append(im[:, :, ::-1].astype(np.float32))
    return out


def photo_patch(rng, h, w):
    """A random crop of a sample photo, rescaled, flipped and colour-jittered, or None without photos."""
    ph = photos()
    if not ph:
        return None
    im = ph[rng.integers(len(ph))]
    H, W = im.shape[:2]
    f = rng.uniform(0.2, 1.0)
    ch, cw = max(8, int(H * f)), max(8, int(W * f))
    ch = min(H, max(8, int(cw * h / max(1, w)))) if rng.random() < 0.7 else ch
    y, x = int(rng.integers(0, H - ch + 1)), int(rng.integers(0, W - cw + 1))
    out = cv2.resize(im[y:y + ch, x:x + cw], (w, h), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    if rng.random() < 0.3:
        out = np.repeat(out.mean(2, keepdims=True), 3, 2)
    return np.ascontiguousarray(out * rng.uniform(0.6, 1.2) + rng.uniform(-30, 30, 3).astype(np.float32))


def smooth_noise(rng, h, w, cells=8, amp=40.0):
    """Low-frequency colour noise: a few random cells upsampled (cheap stand-in for Perlin noise)."""
    small = rng.normal(0, 1, (cells, cells, 3)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC) * amp


def background(rng, h, w):
    """An RGB float32 image with a mixture of smooth colour, texture and structured clutter."""
    base = rng.integers(0, 256, 3).astype(np.float32)
    if rng.random() < 0.5:  # most scenes are desaturated (asphalt, grey/black/white cars)
        base[:] = base.mean()
    img = np.zeros((h, w, 3), np.float32) + base
    photo = photo_patch(rng, h, w) if rng.random() < 0.5 else None
    if photo is not None:
        img = photo
    img += smooth_noise(rng, h, w, int(rng.integers(2, 12)), rng.uniform(5, 60))
    g = np.linspace(-1, 1, h, dtype=np.float32)[:, None, None] * rng.uniform(-50, 50)
    img += g
    for _ in range(int(rng.integers(0, 6))):  # structured clutter: bars, grilles, blobs, lines
        c = rng.integers(0, 256, 3).tolist()
        kind = rng.integers(4)
        if kind == 0:
            y = int(rng.integers(0, h)); t = int(rng.integers(1, max(2, h // 4)))
            cv2.rectangle(img, (0, y), (w, y + t), c, -1)
        elif kind == 1:
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            step = int(rng.integers(2, 8))
            for k in range(int(rng.integers(3, 12))):
                yy = y0 + k * step
                cv2.line(img, (x0, yy), (x0 + int(rng.integers(10, w + 1)), yy), c, max(1, step // 2))
        elif kind == 2:
            cv2.ellipse(img, (int(rng.integers(0, w)), int(rng.integers(0, h))),
                        (int(rng.integers(2, w // 2 + 3)), int(rng.integers(2, h // 2 + 3))), float(rng.uniform(0, 180)),
                        0, 360, c, -1, cv2.LINE_AA)
        else:
            cv2.line(img, (int(rng.integers(0, w)), int(rng.integers(0, h))),
                     (int(rng.integers(0, w)), int(rng.integers(0, h))), c, int(rng.integers(1, 4)), cv2.LINE_AA)
    img += rng.normal(0, rng.uniform(0, 10), img.shape).astype(np.float32)
    return np.clip(img, 0, 255)
