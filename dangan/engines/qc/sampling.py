"""Manual-review sampling and review import (DAT31-12).

``draw_sample`` picks at least ``rate`` (default 5 %) of the 件/卷, reproducibly from a seed, spread
over strata (year × 卷/class) so that every year and volume is represented when the sample is large
enough. ``write_review_sheet`` exports the sheet reviewers fill in; ``import_review`` reads it back
and computes the two DAT31-12 rates: catalog ↔ image correspondence (must be 100 %) and every other
item (default ≥ 95 %).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .profile import Profile, load_profile
from .report import ItemSummary, Report

CORRESPONDENCE = "目录与图像对应"
OTHER_COLUMNS = ("图像质量", "完整与排序", "命名与格式")
JUDGEMENT_COLUMNS = (CORRESPONDENCE, *OTHER_COLUMNS)
PASS_WORDS = {"合格", "是", "通过", "√", "✓", "y", "yes", "pass", "ok", "1"}
FAIL_WORDS = {"不合格", "否", "不通过", "×", "✗", "x", "n", "no", "fail", "0"}
SHEET = "抽检"
META = "_meta"


class ReviewError(ValueError):
    pass


@dataclass
class Sample:
    items: list[ItemSummary]
    population: int
    required: int
    rate: float
    seed: int
    strata: int


def draw_sample(
    source: Report | Sequence[ItemSummary],
    *,
    rate: float | None = None,
    seed: int | None = None,
    min_items: int | None = None,
    profile: Profile | None = None,
) -> Sample:
    profile = profile or load_profile()
    cfg = profile.section("sample")
    rate = float(rate if rate is not None else cfg.get("rate", 0.05))
    seed = int(seed if seed is not None else cfg.get("seed", 2017))
    min_items = int(min_items if min_items is not None else cfg.get("min_items", 1))
    items = list(source.items if isinstance(source, Report) else source)
    if any(i.in_catalog for i in items):
        items = [i for i in items if i.in_catalog]
    items.sort(key=lambda i: i.key)
    population = len(items)
    if population == 0:
        return Sample([], 0, 0, rate, seed, 0)
    required = min(population, max(min_items, math.ceil(rate * population - 1e-9)))
    strata: dict[tuple[str, str], list[ItemSummary]] = defaultdict(list)
    for item in items:
        strata[(item.year, item.group)].append(item)
    keys = sorted(strata)
    rng = random.Random(seed)
    alloc: dict[tuple[str, str], int] = dict.fromkeys(keys, 0)
    if required >= len(keys):
        for k in keys:
            alloc[k] = 1
        rest = required - len(keys)
        quotas = {k: rest * len(strata[k]) / population for k in keys}
        for k in keys:
            alloc[k] += min(int(quotas[k]), len(strata[k]) - 1)
        short = required - sum(alloc.values())
        order = sorted(keys, key=lambda k: (-(quotas[k] - int(quotas[k])), k))
        while short > 0:
            progressed = False
            for k in order:
                if short and alloc[k] < len(strata[k]):
                    alloc[k] += 1
                    short -= 1
                    progressed = True
            if not progressed:
                break
    else:
        # Fewer picks than strata: one item from each of `required` strata, favouring large ones.
        chosen: list[tuple[str, str]] = []
        pool = list(keys)
        for _ in range(required):
            weights = [len(strata[k]) for k in pool]
            k = rng.choices(pool, weights=weights)[0]
            chosen.append(k)
            pool.remove(k)
        for k in chosen:
            alloc[k] = 1
    picked: list[ItemSummary] = []
    for k in keys:
        if alloc[k]:
            picked.extend(rng.sample(strata[k], alloc[k]))
    picked.sort(key=lambda i: i.key)
    return Sample(picked, population, required, rate, seed, len(keys))


def write_review_sheet(sample: Sample, path: str | Path, profile: Profile | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    profile = profile or load_profile()
    acc = profile.section("acceptance")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header = [
        "序号",
        "档号",
        "题名",
        "年度",
        "卷/分类",
        "页数",
        "图像文件",
        *JUDGEMENT_COLUMNS,
        "问题说明",
        "检查人",
        "检查日期",
    ]
    ws.append(header)
    for i, item in enumerate(sample.items, start=1):
        first = item.files[0] if item.files else ""
        ws.append(
            [
                i,
                item.archive_no,
                item.title,
                item.year,
                item.group,
                item.pages,
                first,
                *([""] * len(JUDGEMENT_COLUMNS)),
                "",
                "",
                "",
            ]
        )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    first_col = 8
    for j in range(len(JUDGEMENT_COLUMNS)):
        ws.cell(row=1, column=first_col + j).fill = fill
    dv = DataValidation(type="list", formula1='"合格,不合格"', allow_blank=True)
    ws.add_data_validation(dv)
    if sample.items:
        from openpyxl.utils import get_column_letter

        a = get_column_letter(first_col)
        b = get_column_letter(first_col + len(JUDGEMENT_COLUMNS) - 1)
        dv.add(f"{a}2:{b}{len(sample.items) + 1}")
    for col, width in zip(
        "ABCDEFGHIJKLMN", (6, 30, 30, 6, 22, 6, 40, 14, 10, 12, 12, 30, 10, 12), strict=False
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C2"
    info = wb.create_sheet("说明")
    for row in (
        ("依据", "DA/T 31-2017 第 12 章（DAT31-12）：人工抽检以件或卷为单位，抽检比率不低于 5%"),
        (
            "合格标准",
            f"目录与图像对应准确率 ≥ {acc.get('correspondence_min_rate', 1.0):.0%}；"
            f"其他项目合格率 ≥ {acc.get('other_min_rate', 0.95):.0%}",
        ),
        ("填写", "每一行的四个检查项均填“合格”或“不合格”；不合格请在“问题说明”中写明页码和问题"),
        ("总体数量", sample.population),
        ("抽检数量", len(sample.items)),
        ("抽检比率", f"{sample.rate:.1%}"),
        ("随机种子", sample.seed),
        ("分层数（年度×卷/分类）", sample.strata),
    ):
        info.append(list(row))
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 90
    meta = wb.create_sheet(META)
    for row in (
        ("population", sample.population),
        ("required", sample.required),
        ("rate", sample.rate),
        ("seed", sample.seed),
        ("profile", profile.name),
        ("correspondence_min_rate", float(acc.get("correspondence_min_rate", 1.0))),
        ("other_min_rate", float(acc.get("other_min_rate", 0.95))),
        ("generated_at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
    ):
        meta.append(list(row))
    meta.sheet_state = "hidden"
    wb.save(path)


@dataclass
class ReviewResult:
    sample_size: int
    required: int
    population: int
    correspondence_passed: int
    other_passed: int
    correspondence_rate: float
    other_rate: float
    correspondence_min_rate: float
    other_min_rate: float
    verdict: str  # pass | fail
    message: str
    rule: str = "DAT31-12"
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _judge(value: Any) -> bool | None:
    text = str(value).strip().lower() if value is not None else ""
    if not text:
        return None
    if text in PASS_WORDS:
        return True
    if text in FAIL_WORDS:
        return False
    raise ReviewError(f"无法识别的检查结论「{value}」（应填“合格”或“不合格”）")


def import_review(path: str | Path, profile: Profile | None = None) -> ReviewResult:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ReviewError(f"无法读取抽检表 {path}：{exc}") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise ReviewError(f"抽检表中没有“{SHEET}”工作表")
        rows = list(wb[SHEET].iter_rows(values_only=True))
        meta: dict[str, Any] = {}
        if META in wb.sheetnames:
            meta = {str(r[0]): r[1] for r in wb[META].iter_rows(values_only=True) if r and r[0]}
    finally:
        wb.close()
    if not rows:
        raise ReviewError("抽检表为空")
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    try:
        idx = {name: header.index(name) for name in (*JUDGEMENT_COLUMNS, "档号")}
    except ValueError as exc:
        raise ReviewError(f"抽检表缺少列：{exc}") from exc
    note_idx = header.index("问题说明") if "问题说明" in header else None
    acc = (profile or load_profile()).section("acceptance")
    corr_min = float(meta.get("correspondence_min_rate", acc.get("correspondence_min_rate", 1.0)))
    other_min = float(meta.get("other_min_rate", acc.get("other_min_rate", 0.95)))
    total = corr_ok = other_ok = 0
    missing: list[str] = []
    failures: list[dict[str, Any]] = []
    for r, row in enumerate(rows[1:], start=2):
        if not row or not any(v not in (None, "") for v in row):
            continue
        archive_no = str(row[idx["档号"]] or "")
        judged = {
            name: _judge(row[idx[name]] if idx[name] < len(row) else None) for name in JUDGEMENT_COLUMNS
        }
        if any(v is None for v in judged.values()):
            missing.append(f"第 {r} 行（{archive_no}）")
            continue
        total += 1
        corr_ok += bool(judged[CORRESPONDENCE])
        other_pass = all(judged[c] for c in OTHER_COLUMNS)
        other_ok += other_pass
        if not judged[CORRESPONDENCE] or not other_pass:
            failures.append(
                {
                    "row": r,
                    "archive_no": archive_no,
                    "failed": [c for c, v in judged.items() if not v],
                    "note": str(row[note_idx] or "") if note_idx is not None and note_idx < len(row) else "",
                }
            )
    if missing:
        shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        raise ReviewError(f"抽检表尚未填完：{shown}")
    if total == 0:
        raise ReviewError("抽检表中没有已填写的行")
    required = int(meta.get("required") or 0)
    population = int(meta.get("population") or 0)
    corr_rate = corr_ok / total
    other_rate = other_ok / total
    reasons = []
    if required and total < required:
        reasons.append(f"抽检数量 {total} 少于应抽 {required}")
    if corr_rate + 1e-9 < corr_min:
        reasons.append(f"目录与图像对应准确率 {corr_rate:.1%} 低于 {corr_min:.0%}")
    if other_rate + 1e-9 < other_min:
        reasons.append(f"其他项目合格率 {other_rate:.1%} 低于 {other_min:.0%}")
    verdict = "fail" if reasons else "pass"
    message = f"人工抽检 {total} 件：对应准确率 {corr_rate:.1%}，其他项目合格率 {other_rate:.1%}，" + (
        "；".join(reasons) + "，不予通过（DAT31-12）" if reasons else "达到 DAT31-12 要求，抽检通过"
    )
    return ReviewResult(
        total,
        required,
        population,
        corr_ok,
        other_ok,
        round(corr_rate, 4),
        round(other_rate, 4),
        corr_min,
        other_min,
        verdict,
        message,
        failures=failures,
    )
