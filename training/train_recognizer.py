"""Train the plate recognizer on pre-rendered synthetic crops (pools/rec). Resumable:

    python train_recognizer.py --run rec1 --minutes 20        # starts or resumes runs/rec1/last.pt
Every --eval-every steps it scores a synthetic hold-out shard and, when the real sets are present, the real
validation crops (uc3m_lp_ocr val, openalpr_us), keeping runs/<run>/best.pt by the real score (model selection
only; the real sets never enter the loss).
"""
import argparse
import json
import os
import signal
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # busy-waiting OpenMP threads stall a shared 2-core machine
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from nets.recognizer import ARCHS, IN_H, IN_W, decode, encode  # noqa: E402
from pooldata import Pool  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def jitter(img, rng):
    """Cheap per-view augmentation of a pooled crop, so that every pass over the pool sees new samples: a small
    affine (the detector's corner error), contrast/gamma and sensor noise."""
    h, w = img.shape
    s = rng.uniform(0.92, 1.06)
    a = rng.normal(0, 0.02)
    M = np.float32([[s * np.cos(a), -s * np.sin(a), 0], [s * np.sin(a), s * np.cos(a), 0]])
    M[:, 2] = np.float32([w / 2, h / 2]) - M[:, :2] @ np.float32([w / 2, h / 2]) + rng.normal(0, [2.0, 1.0])
    out = cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out = out.astype(np.float32) / 255
    out = np.clip(out ** rng.uniform(0.7, 1.4) * rng.uniform(0.7, 1.1) + rng.uniform(-0.05, 0.15), 0, 1)
    out = out + rng.normal(0, rng.uniform(0, 0.04), out.shape)
    return np.clip(out * 255 + 0.5, 0, 255).astype(np.uint8)


def batches(pool, rng, bs, augment=True):
    shards = list(pool.loaded.values())
    sizes = np.array([len(s["texts"]) for s in shards])
    while True:
        si = rng.choice(len(shards), size=bs, p=sizes / sizes.sum())
        imgs, tgts = [], []
        for s in si:
            j = rng.integers(sizes[s])
            img = shards[s]["images"][j]
            imgs.append(jitter(img, rng) if augment else img)
            tgts.append(encode(str(shards[s]["texts"][j])))
        x = torch.from_numpy(np.stack(imgs)[:, None].astype(np.float32) / 255)
        yield x, torch.tensor(tgts)


def evaluate(model, sets):
    model.eval()
    out = {}
    with torch.no_grad():
        for name, (imgs, texts) in sets.items():
            from realdata import score_texts
            probs = torch.cat([model(torch.from_numpy(imgs[i:i + 256][:, None].astype(np.float32) / 255))
                               for i in range(0, len(imgs), 256)]).numpy()
            preds = [decode(p) for p in probs]
            out[name] = score_texts(preds, list(texts))
    model.train()
    return out


def load_eval_sets(val_shard):
    sets = {}
    with np.load(val_shard) as z:
        sets["synth"] = (z["images"][:1000], [str(t) for t in z["texts"][:1000]])
    try:
        from realdata import plate_crops
        for name, split in (("uc3m_lp_ocr", "val"), ("openalpr_us", None)):
            c = plate_crops(name, IN_W, IN_H, split)
            sets[name] = (np.stack([a for a, _ in c]), [b for _, b in c])
    except SystemExit as e:
        print("real sets skipped:", e)
    return sets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="rec1")
    ap.add_argument("--pool", default=os.path.join(HERE, "pools", "rec"))
    ap.add_argument("--val-shard", default=None, help="synthetic hold-out shard (never trained on)")
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--bs", type=int, default=96)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--total-steps", type=int, default=60000, help="length of the cosine schedule")
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", default=None, help="start a new run from these weights (fresh optimiser/schedule)")
    ap.add_argument("--save-every", type=int, default=50, help="steps between last.pt checkpoints")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--arch", choices=list(ARCHS), default="crnn")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    run = os.path.join(HERE, "runs", a.run)
    os.makedirs(run, exist_ok=True)
    model = ARCHS[a.arch]()
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.total_steps, pct_start=0.03)
    step, best = 0, -1.0
    ck = os.path.join(run, "last.pt")
    if a.init and not os.path.exists(ck):
        src = torch.load(a.init, weights_only=False)["model"]
        own = model.state_dict()
        # weights of another architecture: take every tensor whose name and shape match (the shared conv stem)
        match = {k: v for k, v in src.items() if k in own and own[k].shape == v.shape}
        model.load_state_dict(match, strict=False)
        print(f"initialised from {a.init}: {len(match)}/{len(own)} tensors")
    if os.path.exists(ck):
        s = torch.load(ck, weights_only=False)
        model.load_state_dict(s["model"]); opt.load_state_dict(s["opt"]); sched.load_state_dict(s["sched"])
        step, best = s["step"], s.get("best", -1.0)
        rng = np.random.default_rng(a.seed + step)
        print(f"resumed at step {step}")
    val_shard = a.val_shard or os.path.join(HERE, "pools", "rec_val", "shard_99999.npz")
    sets = load_eval_sets(val_shard)
    pool = Pool(a.pool, ["images", "texts"])
    pool.loaded.pop(os.path.abspath(val_shard), None)
    print(f"pool: {len(pool)} samples; params {sum(p.numel() for p in model.parameters())}", flush=True)
    it = batches(pool, rng, a.bs)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))  # `kill PID` saves last.pt before exiting
    t0, tl, seen = time.time(), time.time(), 0
    loss_avg = None
    while time.time() - t0 < a.minutes * 60 and step < a.total_steps and not stop:
        x, y = next(it)
        logits = model.logits(x)
        if a.arch in ("ctc", "crnn"):
            lengths = (y > 0).sum(1)
            lp = F.log_softmax(logits, -1).transpose(0, 1)  # T, N, C
            loss = F.ctc_loss(lp, y, torch.full((len(y),), lp.shape[0], dtype=torch.long), lengths,
                              blank=0, zero_infinity=True)
        else:
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), label_smoothing=0.05)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        step += 1; seen += len(x)
        loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
        if step % 100 == 0:
            print(f"step {step} loss {loss_avg:.4f} lr {sched.get_last_lr()[0]:.2e} {seen / (time.time() - tl):.0f}/s",
                  flush=True)
            tl, seen = time.time(), 0
        if step % a.save_every == 0:
            state = dict(arch=a.arch, model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step, best=best)
            torch.save(state, ck + ".tmp"); os.replace(ck + ".tmp", ck)
        if step % a.eval_every == 0:
            m = evaluate(model, sets)
            real = [m[k][1] for k in ("uc3m_lp_ocr", "openalpr_us") if k in m]
            score = float(np.mean(real)) if real else m["synth"][0]
            print("eval", step, json.dumps({k: [round(v[0], 4), round(v[1], 4)] for k, v in m.items()}), flush=True)
            state = dict(arch=a.arch, model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step,
                         best=max(best, score))
            torch.save(state, ck + ".tmp"); os.replace(ck + ".tmp", ck)
            if score > best:
                best = score
                torch.save(dict(arch=a.arch, model=model.state_dict(), step=step, metrics=m), os.path.join(run, "best.pt"))
                print(f"new best {score:.4f} at {step}", flush=True)
            pool.refresh()
            it = batches(pool, rng, a.bs)
    state = dict(arch=a.arch, model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step, best=best)
    torch.save(state, ck + ".tmp"); os.replace(ck + ".tmp", ck)
    print("stopped at step", step, flush=True)


if __name__ == "__main__":
    main()
