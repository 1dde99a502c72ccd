from __future__ import annotations

import django_filters

from dangan.accounts.forms import BootstrapForm

from .models import AcceptanceRound, QcFinding, RoundStatus


class AcceptanceRoundFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="project__name", lookup_expr="icontains", label="项目")
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label="状态")

    class Meta:
        model = AcceptanceRound
        fields = ["q", "status"]
        form = BootstrapForm


class QcFindingFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter(lookup_expr="exact", label="代码")
    severity = django_filters.ChoiceFilter(
        choices=(("error", "阻断"), ("warning", "警告"), ("info", "提示")), label="严重程度"
    )
    archive_no = django_filters.CharFilter(lookup_expr="icontains", label="档号")

    class Meta:
        model = QcFinding
        fields = ["code", "severity", "archive_no"]
        form = BootstrapForm
