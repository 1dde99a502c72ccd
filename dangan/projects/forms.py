"""Forms of the projects UI. Choices are limited to what the actor may use, and checked again on
submit (a forged POST cannot pick another client's candidate or another provider's staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.accounts.forms import BootstrapFormMixin
from dangan.accounts.models import Organization
from dangan.core.engine_labels import lazy_choices
from dangan.engines.compliance.vocab import (
    CONTRACT_CLAUSES,
    EXAMINATION_ITEMS,
    OPERATING_RULES,
    SERVICE_TYPES,
)

from .models import (
    EVALUATION_CRITERIA,
    ArchiveGroup,
    Candidate,
    Contract,
    Project,
    ProjectStaffAssignment,
    RegionFilingPolicy,
    ResponsiblePerson,
    Site,
)

TRI_STATE_CHOICES = [("", _("未说明")), ("true", _("是")), ("false", _("否"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TriStateField(forms.NullBooleanField):
    widget = forms.Select(choices=TRI_STATE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget = forms.Select(choices=TRI_STATE_CHOICES)

    def prepare_value(self, value: Any) -> str:
        return {True: "true", False: "false"}.get(value, "")


class BootstrapModelForm(BootstrapFormMixin, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
        self.apply_bootstrap()


class ProjectForm(BootstrapModelForm):
    service_types = forms.MultipleChoiceField(
        label=_("业务类型"), choices=lazy_choices(SERVICE_TYPES), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "service_types",
            "description",
            "archive_scope",
            "responsible_leader",
            "leader_duties",
            "planned_start",
            "planned_end",
            "originals_due_on",
            "standards",
            "requires_political_review",
            "accepts_regulator_supervision",
            "project_file_kept",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "archive_scope": forms.Textarea(attrs={"rows": 3}),
            "leader_duties": forms.Textarea(attrs={"rows": 2}),
            "standards": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, client: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if client is not None and self.instance.client_id is None:
            self.instance.client = client
        self.fields["responsible_leader"].help_text = gettext("档案安全第一责任人（SX-3.1-e）")


class ArchiveGroupForm(BootstrapModelForm):
    classified = TriStateField(label=_("涉密"), required=False)
    declassified = TriStateField(label=_("已进行解密处理"), required=False)
    in_national_archive_scope = TriStateField(label=_("列入国家综合档案馆收集范围"), required=False)

    class Meta:
        model = ArchiveGroup
        fields = ["name", "extent", "classified", "declassified", "in_national_archive_scope"]


class SiteForm(BootstrapModelForm):
    in_prc = TriStateField(label=_("位于中华人民共和国境内"), required=False)

    class Meta:
        model = Site
        fields = ["name", "purpose", "address", "in_prc", "export_approval"]


class ResponsiblePersonForm(BootstrapModelForm):
    class Meta:
        model = ResponsiblePerson
        fields = ["name", "department", "duty"]


class OperatingRulesForm(BootstrapFormMixin, forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("已制定的操作规程（SEC14-2.6）"),
        choices=lazy_choices(OPERATING_RULES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TransitionForm(forms.Form):
    to_status = forms.CharField()
    filing_reference = forms.CharField(required=False, max_length=100)


class CandidateForm(BootstrapFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("服务方"), queryset=Organization.objects.none())
    price = forms.DecimalField(
        label=_("报价（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    notes = forms.CharField(label=_("考察记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organization.objects.filter(kind=roles.PROVIDER, is_active=True)
        self.apply_bootstrap()


class SelectionForm(BootstrapFormMixin, forms.Form):
    candidate = forms.ModelChoiceField(label=_("选定的服务方"), queryset=Candidate.objects.none())
    reasons = forms.CharField(label=_("选择理由"), widget=forms.Textarea(attrs={"rows": 3}))
    examined = forms.MultipleChoiceField(
        label=_("已考察的事项（SX-3.1-b4）"),
        choices=lazy_choices(EXAMINATION_ITEMS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    market_research = forms.BooleanField(label=_("开展了市场调研"), required=False)
    business_inspection = forms.BooleanField(label=_("开展了业务考察"), required=False)
    comparative_selection = forms.BooleanField(label=_("经综合比选择优选用"), required=False, initial=True)
    qualifications_reviewed = forms.BooleanField(label=_("已审核业务资质"), required=False)
    security_capability_reviewed = forms.BooleanField(label=_("已审核信息安全保障能力"), required=False)
    preference_note = forms.CharField(
        label=_("未优先选用涉密资质服务方的理由（SEC14-2.4）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        field.queryset = project.candidates.select_related("provider")
        field.label_from_instance = lambda c: c.provider.name
        self.apply_bootstrap()


class ContractForm(BootstrapModelForm):
    class Meta:
        model = Contract
        fields = [
            "number",
            "written",
            "signed_on",
            "term_start",
            "term_end",
            "amount",
            "file",
            "security_agreement_signed",
            "security_agreement_signed_on",
            "security_agreement_file",
            "staff_security_education",
            "staff_security_education_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = {}
        if self.instance.pk:
            existing = {c.code: c.location for c in self.instance.clauses.all()}
        for code, label in CONTRACT_CLAUSES.items():
            self.fields[f"clause_{code}"] = forms.CharField(
                label=gettext("%(label)s：所在条款/页码") % {"label": gettext(label)},
                required=False,
                max_length=200,
                initial=existing.get(code, ""),
                widget=forms.TextInput(
                    attrs={"class": "form-control", "placeholder": gettext("如 第三条 / 第2页")}
                ),
            )

    def clause_fields(self) -> list[forms.BoundField]:
        return [self[f"clause_{code}"] for code in CONTRACT_CLAUSES]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def clause_locations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"clause_{code}", "") for code in CONTRACT_CLAUSES}


class EvaluationForm(BootstrapFormMixin, forms.Form):
    comments = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in EVALUATION_CRITERIA.items():
            self.fields[f"rating_{code}"] = forms.TypedChoiceField(
                label=gettext("%(label)s（1–5分）") % {"label": gettext(label)},
                choices=[(i, str(i)) for i in range(5, 0, -1)],
                coerce=int,
            )
        self.order_fields([f"rating_{c}" for c in EVALUATION_CRITERIA] + ["comments"])
        self.apply_bootstrap()

    def ratings(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"rating_{code}"] for code in EVALUATION_CRITERIA}


class FilingPolicyForm(BootstrapModelForm):
    class Meta:
        model = RegionFilingPolicy
        fields = ["filing_required", "kind", "basis"]


class StaffAssignmentForm(BootstrapModelForm):
    class Meta:
        model = ProjectStaffAssignment
        fields = ["staff", "role", "assigned_on"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dangan.providers.models import StaffMember

        self.fields["staff"].queryset = StaffMember.objects.filter(provider=project.provider, is_active=True)
