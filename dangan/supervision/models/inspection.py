"""Checklists as data (templates with items and the rule IDs they serve) and the inspections that use them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.core.engine_labels import lazy_choices
from dangan.core.models import AuditedModel
from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization
from dangan.engines.compliance.vocab import INSPECTION_ITEMS


class InspectionKind(models.TextChoices):
    REGULATOR_ENFORCEMENT = "regulator_enforcement", _("执法检查")
    CLIENT_ONSITE = "client_onsite", _("现场检查")
    SPOT_CHECK = "spot_check", _("抽查")
    MEETING = "meeting", _("工作会议")
    TRAINING = "training", _("培训")


REGULATOR_KINDS = {InspectionKind.REGULATOR_ENFORCEMENT}
CLIENT_KINDS = {
    InspectionKind.CLIENT_ONSITE,
    InspectionKind.SPOT_CHECK,
    InspectionKind.MEETING,
    InspectionKind.TRAINING,
}


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    DONE = "done", _("已完成")


class InspectionTemplate(AuditedModel):
    """A checklist. Shipped templates (owner empty) are read by everyone; an organization may add its own."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("适用检查类型"), max_length=30, choices=InspectionKind.choices)
    description = models.TextField(_("说明"), blank=True)
    owner = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("制定单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("启用"), default=True)

    scope_paths = ("owner",)

    class Meta:
        verbose_name = _("检查表模板")
        verbose_name_plural = _("检查表模板")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        # Shipped checklists are in the catalogue; a user's own checklist shows as typed.
        return gettext(self.name)

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        q = organization_q(cls.scope_paths, user)
        if action == VIEW and user_organization(user) is not None:
            q |= Q(owner__isnull=True)
        return q


class TemplateItem(AuditedModel):
    template = models.ForeignKey(
        InspectionTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("检查内容"), max_length=300)
    rule_ids = models.JSONField(_("服务的规则编号"), default=list)
    guidance = models.TextField(_("检查方法"), blank=True)
    # Which SX-2.2-a key item this line covers (enforcement template), so the compliance facts can tell.
    covers = models.CharField(
        _("对应重点检查内容（SX-2.2-a）"), max_length=40, blank=True, choices=lazy_choices(INSPECTION_ITEMS)
    )

    scope_paths = ("template__owner",)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="supervision_item_order")]

    def __str__(self) -> str:
        return f"{self.order}. {gettext(self.text)}"

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        q = organization_q(cls.scope_paths, user)
        if action == VIEW and user_organization(user) is not None:
            q |= Q(template__owner__isnull=True)
        return q

    @property
    def rule_ids_text(self) -> str:
        return "、".join(self.rule_ids or [])


class Inspection(AuditedModel):
    """One supervision activity: a regulator's enforcement inspection, a client's on-site check, spot check,
    meeting or training. The target is a project, or an organization (client or provider) as a whole."""

    kind = models.CharField(_("类型"), max_length=30, choices=InspectionKind.choices)
    inspector_org = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("检查单位"),
        on_delete=models.PROTECT,
        related_name="inspections_done",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    target_org = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("被检查单位"),
        on_delete=models.PROTECT,
        related_name="inspections_received",
    )
    template = models.ForeignKey(
        InspectionTemplate,
        verbose_name=_("检查表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("日期"))
    inspectors = models.CharField(_("检查人员"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    summary = models.TextField(_("情况记录"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ("inspector_org", "target_org", "project__client", "project__provider")
    scope_needs_distinct = True

    class Meta:
        verbose_name = _("监督检查")
        verbose_name_plural = _("监督检查")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        target = self.project.name if self.project_id else self.target_org.name
        return f"{self.date} {self.get_kind_display()}：{target}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action == VIEW:
            return organization_q(cls.scope_paths, user)
        org = user_organization(user)
        return Q(inspector_org=org) if org is not None else NOTHING

    def clean(self) -> None:
        errors: dict[str, str] = {}
        org = self.inspector_org if self.inspector_org_id else None
        if org is not None:
            if org.is_regulator and self.kind not in REGULATOR_KINDS:
                errors["kind"] = gettext("档案行政管理部门登记的是执法检查（SX-2.2-a）")
            if org.is_client and self.kind not in CLIENT_KINDS:
                errors["kind"] = gettext("执法检查由档案行政管理部门进行（SX-2.2-a）")
            if org.is_client and self.project_id and self.project.client_id != org.pk:
                errors["project"] = gettext("委托方只能检查本单位的外包项目（SX-3.3-a）")
            if org.is_regulator and self.target_org_id and not org.covers_region(self.target_org.region_code):
                errors["target_org"] = gettext("被检查单位不在本机关辖区内")
            if org.is_client and self.target_org_id and self.target_org_id != org.pk:
                from dangan.projects.models import Project

                if not Project.objects.filter(client=org, provider_id=self.target_org_id).exists():
                    errors["target_org"] = gettext(
                        "委托方只能检查本单位及为本单位项目服务的服务方（SX-3.3-a）"
                    )
            if self.template_id and self.template.owner_id not in (None, org.pk):
                errors["template"] = gettext("不能使用其他单位的检查表")
        if (
            self.project_id
            and self.target_org_id
            and self.target_org_id not in (self.project.client_id, self.project.provider_id)
        ):
            errors["target_org"] = gettext("被检查单位应为该项目的委托方或服务方")
        if self.target_org_id and self.target_org.kind == roles.REGULATOR:
            errors["target_org"] = gettext("被检查单位应为委托方或服务方")
        if errors:
            raise ValidationError(errors)


class ResultOutcome(models.TextChoices):
    OK = "ok", _("符合")
    PROBLEM = "problem", _("存在问题")
    NOT_APPLICABLE = "na", _("不适用")


class InspectionResult(AuditedModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        TemplateItem, verbose_name=_("检查项"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("结果"), max_length=10, choices=ResultOutcome.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    scope_paths = tuple(f"inspection__{p}" for p in Inspection.scope_paths)
    scope_needs_distinct = True

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["inspection", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="supervision_result_once")]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_outcome_display()}"
