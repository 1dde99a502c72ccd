"""API: /api/ocr/jobs/ (create, progress), /api/search/ (scoped), /api/ocr/page-texts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from dangan.core.testing import api_client
from dangan.ocr.models import OcrJob

from . import fakeengine
from .helpers import make_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(cw, ocr_settings):
    path = Path(ocr_settings.DANGAN_DELIVERY_ROOT) / "api"
    make_delivery(path, {cw.units[0].archive_no: ["数字复制件全文识别 第一页", "第二页 验收记录"]})
    return path


def test_create_and_follow_a_job(cw, root, django_capture_on_commit_callbacks):
    api = api_client(cw.client_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/ocr/jobs/",
            {"project": cw.project.pk, "delivery_path": "api", "engine": fakeengine.SPEC},
            format="json",
        )
    assert response.status_code == 201, response.content
    job_id = response.json()["id"]
    detail = api.get(f"/api/ocr/jobs/{job_id}/").json()
    assert (detail["status"], detail["pages_total"], detail["pages_done"], detail["percent"]) == (
        "done",
        2,
        2,
        100,
    )
    assert detail["failures"] == []
    texts = api.get("/api/ocr/page-texts/", {"unit": cw.units[0].pk}).json()["results"]
    assert [t["page"] for t in texts] == [1, 2]
    assert api_client(cw.world.client_b_manager).get(f"/api/ocr/jobs/{job_id}/").status_code == 404
    assert api_client(cw.world.city_officer).get(f"/api/ocr/jobs/{job_id}/").status_code == 200
    assert api_client(cw.world.other_officer).get(f"/api/ocr/jobs/{job_id}/").status_code == 404
    assert api_client(cw.world.other_officer).get("/api/ocr/page-texts/").json()["count"] == 0


def test_create_refusals(cw, root):
    body = {"project": cw.project.pk, "delivery_path": "api", "engine": fakeengine.SPEC}
    assert api_client(cw.provider_operator).post("/api/ocr/jobs/", body, format="json").status_code == 403
    # another client: the project does not exist for it
    assert (
        api_client(cw.world.client_b_manager).post("/api/ocr/jobs/", body, format="json").status_code == 404
    )
    outside = api_client(cw.client_staff).post(
        "/api/ocr/jobs/", {**body, "delivery_path": "/tmp"}, format="json"
    )
    assert outside.status_code == 400 and "交付根目录" in outside.json()["delivery_path"][0]
    assert not OcrJob.objects.exists()


def test_search_endpoint_is_scoped(cw, root):
    from dangan.ocr import services

    job = services.start_job(cw.project, str(root), cw.client_staff, fakeengine.SPEC)
    services.run_job(job.pk)
    mine = api_client(cw.world.client_a_manager).get("/api/search/", {"q": "复制件全文"}).json()
    assert mine["total"] == 1
    hit = mine["results"][0]
    assert (hit["archive_no"], hit["page"]) == (cw.units[0].archive_no, 1)
    assert "<mark>复制件全文</mark>" in hit["snippet"]
    assert api_client(cw.world.client_b_manager).get("/api/search/", {"q": "复制件全文"}).json()["total"] == 0
    assert api_client(cw.world.other_officer).get("/api/search/", {"q": "复制件全文"}).json()["total"] == 0
    from rest_framework.test import APIClient

    assert APIClient().get("/api/search/", {"q": "复制件"}).status_code in (401, 403)
