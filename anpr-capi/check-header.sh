#!/usr/bin/env bash
# Regenerate include/anpr.h with the pinned cbindgen and fail if the committed header differs.
#   anpr-capi/check-header.sh           verify (CI)
#   anpr-capi/check-header.sh --update  rewrite include/anpr.h
set -euo pipefail
CBINDGEN_VERSION=0.29.4
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
header="$root/include/anpr.h"

if ! command -v cbindgen >/dev/null 2>&1 || [[ "$(cbindgen --version)" != "cbindgen $CBINDGEN_VERSION" ]]; then
    echo "check-header: installing cbindgen $CBINDGEN_VERSION (a different version would produce spurious diffs)" >&2
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked
fi

fresh="$(mktemp)"
trap 'rm -f "$fresh"' EXIT
cbindgen --quiet --config "$here/cbindgen.toml" --crate anpr-capi --output "$fresh" "$here"

if [[ "${1:-}" == "--update" ]]; then
    mkdir -p "$(dirname "$header")"
    cp "$fresh" "$header"
    echo "check-header: wrote include/anpr.h"
    exit 0
fi

if ! diff -u "$header" "$fresh"; then
    echo "check-header: include/anpr.h is out of date; run anpr-capi/check-header.sh --update and commit it" >&2
    exit 1
fi
echo "check-header: include/anpr.h is up to date"
