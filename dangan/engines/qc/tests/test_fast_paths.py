"""The shortcuts taken for speed must give exactly what the plain code gives."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from dangan.engines.qc import imaging
from dangan.engines.qc.analysis import analyse_page
from dangan.engines.qc.imaging import _analyse_data, _halve
from dangan.engines.qc.profile import load_profile

from . import pages as P


def test_opencv_halving_equals_pillow_reduce():
    rng = np.random.default_rng(5)
    for h, w in [(1754, 1240), (877, 620), (877, 621), (100, 61), (11, 7), (3, 3), (2, 2), (1, 5), (5, 1)]:
        for a in (
            rng.integers(0, 256, (h, w), dtype=np.uint8),
            rng.choice(np.array([0, 255], np.uint8), (h, w)),  # a bitonal page's samples
        ):
            assert np.array_equal(_halve(a), np.asarray(Image.fromarray(a).reduce(2))), (h, w)


def _bitonal_tiff(seed: int) -> bytes:
    page = P.text_page(seed).point(lambda v: 255 if v > 128 else 0).convert("1")
    return P.encode(page, "TIFF")


def _damaged(data: bytes) -> bytes:
    """The same file with the second half of its first strip's compressed data zeroed: libtiff decodes
    it without complaint, so nothing but full overwriting protects a reused buffer."""
    with Image.open(io.BytesIO(data)) as im:
        off, cnt = im.tag_v2[273][0], im.tag_v2[279][0]
    return data[: off + cnt // 2] + bytes(cnt - cnt // 2) + data[off + cnt :]


def test_reused_page_buffer_gives_the_fresh_result_and_no_stale_page(monkeypatch):
    params = load_profile().image_params()
    first, second = _bitonal_tiff(31), _bitonal_tiff(32)
    broken = _damaged(second)
    fresh = [_analyse_data(d, "TIFF", params) for d in (second, broken)]
    assert fresh[0] != fresh[1]
    monkeypatch.setattr(imaging, "_REUSE_BUFFERS", True)
    monkeypatch.setattr(imaging, "_SCRATCH", {})
    _analyse_data(first, "TIFF", params)
    assert imaging._SCRATCH  # the buffer was really kept for the next page
    assert [_analyse_data(d, "TIFF", params) for d in (second, broken)] == fresh


def test_a_bitonal_page_is_called_blank_only_on_dense_samples():
    """A thin horizontal rule falls between the sparse sample rows; the page is not blank."""
    page = Image.new("1", (1240, 1748), 1)
    ImageDraw.Draw(page).rectangle((200, 801, 1000, 803), fill=0)  # 3 px high, 68 mm long
    data = P.encode(page, "TIFF")
    params = load_profile().image_params()
    with Image.open(io.BytesIO(data)) as im:
        sparse = imaging._page_from_image(im, (300.0, 300.0), params["image"], False)
        assert analyse_page(sparse.g, sparse.px_per_mm, params["content"])[0]["blank"]
    (result,) = _analyse_data(data, "TIFF", params)
    assert not result["blank"] and "IMG_BLANK" not in {i["code"] for i in result["issues"]}
