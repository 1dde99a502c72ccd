"""Page images for the review page: a file of the delivery, reduced for display when large or in a
format browsers do not show (TIFF, JPEG 2000, PDF pages)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

BROWSER_FORMATS = {"JPEG", "PNG", "GIF"}


def display_max() -> int:
    return int(getattr(settings, "DANGAN_ACCEPTANCE_IMAGE_MAX_PX", 2400))


def display_max_bytes() -> int:
    return int(getattr(settings, "DANGAN_ACCEPTANCE_IMAGE_MAX_BYTES", 3 * 1024 * 1024))


def _pdf_page_image(path: Path, frame: int):
    from PIL import Image
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if frame >= len(reader.pages):
        raise ValueError(gettext("页码超出范围"))
    images = list(reader.pages[frame].images)
    if not images:
        raise ValueError(gettext("该页没有扫描图像"))
    best = max(images, key=lambda im: len(im.data))
    return Image.open(io.BytesIO(best.data))


def render(path: Path, frame: int = 0) -> tuple[bytes, str] | None:
    """(bytes, content type) to show, or None when the file can be streamed as it is."""
    from PIL import Image

    limit = display_max()
    if path.suffix.lower() == ".pdf":
        im = _pdf_page_image(path, frame)
    else:
        im = Image.open(path)
        if frame:
            im.seek(frame)
        elif (
            im.format in BROWSER_FORMATS
            and path.stat().st_size <= display_max_bytes()
            and max(im.size) <= limit
        ):
            return None
        if im.format == "JPEG":
            im.draft("RGB" if im.mode not in ("L", "1") else im.mode, (limit, limit))
    im.load()
    im.thumbnail((limit, limit))
    out = io.BytesIO()
    if im.mode == "1":
        im.save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    if im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    im.save(out, "JPEG", quality=85)
    return out.getvalue(), "image/jpeg"
