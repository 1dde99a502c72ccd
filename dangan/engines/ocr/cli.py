"""``dangan ocr``: full-text recognition from the command line (no Django needed).

Cheap to import: the OCR libraries load inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ("txt", "json", "pdf")


def register(subparsers: Any) -> None:
    ocr = subparsers.add_parser("ocr", help="全文识别（OCR）：文本、双层 PDF、准确率评测")
    sub = ocr.add_subparsers(dest="ocr_command", metavar="SUBCOMMAND")

    run = sub.add_parser("run", help="识别页面图像，输出逐页文本/JSON 与每件双层 PDF（可断点续跑）")
    run.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="图像文件或目录（含图像的目录为一件）"
    )
    run.add_argument("--engine", default="rapidocr", help="识别引擎：rapidocr（默认）或 tesseract")
    run.add_argument(
        "--output", "-o", type=Path, default=Path("ocr-output"), help="输出目录（默认 ocr-output）"
    )
    run.add_argument(
        "--format",
        "-f",
        action="append",
        help="输出格式 txt|json|pdf，可重复或用逗号分隔（默认 txt）",
    )
    run.add_argument(
        "--workers", "-j", type=int, default=None, help="并行进程数（默认 = CPU 核数；0 = 本进程）"
    )
    run.add_argument("--det-side", type=int, default=None, help="RapidOCR 检测输入的最长边像素（默认 1280）")
    run.add_argument("--no-progress", action="store_true", help="不显示进度条")
    run.set_defaults(func=handle_run)

    ev = sub.add_parser("evaluate", help="计算识别文本相对于标准文本的字符错误率（CER）")
    ev.add_argument("hypothesis", type=Path, help="识别结果 .txt 文件或目录")
    ev.add_argument("reference", type=Path, help="标准文本 .txt 文件或目录（按相对路径/文件名配对）")
    ev.add_argument("--json", action="store_true", help="以 JSON 输出")
    ev.add_argument("--max-cer", type=float, default=None, help="总体 CER 超过该值时退出码为 1（如 0.02）")
    ev.set_defaults(func=handle_evaluate)

    ocr.set_defaults(func=lambda args: _help(ocr))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _formats(values: list[str] | None) -> set[str]:
    chosen = {part.strip().lower() for v in (values or ["txt"]) for part in v.split(",") if part.strip()}
    unknown = chosen - set(FORMATS)
    if unknown:
        raise SystemExit(f"未知的输出格式：{', '.join(sorted(unknown))}（可选 txt、json、pdf）")
    return chosen


def handle_run(args: argparse.Namespace) -> int:
    from .runner import run_batch

    options: dict[str, Any] = {}
    if args.det_side and args.engine == "rapidocr":
        options["det_side"] = args.det_side
    try:
        report = run_batch(
            args.inputs,
            args.output,
            engine=args.engine,
            formats=_formats(args.format),
            workers=args.workers,
            engine_options=options,
            progress=False if args.no_progress else None,
        )
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    for label, reason in report.failed.items():
        print(f"未能识别：{label}：{reason}", file=sys.stderr)
    for name in report.skipped_pdfs:
        print(f"件 {name} 有页面未能识别，未生成双层 PDF", file=sys.stderr)
    rate = report.recognised / report.seconds if report.seconds else 0.0
    print(
        f"共 {report.items} 件 {report.pages} 页：本次识别 {report.recognised} 页，"
        f"沿用已有结果 {report.reused} 页，失败 {len(report.failed)} 页；"
        f"用时 {report.seconds:.1f} 秒（{rate:.2f} 页/秒）；输出目录 {args.output}"
    )
    return 1 if report.failed else 0


def _pairs(hyp: Path, ref: Path) -> list[tuple[str, Path, Path | None]]:
    if hyp.is_file():
        return [(hyp.name, hyp, ref if ref.is_file() else ref / hyp.name)]
    by_stem = {p.stem: p for p in ref.rglob("*.txt")} if ref.is_dir() else {}
    pairs: list[tuple[str, Path, Path | None]] = []
    for h in sorted(hyp.rglob("*.txt")):
        if ".dangan-ocr" in h.parts:
            continue
        rel = h.relative_to(hyp)
        r = ref / rel if (ref / rel).is_file() else by_stem.get(h.stem)
        pairs.append((rel.as_posix(), h, r))
    return pairs


def handle_evaluate(args: argparse.Namespace) -> int:
    from .cer import CerResult, cer_counts

    if not args.hypothesis.exists() or not args.reference.exists():
        print("错误：识别结果或标准文本路径不存在", file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    total, total_folded = CerResult(0, 0), CerResult(0, 0)
    missing = []
    for name, h, r in _pairs(args.hypothesis, args.reference):
        if r is None or not r.is_file():
            missing.append(name)
            continue
        hyp_text, ref_text = h.read_text("utf-8"), r.read_text("utf-8")
        plain, folded = cer_counts(hyp_text, ref_text), cer_counts(hyp_text, ref_text, fold_punct=True)
        total, total_folded = total + plain, total_folded + folded
        rows.append({"file": name, "chars": plain.length, "cer": plain.cer, "cer_folded": folded.cer})
    summary = {
        "files": len(rows),
        "chars": total.length,
        "cer": total.cer,
        "cer_folded": total_folded.cer,
        "missing_reference": missing,
    }
    if args.json:
        print(json.dumps({"summary": summary, "files": rows}, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(
                f"{row['file']}\t字符 {row['chars']}\tCER {row['cer']:.2%}\t标点归一后 {row['cer_folded']:.2%}"
            )
        print(
            f"合计 {len(rows)} 个文件 {total.length} 字：CER {total.cer:.2%}，"
            f"全/半角标点归一后 {total_folded.cer:.2%}"
        )
        for name in missing:
            print(f"缺少标准文本：{name}", file=sys.stderr)
    if not rows:
        print("错误：没有可配对的文本文件", file=sys.stderr)
        return 2
    if args.max_cer is not None and total.cer > args.max_cer:
        return 1
    return 0
