"""Cut `anpr-py/tests/data/plate_64XPRX.npy` (the Python tracker tests' plate) out of the sample frame `examples/data/nl_day_1.jpg`.

The sample frames are rendered by `training/make_samples.py`, so the cut is licence-clean. The tests load the
array with numpy alone (the test environment has no image decoder). Rerun with any Python that has Pillow:

    training/.venv/bin/python training/cut_test_plate.py
"""

from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
FRAME = REPO / "examples" / "data" / "nl_day_1.jpg"
OUT = REPO / "anpr-py" / "tests" / "data" / "plate_64XPRX.npy"
# x0, y0, x1, y1: the labelled plate (551.8..775.0 × 416.3..464.3) with a margin of road and bumper.
CUT = (520, 396, 808, 484)

rgb = np.asarray(Image.open(FRAME).convert("RGB").crop(CUT), dtype=np.uint8)
np.save(OUT, np.ascontiguousarray(rgb[:, :, ::-1]))  # BGR, the engine's default order
