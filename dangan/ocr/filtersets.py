from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm

from .models import JobStatus, OcrJob


class OcrJobFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=JobStatus.choices)
    project = django_filters.NumberFilter(label=_("项目编号"), field_name="project")

    class Meta:
        model = OcrJob
        fields = ["status", "project"]
        form = BootstrapForm
