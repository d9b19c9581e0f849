# One entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
ORT_VERSION := 1.32.0
ORT_DYLIB_PATH = $(shell $(VENV)/bin/python scripts/ort-path.py)
CARGO_FLAGS ?= --locked

.PHONY: help setup demo test lint rust-test tract-test c-test py-test header-check

help:
	@echo "make demo   - the main job: read the sample frames with the bundled models, match the sample hotlist"
	@echo "make test   - everything CI runs: format, lint, Rust tests (also with the tract backend), header check, C tests, Python tests"
	@echo "make setup  - install ONNX Runtime $(ORT_VERSION) from PyPI into $(VENV) (done by demo and test)"

$(VENV)/.ort-$(ORT_VERSION):
	@echo "==> installing ONNX Runtime $(ORT_VERSION) from PyPI into $(VENV) (the engine loads its shared library)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check onnxruntime==$(ORT_VERSION)
	@touch $@

setup: $(VENV)/.ort-$(ORT_VERSION)
	@echo "==> ONNX Runtime: $(ORT_DYLIB_PATH)"

demo: setup
	@echo "==> reading examples/data/*.jpg against examples/data/hotlist.csv"
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) cargo run $(CARGO_FLAGS) --release --quiet --example recognize -- \
		examples/data/*.jpg --hotlist examples/data/hotlist.csv

lint:
	cargo fmt --all -- --check
	cargo clippy $(CARGO_FLAGS) --workspace --all-targets -- -D warnings

rust-test: setup
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) cargo test $(CARGO_FLAGS)

# The pure-Rust backend, run for real: tract alone in one test binary, ONNX Runtime in the others of the same
# `--features tract` build (the feature must leave ONNX Runtime working). Release: tract is slow unoptimised.
tract-test: setup
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) cargo test $(CARGO_FLAGS) --release -p anpr-core --features tract \
		--test tract_backend --test engine --test sample_frames

header-check:
	bash anpr-capi/check-header.sh

c-test: setup
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) bash anpr-capi/run-c-tests.sh
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) $(MAKE) -C examples/c run

py-test: setup
	ORT_DYLIB_PATH=$(ORT_DYLIB_PATH) bash anpr-py/run-python-tests.sh

test: lint rust-test tract-test header-check c-test py-test
