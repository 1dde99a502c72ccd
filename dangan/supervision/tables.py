"""django-tables2 tables of the supervision UI."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Finding, Incident, Inspection, Notice, RectificationOrder

ATTRS = {"class": "table table-sm table-hover align-middle mb-0"}
TEMPLATE = "django_tables2/bootstrap5-responsive.html"
BADGES = {
    "issued": "primary",
    "responded": "info",
    "verified": "success",
    "overdue": "danger",
    "open": "danger",
    "reported": "warning",
    "closed": "secondary",
    "minor": "secondary",
    "major": "warning",
    "critical": "danger",
    "planned": "secondary",
    "done": "success",
}


def badge(value: str, label: str) -> str:
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>', BADGES.get(value, "light"), value, label
    )


class InspectionTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("日期"), format="Y-m-d", linkify=True)
    kind = tables.Column(verbose_name=_("类型"))
    inspector_org = tables.Column(verbose_name=_("检查单位"))
    project = tables.Column(verbose_name=_("项目"), default="—")
    target_org = tables.Column(verbose_name=_("被检查单位"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Inspection
        fields = ("date", "kind", "inspector_org", "project", "target_org", "status")
        template_name = TEMPLATE
        attrs = {**ATTRS, "data-testid": "inspection-table"}

    def render_status(self, record: Inspection) -> str:
        return badge(record.status, record.get_status_display())


class FindingTable(tables.Table):
    found_on = tables.DateColumn(verbose_name=_("发现日期"), format="Y-m-d", linkify=True)
    severity = tables.Column(verbose_name=_("严重程度"))
    rule_id = tables.Column(verbose_name=_("规则编号"))
    category = tables.Column(verbose_name=_("类别"))
    description = tables.Column(verbose_name=_("问题描述"))
    responsible_org = tables.Column(verbose_name=_("责任单位"))
    project = tables.Column(verbose_name=_("项目"), default="—")

    class Meta:
        model = Finding
        fields = ("found_on", "severity", "rule_id", "category", "description", "responsible_org", "project")
        template_name = TEMPLATE
        attrs = {**ATTRS, "data-testid": "finding-table"}

    def render_severity(self, record: Finding) -> str:
        return badge(record.severity, record.get_severity_display())


class RectificationTable(tables.Table):
    number = tables.Column(verbose_name=_("通知编号"), linkify=True)
    issued_by = tables.Column(verbose_name=_("下达单位"))
    addressed_to = tables.Column(verbose_name=_("整改单位"))
    project = tables.Column(verbose_name=_("项目"), default="—")
    deadline = tables.DateColumn(verbose_name=_("整改期限"), format="Y-m-d")
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = RectificationOrder
        fields = ("number", "issued_by", "addressed_to", "project", "deadline", "status")
        template_name = TEMPLATE
        attrs = {**ATTRS, "data-testid": "rectification-table"}

    def render_status(self, record: RectificationOrder) -> str:
        return badge(record.status, record.get_status_display())


class IncidentTable(tables.Table):
    discovered_at = tables.DateTimeColumn(verbose_name=_("发现时间"), format="Y-m-d H:i", linkify=True)
    kind = tables.Column(verbose_name=_("类别"))
    title = tables.Column(verbose_name=_("事件"))
    project = tables.Column(verbose_name=_("项目"))
    status = tables.Column(verbose_name=_("状态"))
    reported_to = tables.Column(verbose_name=_("报告机关"), default="—")

    class Meta:
        model = Incident
        fields = ("discovered_at", "kind", "title", "project", "status", "reported_to")
        template_name = TEMPLATE
        attrs = {**ATTRS, "data-testid": "incident-table"}

    def render_status(self, record: Incident) -> str:
        return badge(record.status, record.get_status_display())


class NoticeTable(tables.Table):
    title = tables.Column(verbose_name=_("标题"), linkify=True)
    issued_by = tables.Column(verbose_name=_("发布机关"))
    published = tables.BooleanColumn(verbose_name=_("已发布"))
    published_at = tables.DateTimeColumn(verbose_name=_("发布时间"), format="Y-m-d H:i", default="—")

    class Meta:
        model = Notice
        fields = ("title", "issued_by", "published", "published_at")
        template_name = TEMPLATE
        attrs = {**ATTRS, "data-testid": "notice-table"}
