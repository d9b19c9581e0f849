#!/usr/bin/env python3
"""Side by side: our engine against readers from PyPI on the same labelled images, in one run.

    python3 scripts/compare.py <labels.jsonl> [--country NL] [--split val] [--limit N]
        [--readers ours,simplelpr,rapidocr] [--python /work/venv-cmp/bin/python]
        [--evaluate target/release/examples/evaluate] [--detector m.onnx] [--recognizer m.onnx] [--json]

Readers (install the other two into a separate venv: `python3 -m venv /work/venv-cmp &&
/work/venv-cmp/bin/pip install simplelpr rapidocr_onnxruntime`):
- ours: `examples/rust/evaluate.rs --json` (build it first: `cargo build --release --example evaluate`);
  the engine runs with 1 inference thread.
- simplelpr: SimpleLPR 3 (commercial SDK, free evaluation mode), with only the labelled country enabled, by
  name (NL -> Netherlands; US -> Canada, as SimpleLPR has no US template; others: see COUNTRY_NAMES).
- rapidocr: RapidOCR (rapidocr_onnxruntime, PP-OCR models) on the full image, a general OCR: every text line
  it finds, upper-cased with everything but A-Z/0-9 removed, is a read when 4 to 8 characters remain.

Every reader runs in its own process pinned to one core (`taskset -c 0`, OMP_NUM_THREADS=1 and friends), one
reader after the other, over the same images. Everyone is scored by the same text-only rule, whatever the set's
boxes: a plate is read exactly when some read of its image equals its text (UC3M `*` matches any character);
a false read is a read whose text equals no labelled text of its image (so plates in the background that the
labels leave out count against every reader alike). Time per image: ours = decoding the image bytes plus the
engine call (read from memory); the others = their call on the image file (reading and decoding included).
CPU ms = the process's CPU time for the same call (all its threads): on a machine busy with other work this is
the cost of the reader itself, while wall time also holds the wait for the core. Ratios are other / ours.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRY_NAMES = {"NL": "Netherlands", "US": "Canada", "ES": "Spain", "DE": "Germany", "BE": "Belgium",
                 "FR": "France", "IT": "Italy", "PL": "Poland", "GB": "UK-GreatBritain", "AT": "Austria",
                 "LU": "Luxembourg", "CZ": "Czech-Republic", "SK": "Slovakia"}
PINNED_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "OMP_WAIT_POLICY": "PASSIVE"}


def normalize(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def exact(label: str, read: str) -> bool:
    return len(label) == len(read) and all(l == "*" or l == r for l, r in zip(label, read))


def load(labels: Path, split: str | None, country: str | None, limit: int | None) -> list[dict]:
    if not labels.is_file():
        sys.exit(f"error: labels file {labels} does not exist")
    rows = []
    for line in labels.read_text().splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if split and r.get("orig_split") != split:
            continue
        if country and not any((p.get("country") or "").upper() == country for p in r["plates"]):
            continue
        r["path"] = str(labels.parent / r["image"])
        rows.append(r)
    rows = rows[:limit] if limit else rows
    missing = [r["path"] for r in rows if not Path(r["path"]).is_file()]
    if missing:
        sys.exit(f"error: image {missing[0]} does not exist")
    return rows


def score(rows: list[dict], results: dict[str, dict], country: str | None) -> dict:
    """Text-only scoring, the same for every reader. `results[path] = {"reads": [text...], "ms": float}`."""
    plates = hits = false_reads = 0
    times, cpu = [], []
    for r in rows:
        labels = [p["text"] for p in r["plates"]]
        scored = [p["text"] for p in r["plates"] if not country or (p.get("country") or "").upper() == country]
        res = results.get(r["path"], {"reads": [], "ms": float("nan")})
        reads = [t for t in res["reads"] if t]
        plates += len(scored)
        hits += sum(any(exact(l, t) for t in reads) for l in scored)
        false_reads += sum(not any(exact(l, t) for l in labels) for t in reads)
        if res["ms"] == res["ms"]:
            times.append(res["ms"])
        if res.get("cpu_ms") is not None and res["cpu_ms"] == res["cpu_ms"]:
            cpu.append(res["cpu_ms"])
    return {"plates": plates, "exact": hits / plates if plates else float("nan"), "false_reads": false_reads,
            "median_ms": statistics.median(times) if times else float("nan"),
            "mean_ms": statistics.fmean(times) if times else float("nan"),
            "median_cpu_ms": statistics.median(cpu) if cpu else float("nan")}


# ----- workers: each runs in its own pinned process and prints one JSON object per image -----

def worker_simplelpr(paths: list[str], country: str | None) -> None:
    import simplelpr

    engine = simplelpr.SimpleLPR(simplelpr.EngineSetupParms())
    name = COUNTRY_NAMES.get(country or "", None)
    if name:
        for i in range(engine.numSupportedCountries):
            engine.set_countryWeight(i, 0.0)
        engine.set_countryWeight(name, 1.0)
        engine.realizeCountryWeights()
    proc = engine.createProcessor()
    proc.plateRegionDetectionEnabled = True
    if paths:
        proc.analyze(paths[0])  # warm-up
    for p in paths:
        t0, c0 = time.perf_counter(), time.process_time()
        cands = proc.analyze(p)
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        reads = [normalize(c.matches[0].text) for c in cands if len(c.matches) > 0]
        print(json.dumps({"path": p, "reads": reads, "ms": ms, "cpu_ms": cpu_ms}), flush=True)


def worker_rapidocr(paths: list[str], country: str | None) -> None:
    from rapidocr_onnxruntime import RapidOCR

    ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    if paths:
        ocr(paths[0])  # warm-up
    for p in paths:
        t0, c0 = time.perf_counter(), time.process_time()
        result, _ = ocr(p)
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        lines = [normalize(line[1]) for line in (result or [])]
        reads = [t for t in lines if 4 <= len(t) <= 8]
        print(json.dumps({"path": p, "reads": reads, "ms": ms, "cpu_ms": cpu_ms}), flush=True)


def run_worker(python: str, reader: str, rows: list[dict], country: str | None) -> dict[str, dict]:
    paths = [r["path"] for r in rows]
    cmd = ["taskset", "-c", "0", python, __file__, "--worker", reader, "--country", country or ""]
    env = dict(os.environ, **PINNED_ENV)
    out = subprocess.run(cmd, input="\n".join(paths), capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"{reader} failed (exit {out.returncode}): {out.stderr.strip()[-800:]}")
    return {d["path"]: d for d in map(json.loads, out.stdout.splitlines()) if d.get("path")}


def run_ours(args, labels: Path, rows: list[dict]) -> dict[str, dict]:
    exe = Path(args.evaluate)
    if not exe.is_file():
        raise RuntimeError(f"{exe} not found: run `cargo build --release --example evaluate` first")
    env = dict(os.environ, **PINNED_ENV)
    venv_python = ROOT / ".venv/bin/python"
    if "ORT_DYLIB_PATH" not in env and venv_python.is_file():  # the project's own venv (`make setup`)
        found = subprocess.run([str(venv_python), str(ROOT / "scripts/ort-path.py")], capture_output=True, text=True)
        if found.returncode == 0:
            env["ORT_DYLIB_PATH"] = found.stdout.strip()
    cmd = ["taskset", "-c", "0", str(exe), str(labels), "--json"]
    for flag, value in (("--country", args.country), ("--split", args.split), ("--limit", args.limit),
                        ("--detector", args.detector), ("--recognizer", args.recognizer)):
        if value:
            cmd += [flag, str(value)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"ours failed (exit {out.returncode}): {out.stderr.strip()[-800:]}")
    report = json.loads(out.stdout.splitlines()[0])
    return {im["image"]: {"reads": [r["text"] for r in im["reads"]], "ms": im["ms"], "cpu_ms": im.get("cpu_ms")}
            for im in report["images"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("labels", nargs="?")
    ap.add_argument("--country", help="score only plates labelled with this country code; sets SimpleLPR's country")
    ap.add_argument("--split")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--readers", default="ours,simplelpr,rapidocr")
    ap.add_argument("--python", default="/work/venv-cmp/bin/python", help="the venv with simplelpr and rapidocr")
    ap.add_argument("--evaluate", default=str(ROOT / "target/release/examples/evaluate"))
    ap.add_argument("--detector")
    ap.add_argument("--recognizer")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    country = (args.country or "").upper() or None

    if args.worker:
        paths = [line for line in sys.stdin.read().splitlines() if line]
        {"simplelpr": worker_simplelpr, "rapidocr": worker_rapidocr}[args.worker](paths, country)
        return
    if not args.labels:
        ap.error("labels.jsonl is required")
    labels = Path(args.labels)
    rows = load(labels, args.split, country, args.limit)
    # SimpleLPR needs a country: default to the one the set is labelled with.
    label_countries = {(p.get("country") or "").upper() for r in rows for p in r["plates"]}
    worker_country = country or (next(iter(label_countries)) if len(label_countries) == 1 else None)

    table = {}
    for reader in args.readers.split(","):
        try:
            if reader == "ours":
                results = run_ours(args, labels, rows)
            else:
                results = run_worker(args.python, reader, rows, worker_country)
            table[reader] = score(rows, results, country)
        except (RuntimeError, OSError, json.JSONDecodeError) as e:
            table[reader] = {"error": str(e)}
            print(f"warning: {reader}: {e}", file=sys.stderr)

    base = table.get("ours", {})
    if args.json:
        print(json.dumps({"labels": str(labels), "images": len(rows), "readers": table}))
        return
    loadavg = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").is_file() else ["?"]
    print(f"{labels} ({len(rows)} images), each reader pinned to one core (taskset -c 0);"
          f" load average after the run: {' '.join(loadavg)}")
    print(f"{'reader':<10} {'plates':>6} {'exact':>8} {'false reads':>12} {'median ms':>10} {'CPU ms':>8}"
          f" {'exact/ours':>11} {'false/ours':>11} {'ms/ours':>8} {'CPU/ours':>9}")
    ratio = lambda a, b: f"{a / b:.2f}" if b and a == a and b == b else "n/a"
    for reader, m in table.items():
        if "error" in m:
            print(f"{reader:<10} failed: {m['error'][:200]}")
            continue
        print(f"{reader:<10} {m['plates']:>6} {100 * m['exact']:>7.1f}% {m['false_reads']:>12} {m['median_ms']:>10.1f}"
              f" {m['median_cpu_ms']:>8.1f}"
              f" {ratio(m['exact'], base.get('exact')):>11} {ratio(m['false_reads'], base.get('false_reads')):>11}"
              f" {ratio(m['median_ms'], base.get('median_ms')):>8} {ratio(m['median_cpu_ms'], base.get('median_cpu_ms')):>9}")


if __name__ == "__main__":
    main()
