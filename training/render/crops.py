"""Recognizer samples made the way the engine makes them (models/CONTRACT.md): the plate quad, jittered to
mimic detector error, expanded by 6% of the width left/right and 12% of the height top/bottom, warped to W x H,
converted to grey with BT.601."""
import cv2
import numpy as np

from .backgrounds import background
from .effects import capture
from .plates import render_plate

MARGIN_X, MARGIN_Y = 0.06, 0.12


def expand_quad(quad, mx=MARGIN_X, my=MARGIN_Y):
    """Map the rectangle [-mx, 1+mx] x [-my, 1+my] of the unit square through the quad's homography."""
    unit = np.float32([[0, 0], [1, 0], [1, 1], [0, 1]])
    Hm = cv2.getPerspectiveTransform(unit, np.float32(quad))
    big = np.float32([[-mx, -my], [1 + mx, -my], [1 + mx, 1 + my], [-mx, 1 + my]])
    return cv2.perspectiveTransform(big[None], Hm)[0]


def crop_from_quad(img, quad, W, H):
    """Engine-style crop (anpr-core preprocess.rs rectify_gray): expand the quad by the contract margins, warp
    to W x H with bilinear taps, area-averaging up to 3x3 taps per pixel when the plate is larger than the crop,
    then grey BT.601. Coordinates are continuous with pixel centres at i + 0.5, as in the engine."""
    quad = np.float32(quad)
    plate_w = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    plate_h = max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1]))
    shrink = max(plate_w / (W / (1 + 2 * MARGIN_X)), plate_h / (H / (1 + 2 * MARGIN_Y)))
    taps = int(min(3, max(1, np.ceil(shrink))))
    src = expand_quad(quad) - 0.5
    dst = np.float32([[0, 0], [W * taps, 0], [W * taps, H * taps], [0, H * taps]]) - 0.5
    M = cv2.getPerspectiveTransform(np.float32(src), dst)
    out = cv2.warpPerspective(img, M, (W * taps, H * taps), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if out.ndim == 3:
        out = out.astype(np.float32) @ np.float32([0.299, 0.587, 0.114])
    if taps > 1:
        out = cv2.resize(out.astype(np.float32), (W, H), interpolation=cv2.INTER_AREA)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def random_quad(rng, pw, ph, target_h):
    """Plate corners after rotation, perspective and scaling; plate `target_h` px tall."""
    s = target_h / ph
    w, h = pw * s, ph * s
    rect = np.float32([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    yaw = rng.normal(0, 0.12)  # horizontal foreshortening: one side shorter
    pitch = rng.normal(0, 0.06)
    rect[:, 1] *= 1 + yaw * np.sign(rect[:, 0])
    rect[:, 0] *= 1 + pitch * np.sign(rect[:, 1])
    rect[:, 0] *= 1 - abs(yaw) * 0.8
    a = rng.normal(0, 0.08) if rng.random() < 0.9 else rng.uniform(-0.35, 0.35)
    R = np.float32([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    rect = rect @ R.T
    rect[:, 0] += rect[:, 1] * rng.normal(0, 0.08)  # shear
    return rect


def place_plate(rng, canvas, mask, plate, surround, quad):
    """Warp the plate (and its frame, if any) into canvas so that the plate's corners land on quad."""
    ph, pw = plate.shape[:2]
    src_img, off = (surround[0], surround[1]) if surround is not None else (plate, 0)
    qh = np.linalg.norm(quad[3] - quad[0])
    f = min(1.0, 1.5 * qh / ph)  # pre-shrink with area averaging so the warp does not alias
    if f < 1.0:
        src_img = cv2.resize(src_img, (max(2, int(src_img.shape[1] * f)), max(2, int(src_img.shape[0] * f))),
                             interpolation=cv2.INTER_AREA)
    sx, sy = src_img.shape[1] / (surround[0].shape[1] if surround is not None else pw), \
        src_img.shape[0] / (surround[0].shape[0] if surround is not None else ph)
    corners = np.float32(np.float32([[off, off], [off + pw, off], [off + pw, off + ph], [off, off + ph]]) * [sx, sy])
    M = cv2.getPerspectiveTransform(corners, np.float32(quad))
    H, W = canvas.shape[:2]
    warped = cv2.warpPerspective(src_img, M, (W, H), flags=cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(np.ones(src_img.shape[:2], np.float32), M, (W, H), flags=cv2.INTER_LINEAR)
    canvas[:] = canvas * (1 - alpha[..., None]) + warped * alpha[..., None]
    pm = cv2.warpPerspective(np.ones((ph, pw), np.float32), cv2.getPerspectiveTransform(
        np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), np.float32(quad)), (W, H))
    np.maximum(mask, pm, out=mask)


def box_quad_around(rng, quad):
    """A loose axis-aligned box around the plate quad, as a box-only detector or a hand-labelled box gives it:
    the plate's bounding box, each side moved out independently (more above and below than beside, where such
    boxes take in bumper and grille), rarely a little in."""
    (x0, y0), (x1, y1) = quad.min(0), quad.max(0)
    w, h = x1 - x0, y1 - y0
    l, r = rng.uniform(-0.03, 0.08, 2) * w
    t, b = rng.uniform(-0.05, 0.6, 2) * h * (rng.random() < 0.7)
    return np.float32([[x0 - l, y0 - t], [x1 + r, y0 - t], [x1 + r, y1 + b], [x0 - l, y1 + b]])


def recognizer_sample(rng, W=128, H=32, box_share=0.0, us_emboss=0.0):
    """One (grey crop HxW uint8, text) pair. box_share: share of crops cut from a loose axis-aligned box around
    the plate (box_quad_around) instead of its jittered corners. 0 draws exactly the samples (and random
    numbers) it drew before box crops existed, false detections included. us_emboss: share of US plates with
    embossed, faded characters (render_plate); 0 likewise draws what it drew before."""
    plate, text, surround = render_plate(rng, us_emboss=us_emboss)
    ph, pw = plate.shape[:2]
    target_h = float(np.exp(rng.uniform(np.log(11), np.log(70))))
    quad = random_quad(rng, pw, ph, target_h)
    span = quad.max(0) - quad.min(0)
    cw, ch = int(span[0] * 1.8) + 8, int(span[1] * 2.2) + 8
    quad = quad + [cw / 2, ch / 2]
    canvas = background(rng, ch, cw)
    mask = np.zeros((ch, cw), np.float32)
    place_plate(rng, canvas, mask, plate, surround, quad)
    img = capture(rng, canvas, mask, scale=target_h / 30)
    if rng.random() < 0.03:  # false detections: the crop holds no plate, every slot is "no character"
        if box_share > 0:  # no plate at all: a half-visible plate is still a plate to read
            img = capture(rng, background(rng, ch, cw), np.zeros_like(mask), scale=target_h / 30)
        else:
            quad = quad + rng.normal(0, 1, 2) * span * 0.6
        text = ""
    elif box_share > 0 and rng.random() < box_share:
        return crop_from_quad(img, box_quad_around(rng, quad), W, H), text
    # detector error: corner jitter plus a global shift/scale
    pw_, ph_ = span
    jit = rng.normal(0, 1, (4, 2)) * [0.02 * pw_, 0.05 * ph_] + rng.normal(0, 1, 2) * [0.02 * pw_, 0.04 * ph_]
    c = quad.mean(0)
    q = (quad - c) * rng.uniform(0.95, 1.06) + c + jit
    return crop_from_quad(img, q, W, H), text
