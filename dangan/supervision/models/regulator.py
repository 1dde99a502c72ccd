"""The regulator's instruments: notices (通报), actions against providers (REG-51) and the negative list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangan.core.models import AuditedModel
from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization
from dangan.engines.compliance.schema import REGULATOR_ACTION_KINDS


def _issuer_only(field: str, user: Any) -> Q:
    org = user_organization(user)
    return Q(**{field: org}) if org is not None and org.is_regulator else NOTHING


class Notice(AuditedModel):
    """通报 from a regulator to listed clients and providers; recipients see it once it is sent."""

    issued_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("发布机关"),
        on_delete=models.PROTECT,
        related_name="notices_issued",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    recipients = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("送达单位"), related_name="notices_received"
    )
    findings = models.ManyToManyField(
        "supervision.Finding", verbose_name=_("涉及问题"), blank=True, related_name="notices"
    )
    incidents = models.ManyToManyField(
        "supervision.Incident", verbose_name=_("涉及事件"), blank=True, related_name="notices"
    )
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ("issued_by",)
    scope_needs_distinct = True

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:notice_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action != VIEW:
            return _issuer_only("issued_by", user)
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is not None and not org.is_regulator:
            q |= Q(published=True, recipients=org)
        return q


class RegulatorAction(AuditedModel):
    """约谈 / 责令限期改正 / 行政处罚 against a provider (REG-51); penalties are published."""

    regulator = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("档案主管部门"),
        on_delete=models.PROTECT,
        related_name="actions_taken",
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.PROTECT,
        related_name="actions_received",
    )
    kind = models.CharField(_("措施"), max_length=20, choices=list(REGULATOR_ACTION_KINDS.items()))
    date = models.DateField(_("日期"))
    reason = models.TextField(_("事由（明知的档案安全隐患等）"))
    decision_no = models.CharField(_("文号"), max_length=100, blank=True)
    deadline = models.DateField(_("改正期限"), null=True, blank=True)
    finding = models.ForeignKey(
        "supervision.Finding",
        verbose_name=_("相关问题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published = models.BooleanField(_("已公示"), default=False)

    scope_paths = ("regulator", "provider")

    class Meta:
        verbose_name = _("监管措施")
        verbose_name_plural = _("监管措施")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.provider.name}（{self.date}）"

    def get_absolute_url(self) -> str:
        return reverse("supervision:action_list")

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action != VIEW:
            return _issuer_only("regulator", user)
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is not None and org.is_client:
            # Published actions are part of a provider's credit, which clients consult before choosing (SX-2.1).
            q |= Q(published=True)
        return q


class NegativeListEntry(AuditedModel):
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.PROTECT,
        related_name="negative_list_entries",
    )
    regulator = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("列入机关"),
        on_delete=models.PROTECT,
        related_name="negative_list_made",
    )
    reason = models.TextField(_("列入事由"))
    basis = models.CharField(_("依据/文号"), max_length=200, blank=True)
    since = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    published = models.BooleanField(_("已公开"), default=False)

    scope_paths = ("regulator", "provider")

    class Meta:
        verbose_name = _("负面清单")
        verbose_name_plural = _("负面清单")
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.provider.name}（{self.since}）"

    def get_absolute_url(self) -> str:
        return reverse("supervision:negative_list")

    @property
    def active(self) -> bool:
        return self.removed_on is None

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action != VIEW:
            return _issuer_only("regulator", user)
        q = organization_q(cls.scope_paths, user)
        if user_organization(user) is not None:
            q |= Q(published=True)
        return q


class Notification(AuditedModel):
    """One in-app message to one user (deadline, decision, notice). Only its user reads it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    category = models.CharField(_("类别"), max_length=30, blank=True)
    read = models.BooleanField(_("已读"), default=False)

    scope_paths = ("user__organization",)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read"], name="supervision_notif_unread")]

    def __str__(self) -> str:
        return self.verb

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        return Q(user=user) if user_organization(user) is not None else NOTHING
