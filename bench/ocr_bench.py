"""OCR benchmark: CER and pages/s of RapidOCR (tuned and stock) and Tesseract in one run.

Generates A4 government-document pages at 300 dpi with ground truth (clean and
scanned-like: 0.5–1.5° skew, blur, noise, JPEG), then recognises them with each engine
through the same batch runner the CLI uses. Figures within one run are comparable;
absolute pages/s depend on what else the machine is doing (the load average is printed
before and after).

Two throughput figures per engine: "e2e" is pages / wall time of the whole batch, worker
start-up and model loading included; "steady" leaves out each worker's first page
(start-up, loading, warm-up) and is pages / time between later completions, i.e. what
a long batch approaches. "CPU s/p" is the mean CPU time one page costs in its worker
(decoding and recognition, Tesseract's own process included); it varies less with what
else the machine runs than the wall-clock figures (contention still inflated it by 10-30 %
in our runs), so "cores / CPU s/p" estimates what the batch would reach on idle cores if it
scaled perfectly (labelled a projection).

    .venv/bin/python bench/ocr_bench.py [--pages 10] [--workers 2] [--compare-workers 1] [--rounds 2]
                                        [--no-stock] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dangan.engines.ocr.cer import CerResult, cer_counts
from dangan.engines.ocr.runner import run_batch
from dangan.engines.ocr.synth import render_document_page
from dangan.engines.ocr.tess import tesseract_status


def generate(folder: Path, count: int) -> dict[str, list[tuple[Path, str]]]:
    sets: dict[str, list[tuple[Path, str]]] = {"clean": [], "scanned": []}
    for i in range(count):
        for kind in sets:
            page = render_document_page(seed=1000 + i, dpi=300, scanned=(kind == "scanned"))
            path = folder / kind / f"{kind}-{i:02d}.{'jpg' if kind == 'scanned' else 'png'}"
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "scanned":
                page.image.save(path, quality=90, dpi=(300, 300))
            else:
                page.image.save(path, dpi=(300, 300), compress_level=1)
            sets[kind].append((path, page.truth))
    return sets


def score(texts: dict[Path, str], pages: list[tuple[Path, str]]) -> tuple[CerResult, CerResult]:
    plain, folded = CerResult(0, 0), CerResult(0, 0)
    for path, truth in pages:
        hyp = texts.get(path, "")
        plain += cer_counts(hyp, truth)
        folded += cer_counts(hyp, truth, fold_punct=True)
    return plain, folded


class CpuTimed:
    """An engine wrapper (loaded in the workers by spec) that reports CPU instead of wall time."""

    def __init__(self, inner: str = "rapidocr", **options: object) -> None:
        from dangan.engines.ocr.engines import make_engine

        self.engine = make_engine(inner, **options)
        self.name = self.engine.name

    def describe(self) -> str:
        return self.engine.describe()

    def recognize(self, page):  # type: ignore[no-untyped-def]
        import resource

        def cpu() -> float:
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            return time.process_time() + children.ru_utime + children.ru_stime

        started = cpu()
        result = self.engine.recognize(page)
        result.seconds = cpu() - started
        return result


@dataclass
class Run:
    """Figures of one engine setting, summed over the rounds it ran."""

    name: str
    texts: dict[Path, str] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0  # wall time of the whole batches
    steady_pages: int = 0
    steady_seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def e2e(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def steady(self) -> float:
        return self.steady_pages / self.steady_seconds if self.steady_seconds else 0.0

    @property
    def cpu(self) -> float:
        return self.cpu_seconds / self.pages if self.pages else 0.0

    def add(self, started: float, finished: list[float], warm: int, cpu: float) -> None:
        """One batch: ``finished`` are completion times; the first ``warm`` are start-up."""
        self.pages += len(finished)
        self.seconds += finished[-1] - started if finished else 0.0
        if len(finished) > warm:
            self.steady_pages += len(finished) - warm
            self.steady_seconds += finished[-1] - finished[warm - 1]
        self.cpu_seconds += cpu


def inputs_of(folder: Path) -> list[Path]:
    # Interleave clean and scanned pages so every round sees both kinds.
    clean, scanned = sorted(folder.rglob("*.png")), sorted(folder.rglob("*.jpg"))
    return [p for pair in zip(clean, scanned, strict=True) for p in pair]


def run_engine(run: Run, engine: str, inputs: list[Path], out: Path, workers: int) -> None:
    threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    options = {"inner": engine, "threads": threads}
    finished: list[float] = []
    started = time.perf_counter()
    report = run_batch(
        inputs,
        out,
        engine="ocr_bench:CpuTimed",  # importable in the workers: this script's folder is on sys.path
        workers=workers,
        engine_options=options,
        progress=False,
        on_page=lambda _label, _status: finished.append(time.perf_counter()),
    )
    if report.failed:
        print(f"  {run.name}: failed pages {report.failed}", file=sys.stderr)
    for p in inputs:
        if (out / f"{p.stem}.txt").exists():
            run.texts[p] = (out / f"{p.stem}.txt").read_text("utf-8")
    state = out / ".dangan-ocr" / "pages"
    # State files accumulate over the rounds in one output folder: count this round's only.
    cpu = sum(json.loads(f.read_text("utf-8"))["seconds"] for f in state.glob("*.json"))
    run.add(started, finished, max(1, workers), cpu - run.cpu_seconds)


def run_stock(run: Run, inputs: list[Path]) -> None:
    """RapidOCR exactly as shipped: RapidOCR()(path), one process, default threads."""
    from rapidocr_onnxruntime import RapidOCR

    started = time.perf_counter()
    cpu = time.process_time()
    engine = RapidOCR()
    finished: list[float] = []
    for path in inputs:
        result, _ = engine(str(path))
        run.texts[path] = "\n".join(r[1] for r in (result or []))
        finished.append(time.perf_counter())
    run.add(started, finished, 1, time.process_time() - cpu)


def profile(folder: Path) -> None:
    """Per-stage seconds per page for the tuned engine, in this process with one thread."""
    from dangan.engines.ocr.engines import limit_threads, make_engine
    from dangan.engines.ocr.images import load_page
    from dangan.engines.ocr.pdf import make_searchable_pdf

    limit_threads(1)
    engine = make_engine("rapidocr", threads=1)
    inputs = inputs_of(folder)
    engine.recognize(load_page(inputs[0]))  # warm-up, not counted
    totals: dict[str, float] = {}
    pages = []
    cpu = time.process_time()
    for path in inputs:
        t = time.perf_counter()
        loaded = load_page(path)
        totals["load"] = totals.get("load", 0.0) + time.perf_counter() - t
        pages.append(engine.recognize(loaded))
        totals["page"] = totals.get("page", 0.0) + time.perf_counter() - t
        for stage, spent in getattr(engine, "timings", {}).items():
            totals[stage] = totals.get(stage, 0.0) + spent
    cpu = time.process_time() - cpu
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        make_searchable_pdf(pages, inputs, Path(tmp) / "all.pdf")
        totals["pdf"] = time.perf_counter() - t
    n = len(inputs)
    stages = "  ".join(f"{k} {v / n:.3f}" for k, v in totals.items() if k != "page")
    wall = totals["page"] / n
    print(f"profile, tuned rapidocr in-process, 1 thread, wall s/page over {n} pages: {stages}")
    print(
        f"  load+recognise: wall {wall:.2f} s/page, CPU {cpu / n:.2f} s/page -> "
        f"projection for {os.cpu_count()} idle cores: {(os.cpu_count() or 1) * n / cpu:.2f} pages/s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="pages per set (clean and scanned)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--compare-workers",
        type=int,
        nargs="*",
        default=[],
        help="also run tuned rapidocr with these worker counts",
    )
    parser.add_argument("--no-stock", action="store_true", help="skip stock RapidOCR (slowest)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="slices of the pages, each run by every setting"
    )
    parser.add_argument(
        "--profile", action="store_true", help="per-stage timings of tuned rapidocr, 1 thread"
    )
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        sets = generate(root / "pages", args.pages)
        print(
            f"generated {2 * args.pages} A4 pages at 300 dpi in {time.perf_counter() - t:.1f}s; "
            f"cores={cores} load={os.getloadavg()[0]:.2f} workers={args.workers}"
        )
        if args.profile:
            profile(root / "pages")
        inputs = inputs_of(root / "pages")
        # Every setting runs on each slice of the pages in turn, the order rotating per round,
        # so a change in the machine's load during the run falls on all of them alike.
        batches: list[tuple[Run, Callable[[list[Path]], None]]] = []
        for workers in [args.workers, *args.compare_workers]:
            threads = max(1, cores // max(1, workers))
            run = Run(f"rapidocr (tuned, {workers} proc x {threads} thr)")
            out = root / f"out-rapid-{workers}"
            batches.append((run, lambda p, r=run, o=out, w=workers: run_engine(r, "rapidocr", p, o, w)))
        tuned = batches[0][0]
        tess: Run | None = None
        if tesseract_status() is None:
            tess = Run(f"tesseract chi_sim ({args.workers} proc)")
            out = root / "out-tess"
            batches.append((tess, lambda p, r=tess, o=out: run_engine(r, "tesseract", p, o, args.workers)))
        else:
            print(f"tesseract skipped: {tesseract_status()}")
        stock: Run | None = None
        if not args.no_stock:
            stock = Run("rapidocr (stock RapidOCR())")
            batches.append((stock, lambda p, r=stock: run_stock(r, p)))
        rounds = max(1, min(args.rounds, len(inputs) // 4))
        size = -(-len(inputs) // rounds)
        for i in range(rounds):
            chunk = inputs[i * size : (i + 1) * size]
            for _run, go in batches[i % len(batches) :] + batches[: i % len(batches)]:
                go(chunk)
        runs = [run for run, _ in batches]
        print(f"{rounds} rounds of {size} pages; load average now {os.getloadavg()[0]:.2f}")

        print(
            f"\n{'engine':34} {'CER clean':>10} {'CER scan':>10} {'scan,fold':>10} "
            f"{'e2e p/s':>8} {'steady':>8} {'CPU s/p':>8}"
        )
        cer_scan: dict[str, float] = {}
        for run in runs:
            clean, _ = score(run.texts, sets["clean"])
            scan, scan_folded = score(run.texts, sets["scanned"])
            cer_scan[run.name] = scan.cer
            print(
                f"{run.name:34} {clean.cer:10.2%} {scan.cer:10.2%} {scan_folded.cer:10.2%} "
                f"{run.e2e:8.2f} {run.steady:8.2f} {run.cpu:8.2f}"
            )
        if tess and cer_scan[tess.name] > 0:
            print(
                f"\nCER ratio rapidocr/tesseract on scanned pages: {cer_scan[tuned.name] / cer_scan[tess.name]:.2f} "
                "(target <= 0.33)"
            )
        print(
            f"tuned rapidocr steady pages/s: {tuned.steady:.2f} (target >= 1.0), end-to-end {tuned.e2e:.2f}"
        )
        # Only meaningful for one thread per process, where CPU time is the whole cost of a page.
        for run in (tuned, tess):
            if run and run.cpu and cores // max(1, args.workers) == 1:
                print(f"  projection for {run.name}: {cores / run.cpu:.2f} pages/s on {cores} idle cores")
        if stock:
            print(
                f"throughput tuned/stock rapidocr: {tuned.e2e / stock.e2e:.2f}x end-to-end, "
                f"{tuned.steady / stock.steady:.2f}x steady"
            )
        print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
