"""A real read of the project's sample frames (examples/data), when present.

Expected texts come from `examples/data/expected.json` (`{"file name": ["PLATE", ...]}`) when it exists, else
from file names of the form `<PLATE>[_anything].png`; they are asserted only with trained models (a model card
next to the models, `models/*.md` other than CONTRACT.md), since development checkouts may carry random-weight
models.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import IMAGE_SUFFIXES, REPO, SAMPLE_DIR

import anpr

pytestmark = pytest.mark.sample_frames


def sample_frames() -> list[Path]:
    if not SAMPLE_DIR.is_dir():
        return []
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def expected_texts() -> dict[str, list[str]]:
    manifest = SAMPLE_DIR / "expected.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        return {str(k): [str(t) for t in v] for k, v in data.items()}
    return {}


def trained_models() -> bool:
    cards = [p for p in (REPO / "models").glob("*.md") if p.name != "CONTRACT.md"]
    return bool(cards)


@pytest.mark.skipif(not sample_frames(), reason=f"no sample frames under {SAMPLE_DIR} yet")
def test_read_sample_frames(engine: anpr.Engine) -> None:
    frames = sample_frames()
    by_file = engine.read_batch(frames)
    assert len(by_file) == len(frames)
    for path, reads in zip(frames, by_file):
        assert reads.plates == engine.read_file(path).plates, path
        for plate in reads:
            assert plate.text.isalnum()
    expected = expected_texts()
    if not expected or not trained_models():
        pytest.skip("texts not asserted: no examples/data/expected.json or no trained models (models/*.md)")
    for path, reads in zip(frames, by_file):
        if path.name in expected:
            assert sorted(p.text for p in reads) == sorted(anpr_normalise(t) for t in expected[path.name]), path


def anpr_normalise(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())
