"""Error paths: each raises a class of the anpr hierarchy with a message that says what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import anpr

CLASSES: dict[type[anpr.AnprError], tuple[str, type[Exception]]] = {
    anpr.InvalidArgumentError: ("invalid_argument", ValueError),
    anpr.InvalidImageError: ("invalid_image", ValueError),
    anpr.ImageDecodeError: ("image_decode", ValueError),
    anpr.ModelLoadError: ("model_load", RuntimeError),
    anpr.RuntimeUnavailableError: ("runtime_unavailable", RuntimeError),
    anpr.InferenceError: ("inference", RuntimeError),
    anpr.InvalidPlateError: ("invalid_plate", ValueError),
    anpr.HotlistError: ("hotlist", ValueError),
    anpr.IoError: ("io", OSError),
    anpr.PolicyError: ("policy", ValueError),
}


def test_hierarchy() -> None:
    assert issubclass(anpr.AnprError, Exception)
    assert anpr.AnprError.code is None
    codes = set()
    for cls, (code, builtin) in CLASSES.items():
        assert issubclass(cls, anpr.AnprError) and issubclass(cls, builtin), cls
        assert cls.code == code
        assert cls.__module__ == "anpr"
        assert cls.__doc__
        codes.add(code)
    assert len(codes) == len(CLASSES)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (np.zeros((10, 10), dtype=np.float32), "dtype must be uint8"),
        (np.zeros((10, 10, 3), dtype=np.uint16), "dtype must be uint8"),
        (np.zeros((10,), dtype=np.uint8), "shape (H, W) or (H, W, C)"),
        (np.zeros((2, 10, 10, 3), dtype=np.uint8), "shape (H, W) or (H, W, C)"),
        (np.zeros((10, 10, 2), dtype=np.uint8), "1, 3 or 4 channels"),
        (np.zeros((10, 10, 5), dtype=np.uint8), "1, 3 or 4 channels"),
        (np.zeros((0, 10, 3), dtype=np.uint8), "zero size"),
        (np.zeros((10, 0), dtype=np.uint8), "zero size"),
    ],
)
def test_bad_arrays(engine: anpr.Engine, image: npt.NDArray[Any], message: str) -> None:
    with pytest.raises(anpr.InvalidImageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        engine.read(image)
    with pytest.raises(ValueError):
        engine.read(image)


@pytest.mark.parametrize("view", ["crop", "step", "flip_channels", "transpose"])
def test_non_contiguous_arrays(engine: anpr.Engine, frame: npt.NDArray[np.uint8], view: str) -> None:
    image = {
        "crop": frame[10:100, 20:200],
        "step": frame[::2, ::2],
        "flip_channels": frame[:, :, ::-1],
        "transpose": frame.transpose(1, 0, 2),
    }[view]
    assert not image.flags.c_contiguous
    with pytest.raises(anpr.InvalidImageError, match="np.ascontiguousarray"):
        engine.read(image)
    engine.read(np.ascontiguousarray(image))


def test_not_an_array(engine: anpr.Engine) -> None:
    with pytest.raises(TypeError, match="numpy.ndarray"):
        engine.read([[0, 0], [0, 0]])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        engine.read_encoded("not bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="numpy.ndarray, bytes or a path"):
        engine.read_batch([42])  # type: ignore[list-item]


def test_roi_outside_the_frame(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    with pytest.raises(anpr.AnprError):
        engine.read(frame, roi=(300, 200, 100, 100))


def test_corrupt_and_missing_images(engine: anpr.Engine, tmp_path: Path) -> None:
    with pytest.raises(anpr.ImageDecodeError):
        engine.read_encoded(b"\xff\xd8\xff\xe0 this is not a jpeg")
    with pytest.raises(anpr.ImageDecodeError):
        engine.read_encoded(b"")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    with pytest.raises(anpr.ImageDecodeError, match="bad.jpg"):
        engine.read_file(bad)
    missing = tmp_path / "missing.png"
    with pytest.raises(anpr.IoError, match="missing.png") as info:
        engine.read_file(missing)
    assert isinstance(info.value, OSError)


def test_batch_errors_name_the_item(engine: anpr.Engine, frame: npt.NDArray[np.uint8], tmp_path: Path) -> None:
    with pytest.raises(anpr.InvalidImageError, match="^batch item 1: .*np.ascontiguousarray"):
        engine.read_batch([frame, frame[::2]])
    with pytest.raises(anpr.IoError, match="^batch item 2: "):
        engine.read_batch([frame, frame, tmp_path / "missing.png"])
    with pytest.raises(anpr.ImageDecodeError, match="^batch item 0: "):
        engine.read_batch([b"junk"])


@pytest.mark.parametrize(
    ("kwargs", "cls", "message"),
    [
        ({"detection_threshold": 1.5}, anpr.InvalidArgumentError, "detection threshold"),
        ({"min_confidence": -0.1}, anpr.InvalidArgumentError, "minimum confidence"),
        ({"threads": 0}, anpr.InvalidArgumentError, "threads"),
        ({"threads": -2}, anpr.InvalidArgumentError, "threads"),
        ({"sessions": 0}, anpr.InvalidArgumentError, "sessions"),
        ({"top_n": 0}, anpr.InvalidArgumentError, "top_n"),
        ({"max_plates": 100000}, anpr.InvalidArgumentError, "max_plates"),
        ({"candidate_threshold": 1.5}, anpr.InvalidArgumentError, "candidate threshold"),
        ({"candidate_min_confidence": -1.0}, anpr.InvalidArgumentError, "candidate minimum confidence"),
        ({"max_candidates": -1}, anpr.InvalidArgumentError, "max_candidates"),
        ({"max_candidates": 1000}, anpr.InvalidArgumentError, "max_candidates"),
        ({"backend": "cuda"}, anpr.InvalidArgumentError, "unknown backend"),
        ({"countries": ["XX"]}, anpr.InvalidArgumentError, "unknown country"),
        ({"detector": b"not an onnx model"}, anpr.ModelLoadError, "detector"),
        ({"recognizer": b""}, anpr.ModelLoadError, "recognizer"),
        ({"detector": "/nonexistent/detector.onnx"}, anpr.ModelLoadError, "detector.onnx"),
    ],
)
def test_bad_configuration(kwargs: dict[str, Any], cls: type[anpr.AnprError], message: str) -> None:
    with pytest.raises(cls, match=message):
        anpr.Engine(**kwargs)


def test_model_argument_type() -> None:
    with pytest.raises(TypeError, match="detector must be None"):
        anpr.Engine(detector=3.5)  # type: ignore[arg-type]


def test_swapped_models_violate_the_contract(onnx_models: tuple[bytes, bytes]) -> None:
    det, rec = onnx_models
    with pytest.raises(anpr.ModelLoadError, match="CONTRACT"):
        anpr.Engine(detector=rec, recognizer=det)
