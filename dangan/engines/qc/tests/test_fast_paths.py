"""The shortcuts taken for speed must give exactly what the plain code gives."""

from __future__ import annotations

import numpy as np
from PIL import Image

from dangan.engines.qc.imaging import _halve


def test_opencv_halving_equals_pillow_reduce():
    rng = np.random.default_rng(5)
    for h, w in [(1754, 1240), (2, 2), (100, 62), (878, 620)]:
        a = rng.integers(0, 256, (h, w), dtype=np.uint8)
        assert np.array_equal(_halve(a), np.asarray(Image.fromarray(a).reduce(2)))
    # Pillow averages a partial last row or column its own way: those sizes are left to it.
    assert _halve(np.zeros((877, 620), np.uint8)) is None
    assert _halve(np.zeros((10, 7), np.uint8)) is None
