#!/usr/bin/env bash
# Build libanpr and run the C test suite (anpr-capi/tests/c/test_anpr.c) three ways:
#   1. plain, against the debug shared library;
#   2. with AddressSanitizer, statically linked against the debug static library (leak check on);
#   3. under Valgrind (--leak-check=full --error-exitcode=1), against the release shared library.
# The last line is "N passed, M failed" (test cases summed over the three runs); the exit status is non-zero on
# any failure, sanitizer report or Valgrind error.
#
# Needs: cargo, cc (gcc), make, valgrind, and ONNX Runtime: ORT_DYLIB_PATH, else <repo>/.venv's onnxruntime wheel.
# ANPR_C_TESTS_SKIP_VALGRIND=1 skips run 3 (local iteration only; CI runs everything).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if [[ -z "${ORT_DYLIB_PATH:-}" ]]; then
    ORT_DYLIB_PATH="$(ls "$root"/.venv/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime.so* 2>/dev/null | head -n1)"
fi
if [[ -z "$ORT_DYLIB_PATH" || ! -f "$ORT_DYLIB_PATH" ]]; then
    echo "run-c-tests: ONNX Runtime not found: set ORT_DYLIB_PATH to libonnxruntime.so.1.32.0 (pip install onnxruntime==1.32.0)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
export ORT_DYLIB_PATH
export ANPR_TEST_DATA="$here/tests/data"
[[ -f "$root/models/detector.onnx" ]] && export ANPR_TEST_MODELS="$root/models"

passed=0
failed=0
logs="$root/target/c-tests/logs"
mkdir -p "$logs"
# Run one configuration: label, then the command. Adds its "N passed, M failed" to the totals; a non-zero exit
# without a failed test case (sanitizer or Valgrind report) counts as one more failure.
run_suite() {
    local label="$1"
    shift
    local log="$logs/$(echo "$label" | tr -c 'A-Za-z0-9\n' '_' | cut -c1-40).log"
    echo "== $label"
    "$@" >"$log" 2>&1
    local rc=$?
    grep -E '^(ok|FAIL|  FAIL|     )' "$log"
    local line p f
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)"
    p="$(echo "$line" | awk '{print $1}')"
    f="$(echo "$line" | awk '{print $3}')"
    p="${p:-0}"
    f="${f:-0}"
    if [[ $rc -ne 0 && $f -eq 0 ]]; then
        f=1
        echo "FAIL $label: exit status $rc without a failed test case (sanitizer or Valgrind report); full log: $log"
        # The first lines of each report (sanitizer summaries, Valgrind error headers and their first frames).
        grep -E -A8 '^(==[0-9]+== [A-Z]|ERROR: |SUMMARY: |(Direct|Indirect) leak)' "$log" | head -n 120
    fi
    echo "-- $label: $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
}

build() {
    echo "== $*"
    if ! "$@"; then
        echo "run-c-tests: build failed: $*" >&2
        echo "$passed passed, $((failed + 1)) failed"
        exit 1
    fi
}

build cargo build -p anpr-capi --locked
build make -s -C "$here/tests/c" PROFILE=debug

run_suite "plain (debug, shared library)" "$root/target/c-tests/debug/test_anpr"

ASAN_OPTIONS="fast_unwind_on_malloc=0:detect_leaks=1:abort_on_error=0" \
    LSAN_OPTIONS="suppressions=$here/tests/c/lsan.supp:print_suppressions=0" \
    run_suite "AddressSanitizer (debug, static library)" "$root/target/c-tests/debug/test_anpr_asan"

if [[ "${ANPR_C_TESTS_SKIP_VALGRIND:-0}" != 1 ]]; then
    build cargo build -p anpr-capi --release --locked
    build make -s -C "$here/tests/c" PROFILE=release "$root/target/c-tests/release/test_anpr"
    ANPR_TEST_THREAD_READS=2 ANPR_TEST_TIMEOUT=1500 run_suite "Valgrind (release, shared library)" \
        valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,possible --error-exitcode=1 \
        --suppressions="$here/tests/c/valgrind.supp" --num-callers=40 \
        "$root/target/c-tests/release/test_anpr"
else
    echo "== Valgrind skipped (ANPR_C_TESTS_SKIP_VALGRIND=1)"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
