"""Recording production steps: who did which stage of which unit, when, how many pages, with what
result — and the rework loop when a self-inspection (SX-4.2-a) fails.

The same report sent twice (same ``client_reference`` in the same project) changes nothing: the
first event is returned. Every event and every change of a unit's stage is ledgered by the models'
signals (one event and one progress change per unit and step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from dangan.accounts.models import User
from dangan.custody.models import ArchiveUnit, ProjectUnit
from dangan.projects.models import Project, ProjectStaffAssignment
from dangan.providers.models import StaffMember

from .models import StageDefinition, StageEvent, StageResult, UnitProgress, UnitStatus

# (code, name, is_inspection). DA/T 31-2017 ch. 6–14 for digitization; DA/T 22-2015 §5–6 for organizing.
DIGITIZATION_STAGES: tuple[tuple[str, str, bool], ...] = (
    ("checkout", gettext_noop("出库"), False),
    ("preprocess", gettext_noop("前处理（拆装订/修复/编页）"), False),
    ("catalog", gettext_noop("目录建库"), False),
    ("scan", gettext_noop("扫描"), False),
    ("image", gettext_noop("图像处理"), False),
    ("self_check", gettext_noop("自检"), True),
    ("link", gettext_noop("数据挂接"), False),
    ("rebind", gettext_noop("装订"), False),
    ("checkin", gettext_noop("入库"), False),
)
ORGANIZING_STAGES: tuple[tuple[str, str, bool], ...] = (
    ("grouping", gettext_noop("组件"), False),
    ("classify", gettext_noop("分类"), False),
    ("arrange", gettext_noop("排列"), False),
    ("number", gettext_noop("编号"), False),
    ("catalog", gettext_noop("编目"), False),
    ("repair_bind", gettext_noop("修整装订"), False),
    ("paginate", gettext_noop("编页"), False),
    ("self_check", gettext_noop("自检"), True),
    ("box", gettext_noop("装盒"), False),
    ("shelve", gettext_noop("排架"), False),
)

OPERATOR_RULE = "SX-3.1-b3"


class ProductionError(Exception):
    """A refused report; the message is shown to the user or returned by the API."""


class IdempotencyConflict(ProductionError):
    def __init__(self, event: StageEvent):
        super().__init__(
            gettext("报送编号“%(event_client_reference)s”已用于另一条不同的加工记录（#%(event_pk)s）")
            % {"event_client_reference": event.client_reference, "event_pk": event.pk}
        )
        self.event = event


def default_stages(project: Project) -> tuple[tuple[str, str, bool], ...]:
    configured = getattr(settings, "DANGAN_PRODUCTION_DEFAULT_STAGES", None) or {}
    services = project.service_types or []
    kind = "digitization" if "digitization" in services or "organizing" not in services else "organizing"
    if kind in configured:
        return tuple(tuple(s) for s in configured[kind])  # type: ignore[misc]
    return DIGITIZATION_STAGES if kind == "digitization" else ORGANIZING_STAGES


def ensure_stages(project: Project) -> list[StageDefinition]:
    """The project's stage list, created from the defaults on first use."""
    stages = list(StageDefinition.objects.filter(project=project).order_by("order"))
    if stages:
        return stages
    with transaction.atomic():
        for order, (code, name, inspection) in enumerate(default_stages(project), start=1):
            StageDefinition.objects.create(
                project=project, order=order, code=code, name=name, is_inspection=inspection
            )
    return list(StageDefinition.objects.filter(project=project).order_by("order"))


def parse_stage_lines(text: str) -> list[tuple[str, str, bool]]:
    """``code 名称 [自检]`` per line."""
    stages = []
    for raw in text.splitlines():
        parts = raw.split()
        if not parts:
            continue
        if len(parts) < 2:
            raise ProductionError(gettext("“%(v1)s”应写成“代码 名称”，如“scan 扫描”") % {"v1": raw.strip()})
        inspection = parts[-1] in ("自检", "*")
        name_parts = parts[1:-1] if inspection and len(parts) > 2 else parts[1:]
        stages.append((parts[0], " ".join(name_parts), inspection))
    codes = [s[0] for s in stages]
    if len(set(codes)) != len(codes):
        raise ProductionError(gettext("环节代码不能重复"))
    if not stages:
        raise ProductionError(gettext("至少需要一个环节"))
    return stages


def set_stages(project: Project, stages: list[tuple[str, str, bool]]) -> list[StageDefinition]:
    """Replaces the stage list; stages that already have events (or units at them) cannot be dropped."""
    current = {s.code: s for s in StageDefinition.objects.filter(project=project)}
    keep = {code for code, _n, _i in stages}
    with transaction.atomic():
        for code, stage in current.items():
            if code in keep:
                continue
            used = (
                StageEvent.objects.filter(stage=stage).exists()
                or UnitProgress.objects.filter(stage=stage).exists()
            )
            if used:
                raise ProductionError(
                    gettext("环节“%(stage_name)s”已有加工记录，不能删除") % {"stage_name": stage.name}
                )
            stage.delete()
        # Move existing orders out of the way first so the new order never collides.
        for offset, stage in enumerate(StageDefinition.objects.filter(project=project)):
            stage.order = 1000 + offset
            stage.save()
        for order, (code, name, inspection) in enumerate(stages, start=1):
            stage = current.get(code) or StageDefinition(project=project, code=code)
            stage.order, stage.name, stage.is_inspection = order, name, inspection
            stage.save()
    return list(StageDefinition.objects.filter(project=project).order_by("order"))


def operator_problem(project: Project, staff: StaffMember) -> str | None:
    """Why this staff member may not be named as operator on this project (None when they may)."""
    if staff.provider_id != project.provider_id:
        return gettext("%(OPERATOR_RULE)s：%(staff_name)s不是本项目服务方的工作人员") % {
            "OPERATOR_RULE": OPERATOR_RULE,
            "staff_name": staff.name,
        }
    if not staff.is_active:
        return gettext("%(OPERATOR_RULE)s：%(staff_name)s已不在职") % {
            "OPERATOR_RULE": OPERATOR_RULE,
            "staff_name": staff.name,
        }
    if not staff.has_valid_id:
        return gettext("%(OPERATOR_RULE)s：%(staff_name)s未登记有效的居民身份证号码") % {
            "OPERATOR_RULE": OPERATOR_RULE,
            "staff_name": staff.name,
        }
    if not ProjectStaffAssignment.objects.filter(project=project, staff=staff, active=True).exists():
        return gettext("%(OPERATOR_RULE)s：%(staff_name)s未派驻本项目") % {
            "OPERATOR_RULE": OPERATOR_RULE,
            "staff_name": staff.name,
        }
    return None


def eligible_operators(project: Project) -> list[StaffMember]:
    staff = StaffMember.objects.filter(
        assignments__project=project, assignments__active=True, provider=project.provider, is_active=True
    ).order_by("name")
    return [s for s in staff if s.has_valid_id]


@dataclass
class Report:
    unit: ArchiveUnit
    stage: StageDefinition
    operator: StaffMember
    finished_at: datetime
    started_at: datetime | None = None
    pages: int | None = None
    result: str = StageResult.PASS
    rework_to_stage: StageDefinition | None = None
    reason: str = ""
    client_reference: str = ""


def _same(event: StageEvent, report: Report) -> bool:
    return (
        event.unit_id == report.unit.pk
        and event.stage_id == report.stage.pk
        and event.operator_id == report.operator.pk
        and event.result == report.result
        and event.pages == report.pages
    )


def _next_stage(stages: list[StageDefinition], stage: StageDefinition) -> StageDefinition | None:
    later = [s for s in stages if s.order > stage.order]
    return later[0] if later else None


def record(project: Project, report: Report, user: User | None = None) -> tuple[StageEvent, bool]:
    """Records one step. Returns (event, created); an identical repeat returns the first event."""
    if report.client_reference:
        existing = StageEvent.objects.filter(
            project=project, client_reference=report.client_reference
        ).first()
        if existing is not None:
            if _same(existing, report):
                return existing, False
            raise IdempotencyConflict(existing)
    problem = operator_problem(project, report.operator)
    if problem:
        raise ProductionError(problem)
    if report.stage.project_id != project.pk:
        raise ProductionError(gettext("环节不属于本项目"))
    if not ProjectUnit.objects.filter(project=project, unit=report.unit).exists():
        raise ProductionError(
            gettext("档案 %(report_unit_archive_no)s 不在本项目中")
            % {"report_unit_archive_no": report.unit.archive_no}
        )
    stages = ensure_stages(project)
    if report.result == StageResult.FAIL:
        target = report.rework_to_stage
        if target is None or not report.reason.strip():
            raise ProductionError(gettext("SX-4.2-a：不通过时须指定返工环节并说明原因"))
        if target.project_id != project.pk or target.order > report.stage.order:
            raise ProductionError(gettext("SX-4.2-a：返工只能退回到本环节或之前的环节"))
    try:
        with transaction.atomic():
            progress, _ = UnitProgress.objects.select_for_update().get_or_create(
                project=project, unit=report.unit, defaults={"stage": stages[0]}
            )
            if progress.status == UnitStatus.DONE:
                raise ProductionError(
                    gettext("档案 %(report_unit_archive_no)s 已完成全部环节")
                    % {"report_unit_archive_no": report.unit.archive_no}
                )
            if progress.stage_id != report.stage.pk:
                current = progress.stage.name if progress.stage else "—"
                raise ProductionError(
                    gettext(
                        "档案 %(report_unit_archive_no)s 当前应进行“%(current)s”环节，不能报送“%(report_stage_name)s”"
                    )
                    % {
                        "report_unit_archive_no": report.unit.archive_no,
                        "current": current,
                        "report_stage_name": report.stage.name,
                    }
                )
            event = StageEvent.objects.create(
                project=project,
                unit=report.unit,
                stage=report.stage,
                operator=report.operator,
                started_at=report.started_at,
                finished_at=report.finished_at,
                pages=report.pages,
                result=report.result,
                rework_to_stage=report.rework_to_stage if report.result == StageResult.FAIL else None,
                reason=report.reason.strip()[:300],
                client_reference=report.client_reference,
                recorded_by=user,
            )
            if report.result == StageResult.FAIL:
                progress.stage = report.rework_to_stage
                progress.status = UnitStatus.REWORK
                progress.rework_reason = (
                    gettext("%(report_stage_name)s不通过：%(v1)s")
                    % {"report_stage_name": report.stage.name, "v1": report.reason.strip()}
                )[:300]
            else:
                nxt = _next_stage(stages, report.stage)
                progress.stage = nxt
                progress.status = UnitStatus.DONE if nxt is None else UnitStatus.IN_PROGRESS
                progress.rework_reason = ""
            progress.save()
    except IntegrityError:
        # Two identical reports raced; the other one won and its event is the answer.
        existing = StageEvent.objects.filter(
            project=project, client_reference=report.client_reference
        ).first()
        if existing is None:
            raise
        if _same(existing, report):
            return existing, False
        raise IdempotencyConflict(existing) from None
    return event, True


@dataclass
class BulkOutcome:
    recorded: list[StageEvent] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def record_many(
    project: Project, units: Iterable[ArchiveUnit], user: User | None = None, **common: Any
) -> BulkOutcome:
    """The same step for many units (the production board); each unit succeeds or is refused alone."""
    outcome = BulkOutcome()
    for unit in units:
        try:
            event, _ = record(project, Report(unit=unit, **common), user)
            outcome.recorded.append(event)
        except ProductionError as exc:
            outcome.refused.append((unit.archive_no, str(exc)))
    return outcome


# ---------------------------------------------------------------------------------------- statistics


def workload(project: Project) -> list[dict[str, Any]]:
    """Units and pages per operator, stage and day."""
    rows = (
        StageEvent.objects.filter(project=project)
        .annotate(day=TruncDate("finished_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "operator__name", "stage__name", "stage__order")
        .annotate(units=Count("pk"), pages=Sum("pages"))
        .order_by("-day", "operator__name", "stage__order")
    )
    return [
        {
            "day": r["day"],
            "operator": r["operator__name"],
            "stage": r["stage__name"],
            "units": r["units"],
            "pages": r["pages"] or 0,
        }
        for r in rows
    ]


def progress(project: Project) -> dict[str, Any]:
    """How many units wait at each stage, how many are done, and daily output (for ECharts)."""
    stages = ensure_stages(project)
    total = ProjectUnit.objects.filter(project=project).count()
    at_stage = dict(
        UnitProgress.objects.filter(project=project, stage__isnull=False)
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("pk"))
    )
    passed = dict(
        StageEvent.objects.filter(project=project, result=StageResult.PASS)
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("unit_id", distinct=True))
    )
    statuses = dict(
        UnitProgress.objects.filter(project=project).order_by().values_list("status").annotate(n=Count("pk"))
    )
    started = sum(statuses.values())
    statuses[UnitStatus.PENDING] = statuses.get(UnitStatus.PENDING, 0) + max(total - started, 0)
    if stages:
        at_stage[stages[0].pk] = at_stage.get(stages[0].pk, 0) + max(total - started, 0)
    daily = (
        StageEvent.objects.filter(project=project)
        .annotate(day=TruncDate("finished_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(units=Count("pk"), pages=Sum("pages"))
        .order_by("day")
    )
    return {
        "total": total,
        "done": statuses.get(UnitStatus.DONE, 0),
        "rework": statuses.get(UnitStatus.REWORK, 0),
        "statuses": [
            {"code": code, "name": label, "value": statuses.get(code, 0)}
            for code, label in UnitStatus.choices
        ],
        "stages": [
            {
                "code": s.code,
                "name": s.name,
                "waiting": at_stage.get(s.pk, 0),
                "passed": passed.get(s.pk, 0),
                "is_inspection": s.is_inspection,
            }
            for s in stages
        ],
        "daily": [
            {"day": r["day"].isoformat(), "units": r["units"], "pages": r["pages"] or 0} for r in daily
        ],
    }
