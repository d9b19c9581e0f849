"""Recover a trainable checkpoint from a shipped recognizer.onnx or detector.onnx (when the .pt is lost):

    python recover_onnx.py ../models/recognizer.onnx runs/rec0_2_1/last.pt
    python recover_onnx.py ../models/detector.onnx runs/det0_2_0/last.pt      # kind read from anpr.kind

The exporter folded each BatchNorm into its convolution (weight and `<name>_bias`) and reordered the LSTM's
biases into ONNX's gate order (i, o, f, c; torch uses i, f, g, o). Folded BNs are unfolded so that training
mode still sees normalised activations: the conv keeps the folded weight, the BN gets running statistics
measured on rendered synthetic crops and weight/bias chosen so that eval mode computes exactly the folded
conv. The result is checked against ONNX Runtime on synthetic crops.
"""
import argparse
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper

from nets.recognizer import CrnnRecognizer


def onnx_weights(path):
    m = onnx.load(path)
    return {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}


def rendered_crops(n, seed=424242):
    from render.crops import recognizer_sample
    rng = np.random.default_rng(seed)
    return np.stack([recognizer_sample(rng)[0] for _ in range(n)])[:, None].astype(np.float32) / 255


def load_into(model, w):
    sd = model.state_dict()
    convs = [k[: -len(".weight")] for k in w if k.startswith("features.") and k.endswith(".weight")]
    for c in convs:
        i = int(c.split(".")[1])
        bn = f"features.{i + 1}"
        sd[c + ".weight"] = torch.from_numpy(w[c + ".weight"])
        # identity BN for now (eval mode): y = conv + folded bias
        eps = model.features[i + 1].eps
        sd[bn + ".weight"] = torch.ones_like(sd[bn + ".weight"])
        sd[bn + ".bias"] = torch.from_numpy(w[c + ".weight_bias"])
        sd[bn + ".running_mean"] = torch.zeros_like(sd[bn + ".running_mean"])
        sd[bn + ".running_var"] = torch.full_like(sd[bn + ".running_var"], 1 - eps)
    sd["row"] = torch.from_numpy(w["row"])
    for sfx in ("", "_reverse"):
        sd[f"rnn.weight_ih_l0{sfx}"] = torch.from_numpy(w[f"rnn.weight_ih_l0{sfx}"])
        sd[f"rnn.weight_hh_l0{sfx}"] = torch.from_numpy(w[f"rnn.weight_hh_l0{sfx}"])
    # LSTM biases: one [2, 8H] initializer (forward, reverse) x (Wb, Rb), gate order i, o, f, c
    lstm_b = [v for k, v in w.items() if v.shape == (2, 8 * model.rnn.hidden_size)]
    assert len(lstm_b) == 1, "LSTM bias initializer not found"
    H = model.rnn.hidden_size
    for d, sfx in enumerate(("", "_reverse")):
        for half, name in ((0, "ih"), (1, "hh")):
            b = lstm_b[0][d, half * 4 * H:(half + 1) * 4 * H].reshape(4, H)
            sd[f"rnn.bias_{name}_l0{sfx}"] = torch.from_numpy(b[[0, 2, 3, 1]].reshape(-1).copy())
    cls_w = [v for k, v in w.items() if v.shape == (2 * H, sd["cls.weight"].shape[0])]
    assert len(cls_w) == 1, "classifier weight not found"
    sd["cls.weight"] = torch.from_numpy(cls_w[0].T.copy())
    sd["cls.bias"] = torch.from_numpy(w["cls.bias"])
    model.load_state_dict(sd)
    return convs


def _bn_of(conv):
    """The BatchNorm right after a conv in its Sequential: `features.3` -> `features.4`."""
    head, i = conv.rsplit(".", 1)
    return f"{head}.{int(i) + 1}"


def calibrate_bn(model, convs, x, batch=None):
    """Give each unfolded BN the real statistics of its conv's output without changing eval-mode results.
    `x` runs through in batches of `batch` (all at once by default); the moments are pooled over them."""
    batch = batch or len(x)
    moments = {c: [] for c in convs}
    hooks = [model.get_submodule(c).register_forward_hook(
        lambda m, i, o, c=c: moments[c].append((o.mean((0, 2, 3)), o.var((0, 2, 3))))) for c in convs]
    with torch.no_grad():
        for j in range(0, len(x), batch):
            model(x[j:j + batch])
    for h in hooks:
        h.remove()
    for c in convs:
        mu = torch.stack([m for m, _ in moments[c]]).mean(0)
        var = torch.stack([v + (m - mu) ** 2 for m, v in moments[c]]).mean(0)
        unfold_bn(model.get_submodule(_bn_of(c)), mu, var)


def unfold_bn(bn, mu, var):
    """Unfolds a BatchNorm whose scale and shift were folded into the conv before it: with the measured output
    moments as running statistics, weight sqrt(var + eps) and bias shifted by mu, it computes what the folded
    conv did, and it trains like an ordinary BatchNorm again."""
    with torch.no_grad():
        folded_bias = bn.bias.clone()
        bn.running_mean.copy_(mu)
        bn.running_var.copy_(var)
        bn.weight.copy_(torch.sqrt(var + bn.eps))
        bn.bias.copy_(folded_bias + mu)


def max_diff(model, path, x):
    so = ort.SessionOptions(); so.intra_op_num_threads = 1
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        ref = model(torch.from_numpy(x)).numpy()
    got = sess.run(None, {"image": x})[0]
    same = float(np.mean(ref.argmax(-1) == got.argmax(-1)))
    return float(np.abs(ref - got).max()), same


# ---- detector: every Conv2d followed by a BatchNorm at the next index of its Sequential was folded ----

def rendered_frames(n, seed=434343):
    from scenes.compose import detector_sample
    rng = np.random.default_rng(seed)
    return np.stack([detector_sample(rng)[0] for _ in range(n)]).transpose(0, 3, 1, 2).astype(np.float32) / 255


def load_detector(model, w):
    sd = model.state_dict()
    convs = [k[: -len(".weight_bias")] for k in w if k.endswith(".weight_bias")]
    for c in convs:
        bn = _bn_of(c)
        eps = model.get_submodule(bn).eps
        sd[c + ".weight"] = torch.from_numpy(w[c + ".weight"])
        sd[bn + ".weight"] = torch.ones_like(sd[bn + ".weight"])
        sd[bn + ".bias"] = torch.from_numpy(w[c + ".weight_bias"])
        sd[bn + ".running_mean"] = torch.zeros_like(sd[bn + ".running_mean"])
        sd[bn + ".running_var"] = torch.full_like(sd[bn + ".running_var"], 1 - eps)
    for k in ("l32", "l16", "l8", "l4", "hm", "off"):
        sd[k + ".weight"] = torch.from_numpy(w[k + ".weight"]); sd[k + ".bias"] = torch.from_numpy(w[k + ".bias"])
    missing = [k for k in sd if not k.endswith("num_batches_tracked") and k not in w and
               not any(k.startswith(_bn_of(c) + ".") for c in convs)]
    assert not missing, missing
    model.load_state_dict(sd)
    return convs


def detector_diff(model, path, x):
    so = ort.SessionOptions(); so.intra_op_num_threads = 1
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    err = 0.0
    for xi in x:
        with torch.no_grad():
            ref = [t.numpy() for t in model(torch.from_numpy(xi[None]))]
        got = sess.run(None, {"image": xi[None]})
        err = max(err, *(float(np.abs(a - b).max()) for a, b in zip(ref, got)))
    return err


def recover_detector(a):
    from nets.detector import Detector
    model = Detector().eval()
    convs = load_detector(model, onnx_weights(a.onnx))
    x = rendered_frames(a.calib)
    print("identity-BN model vs ORT: max |diff| %.2e" % detector_diff(model, a.onnx, x[:4]))
    calibrate_bn(model, convs, torch.from_numpy(x), batch=8)
    err = detector_diff(model, a.onnx, x[-4:])
    print(f"calibrated model vs ORT: max |diff| {err:.2e} (heatmap and corners, {len(convs)} folded BNs)")
    assert err < 1e-3, err
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(dict(model=model.state_dict(), step=0, source=os.path.abspath(a.onnx)), a.out)
    print("saved", a.out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("out")
    ap.add_argument("--calib", type=int, default=512, help="rendered crops (detector: frames) for the BN statistics")
    a = ap.parse_args()
    torch.set_num_threads(1)
    kind = {p.key: p.value for p in onnx.load(a.onnx).metadata_props}.get("anpr.kind", "recognizer")
    if kind == "detector":
        a.calib = min(a.calib, 64)
        return recover_detector(a)
    model = CrnnRecognizer().eval()
    convs = load_into(model, onnx_weights(a.onnx))
    x = rendered_crops(a.calib)
    print("identity-BN model vs ORT: max |diff| %.2e, same argmax %.4f" % max_diff(model, a.onnx, x[:64]))
    calibrate_bn(model, convs, torch.from_numpy(x))
    err, same = max_diff(model, a.onnx, x[-128:])
    print(f"calibrated model vs ORT: max |diff| {err:.2e}, same argmax {same:.4f}")
    assert err < 1e-4, err
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(dict(arch="crnn", model=model.state_dict(), step=0, source=os.path.abspath(a.onnx)), a.out)
    print("saved", a.out)


if __name__ == "__main__":
    main()
