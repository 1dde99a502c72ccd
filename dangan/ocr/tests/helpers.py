"""Delivery folders generated at test time: one folder per 件 named by 档号, one small PNG per page."""

from __future__ import annotations

import itertools
from pathlib import Path

from PIL import Image

from . import fakeengine

_width = itertools.count(200)


def page_image(path: Path, text: str) -> None:
    """A small image whose width tells the fake engine which text it 'reads'."""
    width = next(_width)
    fakeengine.TEXTS[width] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, 40), "white").save(path)


def make_delivery(root: Path, pages: dict[str, list[str]]) -> Path:
    """``pages``: 档号 -> texts of its pages (files 001.png, 002.png, … in a folder named by 档号)."""
    for archive_no, texts in pages.items():
        for i, text in enumerate(texts, start=1):
            page_image(root / archive_no / f"{i:03d}.png", text)
    return root
