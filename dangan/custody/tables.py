"""django-tables2 tables of the custody pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dangan.accounts.tables import TABLE_ATTRS, TABLE_TEMPLATE

from .models import ArchiveUnit, CustodyIncident, CustodyState, HandoverBatch

STATE_BADGES = {
    CustodyState.IN_STORAGE: "text-bg-success",
    CustodyState.IN_TRANSIT: "text-bg-warning",
    CustodyState.WITH_PROVIDER: "text-bg-info",
    CustodyState.RETURNED: "text-bg-secondary",
    CustodyState.MISSING: "text-bg-danger",
}


def state_badge(unit: ArchiveUnit) -> str:
    return format_html(
        '<span class="badge {}" data-state="{}">{}</span>',
        STATE_BADGES.get(unit.custody_state, "text-bg-light"),
        unit.custody_state,
        unit.get_custody_state_display(),
    )


class ArchiveUnitTable(tables.Table):
    archive_no = tables.Column(linkify=True, verbose_name=_("档号"))
    title = tables.Column(verbose_name=_("题名"))
    level = tables.Column(verbose_name=_("整理单位"))
    year = tables.Column(verbose_name=_("年度"))
    retention = tables.Column(verbose_name=_("保管期限"))
    pages = tables.Column(verbose_name=_("页数"))
    classification = tables.Column(verbose_name=_("密级"))
    custody_state = tables.Column(verbose_name=_("保管状态"))
    holder = tables.Column(verbose_name=_("当前保管单位"), accessor="holder__name")

    class Meta:
        model = ArchiveUnit
        fields = ()
        sequence = (
            "archive_no", "title", "level", "year", "retention", "pages", "classification", "custody_state", "holder",
        )  # fmt: skip
        template_name = TABLE_TEMPLATE
        attrs = {**TABLE_ATTRS, "data-testid": "unit-table"}
        empty_text = _("没有档案")

    def render_custody_state(self, record: ArchiveUnit) -> str:
        return state_badge(record)

    def render_classification(self, record: ArchiveUnit, value: str) -> str:
        if record.declassified:
            return format_html('{} <span class="badge text-bg-light border">{}</span>', value, _("已解密"))
        if record.is_classified:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return value


class HandoverBatchTable(tables.Table):
    number = tables.Column(linkify=True, verbose_name=_("交接单号"))
    project = tables.Column(verbose_name=_("项目"))
    direction = tables.Column(verbose_name=_("方向"))
    status = tables.Column(verbose_name=_("状态"))
    sender_org = tables.Column(verbose_name=_("交出单位"))
    receiver_org = tables.Column(verbose_name=_("接收单位"))
    sent_at = tables.DateTimeColumn(verbose_name=_("交出时间"), format="Y-m-d H:i")
    received_at = tables.DateTimeColumn(verbose_name=_("接收时间"), format="Y-m-d H:i")

    class Meta:
        model = HandoverBatch
        fields = ()
        sequence = (
            "number",
            "project",
            "direction",
            "status",
            "sender_org",
            "receiver_org",
            "sent_at",
            "received_at",
        )
        template_name = TABLE_TEMPLATE
        attrs = {**TABLE_ATTRS, "data-testid": "batch-table"}
        empty_text = _("没有交接单")


class IncidentTable(tables.Table):
    opened_at = tables.DateTimeColumn(verbose_name=_("发生时间"), format="Y-m-d H:i", linkify=True)
    kind = tables.Column(verbose_name=_("类别"))
    project = tables.Column(verbose_name=_("项目"))
    unit = tables.Column(verbose_name=_("档案"), accessor="unit__archive_no")
    details = tables.Column(verbose_name=_("情况"))
    resolved_at = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = CustodyIncident
        fields = ()
        sequence = ("opened_at", "kind", "project", "unit", "details", "resolved_at")
        template_name = TABLE_TEMPLATE
        attrs = {**TABLE_ATTRS, "data-testid": "incident-table"}
        empty_text = _("没有原件保管事件")

    def render_resolved_at(self, record: CustodyIncident) -> str:
        if record.resolved_at is None:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("未处理"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("已处理"))

    def render_kind(self, record: CustodyIncident) -> str:
        return format_html('<span class="badge text-bg-warning">{}</span>', record.get_kind_display())
