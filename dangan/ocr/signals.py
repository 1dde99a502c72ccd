"""Index maintenance on ORM saves and deletes (bulk writes are caught up by indexing.ensure_catalog_indexed)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dangan.custody.models import ArchiveUnit

from . import indexing
from .models import PageText, SearchDocument


@receiver(post_save, sender=ArchiveUnit, dispatch_uid="ocr_index_unit")
def index_unit(sender: Any, instance: ArchiveUnit, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_units([instance])


@receiver(post_save, sender=PageText, dispatch_uid="ocr_index_page")
def index_page(sender: Any, instance: PageText, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_pages([instance])


@receiver(post_delete, sender=PageText, dispatch_uid="ocr_unindex_page")
def unindex_page(sender: Any, instance: PageText, **kwargs: Any) -> None:
    SearchDocument.objects.filter(unit_id=instance.unit_id, page=instance.page).delete()


@receiver(post_delete, sender=SearchDocument, dispatch_uid="ocr_unindex_document")
def unindex_document(sender: Any, instance: SearchDocument, **kwargs: Any) -> None:
    indexing.remove_from_index([instance.pk])
