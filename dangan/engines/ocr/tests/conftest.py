from __future__ import annotations

import pytest

from dangan.engines.ocr.synth import render_lines


@pytest.fixture(scope="session")
def rapid_engine():
    from dangan.engines.ocr.engines import make_engine

    return make_engine("rapidocr", threads=2)


@pytest.fixture(scope="session")
def sample_lines() -> list[str]:
    return ["档案数字化外包安全管理", "全文识别结果与图像一一对应", "2024年12月31日前报送"]


@pytest.fixture(scope="session")
def sample_image(sample_lines, tmp_path_factory):
    path = tmp_path_factory.mktemp("img") / "page.png"
    render_lines(sample_lines, size_px=36).save(path, dpi=(300, 300))
    return path
