from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AcceptanceRound, QcFinding


class AcceptanceRoundTable(tables.Table):
    project = tables.Column(verbose_name=_("项目"), linkify=lambda record: record.get_absolute_url())
    number = tables.Column(verbose_name=_("轮次"))
    status = tables.Column(verbose_name=_("状态"))
    machine_check = tables.Column(verbose_name=_("自动检验"), empty_values=())
    submitted_at = tables.DateTimeColumn(verbose_name=_("提交时间"), format="Y-m-d H:i")

    class Meta:
        model = AcceptanceRound
        fields = ("project", "number", "status", "machine_check", "submitted_at")
        attrs = {"class": "table table-sm table-hover mb-0", "data-testid": "round-table"}

    def render_machine_check(self, value: str) -> str:
        return {"pass": gettext("通过"), "fail": gettext("未通过")}.get(value, "—")


class QcFindingTable(tables.Table):
    class Meta:
        model = QcFinding
        fields = ("code", "severity", "rule", "archive_no", "file", "page", "message")
        attrs = {"class": "table table-sm mb-0", "data-testid": "finding-table"}
