"""`dangan compliance …` — check a planned project, a provider, or rank candidates.

Exit codes: 0 allowed; 1 refused or incomplete; 2 the input could not be evaluated.
Cheap to import: the engine is imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any


def _read_json(path: str) -> Any:
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8-sig") as fh:
        return json.load(fh)


def _load(path: str) -> tuple[Any, int]:
    try:
        return _read_json(path), 0
    except FileNotFoundError:
        print(f"错误：找不到文件 {path}", file=sys.stderr)
    except IsADirectoryError:
        print(f"错误：{path} 是目录，不是 JSON 文件", file=sys.stderr)
    except UnicodeDecodeError:
        print(f"错误：{path} 不是 UTF-8 编码的文本", file=sys.stderr)
    except json.JSONDecodeError as exc:
        print(f"错误：{path} 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）", file=sys.stderr)
    except OSError as exc:
        print(f"错误：无法读取 {path}：{exc.strerror}", file=sys.stderr)
    return None, 2


def _today(args: argparse.Namespace) -> date | None:
    return date.fromisoformat(args.today) if args.today else None


def _report_problems(problems: list[str]) -> int:
    print("错误：输入无法评估：", file=sys.stderr)
    for p in problems:
        print(f"  - {p}", file=sys.stderr)
    return 2


def _emit(payload: dict[str, Any], text: str, fmt: str) -> None:
    if fmt == "json":
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text)


def handle_check(args: argparse.Namespace) -> int:
    from .context import FactsError
    from .engine import evaluate
    from .render import render_evaluation

    facts, code = _load(args.file)
    if code:
        return code
    try:
        ev = evaluate(facts, stage=args.stage, today=_today(args))
    except FactsError as exc:
        return _report_problems(exc.problems)
    _emit(ev.to_dict(), render_evaluation(ev), args.format)
    return 0 if ev.allowed else 1


def handle_provider(args: argparse.Namespace) -> int:
    from .context import FactsError
    from .engine import evaluate_provider
    from .render import render_evaluation

    facts, code = _load(args.file)
    if code:
        return code
    try:
        ev = evaluate_provider(facts, today=_today(args))
    except FactsError as exc:
        return _report_problems(exc.problems)
    _emit(ev.to_dict(), render_evaluation(ev, title="服务方资格审查"), args.format)
    return 0 if ev.allowed else 1


def handle_score(args: argparse.Namespace) -> int:
    from .context import FactsError
    from .render import render_scoreboard
    from .scoring import score_providers

    data, code = _load(args.file)
    if code:
        return code
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        return _report_problems(["输入应为含有 candidates（候选服务方列表）的 JSON 对象"])
    project = data.get("project")
    if project is not None and not isinstance(project, dict):
        return _report_problems(["project 应为对象"])
    today = _today(args)
    if today is None and isinstance(data.get("as_of"), str):
        try:
            today = date.fromisoformat(data["as_of"])
        except ValueError:
            return _report_problems(["as_of 应为 YYYY-MM-DD 格式的日期"])
    try:
        board = score_providers(data["candidates"], data.get("weights"), project=project, today=today)
    except FactsError as exc:
        return _report_problems(exc.problems)
    _emit(board.to_dict(), render_scoreboard(board), args.format)
    return 0


def handle_rules(args: argparse.Namespace) -> int:
    from .catalogue import RULES
    from .render import pad
    from .vocab import KIND_LABELS

    if args.format == "json":
        _emit({"rules": [r.describe() for r in RULES]}, "", "json")
        return 0
    for r in RULES:
        print(f"{pad(r.id, 13)}{pad(KIND_LABELS[r.kind], 6)}{r.title}（{r.source}）")
    return 0


def _date_arg(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("日期应为 YYYY-MM-DD") from exc
    return value


def register(subparsers: Any) -> None:
    from .vocab import STAGES

    parser = subparsers.add_parser(
        "compliance",
        help="合规检查：外包项目、服务方资格、综合比选",
        description="按 RULES.md 的规则检查外包项目或服务方。退出码：0 准予，1 拒绝或证据不全，2 无法评估。",
    )
    sub = parser.add_subparsers(dest="compliance_command", metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE.json", help="输入文件（- 表示标准输入）")
        p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
        p.add_argument("--today", type=_date_arg, help="评估基准日 YYYY-MM-DD（默认取输入的 as_of 或今天）")

    check = sub.add_parser("check", help="检查一个外包项目（计划或实施中）")
    common(check)
    check.add_argument("--stage", choices=tuple(STAGES), help="只检查该阶段的规则（默认全部）")
    check.set_defaults(func=handle_check)

    provider = sub.add_parser("provider", help="审查服务方资格")
    common(provider)
    provider.set_defaults(func=handle_provider)

    score = sub.add_parser("score", help="对候选服务方进行加权综合比选")
    common(score)
    score.set_defaults(func=handle_score)

    rules = sub.add_parser("rules", help="列出全部规则")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(func=handle_rules)

    parser.set_defaults(func=lambda _args: (parser.print_help(), 2)[1])
