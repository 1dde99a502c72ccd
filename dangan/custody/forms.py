"""Forms of the custody pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm, BootstrapFormMixin

from . import archive_no as archive_no_mod
from .importer import FIELDS
from .models import ArchiveUnit


class ArchiveUnitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ArchiveUnit
        fields = [
            "archive_no",
            "level",
            "title",
            "responsible",
            "date",
            "pages",
            "classification",
            "declassified",
            "repository",
            "row",
            "column",
            "section",
            "shelf",
            "box_no",
        ]

    def __init__(self, *args: Any, owner=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner or (self.instance.owner if self.instance.pk else None)
        self.apply_bootstrap()
        self.fields["archive_no"].help_text = _("按 DA/T 22 或 DA/T 13 编制，如 Z109-WS·2011-Y-BGS-0001")

    def clean_archive_no(self) -> str:
        text = self.cleaned_data["archive_no"]
        parsed = archive_no_mod.parse(text)
        if parsed is None:
            raise forms.ValidationError(archive_no_mod.refusal(text))
        clash = ArchiveUnit.objects.filter(owner=self.owner, archive_no=parsed.canonical)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本单位已有此档号的档案"))
        self._parsed = parsed
        return parsed.canonical

    def clean_date(self) -> str:
        from .importer import _normalize_date

        value = (self.cleaned_data.get("date") or "").strip()
        if not value:
            return ""
        normalized = _normalize_date(value)
        if normalized is None:
            raise forms.ValidationError(_("日期应为 YYYYMMDD"))
        return normalized

    def save(self, commit: bool = True) -> ArchiveUnit:
        unit: ArchiveUnit = super().save(commit=False)
        parsed = getattr(self, "_parsed", None)
        if parsed is not None:
            unit.archive_no_scheme = parsed.scheme
            unit.fonds_no, unit.category, unit.year = parsed.fonds, parsed.category, parsed.year
            unit.retention, unit.org_code = parsed.retention, parsed.org_code
            unit.volume_no, unit.item_no = parsed.volume, parsed.item
        if not unit.pk:
            unit.owner = self.owner
            unit.holder = self.owner
        if commit:
            unit.save()
        return unit


class CatalogUploadForm(BootstrapForm):
    file = forms.FileField(label=_("目录文件（.xlsx 或 .csv）"))


class MappingForm(BootstrapForm):
    """One select per platform field, choosing the column of the uploaded file."""

    def __init__(self, *args: Any, headers: list[str], initial_mapping: dict[str, int | None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", gettext("—— 不导入 ——"))] + [
            (str(i), h or gettext("第%(v1)s列") % {"v1": i + 1}) for i, h in enumerate(headers)
        ]
        for key, (label, _syn) in FIELDS.items():
            initial = initial_mapping.get(key)
            self.fields[key] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial="" if initial is None else str(initial)
            )

    def mapping(self) -> dict[str, int | None]:
        return {k: (int(v) if v not in ("", None) else None) for k, v in self.cleaned_data.items()}


class AddUnitsForm(BootstrapForm):
    archive_nos = forms.CharField(
        label=_("档号（每行一个）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    whole_fonds_year = forms.CharField(
        label=_("或：按档号前缀批量加入"),
        required=False,
        help_text=_("如 Z109-WS·2011，加入本单位档号以此开头的全部档案"),
    )


class ResolveIncidentForm(BootstrapForm):
    resolution = forms.CharField(label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 3}))
    found_in_storage = forms.BooleanField(label=_("档案已找到并入库"), required=False)
