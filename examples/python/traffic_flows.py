#!/usr/bin/env python3
# %% [markdown]
# # Counting traffic flows without keeping plates
#
# Two cameras, A and B: how many vehicles seen at A are later seen at B, per hour and per country — without
# storing a single plate number? Every read goes through `anpr.assess`: a read that hits the hotlist becomes an
# `Alert`; every other read becomes a `NoHitRecord` that holds **no plate text**, only a `Pseudonym` (a keyed
# token, equal for the same plate within one day, unlinkable across days). Flows are counted on those tokens.
#
# Run it as a script (`python examples/python/traffic_flows.py FOLDER_A FOLDER_B`), or cell by cell in an editor
# that understands `# %%` cells. Each camera is a folder of JPEG/PNG frames named in time order. Without
# arguments it splits `examples/data/` into two pretend cameras.

# %%
from __future__ import annotations

import os
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import anpr

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)  # when the recordings start
FRAME_INTERVAL = timedelta(seconds=2)  # time between two frames of a folder
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}

# %% [markdown]
# ## Set-up: the engine, the live hotlist, the retention policy and the pseudonymiser
#
# The pseudonym key would come from a key store; destroying it later makes the tokens unlinkable for good.

# %%
engine = anpr.Engine(countries=["NL", "BE", "DE"])
hotlist_csv = ROOT / "examples" / "data" / "hotlist.csv"
live = anpr.HotlistSet(anpr.CsvLoader().load_path(hotlist_csv).hotlist if hotlist_csv.is_file() else None)
policy = anpr.RetentionPolicy(no_hit=timedelta(days=1))  # text-free records kept one day for the study
key = os.environ.get("ANPR_FLOW_KEY", "demo key: use a real secret").encode()
pseudonyms = anpr.Pseudonymizer.derived(key, timedelta(days=1))

# %% [markdown]
# ## Read both cameras
#
# `read_batch` reads a list of files in one call with the GIL released.

# %%
def camera(frames: list[Path], start: datetime) -> list[anpr.NoHitRecord | anpr.Alert | anpr.PassageRecord]:
    """Every read of one camera, as what the privacy policy leaves of it."""
    records: list[anpr.NoHitRecord | anpr.Alert | anpr.PassageRecord] = []
    for i, reads in enumerate(engine.read_batch(frames)):
        at = start + i * FRAME_INTERVAL
        records += [anpr.assess(read, live, policy, pseudonyms=pseudonyms, now=at) for read in reads]
    return records


def frames_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


if len(sys.argv) == 3:
    camera_a = camera(frames_in(Path(sys.argv[1])), START)
    camera_b = camera(frames_in(Path(sys.argv[2])), START)
else:
    frames = frames_in(ROOT / "examples" / "data")
    half = len(frames) // 2
    print(f"no folders given: {len(frames)} sample frames split into two pretend cameras", file=sys.stderr)
    camera_a = camera(frames[:half], START)
    camera_b = camera(frames[half:] + frames[:1], START + timedelta(minutes=5))  # one vehicle passes both

# %% [markdown]
# ## What is left: alerts, and records without plate text

# %%
alerts = [r for r in camera_a + camera_b if isinstance(r, anpr.Alert)]
flow_a = [r for r in camera_a if isinstance(r, anpr.NoHitRecord)]
flow_b = [r for r in camera_b if isinstance(r, anpr.NoHitRecord)]
print(f"camera A: {len(camera_a)} reads, camera B: {len(camera_b)} reads, {len(alerts)} hotlist alerts")
for alert in alerts:
    print(f"  ALERT {alert.display} ({alert.urgency}): {', '.join(h.list for h in alert.hits)}")

# %% [markdown]
# ## Flows: a token seen at A, then at B (within its day)

# %%
first_at_a: dict[anpr.Pseudonym, datetime] = {}
for r in flow_a:
    if r.pseudonym is not None:
        first_at_a.setdefault(r.pseudonym, r.at)

flows: Counter[tuple[str, str]] = Counter()
counted: set[anpr.Pseudonym] = set()
for r in flow_b:
    token = r.pseudonym
    if token is not None and token not in counted and token in first_at_a and first_at_a[token] <= r.at:
        counted.add(token)  # each vehicle once, at its first sighting at B
        flows[(first_at_a[token].strftime("%H:00"), r.country or "??")] += 1

print(f"{len(first_at_a)} distinct vehicles at A, {sum(flows.values())} of them later at B")
for (hour, country), n in sorted(flows.items()):
    print(f"  {hour} {country}: {n}")

# %% [markdown]
# For pandas, `pd.DataFrame([r.to_dict() for r in flow_a])` gives one row per read with the time, the
# confidence, the country and the token — never the plate.

# %%
rows = [r.to_dict() for r in flow_a]
assert all("plate" not in row for row in rows)
