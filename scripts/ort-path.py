"""Print the path of the ONNX Runtime shared library shipped by the installed `onnxruntime` wheel."""
import glob
import os
import sys

try:
    import onnxruntime
except ImportError:
    sys.exit("onnxruntime is not installed in this Python: run `make setup`")

capi = os.path.join(os.path.dirname(onnxruntime.__file__), "capi")
# Only the versioned file exists (libonnxruntime.so.1.32.0); pick the one with the longest name.
found = sorted(glob.glob(os.path.join(capi, "libonnxruntime.so*")) + glob.glob(os.path.join(capi, "libonnxruntime*.dylib")), key=len)
if not found:
    sys.exit(f"no libonnxruntime in {capi}")
print(os.path.abspath(found[-1]))
