"""Production tracking: the stages a project's units pass through (DA/T 31 for digitization, DA/T 22
for organizing, configurable per project), where each unit is, and every step reported."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangan.core.models import AuditedModel


class StageDefinition(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_definitions"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.CharField(_("代码"), max_length=30)
    name = models.CharField(_("环节"), max_length=50)
    is_inspection = models.BooleanField(_("自检环节（SX-4.2-a）"), default=False)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("生产环节")
        verbose_name_plural = _("生产环节")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="production_stage_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitStatus(models.TextChoices):
    PENDING = "pending", _("待加工")
    IN_PROGRESS = "in_progress", _("加工中")
    REWORK = "rework", _("返工")
    DONE = "done", _("已完成")


class UnitProgress(AuditedModel):
    """Where one unit stands in one project: ``stage`` is the next stage to be done."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="unit_progress"
    )
    unit = models.ForeignKey(
        "custody.ArchiveUnit", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="progress"
    )
    stage = models.ForeignKey(
        StageDefinition,
        verbose_name=_("当前环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.PENDING
    )
    rework_reason = models.CharField(_("返工原因"), max_length=300, blank=True)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("加工进度")
        verbose_name_plural = _("加工进度")
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="production_progress_unique")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.stage or self.get_status_display()}"


class StageResult(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("不通过（返工）")


class StageEvent(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_events"
    )
    unit = models.ForeignKey(
        "custody.ArchiveUnit", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="stage_events"
    )
    stage = models.ForeignKey(
        StageDefinition, verbose_name=_("环节"), on_delete=models.PROTECT, related_name="events"
    )
    operator = models.ForeignKey(
        "providers.StaffMember",
        verbose_name=_("作业人员"),
        on_delete=models.PROTECT,
        related_name="stage_events",
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"))
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=StageResult.choices, default=StageResult.PASS)
    rework_to_stage = models.ForeignKey(
        StageDefinition,
        verbose_name=_("返工至环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    client_reference = models.CharField(
        _("报送编号（幂等键）"), max_length=100, blank=True, help_text=_("生产软件为每次报送生成的唯一编号")
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("加工记录")
        verbose_name_plural = _("加工记录")
        ordering = ["-finished_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "client_reference"],
                condition=~Q(client_reference=""),
                name="production_event_idempotency",
            ),
        ]
        indexes = [models.Index(fields=["project", "finished_at"], name="production_event_day")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.stage}（{self.get_result_display()}）"
