"""Finding the ONNX Runtime shared library that the engine loads (one ONNX Runtime per process)."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import Optional

__all__ = ["onnxruntime_library"]

_VERSIONED = re.compile(r"^(lib)?onnxruntime(\.so(\.\d+)+|\.\d+(\.\d+)*\.dylib|\.dylib|\.so|\.dll)$")


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.name))


def onnxruntime_library() -> Optional[str]:
    """The ONNX Runtime library the engine uses when ``Engine(ort_library=...)`` is not given.

    ``ORT_DYLIB_PATH`` wins when set (then this returns ``None`` and the engine reads the variable); otherwise the
    library shipped by the installed ``onnxruntime`` package (``onnxruntime/capi/libonnxruntime.so.<version>``),
    found without importing it. ``None`` when neither exists: building an engine then raises
    ``RuntimeUnavailableError`` saying how to install it.
    """
    if os.environ.get("ORT_DYLIB_PATH"):
        return None
    try:
        spec = importlib.util.find_spec("onnxruntime")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        capi = Path(location) / "capi"
        if not capi.is_dir():
            continue
        found = sorted((p for p in capi.iterdir() if _VERSIONED.match(p.name)), key=_version_key, reverse=True)
        if found:
            return str(found[0])
    return None
