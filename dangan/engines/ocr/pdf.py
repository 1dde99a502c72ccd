"""Double-layer (searchable) PDF: the page image as scanned, an invisible text layer on top.

The text uses the Adobe-GB1 CID font ``STSong-Light`` with the UniGB-UCS2-H encoding. It is
one of the standard Asian fonts every PDF reader knows, so it is not embedded (the text is
invisible anyway) and readers, ``pdftotext`` and search engines map the codes back to
Unicode. Noto CJK cannot be used here: reportlab embeds TrueType outlines only and the
Noto CJK collections are CFF-based.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from .types import OcrPage

FONT = "STSong-Light"
DEFAULT_DPI = 300.0
STRAIGHTEN_BELOW_DEGREES = 5.0
_JPEG_SUFFIXES = {".jpg", ".jpeg"}


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _image_source(image: str | Path | Image.Image):  # type: ignore[no-untyped-def]
    from reportlab.lib.utils import ImageReader

    if isinstance(image, Image.Image):
        return ImageReader(image)
    path = Path(image)
    if path.suffix.lower() in _JPEG_SUFFIXES:
        # reportlab copies JPEG data into the PDF as is (DCTDecode): no re-compression.
        return str(path)
    # Other formats are stored losslessly (Flate), so pixels stay identical as well.
    return ImageReader(str(path))


def make_searchable_pdf(
    pages: Sequence[OcrPage],
    images: Sequence[str | Path | Image.Image],
    out_path: str | Path,
    title: str = "",
) -> Path:
    """Write one PDF whose page *i* shows ``images[i]`` with ``pages[i]``'s text laid over it.

    The page size follows the image's resolution (``OcrPage.dpi``, 300 dpi if unknown), so
    the PDF prints at the scanned size. The file is written to a temporary name and moved
    into place, so a crash never leaves a truncated PDF behind.
    """
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    if len(pages) != len(images):
        raise ValueError("pages 与 images 数量不一致")
    _register_font()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=out.parent)
    os.close(fd)
    # ASCII85 would grow every embedded scan by a quarter for no benefit in a binary file.
    saved_a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        pdf = canvas.Canvas(tmp_name, pageCompression=1)
        pdf.setTitle(title or out.stem)
        pdf.setCreator("Dangan OCR")
        for page, image in zip(pages, images, strict=True):
            k = 72.0 / (page.dpi or DEFAULT_DPI)  # points per image pixel
            width, height = page.width * k, page.height * k
            pdf.setPageSize((width, height))
            pdf.drawImage(_image_source(image), 0, 0, width=width, height=height)
            for line in page.lines:
                _draw_line(pdf, pdfmetrics, line.text, line.quad, k, page.height)
            pdf.showPage()
        pdf.save()
        os.replace(tmp_name, out)
    finally:
        rl_config.useA85 = saved_a85
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return out


def _draw_line(pdf, pdfmetrics, text: str, quad, k: float, img_h: int) -> None:  # type: ignore[no-untyped-def]
    text = text.strip()
    if not text:
        return
    (x0, y0), (x1, y1), _, (x3, y3) = quad
    length = math.hypot(x1 - x0, y1 - y0) * k
    box_h = math.hypot(x3 - x0, y3 - y0) * k
    if length < 1 or box_h < 1:
        return
    size = box_h * 0.8
    natural = pdfmetrics.stringWidth(text, FONT, size)
    if natural <= 0:
        return
    # PDF's y axis points up; image rows point down.
    angle = -math.atan2(y1 - y0, x1 - x0)
    if abs(math.degrees(angle)) < STRAIGHTEN_BELOW_DEGREES:
        # Text extractors group characters by baseline; a line tilted by 1° drifts by half a
        # line height across an A4 page and gets split. Lay it level through the box centre.
        cx, cy = (x0 + x1 + quad[2][0] + x3) / 4, (y0 + y1 + quad[2][1] + y3) / 4
        h_px = box_h / k
        bx, by = cx - length / k / 2, cy + h_px / 2 - 0.15 * h_px
        angle = 0.0
    else:
        # Baseline a little above the box bottom, where the glyphs' feet sit.
        bx = x3 + (x0 - x3) * 0.15
        by = y3 + (y0 - y3) * 0.15
    cos, sin = math.cos(angle), math.sin(angle)
    obj = pdf.beginText()
    obj.setTextRenderMode(3)  # invisible: found by search and selection, never painted
    obj.setFont(FONT, size)
    obj.setHorizScale(100.0 * length / natural)
    obj.setTextTransform(cos, sin, -sin, cos, bx * k, (img_h - by) * k)
    obj.textOut(text)
    pdf.drawText(obj)
