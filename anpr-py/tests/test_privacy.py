"""Retention, pseudonyms and the combined read-and-match step (`assess`)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import numpy.typing as npt
import pytest

import anpr

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
KEY = bytes(range(32))


def test_retention_policy() -> None:
    p = anpr.RetentionPolicy()
    assert p.no_hit_retention == timedelta(0) and p.hit_retention == timedelta(days=28)
    assert p.image_retention == timedelta(days=7) and p.passage_retention is None
    q = anpr.RetentionPolicy(no_hit=3600, hit=timedelta(days=14), image=timedelta(days=1), keep_all_passages=60.0)
    assert (q.no_hit_retention, q.hit_retention, q.passage_retention) == (
        timedelta(hours=1), timedelta(days=14), timedelta(minutes=1),
    )
    assert q == anpr.RetentionPolicy(no_hit=3600, hit=timedelta(days=14), image=86400, keep_all_passages=60)
    assert repr(p).startswith("RetentionPolicy(")
    with pytest.raises(anpr.PolicyError, match="28 days"):
        anpr.RetentionPolicy(hit=timedelta(days=29))
    with pytest.raises(anpr.PolicyError, match="negative"):
        anpr.RetentionPolicy(image=-1)
    with pytest.raises(TypeError):
        anpr.RetentionPolicy(hit="forever")  # type: ignore[arg-type]


def test_pseudonyms() -> None:
    p = anpr.Pseudonymizer.derived(KEY, timedelta(days=1))
    a = p.pseudonym("12ABC3", T0)
    assert a == p.pseudonym("12ABC3", T0 + timedelta(hours=11)) and hash(a) == hash(p.pseudonym("12ABC3", T0))
    assert a != p.pseudonym("12ABC3", T0 + timedelta(days=1))
    assert a != p.pseudonym("12ABC4", T0)
    assert len(a.token) == 32 and a.period_start == datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert a.to_dict() == {"token": a.token, "period_start": "2026-03-01T00:00:00Z"}
    assert len({a, p.pseudonym("12ABC3", T0)}) == 1
    day = datetime(2026, 3, 1, tzinfo=timezone.utc)
    supplied = anpr.Pseudonymizer.per_period(86400, {day: b"x" * 16})
    assert supplied.pseudonym("12ABC3", T0).period_start == day
    with pytest.raises(anpr.PolicyError, match="no pseudonym key"):
        supplied.pseudonym("12ABC3", T0 + timedelta(days=1))
    with pytest.raises(anpr.PolicyError, match="16 bytes"):
        anpr.Pseudonymizer.derived(b"short", timedelta(days=1))
    with pytest.raises(anpr.PolicyError, match="one minute"):
        anpr.Pseudonymizer.derived(KEY, 1)
    with pytest.raises(anpr.PolicyError, match="boundary"):
        anpr.Pseudonymizer.per_period(86400, {T0: b"x" * 16})


def test_assess_hit_no_hit_and_passage(
    engine: anpr.Engine, plate_frame: npt.NDArray[np.uint8], plate_frame_quad: list[tuple[float, float]]
) -> None:
    reads = engine.read_quads(plate_frame, [plate_frame_quad])
    assert reads, "the bundled models read the test plate"
    read = reads[0]
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec(read.text, "stolen_vehicle", reference="PV-9"))
    hot = b.build()
    empty = anpr.Hotlist.empty()

    alert = anpr.assess(read, anpr.HotlistSet(hot), now=T0)
    assert isinstance(alert, anpr.Alert) and alert.outcome == "hit"
    assert alert.plate == read.text and alert.display == read.display and alert.urgency == "elevated"
    assert [h.reference for h in alert.hits] == ["PV-9"] and alert.bbox == read.bbox
    assert alert.at == T0 and alert.delete_by == T0 + timedelta(days=28)
    assert alert.image_delete_by == T0 + timedelta(days=7)
    d = alert.to_dict()
    assert d["outcome"] == "hit" and d["hits"][0]["reference"] == "PV-9" and json.dumps(d)
    assert repr(alert).startswith(f"Alert(plate='{read.text}'")

    pseudonyms = anpr.Pseudonymizer.derived(KEY, timedelta(days=1))
    record = anpr.assess(read, empty, anpr.RetentionPolicy(no_hit=60), pseudonyms=pseudonyms, now=T0)
    assert isinstance(record, anpr.NoHitRecord) and record.outcome == "no_hit"
    assert record.delete_by == T0 + timedelta(minutes=1) and record.confidence == read.confidence
    assert record.pseudonym == pseudonyms.pseudonym(read.text, T0)
    d = record.to_dict()
    assert read.text not in json.dumps(d) and read.display not in json.dumps(d)
    assert "plate" not in d and d["pseudonym"]["token"] == record.pseudonym.token
    assert anpr.assess(read, empty, now=T0).pseudonym is None  # type: ignore[union-attr]
    assert read.text  # the Python read is the caller's; the core scrubbed its own copy

    passage = anpr.assess(read, empty, anpr.RetentionPolicy(keep_all_passages=timedelta(days=2)), now=T0)
    assert isinstance(passage, anpr.PassageRecord) and passage.outcome == "passage"
    assert passage.plate == read.text and passage.delete_by == T0 + timedelta(days=2)
    assert passage.to_dict()["plate"] == read.text and repr(passage).startswith("PassageRecord(")

    with pytest.raises(TypeError, match="Hotlist or anpr.HotlistSet"):
        anpr.assess(read, [])  # type: ignore[arg-type]
    assert anpr.assess(read, hot).at.tzinfo is not None  # default: now
