#!/usr/bin/env python3
"""Read every plate in a folder of images (or in a video, when OpenCV is installed) and write a CSV of the reads
and their hotlist hits.

    python examples/python/read_folder.py examples/data --hotlist examples/data/hotlist.csv --out reads.csv
    python examples/python/read_folder.py traffic.mp4 --every 5 --out reads.csv      # needs opencv-python

One row per plate read: source (file name or video frame), timestamp (video only, seconds), text, display form,
confidence, country, format, box, and the hotlist lists/references it hit (semicolon-separated; empty without
--hotlist or when nothing matched).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import anpr

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv", ".webm"}
COLUMNS = [
    "source", "timestamp", "text", "display", "confidence", "country", "format",
    "x1", "y1", "x2", "y2", "hit_lists", "hit_references", "hit_kinds",
]


def images(folder: Path, batch: int) -> Iterator[tuple[list[str], list[Path], list[Optional[float]]]]:
    """Batches of image paths, sorted by name."""
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    for i in range(0, len(paths), batch):
        chunk = paths[i : i + batch]
        yield [p.name for p in chunk], chunk, [None] * len(chunk)


def video_frames(path: Path, every: int, batch: int) -> Iterator[tuple[list[str], list[Any], list[Optional[float]]]]:
    """Batches of every `every`-th BGR frame of a video, through OpenCV."""
    try:
        import cv2  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        sys.exit("reading a video needs OpenCV: pip install opencv-python-headless")
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        sys.exit(f"cannot open video {path}")
    names: list[str] = []
    frames: list[Any] = []
    stamps: list[Optional[float]] = []
    index = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        if index % every == 0:
            names.append(f"{path.name}#{index}")
            frames.append(frame)  # H×W×3 BGR uint8: the engine's default layout
            stamps.append(capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0)
            if len(frames) == batch:
                yield names, frames, stamps
                names, frames, stamps = [], [], []
        index += 1
    capture.release()
    if frames:
        yield names, frames, stamps


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a folder of JPEG/PNG images, or a video file")
    parser.add_argument("--out", type=Path, default=None, help="CSV to write (default: standard output)")
    parser.add_argument("--hotlist", type=Path, default=None, help="hotlist CSV to match the reads against")
    parser.add_argument("--countries", default="NL", help="comma-separated country codes to expect (default NL)")
    parser.add_argument("--min-confidence", type=float, default=0.0, help="drop reads below this confidence")
    parser.add_argument("--every", type=int, default=1, help="video: read every N-th frame (default 1)")
    parser.add_argument("--batch", type=int, default=8, help="images per engine call (default 8)")
    args = parser.parse_args(argv)

    engine = anpr.Engine(countries=args.countries.split(","), min_confidence=args.min_confidence)
    hotlist: Optional[anpr.Hotlist] = None
    if args.hotlist is not None:
        loaded = anpr.CsvLoader().load_path(args.hotlist)
        for rejected in loaded.rejected:
            print(f"{args.hotlist}:{rejected.line}: skipped: {rejected.reason}", file=sys.stderr)
        hotlist = loaded.hotlist
        print(f"hotlist: {len(hotlist)} entries from {args.hotlist}", file=sys.stderr)

    if args.source.is_dir():
        batches: Iterator[tuple[list[str], list[Any], list[Optional[float]]]] = images(args.source, args.batch)
    elif args.source.suffix.lower() in VIDEO_SUFFIXES:
        batches = video_frames(args.source, max(1, args.every), args.batch)
    else:
        parser.error(f"{args.source} is neither a folder nor a video ({', '.join(sorted(VIDEO_SUFFIXES))})")

    out = open(args.out, "w", newline="") if args.out else sys.stdout
    reads_total = hits_total = 0
    try:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for names, items, stamps in batches:
            for name, stamp, reads in zip(names, stamps, engine.read_batch(items)):
                for plate in reads:
                    hits = hotlist.matches_read(plate) if hotlist is not None else []
                    reads_total += 1
                    hits_total += bool(hits)
                    b = plate.bbox
                    writer.writerow([
                        name,
                        "" if stamp is None else f"{stamp:.3f}",
                        plate.text,
                        plate.display,
                        f"{plate.confidence:.4f}",
                        plate.country or "",
                        plate.format.name if plate.format else "",
                        f"{b.x1:.1f}", f"{b.y1:.1f}", f"{b.x2:.1f}", f"{b.y2:.1f}",
                        ";".join(h.list for h in hits),
                        ";".join(h.reference for h in hits),
                        ";".join(h.kind for h in hits),
                    ])
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{reads_total} plates read, {hits_total} with hotlist hits", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
