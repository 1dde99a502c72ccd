"""The shortcuts taken for speed must give exactly what the plain code gives."""

from __future__ import annotations

import numpy as np
from PIL import Image

from dangan.engines.qc.imaging import _halve


def test_opencv_halving_equals_pillow_reduce():
    rng = np.random.default_rng(5)
    for h, w in [(1754, 1240), (877, 620), (877, 621), (100, 61), (11, 7), (3, 3), (2, 2), (1, 5), (5, 1)]:
        for a in (
            rng.integers(0, 256, (h, w), dtype=np.uint8),
            rng.choice(np.array([0, 255], np.uint8), (h, w)),  # a bitonal page's samples
        ):
            assert np.array_equal(_halve(a), np.asarray(Image.fromarray(a).reduce(2))), (h, w)
