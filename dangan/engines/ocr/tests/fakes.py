"""Stand-in engines for the batch runner's failure paths (imported by worker processes)."""

from __future__ import annotations

import os
from pathlib import Path

from dangan.engines.ocr.images import LoadedPage
from dangan.engines.ocr.types import OcrLine, OcrPage


class CrashingEngine:
    """Echoes the file name as text; kills its own process on pages named to crash."""

    name = "fake"

    def __init__(self, marker_dir: str, threads: int | None = None) -> None:
        self.marker_dir = Path(marker_dir)

    def describe(self) -> str:
        return "fake"

    def recognize(self, page: LoadedPage) -> OcrPage:
        calls = self.marker_dir / f"calls-{page.name}"
        with calls.open("a") as fh:
            fh.write("x")
        if "crash-always" in page.name:
            os._exit(3)
        if "crash-once" in page.name:
            marker = self.marker_dir / f"crashed-{page.name}"
            if not marker.exists():
                marker.touch()
                os._exit(3)
        quad = ((0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0))
        return OcrPage(
            width=page.width,
            height=page.height,
            engine=self.name,
            lines=[OcrLine(text=Path(page.name).stem, quad=quad, confidence=1.0)],
        )
