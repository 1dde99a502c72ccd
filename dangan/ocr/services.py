"""Starting and running OCR jobs. The only writer of OcrJob progress, PageText and PageFailure.

Robustness (issue 7 item 5):
* an unreadable page becomes a PageFailure and the other pages go on;
* pages are recognised by the engine's resumable batch runner into a per-project state folder, so a
  job whose worker died is simply run again (the Celery task is acks_late): finished pages are reused,
  the page in flight is recognised again, nothing is lost;
* every write is keyed — PageText on (unit, page), PageFailure on (job, file, page) — and the final
  counts are sizes of sets of those keys, so a retried page is never counted twice.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dangan.core.audit_context import acting_as, actor_for_user
from dangan.core.permissions import can
from dangan.engines.ocr.engines import ENGINES
from dangan.ledger.services import append

from .delivery import DeliveryPlan, plan_delivery, resolve_delivery
from .models import ACTIVE_STATUSES_Q, JobStatus, OcrJob, PageFailure, PageText

UNREADABLE_RULE = "DAT31-9.5"
WRITE_CHUNK = 200


def allowed_engines() -> list[str]:
    """Registered engines plus any ``module:Factory`` the deployment lists in DANGAN_OCR_ENGINES."""
    return [*ENGINES, *getattr(settings, "DANGAN_OCR_ENGINES", [])]


def refusal(user: Any, project: Any) -> str | None:
    """Why ``user`` may not start OCR on ``project``, or None."""
    if not can(user, "ocr.start_job"):
        return gettext("您没有发起全文识别任务的权限")
    org = getattr(user, "organization", None)
    if org is not None and org.pk == project.client_id:
        return None
    if org is not None and org.pk == project.provider_id:
        if "ocr" not in (project.service_types or []):
            return gettext("SX-1：本项目的业务类型不含“纸质档案数字复制件全文识别”，服务方不能发起识别")
        return None
    return gettext("只有项目的委托方或承接项目的服务方可以发起识别")


def _state_dir(project: Any) -> Path:
    base = getattr(settings, "DANGAN_OCR_STATE_DIR", None) or Path(settings.DATA_DIR) / "ocr-state"
    return Path(base) / f"project-{project.pk}"


def start_job(
    project: Any, delivery_path: str, user: Any, engine: str = "rapidocr", *, check: bool = True
) -> OcrJob:
    """Queue an OCR job over a delivery folder of ``project``; it runs after the transaction commits."""
    from dangan.projects.models import Project

    if check and (reason := refusal(user, project)):
        raise PermissionDenied(reason)
    if engine not in allowed_engines():
        raise ValidationError({"engine": gettext("未知的识别引擎：%(engine)s") % {"engine": engine}})
    root = resolve_delivery(delivery_path)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        busy = OcrJob.objects.filter(ACTIVE_STATUSES_Q, project=project).first()
        if busy is not None:
            raise ValidationError(
                gettext("该项目已有未完成的识别任务 #%(busy_pk)s，请等待其完成后再发起")
                % {"busy_pk": busy.pk}
            )
        job = OcrJob.objects.create(
            project=project,
            delivery_path=str(root),
            engine=engine,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from dangan.core.jobs import dispatch

    from .tasks import run_ocr_job

    dispatch(run_ocr_job, job_id)


def start_ocr_for_delivery(project: Any, delivery_path: str, user: Any, engine: str = "rapidocr") -> OcrJob:
    """For the acceptance app: recognise an accepted delivery (the acceptance decision is the authority,
    so the OCR capability is not asked again; the folder must still lie inside the delivery root)."""
    return start_job(project, delivery_path, user, engine, check=False)


def _project_units(job: OcrJob) -> tuple[dict[str, int], dict[int, tuple[str, str]]]:
    from dangan.custody.models import ProjectUnit
    from dangan.engines.qc.archive_no import canonical

    units: dict[str, int] = {}
    refused: dict[int, tuple[str, str]] = {}
    started_by_provider = (
        job.created_by is not None and job.created_by.organization_id == job.project.provider_id
    )
    rows = ProjectUnit.objects.filter(project=job.project).select_related("unit")
    for pu in rows:
        units[canonical(pu.unit.archive_no)] = pu.unit_id
        if started_by_provider and pu.unit.is_classified:
            refused[pu.unit_id] = (
                gettext("SX-3.1-c：涉密且未解密的档案不得外包全文识别，未识别"),
                "SX-3.1-c",
            )
    return units, refused


def _set(job: OcrJob, **fields: Any) -> None:
    OcrJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def run_job(job_id: int, *, workers: int | None = None) -> OcrJob:
    job = OcrJob.objects.select_related("project", "created_by").get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job  # a duplicate delivery of the task
    with acting_as(actor_for_user(job.created_by) if job.created_by else _system()):
        try:
            return _run(job, workers)
        except Exception as exc:  # the job, not the worker, fails; the reason is shown on its page
            with transaction.atomic():
                _set(
                    job,
                    status=JobStatus.FAILED,
                    error=f"{type(exc).__name__}: {exc}",
                    finished_at=timezone.now(),
                )
                append("ocr.job_failed", obj=job, after={"error": job.error})
            return job


def _system():
    from dangan.core.audit_context import Actor

    return Actor.system("ocr-job")


def _run(job: OcrJob, workers: int | None) -> OcrJob:
    from dangan.engines.ocr.runner import STATE_DIR, run_batch

    first_start = job.started_at is None
    units, refused = _project_units(job)
    plan = plan_delivery(Path(job.delivery_path), units, refused)
    with transaction.atomic():
        _set(
            job,
            status=JobStatus.RUNNING,
            started_at=job.started_at or timezone.now(),
            pages_total=len(plan.pages) + len(plan.problems),
            error="",
        )
        _record_problems(job, plan)
        append(
            "ocr.job_started" if first_start else "ocr.job_resumed",
            obj=job,
            after={"delivery": job.delivery_path, "engine": job.engine, "pages": job.pages_total},
        )
    output = _state_dir(job.project)
    sources = sorted({str(p.path) for p in plan.pages})
    progress = {"ok": 0, "failed": 0, "last": 0.0}

    def on_page(_label: str, status: str) -> None:
        progress["ok" if status == "ok" else "failed"] += 1
        now = time.monotonic()
        if now - progress["last"] >= 1.0:
            progress["last"] = now
            _set(job, pages_done=progress["ok"], pages_failed=len(plan.problems) + progress["failed"])

    if sources:
        if workers is None:
            workers = getattr(settings, "DANGAN_OCR_WORKERS", None)
        run_batch(
            [Path(s) for s in sources],
            output,
            engine=job.engine,
            formats=(),
            workers=workers,
            progress=False,
            on_page=on_page,
        )
    manifest = (
        json.loads((output / STATE_DIR / "manifest.json").read_text("utf-8")) if sources else {"items": []}
    )
    status_of: dict[tuple[str, int], dict[str, Any]] = {}
    for item in manifest["items"]:
        for entry in item["pages"]:
            status_of[(entry["source"], int(entry["frame"]))] = entry
    done, _failed = _write_pages(job, plan, status_of, output / STATE_DIR / "pages")
    with transaction.atomic():
        failed_keys = set(PageFailure.objects.filter(job=job).values_list("file", "page"))
        _set(
            job,
            status=JobStatus.DONE,
            pages_done=len(done),
            pages_failed=len(failed_keys),
            finished_at=timezone.now(),
        )
        append(
            "ocr.job_finished",
            obj=job,
            after={
                "pages_total": job.pages_total,
                "pages_done": job.pages_done,
                "pages_failed": job.pages_failed,
            },
        )
    return job


def _record_problems(job: OcrJob, plan: DeliveryPlan) -> None:
    for problem in plan.problems:
        PageFailure.objects.get_or_create(
            job=job,
            file=problem.file,
            page=problem.page,
            defaults={"reason": problem.reason, "rule": problem.rule},
        )


def _write_pages(
    job: OcrJob, plan: DeliveryPlan, status_of: dict[tuple[str, int], dict[str, Any]], state: Path
) -> tuple[set[tuple[int, int]], set[tuple[str, int]]]:
    from dangan.engines.ocr.types import OcrPage

    done: set[tuple[int, int]] = set()
    failed: set[tuple[str, int]] = set()
    for start in range(0, len(plan.pages), WRITE_CHUNK):
        with transaction.atomic():
            for planned in plan.pages[start : start + WRITE_CHUNK]:
                entry = status_of.get((str(planned.path), planned.frame))
                state_file = state / f"{entry['key']}.json" if entry else None
                if entry is None or entry.get("status") != "done" or not state_file.exists():
                    reason = (entry or {}).get("error") or gettext("未得到识别结果")
                    PageFailure.objects.get_or_create(
                        job=job,
                        file=planned.rel,
                        page=planned.page,
                        defaults={"reason": reason, "rule": UNREADABLE_RULE},
                    )
                    failed.add((planned.rel, planned.page))
                    continue
                page = OcrPage.from_dict(json.loads(state_file.read_text("utf-8")))
                PageText.objects.update_or_create(
                    unit_id=planned.unit_id,
                    page=planned.page,
                    defaults={
                        "text": page.text,
                        "confidence": round(page.mean_confidence, 4),
                        "engine": job.engine,
                        "job": job,
                        "source_file": planned.rel + (f"#{planned.frame + 1}" if planned.frame else ""),
                    },
                )
                # A page that failed in an earlier attempt of this job and has now been read.
                PageFailure.objects.filter(job=job, file=planned.rel, page=planned.page).delete()
                done.add((planned.unit_id, planned.page))
            _set(job, pages_done=len(done), pages_failed=len(plan.problems) + len(failed))
    return done, failed
