"""Hotlists, matching and alerts: building, CSV loading, the live set, hits, and their errors."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from conftest import SAMPLE_DIR

import anpr

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def a_read(engine: anpr.Engine, frame: npt.NDArray[np.uint8], quad: list[tuple[float, float]]) -> anpr.PlateRead:
    reads = engine.read_quads(frame, [quad])
    assert reads, "the bundled models read the test plate"
    return reads[0]


def small_hotlist() -> anpr.Hotlist:
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec("12-ABC-3", "stolen_vehicle", reference="PV-1", reason="stolen from driveway"))
    b.add(anpr.EntrySpec("99XYZ9", "missing_person", reference="MP-7", expires=T0 + timedelta(days=1)))
    b.add(anpr.EntrySpec("55-KLM-1", "unpaid_fine", valid_from=T0 + timedelta(days=10)))
    assert len(b) == 3
    return b.build()


def test_lists() -> None:
    lists = anpr.Lists.standard()
    assert "stolen_vehicle" in lists and "nope" not in lists
    assert len(lists) == len(anpr.Lists()) >= 6 and len(anpr.Lists.empty()) == 0
    spec = lists.get("missing_person")
    assert spec is not None and spec.category == "missing_person" and spec.urgency == "immediate"
    custom = anpr.ListSpec("watch", "user_defined", urgency="high", lookalike=False, max_edits=0)
    assert lists.define(custom) is lists
    lists.set_urgency("watch", "low").set_tolerance("watch", lookalike=True, max_edits=2)
    watch = lists.get("watch")
    assert watch is not None and (watch.urgency, watch.lookalike, watch.max_edits) == ("low", True, 2)
    assert [s.name for s in lists.specs()][-1] == "watch"
    assert repr(watch).startswith("ListSpec(name='watch'")
    with pytest.raises(anpr.InvalidArgumentError, match="already defined"):
        lists.define(custom)
    with pytest.raises(anpr.InvalidArgumentError):
        lists.set_urgency("nope", "low")
    with pytest.raises(anpr.InvalidArgumentError, match="unknown urgency"):
        lists.set_urgency("watch", "whenever")
    with pytest.raises(anpr.InvalidArgumentError, match="unknown category"):
        anpr.ListSpec("x", "speeding")


def test_build_and_match_text() -> None:
    h = small_hotlist()
    assert len(h) == 3 and repr(h) == "Hotlist(entries=3)" and h.heap_bytes() > 0
    assert h.contains("12ABC3", T0) and not h.contains("12ABC4", T0)
    (hit,) = h.matches("12ABC3", T0)  # normalised text, as reads carry
    assert (hit.list, hit.reference, hit.kind, hit.score, hit.plate) == ("stolen_vehicle", "PV-1", "exact", 1.0, "12ABC3")
    assert hit.category == "stolen_vehicle" and hit.reason == "stolen from driveway" and not hit.alternative
    (look,) = h.matches("12A8C3", T0)
    assert look.kind == "look_alike" and look.read_text == "12A8C3" and look.lookalikes == 1
    assert h.matches("12A8C3", T0, mode="exact") == []
    (edit,) = h.matches("12ABC", T0)
    assert edit.kind == "edit" and edit.edits == 1
    assert json.dumps(hit.to_dict()) and hit.to_dict()["kind"] == "exact"
    assert repr(hit).startswith("Hit(list='stolen_vehicle'")
    # Validity windows.
    assert h.matches("99XYZ9", T0)[0].expires == T0 + timedelta(days=1)
    assert h.matches("99XYZ9", T0 + timedelta(days=2)) == []
    assert h.matches("55KLM1", T0) == [] and h.matches("55KLM1", T0 + timedelta(days=11))
    assert h.matches("55KLM1", (T0 + timedelta(days=11)).timestamp())  # Unix seconds work too
    assert h.contains("12ABC3")  # default: now
    with pytest.raises(anpr.InvalidArgumentError, match="unknown match mode"):
        h.matches("12ABC3", T0, mode="fuzzy")


def test_batch_matching_agrees_with_single_calls() -> None:
    h = small_hotlist()
    texts = ["12ABC3", "12A8C3", "12ABC", "99XYZ9", "55KLM1", "not a plate", ""] + [f"{i:02d}QQQ{i % 10}" for i in range(20)]
    for at in (T0, T0 + timedelta(days=11)):
        assert h.contains_batch(texts, at) == [h.contains(t, at) for t in texts]
        for mode in ("tolerant", "exact"):
            batch = h.matches_batch(texts, at, mode=mode)
            single = [h.matches(t, at, mode=mode) for t in texts]
            assert [[x.to_dict() for x in hits] for hits in batch] == [[x.to_dict() for x in hits] for hits in single]
            assert h.match_count_batch(texts, at, mode=mode) == [len(hits) for hits in single]
    assert h.contains_batch(["12ABC3", "12ABC4"], T0) == [True, False]
    assert [len(x) for x in h.matches_batch(["12A8C3", "ZZ"], T0)] == [1, 0]
    assert h.contains_batch([], T0) == []
    with pytest.raises(TypeError):
        h.contains_batch("12ABC3", T0)  # one string is not a sequence of plates
    with pytest.raises(anpr.InvalidArgumentError, match="unknown match mode"):
        h.matches_batch(["12ABC3"], T0, mode="fuzzy")
    with pytest.raises(anpr.InvalidArgumentError, match="unknown match mode"):
        h.match_count_batch(["12ABC3"], T0, mode="fuzzy")
    assert h.match_count_batch([], T0) == []


def test_urgent_hits_first() -> None:
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec("12ABC3", "unpaid_fine"))
    b.add(anpr.EntrySpec("12ABC3", "missing_person"))
    hits = b.build().matches("12ABC3", T0)
    assert [x.urgency for x in hits] == ["immediate", "low"]


def test_builder_errors_and_edits() -> None:
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec("12ABC3", "stolen_vehicle"))
    with pytest.raises(anpr.AnprError):
        b.add(anpr.EntrySpec("12-ABC-3", "stolen_vehicle"))  # duplicate
    b.upsert(anpr.EntrySpec("12ABC3", "stolen_vehicle", reference="new"))
    with pytest.raises(anpr.AnprError):
        b.add(anpr.EntrySpec("12ABC3", "no_such_list"))
    with pytest.raises(anpr.InvalidPlateError):
        b.add(anpr.EntrySpec("12€ABC", "stolen_vehicle"))
    with pytest.raises(anpr.InvalidArgumentError, match="naive datetime"):
        anpr.EntrySpec("12ABC3", "stolen_vehicle", expires=datetime(2026, 1, 1))
    b.add(anpr.EntrySpec("77XX77", "unpaid_fine"))
    assert b.remove("unpaid_fine", "77-XX-77") and not b.remove("unpaid_fine", "77XX77")
    assert b.clear_list("stolen_vehicle") == 1 and len(b) == 0
    h = b.build()
    assert len(h) == 0
    with pytest.raises(anpr.InvalidArgumentError, match="already built"):
        b.build()
    derived = small_hotlist().to_builder()
    derived.add(anpr.EntrySpec("11AAA1", "stolen_vehicle"))
    assert len(derived.build()) == 4
    entry = anpr.EntrySpec("12ABC3", "stolen_vehicle", reference="R", reason="why", valid_from=T0)
    assert (entry.plate, entry.list, entry.reference, entry.reason, entry.valid_from, entry.expires) == (
        "12ABC3", "stolen_vehicle", "R", "why", T0, None,
    )


CSV = """plate,list,reference,reason,valid_from,expires
12-ABC-3,stolen_vehicle,PV-2026-001,stolen from driveway,2026-01-01,2026-07-01T00:00:00Z
99XYZ9,missing_person,MP-77,"vulnerable adult, call 112",,
BAD€,stolen_vehicle,X,,,
"""


def test_csv_loading(tmp_path: Path) -> None:
    loaded = anpr.CsvLoader().load(CSV)
    assert len(loaded.hotlist) == 2
    (rejected,) = loaded.rejected
    assert rejected.line == 4 and rejected.reason
    assert repr(loaded) == "Loaded(entries=2, rejected=1)"
    assert anpr.CsvLoader().load(CSV.encode()).rejected == loaded.rejected
    path = tmp_path / "hotlist.csv"
    path.write_text(CSV)
    assert len(anpr.CsvLoader().load_path(path).hotlist) == 2
    with pytest.raises(anpr.HotlistError, match="line 4"):
        anpr.CsvLoader(strict=True).load_path(path)
    with pytest.raises(anpr.IoError):
        anpr.CsvLoader().load_path(tmp_path / "missing.csv")
    with pytest.raises(anpr.HotlistError):
        anpr.CsvLoader().load("")
    with pytest.raises(TypeError):
        anpr.CsvLoader().load(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        anpr.CsvLoader(threads=0)
    hit = loaded.hotlist.matches("99XYZ9", T0)[0]
    assert hit.reason == "vulnerable adult, call 112"


def test_matches_read_and_the_live_set(
    engine: anpr.Engine, plate_frame: npt.NDArray[np.uint8], plate_frame_quad: list[tuple[float, float]]
) -> None:
    read = a_read(engine, plate_frame, plate_frame_quad)
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec(read.text, "wanted_person", reference="W-1"))
    h = b.build()
    (hit,) = h.matches_read(read, T0)
    assert hit.kind == "exact" and hit.read_text == read.text and hit.candidate_rank == 0

    live = anpr.HotlistSet()
    assert len(live) == 0 and live.matches_read(read, T0) == []
    old = live.replace(h)
    assert len(old) == 0 and len(live) == 1 and live.contains(read.text, T0)
    assert live.matches_read(read, T0) == [hit]
    live.apply(remove=[("wanted_person", read.text)], upsert=[anpr.EntrySpec("12ABC3", "stolen_vehicle")])
    assert live.matches_read(read, T0) == [] and live.contains("12ABC3", T0)
    live.replace_list("stolen_vehicle", [anpr.EntrySpec("34DEF5", "stolen_vehicle")])
    assert not live.contains("12ABC3", T0) and live.contains("34DEF5", T0)
    live.apply(clear_lists=["stolen_vehicle"])
    assert len(live.snapshot()) == 0
    with pytest.raises(anpr.HotlistError):
        live.replace_list("stolen_vehicle", [anpr.EntrySpec("12ABC3", "unpaid_fine")])
    assert repr(anpr.HotlistSet(h)) == "HotlistSet(entries=1)"


def test_matching_from_threads_while_the_set_changes() -> None:
    live = anpr.HotlistSet(small_hotlist())
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            live.apply(upsert=[anpr.EntrySpec(f"{i % 90 + 10}XX{i % 9}", "unpaid_fine")])
            i += 1

    def reader(_: int) -> bool:
        return all(live.contains("12ABC3", T0) for _ in range(200))

    w = threading.Thread(target=writer)
    w.start()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert all(pool.map(reader, range(8), timeout=120))
    finally:
        stop.set()
        w.join(60)


def test_hashed_lists() -> None:
    key = b"k" * 32
    with pytest.raises(anpr.AnprError):
        anpr.HotlistBuilder(hash_key=b"short")
    assert len(anpr.HotlistBuilder(hash_key=key).build()) == 0
    assert len(anpr.CsvLoader(hash_key=key).load("plate_hmac,list\n").hotlist) == 0


def test_sample_hotlist_loads_cleanly() -> None:
    path = SAMPLE_DIR / "hotlist.csv"
    if not path.is_file():
        pytest.skip(f"no sample hotlist at {path}")
    loaded = anpr.CsvLoader(strict=True).load_path(path)
    assert loaded.rejected == [] and len(loaded.hotlist) > 0
    first = path.read_text().splitlines()[1].split(",")
    hits = loaded.hotlist.matches(anpr.normalize(first[0]), datetime(2026, 11, 25, tzinfo=timezone.utc))
    assert hits and hits[0].list == first[1] and hits[0].reference == first[2]


def test_a_tracker_pass_is_matched_by_its_text(
    engine: anpr.Engine, plate_frame: npt.NDArray[np.uint8], plate_frame_quad: list[tuple[float, float]]
) -> None:
    read = a_read(engine, plate_frame, plate_frame_quad)
    tracker = anpr.Tracker(early_confidence=None)
    tracker.update(0.0, [read])
    (p,) = tracker.finish()
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec(p.text, "stolen_vehicle"))
    assert b.build().matches(p.text)[0].kind == "exact"


def test_csv_loading_on_one_or_two_threads_gives_the_same_list() -> None:
    # Large enough (60,000 lines) for the two-thread parse; a duplicate within the first half, one across the halves.
    lines = [f"{i:06d}AB,stolen_vehicle,R{i}" for i in range(60_000)]
    lines[10] = lines[5]
    lines[59_000] = lines[7]
    text = "plate,list,reference\n" + "\n".join(lines) + "\n"
    one = anpr.CsvLoader(threads=1).load(text)
    two = anpr.CsvLoader(threads=2).load(text)
    assert len(one.hotlist) == len(two.hotlist) == 59_998
    assert [(r.line, r.reason) for r in one.rejected] == [(r.line, r.reason) for r in two.rejected]
    assert [r.line for r in two.rejected] == [12, 59_002]
