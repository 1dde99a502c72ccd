"""One job through the real recogniser (RapidOCR): large printed characters on a generated page are
read, stored against the unit's page and found by a search for a word inside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from dangan.engines.ocr.synth import FONT_DIRS, SANS, SC_INDEX
from dangan.ocr import services
from dangan.ocr.models import JobStatus, PageText
from dangan.ocr.search import search

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def font(size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        if (folder / SANS).exists():
            return ImageFont.truetype(str(folder / SANS), size, index=SC_INDEX)
    pytest.skip("需要 fonts-noto-cjk")


def test_rapidocr_job_makes_the_text_searchable(cw, ocr_settings):
    root = Path(ocr_settings.DANGAN_DELIVERY_ROOT) / "real"
    folder = root / cw.units[0].archive_no
    folder.mkdir(parents=True)
    img = Image.new("RGB", (1000, 260), "white")
    ImageDraw.Draw(img).text((40, 70), "档案数字化外包监管", fill="black", font=font(96))
    img.save(folder / "001.png", dpi=(300, 300))
    job = services.start_job(cw.project, str(root), cw.world.client_a_manager, "rapidocr")
    job = services.run_job(job.pk)
    assert job.status == JobStatus.DONE and job.pages_done == 1, job.error
    text = PageText.objects.get(unit=cw.units[0], page=1).text
    assert "数字化外包" in text
    hit = search(cw.world.client_a_manager, "化外包监").hits[0]
    assert (hit.archive_no, hit.page) == (cw.units[0].archive_no, 1)
