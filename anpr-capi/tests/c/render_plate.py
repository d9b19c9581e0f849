#!/usr/bin/env python3
"""Render the C tests' sample frame (a car-like shape with a Dutch-style yellow plate) as a PNG, stdlib only.

    python3 anpr-capi/tests/c/render_plate.py anpr-capi/tests/data/plate.png
"""
import struct
import sys
import zlib

W, H = 480, 270
FONT = {  # 5x7 bitmaps, one string per row
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
    "C": ["01110", "10001", "10000", "10000", "10000", "10001", "01110"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
}


def render():
    px = [[(90 + y // 6, 90 + y // 6, 95 + y // 6) for _ in range(W)] for y in range(H)]

    def rect(x0, y0, x1, y1, c):
        for y in range(max(0, y0), min(H, y1)):
            for x in range(max(0, x0), min(W, x1)):
                px[y][x] = c

    rect(90, 70, 390, 240, (150, 20, 30))  # car body
    rect(120, 80, 360, 140, (40, 50, 60))  # windscreen
    rect(160, 180, 320, 216, (0, 0, 0))  # plate border
    rect(162, 182, 318, 214, (250, 200, 20))  # yellow plate
    x = 170
    for ch in "12-ABC-3":
        for r, row in enumerate(FONT[ch]):
            for c, bit in enumerate(row):
                if bit == "1":
                    rect(x + c * 3, 187 + r * 3, x + c * 3 + 3, 187 + r * 3 + 3, (10, 10, 10))
        x += 18
    return px


def png(px):
    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in px)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(png(render()))
