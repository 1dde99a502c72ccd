"""OCR jobs: one run of the recogniser over a delivery folder of a project, and the pages it could not read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangan.core.models import AuditedModel
from dangan.core.scoping import ScopedModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("识别中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
ACTIVE_STATUSES_Q = models.Q(status__in=ACTIVE_STATUSES)


class OcrJob(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="ocr_jobs"
    )
    delivery_path = models.CharField(_("交付目录"), max_length=1000)
    engine = models.CharField(_("识别引擎"), max_length=200, default="rapidocr")
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    pages_total = models.PositiveIntegerField(_("总页数"), default=0)
    pages_done = models.PositiveIntegerField(_("已识别"), default=0)
    pages_failed = models.PositiveIntegerField(_("失败"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ("project__client", "project__provider")
    # Progress counters change on every page (QuerySet.update); the ledger records the start and the
    # final counts instead (services.run_job).
    ledger_excluded_fields = ("created_at", "updated_at", "pages_done", "pages_failed", "pages_total")

    class Meta:
        verbose_name = _("全文识别任务")
        verbose_name_plural = _("全文识别任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project}：识别任务 #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ocr:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        if not self.pages_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * (self.pages_done + self.pages_failed) / self.pages_total))


class PageFailure(ScopedModel):
    """A page (or a whole file, page 0) the job could not turn into text; the rest of the job goes on."""

    job = models.ForeignKey(OcrJob, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="failures")
    file = models.CharField(_("文件"), max_length=1000)
    page = models.PositiveIntegerField(_("页号"), default=0, help_text=_("0 表示整个文件"))
    reason = models.TextField(_("原因"))
    rule = models.CharField(_("规则"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope_paths = ("job__project__client", "job__project__provider")

    class Meta:
        verbose_name = _("识别失败页")
        verbose_name_plural = _("识别失败页")
        ordering = ["file", "page"]
        constraints = [
            models.UniqueConstraint(fields=["job", "file", "page"], name="ocr_failure_unique_page"),
        ]

    def __str__(self) -> str:
        return f"{self.file}#{self.page}" if self.page else self.file
