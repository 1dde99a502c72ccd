"""Reconcile 1,000,000 archive units: where every unit is, in set-based SQL.

Creates the units in a temporary SQLite database (bulk inserts, signals bypassed), then times
``dangan.custody.services.reconcile`` for the whole platform and for one project, and the overdue
check. Prints seconds and units per second (ratios measured within this one run).

    .venv/bin/python bench/custody_reconcile_bench.py [--units 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="dangan-bench-")
    os.environ["DANGAN_DATA_DIR"] = tmp
    os.environ.pop("DANGAN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from dangan.accounts.models import Organization
    from dangan.custody import services
    from dangan.custody.models import ArchiveUnit, CustodyState
    from dangan.projects.models import Project

    client = Organization.objects.create(name="基准委托方", kind="client", client_kind="organ", region_code="140100")
    provider = Organization.objects.create(name="基准服务方", kind="provider", region_code="140100")
    projects = [
        Project.objects.create(
            client=client,
            provider=provider,
            name=f"基准项目{i}",
            service_types=["digitization"],
            originals_due_on=date.today() + timedelta(days=30 if i % 5 else -1),
        )
        for i in range(args.projects)
    ]
    states = [
        (CustodyState.IN_STORAGE, client),
        (CustodyState.WITH_PROVIDER, provider),
        (CustodyState.RETURNED, client),
        (CustodyState.IN_TRANSIT, client),
        (CustodyState.WITH_PROVIDER, provider),
    ]
    t0 = time.perf_counter()
    chunk = 20_000
    with transaction.atomic():
        for start in range(0, args.units, chunk):
            rows = []
            for i in range(start, min(start + chunk, args.units)):
                state, holder = states[i % len(states)]
                project = projects[(i // len(states)) % len(projects)] if state != CustodyState.IN_STORAGE else None
                if i == 7:
                    state, holder = CustodyState.MISSING, provider
                rows.append(
                    ArchiveUnit(
                        owner=client,
                        archive_no=f"Z109-WS·{2000 + i % 20}-Y-BGS-{i:07d}",
                        title="基准",
                        custody_state=state,
                        holder=holder,
                        custody_project=project,
                    )
                )
            ArchiveUnit.objects.bulk_create(rows, batch_size=chunk)
    create_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    t1 = time.perf_counter()
    everything = services.reconcile()
    all_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    one = services.reconcile(projects[0])
    one_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    overdue = ArchiveUnit.objects.filter(services.overdue_filter(date.today())).count()
    overdue_s = time.perf_counter() - t3

    n = args.units
    print(f"units: {n:,} (SQLite {connection.Database.sqlite_version}, temporary database in {tmp})")
    print(f"bulk insert: {create_s:.1f} s ({n / create_s:,.0f} units/s)")
    print(f"reconcile whole platform: {all_s:.2f} s ({n / all_s:,.0f} units/s) -> {dict(everything.by_state)}")
    print(f"  outstanding {everything.outstanding:,}, overdue {everything.overdue:,}")
    print(f"reconcile one project ({one.total:,} units): {one_s:.2f} s")
    print(f"overdue check (set-based count): {overdue_s:.2f} s -> {overdue:,}")
    print(f"ratio reconcile/insert: {all_s / create_s:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
