"""A stand-in recogniser for tests: the text of a page is looked up by the image width.

Loaded through the engine's ``module:Factory`` mechanism, in-process (workers=0).
"""

from __future__ import annotations

from dangan.engines.ocr.images import LoadedPage
from dangan.engines.ocr.types import OcrLine, OcrPage

TEXTS: dict[int, str] = {}
CALLS: list[int] = []


class FakeEngine:
    name = "fake"

    def __init__(self, **options: object) -> None:
        pass

    def describe(self) -> str:
        return "fake"

    def recognize(self, page: LoadedPage) -> OcrPage:
        CALLS.append(page.width)
        text = TEXTS.get(page.width, f"空白页{page.width}")
        quad = ((0.0, 0.0), (float(page.width), 0.0), (float(page.width), 10.0), (0.0, 10.0))
        return OcrPage(page.width, page.height, [OcrLine(text, quad, 0.9)], engine="fake")


SPEC = "dangan.ocr.tests.fakeengine:FakeEngine"
