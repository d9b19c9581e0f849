"""Side-by-side speed of recognizer ONNX files in ONNX Runtime: one intra-op thread, ORT_ENABLE_ALL, the models'
runs alternating block by block so that load changes on a shared machine hit every model alike. Prints the median
(and 10th percentile) milliseconds per plate at batch 1, 8 and 32, on random input of the contract's shape.

    OMP_NUM_THREADS=1 python onnx_speed.py ../models/recognizer.onnx other.onnx
"""
import argparse
import time

import numpy as np
import onnxruntime as ort


def session(path):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+", help="recognizer ONNX files (input 'image' [N, 1, 32, 128])")
    ap.add_argument("--rounds", type=int, default=5, help="alternating blocks per model and batch size")
    a = ap.parse_args()
    sessions = [session(p) for p in a.models]
    rng = np.random.default_rng(1)
    for n in (1, 8, 32):
        x = rng.random((n, 1, 32, 128), dtype=np.float32)
        times = [[] for _ in sessions]
        for s in sessions:  # warm-up
            for _ in range(30):
                s.run(None, {"image": x})
        runs = max(20, 3200 // max(n, 8))
        for _ in range(a.rounds):
            for s, t in zip(sessions, times):
                for _ in range(runs):
                    start = time.perf_counter()
                    s.run(None, {"image": x})
                    t.append(time.perf_counter() - start)
        print(f"batch {n:2d}: " + "  ".join(
            f"{p.split('/')[-1]} {np.median(t) * 1e3 / n:.3f} (p10 {np.percentile(t, 10) * 1e3 / n:.3f})"
            for p, t in zip(a.models, times)), flush=True)


if __name__ == "__main__":
    main()
