"""The two full-text index implementations behind dangan.ocr.search, chosen by connection.vendor.

Both index the same tokens (``cjk_bigrams``: overlapping CJK character pairs, whole Latin words)
keyed by ``SearchDocument.id``, so a Chinese query without spaces matches inside words on either.

* SQLite (embedded default): an FTS5 virtual table ``ocr_fts(terms)`` whose rowid is the document id.
  SQLite 3.40 (Debian 12) has no ``contentless_delete``, so the table keeps its own copy of the terms,
  which lets a page be replaced or deleted by rowid.
* PostgreSQL: a table ``ocr_fts(doc_id, tsv)`` with ``to_tsvector('simple', terms)`` and a GIN index.

The tables are created by migration 0002 only on the matching database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext

from dangan.engines.ocr.textindex import fts5_match, pg_tsquery

TABLE = "ocr_fts"
DOCS = "ocr_searchdocument"


class SqliteBackend:
    vendor = "sqlite"

    create_sql = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(terms)",)
    drop_sql = (f"DROP TABLE IF EXISTS {TABLE}",)

    def write(self, cursor: Any, rows: Sequence[tuple[int, str]]) -> None:
        if not rows:
            return
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(doc_id,) for doc_id, _ in rows])
        cursor.executemany(f"INSERT INTO {TABLE}(rowid, terms) VALUES (%s, %s)", list(rows))

    def delete(self, cursor: Any, doc_ids: Sequence[int]) -> None:
        if doc_ids:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in doc_ids])

    def match(self, query: str) -> str:
        return fts5_match(query)

    def hits_sql(self, scope_sql: str, ranked: bool) -> str:
        """SQL selecting (doc id, unit id, page); parameters: match, *scope, limit, offset.

        CROSS JOIN keeps the FTS index as the outer loop: SQLite would otherwise probe the index
        once per permitted document.
        """
        order = "f.rank" if ranked else "f.rowid DESC"
        sql = (
            f"SELECT d.id, d.unit_id, d.page FROM {TABLE} f CROSS JOIN {DOCS} d "
            f"ON d.id = f.rowid WHERE {TABLE} MATCH %s AND d.unit_id IN ({scope_sql}) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        return sql

    def count_sql(self, scope_sql: str) -> str:
        """Hits counted up to a cap; parameters: match, *scope, cap."""
        return (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} f CROSS JOIN {DOCS} d ON d.id = f.rowid "
            f"WHERE {TABLE} MATCH %s AND d.unit_id IN ({scope_sql}) LIMIT %s)"
        )


class PostgresBackend:
    vendor = "postgresql"

    create_sql = (
        f"CREATE TABLE IF NOT EXISTS {TABLE} (doc_id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    )
    drop_sql = (f"DROP TABLE IF EXISTS {TABLE}",)

    def write(self, cursor: Any, rows: Sequence[tuple[int, str]]) -> None:
        if rows:
            cursor.executemany(
                f"INSERT INTO {TABLE}(doc_id, tsv) VALUES (%s, to_tsvector('simple', %s)) "
                "ON CONFLICT (doc_id) DO UPDATE SET tsv = EXCLUDED.tsv",
                list(rows),
            )

    def delete(self, cursor: Any, doc_ids: Sequence[int]) -> None:
        if doc_ids:
            cursor.execute(f"DELETE FROM {TABLE} WHERE doc_id = ANY(%s)", [list(doc_ids)])

    def match(self, query: str) -> str:
        return pg_tsquery(query)

    def hits_sql(self, scope_sql: str, ranked: bool) -> str:
        # The query comes first in FROM so that its one parameter precedes the scope parameters.
        order = "ts_rank(f.tsv, q.q) DESC, d.id" if ranked else "d.id DESC"
        return (
            f"SELECT d.id, d.unit_id, d.page FROM to_tsquery('simple', %s) AS q(q), {TABLE} f "
            f"JOIN {DOCS} d ON d.id = f.doc_id WHERE f.tsv @@ q.q AND d.unit_id IN ({scope_sql}) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )

    def count_sql(self, scope_sql: str) -> str:
        return (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM to_tsquery('simple', %s) AS q(q), {TABLE} f "
            f"JOIN {DOCS} d ON d.id = f.doc_id WHERE f.tsv @@ q.q AND d.unit_id IN ({scope_sql}) "
            "LIMIT %s) AS hits"
        )


BACKENDS = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}


class UnsupportedDatabase(RuntimeError):
    pass


def backend_for(connection: Any) -> SqliteBackend | PostgresBackend:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise UnsupportedDatabase(
            gettext("全文检索只支持 SQLite 和 PostgreSQL，当前数据库为 %(connection_vendor)s")
            % {"connection_vendor": connection.vendor}
        ) from None
