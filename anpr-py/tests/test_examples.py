"""The Python examples run (smoke tests on synthetic frames)."""

from __future__ import annotations

import csv
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, png_bytes, synthetic_frame

EXAMPLES = REPO / "examples" / "python"


def write_frames(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rgb = np.ascontiguousarray(synthetic_frame(seed=i)[:, :, ::-1])
        (folder / f"frame{i:03d}.png").write_bytes(png_bytes(rgb))


def test_read_folder_writes_a_csv_of_reads_and_hits(tmp_path: Path) -> None:
    write_frames(tmp_path / "frames", 3)
    hotlist = tmp_path / "hotlist.csv"
    hotlist.write_text("plate,list,reference\n12-ABC-3,stolen_vehicle,PV-1\nBAD€,stolen_vehicle,X\n")
    out = tmp_path / "reads.csv"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "read_folder.py"), str(tmp_path / "frames"), "--hotlist", str(hotlist),
         "--out", str(out), "--batch", "2"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "hotlist: 1 entries" in result.stderr and ":3: skipped" in result.stderr
    with out.open() as f:
        rows = list(csv.DictReader(f))
    with out.open() as f:
        header = next(csv.reader(f))
    assert header[:3] == ["source", "timestamp", "text"] and "hit_lists" in header
    assert all(r["source"].startswith("frame") for r in rows)


def test_read_folder_rejects_other_sources(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "read_folder.py"), str(tmp_path / "notes.txt")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode != 0 and "neither a folder nor a video" in result.stderr


def test_traffic_flows_counts_tokens_not_plates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_frames(tmp_path / "a", 2)
    write_frames(tmp_path / "b", 2)
    monkeypatch.setattr(sys, "argv", ["traffic_flows.py", str(tmp_path / "a"), str(tmp_path / "b")])
    runpy.run_path(str(EXAMPLES / "traffic_flows.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "camera A:" in out and "distinct vehicles at A" in out
