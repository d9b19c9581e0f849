#!/usr/bin/env bash
# Re-measure every figure of BENCHMARKS.md's Pipeline, Accuracy, Side by side and Throughput sections.
#
#   ORT_DYLIB_PATH=... bash scripts/benchmarks.sh [OUT_DIR] [DETECTOR.onnx RECOGNIZER.onnx]
#
# Needs ../shared/data (the real labelled sets) next to the repository, and for the side-by-side run a venv with
# `simplelpr rapidocr_onnxruntime` (CMP_PYTHON, default /work/venv-cmp/bin/python). Without model paths the
# bundled models are measured. Logs go to OUT_DIR (default target/benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/benchmarks}
DATA=${DATA:-../shared/data}
CMP_PYTHON=${CMP_PYTHON:-/work/venv-cmp/bin/python}
mkdir -p "$OUT"
if [[ -z "${ORT_DYLIB_PATH:-}" ]]; then
    echo "error: set ORT_DYLIB_PATH (make setup; then ORT_DYLIB_PATH=\$(.venv/bin/python scripts/ort-path.py))" >&2
    exit 2
fi
if [[ ! -d "$DATA" ]]; then
    echo "error: $DATA (the real labelled sets) is missing" >&2
    exit 2
fi
MODELS=()
MODEL_FILES=(models/detector.onnx models/recognizer.onnx)
if [[ $# -ge 3 ]]; then
    MODELS=(--detector "$2" --recognizer "$3")
    MODEL_FILES=("$2" "$3")
    export ANPR_DETECTOR=$2 ANPR_RECOGNIZER=$3
fi
{ date -u; lscpu | grep 'Model name'; nproc; cat /proc/loadavg; git rev-parse HEAD; sha256sum "${MODEL_FILES[@]}"; } \
    > "$OUT/machine.txt"

cargo build --release --example evaluate -p anpr-core
cargo build --release --example throughput -p anpr-benches
EVAL=target/release/examples/evaluate

# Accuracy
"$EVAL" "$DATA/nl_cars_dev/labels.jsonl" --country NL "${MODELS[@]}" > "$OUT/eval_nl_cars_dev.txt"
"$EVAL" "$DATA/openalpr_us/labels.jsonl" --country US "${MODELS[@]}" > "$OUT/eval_openalpr_us.txt"
"$EVAL" "$DATA/openalpr_us/labels.jsonl" --country US --crops "${MODELS[@]}" > "$OUT/eval_openalpr_us_crops.txt"
"$EVAL" "$DATA/uc3m_lp/labels.jsonl" --country ES --split val "${MODELS[@]}" > "$OUT/eval_uc3m_lp_val.txt"
"$EVAL" "$DATA/uc3m_lp_ocr/labels.jsonl" --country ES --split val --crops "${MODELS[@]}" > "$OUT/eval_uc3m_lp_ocr_val.txt"
tail -n 1 "$OUT"/eval_*.txt

# Pipeline (wall clock, then CPU time)
cargo bench -p anpr-benches --bench pipeline -- --noplot --save-baseline wall > "$OUT/bench_pipeline_wall.txt" 2>&1
ANPR_BENCH_CLOCK=cpu cargo bench -p anpr-benches --bench pipeline -- --noplot --save-baseline cpu \
    > "$OUT/bench_pipeline_cpu.txt" 2>&1
grep 'read by' "$OUT/bench_pipeline_cpu.txt"
python3 scripts/criterion_table.py pipeline wall cpu | tee "$OUT/bench_pipeline.md"

# Throughput
target/release/examples/throughput --seconds 10 | tee "$OUT/throughput.txt"

# Side by side (about 20 minutes: RapidOCR takes ~1 s per image)
for set in nl_cars_dev:NL openalpr_us:US; do
    python3 scripts/compare.py "$DATA/${set%%:*}/labels.jsonl" --country "${set##*:}" --python "$CMP_PYTHON" "${MODELS[@]}" \
        | tee "$OUT/compare_${set%%:*}.txt"
done
date -u >> "$OUT/machine.txt"
