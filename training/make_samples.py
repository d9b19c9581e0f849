"""Render the sample frames committed under examples/data/ (the README's main job reads them, and a test asserts
their texts). Clean daylight and infrared scenes with cars and Dutch (plus one foreign) plates at sizes an access
road camera sees. Deterministic: `python make_samples.py ../examples/data` always writes the same files."""
import json
import os
import sys

import cv2
import numpy as np

from render.backgrounds import background
from render.crops import place_plate
from render.plates import dutch_plate, european_plate
from scenes.compose import _car

# (file, frame size, infrared?, plates as (kind, centre x share, plate height px, yaw))
SCENES = [
    ("nl_day_1.jpg", (1280, 720), False, [("nl", 0.50, 48, 0.00)]),
    ("nl_day_2.jpg", (1280, 720), False, [("nl", 0.30, 40, 0.05), ("nl", 0.74, 36, -0.06)]),
    ("nl_ir_1.jpg", (1280, 720), True, [("nl", 0.55, 44, 0.03)]),
    ("mixed_1080p.jpg", (1920, 1080), False, [("nl", 0.35, 56, -0.04), ("DE", 0.72, 50, 0.04)]),
]


def plate_quad(cx, cy, pw, ph, target_h, yaw):
    s = target_h / ph
    w, h = pw * s, ph * s
    q = np.float32([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    q[:, 1] *= 1 + yaw * np.sign(q[:, 0])
    return q + [cx, cy]


def render_scene(seed, size, infrared, plates):
    rng = np.random.default_rng(seed)
    w, h = size
    img = background(rng, h, w)
    y = int(h * 0.55)
    img[y:] = img[y:] * 0.3 + 90 * 0.7  # road
    mask = np.zeros((h, w), np.float32)
    labels = []
    for kind, cx_share, plate_h, yaw in plates:
        plate, text = dutch_plate(rng, "yellow") if kind == "nl" else european_plate(rng, kind)
        ph, pw = plate.shape[:2]
        cx, cy = _car(rng, img, w * cx_share, h * 0.62, int(plate_h * pw / ph / 0.3))
        quad = plate_quad(cx, cy, pw, ph, plate_h, yaw)
        place_plate(rng, img, mask, plate, None, quad)
        labels.append({"text": text, "box": [float(v) for v in [*quad.min(0), *quad.max(0)]],
                       "corners": quad.round(1).tolist(), "country": "NL" if kind == "nl" else kind})
    if infrared:  # IR camera: grey, plate bright on a darker scene
        grey = img.mean(2, keepdims=True) * 0.45
        grey = grey * (1 - mask[..., None]) + (img.mean(2, keepdims=True) * 1.1) * mask[..., None]
        img = np.repeat(grey, 3, 2)
    img = cv2.GaussianBlur(np.clip(img, 0, 255).astype(np.float32), (3, 3), 0.6)
    img = img + rng.normal(0, 2.0, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8), labels


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for i, (name, size, infrared, plates) in enumerate(SCENES):
        img, labels = render_scene(7000 + i, size, infrared, plates)
        cv2.imwrite(os.path.join(out_dir, name), img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
        rows.append({"image": name, "width": size[0], "height": size[1], "plates": labels})
    with open(os.path.join(out_dir, "labels.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    for r in rows:
        print(r["image"], [p["text"] for p in r["plates"]])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../examples/data")
