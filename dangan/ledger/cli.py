"""`dangan ledger verify|export`. Verifying a file needs no database and no Django."""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_BROKEN, EXIT_ERROR = 0, 1, 2


def _print_report(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**report.to_dict(), "message": report.message()}, ensure_ascii=False, indent=2))
    else:
        print(report.message())
        if report.algorithms:
            print("哈希算法：" + "，".join(f"{k} {v} 条" for k, v in sorted(report.algorithms.items())))


def cmd_verify(args: argparse.Namespace) -> int:
    from dangan.ledger import chain

    try:
        if args.file:
            report = chain.verify_chain(chain.read_jsonl(args.file))
        else:
            from dangan.platform_cli import setup_django

            setup_django()
            from dangan.core.audit_context import Actor, acting_as
            from dangan.ledger.services import verify_database

            with acting_as(Actor.system("cli")):
                report = verify_database(record=not args.no_record)
    except (OSError, ValueError) as exc:
        print(f"无法校验：{exc}", file=sys.stderr)
        return EXIT_ERROR
    _print_report(report, args.json)
    return EXIT_OK if report.ok else EXIT_BROKEN


def cmd_export(args: argparse.Namespace) -> int:
    from dangan.platform_cli import setup_django

    setup_django()
    from dangan.core.audit_context import Actor, acting_as
    from dangan.ledger.services import export_jsonl

    try:
        with acting_as(Actor.system("cli")):
            if args.output == "-":
                count = export_jsonl(sys.stdout)
            else:
                with open(args.output, "w", encoding="utf-8") as handle:
                    count = export_jsonl(handle)
    except OSError as exc:
        print(f"无法导出：{exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"已导出 {count} 条审计日志。", file=sys.stderr)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="审计日志：校验哈希链、导出")
    sub = ledger.add_subparsers(dest="ledger_command", metavar="ACTION")
    ledger.set_defaults(func=lambda args: (ledger.print_help(), EXIT_ERROR)[1])

    p = sub.add_parser(
        "verify", help="校验整条哈希链，指出第一条被破坏的条目（退出码 0 完整，1 破坏，2 无法校验）"
    )
    p.add_argument("--file", help="校验导出的 JSON Lines 文件（无需数据库）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--no-record", action="store_true", help="不把本次校验记入审计日志")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export", help="导出全部条目为 JSON Lines")
    p.add_argument("-o", "--output", default="-", help="输出文件，默认标准输出")
    p.set_defaults(func=cmd_export)
