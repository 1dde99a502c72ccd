"""Notices (通报), regulator actions (REG-51), the negative list and a provider's credit (SX-2.1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from dangan.accounts.models import Organization
from dangan.ledger import services as ledger

from ..models import NegativeListEntry, Notice, OrderStatus, RectificationOrder, RegulatorAction
from .common import SupervisionError, acting_users, org_of
from .notify import notify


def _regulator(user: Any) -> Organization:
    org = org_of(user)
    if not org.is_regulator:
        raise SupervisionError(gettext("SX-2.2-b：通报、约谈和负面清单由档案行政管理部门办理"))
    return org


def _in_jurisdiction(regulator: Organization, orgs: Iterable[Organization], rule: str) -> None:
    outside = [o.name for o in orgs if not regulator.covers_region(o.region_code)]
    if outside:
        raise SupervisionError(
            gettext("%(rule)s：以下单位不在本机关辖区内：%(v1)s") % {"rule": rule, "v1": "、".join(outside)}
        )


def create_notice(
    user: Any,
    title: str,
    body: str,
    recipients: Iterable[Organization],
    findings: Iterable[Any] = (),
    incidents: Iterable[Any] = (),
    publish: bool = False,
) -> Notice:
    regulator = _regulator(user)
    recipients = list(recipients)
    if not recipients:
        raise SupervisionError(gettext("SX-2.2-b：通报至少送达一个单位"))
    _in_jurisdiction(regulator, recipients, "SX-2.2-b")
    with transaction.atomic():
        notice = Notice.objects.create(
            issued_by=regulator, title=title.strip(), body=body.strip(), created_by=user
        )
        notice.recipients.set(recipients)
        notice.findings.set(list(findings))
        notice.incidents.set(list(incidents))
        ledger.append(
            "supervision_notice_drafted",
            obj=notice,
            after={
                "recipients": [o.name for o in recipients],
                "findings": [f.pk for f in notice.findings.all()],
                "incidents": [i.pk for i in notice.incidents.all()],
            },
        )
        if publish:
            publish_notice(notice, user)
    return notice


def publish_notice(notice: Notice, user: Any) -> Notice:
    regulator = _regulator(user)
    if notice.issued_by_id != regulator.pk:
        raise SupervisionError(gettext("SX-2.2-b：只能发布本机关的通报"))
    if notice.published:
        return notice
    with transaction.atomic():
        notice.published = True
        notice.published_at = timezone.now()
        notice.save()
        recipients = list(notice.recipients.all())
        ledger.append(
            "supervision_notice_published",
            obj=notice,
            after={"title": notice.title, "recipients": [o.name for o in recipients]},
        )
        notify(
            acting_users(*recipients),
            gettext("%(regulator_name)s通报：%(notice_title)s")
            % {"regulator_name": regulator.name, "notice_title": notice.title},
            reverse("supervision:notice_detail", args=[notice.pk]),
            "notice",
            obj=notice,
        )
    return notice


def take_action(user: Any, provider: Organization, kind: str, reason: str, **fields: Any) -> RegulatorAction:
    regulator = _regulator(user)
    if not provider.is_provider:
        raise SupervisionError(gettext("REG-51：约谈、责令限期改正和行政处罚针对档案服务企业"))
    _in_jurisdiction(regulator, [provider], "REG-51")
    fields.setdefault("date", timezone.localdate())
    action = RegulatorAction(
        regulator=regulator, provider=provider, kind=kind, reason=reason.strip(), **fields
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
        notify(
            acting_users(provider),
            gettext("%(regulator_name)s对本单位采取监管措施：%(v1)s（REG-51）")
            % {"regulator_name": regulator.name, "v1": action.get_kind_display()},
            reverse("supervision:action_list"),
            "action",
            obj=action,
        )
    return action


def set_published(obj: RegulatorAction | NegativeListEntry, user: Any, published: bool) -> Any:
    regulator = _regulator(user)
    owner = obj.regulator_id
    if owner != regulator.pk:
        raise SupervisionError(gettext("REG-51：只能公示或撤回本机关的记录"))
    if obj.published == published:
        return obj
    with transaction.atomic():
        obj.published = published
        obj.save()
        ledger.append(
            "supervision_published" if published else "supervision_unpublished",
            obj=obj,
            after={"published": published},
        )
    return obj


def add_to_negative_list(
    user: Any, provider: Organization, reason: str, basis: str = "", published: bool = False
) -> NegativeListEntry:
    regulator = _regulator(user)
    if not provider.is_provider:
        raise SupervisionError(gettext("LOCAL-FILING：负面清单只列服务方"))
    _in_jurisdiction(regulator, [provider], "LOCAL-FILING")
    if NegativeListEntry.objects.filter(
        provider=provider, regulator=regulator, removed_on__isnull=True
    ).exists():
        raise SupervisionError(gettext("LOCAL-FILING：该服务方已在本机关的负面清单中"))
    entry = NegativeListEntry(
        provider=provider,
        regulator=regulator,
        reason=reason.strip(),
        basis=basis,
        since=timezone.localdate(),
        published=published,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        notify(
            acting_users(provider),
            gettext("本单位被%(regulator_name)s列入负面清单") % {"regulator_name": regulator.name},
            "",
            "negative_list",
            obj=entry,
        )
    return entry


def remove_from_negative_list(entry: NegativeListEntry, user: Any) -> NegativeListEntry:
    regulator = _regulator(user)
    if entry.regulator_id != regulator.pk:
        raise SupervisionError(gettext("LOCAL-FILING：只能移出本机关列入的记录"))
    with transaction.atomic():
        entry.removed_on = timezone.localdate()
        entry.save()
    return entry


# ----------------------------------------------------------------------------------------- credit

CREDIT_LEVELS = {
    "good": gettext_noop("良好"),
    "watch": gettext_noop("关注"),
    "warning": gettext_noop("警示"),
    "negative": gettext_noop("负面清单"),
}


def _evaluation_summary(provider: Organization) -> dict[str, Any] | None:
    try:
        from dangan.projects.services import provider_credit_summary
    except ImportError:  # the projects app does not offer client evaluations (yet)
        return None
    return provider_credit_summary(provider)


def provider_credit(provider: Organization) -> dict[str, Any]:
    """Everything that follows a provider across clients and projects (SX-2.1).

    Level: 负面清单 when on an active negative-list entry; 警示 with a penalty, an overdue rectification or two
    open bad records; 关注 with any open bad record, summons or correction order; else 良好.
    """
    from ..adapters import open_bad_records

    bad = open_bad_records(provider)
    actions = list(RegulatorAction.objects.filter(provider=provider).select_related("regulator"))
    negative = list(NegativeListEntry.objects.filter(provider=provider, removed_on__isnull=True))
    orders = RectificationOrder.objects.filter(addressed_to=provider)
    overdue = orders.filter(status=OrderStatus.OVERDUE).count()
    evaluations = _evaluation_summary(provider)
    kinds = {a.kind for a in actions}
    if negative:
        level = "negative"
    elif "penalty" in kinds or overdue or len(bad) >= 2:
        level = "warning"
    elif bad or kinds:
        level = "watch"
    else:
        level = "good"
    return {
        "provider": provider,
        "level": level,
        "level_label": gettext(CREDIT_LEVELS[level]),
        "bad_records": bad,
        "actions": actions,
        "summons": sum(1 for a in actions if a.kind == "summons"),
        "penalties": sum(1 for a in actions if a.kind == "penalty"),
        "negative_list": negative,
        "orders_total": orders.count(),
        "orders_overdue": overdue,
        "orders_open": orders.exclude(status=OrderStatus.VERIFIED).count(),
        "evaluations": evaluations,
        "evaluation_average": (evaluations or {}).get("average"),
    }
