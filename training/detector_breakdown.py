"""Where a detector misses: recall per label field and per plate-width bucket on a labels.jsonl set (validation
only). A plate is found when a detection matches it (greedy by score, IoU >= 0.5, as `evaluate.py detector`);
a missed plate is "no peak" when no heatmap cell >= thr lies inside its box, else "bad box".

    python detector_breakdown.py ../models/detector.onnx uc3m_lp --split val --thr 0.35 --by lighting masked plate_type
    python detector_breakdown.py ../models/detector.onnx openalpr_us --thr 0.35 --px input --edges 30 40 50 60 90
--px frame buckets by box width in the image's own pixels, --px input by width in the 640x384 detector input.
"""
import argparse
import collections

import numpy as np

from evaluate import Det
from nets.detector_post import box_peak, detections, matched
from realdata import frames


def plate_results(det, name, split, thr):
    """-> list of (plate label dict, frame width px, input width px, status 'found'|'bad box'|'no peak')."""
    out = []
    for r, img, _, _ in frames(name, split):
        heat, corners, stride, s = det.run(img)
        d = detections(heat, corners, stride, s, thr)
        plates = [p for p in r["plates"] if p.get("box") is not None]
        used = matched(d, [p["box"] for p in plates])
        for i, p in enumerate(plates):
            st = "found" if i in used else ("bad box" if box_peak(heat, p["box"], s, stride) >= thr else "no peak")
            w = p["box"][2] - p["box"][0]
            out.append((p, w, w * s, st))
    return out


def table(title, groups, n_miss):
    print(f"| {title} | plates | found | recall | no peak | bad box | share of all misses |")
    print("|---|---|---|---|---|---|---|")
    for k, sts in groups.items():
        c = collections.Counter(sts)
        miss = len(sts) - c["found"]
        print(f"| {k} | {len(sts)} | {c['found']} | {c['found'] / len(sts):.1%} | {c['no peak']} | {c['bad box']} | "
              f"{miss / max(1, n_miss):.0%} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("set")
    ap.add_argument("--split", default=None)
    ap.add_argument("--thr", type=float, default=0.35)
    ap.add_argument("--by", nargs="*", default=[], help="label fields to split by (e.g. lighting masked plate_type)")
    ap.add_argument("--px", choices=["frame", "input"], default="frame")
    ap.add_argument("--edges", type=float, nargs="+", default=[20, 30, 40, 60, 90], help="width bucket edges (px)")
    a = ap.parse_args()
    res = plate_results(Det(a.model), a.set, a.split, a.thr)
    n_miss = sum(st != "found" for *_, st in res)
    print(f"{a.model} on {a.set} (split {a.split}) thr {a.thr}: {len(res)} plates, "
          f"recall {1 - n_miss / max(1, len(res)):.1%}, {n_miss} missed\n")
    table("all", {"all": [st for *_, st in res]}, n_miss)
    for f in a.by:
        g = collections.defaultdict(list)
        for p, _, _, st in res:
            g[f"{f}={p.get(f)}"].append(st)
        print(); table(f, dict(sorted(g.items(), key=lambda kv: -len(kv[1]))), n_miss)
    e = a.edges
    names = [f"<{e[0]:g}"] + [f"{lo:g}-{hi:g}" for lo, hi in zip(e, e[1:])] + [f">={e[-1]:g}"]
    g = {n: [] for n in names}
    for _, wf, wi, st in res:
        g[names[int(np.searchsorted(e, wf if a.px == "frame" else wi, side="right"))]].append(st)
    print(); table(f"width ({a.px} px)", {k: v for k, v in g.items() if v}, n_miss)


if __name__ == "__main__":
    main()
