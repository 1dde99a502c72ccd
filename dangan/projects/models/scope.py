"""What is outsourced and where: the facts behind SX-3.1-c/d (archive groups), LAW-25 (sites),
SX-3.1-e (the client's responsible people) and SEC14-2.6 (operating rules)."""

from __future__ import annotations

from django.db import models

from dangan.engines.compliance.vocab import OPERATING_RULES, SITE_PURPOSES

from .base import ProjectPart

TRI_STATE_LABELS = {None: "未说明", True: "是", False: "否"}


class ArchiveGroup(ProjectPart):
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="archive_groups"
    )
    name = models.CharField("档案（批次/门类）", max_length=200)
    extent = models.CharField("数量", max_length=100, blank=True, help_text="如 3200卷、12万页")
    classified = models.BooleanField("涉密", null=True, blank=True)
    declassified = models.BooleanField("已进行解密处理", null=True, blank=True)
    in_national_archive_scope = models.BooleanField("列入国家综合档案馆收集范围", null=True, blank=True)

    class Meta:
        verbose_name = "外包档案"
        verbose_name_plural = "外包档案"
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name

    def label(self, field: str) -> str:
        return TRI_STATE_LABELS[getattr(self, field)]

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
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField("场所名称", max_length=200)
    purpose = models.CharField("用途", max_length=20, choices=list(SITE_PURPOSES.items()))
    address = models.CharField("地址", max_length=300, blank=True)
    in_prc = models.BooleanField("位于中华人民共和国境内", null=True, blank=True)
    export_approval = models.CharField("出境审批文件", max_length=200, blank=True)

    class Meta:
        verbose_name = "场所"
        verbose_name_plural = "场所"
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_prc_label(self) -> str:
        return TRI_STATE_LABELS[self.in_prc]

    def facts(self) -> dict:
        data: dict = {"name": self.name, "purpose": self.purpose, "address": self.address}
        if self.in_prc is not None:
            data["in_prc"] = self.in_prc
        if self.export_approval:
            data["export_approval"] = self.export_approval
        return data


class ResponsiblePerson(ProjectPart):
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="responsible_persons"
    )
    name = models.CharField("姓名", max_length=50)
    department = models.CharField("部门", max_length=100)
    duty = models.CharField("职责", max_length=300)

    class Meta:
        verbose_name = "具体负责人员"
        verbose_name_plural = "具体负责人员"
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.department}）"


class OperatingRule(ProjectPart):
    """One SEC14-2.6 operating rule the client has adopted for the project."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="operating_rules"
    )
    code = models.CharField("操作规程", max_length=30, choices=list(OPERATING_RULES.items()))
    document = models.CharField("制度文件名称/文号", max_length=200, blank=True)
    adopted_on = models.DateField("制定日期", null=True, blank=True)

    class Meta:
        verbose_name = "操作规程"
        verbose_name_plural = "操作规程"
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="operating_rule_unique")]

    def __str__(self) -> str:
        return self.get_code_display()
