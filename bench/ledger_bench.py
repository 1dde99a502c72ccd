"""Benchmark: verify a 1,000,000-entry audit ledger and print entries/s.

Builds a chain of realistic entries (the same fields the platform writes) in an exported JSON Lines
file, then times, within one run: the file read alone (the floor), and full verification from the
file — the `dangan ledger verify --file` path — for each hash algorithm available. Prints ratios
taken in this run, since the machine is shared and noisy.

    .venv/bin/python bench/ledger_bench.py [--entries 1000000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dangan.ledger import chain


def write_ledger(path: Path, n: int, algorithm: str) -> None:
    prev = chain.GENESIS_HASH
    with path.open("w", encoding="utf-8") as out:
        for seq in range(1, n + 1):
            entry = {
                "seq": seq,
                "timestamp": f"2026-11-21T08:{seq // 60 % 60:02d}:{seq % 60:02d}.{seq % 999999:06d}Z",
                "event": "update",
                "actor_id": seq % 50,
                "actor_name": f"user{seq % 50}",
                "organization_id": seq % 7,
                "organization_name": "某市档案馆",
                "organization_region": "140100",
                "object_type": "custody.archiveunit",
                "object_id": str(seq),
                "object_repr": f"Z109-WS·2011-Y-BGS-{seq:04d}",
                "before": {"status": "in_storage"},
                "after": {"status": "with_provider", "holder": "某某数字档案技术有限公司"},
                "ip_address": "10.1.2.3",
                "algorithm": algorithm,
                "prev_hash": prev,
            }
            entry["hash"] = prev = chain.compute_hash(entry)
            out.write(chain.dump_jsonl_line(entry) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.entries
    with tempfile.TemporaryDirectory() as tmp:
        for algorithm in sorted(chain.available_algorithms()):
            path = Path(tmp) / f"ledger-{algorithm}.jsonl"
            write_ledger(path, n, algorithm)
            start = time.perf_counter()
            parsed = sum(1 for _ in chain.read_jsonl(str(path)))
            floor = time.perf_counter() - start
            start = time.perf_counter()
            report = chain.verify_chain(chain.read_jsonl(str(path)))
            full = time.perf_counter() - start
            assert report.ok and report.checked == n == parsed
            print(
                f"{algorithm:>6}: verified {n:,} entries in {full:.1f} s = {n / full:,.0f} entries/s "
                f"(reading+parsing alone {n / floor:,.0f} entries/s; verify/parse time ratio {full / floor:.2f})"
            )


if __name__ == "__main__":
    main()
