from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from dangan.engines.ocr import OcrLine, OcrPage, make_searchable_pdf

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="未安装 poppler-utils")


def _page(lines: list[tuple[str, tuple]], size=(1240, 1754), dpi=150.0) -> OcrPage:
    return OcrPage(
        width=size[0],
        height=size[1],
        dpi=dpi,
        lines=[OcrLine(text=t, quad=q, confidence=0.9) for t, q in lines],
    )


def _rect(x0, y0, x1, y1):
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "scan.jpg"
    Image.new("RGB", (1240, 1754), (250, 248, 240)).save(path, quality=80, dpi=(150, 150))
    return path


@needs_poppler
def test_text_layer_is_recovered_by_pdftotext_in_reading_order(scan, tmp_path):
    page = _page(
        [("关于档案数字化的通知", _rect(100, 100, 1100, 160)), ("第2024号 PDF", _rect(100, 200, 600, 250))]
    )
    out = make_searchable_pdf([page, page], [scan, scan], tmp_path / "item.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert "关于档案数字化的通知" in pages[0] and "关于档案数字化的通知" in pages[1]
    assert pages[0].index("关于") < pages[0].index("第2024号")


@needs_poppler
def test_words_sit_on_their_boxes(scan, tmp_path):
    page = _page([("全文识别", _rect(400, 800, 800, 880))])
    out = make_searchable_pdf([page], [scan], tmp_path / "p.pdf")
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    word = next(line for line in bbox.splitlines() if "全文识别" in line)
    vals = dict(part.split("=") for part in word.split() if "=" in part)
    x0, x1 = (float(vals[k].strip('"').split('"')[0]) for k in ("xMin", "xMax"))
    # 150 dpi: 400 px = 192 pt, 800 px = 384 pt
    assert x0 == pytest.approx(192, abs=4) and x1 == pytest.approx(384, abs=4)


def test_jpeg_is_embedded_unchanged_and_page_has_scan_size(scan, tmp_path):
    out = make_searchable_pdf([_page([("档案", _rect(10, 10, 100, 50))])], [scan], tmp_path / "p.pdf")
    reader = PdfReader(out)
    pdf_page = reader.pages[0]
    assert float(pdf_page.mediabox.width) == pytest.approx(1240 * 72 / 150, abs=0.5)
    xobjects = pdf_page["/Resources"]["/XObject"]
    (image,) = [xobjects[name].get_object() for name in xobjects]
    assert list(image["/Filter"]) == ["/DCTDecode"]
    assert image.get_data() == scan.read_bytes()


def test_skewed_quad_and_empty_lines_do_not_break_the_file(scan, tmp_path):
    tilted = ((100, 100), (900, 130), (898, 180), (98, 150))
    steep = ((100, 400), (700, 800), (670, 845), (70, 445))
    page = _page([("倾斜的一行", tilted), ("", _rect(0, 0, 5, 5)), ("旋转文字", steep)])
    out = make_searchable_pdf([page], [scan], tmp_path / "p.pdf")
    assert "倾斜的一行" in PdfReader(out).pages[0].extract_text()


def test_mismatched_lists_are_refused(scan, tmp_path):
    with pytest.raises(ValueError):
        make_searchable_pdf([], [scan], tmp_path / "p.pdf")
    assert not (tmp_path / "p.pdf").exists()
