"""Table of the audit ledger viewer."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts.tables import TABLE_ATTRS, TABLE_TEMPLATE

from .models import LedgerEntry


class LedgerTable(tables.Table):
    seq = tables.Column(verbose_name=_("序号"), linkify=("ledger_detail", {"pk": tables.A("seq")}))
    timestamp = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    event = tables.Column(verbose_name=_("事件"))
    actor_name = tables.Column(verbose_name=_("操作人"))
    organization_name = tables.Column(verbose_name=_("操作人单位"))
    object_repr = tables.Column(verbose_name=_("对象"))
    hash = tables.Column(verbose_name=_("哈希"), orderable=False)

    class Meta:
        model = LedgerEntry
        fields = ("seq", "timestamp", "event", "actor_name", "organization_name", "object_repr", "hash")
        template_name = TABLE_TEMPLATE
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的审计日志条目")

    def render_event(self, record: LedgerEntry) -> str:
        return gettext(record.event_label)

    def render_object_repr(self, record: LedgerEntry) -> str:
        if record.object_type:
            return format_html(
                '{} <span class="text-body-secondary small">{}</span>', record.object_repr, record.object_type
            )
        return record.object_repr

    def render_hash(self, value: str) -> str:
        return format_html('<code title="{}">{}…</code>', value, value[:12])
