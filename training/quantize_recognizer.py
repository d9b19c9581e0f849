"""Int8 static quantization (QDQ, per-channel weights) of a recognizer ONNX file for ONNX Runtime's CPU int8
kernels, calibrated on SYNTHETIC crops of the project's renderer only (the calibration is part of what ships,
so no real image may be used). Deterministic: the calibration crops come from `--seed`.

    python quantize_recognizer.py ../models/recognizer.onnx runs/recq/recognizer-int8.onnx --version 0.3.0-int8
    python quantize_recognizer.py IN OUT --version V --scope all --calib 512 --seed 20261203 --method minmax

--scope conv   quantize convolutions 2-5 only (QLinearConv after ORT's fusion; the first conv, 1 input channel,
               stays float unless --int8-first-conv: it is faster so); LSTM, classifier and ctc_to_slots stay float
--scope all    also the pools, reshapes/transposes and the classifier MatMul; still not the LSTM (no static
               int8 LSTM in ORT) nor anything from the Softmax on (ctc_to_slots must see float probabilities)
The I/O contract (names, shapes, float32 dtype) is unchanged; the input's metadata_props are copied and
`anpr.version` is set to --version. At the end the script compares the int8 and float models on synthetic
hold-out crops (another seed): greedy-read agreement and max |probs difference|.
"""
import argparse
import os
import sys
import tempfile

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,  # noqa: E402
                                      quant_pre_process, quantize_static)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_speed import session  # noqa: E402
from render.crops import recognizer_sample  # noqa: E402


def synthetic_crops(n, seed, w=128, h=32):
    """n engine-style grey crops from the renderer, as the model's input [n, 1, h, w] float32 in [0, 1]."""
    rng = np.random.default_rng(seed)
    imgs = [recognizer_sample(rng, W=w, H=h)[0] for _ in range(n)]
    return np.stack(imgs)[:, None].astype(np.float32) / 255


class Reader(CalibrationDataReader):
    def __init__(self, x, bs=32):
        self.batches = [x[i:i + bs] for i in range(0, len(x), bs)]
        self.i = 0

    def get_next(self):
        if self.i >= len(self.batches):
            return None
        self.i += 1
        return {"image": self.batches[self.i - 1]}

    def rewind(self):
        self.i = 0


def ctc_nodes(model):
    """Names of the Softmax and every node downstream of it (the ctc_to_slots graph): kept float."""
    cons = {}
    for n in model.graph.node:
        for i in n.input:
            cons.setdefault(i, []).append(n)
    soft = [n for n in model.graph.node if n.op_type == "Softmax"]
    seen, todo = set(), list(soft)
    while todo:
        n = todo.pop()
        if n.name in seen:
            continue
        seen.add(n.name)
        for o in n.output:
            todo.extend(cons.get(o, []))
    return seen


def io_sig(path):
    g = onnx.load(path).graph

    def sig(v):
        t = v.type.tensor_type
        return v.name, t.elem_type, [d.dim_value or d.dim_param for d in t.shape.dim]
    return [sig(v) for v in g.input], [sig(v) for v in g.output]


def quantize(src, dst, version, scope="conv", n_calib=512, seed=20261203, method="minmax", int8_first_conv=False, w=128, h=32):
    meta = {p.key: p.value for p in onnx.load(src).metadata_props}
    with tempfile.TemporaryDirectory() as tmp:
        pre = os.path.join(tmp, "pre.onnx")
        # constant folding + shape inference (the LSTM weight slices fold away, dynamic batch kept symbolic)
        quant_pre_process(src, pre, skip_symbolic_shape=False)
        m = onnx.load(pre)
        exclude = ctc_nodes(m)
        if not int8_first_conv:  # 1 input channel: ORT's QLinearConv is 5x slower than its float NCHWc conv
            exclude.add(next(n.name for n in m.graph.node if n.op_type == "Conv"))
        exclude = sorted(exclude)
        if scope == "conv":
            ops = ["Conv"]
        else:
            ops = ["Conv", "MaxPool", "AveragePool", "Relu", "Reshape", "Transpose", "MatMul"]
        x = synthetic_crops(n_calib, seed, w, h)
        quantize_static(pre, dst, Reader(x), quant_format=QuantFormat.QDQ, op_types_to_quantize=ops,
                        per_channel=True, reduce_range=False, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8, nodes_to_exclude=exclude,
                        calibrate_method={"minmax": CalibrationMethod.MinMax,
                                          "percentile": CalibrationMethod.Percentile,
                                          "entropy": CalibrationMethod.Entropy}[method],
                        extra_options={"CalibMovingAverage": False})
    q = onnx.load(dst)
    meta["anpr.version"] = version
    del q.metadata_props[:]
    for k, v in meta.items():
        p = q.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(q)
    onnx.save(q, dst)
    assert io_sig(src) == io_sig(dst), (io_sig(src), io_sig(dst))
    return meta


def compare(src, dst, n=1000, seed=99991, w=128, h=32):
    """Greedy reads and probabilities of float vs int8 on synthetic hold-out crops (not the calibration seed)."""
    x = synthetic_crops(n, seed, w, h)
    a = np.concatenate([session(src).run(None, {"image": x[i:i + 64]})[0] for i in range(0, n, 64)])
    b = np.concatenate([session(dst).run(None, {"image": x[i:i + 64]})[0] for i in range(0, n, 64)])
    same_read = float(np.mean([(p.argmax(-1) == q.argmax(-1)).all() for p, q in zip(a, b)]))
    return same_read, float(np.abs(a - b).max()), a.shape, b.dtype


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="float recognizer.onnx")
    ap.add_argument("dst", help="output int8 (QDQ) ONNX file")
    ap.add_argument("--version", required=True, help="anpr.version written into the output's metadata")
    ap.add_argument("--scope", choices=["conv", "all"], default="conv")
    ap.add_argument("--calib", type=int, default=512, help="number of synthetic calibration crops")
    ap.add_argument("--seed", type=int, default=20261203, help="renderer seed of the calibration crops")
    ap.add_argument("--method", choices=["minmax", "percentile", "entropy"], default="minmax")
    ap.add_argument("--int8-first-conv", action="store_true",
                    help="quantize the first conv too (1 input channel; slower in ORT 1.32 than float)")
    ap.add_argument("--check", type=int, default=1000, help="synthetic hold-out crops for the float/int8 check")
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.dst)), exist_ok=True)
    meta = quantize(a.src, a.dst, a.version, a.scope, a.calib, a.seed, a.method, a.int8_first_conv)
    ops = sorted({(n.domain or "ai.onnx") + ":" + n.op_type for n in onnx.load(a.dst).graph.node})
    print(f"wrote {a.dst} ({os.path.getsize(a.dst) / 1e6:.2f} MB), metadata {meta}")
    print("ops in the file:", ", ".join(ops))
    if a.check:
        same, err, shape, dt = compare(a.src, a.dst, a.check)
        print(f"synthetic hold-out ({a.check} crops): same greedy slots {same:.4f}, max |dprobs| {err:.3f}, "
              f"output {list(shape)} {dt}")


if __name__ == "__main__":
    main()
