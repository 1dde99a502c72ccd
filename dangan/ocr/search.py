"""One search interface over catalog records and recognised page text, on SQLite and PostgreSQL.

``search(user, query)`` returns only hits in units the user may see: the permitted unit ids
(``ArchiveUnit.objects.restrict(user)``) are a subquery inside the full-text query itself, so a
foreign hit is never fetched and the count is the user's own count.

Counting every hit of a common word over a million pages would cost more than the search, so hits
are counted up to ``COUNT_CAP``; above it the page shows "超过 N 条" and orders by recency instead
of relevance (ranking needs every hit scored).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from dangan.engines.ocr.textindex import highlight, query_terms

from .backends import backend_for
from .indexing import catalog_text, ensure_catalog_indexed

COUNT_CAP = 1000
MAX_QUERY_CHARS = 100
SNIPPET_CHARS = 80


@dataclass
class SearchHit:
    unit_id: int
    archive_no: str
    title: str
    owner: str
    page: int | None  # None: the hit is in the catalog record (档号, 题名, 责任者)
    snippet: SafeString
    title_html: SafeString
    url: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit_id,
            "archive_no": self.archive_no,
            "title": self.title,
            "owner": self.owner,
            "page": self.page,
            "snippet": str(self.snippet),
            "url": self.url,
        }


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more than COUNT_CAP hits; total is then COUNT_CAP
    limit: int = 20
    offset: int = 0

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def _fold(text: str) -> str:
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the first hit, HTML-escaped, with every query term in <mark>."""
    terms = query_terms(query)
    flat = " ".join(text.split())
    folded = _fold(flat)
    found = [pos for pos in (folded.find(t) for t in terms) if pos >= 0]
    anchor = min(found) if found else 0
    start = max(0, anchor - width // 3)
    end = min(len(flat), start + width)
    start = max(0, min(start, end - width))
    body = highlight(flat[start:end], " ".join(terms))
    return mark_safe(("…" if start else "") + body + ("…" if end < len(flat) else ""))


def _scope_sql(user: Any) -> tuple[str, tuple]:
    from dangan.custody.models import ArchiveUnit

    query = ArchiveUnit.objects.restrict(user).order_by().values("pk").query
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def search(user: Any, query: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    limit = max(1, min(int(limit), 100))
    offset = max(0, int(offset))
    results = SearchResults(query=query, limit=limit, offset=offset)
    backend = backend_for(connection)
    match = backend.match(query)
    if not match or not getattr(user, "is_authenticated", False):
        return results
    ensure_catalog_indexed()
    scope_sql, scope_params = _scope_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(backend.count_sql(scope_sql), [match, *scope_params, COUNT_CAP + 1])
        total = cursor.fetchone()[0]
        results.capped = total > COUNT_CAP
        results.total = min(total, COUNT_CAP)
        if offset >= results.total:
            return results
        cursor.execute(
            backend.hits_sql(scope_sql, ranked=not results.capped), [match, *scope_params, limit, offset]
        )
        rows = cursor.fetchall()
    results.hits = _hits(rows, query)
    return results


def _hits(rows: list[tuple[int, int, int]], query: str) -> list[SearchHit]:
    from dangan.custody.models import ArchiveUnit

    from .models import PageText, SearchDocument

    units = ArchiveUnit.objects.select_related("owner").in_bulk({unit_id for _, unit_id, _ in rows})
    wanted = {(u, p) for _, u, p in rows if p != SearchDocument.CATALOG_PAGE}
    texts: dict[tuple[int, int], str] = {}
    if wanted:
        for unit_id, page, text in PageText.objects.filter(
            unit_id__in={u for u, _ in wanted}, page__in={p for _, p in wanted}
        ).values_list("unit_id", "page", "text"):
            texts[(unit_id, page)] = text
    hits = []
    terms = " ".join(query_terms(query))
    for _doc_id, unit_id, page in rows:
        unit = units.get(unit_id)
        if unit is None:  # deleted between the two queries
            continue
        is_catalog = page == SearchDocument.CATALOG_PAGE
        text = catalog_text(unit) if is_catalog else texts.get((unit_id, page), "")
        url = reverse("ocr:unit_text", args=[unit_id])
        if not is_catalog:
            url += f"?{urlencode({'q': query})}#p{page}"
        hits.append(
            SearchHit(
                unit_id=unit_id,
                archive_no=unit.archive_no,
                title=unit.title,
                owner=unit.owner.name,
                page=None if is_catalog else page,
                snippet=snippet(text, query),
                title_html=mark_safe(highlight(unit.title, terms)),
                url=url,
            )
        )
    return hits
