"""Capture effects on a float32 RGB image (0..255): lighting, shadows, glare, dirt, night, infrared,
blur, noise and JPEG. `plate_mask` (float32 HxW, 0..1) marks the plate so IR can make it retroreflective."""
import cv2
import numpy as np


def _half_plane(rng, h, w):
    a = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = (xx - rng.uniform(0, w)) * np.cos(a) + (yy - rng.uniform(0, h)) * np.sin(a)
    return np.clip(d / max(1.0, rng.uniform(1, 0.2 * max(h, w))), 0, 1)


def lighting(rng, img, plate_mask, scale):
    h, w = img.shape[:2]
    if rng.random() < 0.35:  # hard/soft shadow across the frame
        s = _half_plane(rng, h, w)[..., None]
        img = img * (1 - rng.uniform(0.3, 0.7) * s)
    if rng.random() < 0.2:  # glare: a bright soft spot
        spot = np.zeros((h, w), np.float32)
        cv2.circle(spot, (int(rng.integers(0, w)), int(rng.integers(0, h))), int(max(2, rng.uniform(0.05, 0.4) * w)), 1, -1)
        k = int(max(3, w * 0.1)) | 1
        spot = cv2.GaussianBlur(spot, (k, k), 0)
        img = img + spot[..., None] * rng.uniform(60, 220)
    if rng.random() < 0.3:  # dirt: dark blotches mostly on the plate
        d = np.zeros((h, w), np.float32)
        for _ in range(int(rng.integers(1, 12))):
            cv2.circle(d, (int(rng.integers(0, w)), int(rng.integers(0, h))), int(max(1, rng.uniform(0.3, 3) * scale)), 1, -1)
        d = cv2.GaussianBlur(d, (0, 0), max(0.5, scale * 0.8)) * plate_mask
        img = img * (1 - d[..., None] * rng.uniform(0.2, 0.6)) + d[..., None] * rng.uniform(0.2, 0.6) * 90
    gain = np.exp(rng.normal(0, 0.35))
    img = img * gain + rng.uniform(-30, 30)
    contrast = rng.uniform(0.5, 1.2)
    m = img.mean()
    return (img - m) * contrast + m


def infrared(rng, img, plate_mask):
    """Most ANPR cameras: IR greyscale, the retroreflective plate bright on a dark scene."""
    g = np.clip(img.mean(2, keepdims=True), 0, 255)
    g = (g / 255.0) ** rng.uniform(0.5, 1.0) * 255  # light backgrounds (yellow, white) become near-white
    scene = rng.uniform(0.1, 0.6)
    pm = plate_mask[..., None]
    g = g * (scene * (1 - pm) + rng.uniform(0.9, 1.3) * pm)
    return np.repeat(g, 3, 2)


def night(rng, img):
    return img * rng.uniform(0.15, 0.5) + rng.normal(0, rng.uniform(3, 12), img.shape).astype(np.float32)


def blur(rng, img, scale):
    r = rng.random()
    if r < 0.35:
        s = rng.uniform(0.3, 1.2) * max(0.5, scale)
        img = cv2.GaussianBlur(img, (0, 0), s)
    elif r < 0.55:  # motion blur along a random direction
        n = int(rng.integers(2, max(3, int(3 * scale) + 3)))
        k = np.zeros((n, n), np.float32)
        a = rng.uniform(0, np.pi)
        c = (n - 1) / 2
        cv2.line(k, (int(c - np.cos(a) * c), int(c - np.sin(a) * c)), (int(c + np.cos(a) * c), int(c + np.sin(a) * c)), 1, 1)
        img = cv2.filter2D(img, -1, k / max(1, k.sum()))
    return img


def sensor(rng, img):
    img = img + rng.normal(0, rng.uniform(0, 8), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        q = int(rng.integers(15, 95))
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    return img


def capture(rng, img, plate_mask, scale=1.0):
    """Full capture chain; returns uint8 RGB. scale ~ plate height / 30 px, to size blur and dirt."""
    img = lighting(rng, img, plate_mask, scale)
    r = rng.random()
    if r < 0.25:
        img = infrared(rng, img, plate_mask)
    elif r < 0.35:
        img = night(rng, img)
    elif r < 0.45:  # plain greyscale camera
        img = np.repeat(img.mean(2, keepdims=True), 3, 2)
    img = blur(rng, np.clip(img, 0, 255).astype(np.float32), scale)
    return sensor(rng, img)
