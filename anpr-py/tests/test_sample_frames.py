"""A real read of the project's sample frames (`examples/data/*.jpg`, labels in `labels.jsonl`).

Every frame is read through each input path (file, bytes, batch) with the same result, and the bundled models
must read exactly the labelled texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DIR

import anpr

pytestmark = pytest.mark.sample_frames

LABELS = SAMPLE_DIR / "labels.jsonl"


def labels() -> dict[str, list[str]]:
    if not LABELS.is_file():
        return {}
    out: dict[str, list[str]] = {}
    for line in LABELS.read_text().splitlines():
        if line.strip():
            item = json.loads(line)
            out[str(item["image"])] = [str(p["text"]) for p in item["plates"]]
    return out


needs_samples = pytest.mark.skipif(not labels(), reason=f"no sample frames with labels under {SAMPLE_DIR}")


@needs_samples
def test_every_input_path_reads_the_same(engine: anpr.Engine) -> None:
    frames = [SAMPLE_DIR / name for name in labels()]
    batch = engine.read_batch(frames)
    assert len(batch) == len(frames)
    for path, reads in zip(frames, batch):
        assert reads.plates == engine.read_file(path).plates, path
        assert reads.plates == engine.read_encoded(path.read_bytes()).plates, path
        for plate in reads:
            assert plate.text.isalnum() and 0.0 <= plate.confidence <= 1.0


@needs_samples
def test_sample_texts(engine: anpr.Engine) -> None:
    for name, texts in labels().items():
        reads = engine.read_file(SAMPLE_DIR / name)
        assert sorted(p.text for p in reads) == sorted(texts), name


@needs_samples
def test_sample_hotlist_parses(engine: anpr.Engine) -> None:
    hotlist = SAMPLE_DIR / "hotlist.csv"
    if not hotlist.is_file():
        pytest.skip("no sample hotlist")
    for line in hotlist.read_text().splitlines()[1:]:
        if line.strip():
            plate = anpr.parse(line.split(",")[0], ["NL"])
            assert plate.text.isalnum()
