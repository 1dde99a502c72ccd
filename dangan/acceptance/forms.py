from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapForm

from .models import CHECK_ITEMS, CatalogSource, SampleResult

PROFILES = (("DA/T 31-2017", _("DA/T 31-2017（缺省）")), ("ocr", _("全文识别（≥300 dpi）")))


class SubmitForm(BootstrapForm):
    delivery_path = forms.CharField(
        label=_("交付目录"),
        max_length=1000,
        help_text=_("服务器可读取的交付文件夹，位于交付根目录之下（可写相对路径）"),
    )
    catalog_source = forms.ChoiceField(
        label=_("目录来源"), choices=CatalogSource.choices, initial=CatalogSource.AUTO
    )
    catalog_file = forms.FileField(label=_("目录文件（.xlsx / .csv）"), required=False)
    profile = forms.ChoiceField(label=_("验收配置"), choices=PROFILES, initial="DA/T 31-2017")
    note = forms.CharField(label=_("交付说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(BootstrapForm):
    reason = forms.CharField(
        label=_("问题说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("判为不合格的，写明页码和问题"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CHECK_ITEMS:
            self.fields[code] = forms.ChoiceField(
                label=gettext(label),
                choices=SampleResult.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=True,
            )
        self.order_fields([code for code, _ in CHECK_ITEMS] + ["reason"])

    def clean(self):
        data = super().clean()
        if (
            any(data.get(code) == SampleResult.FAIL for code, _ in CHECK_ITEMS)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", gettext("DAT31-12：判为不合格的，请写明页码和问题"))
        return data


def default_deadline():
    from .services import default_deadline_days

    return timezone.localdate() + timedelta(days=default_deadline_days())


class DecisionForm(BootstrapForm):
    safety_hazard = forms.BooleanField(label=_("发现档案安全隐患"), required=False)
    safety_hazards = forms.CharField(
        label=_("安全隐患说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    nonconformities = forms.CharField(
        label=_("其他不符合项"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("验收组认定的其他不符合国家和行业标准之处；填写即不予通过（SX-3.3-c）"),
    )
    comments = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(
        label=_("整改期限（不予通过时）"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        initial=default_deadline,
    )

    def clean(self):
        data = super().clean()
        if data.get("safety_hazard") and not (data.get("safety_hazards") or "").strip():
            self.add_error("safety_hazards", gettext("SX-3.3-c：请写明发现的档案安全隐患"))
        return data
