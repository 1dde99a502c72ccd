"""比选 (SX-3.1-a, SX-3.1-b4, SEC14-2.4): candidates with the engine's eligibility and score, and the
recorded choice with its reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.engines.compliance.vocab import DECISION_LABELS, EXAMINATION_ITEMS

from .base import ClientOnlyProjectPart


class Candidate(ClientOnlyProjectPart):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="candidates"
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("候选服务方"),
        on_delete=models.PROTECT,
        related_name="candidacies",
        limit_choices_to={"kind": roles.PROVIDER},
    )
    price = models.DecimalField(_("报价（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("考察记录"), blank=True)
    # Snapshots taken when the candidates were last scored, so the record shows what the client saw.
    eligibility = models.JSONField(_("资格审查结果"), default=dict, blank=True)
    score = models.JSONField(_("评分明细"), default=dict, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("审查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("候选服务方")
        verbose_name_plural = _("候选服务方")
        ordering = ["project", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "provider"], name="candidate_unique")]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.provider.name}"

    @property
    def decision(self) -> str:
        return self.eligibility.get("decision", "")

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS.get(self.decision, gettext("未审查"))

    @property
    def total(self) -> float | None:
        return self.score.get("total")


class SelectionDecision(ClientOnlyProjectPart):
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="selection"
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("选定的服务方"),
        on_delete=models.PROTECT,
        related_name="selections_won",
        limit_choices_to={"kind": roles.PROVIDER},
    )
    reasons = models.TextField(_("选择理由"))
    market_research = models.BooleanField(_("开展了市场调研"), default=False)
    business_inspection = models.BooleanField(_("开展了业务考察"), default=False)
    comparative_selection = models.BooleanField(_("经综合比选择优选用"), default=False)
    examined = models.JSONField(_("已考察的事项"), default=list, blank=True)
    security_capability_reviewed = models.BooleanField(_("已审核信息安全保障能力"), default=False)
    qualifications_reviewed = models.BooleanField(_("已审核业务资质"), default=False)
    preference_note = models.TextField(_("未优先选用涉密资质服务方的理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        verbose_name = _("比选结果")
        verbose_name_plural = _("比选结果")

    def __str__(self) -> str:
        return f"{self.project.name}：选定{self.provider.name}"

    @property
    def examined_labels(self) -> list[str]:
        return [gettext(EXAMINATION_ITEMS.get(c, c)) for c in self.examined or []]
