"""Benchmark of `dangan qc check` against the decode floor (issue 5).

Generates 300 dpi A4 pages (colour JPEG, grey JPEG, bitonal TIFF G4), then measures, in one run and
interleaved over several rounds (the median is reported, so a noisy neighbour affects all measures
alike):

* decode floor: read each file and decode it fully with Pillow, nothing else, one process;
* full checks, 1 worker: ``run_check(workers=1, use_cache=False)`` (process pool of one);
* full checks, 2 workers: the same with ``workers=2``.

Targets: checks ≤ 1.5 × the floor per page; 2 workers ≥ 1.8 × as fast as 1.

    .venv/bin/python bench/qc_bench.py [--pages 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
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


def build(root: Path, pages: int) -> dict[str, Path]:
    out = {}
    for k, kind in enumerate(KINDS):
        base = root / f"kind{k}"
        for i in range(pages):
            folder = base / f"Z109-WS·2011-Y-BGS-{i // 10 + 1:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            ext, data = make_page(kind, 1000 * k + i)
            (folder / f"{i % 10 + 1:03d}.{ext}").write_bytes(data)
        out[kind] = base
    return out


def decode_floor(base: Path) -> float:
    files = sorted(p for p in base.rglob("*") if p.is_file())
    t = time.perf_counter()
    for p in files:
        with Image.open(io.BytesIO(p.read_bytes())) as im:
            im.load()
    return (time.perf_counter() - t) / len(files)


def check(base: Path, workers: int) -> float:
    t = time.perf_counter()
    report = run_check(CheckOptions(base, workers=workers, use_cache=False, thumbnails=False))
    elapsed = time.perf_counter() - t
    return elapsed / report.summary["counts"]["pages"]


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
    ap.add_argument("--pages", type=int, default=30, help="pages per kind")
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
        floor: dict[str, list[float]] = {k: [] for k in KINDS}
        one: dict[str, list[float]] = {k: [] for k in KINDS}
        two: dict[str, list[float]] = {k: [] for k in KINDS}
        control: list[float] = []
        for _ in range(args.rounds):
            control.append(machine_speedup())
            for kind in KINDS:
                floor[kind].append(decode_floor(dirs[kind]))
                one[kind].append(check(dirs[kind], 1))
                two[kind].append(check(dirs[kind], 2))
        print(
            f"{'kind':18s} {'floor ms/p':>10s} {'check 1w ms/p':>14s} {'ratio':>6s} {'check 2w ms/p':>14s} "
            f"{'2w speed-up':>11s}"
        )
        for kind in KINDS:
            f, c1, c2 = (statistics.median(v[kind]) for v in (floor, one, two))
            print(
                f"{kind:18s} {f * 1000:10.1f} {c1 * 1000:14.1f} {c1 / f:6.2f} {c2 * 1000:14.1f} {c1 / c2:11.2f}"
            )
        f_all = statistics.median(sum(floor[k][r] for k in KINDS) for r in range(args.rounds))
        c1_all = statistics.median(sum(one[k][r] for k in KINDS) for r in range(args.rounds))
        c2_all = statistics.median(sum(two[k][r] for k in KINDS) for r in range(args.rounds))
        print(
            f"{'all (mean/page)':18s} {f_all / 3 * 1000:10.1f} {c1_all / 3 * 1000:14.1f} {c1_all / f_all:6.2f} "
            f"{c2_all / 3 * 1000:14.1f} {c1_all / c2_all:11.2f}"
        )
        ctl = statistics.median(control)
        print(
            f"control: a pure-CPU job runs {ctl:.2f}× as fast on 2 processes as on 1 on this machine now; "
            f"QC 2-worker scaling efficiency {c1_all / c2_all / ctl:.0%} of that"
        )
        print("targets: ratio ≤ 1.50, 2-worker speed-up ≥ 1.80 (on an otherwise idle 2-core machine)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
