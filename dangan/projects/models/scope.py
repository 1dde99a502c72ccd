"""What is outsourced and where: the facts behind SX-3.1-c/d (archive groups), LAW-25 (sites),
SX-3.1-e (the client's responsible people) and SEC14-2.6 (operating rules)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from dangan.core.engine_labels import lazy_choices
from dangan.engines.compliance.vocab import OPERATING_RULES, SITE_PURPOSES

from .base import ProjectPart

TRI_STATE_LABELS = {None: gettext_noop("未说明"), True: gettext_noop("是"), False: gettext_noop("否")}


class ArchiveGroup(ProjectPart):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="archive_groups"
    )
    name = models.CharField(_("档案（批次/门类）"), max_length=200)
    extent = models.CharField(_("数量"), max_length=100, blank=True, help_text=_("如 3200卷、12万页"))
    classified = models.BooleanField(_("涉密"), null=True, blank=True)
    declassified = models.BooleanField(_("已进行解密处理"), null=True, blank=True)
    in_national_archive_scope = models.BooleanField(_("列入国家综合档案馆收集范围"), null=True, blank=True)

    class Meta:
        verbose_name = _("外包档案")
        verbose_name_plural = _("外包档案")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name

    def label(self, field: str) -> str:
        return gettext(TRI_STATE_LABELS[getattr(self, field)])

    @property
    def classified_label(self) -> str:
        return self.label("classified")

    @property
    def declassified_label(self) -> str:
        return self.label("declassified")

    @property
    def national_scope_label(self) -> str:
        return self.label("in_national_archive_scope")

    def facts(self) -> dict:
        data: dict = {"name": self.name, "extent": self.extent}
        for key in ("classified", "declassified", "in_national_archive_scope"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


class Site(ProjectPart):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("场所名称"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=20, choices=lazy_choices(SITE_PURPOSES))
    address = models.CharField(_("地址"), max_length=300, blank=True)
    in_prc = models.BooleanField(_("位于中华人民共和国境内"), null=True, blank=True)
    export_approval = models.CharField(_("出境审批文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("场所")
        verbose_name_plural = _("场所")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_prc_label(self) -> str:
        return gettext(TRI_STATE_LABELS[self.in_prc])

    def facts(self) -> dict:
        data: dict = {"name": self.name, "purpose": self.purpose, "address": self.address}
        if self.in_prc is not None:
            data["in_prc"] = self.in_prc
        if self.export_approval:
            data["export_approval"] = self.export_approval
        return data


class ResponsiblePerson(ProjectPart):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.CASCADE,
        related_name="responsible_persons",
    )
    name = models.CharField(_("姓名"), max_length=50)
    department = models.CharField(_("部门"), max_length=100)
    duty = models.CharField(_("职责"), max_length=300)

    class Meta:
        verbose_name = _("具体负责人员")
        verbose_name_plural = _("具体负责人员")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.department}）"


class OperatingRule(ProjectPart):
    """One SEC14-2.6 operating rule the client has adopted for the project."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="operating_rules"
    )
    code = models.CharField(_("操作规程"), max_length=30, choices=lazy_choices(OPERATING_RULES))
    document = models.CharField(_("制度文件名称/文号"), max_length=200, blank=True)
    adopted_on = models.DateField(_("制定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("操作规程")
        verbose_name_plural = _("操作规程")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="operating_rule_unique")]

    def __str__(self) -> str:
        return self.get_code_display()
