"""django-filter filter sets of the custody pages."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm

from .models import ArchiveUnit, CustodyIncident, CustodyState, HandoverBatch, IncidentKind, UnitLevel


class ArchiveUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("档号或题名"), method="filter_q")
    custody_state = django_filters.ChoiceFilter(label=_("保管状态"), choices=CustodyState.choices)
    level = django_filters.ChoiceFilter(label=_("整理单位"), choices=UnitLevel.choices)
    year = django_filters.NumberFilter(label=_("年度"))
    project = django_filters.NumberFilter(label=_("项目编号"), field_name="project_units__project")
    classified = django_filters.BooleanFilter(label=_("涉密未解密"), method="filter_classified")

    class Meta:
        model = ArchiveUnit
        fields = ["q", "custody_state", "level", "year", "project", "classified"]
        form = BootstrapForm

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(archive_no__icontains=value) | Q(title__icontains=value))

    def filter_classified(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        secret = (
            Q(classification__contains="绝密")
            | Q(classification__contains="机密")
            | Q(classification__contains="秘密")
        )
        classified = secret & Q(declassified=False)
        if value is None:
            return queryset
        return queryset.filter(classified) if value else queryset.exclude(classified)


class HandoverBatchFilterSet(django_filters.FilterSet):
    number = django_filters.CharFilter(label=_("交接单号"), lookup_expr="icontains")
    project = django_filters.NumberFilter(label=_("项目编号"))

    class Meta:
        model = HandoverBatch
        fields = ["number", "direction", "status", "project"]
        form = BootstrapForm


class IncidentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=IncidentKind.choices)
    open = django_filters.BooleanFilter(label=_("未处理"), field_name="resolved_at", lookup_expr="isnull")
    project = django_filters.NumberFilter(label=_("项目编号"))

    class Meta:
        model = CustodyIncident
        fields = ["kind", "open", "project"]
        form = BootstrapForm
