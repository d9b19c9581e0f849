"""Recognizers. Both give the contract's output: softmax probabilities for P = 10 left-aligned slots x 37
classes (class 0 = no character), for one- and two-line plates (top line first).

- `CtcRecognizer` (shipped): convolutions to a 2-row x 32-column feature map; each row is a sequence read left
  to right, top row first, trained with CTC (blank = class 0). Inside the model the greedy CTC path is turned
  into slots: a column opens a slot when its best class is a character different from the column before; the
  slot holds that column's distribution (blank probability = "no character"). Shared per-column weights learn
  from far fewer samples than a flatten head, and the 2-row sequence lets two-line plates read top line first.
- `SlotRecognizer`: flatten + fully connected head per slot (cross-entropy per slot); kept for comparison.
"""
import torch
from torch import nn

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SLOTS = 10
CLASSES = len(ALPHABET) + 1  # class 0 = no character (and the CTC blank)
IN_H, IN_W = 32, 128


def cbr(cin, cout, k=3):
    return [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class CtcRecognizer(nn.Module):
    """~19 M multiply-adds per plate: about 1 ms per plate on one core (ORT, batched)."""
    arch = "ctc"

    def __init__(self, c=(16, 32, 64, 96)):
        super().__init__()
        self.features = nn.Sequential(
            *cbr(1, c[0]), nn.MaxPool2d(2),                 # 16 x 64
            *cbr(c[0], c[1]), nn.MaxPool2d(2),              # 8 x 32
            *cbr(c[1], c[2]), nn.MaxPool2d((2, 1)),         # 4 x 32
            *cbr(c[2], c[3]),
            nn.AdaptiveAvgPool2d((2, IN_W // 4)),           # 2 rows (lines) x 32 columns
            nn.Conv2d(c[3], c[3], (1, 3), padding=(0, 1), bias=False), nn.BatchNorm2d(c[3]), nn.ReLU(inplace=True),
            nn.Dropout(0.1),
        )
        self.cls = nn.Conv2d(c[3], CLASSES, 1)

    def logits(self, x):
        """[N, T, C] with T = 2 rows x 32 columns, the top row first."""
        f = self.cls(self.features(x))                # N, C, 2, 32
        return f.flatten(2).transpose(1, 2)

    def forward(self, x):
        return ctc_to_slots(torch.softmax(self.logits(x), -1))


def ctc_to_slots(p):
    """Greedy CTC path -> contract slots. p: [N, T, C] softmax over T = 2 rows x W columns, top row first.
    A column opens a slot when its best class is a character different from the column before (no merging
    across the row boundary); the slot holds that column's distribution. Unused slots are "no character"."""
    n, t, c = p.shape
    best = p.argmax(-1)                                           # N, T
    prev = torch.cat([torch.zeros_like(best[:, :1]), best[:, :-1]], 1)
    row_start = (torch.arange(t, device=p.device) % (t // 2) == 0).unsqueeze(0)
    prev = torch.where(row_start, torch.zeros_like(prev), prev)
    keep = (best != 0) & (best != prev)
    # Slot index of each kept column: a running count, as a product with an upper-triangular matrix rather than
    # CumSum (which tract, the engine's pure-Rust backend, does not run); exact in float for T < 2^24.
    upper = torch.triu(torch.ones(t, t, device=p.device, dtype=p.dtype))
    slot = torch.matmul(keep.to(p.dtype), upper) - 1
    slots = torch.arange(SLOTS, device=p.device, dtype=p.dtype).view(1, SLOTS, 1)
    sel = (slot.unsqueeze(1) == slots) & keep.unsqueeze(1)
    sel = sel.to(p.dtype)                                         # N, P, T
    probs = torch.matmul(sel, p)                                  # N, P, C
    empty = 1.0 - sel.sum(-1)                                     # slots no column opened
    return probs + torch.nn.functional.pad(empty.unsqueeze(-1), (0, c - 1))


class CrnnRecognizer(nn.Module):
    """Convolutions to a 2-row x 32-column map, a learned row embedding, and a bidirectional LSTM over the
    64-step sequence (top row, then bottom row), trained with CTC. The LSTM sees the whole plate, so it can
    tell a one-line plate (emit on the top row only) from a two-line one (both rows); the row embedding tells
    it which row a step belongs to. ~30 M multiply-adds per plate."""
    arch = "crnn"

    def __init__(self, c=(16, 32, 64, 96), hidden=64):
        super().__init__()
        self.features = nn.Sequential(
            *cbr(1, c[0]), nn.MaxPool2d(2),                 # 16 x 64
            *cbr(c[0], c[1]), nn.MaxPool2d(2),              # 8 x 32
            *cbr(c[1], c[2]), *cbr(c[2], c[2]), nn.MaxPool2d((2, 1)),  # 4 x 32
            *cbr(c[2], c[3]),
            nn.AdaptiveAvgPool2d((2, IN_W // 4)),           # 2 rows (lines) x 32 columns
        )
        self.row = nn.Parameter(torch.zeros(1, c[3], 2, 1))
        self.rnn = nn.LSTM(c[3], hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.1)
        self.cls = nn.Linear(2 * hidden, CLASSES)

    def logits(self, x):
        """[N, T, C] with T = 2 rows x 32 columns, the top row first."""
        f = self.features(x) + self.row                # N, F, 2, 32
        seq = f.flatten(2).transpose(1, 2)             # N, 64, F
        out, _ = self.rnn(seq)
        return self.cls(self.drop(out))

    def forward(self, x):
        return ctc_to_slots(torch.softmax(self.logits(x), -1))


class SlotRecognizer(nn.Module):
    arch = "slot"

    def __init__(self, c=(16, 32, 64, 96)):
        super().__init__()
        self.features = nn.Sequential(
            *cbr(1, c[0]), nn.MaxPool2d(2), *cbr(c[0], c[1]), nn.MaxPool2d(2), *cbr(c[1], c[2]), nn.MaxPool2d(2),
            *cbr(c[2], c[3]), *cbr(c[3], c[3]),
            nn.Conv2d(c[3], 32, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * (IN_H // 8) * (IN_W // 8), 256), nn.ReLU(inplace=True), nn.Dropout(0.1),
            nn.Linear(256, SLOTS * CLASSES),
        )

    def logits(self, x):
        return self.head(self.features(x)).view(-1, SLOTS, CLASSES)

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=-1)


ARCHS = {"crnn": CrnnRecognizer, "ctc": CtcRecognizer, "slot": SlotRecognizer}
Recognizer = CrnnRecognizer


def encode(text):
    """Text -> slot targets (class indices, 0 = empty)."""
    t = [ALPHABET.index(ch) + 1 for ch in text[:SLOTS]]
    return t + [0] * (SLOTS - len(t))


def decode(probs_row):
    """Greedy reading of one [P, C] array: the non-empty argmax classes, in slot order."""
    idx = probs_row.argmax(-1)
    return "".join(ALPHABET[i - 1] for i in idx if i > 0)
