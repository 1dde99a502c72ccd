from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm

from .models import AcceptanceRound, QcFinding, RoundStatus


class AcceptanceRoundFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="project__name", lookup_expr="icontains", label=_("项目"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("状态"))

    class Meta:
        model = AcceptanceRound
        fields = ["q", "status"]
        form = BootstrapForm


class QcFindingFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter(lookup_expr="exact", label=_("代码"))
    severity = django_filters.ChoiceFilter(
        choices=(("error", _("阻断")), ("warning", _("警告")), ("info", _("提示"))), label=_("严重程度")
    )
    archive_no = django_filters.CharFilter(lookup_expr="icontains", label=_("档号"))

    class Meta:
        model = QcFinding
        fields = ["code", "severity", "archive_no"]
        form = BootstrapForm
