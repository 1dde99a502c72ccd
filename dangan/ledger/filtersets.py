"""Filters of the audit ledger viewer."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm
from dangan.core.engine_labels import lazy_choices

from .models import LedgerEntry
from .models.entry import EVENT_LABELS

OBJECT_TYPES = [
    ("accounts.organization", _("单位")),
    ("accounts.user", _("用户")),
    ("ledger.ledgerentry", _("审计日志")),
]


class LedgerFilterSet(django_filters.FilterSet):
    event = django_filters.ChoiceFilter(label=_("事件"), choices=lazy_choices(EVENT_LABELS))
    actor = django_filters.CharFilter(label=_("操作人"), field_name="actor_name", lookup_expr="icontains")
    object_type = django_filters.ChoiceFilter(label=_("对象类型"), choices=OBJECT_TYPES)
    since = django_filters.DateFilter(
        label=_("起始日期"),
        field_name="timestamp",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("截止日期"),
        field_name="timestamp",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = LedgerEntry
        fields = ["event", "actor", "object_type", "since", "until"]
        form = BootstrapForm
