"""Train detectors on scenes rendered while they train, for a short lease of a big machine (GPU + many cores):

    python train_detector_stream.py --minutes 7 --workers 15 --out /tmp/out \\
        --model ft:init=runs/det0_3_0/last.pt:lr=1e-3 --model scratch:lr=4e-3

No pool: `--workers` processes render whole letterboxed frames (`scenes/compose.py`) and their targets
(`train_detector.targets`) into a replay buffer on the device, and every `--model` trains on the same batches of
whole 384x640 frames drawn from it (so several start points or learning rates cost one render budget). The
schedule runs on the wall clock (warm-up, then cosine over `--minutes`), since how many steps fit is only known
on the machine. Snapshots of each model (`<out>/det_<name>.pt`: {step: weights}) are written every
`--snap-seconds`, to be chosen afterwards on the real sets (`evaluate.py`); the real sets never enter the loss.
Each worker has its own seed (`--seed` * 1000 + worker), so the frames are reproducible; the order they
reach the buffer, and hence the batches, are not.
"""
import argparse
import math
import multiprocessing as mp
import os
import queue
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402

from nets.detector import IN_H, IN_W, STRIDE, Detector  # noqa: E402
from train_detector import losses, targets  # noqa: E402

MAPS = 11  # target channels: heat, 8 corner offsets, weight, norm


def synthetic_sampler():
    from scenes.compose import detector_sample
    return detector_sample


def real_sampler(name, split):
    """Research only (never shipped: the real sets' licences forbid it): frames of a real set, mirrored half
    the time, rescaled by 0.6-1.6x around the engine's letterbox scale and shifted, as (image, quads)."""
    import cv2
    from realdata import box_quad, load_labels, resolve
    d = resolve(name)
    rows = [r for r in load_labels(d) if not split or r.get("orig_split") in (split, None)]
    imgs = [cv2.imread(os.path.join(d, r["image"]), cv2.IMREAD_COLOR)[:, :, ::-1] for r in rows]
    quads = [np.float32([p["corners"] if p.get("corners") else box_quad(p["box"]) for p in r["plates"]
                         if p.get("corners") or p.get("box")]).reshape(-1, 4, 2) for r in rows]
    print(f"real set {name} ({split or 'all'}): {len(imgs)} frames, {sum(map(len, quads))} plates", flush=True)

    def sample(rng):
        i = int(rng.integers(len(imgs)))
        img, q = imgs[i], quads[i].copy()
        h, w = img.shape[:2]
        if rng.random() < 0.5:  # mirror; the corners keep their TL, TR, BR, BL order
            img = img[:, ::-1]
            q = q[:, [1, 0, 3, 2]] * np.float32([-1, 1]) + np.float32([w, 0])
        s = min(IN_W / w, IN_H / h) * float(np.exp(rng.uniform(np.log(0.6), np.log(1.6))))
        tx = rng.uniform(min(0, IN_W - w * s), max(0, IN_W - w * s)) if rng.random() < 0.7 else 0.0
        ty = rng.uniform(min(0, IN_H - h * s), max(0, IN_H - h * s)) if rng.random() < 0.7 else 0.0
        M = np.float32([[s, 0, tx], [0, s, ty]])
        out = cv2.warpAffine(np.ascontiguousarray(img), M, (IN_W, IN_H),
                             flags=cv2.INTER_NEAREST if s > 1 else cv2.INTER_LINEAR, borderValue=0)
        return out, q * s + np.float32([tx, ty])
    return sample


def render_worker(sampler, seed, frames, stop):
    import cv2
    cv2.setNumThreads(1)
    rng = np.random.default_rng(seed)
    while not stop.is_set():
        img, quads = sampler(rng)
        heat, off, wgt, norm = targets(np.reshape(quads, (-1, 4, 2)).astype(np.float32), IN_H, IN_W)
        maps = np.concatenate([heat[None], off, wgt[None], norm[None]]).astype(np.float16)
        while not stop.is_set():
            try:
                frames.put((img, maps), timeout=0.5)
                break
            except queue.Full:
                pass


class ReplayBuffer:
    """Ring of the newest `cap` frames and target maps, kept on the training device."""

    def __init__(self, cap, device):
        self.x = torch.empty((cap, IN_H, IN_W, 3), dtype=torch.uint8, device=device)
        self.t = torch.empty((cap, MAPS, IN_H // STRIDE, IN_W // STRIDE), dtype=torch.float16, device=device)
        self.cap, self.n, self.w, self.added = cap, 0, 0, 0

    def add(self, img, maps):
        self.x[self.w].copy_(torch.from_numpy(img))
        self.t[self.w].copy_(torch.from_numpy(maps))
        self.w = (self.w + 1) % self.cap
        self.n = min(self.n + 1, self.cap)
        self.added += 1

    def batch(self, bs, gen):
        idx = torch.randint(self.n, (bs,), device=self.x.device, generator=gen)
        x = self.x[idx].permute(0, 3, 1, 2).float().div_(255)
        # photometric jitter per frame (each frame is seen several times): gain, offset, gamma
        g = torch.empty((bs, 1, 1, 1), device=x.device)
        x = (x.clamp_min(1e-4) ** g.uniform_(0.8, 1.25, generator=gen)) * g.new_empty(g.shape).uniform_(0.85, 1.1, generator=gen)
        x = (x + g.new_empty(g.shape).uniform_(-0.04, 0.04, generator=gen)).clamp_(0, 1)
        return x.contiguous(memory_format=torch.channels_last), self.t[idx].float()


def parse_model(spec):
    name, *opts = spec.split(":")
    kv = dict(o.split("=", 1) for o in opts)
    return name, kv.get("init"), float(kv.get("lr", 3e-3))


def lr_at(frac, warm=0.04, floor=0.02):
    if frac < warm:
        return frac / warm
    return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, (frac - warm) / (1 - warm))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", required=True, help="name[:init=CKPT][:lr=LR]")
    ap.add_argument("--minutes", type=float, default=7)
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--bs", type=int, default=64, help="whole frames per step")
    ap.add_argument("--buffer", type=int, default=30000, help="frames kept for replay")
    ap.add_argument("--min-fill", type=int, default=1500, help="frames rendered before the first step")
    ap.add_argument("--intake", type=int, default=16, help="most new frames taken into the buffer per step")
    ap.add_argument("--snap-seconds", type=float, default=45)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--real", default=None, metavar="SET[:SPLIT]",
                    help="research only, never shipped: train on a real set's frames instead of rendered scenes")
    a = ap.parse_args()
    sampler = real_sampler(*(a.real.split(":") + [None])[:2]) if a.real else synthetic_sampler()
    # renderers first: forked before CUDA is initialised in this process
    ctx = mp.get_context("fork")
    frames, stop = ctx.Queue(maxsize=4 * a.workers), ctx.Event()
    procs = [ctx.Process(target=render_worker, args=(sampler, a.seed * 1000 + i, frames, stop), daemon=True)
             for i in range(a.workers)]
    for p in procs:
        p.start()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(a.seed)
    gen = torch.Generator(device=dev).manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)

    models = {}
    for spec in a.model:
        name, init, lr = parse_model(spec)
        m = Detector()
        if init:
            m.load_state_dict(torch.load(init, map_location="cpu", weights_only=False)["model"])
        m = m.to(dev).to(memory_format=torch.channels_last).train()
        opt = torch.optim.AdamW(m.parameters(), lr=lr, weight_decay=1e-4)
        models[name] = dict(model=m, opt=opt, lr=lr, snaps={})
        print(f"model {name}: init {init or 'scratch'}, lr {lr:g}", flush=True)

    buf = ReplayBuffer(a.buffer, dev)
    from render.backgrounds import photos
    from render.fonts import SERIF_FONTS, TTF_FONTS
    print(f"device {dev} ({torch.cuda.get_device_name() if dev.type == 'cuda' else 'cpu'}), {a.workers} render "
          f"workers, {len(TTF_FONTS)} sans + {len(SERIF_FONTS)} serif fonts, {len(photos())} photos", flush=True)

    def drain(block, limit):
        """Move up to `limit` waiting frames into the buffer. The limit keeps this process training when the
        renderers outpace it (real frames arrive at ~750/s); they then wait on the full queue."""
        got = 0
        while got < limit:
            try:
                img, maps = frames.get(timeout=1.0) if block and got == 0 else frames.get_nowait()
            except queue.Empty:
                return got
            buf.add(img, maps)
            got += 1
        return got

    t_start = time.time()
    while buf.n < a.min_fill:
        drain(block=True, limit=a.min_fill)
    print(f"buffer filled to {buf.n} in {time.time() - t_start:.0f}s", flush=True)

    def snapshot(step):
        for name, s in models.items():
            s["snaps"][step] = {k: v.detach().cpu().clone() for k, v in s["model"].state_dict().items()}
            path = os.path.join(a.out, f"det_{name}.pt")
            torch.save(dict(snaps=s["snaps"]), path + ".tmp")
            os.replace(path + ".tmp", path)

    t0 = tl = t_snap = time.time()
    step = step_at_print = 0
    budget = a.minutes * 60
    while time.time() - t0 < budget:
        drain(block=False, limit=a.intake)
        frac = (time.time() - t0) / budget
        x, t = buf.batch(a.bs, gen)
        for s in models.values():
            for g in s["opt"].param_groups:
                g["lr"] = s["lr"] * lr_at(frac)
            lh, lo = losses(s["model"], x, t[:, 0], t[:, 1:9], t[:, 9], t[:, 10])
            s["opt"].zero_grad(set_to_none=True)
            (lh + lo).backward()
            s["opt"].step()
            s["last"] = (lh.detach(), lo.detach())
        step += 1
        if time.time() - tl > 20:  # a line every 20 s, whatever the step rate
            dt, n_steps = time.time() - tl, step - step_at_print
            tl, step_at_print = time.time(), step
            summary = " ".join(f"{n} {float(s['last'][0]):.3f}/{float(s['last'][1]):.3f}" for n, s in models.items())
            print(f"step {step} t {time.time() - t0:.0f}s lr x{lr_at(frac):.2f} {n_steps / dt:.1f} steps/s "
                  f"frames rendered {buf.added} ({buf.added / (time.time() - t_start):.0f}/s) | {summary}",
                  flush=True)
        if time.time() - t_snap > a.snap_seconds:
            snapshot(step)
            t_snap = time.time()
    snapshot(step)
    stop.set()
    print(f"done: {step} steps, {buf.added} frames rendered in {time.time() - t_start:.0f}s", flush=True)
    for p in procs:
        p.join(timeout=2)
        if p.is_alive():
            p.terminate()


if __name__ == "__main__":
    main()
