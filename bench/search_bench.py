"""Full-text search latency over N pages of Chinese text (default 1,000,000), SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py [--pages 1000000] [--queries 100] [--backends sqlite,postgresql]

Each backend runs in its own process against a fresh database (a temporary SQLite file; on PostgreSQL a
database ``dangan_search_bench`` on postgresql://postgres@127.0.0.1:5432, dropped afterwards), migrated
with the real schema. Pages are generated from the document phrases of dangan.engines.ocr.synth in
random combinations (300–500 characters), 20 pages per 件, and loaded directly into the app's tables
(PageText, SearchDocument, the FTS table) in bulk. Queries are 2–6 character substrings of those
phrases, run through ``dangan.ocr.search.search`` exactly as the search page does (capped count, ranked
or recent-first page of 20, snippets) as a client manager (owner scope) and as a city regulator
(jurisdiction scope). Figures are medians and 95th percentiles within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DB = "dangan_search_bench"
PAGES_PER_UNIT = 20
CHUNK = 20_000


def vocabulary() -> list[str]:
    from dangan.engines.ocr import synth

    return [*synth.PHRASES, *synth.TOPICS, *synth.AGENCIES, *synth.SUBJECTS]


def pieces(vocab: list[str]) -> list[tuple[str, str]]:
    """Every phrase with each closing punctuation mark, and its index terms.

    A page is a sequence of such pieces; the punctuation ends each CJK run, so the terms of a page
    are the terms of its pieces joined (computed once here instead of a million times).
    """
    from dangan.ocr.indexing import index_terms

    return [(phrase + p, index_terms(phrase + p)) for phrase in vocab for p in "，。；"]


def page_text(rng: random.Random, table: list[tuple[str, str]]) -> tuple[str, str]:
    target = rng.randint(300, 500)
    texts: list[str] = []
    terms: list[str] = []
    size = 0
    while size < target:
        text, term = table[rng.randrange(len(table))]
        texts.append(text)
        terms.append(term)
        size += len(text)
    return "".join(texts), " ".join(terms)


def queries(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    out = []
    while len(out) < n:
        phrase = rng.choice(vocab)
        # One unbroken run of Chinese characters: words across punctuation do not occur as written.
        cjk = max(re.findall("[\u4e00-\u9fff]+", phrase), key=len)
        length = rng.randint(2, 6)
        if len(cjk) < length:
            continue
        start = rng.randrange(0, len(cjk) - length + 1)
        out.append(cjk[start : start + length])
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


# --- worker: one backend, inside Django ------------------------------------------------------


def worker(pages: int, n_queries: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangan.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dangan.accounts import roles
    from dangan.core.testing import make_org, make_user
    from dangan.custody.models import ArchiveUnit
    from dangan.ocr import indexing
    from dangan.ocr.search import search

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - t0

    city = make_org(roles.REGULATOR, "140100", name="基准市档案局")
    client = make_org(roles.CLIENT, "140100", name="基准委托方")
    other = make_org(roles.CLIENT, "410100", name="基准外省委托方")
    manager = make_user(client, roles.CLIENT_MANAGER, username="bench_manager")
    officer = make_user(city, roles.REGULATOR_OFFICER, username="bench_officer")

    rng = random.Random(20240601)
    vocab = vocabulary()
    n_units = max(1, pages // PAGES_PER_UNIT)
    t0 = time.perf_counter()
    units = [
        ArchiveUnit(
            owner=client if i % 10 else other,  # a tenth belongs to a client outside the jurisdiction
            archive_no=f"Z{i // 10000:03d}-WS·{2000 + i % 20}-Y-BGS-{i % 10000:04d}",
            title=rng.choice(vocab),
            responsible=rng.choice(vocab[-10:]),
            pages=PAGES_PER_UNIT,
        )
        for i in range(n_units)
    ]
    ArchiveUnit.objects.bulk_create(units, batch_size=2000)
    unit_ids = list(ArchiveUnit.objects.order_by("pk").values_list("pk", flat=True))
    indexing.ensure_catalog_indexed()
    timings["catalog_s"] = time.perf_counter() - t0

    vendor = connection.vendor
    table = pieces(vocab)
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ocr_searchdocument")
        next_doc = cur.fetchone()[0] + 1
    t0 = time.perf_counter()
    gen_s = 0.0
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS ocr_fts_tsv")  # built once after the load
            cur.execute("CREATE TEMP TABLE fts_stage (doc_id bigint, terms text)")
    done = 0
    while done < pages:
        n = min(CHUNK, pages - done)
        g0 = time.perf_counter()
        rows = []
        terms = []
        for k in range(done, done + n):
            text, term = page_text(rng, table)
            rows.append((unit_ids[k // PAGES_PER_UNIT], k % PAGES_PER_UNIT + 1, text, next_doc + k))
            terms.append((next_doc + k, term))
        gen_s += time.perf_counter() - g0
        if vendor == "sqlite":
            with transaction.atomic(), connection.cursor() as cur:
                cur.executemany(
                    "INSERT INTO ocr_pagetext (unit_id, page, text, confidence, engine, source_file, "
                    "created_at, updated_at) VALUES (%s, %s, %s, 0.95, 'bench', '', %s, %s)",
                    [(u, p, t, now, now) for u, p, t, _d in rows],
                )
                cur.executemany(
                    "INSERT INTO ocr_searchdocument (id, unit_id, page) VALUES (%s, %s, %s)",
                    [(d, u, p) for u, p, _t, d in rows],
                )
                cur.executemany("INSERT INTO ocr_fts(rowid, terms) VALUES (%s, %s)", terms)
        else:
            raw = connection.connection
            with raw.cursor() as cur:
                with cur.copy(
                    "COPY ocr_pagetext (unit_id, page, text, confidence, engine, source_file, created_at, "
                    "updated_at) FROM STDIN"
                ) as copy:
                    for u, p, t, _d in rows:
                        copy.write_row((u, p, t, 0.95, "bench", "", now, now))
                with cur.copy("COPY ocr_searchdocument (id, unit_id, page) FROM STDIN") as copy:
                    for u, p, _t, d in rows:
                        copy.write_row((d, u, p))
                with cur.copy("COPY fts_stage (doc_id, terms) FROM STDIN") as copy:
                    for row in terms:
                        copy.write_row(row)
        done += n
        print(
            f"  {vendor}: {done:,} pages loaded ({time.perf_counter() - t0:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
    if vendor == "postgresql":
        with connection.cursor() as cur:
            f0 = time.perf_counter()
            cur.execute(
                "INSERT INTO ocr_fts (doc_id, tsv) SELECT doc_id, to_tsvector('simple', terms) FROM fts_stage"
            )
            cur.execute("DROP TABLE fts_stage")
            timings["tsvector_s"] = time.perf_counter() - f0
            f0 = time.perf_counter()
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("CREATE INDEX ocr_fts_tsv ON ocr_fts USING gin (tsv)")
            timings["gin_index_s"] = time.perf_counter() - f0
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('ocr_searchdocument', 'id'), MAX(id)) FROM ocr_searchdocument"
            )
            cur.execute("ANALYZE")
            cur.execute("SELECT pg_database_size(current_database())")
            timings["db_bytes"] = cur.fetchone()[0]
    else:
        with connection.cursor() as cur:
            f0 = time.perf_counter()
            cur.execute("INSERT INTO ocr_fts(ocr_fts) VALUES ('optimize')")
            timings["fts_optimize_s"] = time.perf_counter() - f0
            cur.execute("ANALYZE")
        timings["db_bytes"] = Path(connection.settings_dict["NAME"]).stat().st_size
    timings["generate_terms_s"] = gen_s
    timings["load_s"] = time.perf_counter() - t0

    qrng = random.Random(7)
    qs = queries(qrng, vocab, n_queries)
    out: dict = {"vendor": vendor, "pages": pages, "units": n_units, **timings}
    for label, user in (("client", manager), ("regulator", officer)):
        for q in qs[:5]:
            search(user, q)  # warm caches
        lat = []
        capped = empty = 0
        for q in qs:
            s0 = time.perf_counter()
            res = search(user, q, limit=20)
            lat.append((time.perf_counter() - s0) * 1000)
            capped += res.capped
            empty += not res.hits
        out[label] = {
            "median_ms": statistics.median(lat),
            "p95_ms": pct(lat, 0.95),
            "max_ms": max(lat),
            "capped_share": capped / len(qs),
            "empty": empty,
        }
    # Rare words: a phrase found in few pages, the ranked path.
    rare = "基准独有词语甲乙丙"
    from dangan.ocr.models import PageText

    last = PageText.objects.order_by("-id").first()
    last.text = last.text + rare
    last.save()
    lat = []
    for _ in range(20):
        s0 = time.perf_counter()
        res = search(manager, "独有词语")
        lat.append((time.perf_counter() - s0) * 1000)
    assert res.total >= 1
    out["rare"] = {"median_ms": statistics.median(lat), "p95_ms": pct(lat, 0.95)}
    return out


# --- orchestration -------------------------------------------------------------------------


def run_backend(backend: str, pages: int, n_queries: int) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DANGAN_TESTING="1")
    tmp = None
    if backend == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="dangan-search-bench-")
        env["DANGAN_DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    else:
        try:
            import psycopg

            admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
        except Exception as exc:  # not reachable: skip, say so
            print(f"PostgreSQL not reachable ({exc}); skipped", file=sys.stderr)
            return None
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin.execute(f"CREATE DATABASE {PG_DB}")
        env["DANGAN_DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", "--pages", str(pages), "--queries", str(n_queries)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        if tmp is not None:
            tmp.cleanup()
        else:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.pages, args.queries)))
        return 0
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(
        f"machine: {os.cpu_count()} cores, load {load:.1f}; {args.pages:,} pages, {args.queries} queries of 2-6 chars"
    )
    results = [r for b in args.backends.split(",") if (r := run_backend(b.strip(), args.pages, args.queries))]
    print()
    print(
        f"{'backend':<11}{'load':>9}{'size':>9}{'client med':>12}{'p95':>9}{'regulator med':>15}{'p95':>9}{'rare med':>10}{'capped':>8}"
    )
    for r in results:
        print(
            f"{r['vendor']:<11}{r['load_s'] + r['catalog_s']:>8.0f}s{r['db_bytes'] / 1e9:>8.1f}G"
            f"{r['client']['median_ms']:>10.1f}ms{r['client']['p95_ms']:>7.1f}ms"
            f"{r['regulator']['median_ms']:>13.1f}ms{r['regulator']['p95_ms']:>7.1f}ms"
            f"{r['rare']['median_ms']:>8.1f}ms{r['client']['capped_share']:>8.0%}"
        )
    print()
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
