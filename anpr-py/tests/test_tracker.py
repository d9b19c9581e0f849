"""The tracker (one per stream) with pass events, and the alert deduper."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import PLATE_CORNERS, PLATE_TEXT, plate_in_frame

import anpr



def moving_reads(engine: anpr.Engine, steps: int) -> list[anpr.FrameReads]:
    """A real plate drifting across a grey frame, 4 px right and 2 px down a frame, read at its corners.

    Each frame holds the same plate pixels at a whole-pixel offset, so every read sees the same crop and the
    tests do not hang on how a model reads a plate that moves by a fraction of a pixel.
    """
    out = []
    for i in range(steps):
        dx, dy = 40 + 4 * i, 60 + 2 * i
        out.append(engine.read_quads(plate_in_frame(dx, dy), [[(x + dx, y + dy) for x, y in PLATE_CORNERS]]))
    return out


def test_tracker_emits_one_pass_per_vehicle(engine: anpr.Engine) -> None:
    tracker = anpr.Tracker(early_confidence=None)
    frames = moving_reads(engine, 6)
    emitted: list[anpr.Pass] = []
    for i, reads in enumerate(frames):
        emitted += tracker.update(i * 0.1, reads)
    assert len(tracker) == 1 and tracker.stats()["tracks"] == 1 and tracker.stats()["heap_bytes"] > 0
    emitted += tracker.update(10.0, [])  # the gap ends the track
    emitted += tracker.finish()
    assert len(tracker) == 0
    (p,) = emitted
    assert p.frames == 6 and not p.early
    assert p.first_seen == 0.0 and p.last_seen == pytest.approx(0.5)
    assert p.text == PLATE_TEXT and p.candidates[0].text == p.text and len(p.char_confidences) == len(p.text)
    assert p.direction in ("towards", "away", "unknown") and 0.0 <= p.confidence <= 1.0
    assert isinstance(p.best_view, anpr.BestView) and len(p.best_view.corners) == 4
    assert 0.0 <= p.best_view.timestamp <= 0.5 and p.best_view.bbox.width > 0
    d = p.to_dict()
    assert json.dumps(d) and d["track_id"] == p.track_id and d["best_view"] == p.best_view.to_dict()
    assert repr(p).startswith(f"Pass(track_id={p.track_id}, text='{p.text}'")
    assert repr(tracker) == "Tracker(live_tracks=0)"


def test_tracker_accepts_lists_of_reads(engine: anpr.Engine) -> None:
    tracker = anpr.Tracker(min_frames=2, early_confidence=None)
    frames = moving_reads(engine, 3)
    for i, reads in enumerate(frames):
        assert tracker.update(float(i), list(reads)) == []
    (p,) = tracker.finish()
    assert p.frames == 3 and p.text == PLATE_TEXT


def test_tracker_settings_are_checked() -> None:
    with pytest.raises(anpr.InvalidArgumentError, match="max_gap_s"):
        anpr.Tracker(max_gap_s=-1.0)
    with pytest.raises(anpr.InvalidArgumentError, match="early_confidence"):
        anpr.Tracker(early_confidence=2.0)
    with pytest.raises(anpr.InvalidArgumentError, match="max_tracks"):
        anpr.Tracker(max_tracks=0)
    with pytest.raises(TypeError):
        anpr.Tracker().update(0.0, "not reads")  # type: ignore[arg-type]


def test_alert_deduper() -> None:
    d = anpr.AlertDeduper(60.0, 100)
    assert d.should_alert("12ABC3", 0.0)
    assert not d.should_alert("12ABC3", 30.0)
    assert d.should_alert("34DEF5", 30.0)
    assert d.should_alert("12ABC3", 61.0)
    assert len(d) >= 1 and repr(d).startswith("AlertDeduper(")
    with pytest.raises(anpr.InvalidArgumentError):
        anpr.AlertDeduper(-1.0, 10)
    with pytest.raises(anpr.InvalidArgumentError):
        anpr.AlertDeduper(1.0, 0)


def test_pass_matcher_alerts_once_per_entry_and_keeps_no_text_of_misses(engine: anpr.Engine) -> None:
    tracker = anpr.Tracker(early_confidence=None)
    for i, reads in enumerate(moving_reads(engine, 4)):
        tracker.update(i * 0.1, reads)
    (p,) = tracker.finish()
    b = anpr.HotlistBuilder()
    b.add(anpr.EntrySpec(p.text, "stolen_vehicle", reference="PM-1"))
    wanted = b.build()
    policy = anpr.RetentionPolicy(hit=datetime.timedelta(days=2))
    now = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
    m = anpr.PassMatcher(window_s=60.0, policy=policy)
    record, alert = m.assess(p, wanted, now=now)
    assert alert and isinstance(record, anpr.Alert) and record.plate == p.text
    assert record.delete_by == now + datetime.timedelta(days=2)
    record, alert = m.assess(p, wanted, now=now)  # the same pass again, within the window
    assert not alert and isinstance(record, anpr.Alert)

    record, alert = anpr.PassMatcher().assess(p, anpr.HotlistBuilder().build(), now=now)
    assert not alert and isinstance(record, anpr.NoHitRecord)
    assert p.text not in json.dumps(record.to_dict(), default=str)
    with pytest.raises(anpr.InvalidArgumentError):
        anpr.PassMatcher(window_s=-1.0)
    with pytest.raises(TypeError):
        m.assess(p, "not a hotlist")  # type: ignore[arg-type]
