"""The work ledger (工作台账, SX-3.3-b) of one project and its periodic analysis.

One chronological list merging the client's inspections, meetings and training, findings, rectification
orders (issued, answered, verified), incidents, and — through :mod:`dangan.supervision.adapters` — the
provider's self-inspections (SX-4.2-a), custody events and acceptance rounds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from ..adapters import LEDGER_SOURCES, LedgerRow
from ..models import (
    FINDING_CATEGORIES,
    Finding,
    Incident,
    Inspection,
    OrderStatus,
    RectificationOrder,
    Severity,
)


def _at(day: date, end_of_day: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59) if end_of_day else time(9, 0)))


def _in(at: datetime | None, start: datetime | None, end: datetime | None) -> bool:
    return at is not None and (start is None or at >= start) and (end is None or at < end)


def own_rows(project: Any, start: datetime | None = None, end: datetime | None = None) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    for i in Inspection.objects.filter(project=project).select_related(
        "inspector_org", "target_org", "template"
    ):
        at = _at(i.date)
        if _in(at, start, end):
            problems = i.results.filter(outcome="problem").count()
            rows.append(
                LedgerRow(
                    at=at,
                    source="inspection",
                    source_label=i.get_kind_display(),
                    title=gettext("%(i_inspector_org_name)s%(v1)s（%(v2)s）")
                    % {
                        "i_inspector_org_name": i.inspector_org.name,
                        "v1": i.get_kind_display(),
                        "v2": i.get_status_display(),
                    },
                    detail=(i.summary or "")
                    + (
                        gettext("；检查表发现问题 %(problems)s 项") % {"problems": problems}
                        if problems
                        else ""
                    ),
                    rule_id="SX-2.2-a" if i.kind == "regulator_enforcement" else "SX-3.3-a",
                    url=i.get_absolute_url(),
                    category=i.kind,
                    by=i.inspectors,
                )
            )
    for f in Finding.objects.filter(project=project).select_related("responsible_org"):
        at = _at(f.found_on, end_of_day=False)
        if _in(at, start, end):
            rows.append(
                LedgerRow(
                    at=at,
                    source="finding",
                    source_label=gettext("发现问题"),
                    title=gettext("【%(v1)s】%(v2)s")
                    % {"v1": f.get_severity_display(), "v2": f.get_category_display()},
                    detail=f.description,
                    rule_id=f.rule_id,
                    url=f.get_absolute_url(),
                    category=f.category,
                    severity=f.severity,
                    by=f.responsible_org.name,
                )
            )
    for o in RectificationOrder.objects.filter(project=project).select_related("addressed_to", "issued_by"):
        events = [
            (
                _at(o.issued_on),
                "rectification",
                gettext("整改通知"),
                gettext("下达整改通知 %(o_number)s，期限 %(v1)s")
                % {"o_number": o.number, "v1": format(o.deadline, "%Y-%m-%d")},
                o.requirements,
            ),
            (
                o.responded_at,
                "rectification",
                gettext("整改答复"),
                gettext("%(o_addressed_to_name)s答复整改 %(o_number)s")
                % {"o_addressed_to_name": o.addressed_to.name, "o_number": o.number},
                o.response,
            ),
            (
                o.verified_at,
                "verification",
                gettext("整改验证"),
                gettext("整改 %(o_number)s 验证销号") % {"o_number": o.number},
                o.verification_note,
            ),
            (
                o.escalated_at,
                "rectification",
                gettext("逾期上报"),
                gettext("整改 %(o_number)s 逾期未整改") % {"o_number": o.number},
                "",
            ),
        ]
        for at, source, label, title, detail in events:
            if _in(at, start, end):
                rows.append(
                    LedgerRow(
                        at=at,
                        source=source,
                        source_label=label,
                        title=title,
                        detail=detail,
                        rule_id="SX-2.2-b",
                        url=o.get_absolute_url(),
                        category="rectification",
                    )
                )
    for inc in Incident.objects.filter(project=project):
        events = [
            (
                inc.discovered_at,
                gettext("发现事件"),
                gettext("%(v1)s：%(inc_title)s") % {"v1": inc.get_kind_display(), "inc_title": inc.title},
                inc.description,
            ),
            (
                inc.reported_to_regulator_at,
                gettext("报告事件"),
                gettext("已报告：%(inc_title)s") % {"inc_title": inc.title},
                inc.report_text,
            ),
            (
                inc.closed_at,
                gettext("关闭事件"),
                gettext("已关闭：%(inc_title)s") % {"inc_title": inc.title},
                gettext("责任人员：%(v1)s；措施：%(v2)s")
                % {"v1": inc.accountability_persons or "—", "v2": inc.accountability_measures or "—"},
            ),
        ]
        for at, label, title, detail in events:
            if _in(at, start, end):
                rows.append(
                    LedgerRow(
                        at=at,
                        source="incident",
                        source_label=label,
                        title=title,
                        detail=detail,
                        rule_id="LAW-44",
                        url=inc.get_absolute_url(),
                        category=inc.kind,
                        severity="critical",
                    )
                )
    return rows


def work_ledger(project: Any, start: datetime | None = None, end: datetime | None = None) -> list[LedgerRow]:
    rows = own_rows(project, start, end)
    for source in LEDGER_SOURCES:
        rows.extend(source(project, start, end))
    rows.sort(key=lambda r: r.at)
    return rows


# ------------------------------------------------------------------------------------- analysis


@dataclass
class Period:
    kind: str  # month | quarter
    year: int
    index: int  # 1–12 or 1–4

    @property
    def label(self) -> str:
        return (
            gettext("%(year)s年%(index)s月") % {"year": self.year, "index": self.index}
            if self.kind == "month"
            else gettext("%(year)s年第%(index)s季度") % {"year": self.year, "index": self.index}
        )

    @property
    def first_day(self) -> date:
        return date(self.year, self.index if self.kind == "month" else 3 * self.index - 2, 1)

    @property
    def next_first_day(self) -> date:
        month = self.first_day.month + (1 if self.kind == "month" else 3)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @classmethod
    def parse(cls, kind: str | None, year: Any, index: Any, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        kind = kind if kind in ("month", "quarter") else "month"
        try:
            y = int(year)
            i = int(index)
        except (TypeError, ValueError):
            y, i = today.year, (today.month if kind == "month" else (today.month - 1) // 3 + 1)
        limit = 12 if kind == "month" else 4
        if not (2000 <= y <= 2100 and 1 <= i <= limit):
            y, i = today.year, (today.month if kind == "month" else (today.month - 1) // 3 + 1)
        return cls(kind, y, i)


def analysis(project: Any, period: Period) -> dict[str, Any]:
    start = timezone.make_aware(datetime.combine(period.first_day, time.min))
    end = timezone.make_aware(datetime.combine(period.next_first_day, time.min))
    rows = work_ledger(project, start, end)
    findings = Finding.objects.filter(
        project=project, found_on__gte=period.first_day, found_on__lt=period.next_first_day
    )
    by_category = Counter(findings.values_list("category", flat=True))
    by_severity = Counter(findings.values_list("severity", flat=True))
    due = RectificationOrder.objects.filter(
        project=project, deadline__gte=period.first_day, deadline__lt=period.next_first_day
    )
    on_time = sum(1 for o in due if o.responded_at and timezone.localdate(o.responded_at) <= o.deadline)
    activities = Counter(r.source_label for r in rows)
    open_orders = (
        RectificationOrder.objects.filter(project=project).exclude(status=OrderStatus.VERIFIED).count()
    )
    return {
        "period": period,
        "rows": rows,
        "activity_counts": [{"name": k, "value": v} for k, v in sorted(activities.items())],
        "category_counts": [
            {"name": gettext(FINDING_CATEGORIES.get(k, k)), "value": v}
            for k, v in sorted(by_category.items())
        ],
        "severity_counts": [
            {"name": str(Severity(k).label), "value": by_severity[k]}
            for k in Severity.values
            if by_severity[k]
        ],
        "findings": findings.count(),
        "orders_due": due.count(),
        "orders_on_time": on_time,
        "on_time_rate": round(100 * on_time / due.count(), 1) if due.count() else None,
        "open_orders": open_orders,
        "incidents": sum(1 for r in rows if r.source == "incident" and r.source_label == gettext("发现事件")),
        "self_inspections": sum(r.extra.get("total", 0) for r in rows if r.source == "self_inspection"),
    }
