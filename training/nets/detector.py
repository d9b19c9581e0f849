"""Detector: a small CenterNet-style fully convolutional net. Backbone of depthwise-separable blocks down to
stride 32, a light FPN back to stride 4, and two heads: a sigmoid heatmap of plate centres and 8 corner offsets
(input pixels, from the cell centre to TL, TR, BR, BL) per cell, as models/CONTRACT.md specifies."""
import torch
from torch import nn
import torch.nn.functional as F

STRIDE = 4
IN_H, IN_W = 384, 640
OFFSET_SCALE = 16.0  # the corner head predicts offsets / 16: keeps the raw outputs near unit scale


def conv_bn(cin, cout, k=3, s=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def sep(cin, cout, s=1):
    """Depthwise 3x3 + pointwise 1x1: most of the accuracy of a 3x3 conv for a fraction of the cost."""
    return nn.Sequential(nn.Conv2d(cin, cin, 3, s, 1, groups=cin, bias=False), nn.BatchNorm2d(cin),
                         nn.ReLU(inplace=True), nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.s2 = conv_bn(3, 16, 3, 2)                                   # 1/2
        self.s4 = nn.Sequential(sep(16, 32, 2), sep(32, 32))             # 1/4
        self.s8 = nn.Sequential(sep(32, 64, 2), sep(64, 64))             # 1/8
        self.s16 = nn.Sequential(sep(64, 96, 2), sep(96, 96), sep(96, 96))  # 1/16
        self.s32 = nn.Sequential(sep(96, 128, 2), sep(128, 128), sep(128, 128))  # 1/32
        self.l32, self.l16, self.l8, self.l4 = (nn.Conv2d(c, 32, 1) for c in (128, 96, 64, 32))
        self.smooth = nn.Sequential(sep(32, 32))  # at stride 4 every channel costs: keep this narrow
        self.hm = nn.Conv2d(32, 1, 1)
        self.off = nn.Conv2d(32, 8, 1)
        nn.init.constant_(self.hm.bias, -2.19)  # prior of ~0.1 on the heatmap, as in CenterNet

    def raw(self, x):
        c4 = self.s4(self.s2(x))
        c8 = self.s8(c4)
        c16 = self.s16(c8)
        c32 = self.s32(c16)
        p = self.l32(c32)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l16(c16)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l8(c8)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l4(c4)
        p = self.smooth(p)
        return self.hm(p), self.off(p) * OFFSET_SCALE

    def forward(self, image):
        logits, corners = self.raw(image)
        return torch.sigmoid(logits), corners
