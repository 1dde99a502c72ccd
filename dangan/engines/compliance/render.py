"""Readable Chinese text output: decision first, then one line per rule."""

from __future__ import annotations

import unicodedata

from .model import Evaluation, Finding
from .scoring import ScoreBoard
from .vocab import DECISION_LABELS, KIND_LABELS, STATUS_LABELS, Status

_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.NOT_APPLICABLE: "-", Status.EVIDENCE_MISSING: "?"}


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, n: int) -> str:
    return s + " " * max(n - width(s), 0)


def _line(f: Finding) -> str:
    status = f"{_MARK[f.status]} {pad(STATUS_LABELS[f.status], 10)}"
    return f"{pad(f.rule_id, 13)}{pad(KIND_LABELS[f.kind], 6)}{status}{f.message}"


def render_evaluation(ev: Evaluation, title: str = "合规检查") -> str:
    out = [f"{title}结论：{DECISION_LABELS[ev.decision]}"]
    s = ev.subject
    facts = [
        ("项目", s.get("project")),
        ("委托方", s.get("client")),
        ("服务方", s.get("provider")),
        ("检查阶段", ev.to_dict()["stage_label"]),
        ("基准日", s.get("as_of")),
    ]
    out.append("  ".join(f"{k}：{v}" for k, v in facts if v))
    if ev.refusals():
        out.append("")
        out.append("拒绝依据（阻断性规则不符合）：")
        out.extend(f"  ✗ {f.rule_id} {f.rule.title}：{f.message}" for f in ev.refusals())
    if ev.missing_evidence():
        out.append("")
        out.append("须补充的证据（阻断性规则）：")
        out.extend(f"  ? {f.rule_id} {f.rule.title}：{f.message}" for f in ev.missing_evidence())
    if ev.warnings():
        out.append("")
        out.append("提示与留痕事项：")
        out.extend(f"  ! {f.rule_id} {f.rule.title}：{f.message}" for f in ev.warnings())
    for w in ev.input_warnings:
        out.append(f"输入提示：{w}")
    out.append("")
    out.append(f"{pad('编号', 13)}{pad('类别', 6)}{pad('  结果', 12)}说明")
    out.extend(_line(f) for f in ev.results)
    counts = ev.counts()
    out.append("")
    out.append(
        "合计："
        + "，".join(f"{STATUS_LABELS[k]} {v}" for k, v in counts.items())
        + f"（共 {len(ev.results)} 条规则）"
    )
    return "\n".join(out) + "\n"


def render_scoreboard(board: ScoreBoard) -> str:
    from .scoring import CRITERIA

    out = ["综合比选结果（满分100；不符合阻断性规则的候选方排在最后）", ""]
    header = f"{pad('名次', 6)}{pad('候选方', 26)}{pad('总分', 8)}{pad('资格', 12)}" + "".join(
        pad(CRITERIA[k][:4], 10) for k in board.weights
    )
    out.append(header)
    labels = {"allowed": "符合", "incomplete": "证据不全", "refused": "不符合"}
    for c in board.ranking:
        row = f"{pad(str(c.rank), 6)}{pad(c.name, 26)}{pad(f'{c.total:.1f}', 8)}{pad(labels[c.decision], 12)}"
        row += "".join(pad(f"{cs.score:.2f}", 10) for cs in c.criteria)
        out.append(row)
        blockers = c.evaluation.blocking()
        if blockers:
            out.append("      " + "；".join(f"{f.rule_id}：{f.message}" for f in blockers))
    out.append("")
    out.append("权重：" + "，".join(f"{CRITERIA[k]} {v:g}" for k, v in board.weights.items()))
    return "\n".join(out) + "\n"
