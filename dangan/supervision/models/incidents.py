"""Archive safety incidents (LAW-44): reported to the regulator before they can be closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangan.core.models import AuditedModel


class IncidentKind(models.TextChoices):
    DAMAGE = "damage", _("档案损毁")
    LOSS = "loss", _("档案丢失")
    LEAK = "leak", _("信息泄露")
    UNAUTHORIZED_COPY = "unauthorized_copy", _("擅自复制、留存档案信息")
    OTHER = "other", _("其他")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("待报告")
    REPORTED = "reported", _("已报告")
    CLOSED = "closed", _("已关闭")


class Incident(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=IncidentKind.choices)
    title = models.CharField(_("事件名称"), max_length=200)
    description = models.TextField(_("经过与影响"))
    discovered_at = models.DateTimeField(_("发现时间"))
    opened_by_org = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("登记单位"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    reported_to = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("报告的档案主管部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents_reported",
    )
    reported_to_regulator_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_text = models.TextField(_("报告内容"), blank=True)
    # 追责 (SX-2.2-b): who is held accountable and what was done.
    safety_accident = models.BooleanField(_("属于档案安全事故"), default=False)
    accountability_persons = models.TextField(_("责任人员"), blank=True)
    accountability_measures = models.TextField(_("追责与处理措施"), blank=True)
    remedial_measures = models.TextField(_("补救措施"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # "custody.CustodyIncident:12" when opened automatically from a custody discrepancy.
    source = models.CharField(_("来源"), max_length=80, blank=True, db_index=True)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("档案安全事件")
        verbose_name_plural = _("档案安全事件")
        ordering = ["-discovered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~models.Q(source=""), name="supervision_incident_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:incident_detail", args=[self.pk])
