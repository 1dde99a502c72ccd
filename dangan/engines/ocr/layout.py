"""Reading order for detected lines, robust to the slight skew of real scans."""

from __future__ import annotations

import math
from collections.abc import Sequence

Quad = Sequence[Sequence[float]]


def line_angle(quad: Quad) -> float:
    """Angle in degrees of the top edge (positive = clockwise on screen)."""
    (x0, y0), (x1, y1) = quad[0], quad[1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def estimate_skew(quads: Sequence[Quad]) -> float:
    """Median angle of the clearly horizontal lines; 0.0 when there is no evidence."""
    angles = []
    for q in quads:
        w = math.dist(q[0], q[1])
        h = math.dist(q[0], q[3])
        # Short boxes (one or two characters) give noisy angles.
        if w > 3 * h and abs(line_angle(q)) < 20:
            angles.append(line_angle(q))
    if not angles:
        return 0.0
    angles.sort()
    return angles[len(angles) // 2]


def reading_order(quads: Sequence[Quad], skew: float | None = None) -> list[int]:
    """Indices of ``quads`` top-to-bottom, left-to-right in the de-skewed frame.

    A fixed pixel tolerance (as in many OCR demos) fails on a 1° skewed A4 page: across
    2000 px a line drifts by 35 px, more than half a line height, and lines interleave.
    Rotating centres back by the page skew first, then grouping by vertical overlap,
    keeps each physical line together.
    """
    if not quads:
        return []
    if skew is None:
        skew = estimate_skew(quads)
    rad = math.radians(-skew)
    cos, sin = math.cos(rad), math.sin(rad)
    items = []
    for i, q in enumerate(quads):
        cx = sum(p[0] for p in q) / 4
        cy = sum(p[1] for p in q) / 4
        rx = cx * cos - cy * sin
        ry = cx * sin + cy * cos
        h = max(1.0, (math.dist(q[0], q[3]) + math.dist(q[1], q[2])) / 2)
        items.append((ry, rx, h, i))
    items.sort()
    rows: list[list[tuple[float, float, float, int]]] = []
    for item in items:
        ry, _rx, h, _i = item
        if rows:
            row = rows[-1]
            row_y = sum(it[0] for it in row) / len(row)
            row_h = sum(it[2] for it in row) / len(row)
            if abs(ry - row_y) < 0.5 * min(h, row_h):
                row.append(item)
                continue
        rows.append([item])
    order: list[int] = []
    for row in rows:
        order.extend(it[3] for it in sorted(row, key=lambda it: it[1]))
    return order
