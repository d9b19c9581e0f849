"""Train the plate detector on pre-rendered synthetic scenes (pools/det). Resumable:

    python train_detector.py --run det1 --minutes 20       # starts or resumes runs/det1/last.pt
Trains on random windows of the letterboxed frames (fully convolutional, so the windows cost less and the
exported model still takes the whole input). When the real sets are present, every --eval-every steps it
measures recall/precision at IoU >= 0.5 on uc3m_lp val and openalpr_us and keeps runs/<run>/best.pt
(model selection only; the real sets never enter the loss).
"""
import argparse
import json
import os
import signal
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from nets.detector import IN_H, IN_W, STRIDE, Detector  # noqa: E402
from pooldata import Pool  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
cv2.setNumThreads(1)


def sample(shard, j):
    o = shard["offsets"]
    img = cv2.imdecode(shard["jpeg"][o[j]:o[j + 1]], cv2.IMREAD_COLOR)[:, :, ::-1]
    c = shard["cum"]
    return img, shard["quads"][c[j]:c[j + 1]]


def targets(quads, h, w):
    """Heatmap with a Gaussian per plate centre, corner offsets and weights on the 3x3 cells around it."""
    hs, ws = h // STRIDE, w // STRIDE
    heat = np.zeros((hs, ws), np.float32)
    off = np.zeros((8, hs, ws), np.float32)
    wgt = np.zeros((hs, ws), np.float32)
    norm = np.ones((hs, ws), np.float32)
    yy, xx = np.mgrid[0:hs, 0:ws].astype(np.float32)
    for q in quads:
        c = q.mean(0)
        gx, gy = int(c[0] // STRIDE), int(c[1] // STRIDE)
        if not (0 <= gx < ws and 0 <= gy < hs):
            continue
        pw = np.linalg.norm(q[1] - q[0]); ph = np.linalg.norm(q[3] - q[0])
        sigma = max(0.6, np.sqrt(pw * ph) / STRIDE / 6)
        g = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * sigma ** 2))
        np.maximum(heat, g, out=heat)
        heat[gy, gx] = 1.0
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                x, y = gx + dx, gy + dy
                if 0 <= x < ws and 0 <= y < hs and (wgt[y, x] == 0 or (dx == 0 and dy == 0)):
                    cc = np.array([(x + 0.5) * STRIDE, (y + 0.5) * STRIDE], np.float32)
                    off[:, y, x] = (q - cc).reshape(-1)
                    wgt[y, x] = 1.0 if dx == 0 and dy == 0 else 0.5
                    norm[y, x] = ph + 4.0  # offsets are scored relative to the plate's height
    return heat, off, wgt, norm


def batches(pool, rng, bs, ch, cw):
    shards = list(pool.loaded.values())
    for s in shards:
        s["cum"] = np.concatenate([[0], np.cumsum(s["counts"])])
    sizes = np.array([len(s["counts"]) for s in shards])
    while True:
        X, Hm, Of, Wg, Nm = [], [], [], [], []
        for _ in range(bs):
            s = shards[rng.choice(len(shards), p=sizes / sizes.sum())]
            img, quads = sample(s, rng.integers(len(s["counts"])))
            if len(quads) and rng.random() < 0.7:  # window around a plate
                c = quads[rng.integers(len(quads))].mean(0)
                x0 = int(np.clip(c[0] - rng.uniform(0.1, 0.9) * cw, 0, IN_W - cw))
                y0 = int(np.clip(c[1] - rng.uniform(0.1, 0.9) * ch, 0, IN_H - ch))
            else:
                x0, y0 = int(rng.integers(0, IN_W - cw + 1)), int(rng.integers(0, IN_H - ch + 1))
            x0, y0 = x0 // STRIDE * STRIDE, y0 // STRIDE * STRIDE
            crop = img[y0:y0 + ch, x0:x0 + cw]
            q = quads - np.float32([x0, y0])
            h, o, w, n = targets(q, ch, cw)
            X.append(crop); Hm.append(h); Of.append(o); Wg.append(w); Nm.append(n)
        x = torch.from_numpy(np.stack(X).transpose(0, 3, 1, 2).astype(np.float32) / 255)
        yield x, *(torch.from_numpy(np.stack(v)) for v in (Hm, Of, Wg, Nm))


def focal(logits, target):
    """CenterNet's penalty-reduced focal loss on a Gaussian heatmap."""
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    pos = target.eq(1).float()
    lp = -torch.nn.functional.logsigmoid(logits) * (1 - p) ** 2 * pos
    ln = -torch.nn.functional.logsigmoid(-logits) * p ** 2 * (1 - target) ** 4 * (1 - pos)
    return (lp.sum() + ln.sum()) / pos.sum().clamp(min=1)


def losses(model, x, hm, of, wg, nm):
    """(heatmap focal loss, corner L1 relative to the plate height on the weighted cells) for a batch."""
    logits, corners = model.raw(x)
    lh = focal(logits[:, 0], hm)
    lo = ((corners - of).abs().sum(1) / nm * wg).sum() / wg.sum().clamp(min=1)
    return lh, lo


def evaluate(model, sets, thr=0.3):
    from nets.detector_post import detections, letterbox, match
    model.eval()
    out = {}
    with torch.no_grad():
        for name, items in sets.items():
            tp = nd = ng = 0
            for img, boxes in items:
                x, s = letterbox(img, IN_H, IN_W)
                heat, corners = model(torch.from_numpy(x.transpose(2, 0, 1)[None].astype(np.float32) / 255))
                d = detections(heat[0, 0].numpy(), corners[0].numpy(), STRIDE, s, thr)
                a, b, c = match(d, boxes)
                tp += a; nd += b; ng += c
            out[name] = (tp / max(1, ng), tp / max(1, nd))
    model.train()
    return out


def load_eval_sets(limit):
    sets = {}
    try:
        from realdata import frames
        for name, split in (("uc3m_lp", "val"), ("openalpr_us", None)):
            items = [(img, boxes) for _, img, boxes, _ in frames(name, split)]
            sets[name] = items[:limit]
    except SystemExit as e:
        print("real sets skipped:", e)
    return sets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="det1")
    ap.add_argument("--pool", default=os.path.join(HERE, "pools", "det"))
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--crop", type=int, nargs=2, default=[192, 320], help="training window h w")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--total-steps", type=int, default=20000)
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--eval-limit", type=int, default=400)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", default=None, help="start a new run from these weights (fresh optimiser/schedule)")
    ap.add_argument("--save-every", type=int, default=50, help="steps between last.pt checkpoints")
    ap.add_argument("--keep-every", type=int, default=0, help="also keep runs/<run>/step_<N>.pt every N steps (0: off)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    run = os.path.join(HERE, "runs", a.run)
    os.makedirs(run, exist_ok=True)
    model = Detector()
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.total_steps, pct_start=0.03)
    step, best = 0, -1.0
    ck = os.path.join(run, "last.pt")
    if a.init and not os.path.exists(ck):
        model.load_state_dict(torch.load(a.init, weights_only=False)["model"])
        print(f"initialised from {a.init}")
    if os.path.exists(ck):
        s = torch.load(ck, weights_only=False)
        model.load_state_dict(s["model"]); opt.load_state_dict(s["opt"]); sched.load_state_dict(s["sched"])
        step, best = s["step"], s.get("best", -1.0)
        rng = np.random.default_rng(a.seed + step)
        print(f"resumed at step {step}")
    sets = load_eval_sets(a.eval_limit)
    pool = Pool(a.pool, ["counts", "jpeg", "offsets", "quads"])
    print(f"pool: {len(pool)} frames; params {sum(p.numel() for p in model.parameters())}", flush=True)
    it = batches(pool, rng, a.bs, *a.crop)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))  # `kill PID` saves last.pt before exiting
    t0, tl, seen, la = time.time(), time.time(), 0, None
    while time.time() - t0 < a.minutes * 60 and step < a.total_steps and not stop:
        x, hm, of, wg, nm = next(it)
        lh, lo = losses(model, x, hm, of, wg, nm)
        loss = lh + lo
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        step += 1; seen += len(x)
        v = (lh.item(), lo.item())
        la = v if la is None else tuple(0.98 * p + 0.02 * q for p, q in zip(la, v))
        if step % 50 == 0:
            print(f"step {step} heat {la[0]:.4f} corners {la[1]:.4f} lr {sched.get_last_lr()[0]:.2e} "
                  f"{seen / (time.time() - tl):.1f}/s", flush=True)
            tl, seen = time.time(), 0
        if step % a.save_every == 0:
            state = dict(model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step, best=best)
            torch.save(state, ck + ".tmp"); os.replace(ck + ".tmp", ck)
        if a.keep_every and step % a.keep_every == 0:
            torch.save(dict(model=model.state_dict(), step=step), os.path.join(run, f"step_{step}.pt"))
        if step % a.eval_every == 0:
            if sets:
                m = evaluate(model, sets)
                print("eval", step, json.dumps({k: [round(r, 4), round(p, 4)] for k, (r, p) in m.items()}), flush=True)
                score = float(np.mean([2 * r * p / max(1e-9, r + p) for r, p in m.values()]))  # mean F1
                if score > best:
                    best = score
                    torch.save(dict(model=model.state_dict(), step=step, metrics=m), os.path.join(run, "best.pt"))
                    print(f"new best {score:.4f} at {step}", flush=True)
            pool.refresh()
            it = batches(pool, rng, a.bs, *a.crop)
    state = dict(model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step, best=best)
    torch.save(state, ck + ".tmp"); os.replace(ck + ".tmp", ck)
    torch.save(dict(model=model.state_dict(), step=step), os.path.join(run, "final.pt"))
    print("stopped at step", step, flush=True)


if __name__ == "__main__":
    main()
