"""One ONNX Runtime per process: Python's onnxruntime and the engine live side by side."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import synthetic_frame

import anpr


def test_engine_and_python_onnxruntime_in_one_process(engine: anpr.Engine, onnx_models: tuple[bytes, bytes]) -> None:
    ort = pytest.importorskip("onnxruntime")
    _, recognizer = onnx_models
    session = ort.InferenceSession(recognizer, providers=["CPUExecutionProvider"])
    shape = [1 if not isinstance(d, int) else d for d in session.get_inputs()[0].shape]
    (probs,) = session.run(["probs"], {"image": np.zeros(shape, dtype=np.float32)})
    assert probs.shape[0] == 1
    assert isinstance(engine.read(synthetic_frame()), anpr.FrameReads)


def test_explicit_library_path_that_does_not_exist_is_ignored_once_loaded(engine: anpr.Engine) -> None:
    # ONNX Runtime is loaded once per process; a later engine reuses it whatever path it names.
    other = anpr.Engine(ort_library="/nonexistent/libonnxruntime.so")
    assert other.backend == "onnxruntime"


def test_tract_backend_needs_the_feature_or_a_fresh_process(engine: anpr.Engine) -> None:
    with pytest.raises(anpr.AnprError):
        anpr.Engine(backend="tract")
