"""Shared fixtures: one engine per session, synthetic images, and a tiny PNG encoder (no Pillow/OpenCV needed)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

import anpr

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "examples" / "data"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
# A real plate (rendered by the project) cut from the sample frame nl_day_1.jpg by training/cut_test_plate.py.
PLATE = Path(__file__).resolve().parent / "data" / "plate_64XPRX.npy"
PLATE_TEXT = "64XPRX"
PLATE_CORNERS = [(31.8, 20.3), (255.0, 20.3), (255.0, 68.3), (31.8, 68.3)]  # the label, in the cut's pixels


def plate_in_frame(dx: int, dy: int) -> npt.NDArray[np.uint8]:
    """The real plate pasted into a 240 x 400 grey BGR frame with its top-left corner at (dx, dy)."""
    plate = np.load(PLATE)
    frame = np.full((240, 400, 3), 90, dtype=np.uint8)
    frame[dy : dy + plate.shape[0], dx : dx + plate.shape[1]] = plate
    return frame


def png_bytes(image: npt.NDArray[np.uint8]) -> bytes:
    """Encode an H×W grey or H×W×3 RGB uint8 array as PNG."""
    if image.ndim == 2:
        color_type, channels = 0, 1
    else:
        color_type, channels = 2, image.shape[2]
        assert channels == 3
    height, width = image.shape[:2]
    rows = np.ascontiguousarray(image).reshape(height, width * channels)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def synthetic_frame(height: int = 240, width: int = 320, seed: int = 7) -> npt.NDArray[np.uint8]:
    """A BGR frame: grey road, a white plate-like rectangle with dark bars, a little noise."""
    rng = np.random.default_rng(seed)
    frame = np.full((height, width, 3), 90, dtype=np.uint8)
    frame += rng.integers(0, 20, size=frame.shape, dtype=np.uint8)
    y0, x0 = height // 2, width // 3
    frame[y0 : y0 + 24, x0 : x0 + 110] = (40, 200, 240)  # yellow (BGR), like a Dutch plate
    for i in range(6):
        frame[y0 + 5 : y0 + 19, x0 + 8 + i * 16 : x0 + 16 + i * 16] = 10
    return frame


@pytest.fixture(scope="session")
def engine() -> anpr.Engine:
    return anpr.Engine()


@pytest.fixture(scope="session")
def frame() -> npt.NDArray[np.uint8]:
    return synthetic_frame()


@pytest.fixture(scope="session")
def plate_frame() -> npt.NDArray[np.uint8]:
    """A frame holding a real plate that the bundled models read as `PLATE_TEXT` at `plate_frame_quad`."""
    return plate_in_frame(40, 60)


@pytest.fixture(scope="session")
def plate_frame_quad() -> list[tuple[float, float]]:
    """The corners of the plate in `plate_frame`, rounded to whole pixels (exact in f32)."""
    return [(float(round(x)) + 40, float(round(y)) + 60) for x, y in PLATE_CORNERS]


@pytest.fixture(scope="session")
def onnx_models() -> tuple[bytes, bytes]:
    """The bundled models' files, when the source tree is at hand (for model-source tests)."""
    models = REPO / "models"
    det, rec = models / "detector.onnx", models / "recognizer.onnx"
    if not (det.is_file() and rec.is_file()):
        pytest.skip(f"model files not found under {models}")
    return det.read_bytes(), rec.read_bytes()
