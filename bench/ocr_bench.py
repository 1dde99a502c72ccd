"""OCR benchmark: CER and pages/s of RapidOCR (tuned and stock) and Tesseract in one run.

Generates A4 government-document pages at 300 dpi with ground truth (clean and
scanned-like: 0.5–1.5° skew, blur, noise, JPEG), then recognises them with each engine
through the same batch runner the CLI uses. Figures within one run are comparable;
absolute pages/s depend on what else the machine is doing (the load average is printed).

    .venv/bin/python bench/ocr_bench.py [--pages 6] [--workers 2] [--no-stock]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
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


def run_engine(
    engine: str, folder: Path, out: Path, workers: int, options: dict
) -> tuple[dict[Path, str], float]:
    inputs = sorted(folder.rglob("*.png")) + sorted(folder.rglob("*.jpg"))
    started = time.perf_counter()
    report = run_batch(inputs, out, engine=engine, workers=workers, engine_options=options, progress=False)
    seconds = time.perf_counter() - started
    if report.failed:
        print(f"  {engine}: failed pages {report.failed}", file=sys.stderr)
    texts = {
        p: (out / f"{p.stem}.txt").read_text("utf-8") for p in inputs if (out / f"{p.stem}.txt").exists()
    }
    return texts, len(inputs) / seconds


def run_stock(folder: Path) -> tuple[dict[Path, str], float]:
    """RapidOCR exactly as shipped: RapidOCR()(path), one process, default threads."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    inputs = sorted(folder.rglob("*.png")) + sorted(folder.rglob("*.jpg"))
    started = time.perf_counter()
    texts = {}
    for path in inputs:
        result, _ = engine(str(path))
        texts[path] = "\n".join(r[1] for r in (result or []))
    return texts, len(inputs) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages per set (clean and scanned)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-stock", action="store_true", help="skip stock RapidOCR (slowest)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        sets = generate(root / "pages", args.pages)
        print(
            f"generated {2 * args.pages} A4 pages at 300 dpi in {time.perf_counter() - t:.1f}s; "
            f"cores={os.cpu_count()} load={os.getloadavg()[0]:.2f} workers={args.workers}"
        )
        runs: list[tuple[str, dict[Path, str], float]] = []
        texts, rate = run_engine("rapidocr", root / "pages", root / "out-rapid", args.workers, {})
        runs.append((f"rapidocr (tuned, {args.workers} proc)", texts, rate))
        if tesseract_status() is None:
            texts, rate = run_engine("tesseract", root / "pages", root / "out-tess", args.workers, {})
            runs.append((f"tesseract chi_sim ({args.workers} proc)", texts, rate))
        else:
            print(f"tesseract skipped: {tesseract_status()}")
        if not args.no_stock:
            texts, rate = run_stock(root / "pages")
            runs.append(("rapidocr (stock RapidOCR())", texts, rate))

        print(f"\n{'engine':34} {'CER clean':>10} {'CER scan':>10} {'scan,fold':>10} {'pages/s':>8}")
        cer_scan: dict[str, float] = {}
        for name, texts, rate in runs:
            clean, _ = score(texts, sets["clean"])
            scan, scan_folded = score(texts, sets["scanned"])
            cer_scan[name] = scan.cer
            print(f"{name:34} {clean.cer:10.2%} {scan.cer:10.2%} {scan_folded.cer:10.2%} {rate:8.2f}")
        names = [r[0] for r in runs]
        rates = {r[0]: r[2] for r in runs}
        if len(runs) >= 2 and names[1].startswith("tesseract") and cer_scan[names[1]] > 0:
            print(
                f"\nCER ratio rapidocr/tesseract on scanned pages: {cer_scan[names[0]] / cer_scan[names[1]]:.2f} "
                "(target <= 0.33)"
            )
        if not args.no_stock:
            stock = names[-1]
            print(f"throughput tuned/stock rapidocr: {rates[names[0]] / rates[stock]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
