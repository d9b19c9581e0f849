#!/usr/bin/env python3
"""Print a Markdown table of criterion results saved under baselines (`cargo bench -- --save-baseline NAME`).

    python3 scripts/criterion_table.py <group prefix, e.g. pipeline> <baseline>... [--target-dir target]

One row per benchmark, one column per baseline: the mean time with its 95% confidence interval, and for
benchmarks with a throughput in elements the time per element.
"""
import argparse
import json
from pathlib import Path


def fmt(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("baselines", nargs="+")
    ap.add_argument("--target-dir", default=str(Path(__file__).resolve().parent.parent / "target"))
    a = ap.parse_args()
    root = Path(a.target_dir) / "criterion"
    rows: dict[str, dict[str, str]] = {}
    for bench in sorted(root.glob("**/benchmark.json")):
        base = bench.parent.name
        if base not in a.baselines:
            continue
        meta = json.loads(bench.read_text())
        if not meta["full_id"].startswith(a.prefix):
            continue
        est = json.loads((bench.parent / "estimates.json").read_text())["mean"]
        cell = f"{fmt(est['point_estimate'])} [{fmt(est['confidence_interval']['lower_bound'])} – " \
               f"{fmt(est['confidence_interval']['upper_bound'])}]"
        elements = (meta.get("throughput") or {}).get("Elements")
        if elements:
            cell += f"; {fmt(est['point_estimate'] / elements)} per element"
        rows.setdefault(meta["full_id"], {})[base] = cell
    print("| benchmark | " + " | ".join(a.baselines) + " |")
    print("|---|" + "---|" * len(a.baselines))
    for name in sorted(rows, key=lambda n: (n.split("/")[1], len(n), n)):
        print(f"| `{name}` | " + " | ".join(rows[name].get(b, "–") for b in a.baselines) + " |")


if __name__ == "__main__":
    main()
