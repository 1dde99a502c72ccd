"""Choosing an OCR backend and recognising one page through it."""

from __future__ import annotations

import importlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from .images import DEFAULT_MAX_PIXELS, DEFAULT_WORK_SIDE, LoadedPage, load_page
from .types import OcrPage

DEFAULT_ENGINE = "rapidocr"
# DA/T 31-2017 9.4 asks for at least 300 dpi where OCR is planned (kept configurable).
MIN_OCR_DPI = 300


class OcrEngine(Protocol):
    name: str

    def recognize(self, page: LoadedPage) -> OcrPage: ...

    def describe(self) -> str: ...


ENGINES = {
    "rapidocr": "dangan.engines.ocr.rapid:RapidOcrEngine",
    "tesseract": "dangan.engines.ocr.tess:TesseractEngine",
}


def _resolve(spec: str) -> Any:
    target = ENGINES.get(spec, spec)
    if ":" not in target:
        raise ValueError(f"未知的识别引擎：{spec}（可选：{', '.join(ENGINES)}）")
    module, attr = target.split(":", 1)
    return getattr(importlib.import_module(module), attr)


def limit_threads(threads: int) -> None:
    """Cap every thread pool in this process (OpenCV, OpenMP, BLAS) at ``threads``."""
    threads = max(1, int(threads))
    for var in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import cv2

    cv2.setNumThreads(threads)


def make_engine(spec: str = DEFAULT_ENGINE, **options: Any) -> OcrEngine:
    """A new engine instance. ``spec`` is a registered name or ``package.module:Factory``."""
    return _resolve(spec)(**options)


@lru_cache(maxsize=4)
def _cached(spec: str, frozen: tuple[tuple[str, Any], ...]) -> OcrEngine:
    return make_engine(spec, **dict(frozen))


def get_engine(spec: str = DEFAULT_ENGINE, **options: Any) -> OcrEngine:
    """A shared engine for this process: loading the models costs seconds, so do it once."""
    return _cached(spec, tuple(sorted(options.items())))


def resolution_warnings(page: OcrPage, min_dpi: int = MIN_OCR_DPI) -> list[dict[str, str]]:
    if page.dpi and page.dpi < min_dpi:
        return [
            {
                "rule": "DAT31-9.4",
                "message": f"图像分辨率 {page.dpi:.0f} dpi 低于全文识别建议的 {min_dpi} dpi，识别准确率可能下降",
            }
        ]
    return []


def recognize_page(
    image: str | Path | Image.Image,
    engine: str | OcrEngine = DEFAULT_ENGINE,
    frame: int = 0,
    work_side: int = DEFAULT_WORK_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> OcrPage:
    """Recognise one page image: text lines with boxes (original pixels) in reading order.

    Raises :class:`~dangan.engines.ocr.images.PageError` for an unreadable image.
    """
    eng = get_engine(engine) if isinstance(engine, str) else engine
    loaded = load_page(image if isinstance(image, Image.Image) else Path(image), frame, work_side, max_pixels)
    page = eng.recognize(loaded)
    page.warnings.extend(resolution_warnings(page))
    return page
