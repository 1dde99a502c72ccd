"""An outsourcing project (外包项目) from 立项 to 完结. The lifecycle rules live in the projects app's
services; this module holds the data every other app (custody, production, acceptance, supervision,
ocr) refers to."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.core.models import AuditedModel
from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization
from dangan.engines.compliance.vocab import SERVICE_TYPES


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("立项")
    FILED = "filed", _("备案")
    SELECTING = "selecting", _("比选")
    CONTRACTED = "contracted", _("合同")
    IN_PROGRESS = "in_progress", _("实施")
    ACCEPTING = "accepting", _("验收")
    EVALUATING = "evaluating", _("评价")
    CLOSED = "closed", _("完结")


class Project(AuditedModel):
    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("委托方"),
        on_delete=models.PROTECT,
        related_name="client_projects",
        limit_choices_to={"kind": roles.CLIENT},
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.PROTECT,
        related_name="provider_projects",
        null=True,
        blank=True,
        limit_choices_to={"kind": roles.PROVIDER},
        help_text=_("比选确定后填写"),
    )
    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(_("项目编号"), max_length=50, blank=True)
    service_types = models.JSONField(
        _("业务类型"),
        default=list,
        help_text=_("业务类型代码列表，见 dangan.engines.compliance.vocab.SERVICE_TYPES"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    description = models.TextField(_("项目内容"), blank=True)
    archive_scope = models.TextField(_("外包档案范围"), blank=True)
    responsible_leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    leader_duties = models.TextField(_("责任领导职责"), blank=True)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划完成"), null=True, blank=True)
    originals_due_on = models.DateField(
        _("原件最迟归还日期"),
        null=True,
        blank=True,
        help_text=_("合同约定的原件在服务方处保管的最后期限（CUSTODY）"),
    )
    # Facts the compliance engine reads about the project itself (JG11-1, JG11-3, SX-3.1-b3, SEC14-2.7).
    standards = models.TextField(
        _("执行的标准"), blank=True, help_text=_("每行一项，如 DA/T 31-2017、DA/T 68.2-2020")
    )
    requires_political_review = models.BooleanField(_("要求服务方人员提供政审材料"), default=False)
    accepts_regulator_supervision = models.BooleanField(
        _("接受档案行政管理部门监督、指导和检查"), default=True
    )
    project_file_kept = models.BooleanField(_("已建立外包项目管理档案（SEC14-2.7）"), default=False)
    selection_weights = models.JSONField(_("比选权重"), default=dict, blank=True)
    # 备案 (LOCAL-FILING): filed with the regulator of the client's region.
    filed_with = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("备案机关"),
        on_delete=models.PROTECT,
        related_name="filed_projects",
        null=True,
        blank=True,
        limit_choices_to={"kind": roles.REGULATOR},
    )
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_reference = models.CharField(_("备案编号"), max_length=100, blank=True)
    completion_reported_on = models.DateField(_("完成情况报告日期"), null=True, blank=True)

    scope_paths = ("client", "provider")

    class Meta:
        verbose_name = _("外包项目")
        verbose_name_plural = _("外包项目")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("project_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        # Providers and regulators read a project; only its client changes it.
        if action == VIEW:
            return organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is None or not org.is_client:
            return NOTHING
        return Q(client=org)

    @property
    def standards_list(self) -> list[str]:
        return [line.strip() for line in (self.standards or "").splitlines() if line.strip()]

    @property
    def service_type_labels(self) -> list[str]:
        return [gettext(SERVICE_TYPES.get(code, code)) for code in self.service_types or []]

    def clean(self) -> None:
        unknown = [code for code in self.service_types or [] if code not in SERVICE_TYPES]
        if unknown:
            raise ValidationError(
                {"service_types": gettext("未知业务类型：%(v1)s") % {"v1": "、".join(unknown)}}
            )
        if self.client_id and not self.client.is_client:
            raise ValidationError({"client": gettext("委托方必须是委托方单位")})
        if self.provider_id and not self.provider.is_provider:
            raise ValidationError({"provider": gettext("服务方必须是服务方单位")})


class ProjectStaffAssignment(AuditedModel):
    """A provider's staff member assigned to a project (SX-3.1-b3 is checked at assignment)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="staff_assignments"
    )
    staff = models.ForeignKey(
        "providers.StaffMember",
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("项目岗位"), max_length=50, blank=True)
    assigned_on = models.DateField(_("派驻日期"), null=True, blank=True)
    active = models.BooleanField(_("在岗"), default=True)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("项目人员")
        verbose_name_plural = _("项目人员")
        constraints = [models.UniqueConstraint(fields=["project", "staff"], name="assignment_unique_staff")]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.staff.name}"

    def clean(self) -> None:
        if self.project_id and self.staff_id and self.project.provider_id != self.staff.provider_id:
            raise ValidationError({"staff": gettext("只能派驻本项目服务方的工作人员")})
