from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from dangan.engines.ocr import OcrPage, character_error_rate, recognize_page
from dangan.engines.ocr.images import PageError, load_page
from dangan.engines.ocr.layout import reading_order
from dangan.engines.ocr.synth import render_lines
from dangan.engines.ocr.tess import tesseract_status


def _check_page(page: OcrPage, lines: list[str], max_cer: float) -> None:
    assert character_error_rate(page.text, "\n".join(lines), fold_punct=True) <= max_cer, page.text
    for line in page.lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
        assert 0.0 < line.confidence <= 1.0


def test_rapidocr_reads_lines_in_order_with_boxes(rapid_engine, sample_image, sample_lines):
    page = recognize_page(sample_image, rapid_engine)
    assert page.engine == "rapidocr" and page.dpi == pytest.approx(300, abs=0.5)
    _check_page(page, sample_lines, 0.05)
    assert page.lines[0].text.startswith("档案")
    tops = [li.box[1] for li in page.lines]
    assert tops == sorted(tops)


def test_rapidocr_skewed_page_keeps_reading_order(rapid_engine, tmp_path):
    lines = [
        "第一行档案整理外包服务",
        "第二行纸质档案数字化",
        "第三行全文识别质量检查",
        "第四行验收合格后归档",
    ]
    path = tmp_path / "skew.png"
    render_lines(lines, size_px=34, angle=2.0).save(path)
    page = recognize_page(path, rapid_engine)
    _check_page(page, lines, 0.1)
    assert abs(abs(page.skew_degrees) - 2.0) < 1.0
    assert [li.text[:3] for li in page.lines] == ["第一行", "第二行", "第三行", "第四行"]


def test_rapidocr_upside_down_page_is_turned(rapid_engine, tmp_path, sample_lines):
    path = tmp_path / "flipped.png"
    render_lines(sample_lines, size_px=36).rotate(180).save(path)
    page = recognize_page(path, rapid_engine)
    assert character_error_rate(page.text.replace("\n", ""), "".join(sample_lines)) < 0.5
    assert "档案数字化" in page.text


def test_batched_recognition_reads_lines_of_different_lengths_like_single_runs(rapid_engine, tmp_path):
    from dangan.engines.ocr.engines import make_engine

    # Short lines padded up to a long line's width must still read correctly.
    lines = ["档案", "纸质档案数字化外包服务安全管理办法", "第3号", "全文识别"]
    path = tmp_path / "mixed.png"
    render_lines(lines, size_px=36).save(path)
    batched = recognize_page(path, make_engine("rapidocr", threads=2, rec_batch=4))
    single = recognize_page(path, rapid_engine)
    _check_page(batched, lines, 0.1)
    assert [li.text for li in batched.lines] == [li.text for li in single.lines]


def test_blank_page_has_no_lines(rapid_engine, tmp_path):
    path = tmp_path / "blank.png"
    Image.new("RGB", (600, 800), "white").save(path)
    assert recognize_page(path, rapid_engine).lines == []


def test_low_resolution_is_flagged_with_rule_id(rapid_engine, tmp_path, sample_lines):
    path = tmp_path / "low.png"
    render_lines(sample_lines, size_px=36).save(path, dpi=(150, 150))
    page = recognize_page(path, rapid_engine)
    assert [w["rule"] for w in page.warnings] == ["DAT31-9.4"]


def test_large_image_is_reduced_but_boxes_stay_in_original_pixels(rapid_engine, tmp_path, sample_lines):
    small = render_lines(sample_lines, size_px=36)
    big = small.resize((small.width * 4, small.height * 4), Image.Resampling.BICUBIC)
    path = tmp_path / "big.png"
    big.save(path)
    loaded = load_page(path, work_side=1200)
    assert max(loaded.array.shape[:2]) <= 1200 and loaded.scale == pytest.approx(
        big.width / loaded.array.shape[1]
    )
    page = recognize_page(path, rapid_engine, work_side=1200)
    assert (page.width, page.height) == big.size
    assert max(li.box[2] for li in page.lines) > big.width * 0.6
    assert character_error_rate(page.text, "\n".join(sample_lines)) < 0.1


def test_pixel_bomb_and_garbage_are_refused_as_page_errors(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("L", (3000, 3000), 255).save(path)
    with pytest.raises(PageError, match="像素数超过上限"):
        load_page(path, max_pixels=1_000_000)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(PageError):
        load_page(junk)


def test_reading_order_groups_skewed_rows():
    # Two rows of two boxes each on a page tilted by 3°: each right box sits as low as the
    # next row's left box, so sorting by raw y would interleave the rows.
    slope = np.tan(np.radians(3))

    def quad(x, y, w=900, h=40):
        return [(x, y), (x + w, y + w * slope), (x + w, y + h + w * slope), (x, y + h)]

    quads = [quad(1000, 200), quad(50, 150), quad(50, 100), quad(1000, 150)]
    assert reading_order(quads) == [2, 3, 1, 0]


tess_missing = tesseract_status()


@pytest.mark.skipif(tess_missing is not None, reason=tess_missing or "")
def test_tesseract_reads_lines(sample_image, sample_lines):
    from dangan.engines.ocr.engines import make_engine

    page = recognize_page(sample_image, make_engine("tesseract"))
    assert page.engine == "tesseract"
    _check_page(page, sample_lines, 0.25)
    assert " " not in page.lines[0].text  # no spaces between Chinese characters
