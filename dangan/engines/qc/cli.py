"""`dangan qc …` subcommands. Cheap to import: the engine is imported inside the handlers.

Exit codes: 0 ran and passed; 1 ran and found blocking defects (or the review failed);
2 could not run (missing delivery, unreadable catalog or sheet, bad profile, interrupted).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def register(subparsers: Any) -> None:
    qc = subparsers.add_parser(
        "qc",
        help="数字化成果质量检查（DA/T 31-2017 验收）",
        description="数字化成果质量检查（DA/T 31-2017 验收）。退出码：0 通过，1 有阻断性问题，2 无法运行。",
    )
    sub = qc.add_subparsers(dest="qc_command", metavar="SUBCOMMAND")
    qc.set_defaults(func=lambda args: (qc.print_help(), EXIT_ERROR)[1])

    check = sub.add_parser("check", help="检查交付目录（图像、目录、校验值）")
    check.add_argument("delivery", help="交付目录")
    check.add_argument("--catalog", help="目录文件（xlsx 或 csv）；缺省时在交付目录根部自动查找")
    check.add_argument("--manifest", help="校验清单（md5 / sha256 / sm3）；缺省时在交付目录根部自动查找")
    check.add_argument(
        "--manifest-algorithm",
        choices=["md5", "sha1", "sha256", "sm3", "sha512"],
        help="校验算法（缺省按扩展名或位数判断）",
    )
    check.add_argument("--profile", help="验收配置：内置名称（DA/T 31-2017、ocr）或 .toml 文件")
    check.add_argument("--format", choices=["json", "html", "xlsx"], default="json", help="报告格式")
    check.add_argument("--output", "-o", help="报告文件（json 缺省输出到标准输出）")
    check.add_argument("--workers", type=int, default=None, help="并行进程数（缺省为 CPU 核数）")
    check.add_argument("--cache-dir", help="结果缓存目录（按文件哈希缓存，可中断后继续）")
    check.add_argument("--no-cache", action="store_true", help="不使用缓存")
    check.add_argument("--no-autodetect", action="store_true", help="不自动查找目录和校验清单")
    check.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="字段=列名",
        help="目录列映射，如 archive_no=档案号、title=文件题名（可多次）",
    )
    check.add_argument("--quiet", "-q", action="store_true", help="不显示进度和摘要")
    check.set_defaults(func=cmd_check)

    sample = sub.add_parser("sample", help="抽取人工抽检样本并导出抽检表")
    sample.add_argument("delivery")
    sample.add_argument("--catalog")
    sample.add_argument("--profile")
    sample.add_argument("--rate", type=float, help="抽检比率（缺省 0.05）")
    sample.add_argument("--seed", type=int, help="随机种子（相同种子得到相同样本）")
    sample.add_argument("--min-items", type=int)
    sample.add_argument("--map", action="append", default=[], metavar="字段=列名")
    sample.add_argument("--output", "-o", default="抽检表.xlsx")
    sample.set_defaults(func=cmd_sample)

    review = sub.add_parser("review-import", help="导入填好的抽检表，计算合格率与结论")
    review.add_argument("sheet")
    review.add_argument("--profile")
    review.add_argument("--format", choices=["text", "json"], default="text")
    review.set_defaults(func=cmd_review_import)

    codes = sub.add_parser("codes", help="列出检查代码、对应规则与严重程度")
    codes.add_argument("--profile")
    codes.set_defaults(func=cmd_codes)


def _column_map(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"列映射应写成 字段=列名：{pair}")
        out[key.strip()] = value.strip()
    return out


def _err(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_ERROR


def cmd_check(args: argparse.Namespace) -> int:
    import os

    from .engine import CheckOptions, QCError, run_check

    show = not args.quiet and sys.stderr.isatty()
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=0, unit="页", desc="检查", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        options = CheckOptions(
            delivery=args.delivery,
            catalog=args.catalog,
            manifest=args.manifest,
            manifest_algorithm=args.manifest_algorithm,
            profile=args.profile,
            workers=args.workers or os.cpu_count() or 1,
            cache_dir=args.cache_dir,
            use_cache=not args.no_cache,
            column_map=_column_map(args.map),
            auto_detect=not args.no_autodetect,
            thumbnails=args.format == "html",
            on_progress=progress,
        )
        report = run_check(options)
    except (QCError, ValueError) as exc:
        return _err(str(exc))
    except KeyboardInterrupt:
        return _err("检查已中断；已完成的文件结果已缓存，重新运行同一命令即可继续")
    finally:
        if bar is not None:
            bar.close()
    try:
        if args.format == "json":
            text = report.to_json()
            if args.output:
                Path(args.output).write_text(text + "\n", "utf-8")
            else:
                sys.stdout.write(text + "\n")
        else:
            from .output import write_html, write_xlsx

            out = args.output or f"qc-report.{args.format}"
            (write_html if args.format == "html" else write_xlsx)(report, out)
    except OSError as exc:
        return _err(f"无法写入报告：{exc}")
    if not args.quiet:
        s = report.summary
        print(
            f"{s['verdict']['message']}；阻断 {s['by_severity']['error']}，"
            f"警告 {s['by_severity']['warning']}；"
            f"{s['counts']['files']} 个文件 {s['counts']['pages']} 页，用时 {s['duration_s']} 秒",
            file=sys.stderr,
        )
    return EXIT_PASS if report.passed else EXIT_FAIL


def cmd_sample(args: argparse.Namespace) -> int:
    from .engine import QCError, inventory
    from .profile import ProfileError, load_profile
    from .sampling import draw_sample, write_review_sheet

    try:
        profile = load_profile(args.profile)
        items = inventory(args.delivery, args.catalog, profile, _column_map(args.map))
        sample = draw_sample(items, rate=args.rate, seed=args.seed, min_items=args.min_items, profile=profile)
        write_review_sheet(sample, args.output, profile)
    except (QCError, ProfileError, ValueError, OSError) as exc:
        return _err(str(exc))
    print(
        f"从 {sample.population} 件中抽取 {len(sample.items)} 件"
        f"（比率 {sample.rate:.1%}，种子 {sample.seed}，"
        f"{sample.strata} 个年度×卷/分类分层），抽检表：{args.output}",
        file=sys.stderr,
    )
    return EXIT_PASS


def cmd_review_import(args: argparse.Namespace) -> int:
    from .profile import ProfileError, load_profile
    from .sampling import ReviewError, import_review

    try:
        result = import_review(args.sheet, load_profile(args.profile))
    except (ReviewError, ProfileError, OSError) as exc:
        return _err(str(exc))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.message)
        for f in result.failures:
            print(f"  不合格：{f['archive_no']}（{'、'.join(f['failed'])}）{f['note']}")
    return EXIT_PASS if result.verdict == "pass" else EXIT_FAIL


def cmd_codes(args: argparse.Namespace) -> int:
    from .codes import CODES
    from .profile import ProfileError, load_profile

    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        return _err(str(exc))
    for code, meta in CODES.items():
        print(f"{code:26s} {meta.rule:12s} {profile.severity_of(code):8s} {meta.title}")
    return EXIT_PASS
