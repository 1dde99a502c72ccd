"""Problems found (with severity and the rule they break) and the rectification orders that follow them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dangan.core.models import AuditedModel
from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    MAJOR = "major", _("重大")
    CRITICAL = "critical", _("严重（安全事故隐患）")


FINDING_CATEGORIES: dict[str, str] = {
    "site_security": gettext_noop("场所与安全管理"),
    "staff": gettext_noop("人员管理"),
    "equipment_media": gettext_noop("设备与存储介质"),
    "originals": gettext_noop("档案实体保护与交接"),
    "quality": gettext_noop("加工质量"),
    "information_security": gettext_noop("信息安全与保密"),
    "client_responsibility": gettext_noop("委托方主体责任"),
    "management": gettext_noop("制度与管理措施"),
    "other": gettext_noop("其他"),
}


class Finding(AuditedModel):
    inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("检查"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    item = models.ForeignKey(
        "supervision.TemplateItem",
        verbose_name=_("检查项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    raised_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("发现单位"),
        on_delete=models.PROTECT,
        related_name="findings_raised",
    )
    responsible_org = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="findings_against",
    )
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.MINOR
    )
    category = models.CharField(
        _("问题类别"), max_length=30, choices=[(k, _(v)) for k, v in FINDING_CATEGORIES.items()]
    )
    rule_id = models.CharField(_("规则编号"), max_length=30)
    description = models.TextField(_("问题描述"))
    found_on = models.DateField(_("发现日期"))

    scope_paths = ("raised_by", "responsible_org", "project__client")
    scope_needs_distinct = True

    class Meta:
        verbose_name = _("检查发现的问题")
        verbose_name_plural = _("检查发现的问题")
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.rule_id}：{self.description[:40]}"

    def get_absolute_url(self) -> str:
        if self.inspection_id:
            return reverse("supervision:inspection_detail", args=[self.inspection_id]) + f"#finding-{self.pk}"
        return reverse("supervision:finding_list")

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action == VIEW:
            return organization_q(cls.scope_paths, user)
        org = user_organization(user)
        return Q(raised_by=org) if org is not None else NOTHING

    @property
    def is_major(self) -> bool:
        return self.severity in (Severity.MAJOR, Severity.CRITICAL)


class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("已下达")
    RESPONDED = "responded", _("已答复待验证")
    VERIFIED = "verified", _("已验证销号")
    OVERDUE = "overdue", _("逾期未整改")


OPEN_ORDER_STATUSES = (OrderStatus.ISSUED, OrderStatus.OVERDUE, OrderStatus.RESPONDED)


class RectificationOrder(AuditedModel):
    """限期整改通知: issued by the inspecting organization to the one responsible; closed by verification."""

    number = models.CharField(_("通知编号"), max_length=40, unique=True)
    findings = models.ManyToManyField(Finding, verbose_name=_("问题"), related_name="orders")
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    issued_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("下达单位"),
        on_delete=models.PROTECT,
        related_name="orders_issued",
    )
    addressed_to = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("整改单位"),
        on_delete=models.PROTECT,
        related_name="orders_received",
    )
    requirements = models.TextField(_("整改要求"))
    issued_on = models.DateField(_("下达日期"))
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ISSUED
    )
    response = models.TextField(_("整改情况"), blank=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_note = models.TextField(_("验证意见"), blank=True)
    verified_at = models.DateTimeField(_("验证时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("验证人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    scope_paths = ("issued_by", "addressed_to", "project__client")
    scope_needs_distinct = True

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="supervision_order_due")]

    def __str__(self) -> str:
        return f"{self.number}（{self.addressed_to.name}）"

    def get_absolute_url(self) -> str:
        return reverse("supervision:rectification_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER_STATUSES

    @property
    def is_late(self) -> bool:
        if self.status == OrderStatus.VERIFIED or self.status == OrderStatus.RESPONDED:
            return bool(self.responded_at and timezone.localdate(self.responded_at) > self.deadline)
        return timezone.localdate() > self.deadline
