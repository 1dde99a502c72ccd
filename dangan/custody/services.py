"""Custody services: the only code that moves archive units between storage, transit and the provider.

Every state change is ledgered. Units change state in bulk (``QuerySet.update``), which bypasses the
per-object signals, so each hand-over step appends one ledger entry naming every unit it moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from dangan.accounts.models import Organization, User
from dangan.engines.compliance.vocab import CLASSIFIED_RESTRICTED_SERVICES
from dangan.ledger import services as ledger
from dangan.projects.models import Project, ProjectStatus

from . import archive_no as archive_no_mod
from .models import (
    AT_HOME_STATES,
    OUTSTANDING_STATES,
    ArchiveUnit,
    BatchStatus,
    CustodyIncident,
    CustodyState,
    Direction,
    HandoverBatch,
    HandoverItem,
    IncidentKind,
    ProjectUnit,
    ReceivedStatus,
)

SX31C = gettext_noop("SX-3.1-c：未进行解密处理的涉密档案不得外包进行数字化或整理")


class CustodyError(Exception):
    """A refused custody action; the message is shown to the user and names its rule."""


def restricted_project(project: Project) -> bool:
    return bool(set(project.service_types or []) & CLASSIFIED_RESTRICTED_SERVICES)


def classified_refusal(unit: ArchiveUnit) -> str:
    return gettext("%(rule)s（%(archive_no)s，密级：%(classification)s）") % {
        "rule": gettext(SX31C),
        "archive_no": unit.archive_no,
        "classification": unit.classification,
    }


# ------------------------------------------------------------------------------ project membership


@dataclass
class AddResult:
    added: list[ArchiveUnit] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (档号, reason)


def add_units_to_project(project: Project, units: Iterable[ArchiveUnit]) -> AddResult:
    """Adds the client's units to the project; refuses classified units (SX-3.1-c) one by one."""
    result = AddResult()
    existing = set(ProjectUnit.objects.filter(project=project).values_list("unit_id", flat=True))
    restricted = restricted_project(project)
    for unit in units:
        if unit.owner_id != project.client_id:
            result.refused.append((unit.archive_no, gettext("只能加入委托方本单位的档案")))
        elif restricted and unit.is_classified:
            result.refused.append((unit.archive_no, classified_refusal(unit)))
        elif unit.pk in existing:
            result.refused.append((unit.archive_no, gettext("已在本项目中")))
        else:
            existing.add(unit.pk)
            result.added.append(unit)
    if result.added:
        with transaction.atomic():
            ProjectUnit.objects.bulk_create([ProjectUnit(project=project, unit=u) for u in result.added])
            ledger.append(
                "custody_units_added",
                obj=project,
                after={"count": len(result.added), "archive_nos": [u.archive_no for u in result.added]},
            )
    return result


def find_unit(owner_id: int, text: str) -> ArchiveUnit | None:
    canonical = archive_no_mod.normalize(text)
    if not canonical:
        return None
    return ArchiveUnit.objects.filter(owner_id=owner_id, archive_no=canonical).first()


# ----------------------------------------------------------------------------------------- batches


def _org(user: User) -> Organization | None:
    return getattr(user, "organization", None)


def create_batch(project: Project, direction: str, user: User, note: str = "") -> HandoverBatch:
    if project.provider_id is None:
        raise CustodyError(gettext("CUSTODY：项目尚未确定服务方，不能交接原件"))
    if project.status == ProjectStatus.CLOSED:
        raise CustodyError(gettext("CUSTODY：项目已完结，不能再交接原件"))
    org = _org(user)
    if direction == Direction.OUT:
        sender, receiver = project.client, project.provider
    else:
        sender, receiver = project.provider, project.client
    if org is None or org.pk != sender.pk:
        who = gettext("委托方") if direction == Direction.OUT else gettext("服务方")
        raise CustodyError(
            gettext("CUSTODY：%(v1)s只能由%(who)s创建")
            % {
                "v1": gettext("出库交接单") if direction == Direction.OUT else gettext("归还交接单"),
                "who": who,
            }
        )
    prefix = "CK" if direction == Direction.OUT else "GH"
    with transaction.atomic():
        seq = HandoverBatch.objects.filter(project=project, direction=direction).count() + 1
        number = f"{prefix}-{project.pk}-{seq:03d}"
        while HandoverBatch.objects.filter(project=project, number=number).exists():
            seq += 1
            number = f"{prefix}-{project.pk}-{seq:03d}"
        return HandoverBatch.objects.create(
            project=project,
            number=number,
            direction=direction,
            sender_org=sender,
            receiver_org=receiver,
            created_by=user,
            note=note,
        )


@dataclass(frozen=True)
class ScanResult:
    ok: bool
    code: str
    message: str
    archive_no: str = ""


def _open_batch_of(unit: ArchiveUnit, exclude: HandoverBatch) -> HandoverBatch | None:
    item = (
        HandoverItem.objects.filter(unit=unit, batch__status__in=[BatchStatus.DRAFT, BatchStatus.SENT])
        .exclude(batch=exclude)
        .select_related("batch")
        .first()
    )
    return item.batch if item else None


def add_to_batch(batch: HandoverBatch, text: str, user: User, condition: str = "完好") -> ScanResult:
    """One scan (or typed 档号) on the sender's side: adds the unit to a draft batch or says why not."""
    text = (text or "").strip()
    if batch.status != BatchStatus.DRAFT:
        return ScanResult(False, "closed", gettext("交接单已交出，不能再添加"), text)
    org = _org(user)
    if org is None or org.pk != batch.sender_org_id:
        return ScanResult(False, "forbidden", gettext("只有交出方可以添加档案"), text)
    project = batch.project
    unit = find_unit(project.client_id, text)
    if unit is None:
        return ScanResult(False, "not_found", gettext("未找到档号为“%(text)s”的档案") % {"text": text}, text)
    if not ProjectUnit.objects.filter(project=project, unit=unit).exists():
        return ScanResult(False, "not_in_project", gettext("不在本项目中"), unit.archive_no)
    if HandoverItem.objects.filter(batch=batch, unit=unit).exists():
        return ScanResult(False, "already", gettext("已在本交接单中"), unit.archive_no)
    if batch.direction == Direction.OUT:
        if restricted_project(project) and unit.is_classified:
            return ScanResult(False, "classified", classified_refusal(unit), unit.archive_no)
        if unit.custody_state not in AT_HOME_STATES:
            return ScanResult(
                False,
                "unavailable",
                gettext("当前状态为“%(v1)s”，不在库中") % {"v1": unit.get_custody_state_display()},
                unit.archive_no,
            )
    else:
        held_here = unit.custody_project_id == project.pk and unit.custody_state in (
            CustodyState.WITH_PROVIDER,
            CustodyState.MISSING,
        )
        if not held_here:
            return ScanResult(
                False,
                "unavailable",
                gettext("不在服务方保管中（%(v1)s）") % {"v1": unit.get_custody_state_display()},
                unit.archive_no,
            )
    other = _open_batch_of(unit, batch)
    if other is not None:
        return ScanResult(
            False,
            "other_batch",
            gettext("已在交接单 %(other_number)s 中") % {"other_number": other.number},
            unit.archive_no,
        )
    with transaction.atomic():
        HandoverItem.objects.create(batch=batch, unit=unit, sent_condition=condition or "完好")
    return ScanResult(True, "added", gettext("已加入"), unit.archive_no)


def remove_from_batch(batch: HandoverBatch, item_id: int, user: User) -> None:
    org = _org(user)
    if batch.status != BatchStatus.DRAFT or org is None or org.pk != batch.sender_org_id:
        raise CustodyError(gettext("只有交出方可以在交出前移除档案"))
    with transaction.atomic():
        item = HandoverItem.objects.filter(batch=batch, pk=item_id).first()
        if item is not None:
            item.delete()


def send_batch(batch: HandoverBatch, user: User) -> HandoverBatch:
    """The sender confirms the list and count: the units are in transit until the receiver confirms."""
    org = _org(user)
    if org is None or org.pk != batch.sender_org_id:
        raise CustodyError(gettext("CUSTODY：只有交出方可以确认交出"))
    if batch.status != BatchStatus.DRAFT:
        raise CustodyError(gettext("CUSTODY：交接单已交出"))
    with transaction.atomic():
        locked = (
            HandoverBatch.objects.select_for_update().filter(pk=batch.pk).values_list("status", flat=True)
        )
        if list(locked) != [BatchStatus.DRAFT]:
            raise CustodyError(gettext("CUSTODY：交接单已交出"))
        items = list(batch.items.select_related("unit"))
        if not items:
            raise CustodyError(gettext("CUSTODY：交接单中没有档案"))
        now = timezone.now()
        unit_ids = [i.unit_id for i in items]
        ArchiveUnit.objects.filter(pk__in=unit_ids).update(
            custody_state=CustodyState.IN_TRANSIT,
            holder=batch.sender_org,
            custody_project=batch.project,
            custody_since=now,
            updated_at=now,
        )
        batch.status = BatchStatus.SENT
        batch.sent_by = user
        batch.sent_at = now
        batch.save()
        ledger.append(
            "custody_handover_sent",
            obj=batch,
            after={
                "number": batch.number,
                "direction": batch.direction,
                "count": len(items),
                "sender": batch.sender_org.name,
                "receiver": batch.receiver_org.name,
                "archive_nos": [i.unit.archive_no for i in items],
                "custody_state": CustodyState.IN_TRANSIT,
            },
        )
    return batch


def scan_receipt(
    batch: HandoverBatch, text: str, user: User, *, damaged: bool = False, note: str = ""
) -> ScanResult:
    """One scan on the receiver's side: the unit is counted (and its condition noted)."""
    text = (text or "").strip()
    org = _org(user)
    if org is None or org.pk != batch.receiver_org_id:
        return ScanResult(False, "forbidden", gettext("只有接收方可以清点"), text)
    if batch.status != BatchStatus.SENT:
        return ScanResult(False, "closed", gettext("交接单不在待接收状态"), text)
    canonical = archive_no_mod.normalize(text)
    item = batch.items.select_related("unit").filter(unit__archive_no=canonical).first()
    if item is None:
        return ScanResult(False, "not_in_batch", gettext("“%(text)s”不在本交接单中") % {"text": text}, text)
    if item.received_status != ReceivedStatus.PENDING:
        return ScanResult(False, "already", gettext("已清点过"), item.unit.archive_no)
    item.received_status = ReceivedStatus.DAMAGED if damaged else ReceivedStatus.CONFIRMED
    item.received_note = note[:300]
    item.scanned_at = timezone.now()
    with transaction.atomic():
        item.save()
    message = gettext("已清点（有损坏）") if damaged else gettext("已清点")
    return ScanResult(True, "received", message, item.unit.archive_no)


@dataclass
class ReceiptSummary:
    received: int
    damaged: int
    missing: list[str]
    incidents: list[CustodyIncident]


def confirm_receipt(batch: HandoverBatch, user: User, at: Any = None) -> ReceiptSummary:
    """The receiver confirms the count. Units not scanned are missing: each raises an incident."""
    org = _org(user)
    if org is None or org.pk != batch.receiver_org_id:
        raise CustodyError(gettext("CUSTODY：只有接收方可以确认接收"))
    if batch.status != BatchStatus.SENT:
        raise CustodyError(gettext("CUSTODY：交接单不在待接收状态"))
    now = at or timezone.now()
    with transaction.atomic():
        locked = (
            HandoverBatch.objects.select_for_update().filter(pk=batch.pk).values_list("status", flat=True)
        )
        if list(locked) != [BatchStatus.SENT]:
            raise CustodyError(gettext("CUSTODY：交接单不在待接收状态"))
        items = list(batch.items.select_related("unit"))
        got = [i for i in items if i.received_status in (ReceivedStatus.CONFIRMED, ReceivedStatus.DAMAGED)]
        missing = [i for i in items if i.received_status in (ReceivedStatus.PENDING, ReceivedStatus.MISSING)]
        damaged = [i for i in got if i.received_status == ReceivedStatus.DAMAGED]
        if missing:
            HandoverItem.objects.filter(pk__in=[i.pk for i in missing]).update(
                received_status=ReceivedStatus.MISSING, updated_at=now
            )
        if batch.direction == Direction.OUT:
            state, holder = CustodyState.WITH_PROVIDER, batch.receiver_org
        else:
            state, holder = CustodyState.RETURNED, batch.receiver_org
        ArchiveUnit.objects.filter(pk__in=[i.unit_id for i in got]).update(
            custody_state=state,
            holder=holder,
            custody_project=batch.project,
            custody_since=now,
            updated_at=now,
        )
        # Responsibility for a unit nobody can find stays with the party that listed it as handed over.
        ArchiveUnit.objects.filter(pk__in=[i.unit_id for i in missing]).update(
            custody_state=CustodyState.MISSING,
            holder=batch.sender_org,
            custody_project=batch.project,
            custody_since=now,
            updated_at=now,
        )
        batch.status = BatchStatus.RECEIVED
        batch.received_by = user
        batch.received_at = now
        batch.save()
        incidents = []
        for item in missing:
            incidents.append(
                CustodyIncident.objects.create(
                    project=batch.project,
                    unit=item.unit,
                    batch=batch,
                    kind=IncidentKind.MISSING,
                    opened_at=now,
                    details=(
                        f"CUSTODY：交接单 {batch.number}（{batch.get_direction_display()}）列明的档案"
                        f" {item.unit.archive_no} 在接收清点时缺失，由{batch.sender_org.name}负责查明"
                    ),
                )
            )
        for item in damaged:
            incidents.append(
                CustodyIncident.objects.create(
                    project=batch.project,
                    unit=item.unit,
                    batch=batch,
                    kind=IncidentKind.DAMAGED,
                    opened_at=now,
                    details=(
                        f"CUSTODY：交接单 {batch.number} 接收时发现档案 {item.unit.archive_no} 损坏："
                        f"{item.received_note or '未说明'}"
                    ),
                )
            )
        ledger.append(
            "custody_handover_received",
            obj=batch,
            after={
                "number": batch.number,
                "direction": batch.direction,
                "listed": len(items),
                "received": len(got),
                "damaged": [i.unit.archive_no for i in damaged],
                "missing": [i.unit.archive_no for i in missing],
                "received_archive_nos": [i.unit.archive_no for i in got],
                "custody_state": state,
            },
        )
    return ReceiptSummary(len(got), len(damaged), [i.unit.archive_no for i in missing], incidents)


def resolve_incident(
    incident: CustodyIncident, user: User, resolution: str, found_in_storage: bool = False
) -> None:
    org = _org(user)
    if org is None or org.pk != incident.project.client_id:
        raise CustodyError(gettext("只有委托方可以处理原件保管事件"))
    if not resolution.strip():
        raise CustodyError(gettext("请填写处理情况"))
    now = timezone.now()
    with transaction.atomic():
        incident.resolved_at = now
        incident.resolution = resolution.strip()
        incident.save()
        unit = incident.unit
        if found_in_storage and unit.custody_state == CustodyState.MISSING:
            ArchiveUnit.objects.filter(pk=unit.pk).update(
                custody_state=CustodyState.RETURNED,
                holder=incident.project.client,
                custody_since=now,
                updated_at=now,
            )
            ledger.append(
                "custody_unit_found",
                obj=unit,
                before={"custody_state": CustodyState.MISSING},
                after={"custody_state": CustodyState.RETURNED, "incident": incident.pk},
            )


# -------------------------------------------------------------------------------- reconciliation


def overdue_filter(today: date) -> Q:
    return Q(
        custody_state__in=[CustodyState.IN_TRANSIT, CustodyState.WITH_PROVIDER],
        custody_project__originals_due_on__lt=today,
    )


def raise_overdue_incidents(today: date | None = None, project: Project | None = None) -> int:
    """Opens one incident per unit kept past its project's 原件最迟归还日期 (set-based, idempotent)."""
    today = today or timezone.localdate()
    open_overdue = CustodyIncident.objects.filter(
        unit=OuterRef("pk"),
        project=OuterRef("custody_project"),
        kind=IncidentKind.OVERDUE,
        resolved_at__isnull=True,
    )
    units = ArchiveUnit.objects.filter(overdue_filter(today)).filter(~Exists(open_overdue))
    if project is not None:
        units = units.filter(custody_project=project)
    rows = list(
        units.values_list("pk", "archive_no", "custody_project_id", "custody_project__originals_due_on")
    )
    if not rows:
        return 0
    now = timezone.now()
    with transaction.atomic():
        CustodyIncident.objects.bulk_create(
            [
                CustodyIncident(
                    project_id=project_id,
                    unit_id=pk,
                    kind=IncidentKind.OVERDUE,
                    opened_at=now,
                    details=f"CUSTODY：档案 {no} 超过合同约定的原件最迟归还日期（{due}）仍未归还",
                )
                for pk, no, project_id, due in rows
            ],
            batch_size=1000,
        )
        by_project: dict[int, list[str]] = {}
        for _pk, no, project_id, _due in rows:
            by_project.setdefault(project_id, []).append(no)
        for project_id, nos in by_project.items():
            ledger.append(
                "custody_overdue_incidents",
                object_type="projects.project",
                object_id=str(project_id),
                object_repr=str(Project.objects.get(pk=project_id)),
                after={"count": len(nos), "archive_nos": nos, "today": today},
            )
    return len(rows)


@dataclass
class Reconciliation:
    total: int
    by_state: dict[str, int]
    by_holder: dict[str, int]
    outstanding: int
    overdue: int
    open_incidents: int

    @property
    def state_rows(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.by_state.get(code, 0)) for code, label in CustodyState.choices]


def reconcile(project: Project | None = None, today: date | None = None) -> Reconciliation:
    """Where every unit is, in three aggregate queries (never per-unit Python)."""
    today = today or timezone.localdate()
    if project is None:
        units = ArchiveUnit.objects.all()
        incidents = CustodyIncident.objects.all()
    else:
        # Units of the project that are at home again carry the project as custody_project too.
        units = ArchiveUnit.objects.filter(
            Q(custody_project=project)
            | Q(pk__in=ProjectUnit.objects.filter(project=project).values("unit_id"))
        )
        incidents = CustodyIncident.objects.filter(project=project)
    by_state = dict(units.order_by().values_list("custody_state").annotate(n=Count("pk")))
    by_holder = {
        name or "—": n for name, n in units.order_by().values_list("holder__name").annotate(n=Count("pk"))
    }
    overdue = units.filter(overdue_filter(today)).count()
    return Reconciliation(
        total=sum(by_state.values()),
        by_state=by_state,
        by_holder=by_holder,
        outstanding=sum(by_state.get(s, 0) for s in OUTSTANDING_STATES),
        overdue=overdue,
        open_incidents=incidents.filter(resolved_at__isnull=True).count(),
    )


def unaccounted_units(project: Project):
    return ArchiveUnit.objects.filter(custody_project=project, custody_state__in=OUTSTANDING_STATES)


def close_problems(project: Project) -> list[str]:
    """Why the project cannot close (rule CUSTODY); empty when every original is accounted for."""
    problems = []
    counts = dict(unaccounted_units(project).order_by().values_list("custody_state").annotate(n=Count("pk")))
    labels = dict(CustodyState.choices)
    if counts:
        detail = "、".join(f"{labels[s]}{n}" for s, n in sorted(counts.items()))
        problems.append(
            gettext("CUSTODY：尚有 %(v1)s 卷（件）原件未归还或下落不明（%(detail)s）")
            % {"v1": sum(counts.values()), "detail": detail}
        )
    pending = HandoverBatch.objects.filter(project=project, status=BatchStatus.SENT).count()
    if pending:
        problems.append(gettext("CUSTODY：尚有 %(pending)s 张交接单未经接收方确认") % {"pending": pending})
    return problems


def custody_facts(project: Project) -> dict[str, Any]:
    """The compliance engine's ``handovers`` facts (see dangan/engines/compliance/schema.py)."""
    handovers = []
    out_batches = HandoverBatch.objects.filter(project=project, direction=Direction.OUT).exclude(
        status=BatchStatus.DRAFT
    )
    for batch in out_batches.order_by("created_at"):
        unit_ids = batch.items.values("unit_id")
        out_count = batch.items.count()
        units = ArchiveUnit.objects.filter(pk__in=unit_ids)
        still_out = units.filter(
            custody_project=project, custody_state__in=[CustodyState.IN_TRANSIT, CustodyState.WITH_PROVIDER]
        ).count()
        returned = (
            HandoverItem.objects.filter(
                batch__project=project,
                batch__direction=Direction.RETURN,
                batch__status=BatchStatus.RECEIVED,
                received_status__in=[ReceivedStatus.CONFIRMED, ReceivedStatus.DAMAGED],
                unit_id__in=unit_ids,
            )
            .values("unit_id")
            .distinct()
            .count()
        )
        # While some units are still legitimately with the provider, the batch is "not yet returned".
        handovers.append(
            {
                "batch": batch.number,
                "out_count": out_count,
                "confirmed_by_both": batch.confirmed_by_both,
                "returned_count": None if still_out else returned,
            }
        )
    return {"handovers": handovers}


def fill_custody_facts(project: Project, facts: dict[str, Any]) -> None:
    """Provider for dangan.projects.services.FACT_PROVIDERS."""
    facts.update(custody_facts(project))
