"""django-filter filter sets of the supervision lists."""

from __future__ import annotations

import django_filters

from dangan.accounts.forms import BootstrapForm

from .models import Finding, Incident, Inspection, RectificationOrder


class InspectionFilterSet(django_filters.FilterSet):
    class Meta:
        model = Inspection
        fields = ["kind", "status"]
        form = BootstrapForm


class FindingFilterSet(django_filters.FilterSet):
    class Meta:
        model = Finding
        fields = ["severity", "category", "rule_id"]
        form = BootstrapForm


class RectificationFilterSet(django_filters.FilterSet):
    class Meta:
        model = RectificationOrder
        fields = ["status"]
        form = BootstrapForm


class IncidentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Incident
        fields = ["kind", "status"]
        form = BootstrapForm


class NoticeFilterSet(django_filters.FilterSet):
    class Meta:
        from .models import Notice

        model = Notice
        fields = ["published"]
        form = BootstrapForm
