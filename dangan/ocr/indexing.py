"""Keeping the full-text index in step with archive units' catalog records and recognised pages.

Saves and deletes through the ORM are followed by signals (signals.py). Catalog rows written with
``bulk_create`` (the custody catalog import) send no signals, so ``ensure_catalog_indexed`` adds any
unit without a catalog document; search calls it first, and it costs two counts when nothing is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from dangan.engines.ocr.textindex import cjk_bigrams

from .backends import backend_for
from .models import PageText, SearchDocument

CHUNK = 500


def index_terms(text: str) -> str:
    """The tokens stored for ``text``: ``cjk_bigrams``, which also indexes the last character of
    every CJK run, so a one-character query term ("第" in "第1号") is found wherever it stands."""
    return cjk_bigrams(text)


def catalog_text(unit) -> str:
    return " ".join(part for part in (unit.archive_no, unit.title, unit.responsible) if part)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _write(pairs: list[tuple[int, int, str]]) -> None:
    """Index (unit id, page, text) triples: one SearchDocument each, its terms in the vendor's index."""
    if not pairs:
        return
    backend = backend_for(connection)
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            [SearchDocument(unit_id=u, page=p) for u, p, _ in pairs], ignore_conflicts=True
        )
        wanted = {(u, p) for u, p, _ in pairs}
        ids: dict[tuple[int, int], int] = {}
        for unit_id, page, doc_id in SearchDocument.objects.filter(
            unit_id__in={u for u, _, _ in pairs}, page__in={p for _, p, _ in pairs}
        ).values_list("unit_id", "page", "id"):
            if (unit_id, page) in wanted:
                ids[(unit_id, page)] = doc_id
        rows = [(ids[(u, p)], index_terms(text)) for u, p, text in pairs]
        with connection.cursor() as cursor:
            backend.write(cursor, rows)


def index_units(units: Iterable) -> None:
    units = list(units)
    for chunk in _chunks(units):
        _write([(u.pk, SearchDocument.CATALOG_PAGE, catalog_text(u)) for u in chunk])


def index_pages(pages: Iterable[PageText]) -> None:
    pages = list(pages)
    for chunk in _chunks(pages):
        _write([(p.unit_id, p.page, p.text) for p in chunk])


def remove_from_index(doc_ids: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        backend_for(connection).delete(cursor, list(doc_ids))


def ensure_catalog_indexed() -> int:
    """Index the catalog record of every unit that has none yet; returns how many were added."""
    from dangan.custody.models import ArchiveUnit

    if ArchiveUnit.objects.count() == SearchDocument.objects.filter(page=SearchDocument.CATALOG_PAGE).count():
        return 0
    missing = ArchiveUnit.objects.filter(
        ~Exists(SearchDocument.objects.filter(unit=OuterRef("pk"), page=SearchDocument.CATALOG_PAGE))
    ).only("pk", "archive_no", "title", "responsible")
    added = 0
    batch: list = []
    for unit in missing.iterator(chunk_size=CHUNK):
        batch.append(unit)
        if len(batch) >= CHUNK:
            index_units(batch)
            added += len(batch)
            batch = []
    index_units(batch)
    return added + len(batch)


def rebuild() -> tuple[int, int]:
    """Re-index every catalog record and page (after a restore or a database move)."""
    from dangan.custody.models import ArchiveUnit

    units = pages = 0
    batch: list = []
    for unit in ArchiveUnit.objects.only("pk", "archive_no", "title", "responsible").iterator(
        chunk_size=CHUNK
    ):
        batch.append(unit)
        if len(batch) >= CHUNK:
            index_units(batch)
            units += len(batch)
            batch = []
    index_units(batch)
    units += len(batch)
    batch = []
    for page in PageText.objects.only("unit_id", "page", "text").iterator(chunk_size=CHUNK):
        batch.append(page)
        if len(batch) >= CHUNK:
            index_pages(batch)
            pages += len(batch)
            batch = []
    index_pages(batch)
    return units, pages + len(batch)
