"""Full-text recognition (OCR) of digitized archive pages, without Django.

Public API (heavy modules load on first use, so ``dangan ocr --help`` stays fast)::

    from dangan.engines.ocr import recognize_page, get_engine, OcrLine, OcrPage
    from dangan.engines.ocr import make_searchable_pdf, character_error_rate
"""

from __future__ import annotations

import importlib
from typing import Any

from .types import OcrLine, OcrPage

_LAZY = {
    "recognize_page": "engines",
    "get_engine": "engines",
    "make_engine": "engines",
    "ENGINES": "engines",
    "make_searchable_pdf": "pdf",
    "character_error_rate": "cer",
    "PageError": "images",
    "load_page": "images",
    "run_batch": "runner",
    "cjk_bigrams": "textindex",
    "query_terms": "textindex",
    "highlight": "textindex",
}

__all__ = ["OcrLine", "OcrPage", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
