"""Export a trained checkpoint to the ONNX file the engine loads (models/CONTRACT.md), add the metadata,
check it in ONNX Runtime against PyTorch, and time it single-threaded.

    python export_onnx.py recognizer runs/rec1/best.pt ../models/recognizer.onnx --version 0.1.0
    python export_onnx.py detector runs/det1/best.pt ../models/detector.onnx --version 0.1.0
"""
import argparse
import os
import time

import numpy as np
import onnx
import torch

from nets.detector import Detector
from nets.recognizer import ALPHABET, ARCHS


def build(kind, ckpt):
    s = torch.load(ckpt, map_location="cpu", weights_only=False) if ckpt else {}
    model = ARCHS[s.get("arch", "ctc")]() if kind == "recognizer" else Detector()
    if ckpt:
        model.load_state_dict(s["model"])
    return model.eval()


def export(kind, model, path, version):
    if kind == "recognizer":
        x = torch.rand(2, 1, model_in(kind)[0], model_in(kind)[1])
        dyn = {0: torch.export.Dim("N", min=1, max=4096)}
        names = ["probs"]
    else:
        x = torch.rand(1, 3, *model_in(kind))
        dyn = None
        names = ["heatmap", "corners"]
    torch.onnx.export(model, (x,), path, input_names=["image"], output_names=names, opset_version=18,
                      dynamo=True, external_data=False, dynamic_shapes=(dyn,) if dyn else None)
    m = onnx.load(path)
    meta = {"anpr.kind": kind, "anpr.version": version}
    if kind == "recognizer":
        meta["anpr.alphabet"] = ALPHABET
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add(); p.key, p.value = k, v
    onnx.checker.check_model(m)
    onnx.save(m, path)  # one file, weights inline (small models stay far below the 2 GB protobuf limit)
    return x


def model_in(kind):
    if kind == "recognizer":
        from nets.recognizer import IN_H, IN_W
    else:
        from nets.detector import IN_H, IN_W
    return IN_H, IN_W


def check(kind, model, path):
    import onnxruntime as ort
    so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    h, w = model_in(kind)
    xs = [np.random.rand(n, 1, h, w).astype(np.float32) for n in (1, 7, 32)] if kind == "recognizer" else \
        [np.random.rand(1, 3, h, w).astype(np.float32)]
    for x in xs:
        with torch.no_grad():
            ref = model(torch.from_numpy(x))
        ref = [ref] if isinstance(ref, torch.Tensor) else list(ref)
        got = sess.run(None, {"image": x})
        err = max(float(np.abs(a.numpy() - b).max()) for a, b in zip(ref, got))
        print(f"input {list(x.shape)}: outputs {[list(g.shape) for g in got]}, max |torch - ort| = {err:.2e}")
        assert err < 1e-4, err
    x = xs[-1]
    sess.run(None, {"image": x})
    n = 20
    t, c = time.perf_counter(), time.process_time()
    for _ in range(n):
        sess.run(None, {"image": x})
    wall = (time.perf_counter() - t) / n * 1000
    # CPU time of this (single-threaded) process: the cost without the other jobs on a shared machine
    dt = (time.process_time() - c) / n * 1000
    print(f"wall {wall:.2f} ms / CPU {dt:.2f} ms per run of {list(x.shape)}")
    per = f"{dt / x.shape[0]:.3f} ms per plate (batch {x.shape[0]})" if kind == "recognizer" else f"{dt:.2f} ms per frame"
    print(f"ORT 1 thread: {per}; meta {[(p.key, p.value) for p in onnx.load(path).metadata_props]}; "
          f"size {os.path.getsize(path) / 1e6:.2f} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["recognizer", "detector"])
    ap.add_argument("ckpt", nargs="?")
    ap.add_argument("out")
    ap.add_argument("--version", default="0.1.0")
    a = ap.parse_args()
    torch.set_num_threads(1)
    model = build(a.kind, a.ckpt)
    export(a.kind, model, a.out, a.version)
    check(a.kind, model, a.out)


if __name__ == "__main__":
    main()
