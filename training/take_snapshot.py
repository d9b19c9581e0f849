"""Write one snapshot of a `train_detector_stream.py` snapshot file as a checkpoint that `export_onnx.py`,
`blend_weights.py` and `train_detector.py --init` read:

    python take_snapshot.py runs/gpu1/det_scratch.pt 8015 runs/gpu1_scratch_8015/last.pt
    python take_snapshot.py runs/gpu1/det_scratch.pt list      # the steps it holds
"""
import argparse
import os

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("snapshots")
    ap.add_argument("step", help="a step the file holds, or 'list'")
    ap.add_argument("out", nargs="?")
    a = ap.parse_args()
    snaps = torch.load(a.snapshots, map_location="cpu", weights_only=False)["snaps"]
    if a.step == "list":
        print(" ".join(str(s) for s in sorted(snaps)))
        return
    step = int(a.step)
    if step not in snaps:
        raise SystemExit(f"{a.snapshots} holds steps {sorted(snaps)}, not {step}")
    if not a.out:
        raise SystemExit("give an output path")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(dict(model=snaps[step], step=step, source=a.snapshots), a.out)
    print("saved", a.out)


if __name__ == "__main__":
    main()
