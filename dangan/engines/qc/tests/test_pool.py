from __future__ import annotations

import os
import time

import pytest

from dangan.engines.qc import CheckOptions, run_check
from dangan.engines.qc.pool import Pool, WorkerError, acquire, close_idle, release

from .conftest import make_clean_delivery


def echo_pid(task):
    """Importable by name: workers start from a fork server. Slow enough that the second worker is up
    before the first has done everything."""
    time.sleep(0.01)
    return {"rel": task["rel"], "pid": os.getpid()}


def broken(task):
    if task["rel"] == "7":
        raise ValueError("a bug in the per-file code")
    return {"rel": task["rel"]}


def test_every_file_answered_once_and_both_workers_used():
    got = []
    with Pool(2, echo_pid) as pool:
        pool.run([{"rel": str(i)} for i in range(40)], got.append)
        assert pool.cpu_s > 0
    assert sorted(int(r["rel"]) for r in got) == list(range(40))
    assert len({r["pid"] for r in got}) == 2


def test_a_bug_in_a_worker_is_raised_not_swallowed():
    with pytest.raises(WorkerError, match="a bug in the per-file code"):
        with Pool(2, broken) as pool:
            pool.run([{"rel": str(i)} for i in range(12)], lambda r: None)


def test_same_findings_in_process_and_with_two_workers(tmp_path):
    root = make_clean_delivery(tmp_path / "d", items=2, pages=2)
    folder = sorted(p for p in root.iterdir() if p.is_dir())[0]
    # A repeated page after a gap: duplicate, gap and page-count findings to compare.
    (folder / "004.jpg").write_bytes((folder / "001.jpg").read_bytes())
    reports = [run_check(CheckOptions(root, workers=n, use_cache=False, thumbnails=False)) for n in (0, 2)]
    a, b = (r.to_dict()["findings"] for r in reports)
    assert {f["code"] for f in a} >= {"IMG_DUPLICATE", "SEQ_GAP", "PAGE_COUNT_MISMATCH"}
    assert a == b
    assert reports[0].summary["counts"] == reports[1].summary["counts"]


def test_idle_pool_is_reused_warm_unless_a_worker_died():
    close_idle()
    pool = acquire(2, echo_pid)
    pool.run([{"rel": str(i)} for i in range(6)], lambda r: None)
    release(pool)
    again = acquire(2, echo_pid)
    assert again is pool
    got = []
    again.run([{"rel": str(i)} for i in range(6)], got.append)
    assert {r["pid"] for r in got} <= {p.proc.pid for p in pool.procs}
    release(again)
    again.procs[0].proc.kill()
    again.procs[0].proc.join()
    fresh = acquire(2, echo_pid)
    assert fresh is not pool
    fresh.close()
    close_idle()
