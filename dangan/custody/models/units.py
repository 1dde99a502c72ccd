"""Archive units (卷 and 件) kept by a client, and their membership in outsourcing projects.

Where a unit is and who holds it (``custody_state``, ``holder``, ``custody_project``) is denormalized
on the unit so that reconciliation is one aggregate query; only ``dangan.custody.services`` writes it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.core.models import AuditedModel
from dangan.core.scoping import CHANGE, organization_q, user_organization

# 国家秘密的三个密级 (保守国家秘密法): a 密级 field naming none of them (公开、内部、无…) is not classified.
SECRET_LEVELS = ("绝密", "机密", "秘密")


class UnitLevel(models.TextChoices):
    VOLUME = "volume", _("卷")
    ITEM = "item", _("件")


class CustodyState(models.TextChoices):
    IN_STORAGE = "in_storage", _("在库")
    IN_TRANSIT = "in_transit", _("交接途中")
    WITH_PROVIDER = "with_provider", _("服务方保管")
    RETURNED = "returned", _("已归还入库")
    MISSING = "missing", _("下落不明")


# States in which the client does not have the unit back: a project cannot close while one remains.
OUTSTANDING_STATES = (CustodyState.IN_TRANSIT, CustodyState.WITH_PROVIDER, CustodyState.MISSING)
AT_HOME_STATES = (CustodyState.IN_STORAGE, CustodyState.RETURNED)


def is_classified_text(classification: str) -> bool:
    return any(level in (classification or "") for level in SECRET_LEVELS)


class ArchiveUnit(AuditedModel):
    owner = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="archive_units",
        limit_choices_to={"kind": roles.CLIENT},
    )
    level = models.CharField(_("整理单位"), max_length=10, choices=UnitLevel.choices, default=UnitLevel.ITEM)
    archive_no = models.CharField(_("档号"), max_length=100)
    archive_no_scheme = models.CharField(_("档号规则"), max_length=50, blank=True)
    fonds_no = models.CharField(_("全宗号"), max_length=20, blank=True)
    category = models.CharField(_("门类代码"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    retention = models.CharField(_("保管期限"), max_length=10, blank=True)
    org_code = models.CharField(_("机构（问题）"), max_length=30, blank=True)
    volume_no = models.CharField(_("案卷号"), max_length=10, blank=True)
    item_no = models.CharField(_("件号"), max_length=10, blank=True)
    title = models.CharField(_("题名"), max_length=500)
    responsible = models.CharField(_("责任者"), max_length=200, blank=True)
    date = models.CharField(_("日期"), max_length=8, blank=True, help_text="YYYYMMDD")
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    classification = models.CharField(_("密级"), max_length=30, blank=True)
    declassified = models.BooleanField(_("已解密"), default=False)
    repository = models.CharField(_("库房"), max_length=50, blank=True)
    row = models.CharField(_("排"), max_length=10, blank=True)
    column = models.CharField(_("列"), max_length=10, blank=True)
    section = models.CharField(_("节"), max_length=10, blank=True)
    shelf = models.CharField(_("层"), max_length=10, blank=True)
    box_no = models.CharField(_("盒号"), max_length=30, blank=True)
    custody_state = models.CharField(
        _("保管状态"), max_length=20, choices=CustodyState.choices, default=CustodyState.IN_STORAGE
    )
    holder = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("当前保管单位"),
        on_delete=models.PROTECT,
        related_name="held_units",
        null=True,
        blank=True,
    )
    custody_project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("所在外包项目"),
        on_delete=models.PROTECT,
        related_name="units_in_custody",
        null=True,
        blank=True,
    )
    custody_since = models.DateTimeField(_("状态起始时间"), null=True, blank=True)

    scope_paths = ("owner",)

    class Meta:
        verbose_name = _("档案")
        verbose_name_plural = _("档案")
        ordering = ["archive_no"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "archive_no"], name="custody_unit_unique_archive_no"),
        ]
        indexes = [
            models.Index(fields=["custody_project", "custody_state"], name="custody_unit_project_state"),
            models.Index(fields=["custody_state", "holder"], name="custody_unit_state_holder"),
        ]

    def __str__(self) -> str:
        return self.archive_no

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("custody:unit_detail", args=[self.pk])

    @property
    def is_classified(self) -> bool:
        """SX-3.1-c: a 密级 is set and the unit has not been declassified."""
        return is_classified_text(self.classification) and not self.declassified

    @property
    def location(self) -> str:
        parts = [
            (self.repository, ""),
            (self.row, "排"),
            (self.column, "列"),
            (self.section, "节"),
            (self.shelf, "层"),
        ]
        text = "".join(f"{v}{suffix}" for v, suffix in parts if v)
        if self.box_no:
            text = f"{text} 盒{self.box_no}".strip()
        return text

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        """The owner manages its units; the provider of a project sees the units in it (read only)."""
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is None or action == CHANGE:
            return q
        if org.is_provider:
            q |= Q(pk__in=ProjectUnit.objects.filter(project__provider=org).values("unit_id"))
        return q


class ProjectUnit(AuditedModel):
    """A unit taken into an outsourcing project (SX-3.1-c is checked when it is added)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="project_units"
    )
    unit = models.ForeignKey(
        ArchiveUnit, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="project_units"
    )

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("项目档案")
        verbose_name_plural = _("项目档案")
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="custody_project_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project}：{self.unit}"
