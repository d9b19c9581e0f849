"""The engine's detector pre/post-processing (letterbox: area average when shrinking, nearest when
enlarging, as anpr-core does) (models/CONTRACT.md), used for evaluation: letterbox, heatmap peaks
(3x3 local maxima >= threshold), corners = cell centre + offsets, back to frame pixels, box, NMS at IoU 0.5."""
import cv2
import numpy as np


def letterbox(img, in_h, in_w):
    h, w = img.shape[:2]
    s = min(in_w / w, in_h / h)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    out = np.zeros((in_h, in_w, 3), np.uint8)
    out[:nh, :nw] = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_NEAREST_EXACT)
    return out, s


def peaks(heat, corners, stride, thr):
    """heat [Hs, Ws], corners [8, Hs, Ws] -> list of (score, quad [4, 2]) in input pixels."""
    mx = cv2.dilate(heat, np.ones((3, 3), np.uint8))
    ys, xs = np.where((heat >= thr) & (heat >= mx))
    out = []
    for y, x in zip(ys, xs):
        c = np.array([(x + 0.5) * stride, (y + 0.5) * stride], np.float32)
        out.append((float(heat[y, x]), c + corners[:, y, x].reshape(4, 2)))
    return out


def iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / u if u > 0 else 0.0


def detections(heat, corners, stride, s, thr=0.3, nms=0.5):
    """-> list of (score, box [x1, y1, x2, y2], quad [4, 2]) in frame pixels, after NMS."""
    dets = []
    for score, q in sorted(peaks(heat, corners, stride, thr), key=lambda d: -d[0]):
        q = q / s
        box = [float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())]
        if all(iou(box, d[1]) < nms for d in dets):
            dets.append((score, box, q))
    return dets


def box_peak(heat, box, s, stride):
    """The highest heatmap value among the cells of a frame-pixel box (0 if it covers none): a labelled plate
    whose box peaks below the threshold is a "no peak" miss (the heatmap never fired), not a bad box."""
    x1, y1, x2, y2 = (np.array(box) * s / stride).tolist()
    return float(heat[int(y1):int(np.ceil(y2)) + 1, int(x1):int(np.ceil(x2)) + 1].max(initial=0))


def matched(dets, gts, thr=0.5):
    """Greedy matching by score (dets in score order): the indices of the ground-truth boxes found, each by the
    unused box it overlaps most with IoU >= thr."""
    used = set()
    for _, box, _ in dets:
        best, bi = 0.0, -1
        for i, g in enumerate(gts):
            if i not in used:
                v = iou(box, g)
                if v > best:
                    best, bi = v, i
        if best >= thr:
            used.add(bi)
    return used


def match(dets, gts, thr=0.5):
    """Greedy matching by score: returns (true positives, number of detections, number of ground truths)."""
    return len(matched(dets, gts, thr)), len(dets), len(gts)
