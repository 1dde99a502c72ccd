"""django-tables2 tables of the OCR pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dangan.accounts.tables import TABLE_ATTRS, TABLE_TEMPLATE

from .models import JobStatus, OcrJob

STATUS_BADGES = {
    JobStatus.QUEUED: "text-bg-secondary",
    JobStatus.RUNNING: "text-bg-info",
    JobStatus.DONE: "text-bg-success",
    JobStatus.FAILED: "text-bg-danger",
}


def status_badge(job: OcrJob) -> str:
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_BADGES.get(job.status, "text-bg-light"),
        job.status,
        job.get_status_display(),
    )


class OcrJobTable(tables.Table):
    id = tables.Column(linkify=True, verbose_name=_("任务"))
    project = tables.Column(verbose_name=_("项目"), accessor="project__name")
    status = tables.Column(verbose_name=_("状态"))
    pages_total = tables.Column(verbose_name=_("总页数"))
    pages_done = tables.Column(verbose_name=_("已识别"))
    pages_failed = tables.Column(verbose_name=_("失败"))
    created_by = tables.Column(verbose_name=_("发起人"), accessor="created_by__username", default="—")
    created_at = tables.DateTimeColumn(verbose_name=_("发起时间"), format="Y-m-d H:i")

    class Meta:
        model = OcrJob
        fields = [
            "id",
            "project",
            "status",
            "pages_total",
            "pages_done",
            "pages_failed",
            "created_by",
            "created_at",
        ]
        template_name = TABLE_TEMPLATE
        attrs = TABLE_ATTRS

    def render_id(self, value: int) -> str:
        return f"#{value}"

    def render_status(self, record: OcrJob) -> str:
        return status_badge(record)
