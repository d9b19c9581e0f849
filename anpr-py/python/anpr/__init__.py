"""anpr: automatic number plate recognition and hotlist matching.

Quick start::

    import anpr, cv2

    engine = anpr.Engine()                           # bundled models; ONNX Runtime from the onnxruntime package
    hotlist = anpr.CsvLoader().load_path("hotlist.csv").hotlist
    for plate in engine.read(cv2.imread("car.jpg")):  # numpy H×W×3 BGR, as OpenCV gives (rgb=True for RGB)
        print(plate.display, plate.confidence, [hit.list for hit in hotlist.matches_read(plate)])

One ``Engine`` per process is enough: it is safe to share between threads, and reading and matching release the
GIL. Streams: ``Tracker`` turns per-frame reads into one ``Pass`` per vehicle. Privacy: ``assess`` turns a read
into an ``Alert`` (hotlist hit) or a ``NoHitRecord`` without plate text (optionally with a ``Pseudonym``), under a
``RetentionPolicy``. Errors are ``AnprError`` subclasses (``InvalidImageError`` is also a ``ValueError``, …).
"""

from __future__ import annotations

from collections.abc import Sequence as _Sequence

from anpr._anpr import (
    Alert,
    AlertDeduper,
    PassMatcher,
    AnprError,
    assess,
    BBox,
    BestView,
    Candidate,
    classify,
    CsvLoader,
    display,
    Engine,
    EntrySpec,
    FormatMatch,
    FrameReads,
    Hit,
    Hotlist,
    HotlistBuilder,
    HotlistError,
    HotlistSet,
    ImageDecodeError,
    InferenceError,
    InvalidArgumentError,
    InvalidImageError,
    InvalidPlateError,
    IoError,
    Lists,
    ListSpec,
    Loaded,
    ModelLoadError,
    NoHitRecord,
    normalize,
    parse,
    Pass,
    PassageRecord,
    Plate,
    PlateRead,
    PolicyError,
    Pseudonym,
    Pseudonymizer,
    Rejected,
    RetentionPolicy,
    RuntimeUnavailableError,
    StageTimings,
    Tracker,
    __version__,
)
from anpr._runtime import onnxruntime_library

__all__ = [
    "Alert",
    "AlertDeduper",
    "PassMatcher",
    "AnprError",
    "assess",
    "BBox",
    "BestView",
    "Candidate",
    "classify",
    "CsvLoader",
    "display",
    "Engine",
    "EntrySpec",
    "FormatMatch",
    "FrameReads",
    "Hit",
    "Hotlist",
    "HotlistBuilder",
    "HotlistError",
    "HotlistSet",
    "ImageDecodeError",
    "InferenceError",
    "InvalidArgumentError",
    "InvalidImageError",
    "InvalidPlateError",
    "IoError",
    "Lists",
    "ListSpec",
    "Loaded",
    "ModelLoadError",
    "NoHitRecord",
    "normalize",
    "parse",
    "Pass",
    "PassageRecord",
    "Plate",
    "PlateRead",
    "PolicyError",
    "Pseudonym",
    "Pseudonymizer",
    "Rejected",
    "RetentionPolicy",
    "RuntimeUnavailableError",
    "StageTimings",
    "Tracker",
    "__version__",
    "onnxruntime_library",
]

_Sequence.register(FrameReads)
