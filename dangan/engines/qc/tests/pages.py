"""Synthetic scanned pages for tests and the benchmark (no fixtures are committed).

Pages are composed from a bank of random glyphs (thin strokes like printed Hanzi) so that text
texture, line structure and stroke sharpness behave like a real scan at the chosen resolution.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

PAPER = 232
INK = 35


def _glyph_bank(size: int, count: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    bank = []
    stroke = max(2, size // 14)
    for _ in range(count):
        im = Image.new("L", (size, size), 0)
        d = ImageDraw.Draw(im)
        for _ in range(int(rng.integers(3, 7))):
            x0, y0 = rng.integers(2, size - 2, 2)
            if rng.random() < 0.5:
                x1, y1 = int(rng.integers(2, size - 2)), int(y0)
            else:
                x1, y1 = int(x0), int(rng.integers(2, size - 2))
            d.line([int(x0), int(y0), x1, y1], fill=255, width=stroke)
        bank.append(np.asarray(im) > 0)
    return bank


_BANKS: dict[tuple[int, int], list[np.ndarray]] = {}


def text_page(
    seed: int,
    *,
    dpi: int = 300,
    size_mm: tuple[float, float] = (105.0, 148.0),
    margin_mm: float = 15.0,
    blank: bool = False,
) -> Image.Image:
    """A grey page with random 'text'; the same seed gives the same page."""
    w = round(size_mm[0] / 25.4 * dpi)
    h = round(size_mm[1] / 25.4 * dpi)
    rng = np.random.default_rng(seed)
    arr = np.full((h, w), PAPER, np.uint8)
    if not blank:
        gsize = max(8, round(3.5 / 25.4 * dpi))  # ~10 pt characters
        key = (gsize, 0)
        if key not in _BANKS:
            _BANKS[key] = _glyph_bank(gsize, 120, 7)
        bank = _BANKS[key]
        m = round(margin_mm / 25.4 * dpi)
        line_h = round(gsize * 1.7)
        y = m + int(rng.integers(0, gsize))
        while y + gsize < h - m:
            if rng.random() < 0.12:  # paragraph break
                y += line_h
                continue
            x = m + (2 * gsize if rng.random() < 0.2 else 0)
            end = w - m - int(rng.integers(0, (w - 2 * m) // 2)) if rng.random() < 0.3 else w - m
            while x + gsize < end:
                if rng.random() > 0.06:
                    g = bank[int(rng.integers(0, len(bank)))]
                    arr[y : y + gsize, x : x + gsize][g] = INK
                x += gsize + max(1, gsize // 8)
            y += line_h
    noise = rng.normal(0, 3, (h, w))
    return Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "L")


def skewed(im: Image.Image, degrees: float) -> Image.Image:
    return im.rotate(degrees, resample=Image.Resampling.BILINEAR, fillcolor=PAPER)


def black_border(im: Image.Image, mm: float, dpi: int = 300, side: str = "left") -> Image.Image:
    arr = np.asarray(im).copy()
    px = round(mm / 25.4 * dpi)
    if side == "left":
        arr[:, :px] = 12
    elif side == "top":
        arr[:px, :] = 12
    elif side == "right":
        arr[:, -px:] = 12
    else:
        arr[-px:, :] = 12
    return Image.fromarray(arr, "L")


def edge_cut(im: Image.Image, dpi: int = 300) -> Image.Image:
    """Shift the page so that its text runs off the right edge, as when a scan is cropped too tight."""
    arr = np.asarray(im)
    shift = round(22 / 25.4 * dpi)
    out = np.full_like(arr, PAPER)
    out[:, shift:] = arr[:, :-shift]
    return Image.fromarray(out, "L")


def darkened(im: Image.Image, factor: float = 0.38) -> Image.Image:
    return Image.fromarray((np.asarray(im) * factor).astype(np.uint8), "L")


def blurred(im: Image.Image, radius: float = 3.0) -> Image.Image:
    return im.filter(ImageFilter.GaussianBlur(radius))


def rescan(im: Image.Image, seed: int) -> Image.Image:
    """The same page scanned again: a small shift and new sensor noise."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(im).astype(np.int16)
    arr = np.roll(arr, (2, 3), axis=(0, 1))
    arr = arr + rng.normal(0, 3, arr.shape) + 4
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")


def encode(im: Image.Image, fmt: str = "JPEG", dpi: int | None = 300, **kw: object) -> bytes:
    buf = io.BytesIO()
    params: dict[str, object] = dict(kw)
    if dpi:
        params["dpi"] = (dpi, dpi)
    if fmt == "JPEG":
        params.setdefault("quality", 85)
    if fmt == "TIFF" and im.mode == "1":
        params.setdefault("compression", "group4")
    im.save(buf, fmt, **params)
    return buf.getvalue()
