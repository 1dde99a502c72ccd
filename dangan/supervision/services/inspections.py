"""Inspections, their checklist results, findings and rectification orders (SX-3.3-b, SX-2.2-a/b).

Every write runs in one transaction with its ledger entries. State transitions are ledgered explicitly
(``supervision_*`` events) in addition to the automatic create/update entries, so the audit ledger reads
as a sequence of decisions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dangan.ledger import services as ledger

from ..models import (
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
    OrderStatus,
    RectificationOrder,
    ResultOutcome,
    TemplateItem,
)
from .common import SupervisionError, acting_users, org_of
from .notify import notify


def default_deadline_days() -> int:
    return int(getattr(settings, "DANGAN_RECTIFICATION_DAYS", 30))


def _validated(obj: Any) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise SupervisionError(
            "；".join(m for msgs in exc.message_dict.values() for m in msgs), "SX-3.3-b"
        ) from exc
    return obj


def create_inspection(user: Any, **fields: Any) -> Inspection:
    org = org_of(user)
    inspection = Inspection(inspector_org=org, created_by=user, **fields)
    if inspection.project_id and not inspection.target_org_id:
        # A client inspects the work its provider does on the project; a regulator inspects the client.
        project = inspection.project
        inspection.target_org = project.provider if org.is_client and project.provider_id else project.client
    _validated(inspection)
    with transaction.atomic():
        inspection.save()
    return inspection


def record_results(
    inspection: Inspection, user: Any, outcomes: dict[int, tuple[str, str]], summary: str = ""
) -> int:
    """Saves the checklist answers ({item_id: (outcome, note)}) and marks the inspection done."""
    if org_of(user).pk != inspection.inspector_org_id:
        raise SupervisionError(gettext("SX-3.3-b：只有检查单位可以填写检查结果"))
    items = {i.pk: i for i in TemplateItem.objects.filter(template_id=inspection.template_id)}
    with transaction.atomic():
        saved = 0
        for item_id, (outcome, note) in outcomes.items():
            if item_id not in items or outcome not in ResultOutcome.values:
                continue
            result = InspectionResult.objects.filter(inspection=inspection, item_id=item_id).first()
            if result is None:
                result = InspectionResult(inspection=inspection, item=items[item_id])
            if (result.outcome, result.note) != (outcome, note) or result.pk is None:
                result.outcome, result.note = outcome, note[:500]
                result.save()
                saved += 1
        inspection.status = InspectionStatus.DONE
        if summary:
            inspection.summary = summary
        inspection.save()
        ledger.append(
            "supervision_inspection_done",
            obj=inspection,
            after={
                "answered": InspectionResult.objects.filter(inspection=inspection).count(),
                "problems": InspectionResult.objects.filter(
                    inspection=inspection, outcome=ResultOutcome.PROBLEM
                ).count(),
            },
        )
    return saved


def add_finding(inspection: Inspection, user: Any, **fields: Any) -> Finding:
    if org_of(user).pk != inspection.inspector_org_id:
        raise SupervisionError(gettext("SX-3.3-b：只有检查单位可以登记检查发现的问题"))
    item = fields.get("item")
    if not fields.get("rule_id"):
        fields["rule_id"] = item.rule_ids[0] if item is not None and item.rule_ids else "SX-3.3-b"
    fields.setdefault("responsible_org", inspection.target_org)
    fields.setdefault("found_on", inspection.date)
    finding = Finding(
        inspection=inspection, project=inspection.project, raised_by=inspection.inspector_org, **fields
    )
    _validated(finding)
    with transaction.atomic():
        finding.save()
    return finding


def _next_number(org: Any, on: date) -> str:
    prefix = f"ZG-{org.pk}-{on:%Y%m%d}-"
    n = RectificationOrder.objects.filter(number__startswith=prefix).count() + 1
    while RectificationOrder.objects.filter(number=f"{prefix}{n:03d}").exists():
        n += 1
    return f"{prefix}{n:03d}"


def issue_order(
    user: Any,
    findings: list[Finding],
    requirements: str,
    deadline: date | None = None,
    addressed_to: Any = None,
) -> RectificationOrder:
    """限期整改 (SX-2.2-b, SX-3.3-c): every finding must come from the issuing organization."""
    org = org_of(user)
    if not findings:
        raise SupervisionError(gettext("SX-2.2-b：整改通知至少针对一个问题"))
    if any(f.raised_by_id != org.pk for f in findings):
        raise SupervisionError(gettext("SX-2.2-b：只能就本单位检查发现的问题下达整改通知"))
    target = addressed_to or findings[0].responsible_org
    today = timezone.localdate()
    deadline = deadline or today + timedelta(days=default_deadline_days())
    if deadline < today:
        raise SupervisionError(gettext("SX-2.2-b：整改期限不能早于今天"))
    if not requirements.strip():
        raise SupervisionError(gettext("SX-2.2-b：请写明整改要求"))
    projects = {f.project_id for f in findings}
    with transaction.atomic():
        order = RectificationOrder.objects.create(
            number=_next_number(org, today),
            project=findings[0].project if len(projects) == 1 else None,
            issued_by=org,
            addressed_to=target,
            requirements=requirements.strip(),
            issued_on=today,
            deadline=deadline,
        )
        order.findings.set(findings)
        ledger.append(
            "supervision_order_issued",
            obj=order,
            after={
                "number": order.number,
                "addressed_to": target.name,
                "deadline": deadline,
                "findings": [f"{f.rule_id}：{f.description[:60]}" for f in findings],
            },
        )
        notify(
            acting_users(target),
            gettext("%(org_name)s下达整改通知 %(order_number)s，整改期限 %(v1)s")
            % {"org_name": org.name, "order_number": order.number, "v1": format(deadline, "%Y-%m-%d")},
            reverse("supervision:rectification_detail", args=[order.pk]),
            "rectification",
            obj=order,
        )
    return order


def respond(order: RectificationOrder, user: Any, response: str) -> RectificationOrder:
    org = org_of(user)
    if org.pk != order.addressed_to_id:
        raise SupervisionError(gettext("SX-2.2-b：只有整改单位可以答复整改通知"))
    if order.status not in (OrderStatus.ISSUED, OrderStatus.OVERDUE):
        raise SupervisionError(gettext("SX-2.2-b：该整改通知不在待整改状态"))
    if not response.strip():
        raise SupervisionError(gettext("SX-2.2-b：请写明整改情况"))
    with transaction.atomic():
        before = order.status
        order.status = OrderStatus.RESPONDED
        order.response = response.strip()
        order.responded_at = timezone.now()
        order.responded_by = user
        order.save()
        ledger.append(
            "supervision_order_responded",
            obj=order,
            before={"status": before},
            after={"status": order.status, "late": timezone.localdate() > order.deadline},
        )
        notify(
            acting_users(order.issued_by),
            gettext("%(org_name)s已答复整改通知 %(order_number)s，请验证")
            % {"org_name": org.name, "order_number": order.number},
            reverse("supervision:rectification_detail", args=[order.pk]),
            "rectification",
            obj=order,
        )
    return order


def verify(
    order: RectificationOrder, user: Any, accepted: bool, note: str, new_deadline: date | None = None
) -> RectificationOrder:
    """The issuer checks the rectification: accepted closes the order, otherwise it goes back with a deadline."""
    org = org_of(user)
    if org.pk != order.issued_by_id:
        raise SupervisionError(gettext("SX-2.2-b：只有下达单位可以验证整改"))
    if order.status != OrderStatus.RESPONDED:
        raise SupervisionError(gettext("SX-2.2-b：整改单位尚未答复，不能验证"))
    if not note.strip():
        raise SupervisionError(gettext("SX-2.2-b：请填写验证意见"))
    with transaction.atomic():
        if accepted:
            order.status = OrderStatus.VERIFIED
            order.verified_at = timezone.now()
            order.verified_by = user
        else:
            if new_deadline is None or new_deadline < timezone.localdate():
                raise SupervisionError(gettext("SX-2.2-b：整改不合格时须重新规定不早于今天的整改期限"))
            order.status = OrderStatus.ISSUED
            order.deadline = new_deadline
            order.reminded_at = None
            order.escalated_at = None
        order.verification_note = note.strip()
        order.save()
        ledger.append(
            "supervision_order_verified" if accepted else "supervision_order_reopened",
            obj=order,
            after={"status": order.status, "note": order.verification_note, "deadline": order.deadline},
        )
        verb = (
            gettext("整改通知 %(order_number)s 已验证销号") % {"order_number": order.number}
            if accepted
            else gettext("整改通知 %(order_number)s 验证未通过，重新限期至 %(v1)s")
            % {"order_number": order.number, "v1": format(order.deadline, "%Y-%m-%d")}
        )
        notify(
            acting_users(order.addressed_to),
            verb,
            reverse("supervision:rectification_detail", args=[order.pk]),
            "rectification",
            obj=order,
        )
    return order
