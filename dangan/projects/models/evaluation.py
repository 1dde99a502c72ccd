"""评价 (the client rates the provider; the ratings feed its credit, SX-2.1) and the regional filing
policy that switches LOCAL-FILING on or off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.core.models import AuditedModel
from dangan.core.scoping import VIEW, user_organization

from .base import ProjectPart

EVALUATION_CRITERIA: dict[str, str] = {
    "quality": gettext_noop("成果质量"),
    "schedule": gettext_noop("进度"),
    "security": gettext_noop("档案安全与保密"),
    "staff": gettext_noop("人员素质与管理"),
    "cooperation": gettext_noop("配合监督与整改"),
}


class ProviderEvaluation(ProjectPart):
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="evaluation"
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.PROTECT,
        related_name="evaluations_received",
        limit_choices_to={"kind": roles.PROVIDER},
    )
    ratings = models.JSONField(_("评分（1–5）"), default=dict)
    comments = models.TextField(_("评价意见"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    evaluated_on = models.DateField(_("评价日期"))

    class Meta:
        verbose_name = _("服务方评价")
        verbose_name_plural = _("服务方评价")
        ordering = ["-evaluated_on"]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.provider.name}评价"

    @property
    def average(self) -> float | None:
        values = [v for v in (self.ratings or {}).values() if isinstance(v, int)]
        return round(sum(values) / len(values), 2) if values else None

    def rating_rows(self) -> list[tuple[str, Any]]:
        return [
            (gettext(label), (self.ratings or {}).get(code)) for code, label in EVALUATION_CRITERIA.items()
        ]

    def clean(self) -> None:
        problems = []
        for code in EVALUATION_CRITERIA:
            value = (self.ratings or {}).get(code)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                problems.append(gettext("“%(v1)s”的评分应为1到5的整数") % {"v1": EVALUATION_CRITERIA[code]})
        unknown = set(self.ratings or {}) - set(EVALUATION_CRITERIA)
        if unknown:
            problems.append(gettext("未知的评价项：%(v1)s") % {"v1": "、".join(sorted(unknown))})
        if problems:
            raise ValidationError({"ratings": problems})


FILING_KINDS = [("block", _("阻断（未备案不得开工）")), ("warn", _("提示")), ("record", _("留痕"))]


class RegionFilingPolicy(AuditedModel):
    """A regulator's rule for its jurisdiction: must projects be filed (备案) before work starts?

    The most local policy wins (a city's overrides its province's). Everyone may read the policies;
    only the regulator that set one changes it.
    """

    regulator = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("档案行政管理部门"),
        on_delete=models.CASCADE,
        related_name="filing_policy",
        limit_choices_to={"kind": roles.REGULATOR},
    )
    filing_required = models.BooleanField(_("要求外包项目备案"), default=True)
    kind = models.CharField(_("未备案时"), max_length=10, choices=FILING_KINDS, default="block")
    basis = models.CharField(_("依据文件"), max_length=300, blank=True)

    scope_paths = ("regulator",)

    class Meta:
        verbose_name = _("备案要求")
        verbose_name_plural = _("备案要求")
        ordering = ["regulator__region_code"]

    def __str__(self) -> str:
        return f"{self.regulator.name}：{'要求备案' if self.filing_required else '不要求备案'}"

    @property
    def region_prefix(self) -> str:
        return self.regulator.jurisdiction_prefix

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action == VIEW and user_organization(user) is not None:
            return Q()
        org = user_organization(user)
        if org is None or not org.is_regulator:
            return Q(pk__in=[])
        return Q(regulator=org)

    @classmethod
    def for_region(cls, region_code: str) -> RegionFilingPolicy | None:
        best = None
        for policy in cls.objects.select_related("regulator").filter(regulator__is_active=True):
            prefix = policy.region_prefix
            if region_code.startswith(prefix) and (best is None or len(prefix) > len(best.region_prefix)):
                best = policy
        return best

    def clean(self) -> None:
        if self.regulator_id and not self.regulator.is_regulator:
            raise ValidationError({"regulator": gettext("备案要求只能由档案行政管理部门设定")})


__all__ = ["EVALUATION_CRITERIA", "FILING_KINDS", "ProviderEvaluation", "RegionFilingPolicy"]
