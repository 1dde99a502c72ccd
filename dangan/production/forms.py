"""Forms of the production pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm

from .models import StageResult


class RecordForm(BootstrapForm):
    """One step for all the units ticked on the board."""

    stage = forms.ChoiceField(label=_("环节"))
    operator = forms.ChoiceField(label=_("作业人员"))
    result = forms.ChoiceField(label=_("结果"), choices=StageResult.choices, initial=StageResult.PASS)
    rework_to_stage = forms.ChoiceField(label=_("返工至环节"), required=False)
    reason = forms.CharField(label=_("原因"), required=False)
    pages = forms.IntegerField(label=_("页数（留空取目录页数）"), required=False, min_value=0)
    finished_at = forms.DateTimeField(
        label=_("完成时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: Any, stages: list, operators: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_choices = [(str(s.pk), s.name) for s in stages]
        self.fields["stage"].choices = stage_choices
        self.fields["rework_to_stage"].choices = [("", "——"), *stage_choices]
        self.fields["operator"].choices = [(str(o.pk), o.name) for o in operators]
        self.fields["finished_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class StagesForm(BootstrapForm):
    stages = forms.CharField(
        label=_("环节（每行“代码 名称”，自检环节末尾加“自检”）"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
    )
