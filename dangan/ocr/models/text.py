"""Recognised text per page of an archive unit, and the rows the full-text index is keyed on."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangan.core.scoping import VIEW, ScopedModel


class PageText(ScopedModel):
    """The text of one page of one 件/卷. Written by OCR jobs only (one ledger entry per job, not per page)."""

    unit = models.ForeignKey(
        "custody.ArchiveUnit", verbose_name=_("档案"), on_delete=models.CASCADE, related_name="page_texts"
    )
    page = models.PositiveIntegerField(_("页号"))
    text = models.TextField(_("识别文本"), blank=True)
    confidence = models.FloatField(_("平均置信度"), default=0.0)
    engine = models.CharField(_("识别引擎"), max_length=200, blank=True)
    job = models.ForeignKey(
        "ocr.OcrJob",
        verbose_name=_("任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pages",
    )
    source_file = models.CharField(_("来源文件"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("页面文本")
        verbose_name_plural = _("页面文本")
        ordering = ["unit", "page"]
        constraints = [models.UniqueConstraint(fields=["unit", "page"], name="ocr_pagetext_unique_page")]

    def __str__(self) -> str:
        return f"{self.unit_id}#{self.page}"

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        # Exactly the units the user may see: the owner, the providers of projects holding the unit,
        # regulators of the owner's region.
        from dangan.custody.models import ArchiveUnit

        return Q(unit_id__in=ArchiveUnit.objects.filter(ArchiveUnit.scope_q(user, action)).values("pk"))


class SearchDocument(models.Model):
    """One searchable document: a unit's catalog record (page 0) or one page of recognised text.

    The database-specific index (SQLite FTS5 table / PostgreSQL tsvector table) is keyed by this
    row's id; see dangan.ocr.backends. Not reached by users directly: dangan.ocr.search applies scope.
    """

    CATALOG_PAGE = 0

    unit = models.ForeignKey(
        "custody.ArchiveUnit", on_delete=models.CASCADE, related_name="search_documents", db_index=False
    )
    page = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "page"], name="ocr_searchdoc_unique_page")]
        indexes = [models.Index(fields=["page", "unit"], name="ocr_searchdoc_page_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}#{self.page}"
