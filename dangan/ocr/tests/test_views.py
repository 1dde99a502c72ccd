"""OCR pages as each kind of user: owner and assigned provider see them, another organization gets 404,
a regulator sees them inside its jurisdiction only, and a user without the capability cannot start a job."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from dangan.ocr import services
from dangan.ocr.models import JobStatus, OcrJob, PageText

from . import fakeengine
from .helpers import make_delivery

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def done_job(cw, ocr_settings):
    root = Path(ocr_settings.DANGAN_DELIVERY_ROOT) / "b1"
    make_delivery(root, {cw.units[0].archive_no: ["会议纪要 <b>加粗</b> 档案数字化外包安全"]})
    job = services.start_job(cw.project, str(root), cw.world.client_a_manager, fakeengine.SPEC)
    return services.run_job(job.pk)


def pages(cw, job):
    return [
        reverse("ocr:job_detail", args=[job.pk]),
        reverse("ocr:job_progress", args=[job.pk]),
        reverse("ocr:project_jobs", args=[cw.project.pk]),
        reverse("ocr:unit_text", args=[cw.units[0].pk]),
    ]


def test_pages_by_scope(cw, done_job):
    w = cw.world
    for user, expected in [
        (w.client_a_manager, 200),
        (w.provider_a_manager, 200),
        (w.city_officer, 200),
        (w.client_b_manager, 404),
        (w.provider_b_manager, 404),
        (w.other_officer, 404),
    ]:
        c = client_for(user)
        for url in pages(cw, done_job):
            assert c.get(url).status_code == expected, (user, url)
    listing = client_for(w.client_b_manager).get(reverse("ocr:job_list"))
    assert listing.status_code == 200 and f"#{done_job.pk}" not in listing.content.decode()
    assert f"#{done_job.pk}" in client_for(w.city_officer).get(reverse("ocr:job_list")).content.decode()


def test_search_page_shows_archive_no_title_page_and_highlight(cw, done_job):
    html = (
        client_for(cw.world.client_a_manager).get(reverse("ocr:search"), {"q": "字化外包"}).content.decode()
    )
    unit = cw.units[0]
    assert unit.archive_no in html and unit.title in html
    assert "第 1 页" in html
    assert "<mark>字化外包</mark>" in html
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html or "加粗" not in html
    assert "<b>加粗</b>" not in html
    other = (
        client_for(cw.world.client_b_manager).get(reverse("ocr:search"), {"q": "字化外包"}).content.decode()
    )
    assert unit.archive_no not in other and "没有找到结果" in other


def test_unit_text_highlights_the_query(cw, done_job):
    url = reverse("ocr:unit_text", args=[cw.units[0].pk])
    html = client_for(cw.world.client_a_manager).get(url, {"q": "会议纪要"}).content.decode()
    assert "<mark>会议纪要</mark>" in html and 'id="p1"' in html
    assert "<b>加粗</b>" not in html


def test_job_detail_polls_while_running_and_stops_when_done(cw, done_job):
    c = client_for(cw.world.client_a_manager)
    html = c.get(reverse("ocr:job_progress", args=[done_job.pk])).content.decode()
    assert "hx-trigger" not in html and "已识别 1 页" in html
    OcrJob.objects.filter(pk=done_job.pk).update(status=JobStatus.RUNNING)
    assert "hx-trigger" in c.get(reverse("ocr:job_progress", args=[done_job.pk])).content.decode()


def test_start_job_from_the_project_page(cw, ocr_settings, django_capture_on_commit_callbacks):
    root = Path(ocr_settings.DANGAN_DELIVERY_ROOT) / "b2"
    make_delivery(root, {cw.units[2].archive_no: ["档案寄存托管服务"]})
    url = reverse("ocr:project_jobs", args=[cw.project.pk])
    c = client_for(cw.client_staff)
    assert 'data-testid="start-job-form"' in c.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, {"delivery_path": "b2", "engine": fakeengine.SPEC})
    job = OcrJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and PageText.objects.filter(unit=cw.units[2]).count() == 1

    refused = c.post(url, {"delivery_path": "/etc", "engine": fakeengine.SPEC})
    assert refused.status_code == 400 and "必须位于服务器交付根目录" in refused.content.decode()


def test_start_job_refusals(cw, ocr_settings):
    url = reverse("ocr:project_jobs", args=[cw.project.pk])
    operator = client_for(cw.provider_operator)
    page = operator.get(url).content.decode()
    assert 'data-testid="start-refusal"' in page and "start-job-form" not in page
    assert operator.post(url, {"delivery_path": ".", "engine": fakeengine.SPEC}).status_code == 403
    assert client_for(cw.world.city_officer).post(url, {"delivery_path": "."}).status_code in (400, 403)
    assert client_for(cw.world.client_b_manager).post(url, {"delivery_path": "."}).status_code == 404
    assert not OcrJob.objects.exists()
