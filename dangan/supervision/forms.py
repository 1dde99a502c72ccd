"""Forms of the supervision UI. Choices are limited to what the user may reach (scoping), and the services
check again on submit, so a forged POST cannot reach outside the user's organization or jurisdiction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.accounts.forms import BootstrapFormMixin
from dangan.accounts.models import Organization
from dangan.core.scoping import user_organization
from dangan.engines.compliance.schema import REGULATOR_ACTION_KINDS
from dangan.projects.models import Project

from .models import (
    FINDING_CATEGORIES,
    Finding,
    Incident,
    IncidentKind,
    Inspection,
    InspectionKind,
    InspectionTemplate,
    Severity,
    TemplateItem,
)
from .models.inspection import CLIENT_KINDS, REGULATOR_KINDS

DATE = forms.DateInput(attrs={"type": "date"})


class BaseForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.org = user_organization(user)
        self.setup()
        self.apply_bootstrap()

    def setup(self) -> None:
        pass


def jurisdiction_orgs(org: Organization, kinds: tuple[str, ...]) -> Any:
    return Organization.objects.filter(
        kind__in=kinds, is_active=True, region_code__startswith=org.jurisdiction_prefix
    )


class InspectionForm(BaseForm):
    kind = forms.ChoiceField(label=_("类型"))
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), required=False)
    target_org = forms.ModelChoiceField(
        label=_("被检查单位"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("不选项目时必填（对单位的整体检查）"),
    )
    template = forms.ModelChoiceField(
        label=_("检查表"), queryset=InspectionTemplate.objects.none(), required=False
    )
    date = forms.DateField(label=_("日期"), widget=DATE)
    inspectors = forms.CharField(label=_("检查人员"), max_length=300)
    summary = forms.CharField(label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def setup(self) -> None:
        org = self.org
        kinds = REGULATOR_KINDS if org and org.is_regulator else CLIENT_KINDS
        self.fields["kind"].choices = [(k.value, k.label) for k in InspectionKind if k in kinds]
        if org is None:
            return
        if org.is_regulator:
            self.fields["project"].queryset = Project.objects.restrict(self.user).select_related("client")
            self.fields["target_org"].queryset = jurisdiction_orgs(org, (roles.CLIENT, roles.PROVIDER))
        else:
            self.fields["project"].queryset = Project.objects.filter(client=org)
            self.fields["target_org"].queryset = Organization.objects.filter(
                Q(pk=org.pk) | Q(provider_projects__client=org)
            ).distinct()
        self.fields["template"].queryset = InspectionTemplate.objects.restrict(self.user).filter(
            kind__in=list(kinds), active=True
        )
        self.initial.setdefault("date", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("project") and not data.get("target_org"):
            raise forms.ValidationError(gettext("请选择项目或被检查单位"))
        return data


class ResultsForm(BaseForm):
    """One outcome + note per checklist item, built from the inspection's template."""

    summary = forms.CharField(label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        self.inspection = inspection
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        existing = {r.item_id: r for r in self.inspection.results.all()}
        self.items = list(TemplateItem.objects.filter(template_id=self.inspection.template_id))
        for item in self.items:
            result = existing.get(item.pk)
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=gettext(item.text),
                choices=[
                    ("ok", gettext("符合")),
                    ("problem", gettext("存在问题")),
                    ("na", gettext("不适用")),
                ],
                widget=forms.RadioSelect,
                initial=result.outcome if result else "ok",
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=gettext("说明"), required=False, max_length=500, initial=result.note if result else ""
            )
        self.initial.setdefault("summary", self.inspection.summary)

    def rows(self) -> list[tuple[TemplateItem, Any, Any]]:
        return [(i, self[f"outcome_{i.pk}"], self[f"note_{i.pk}"]) for i in self.items]

    def outcomes(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"outcome_{i.pk}"], self.cleaned_data[f"note_{i.pk}"])
            for i in self.items
        }


class FindingForm(BaseForm):
    item = forms.ModelChoiceField(label=_("检查项"), queryset=TemplateItem.objects.none(), required=False)
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    category = forms.ChoiceField(
        label=_("问题类别"), choices=[(k, _(v)) for k, v in FINDING_CATEGORIES.items()]
    )
    rule_id = forms.CharField(
        label=_("规则编号"), max_length=30, required=False, help_text=_("留空时取检查项的第一个规则编号")
    )
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_org = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        self.inspection = inspection
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        i = self.inspection
        self.fields["item"].queryset = TemplateItem.objects.filter(template_id=i.template_id)
        ids = {i.target_org_id}
        if i.project_id:
            ids |= {i.project.client_id, i.project.provider_id}
        self.fields["responsible_org"].queryset = Organization.objects.filter(pk__in=[x for x in ids if x])


class OrderForm(BaseForm):
    findings = forms.ModelMultipleChoiceField(
        label=_("问题"), queryset=Finding.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    requirements = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        self.inspection = inspection
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.fields["findings"].queryset = Finding.objects.filter(inspection=self.inspection)
        from .services.inspections import default_deadline_days

        self.initial.setdefault("deadline", timezone.localdate() + timedelta(days=default_deadline_days()))

    def clean_findings(self) -> Any:
        findings = self.cleaned_data["findings"]
        if len({f.responsible_org_id for f in findings}) > 1:
            raise forms.ValidationError(gettext("一份整改通知只能下达给一个责任单位"))
        return findings


class RespondForm(BaseForm):
    response = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(BaseForm):
    accepted = forms.TypedChoiceField(
        label=_("验证结论"),
        choices=[("1", _("整改到位，销号")), ("0", _("整改不到位，重新限期"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    note = forms.CharField(label=_("验证意见"), widget=forms.Textarea(attrs={"rows": 2}))
    new_deadline = forms.DateField(label=_("新的整改期限"), widget=DATE, required=False)


class IncidentForm(BaseForm):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("类别"), choices=IncidentKind.choices)
    title = forms.CharField(label=_("事件名称"), max_length=200)
    description = forms.CharField(label=_("经过与影响"), widget=forms.Textarea(attrs={"rows": 3}))
    discovered_at = forms.DateTimeField(
        label=_("发现时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    safety_accident = forms.BooleanField(label=_("属于档案安全事故（SX-2.2-b 须追责）"), required=False)

    def setup(self) -> None:
        org = self.org
        if org is not None:
            self.fields["project"].queryset = Project.objects.filter(Q(client=org) | Q(provider=org))
        self.initial.setdefault("discovered_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class ReportForm(BaseForm):
    text = forms.CharField(label=_("报告内容"), widget=forms.Textarea(attrs={"rows": 3}))


class AccountabilityForm(BaseForm):
    safety_accident = forms.BooleanField(label=_("属于档案安全事故"), required=False)
    persons = forms.CharField(label=_("责任人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    measures = forms.CharField(
        label=_("追责与处理措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    remedial = forms.CharField(label=_("补救措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "safety_accident": incident.safety_accident,
                "persons": incident.accountability_persons,
                "measures": incident.accountability_measures,
                "remedial": incident.remedial_measures,
            },
        )
        super().__init__(*args, **kwargs)


class NoticeForm(BaseForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 5}))
    recipients = forms.ModelMultipleChoiceField(
        label=_("送达单位"), queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("涉及问题"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(label=_("立即发布并通知送达单位"), required=False, initial=True)

    def setup(self) -> None:
        if self.org is not None and self.org.is_regulator:
            self.fields["recipients"].queryset = jurisdiction_orgs(self.org, (roles.CLIENT, roles.PROVIDER))
            self.fields["findings"].queryset = Finding.objects.filter(raised_by=self.org)


class ActionForm(BaseForm):
    provider = forms.ModelChoiceField(label=_("服务方"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("措施"), choices=list(REGULATOR_ACTION_KINDS.items()))
    date = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 2}))
    decision_no = forms.CharField(label=_("文号"), required=False, max_length=100)
    deadline = forms.DateField(label=_("改正期限"), widget=DATE, required=False)
    published = forms.BooleanField(label=_("公示（行政处罚应当公示，REG-51）"), required=False)

    def setup(self) -> None:
        if self.org is not None and self.org.is_regulator:
            self.fields["provider"].queryset = jurisdiction_orgs(self.org, (roles.PROVIDER,))
        self.initial.setdefault("date", timezone.localdate())


class NegativeListForm(BaseForm):
    provider = forms.ModelChoiceField(label=_("服务方"), queryset=Organization.objects.none())
    reason = forms.CharField(label=_("列入事由"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("依据/文号"), required=False, max_length=200)
    published = forms.BooleanField(label=_("公开"), required=False)

    def setup(self) -> None:
        if self.org is not None and self.org.is_regulator:
            self.fields["provider"].queryset = jurisdiction_orgs(self.org, (roles.PROVIDER,))
