"""django-filter filter sets of the projects UI."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm
from dangan.core.engine_labels import lazy_choices
from dangan.engines.compliance.vocab import SERVICE_TYPES

from .models import Project, ProjectStatus


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectStatus.choices)
    service_type = django_filters.ChoiceFilter(
        label=_("业务类型"), choices=lazy_choices(SERVICE_TYPES), method="by_service_type"
    )

    class Meta:
        model = Project
        fields = ["q", "status", "service_type"]
        form = BootstrapForm

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(client__name__icontains=value)
        )

    def by_service_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # JSON containment is not available on SQLite; filter in Python over the (already scoped) ids.
        ids = [pk for pk, types in queryset.values_list("pk", "service_types") if value in (types or [])]
        return queryset.filter(pk__in=ids)


class FilingPolicyFilterSet(django_filters.FilterSet):
    class Meta:
        from .models import RegionFilingPolicy

        model = RegionFilingPolicy
        fields = ["filing_required", "kind"]
        form = BootstrapForm
