"""Benchmark of `dangan qc check` against the decode floor (issue 5).

Generates 300 dpi A4 pages (colour JPEG, grey JPEG, bitonal TIFF G4), then measures, in one run and
interleaved over several rounds (the median is reported, so a noisy neighbour affects all measures
alike):

* decode floor: read each file and decode it fully with Pillow, nothing else, one process;
* full checks, 1 worker: ``run_check(workers=1, use_cache=False)`` (process pool of one);
* full checks, 2 workers: the same with ``workers=2``.

Targets: checks ≤ 1.5 × the floor per page; 2 workers ≥ 1.8 × as fast as 1.

    .venv/bin/python bench/qc_bench.py [--pages 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from dangan.engines.qc import CheckOptions, run_check
from dangan.engines.qc.tests import pages as P

KINDS = ("colour JPEG", "grey JPEG", "bitonal TIFF G4")


def make_page(kind: str, seed: int) -> tuple[str, bytes]:
    page = P.text_page(seed, size_mm=(210.0, 297.0))
    if kind == "colour JPEG":
        tint = Image.merge(
            "RGB", (page, page.point(lambda v: int(v * 0.97)), page.point(lambda v: int(v * 0.9)))
        )
        return "jpg", P.encode(tint, "JPEG", quality=85)
    if kind == "grey JPEG":
        return "jpg", P.encode(page, "JPEG", quality=85)
    return "tif", P.encode(page.point(lambda v: 255 if v > 128 else 0).convert("1"), "TIFF")


def build(root: Path, pages: int, unique: int = 8) -> dict[str, Path]:
    """``pages`` files per kind; ``unique`` distinct pages are generated and repeated (generation is slow,
    and the checks run without the cache, so repeated content costs the same as new content)."""
    out = {}
    for k, kind in enumerate(KINDS):
        base = root / f"kind{k}"
        made = [make_page(kind, 1000 * k + i) for i in range(min(unique, pages))]
        for i in range(pages):
            folder = base / f"Z109-WS·2011-Y-BGS-{i // 10 + 1:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            ext, data = made[i % len(made)]
            (folder / f"{i % 10 + 1:03d}.{ext}").write_bytes(data)
        out[kind] = base
    return out


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the QC worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def decode_floor(base: Path) -> tuple[float, float]:
    files = sorted(p for p in base.rglob("*") if p.is_file())
    t, c = time.perf_counter(), _cpu()
    for p in files:
        with Image.open(io.BytesIO(p.read_bytes())) as im:
            im.load()
    return (time.perf_counter() - t) / len(files), (_cpu() - c) / len(files)


def check(base: Path, workers: int) -> tuple[float, float]:
    t, c = time.perf_counter(), _cpu()
    report = run_check(CheckOptions(base, workers=workers, use_cache=False, thumbnails=False))
    pages = report.summary["counts"]["pages"]
    return (time.perf_counter() - t) / pages, (_cpu() - c) / pages


def _burn(n: int) -> int:
    import hashlib

    block = b"x" * 1_000_000
    for _ in range(n):
        hashlib.sha256(block).digest()
    return n


def machine_speedup(tasks: int = 24, n: int = 40) -> float:
    """Control: how much faster 2 processes run a pure-CPU job than 1 on this machine right now.

    On a shared machine other jobs take cores; the QC speed-up is only meaningful next to this.
    """
    from concurrent.futures import ProcessPoolExecutor

    times = []
    for workers in (1, 2):
        t = time.perf_counter()
        with ProcessPoolExecutor(workers) as ex:
            list(ex.map(_burn, [n] * tasks))
        times.append(time.perf_counter() - t)
    return times[0] / times[1]


def main() -> int:
    # Same allocator setting as the QC workers, so the floor is not penalised by page faults.
    Image.core.set_blocks_max(8)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60, help="pages per kind")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="qcbench-"))
    try:
        t = time.perf_counter()
        dirs = build(root, args.pages)
        print(
            f"generated {args.pages} A4 300 dpi pages per kind in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
        wall: dict[str, dict[str, list[float]]] = {m: {k: [] for k in KINDS} for m in ("floor", "one", "two")}
        cpu: dict[str, dict[str, list[float]]] = {m: {k: [] for k in KINDS} for m in ("floor", "one", "two")}
        control: list[float] = []
        for _ in range(args.rounds):
            control.append(machine_speedup())
            for kind in KINDS:
                for m, fn in (
                    ("floor", lambda d: decode_floor(d)),
                    ("one", lambda d: check(d, 1)),
                    ("two", lambda d: check(d, 2)),
                ):
                    w, c = fn(dirs[kind])
                    wall[m][kind].append(w)
                    cpu[m][kind].append(c)

        def med(table: dict[str, dict[str, list[float]]], m: str, kind: str | None = None) -> float:
            if kind:
                return statistics.median(table[m][kind])
            return statistics.median(
                sum(table[m][k][r] for k in KINDS) / len(KINDS) for r in range(args.rounds)
            )

        print(
            "Per page, median of rounds. cpu = CPU time of all processes (robust to other load); wall = elapsed."
        )
        print(
            f"{'kind':18s} {'floor cpu':>9s} {'check cpu':>9s} {'cpu ratio':>9s} | {'floor wall':>10s} "
            f"{'1w wall':>8s} {'wall ratio':>10s} {'2w wall':>8s} {'2w speed-up':>11s}"
        )
        for kind in [*KINDS, None]:
            fc, cc = med(cpu, "floor", kind), med(cpu, "one", kind)
            fw, w1, w2 = med(wall, "floor", kind), med(wall, "one", kind), med(wall, "two", kind)
            print(
                f"{kind or 'all (mean)':18s} {fc * 1e3:9.1f} {cc * 1e3:9.1f} {cc / fc:9.2f} | {fw * 1e3:10.1f} "
                f"{w1 * 1e3:8.1f} {w1 / fw:10.2f} {w2 * 1e3:8.1f} {w1 / w2:11.2f}"
            )
        ctl = statistics.median(control)
        speed = med(wall, "one") / med(wall, "two")
        print(
            f"control: a pure-CPU job runs {ctl:.2f}× as fast on 2 processes as on 1 on this machine now; "
            f"QC 2-worker speed-up {speed:.2f}× = {speed / ctl:.0%} of that"
        )
        print("targets: cpu ratio ≤ 1.50; 2-worker speed-up ≥ 1.80 (needs an otherwise idle 2-core machine)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
