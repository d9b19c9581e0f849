"""Blend two checkpoints of the same architecture in weight space (w = (1 - t) * a + t * b), e.g. a
fine-tuned model with the model it started from: the blend keeps most of the fine-tune's gains while giving
back less on what the start model already did well. BN running statistics are blended as well.

    python blend_weights.py runs/rec0_2_1/last.pt runs/rec15/last.pt 0.5 runs/blend/last.pt
"""
import argparse
import os

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("t", type=float, help="weight of b")
    ap.add_argument("out")
    x = ap.parse_args()
    sa, sb = (torch.load(p, map_location="cpu", weights_only=False) for p in (x.a, x.b))
    assert sa.get("arch") == sb.get("arch")  # the detector's checkpoints carry no arch
    ma, mb = sa["model"], sb["model"]
    blend = {k: (1 - x.t) * ma[k] + x.t * mb[k] if ma[k].is_floating_point() else mb[k] for k in mb}
    os.makedirs(os.path.dirname(os.path.abspath(x.out)), exist_ok=True)
    torch.save(dict(arch=sb.get("arch"), model=blend, step=sb.get("step", 0), blend=(x.a, x.b, x.t)), x.out)
    print("saved", x.out)


if __name__ == "__main__":
    main()
