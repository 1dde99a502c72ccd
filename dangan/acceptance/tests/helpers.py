"""Deliveries for the acceptance tests, built with the QC engine's own test generators."""

from __future__ import annotations

from pathlib import Path

from dangan.engines.qc.tests.conftest import make_clean_delivery
from dangan.engines.qc.tests.generator import build_delivery

__all__ = ["build_delivery", "clean_delivery", "defective_delivery"]


def clean_delivery(root: Path, name: str = "batch1", items: int = 4) -> Path:
    return make_clean_delivery(root / name, items=items, pages=2)


def defective_delivery(root: Path, name: str = "batch0", items: int = 4) -> Path:
    """A clean delivery with one page missing: PAGE_COUNT_MISMATCH (DAT31-11) blocks the machine check."""
    folder = make_clean_delivery(root / name, items=items, pages=2)
    victim = sorted(p for p in folder.iterdir() if p.is_dir())[1]
    (victim / "002.jpg").unlink()
    return folder
