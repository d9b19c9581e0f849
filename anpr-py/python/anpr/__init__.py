"""anpr: automatic number plate recognition and hotlist matching.

Quick start::

    import anpr, cv2

    engine = anpr.Engine()                      # bundled models; ONNX Runtime from the onnxruntime package
    for plate in engine.read(cv2.imread("car.jpg")):   # numpy H×W×3 BGR, as OpenCV gives
        print(plate.display, plate.confidence)

One ``Engine`` per process is enough: it is safe to share between threads, and every read releases the GIL.
"""

from __future__ import annotations

from anpr._anpr import (
    AnprError,
    BBox,
    Candidate,
    Engine,
    FormatMatch,
    FrameReads,
    HotlistError,
    ImageDecodeError,
    InferenceError,
    InvalidArgumentError,
    InvalidImageError,
    InvalidPlateError,
    IoError,
    ModelLoadError,
    PlateRead,
    PolicyError,
    RuntimeUnavailableError,
    StageTimings,
    __version__,
)
from anpr._runtime import onnxruntime_library

__all__ = [
    "AnprError",
    "BBox",
    "Candidate",
    "Engine",
    "FormatMatch",
    "FrameReads",
    "HotlistError",
    "ImageDecodeError",
    "InferenceError",
    "InvalidArgumentError",
    "InvalidImageError",
    "InvalidPlateError",
    "IoError",
    "ModelLoadError",
    "PlateRead",
    "PolicyError",
    "RuntimeUnavailableError",
    "StageTimings",
    "__version__",
    "onnxruntime_library",
]
