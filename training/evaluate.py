"""Score exported ONNX models (the files the engine ships) on any labels.jsonl set (format:
../shared/data/README.md). Uses ONNX Runtime on one thread, like the engine's default.

    python evaluate.py recognizer ../models/recognizer.onnx uc3m_lp_ocr --split val   # crops from boxes
    python evaluate.py recognizer ../models/recognizer.onnx openalpr_us
    python evaluate.py detector ../models/detector.onnx uc3m_lp --split val           # recall/precision @IoU 0.5
    python evaluate.py e2e ../models/detector.onnx ../models/recognizer.onnx nl_cars_dev  # greedy reading
A set is a name under ../shared/data (or $ANPR_DATA) or a folder with labels.jsonl. The recognizer scores exact
plates and character accuracy (1 - edit distance / label length; UC3M's masked '*' characters match anything).
The e2e mode is a plain Python pipeline (detector peaks, engine-style crops, greedy slots, no format rules):
a lower bound for what the Rust engine reads with format decoding.
"""
import argparse
import time

import numpy as np
import onnx
import onnxruntime as ort

from nets.detector_post import box_peak, detections, letterbox, match
from realdata import box_quad, frames, plate_crops, score_texts
from render.crops import crop_from_quad


def session(path):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    meta = {p.key: p.value for p in onnx.load(path).metadata_props}
    return s, meta


class Rec:
    def __init__(self, path):
        self.s, meta = session(path)
        self.alphabet = meta["anpr.alphabet"]
        _, _, self.h, self.w = self.s.get_inputs()[0].shape

    def read(self, crops):
        out = []
        for i in range(0, len(crops), 64):
            x = np.stack(crops[i:i + 64])[:, None].astype(np.float32) / 255
            out.append(self.s.run(None, {"image": x})[0])
        probs = np.concatenate(out) if out else np.zeros((0, 10, len(self.alphabet) + 1), np.float32)
        return ["".join(self.alphabet[k - 1] for k in p.argmax(-1) if k > 0) for p in probs], probs


class Det:
    def __init__(self, path):
        self.s, _ = session(path)
        _, _, self.h, self.w = self.s.get_inputs()[0].shape
        self.stride = None

    def run(self, img):
        """The raw outputs for a frame: (heatmap [Hs, Ws], corners [8, Hs, Ws], stride, letterbox scale)."""
        x, s = letterbox(img, self.h, self.w)
        heat, corners = self.s.run(None, {"image": x.transpose(2, 0, 1)[None].astype(np.float32) / 255})
        return heat[0, 0], corners[0], self.h // heat.shape[2], s

    def detect(self, img, thr):
        heat, corners, stride, s = self.run(img)
        return detections(heat, corners, stride, s, thr)


class DetectionTally:
    """Recall, precision and "no peak" misses of a detector at several thresholds, added up frame by frame."""

    def __init__(self, thrs):
        self.thrs, self.plates = thrs, 0
        self.tp, self.dets, self.no_peak = ({t: 0 for t in thrs} for _ in range(3))

    def add(self, det, img, boxes):
        heat, corners, stride, s = det.run(img)
        self.plates += len(boxes)
        for t in self.thrs:
            tp, nd, _ = match(detections(heat, corners, stride, s, t), boxes)
            self.tp[t] += tp
            self.dets[t] += nd
            self.no_peak[t] += sum(box_peak(heat, b, s, stride) < t for b in boxes)

    def line(self, t):
        return (f"{self.plates} plates, recall {self.tp[t] / max(1, self.plates):.4f} ({self.tp[t]}), "
                f"precision {self.tp[t] / max(1, self.dets[t]):.4f}, no peak {self.no_peak[t]}")


def eval_recognizer(a):
    rec = Rec(a.model)
    data = plate_crops(a.set, rec.w, rec.h, a.split)
    t = time.perf_counter()
    preds, _ = rec.read([c for c, _ in data])
    dt = (time.perf_counter() - t) / max(1, len(data)) * 1000
    labels = [t for _, t in data]
    exact, char = score_texts(preds, labels)
    print(f"recognizer {a.model} on {a.set} (split {a.split}): {len(data)} plates, exact {exact:.4f}, "
          f"char accuracy {char:.4f}, {dt:.3f} ms/plate (batches of 64, 1 thread)")
    bad = [(p, t) for p, t in zip(preds, labels) if not score_texts([p], [t])[0]]
    print("errors (read -> label):", ", ".join(f"{p or '-'}->{t}" for p, t in bad[:a.show]))


def eval_detector(a):
    det = Det(a.model)
    for thr in a.thr:
        tp = nd = ng = 0
        ms = []
        for r, img, boxes, _ in frames(a.set, a.split):
            t = time.perf_counter()
            d = det.detect(img, thr)
            ms.append((time.perf_counter() - t) * 1000)
            x, y, z = match(d, [b for b in boxes if b is not None])
            tp += x; nd += y; ng += z
        print(f"detector {a.model} on {a.set} (split {a.split}) thr {thr}: {ng} plates, recall {tp / max(1, ng):.4f}, "
              f"precision {tp / max(1, nd):.4f}, {np.median(ms):.1f} ms/frame median (letterbox+net+decode)")


def eval_e2e(a):
    det, rec = Det(a.model), Rec(a.rec)
    n = ok = 0
    misses = []
    for r, img, boxes, texts in frames(a.set, a.split):
        d = det.detect(img, a.thr[0])
        crops = [crop_from_quad(img, q.astype(np.float32), rec.w, rec.h) for _, _, q in d]
        reads, _ = rec.read(crops)
        for t in texts:
            n += 1
            if t in reads:
                ok += 1
            else:
                misses.append(f"{r['image']}: {t} read {reads}")
    print(f"e2e on {a.set}: {ok}/{n} plates read exactly ({ok / max(1, n):.4f}), greedy, no format rules")
    for m in misses[:a.show]:
        print("  miss", m)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["recognizer", "detector", "e2e"])
    ap.add_argument("model")
    ap.add_argument("rec", nargs="?", help="e2e only: recognizer model")
    ap.add_argument("set", nargs="?")
    ap.add_argument("--split", default=None, help="orig_split to keep (e.g. val)")
    ap.add_argument("--thr", type=float, nargs="+", default=[0.3])
    ap.add_argument("--show", type=int, default=20)
    a = ap.parse_args()
    if a.kind != "e2e" and a.set is None:
        a.set, a.rec = a.rec, None
    {"recognizer": eval_recognizer, "detector": eval_detector, "e2e": eval_e2e}[a.kind](a)


if __name__ == "__main__":
    main()
