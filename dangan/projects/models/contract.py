"""合同 (SX-3.2, LAW-24) and the 安全保密协议 (SEC14-2.5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangan.core.engine_labels import lazy_choices
from dangan.engines.compliance.vocab import CONTRACT_CLAUSES

from .base import ProjectPart


class Contract(ProjectPart):
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="contract"
    )
    number = models.CharField(_("合同编号"), max_length=100)
    written = models.BooleanField(_("书面合同"), default=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    term_start = models.DateField(_("服务期限起"), null=True, blank=True)
    term_end = models.DateField(_("服务期限止"), null=True, blank=True)
    amount = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    file = models.FileField(_("合同文本"), upload_to="projects/contracts/", blank=True)
    security_agreement_signed = models.BooleanField(_("已签订安全保密协议"), default=False)
    security_agreement_signed_on = models.DateField(_("保密协议签订日期"), null=True, blank=True)
    security_agreement_file = models.FileField(_("安全保密协议"), upload_to="projects/security/", blank=True)
    staff_security_education = models.BooleanField(_("已对服务方人员进行安全保密教育"), default=False)
    staff_security_education_on = models.DateField(_("安全保密教育日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("委托合同")
        verbose_name_plural = _("委托合同")

    def __str__(self) -> str:
        return f"{self.project.name}：合同{self.number}"

    def clause_codes(self) -> list[str]:
        return [c.code for c in self.clauses.all() if c.location.strip()]


class ContractClause(ProjectPart):
    """Where in the contract one required element is found (article/page); absent row = not agreed."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("合同"), on_delete=models.CASCADE, related_name="clauses"
    )
    code = models.CharField(_("条款"), max_length=30, choices=lazy_choices(CONTRACT_CLAUSES))
    location = models.CharField(_("所在条款/页码"), max_length=200)

    scope_paths = ("contract__project__client", "contract__project__provider")

    class Meta:
        verbose_name = _("合同条款位置")
        verbose_name_plural = _("合同条款位置")
        ordering = ["contract", "pk"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="contract_clause_unique")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}：{self.location}"

    @classmethod
    def scope_q(cls, user, action="view"):
        from django.db.models import Q

        from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization

        if action == VIEW:
            return organization_q(cls.scope_paths, user)
        org = user_organization(user)
        return Q(contract__project__client=org) if org is not None and org.is_client else NOTHING
