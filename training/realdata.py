"""Readers for the real labelled sets in ../shared/data (labels.jsonl, see its README). Validation only:
they are never used to train the shipped models. Every entry point fails with a clear message if absent."""
import json
import os

import cv2
import numpy as np

from render.crops import crop_from_quad

DATA = os.environ.get("ANPR_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))


def load_labels(set_dir):
    path = os.path.join(set_dir, "labels.jsonl")
    if not os.path.exists(path):
        raise SystemExit(f"real data set not found: {path} (set ANPR_DATA or pass a labels.jsonl path)")
    rows = [json.loads(line) for line in open(path)]
    return rows


def resolve(name_or_path):
    """A set name under DATA (e.g. 'openalpr_us') or a folder holding labels.jsonl."""
    p = name_or_path if os.path.isdir(name_or_path) else os.path.join(DATA, name_or_path)
    if os.path.isfile(p) and p.endswith(".jsonl"):
        p = os.path.dirname(p)
    return os.path.abspath(p)


def box_quad(box):
    x1, y1, x2, y2 = box
    return np.float32([[x1, y1], [x2, y1], [x2, y2], [x1, y2]])


def plate_crops(name, W, H, split=None):
    """(grey crop HxW, text) for every plate with a box: the crop is made like the engine makes it."""
    d = resolve(name)
    out = []
    for r in load_labels(d):
        if split and r.get("orig_split") not in (split, None):
            continue
        img = None
        for p in r["plates"]:
            if p.get("box") is None:
                continue
            if img is None:
                img = cv2.imread(os.path.join(d, r["image"]), cv2.IMREAD_COLOR)[:, :, ::-1]
            out.append((crop_from_quad(img, box_quad(p["box"]), W, H), p["text"]))
    return out


def frames(name, split=None):
    """(RGB image, list of boxes, list of texts) per image."""
    d = resolve(name)
    for r in load_labels(d):
        if split and r.get("orig_split") not in (split, None):
            continue
        img = cv2.imread(os.path.join(d, r["image"]), cv2.IMREAD_COLOR)[:, :, ::-1]
        yield r, img, [p["box"] for p in r["plates"]], [p["text"] for p in r["plates"]]


def edit_distance(a, b):
    """Levenshtein distance where '*' in the label b (a masked character, greyed out in the image) matches any
    one character or none at no cost."""
    prev = [0]
    for cb in b:
        prev.append(prev[-1] + (cb != "*"))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + (cb != "*"), prev[j - 1] + (0 if (ca == cb or cb == "*") else 1)))
        prev = cur
    return prev[-1]


def score_texts(preds, labels):
    """exact match rate and character accuracy (1 - edit distance / unmasked label chars); masked label
    characters may be read as anything or skipped (see edit_distance)."""
    exact = sum(edit_distance(p, t) == 0 for p, t in zip(preds, labels))
    ed = sum(min(edit_distance(p, t), len(t.replace("*", ""))) for p, t in zip(preds, labels))
    n = sum(len(t.replace("*", "")) for t in labels)
    return exact / max(1, len(labels)), 1 - ed / max(1, n)
