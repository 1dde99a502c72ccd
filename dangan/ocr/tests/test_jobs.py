"""OCR jobs over a delivery folder: files mapped to units by 档号, an unreadable page reported while the
rest goes on, a rerun or a resumed job never counting a page twice, delivery paths confined to the root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangan.ledger.models import LedgerEntry
from dangan.ocr import services
from dangan.ocr.models import JobStatus, OcrJob, PageFailure, PageText
from dangan.ocr.search import search

from . import fakeengine
from .helpers import make_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(cw, ocr_settings):
    root = Path(ocr_settings.DANGAN_DELIVERY_ROOT) / "batch1"
    u = cw.units
    make_delivery(
        root,
        {
            u[0].archive_no: ["第一件第一页 档案数字化外包", "第一件第二页 安全保密管理"],
            u[1].archive_no: ["第二件第一页 库房温湿度记录", "第二件第二页", "第二件第三页 专人管理"],
        },
    )
    return root


def run(cw, root, user=None, engine=fakeengine.SPEC, capture=None):
    job = services.start_job(cw.project, str(root), user or cw.world.client_a_manager, engine)
    return services.run_job(job.pk)


def test_pages_are_recognised_mapped_by_archive_no_and_searchable(cw, delivery):
    job = run(cw, delivery)
    assert job.status == JobStatus.DONE
    assert (job.pages_total, job.pages_done, job.pages_failed) == (5, 5, 0)
    texts = {(p.unit_id, p.page): p.text for p in PageText.objects.all()}
    assert texts[(cw.units[1].pk, 3)] == "第二件第三页 专人管理"
    assert texts[(cw.units[0].pk, 2)] == "第一件第二页 安全保密管理"
    hit = search(cw.world.client_a_manager, "温湿度").hits[0]
    assert (hit.archive_no, hit.page) == (cw.units[1].archive_no, 1)
    events = list(LedgerEntry.objects.filter(event__startswith="ocr.").values_list("event", flat=True))
    assert "ocr.job_started" in events and "ocr.job_finished" in events


def test_unreadable_page_is_reported_and_the_rest_goes_on(cw, delivery):
    bad = delivery / cw.units[0].archive_no / "003.png"
    bad.write_bytes(b"this is not an image")
    (delivery / "unknown-file-001.png").write_bytes(bad.read_bytes())
    job = run(cw, delivery)
    assert job.status == JobStatus.DONE
    assert (job.pages_total, job.pages_done, job.pages_failed) == (7, 5, 2)
    failures = {(f.file, f.page): f for f in PageFailure.objects.filter(job=job)}
    unreadable = failures[(f"{cw.units[0].archive_no}/003.png", 3)]
    assert unreadable.rule == "DAT31-9.5" and "无法" in unreadable.reason
    assert failures[("unknown-file-001.png", 0)].rule == "DAT31-11"
    assert PageText.objects.count() == 5


def test_rerun_after_a_failure_does_not_double_count(cw, delivery):
    bad = delivery / cw.units[0].archive_no / "003.png"
    bad.write_bytes(b"broken")
    first = run(cw, delivery)
    assert (first.pages_done, first.pages_failed) == (5, 1)
    bad.unlink()
    from .helpers import page_image

    page_image(bad, "第一件第三页 补扫")
    fakeengine.CALLS.clear()
    second = run(cw, delivery)
    assert (second.pages_total, second.pages_done, second.pages_failed) == (6, 6, 0)
    assert PageText.objects.count() == 6
    assert PageText.objects.filter(unit=cw.units[0], page=3).get().text == "第一件第三页 补扫"
    assert len(fakeengine.CALLS) == 1  # only the new page was recognised again
    assert search(cw.world.client_a_manager, "第一件第一页").total == 1


def test_job_interrupted_like_a_killed_worker_resumes_without_loss_or_double_count(cw, delivery, monkeypatch):
    job = services.start_job(cw.project, str(delivery), cw.world.client_a_manager, fakeengine.SPEC)
    real_save = PageText.save
    calls = {"n": 0}

    def dying_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise SystemExit("worker killed")  # not an Exception: nothing in the job catches it
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(PageText, "save", dying_save)
    with pytest.raises(SystemExit):
        services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    monkeypatch.setattr(PageText, "save", real_save)
    fakeengine.CALLS.clear()
    resumed = services.run_job(job.pk)  # what the broker's redelivery does
    assert resumed.status == JobStatus.DONE
    assert (resumed.pages_total, resumed.pages_done, resumed.pages_failed) == (5, 5, 0)
    assert PageText.objects.count() == 5
    assert fakeengine.CALLS == []  # every page was already recognised and saved by the engine
    events = list(
        LedgerEntry.objects.filter(object_id=str(job.pk), event__startswith="ocr.").values_list(
            "event", flat=True
        )
    )
    assert events.count("ocr.job_finished") == 1 and "ocr.job_resumed" in events


def test_a_second_job_waits_for_the_first(cw, delivery):
    services.start_job(cw.project, str(delivery), cw.world.client_a_manager, fakeengine.SPEC)
    with pytest.raises(ValidationError, match="未完成的识别任务"):
        services.start_job(cw.project, str(delivery), cw.world.client_a_manager, fakeengine.SPEC)


def test_delivery_path_must_lie_inside_the_root(cw, delivery, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    user = cw.world.client_a_manager
    for path in (str(outside), str(delivery / ".." / ".." / "elsewhere"), "../elsewhere"):
        with pytest.raises(ValidationError, match="必须位于服务器交付根目录"):
            services.start_job(cw.project, path, user, fakeengine.SPEC)
    link = delivery.parent / "link-out"
    os.symlink(outside, link)
    with pytest.raises(ValidationError, match="必须位于服务器交付根目录"):
        services.start_job(cw.project, str(link), user, fakeengine.SPEC)
    with pytest.raises(ValidationError, match="不存在"):
        services.start_job(cw.project, "missing", user, fakeengine.SPEC)
    job = services.start_job(cw.project, "batch1", user, fakeengine.SPEC)  # relative to the root
    assert job.delivery_path == str(delivery)
    assert not OcrJob.objects.exclude(pk=job.pk).exists()


def test_who_may_start_a_job(cw, delivery):
    w = cw.world
    assert services.refusal(cw.client_staff, cw.project) is None
    assert services.refusal(w.provider_a_manager, cw.project) is None
    assert services.refusal(cw.provider_operator, cw.project) == "您没有发起全文识别任务的权限"
    assert services.refusal(w.client_b_manager, cw.project).startswith("只有项目的委托方")
    assert services.refusal(w.city_officer, cw.project) == "您没有发起全文识别任务的权限"
    cw.project.service_types = ["digitization"]
    cw.project.save()
    assert services.refusal(w.provider_a_manager, cw.project).startswith("SX-1：")
    assert services.refusal(w.client_a_manager, cw.project) is None  # in-house OCR by the client
    with pytest.raises(PermissionDenied):
        services.start_job(cw.project, str(delivery), w.provider_a_manager, fakeengine.SPEC)


def test_provider_job_skips_classified_units(cw, delivery):
    unit = cw.units[1]
    unit.classification = "秘密"
    unit.save()
    job = run(cw, delivery, user=cw.world.provider_a_manager)
    assert (job.pages_done, job.pages_failed) == (2, 3)
    assert set(PageFailure.objects.filter(job=job).values_list("rule", flat=True)) == {"SX-3.1-c"}
    assert not PageText.objects.filter(unit=unit).exists()


def test_start_ocr_for_delivery_is_the_acceptance_hook(cw, delivery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_ocr_for_delivery(
            cw.project, str(delivery), cw.client_staff, engine=fakeengine.SPEC
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.pages_done == 5


def test_unknown_engine_is_refused(cw, delivery):
    with pytest.raises(ValidationError, match="未知的识别引擎"):
        services.start_job(cw.project, str(delivery), cw.world.client_a_manager, "os:system")
