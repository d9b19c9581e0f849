#!/usr/bin/env bash
# Build the anpr wheel and run the Python checks: mypy stubtest (the .pyi against the built module), mypy on the
# package, tests and examples, and the pytest suite. CI calls this; exits non-zero on any failure.
#
#   ANPR_PY_VENV   virtual environment to create/use (default: <repo>/.venv-py, git-ignored)
#   PYTHON         interpreter that creates it (default: python3, >= 3.9)
#   ANPR_PY_PROFILE  maturin build profile: release (default) or dev (faster to build, slower to run)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
venv="${ANPR_PY_VENV:-$repo/.venv-py}"
python="${PYTHON:-python3}"
profile="${ANPR_PY_PROFILE:-release}"

# Pinned build/test tools (README and CI use the same).
deps=(
    "maturin==1.16.0"
    "numpy==2.4.6"
    "onnxruntime==1.32.0"
    "pytest==9.2.0"
    "mypy==2.4.1"
)

say() { printf '\n== %s\n' "$*"; }

if [[ ! -x "$venv/bin/python" ]]; then
    say "creating virtual environment $venv"
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"

say "installing build and test tools into $venv"
"$py" -m pip install --quiet --disable-pip-version-check "${deps[@]}"

say "building and installing the anpr wheel (maturin, profile $profile)"
wheels="$(mktemp -d)"
trap 'rm -rf "$wheels"' EXIT
(cd "$here" && "$venv/bin/maturin" build --quiet --profile "$profile" --interpreter "$py" --out "$wheels")
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/anpr-*.whl

cd "$here"
say "stubtest: python/anpr/_anpr.pyi against the built module"
"$py" -m mypy.stubtest anpr._anpr --allowlist "$here/stubtest-allowlist.txt"

say "mypy --strict: package, tests, examples"
"$py" -m mypy --no-incremental --cache-dir=/dev/null

say "pytest"
"$py" -m pytest -p no:cacheprovider "$@"

say "all Python checks passed"
