"""Deadline watch: reminders before a rectification deadline, escalation to the regulator when overdue.

Design: one idempotent, set-based function :func:`check_deadlines`. It runs
* from the Celery task ``dangan.supervision.tasks.check_deadlines`` (schedule it daily with celery beat), or
* from ``dangan manage check_deadlines`` (cron), and
* at most once an hour, in-process, when a supervision page loads (:func:`maybe_check_deadlines`), so an
  installation without any scheduler still turns overdue orders overdue the same day.
Each order is reminded once (``reminded_at``) and escalated once (``escalated_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dangan.core.audit_context import Actor, acting_as
from dangan.ledger import services as ledger

from ..models import OrderStatus, RectificationOrder
from .common import acting_users, regulators_over
from .notify import notify


def reminder_days() -> int:
    return int(getattr(settings, "DANGAN_RECTIFICATION_REMINDER_DAYS", 3))


@dataclass
class DeadlineReport:
    reminded: int = 0
    escalated: int = 0
    custody_incidents: int = 0

    def __str__(self) -> str:
        return gettext(
            "提醒 %(reminded)s 项，逾期上报 %(escalated)s 项，原件事件转登记 %(custody_incidents)s 项"
        ) % {
            "reminded": self.reminded,
            "escalated": self.escalated,
            "custody_incidents": self.custody_incidents,
        }


def check_deadlines(today: date | None = None) -> DeadlineReport:
    today = today or timezone.localdate()
    report = DeadlineReport()
    with acting_as(Actor.system("check_deadlines")):
        due_soon = RectificationOrder.objects.filter(
            status=OrderStatus.ISSUED,
            reminded_at__isnull=True,
            deadline__gte=today,
            deadline__lte=today + timedelta(days=reminder_days()),
        ).select_related("addressed_to")
        for order in due_soon:
            with transaction.atomic():
                order.reminded_at = timezone.now()
                order.save(update_fields=["reminded_at", "updated_at"])
                notify(
                    acting_users(order.addressed_to),
                    gettext("整改通知 %(order_number)s 将于 %(v1)s 到期，请按期整改并答复")
                    % {"order_number": order.number, "v1": format(order.deadline, "%Y-%m-%d")},
                    reverse("supervision:rectification_detail", args=[order.pk]),
                    "deadline",
                    obj=order,
                )
            report.reminded += 1
        overdue = RectificationOrder.objects.filter(
            status=OrderStatus.ISSUED, deadline__lt=today
        ).select_related("addressed_to", "issued_by")
        for order in overdue:
            with transaction.atomic():
                order.status = OrderStatus.OVERDUE
                order.escalated_at = timezone.now()
                order.save(update_fields=["status", "escalated_at", "updated_at"])
                regulators = [] if order.issued_by.is_regulator else regulators_over(order.addressed_to)[:1]
                ledger.append(
                    "supervision_order_overdue",
                    obj=order,
                    before={"status": OrderStatus.ISSUED},
                    after={
                        "status": OrderStatus.OVERDUE,
                        "deadline": order.deadline,
                        "escalated_to": [r.name for r in regulators] or [order.issued_by.name],
                    },
                )
                notify(
                    acting_users(order.issued_by, order.addressed_to, *regulators),
                    gettext(
                        "SX-2.2-b：%(order_addressed_to_name)s逾期未完成整改（%(order_number)s，期限 %(v1)s）"
                    )
                    % {
                        "order_addressed_to_name": order.addressed_to.name,
                        "order_number": order.number,
                        "v1": format(order.deadline, "%Y-%m-%d"),
                    },
                    reverse("supervision:rectification_detail", args=[order.pk]),
                    "overdue",
                    obj=order,
                )
            report.escalated += 1
        from ..adapters import sync_custody_incidents

        with transaction.atomic():
            report.custody_incidents = sync_custody_incidents()
    return report


def maybe_check_deadlines() -> None:
    """Cheap enough for a page load: a cache key makes it run at most once an hour per process."""
    key = f"dangan-supervision-deadlines-{timezone.localtime():%Y%m%d%H}"
    if cache.add(key, True, 3600):
        check_deadlines()
