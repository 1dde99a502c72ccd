from __future__ import annotations

import pytest

from . import fakeengine


@pytest.fixture
def ocr_settings(settings, tmp_path):
    settings.DANGAN_DELIVERY_ROOT = str(tmp_path / "deliveries")
    settings.DANGAN_OCR_STATE_DIR = str(tmp_path / "state")
    settings.DANGAN_OCR_WORKERS = 0
    settings.DANGAN_OCR_ENGINES = [fakeengine.SPEC]
    (tmp_path / "deliveries").mkdir()
    fakeengine.CALLS.clear()
    return settings


@pytest.fixture
def cw(world, ocr_settings):
    """client_a's project with provider_a (digitization + OCR) holding 5 units; client_b's project."""
    from dangan.custody.testing import build

    return build(world, service_types=("digitization", "ocr"))
