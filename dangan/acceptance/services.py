"""Acceptance rounds: submission, the machine check, the sample review and the decision.

Every write runs in one transaction with its ledger entries; bulk writes (findings, the sample) are
ledgered by one summary entry each. Refusals raise :class:`AcceptanceError` whose message starts with
the RULES.md ID it serves.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from dangan.core.audit_context import Actor, acting_as, actor_for_user
from dangan.core.permissions import can
from dangan.engines.qc.archive_no import canonical
from dangan.ledger.services import append

from . import permissions as caps
from .delivery import export_units_catalog, resolve_delivery, work_dir
from .models import (
    ACTIVE_STATUSES,
    CHECK_ITEMS,
    AcceptanceRound,
    CatalogSource,
    Decision,
    QcFinding,
    RoundStatus,
    SampleItem,
    SampleResult,
    Verdict,
)
from .verdict import Figures, Outcome, judge

SUBMIT_STATUSES = ("in_progress", "accepting")
FINDING_CHUNK = 500


class AcceptanceError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.rule_id = message.split("：", 1)[0] if "：" in message else ""


def default_deadline_days() -> int:
    return int(getattr(settings, "DANGAN_ACCEPTANCE_RECTIFICATION_DAYS", 15))


def qc_workers() -> int:
    return int(getattr(settings, "DANGAN_ACCEPTANCE_QC_WORKERS", 1))


def _org_id(user: Any) -> int | None:
    return getattr(user, "organization_id", None)


# ------------------------------------------------------------------------------------------ submit


def submit_refusal(user: Any, project: Any) -> str | None:
    if not can(user, caps.SUBMIT):
        return gettext("您没有提交交付的权限")
    if _org_id(user) != project.provider_id:
        return gettext("SX-3.3-c：只有承接本项目的服务方可以提交交付")
    if project.status not in SUBMIT_STATUSES:
        return gettext("SX-3.3-c：项目处于“%(v1)s”，实施或验收阶段才能提交交付") % {
            "v1": project.get_status_display()
        }
    if AcceptanceRound.objects.filter(project=project, status__in=ACTIVE_STATUSES).exists():
        return gettext("SX-3.3-c：本项目尚有未作出结论的验收轮次，请待其结束后再提交")
    return None


def submit_round(
    project: Any,
    user: Any,
    delivery_path: str,
    *,
    catalog_source: str = CatalogSource.AUTO,
    catalog_file: Any = None,
    profile: str = "DA/T 31-2017",
    note: str = "",
) -> AcceptanceRound:
    """A new round for ``project``; the machine check is queued once the transaction commits."""
    from dangan.projects.models import Project

    if reason := submit_refusal(user, project):
        raise AcceptanceError(reason)
    root = resolve_delivery(delivery_path)
    if catalog_source not in CatalogSource.values:
        raise ValidationError(gettext("未知的目录来源"))
    if catalog_source == CatalogSource.UPLOAD:
        if catalog_file is None:
            raise ValidationError(gettext("DAT31-11：请上传目录文件（.xlsx 或 .csv）"))
        if Path(catalog_file.name).suffix.lower() not in (".xlsx", ".csv"):
            raise ValidationError(gettext("DAT31-11：目录文件须为 .xlsx 或 .csv"))
    _check_profile(profile)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if reason := submit_refusal(user, project):
            raise AcceptanceError(reason)
        last = AcceptanceRound.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0
        rnd = AcceptanceRound(
            project=project,
            number=last + 1,
            delivery_path=str(root),
            catalog_source=catalog_source,
            profile=profile,
            note=note.strip(),
            submitted_by=user,
            submitted_at=timezone.now(),
        )
        if catalog_source == CatalogSource.UPLOAD:
            rnd.catalog_file = catalog_file
        rnd.save()
        append(
            "acceptance.submitted",
            obj=rnd,
            after={
                "round": rnd.number,
                "delivery": rnd.delivery_path,
                "catalog": catalog_source,
                "profile": profile,
            },
        )
        _respond_to_open_order(project, rnd, user)
        transaction.on_commit(lambda: enqueue(rnd.pk))
    return rnd


def _check_profile(profile: str) -> None:
    from dangan.engines.qc import ProfileError, load_profile

    try:
        load_profile(profile)
    except (ProfileError, OSError) as exc:
        raise ValidationError(gettext("验收配置无效：%(exc)s") % {"exc": exc}) from exc


def _respond_to_open_order(project: Any, rnd: AcceptanceRound, user: Any) -> None:
    """A resubmission after a refusal answers the rectification order (SX-2.2-b), so its issuer verifies
    it in the next round's decision."""
    from dangan.supervision.models import OrderStatus
    from dangan.supervision.services.common import SupervisionError
    from dangan.supervision.services.inspections import respond

    decision = (
        Decision.objects.filter(
            round__project=project, verdict=Verdict.REFUSED, rectification_order__isnull=False
        )
        .select_related("rectification_order")
        .order_by("-decided_at")
        .first()
    )
    if decision is None:
        return
    order = decision.rectification_order
    if order.status in (OrderStatus.ISSUED, OrderStatus.OVERDUE):
        try:
            respond(
                order,
                user,
                gettext("已整改，重新提交第 %(rnd_number)s 轮交付：%(v1)s")
                % {"rnd_number": rnd.number, "v1": rnd.note or rnd.delivery_path},
            )
        except SupervisionError:
            pass  # the order may have been answered by hand meanwhile; the round still stands


def enqueue(round_pk: int) -> None:
    from dangan.core.jobs import dispatch

    from .tasks import run_round_check

    dispatch(run_round_check, round_pk)


# --------------------------------------------------------------------------------- machine check


def _set(rnd: AcceptanceRound, **fields: Any) -> None:
    AcceptanceRound.objects.filter(pk=rnd.pk).update(**fields)
    for name, value in fields.items():
        setattr(rnd, name, value)


def run_round(round_pk: int, *, workers: int | None = None) -> AcceptanceRound:
    rnd = AcceptanceRound.objects.select_related("project", "submitted_by").get(pk=round_pk)
    if rnd.status != RoundStatus.SUBMITTED:
        return rnd  # a duplicate delivery of the task
    actor = actor_for_user(rnd.submitted_by) if rnd.submitted_by_id else Actor.system("acceptance")
    with acting_as(actor):
        try:
            return _run(rnd, qc_workers() if workers is None else workers)
        except Exception as exc:  # the round, not the worker, fails; the reason shows on its page
            with transaction.atomic():
                _set(
                    rnd,
                    status=RoundStatus.ERROR,
                    error=f"{type(exc).__name__}: {exc}",
                    finished_at=timezone.now(),
                )
                append("acceptance.check_failed", obj=rnd, after={"error": rnd.error})
            return rnd


def _catalog_for(rnd: AcceptanceRound) -> Path | None:
    if rnd.catalog_source == CatalogSource.UPLOAD and rnd.catalog_file:
        return Path(rnd.catalog_file.path)
    if rnd.catalog_source == CatalogSource.UNITS:
        path = work_dir(rnd.pk) / "目录（项目登记）.csv"
        export_units_catalog(rnd.project, path)
        return path
    return None


def _run(rnd: AcceptanceRound, workers: int) -> AcceptanceRound:
    from dangan.engines.qc import CheckOptions, draw_sample, load_profile, run_check

    root = resolve_delivery(rnd.delivery_path)  # the folder may have been moved or replaced by a link
    catalog = _catalog_for(rnd)
    with transaction.atomic():
        _set(rnd, status=RoundStatus.CHECKING, started_at=timezone.now(), catalog_path=str(catalog or ""))
        append("acceptance.check_started", obj=rnd, after={"delivery": str(root), "workers": workers})
    last = [0.0]

    def on_progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0 or done >= total:
            last[0] = now
            _set(rnd, progress_done=done, progress_total=total)

    profile = load_profile(rnd.profile)
    cache = Path(settings.DATA_DIR) / "cache" / "qc"
    report = run_check(
        CheckOptions(
            root,
            catalog=catalog,
            profile=profile,
            workers=workers,
            cache_dir=cache,
            thumbnails=False,
            on_progress=on_progress,
        )
    )
    sample = draw_sample(report, profile=profile)
    summary = report.summary
    entries = _catalog_entries(
        catalog or (root / summary["catalog"] if summary.get("catalog") else None), profile
    )
    with transaction.atomic():
        findings = [
            QcFinding(
                round=rnd,
                code=f.code,
                severity=f.severity,
                rule=f.rule,
                title=f.title[:200],
                archive_no=(f.archive_no or "")[:200],
                file=(f.file or "")[:1000],
                page=f.page,
                message=f.message,
            )
            for f in report.findings
        ]
        QcFinding.objects.bulk_create(findings, batch_size=FINDING_CHUNK)
        SampleItem.objects.bulk_create(
            [
                SampleItem(
                    round=rnd,
                    position=i,
                    archive_no=item.archive_no[:200],
                    title=item.title[:500],
                    year=item.year[:10],
                    group=item.group[:200],
                    pages=item.pages,
                    files=list(item.files),
                    catalog_entry=entries.get(canonical(item.archive_no), {}),
                )
                for i, item in enumerate(sample.items, start=1)
            ]
        )
        _set(
            rnd,
            status=RoundStatus.REVIEWING,
            finished_at=timezone.now(),
            summary=summary,
            machine_check=summary["verdict"]["machine_check"],
            items=[i.to_dict() for i in report.items],
            sample_required=sample.required,
            population=sample.population,
            progress_done=summary["counts"].get("pages", rnd.progress_done),
            progress_total=summary["counts"].get("pages", rnd.progress_total),
        )
        append(
            "acceptance.checked",
            obj=rnd,
            after={
                "verdict": summary["verdict"],
                "counts": summary["counts"],
                "by_severity": summary.get("by_severity", {}),
                "findings_written": len(findings),
                "by_code": {k: v["count"] for k, v in summary.get("by_code", {}).items()},
            },
        )
        append(
            "acceptance.sample_drawn",
            obj=rnd,
            after={
                "population": sample.population,
                "required": sample.required,
                "rate": sample.rate,
                "seed": sample.seed,
                "items": [i.archive_no for i in sample.items],
            },
        )
    return rnd


def _catalog_entries(path: Path | None, profile: Any) -> dict[str, dict[str, Any]]:
    """The catalog rows by canonical 档号, so reviewers see the entry as delivered beside the images."""
    from dangan.engines.qc.catalog import CatalogError, read_catalog

    if path is None or not path.is_file():
        return {}
    try:
        catalog = read_catalog(path, profile.section("catalog").get("columns", {}))
    except (CatalogError, OSError):
        return {}  # the check itself reported the catalog problem
    return {key: {"line": row.line, "values": dict(row.values)} for key, row in catalog.by_key().items()}


# --------------------------------------------------------------------------------------- review


def review_refusal(user: Any, rnd: AcceptanceRound) -> str | None:
    if not can(user, caps.REVIEW):
        return gettext("您没有人工抽检的权限")
    if _org_id(user) != rnd.project.client_id:
        return gettext("DAT31-12：只有本项目的委托方可以抽检")
    if rnd.status != RoundStatus.REVIEWING:
        return gettext("DAT31-12：该轮次不在人工抽检阶段")
    return None


def record_review(item: SampleItem, user: Any, results: dict[str, str], reason: str = "") -> SampleItem:
    """Pass/fail per check item; a failed item needs its reason (page and problem)."""
    if refusal := review_refusal(user, item.round):
        raise AcceptanceError(refusal)
    codes = [code for code, _ in CHECK_ITEMS]
    if set(results) != set(codes) or any(v not in SampleResult.values for v in results.values()):
        raise ValidationError(gettext("DAT31-12：每个检查项都须判定“合格”或“不合格”"))
    if SampleResult.FAIL in results.values() and not reason.strip():
        raise ValidationError(gettext("DAT31-12：判为不合格的，请写明页码和问题"))
    with transaction.atomic():
        for code in codes:
            setattr(item, code, results[code])
        item.reason = reason.strip()
        item.reviewer = user
        item.reviewed_at = timezone.now()
        item.save()
    return item


def figures(rnd: AcceptanceRound) -> Figures:
    from dangan.engines.qc import load_profile

    profile = load_profile(rnd.profile)
    acc = profile.section("acceptance")
    sample_cfg = profile.section("sample")
    items = list(rnd.sample.all())
    reviewed = [i for i in items if i.reviewed]
    counts = rnd.counts
    return Figures(
        machine_check=rnd.machine_check,
        blocking=int(rnd.verdict.get("blocking", 0)),
        pages=int(counts.get("pages", 0)),
        files=int(counts.get("files", 0)),
        findings=int(counts.get("findings", 0)),
        population=rnd.population,
        required=rnd.sample_required,
        sample_size=len(items),
        reviewed=len(reviewed),
        correspondence_passed=sum(i.correspondence_ok for i in reviewed),
        other_passed=sum(i.other_ok for i in reviewed),
        sample_rate=float(sample_cfg.get("rate", 0.05)),
        correspondence_min_rate=float(acc.get("correspondence_min_rate", 1.0)),
        other_min_rate=float(acc.get("other_min_rate", 0.95)),
        by_code=(rnd.summary or {}).get("by_code", {}),
    )


# -------------------------------------------------------------------------------------- decision


def decide_refusal(user: Any, rnd: AcceptanceRound) -> str | None:
    if not can(user, caps.DECIDE):
        return gettext("您没有作出验收结论的权限")
    if _org_id(user) != rnd.project.client_id:
        return gettext("SX-3.3-c：只有本项目的委托方可以作出验收结论")
    if rnd.status != RoundStatus.REVIEWING:
        return gettext("SX-3.3-c：该轮次不在待验收结论阶段")
    return None


def preview(
    rnd: AcceptanceRound, safety_hazards: str = "", nonconformities: str = ""
) -> tuple[Figures, Outcome]:
    f = figures(rnd)
    return f, judge(f, safety_hazards=safety_hazards, nonconformities=nonconformities)


def decide(
    rnd: AcceptanceRound,
    user: Any,
    *,
    safety_hazard: bool = False,
    safety_hazards: str = "",
    nonconformities: str = "",
    comments: str = "",
    deadline: date | None = None,
) -> Decision:
    """The verdict follows the figures: it is computed, never chosen. A refusal orders rectification."""
    if refusal := decide_refusal(user, rnd):
        raise AcceptanceError(refusal)
    if safety_hazard and not safety_hazards.strip():
        raise ValidationError(gettext("SX-3.3-c：请写明发现的档案安全隐患"))
    hazards = safety_hazards if safety_hazard else ""
    f, outcome = preview(rnd, hazards, nonconformities)
    if f.machine_check == "pass" and not f.review_complete:
        raise AcceptanceError(
            gettext(
                "DAT31-12：人工抽检尚未完成（已检 %(f_reviewed)s / %(f_sample_size)s 件），不能作出验收结论"
            )
            % {"f_reviewed": f.reviewed, "f_sample_size": f.sample_size}
        )
    today = timezone.localdate()
    if outcome.verdict == Verdict.REFUSED:
        deadline = deadline or today + timedelta(days=default_deadline_days())
        if deadline < today:
            raise ValidationError(gettext("SX-3.3-c：整改期限不能早于今天"))
    else:
        deadline = None
    with transaction.atomic():
        locked = AcceptanceRound.objects.select_for_update().get(pk=rnd.pk)
        if locked.status != RoundStatus.REVIEWING:
            raise AcceptanceError(gettext("SX-3.3-c：该轮次已有结论，请刷新页面"))
        decision = Decision.objects.create(
            round=rnd,
            verdict=outcome.verdict,
            rule_ids=outcome.rule_ids,
            reasons=outcome.reasons,
            figures=f.to_dict(),
            safety_hazard=bool(hazards),
            safety_hazards=hazards.strip(),
            nonconformities=nonconformities.strip(),
            comments=comments.strip(),
            decided_by=user,
            decided_at=timezone.now(),
            rectification_deadline=deadline,
        )
        before = rnd.status
        rnd.status = RoundStatus.ACCEPTED if outcome.verdict == Verdict.ACCEPTED else RoundStatus.REFUSED
        rnd.save()
        if outcome.verdict == Verdict.REFUSED:
            decision.rectification_order = _order_rectification(rnd, user, decision)
            decision.save()
        else:
            _verify_previous_order(rnd, user, accepted=True)
        append(
            "acceptance.decided",
            obj=rnd,
            before={"status": before},
            after={
                "verdict": outcome.verdict,
                "rules": outcome.rule_ids,
                "reasons": outcome.reasons,
                "figures": decision.figures,
                "safety_hazard": decision.safety_hazard,
                "rectification_deadline": deadline,
                "rectification_order": decision.rectification_order.number
                if decision.rectification_order
                else None,
            },
        )
        _notify_provider(rnd, decision)
    return decision


def _requirements(rnd: AcceptanceRound, decision: Decision) -> str:
    lines = [
        gettext("第 %(rnd_number)s 轮验收不予通过，请限期整改后重新提交交付：") % {"rnd_number": rnd.number},
        *decision.reasons,
    ]
    if decision.comments:
        lines.append(gettext("验收意见：%(decision_comments)s") % {"decision_comments": decision.comments})
    return "\n".join(lines)


def _order_rectification(rnd: AcceptanceRound, user: Any, decision: Decision) -> Any:
    """The 整改通知 to the provider (SX-3.3-c). A previous order already answered by this resubmission is
    reopened with the new deadline, so one order follows the rectification across rounds."""
    from dangan.supervision.models import Finding, OrderStatus, Severity
    from dangan.supervision.services.inspections import issue_order, verify

    previous = _previous_order(rnd)
    if previous is not None and previous.status == OrderStatus.RESPONDED:
        return verify(
            previous,
            user,
            accepted=False,
            note=_requirements(rnd, decision),
            new_deadline=decision.rectification_deadline,
        )
    finding = Finding.objects.create(
        project=rnd.project,
        raised_by=rnd.project.client,
        responsible_org=rnd.project.provider,
        severity=Severity.CRITICAL if decision.safety_hazard else Severity.MAJOR,
        category="quality",
        rule_id="SX-3.3-c",
        description=gettext("第 %(rnd_number)s 轮验收不予通过：") % {"rnd_number": rnd.number}
        + "；".join(decision.reasons[:-1])[:900],
        found_on=timezone.localdate(),
    )
    return issue_order(
        user,
        [finding],
        _requirements(rnd, decision),
        deadline=decision.rectification_deadline,
        addressed_to=rnd.project.provider,
    )


def _previous_order(rnd: AcceptanceRound) -> Any:
    prev = (
        Decision.objects.filter(
            round__project=rnd.project, round__number__lt=rnd.number, rectification_order__isnull=False
        )
        .select_related("rectification_order")
        .order_by("-round__number")
        .first()
    )
    return prev.rectification_order if prev else None


def _verify_previous_order(rnd: AcceptanceRound, user: Any, *, accepted: bool) -> None:
    from dangan.supervision.models import OrderStatus
    from dangan.supervision.services.common import SupervisionError
    from dangan.supervision.services.inspections import verify

    order = _previous_order(rnd)
    if order is None or order.status != OrderStatus.RESPONDED:
        return
    try:
        verify(
            order,
            user,
            accepted=accepted,
            note=gettext("第 %(rnd_number)s 轮验收通过，整改完成") % {"rnd_number": rnd.number},
        )
    except SupervisionError:
        pass  # verified by hand in the supervision pages meanwhile


def _notify_provider(rnd: AcceptanceRound, decision: Decision) -> None:
    from dangan.supervision.services.common import acting_users
    from dangan.supervision.services.notify import notify

    text = (
        gettext("%(rnd_project_name)s：第 %(rnd_number)s 轮验收通过")
        % {"rnd_project_name": rnd.project.name, "rnd_number": rnd.number}
        if decision.accepted
        else gettext("%(rnd_project_name)s：第 %(rnd_number)s 轮验收不予通过，请于 %(v1)s 前整改并重新提交")
        % {
            "rnd_project_name": rnd.project.name,
            "rnd_number": rnd.number,
            "v1": format(decision.rectification_deadline, "%Y-%m-%d"),
        }
    )
    notify(acting_users(rnd.project.provider), text, rnd.get_absolute_url(), "acceptance", obj=rnd)


# -------------------------------------------------------------------------------------------- OCR


def ocr_available() -> bool:
    try:
        from dangan.ocr import services as ocr_services
    except ImportError:
        return False
    return callable(getattr(ocr_services, "start_ocr_for_delivery", None))


def can_offer_ocr(user: Any, rnd: AcceptanceRound) -> bool:
    return (
        rnd.status == RoundStatus.ACCEPTED
        and "ocr" in (rnd.project.service_types or [])
        and _org_id(user) in (rnd.project.client_id, rnd.project.provider_id)
        and (can(user, caps.DECIDE) or can(user, caps.SUBMIT))
        and ocr_available()
    )


def start_ocr(rnd: AcceptanceRound, user: Any) -> Any:
    if not can_offer_ocr(user, rnd):
        raise AcceptanceError(
            gettext("SX-1：只有验收通过且含全文识别业务的项目，才能由委托方或服务方发起识别")
        )
    from dangan.ocr.services import start_ocr_for_delivery

    with transaction.atomic():
        job = start_ocr_for_delivery(rnd.project, rnd.delivery_path, user)
        append("acceptance.ocr_started", obj=rnd, after={"ocr_job": job.pk})
    return job
