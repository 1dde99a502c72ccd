"""Forms of the provider registry. Refusals name the RULES.md rule they serve."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapFormMixin
from dangan.accounts.models import Organization
from dangan.accounts.models.organization import uscc_validator
from dangan.core.engine_labels import lazy_choices
from dangan.core.fields import blind_index
from dangan.engines.compliance.vocab import SERVICE_TYPES

from .models import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistryForm(BootstrapFormMixin, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        self.apply_bootstrap()


class ProviderProfileForm(RegistryForm):
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, help_text=_("18位，按 GB 32100 校验（SX-3.1-b1）")
    )
    business_scope = forms.MultipleChoiceField(
        label=_("经营范围覆盖的业务类型"),
        choices=lazy_choices(SERVICE_TYPES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProviderProfile
        fields = [
            "registered_in_prc",
            "registration_country",
            "enterprise_legal_person",
            "registered_address",
            "registered_capital",
            "established_on",
            "business_scope",
            "business_scope_text",
            "premises",
            "professional_capability",
            "security_management_system",
            "archive_service_management_system",
            "accepts_supervision",
            "track_record",
        ]
        widgets = {
            "business_scope_text": forms.Textarea(attrs={"rows": 3}),
            "premises": forms.Textarea(attrs={"rows": 2}),
            "track_record": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["uscc"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider: Organization = self.instance.provider
        self.fields["uscc"].initial = provider.uscc

    def clean_uscc(self) -> str:
        value = self.cleaned_data["uscc"].strip().upper()
        try:
            uscc_validator(value)
        except ValidationError as exc:
            raise ValidationError(gettext("SX-3.1-b1：%(v1)s") % {"v1": exc.messages[0]}) from exc
        clash = Organization.objects.filter(uscc=value).exclude(pk=self.instance.provider_id)
        if clash.exists():
            raise ValidationError(gettext("该统一社会信用代码已被其他单位登记"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("registered_in_prc") and data.get("registration_country", "").strip() not in (
            "",
            "中国",
            "中华人民共和国",
            "CN",
        ):
            self.add_error("registration_country", gettext("勾选境内注册时，注册地应为中国"))
        if not data.get("registered_in_prc") and data.get("registration_country", "").strip() in (
            "",
            "中国",
            "中华人民共和国",
            "CN",
        ):
            self.add_error("registration_country", gettext("未勾选境内注册时，请填写境外注册地（国家/地区）"))
        return data

    def save(self, commit: bool = True) -> ProviderProfile:
        profile = super().save(commit=False)
        provider = profile.provider
        if provider.uscc != self.cleaned_data["uscc"]:
            provider.uscc = self.cleaned_data["uscc"]
            provider.save(update_fields=["uscc", "updated_at"])
        if commit:
            profile.save()
        return profile


class ShareholderForm(RegistryForm):
    class Meta:
        model = Shareholder
        fields = ["name", "nationality", "share_percent", "exception_basis"]


class StaffMemberForm(RegistryForm):
    id_number = forms.CharField(label=_("身份证明号码"), max_length=40, required=False)

    class Meta:
        model = StaffMember
        fields = [
            "name",
            "id_type",
            "id_number",
            "nationality",
            "exception_basis",
            "position",
            "professional",
            "confidentiality_undertaking",
            "confidentiality_signed_on",
            "political_review",
            "political_review_file",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["id_number"]
        self.initial["id_number"] = ""  # never put the stored number back into the page
        if self.instance.pk:
            field.help_text = _("已登记：%(masked)s；留空表示不修改") % {
                "masked": self.instance.masked_id_number
            }
        else:
            field.required = True
            field.help_text = _("居民身份证须为18位并通过校验（SX-3.1-b3）")

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        if not value and self.instance.pk:
            return self.instance.id_number
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = data.get("id_number")
        if number and self.instance.provider_id:
            clash = StaffMember.objects.filter(
                provider_id=self.instance.provider_id, id_number_index=blind_index(number)
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("id_number", gettext("SX-3.1-b3：该证件号码已登记为本单位其他工作人员"))
        return data

    def _post_clean(self) -> None:
        super()._post_clean()
        # The model refuses an invalid ID with its rule ID; show that message on the field only once.
        errors = self.errors.get("id_number")
        if errors:
            unique = list(dict.fromkeys(errors))
            self.errors["id_number"] = self.error_class(unique)


class TrainingRecordForm(RegistryForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "trained_on", "certificate_no", "issuer", "certificate_file"]


class QualificationForm(RegistryForm):
    class Meta:
        model = Qualification
        fields = ["name", "kind", "number", "issuer", "valid_from", "valid_until", "file"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", gettext("有效期至不能早于有效期起"))
        return data


class EquipmentForm(RegistryForm):
    class Meta:
        model = Equipment
        fields = ["name", "model_name", "count", "serial_numbers", "offline"]
        widgets = {"serial_numbers": forms.Textarea(attrs={"rows": 2})}


class SoftwareForm(RegistryForm):
    class Meta:
        model = Software
        fields = ["name", "version", "vendor"]


class BadRecordForm(RegistryForm):
    class Meta:
        model = BadRecord
        fields = ["kind", "occurred_on", "description", "basis", "published", "corrects", "withdraws"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = BadRecord.objects.filter(provider_id=self.instance.provider_id)
        self.fields["corrects"].label_from_instance = lambda r: (
            f"{r.occurred_on} {r.get_kind_display()}：{r.description[:30]}"
        )


IMPORT_KINDS = {"staff": _("工作人员"), "equipment": _("设备")}


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(gettext("请上传 .xlsx 格式的 Excel 文件（可先下载模板）"))
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(gettext("文件超过 5 MB，请拆分后导入"))
        return upload
