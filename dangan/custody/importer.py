"""Catalog import (Excel/CSV as archives keep them): header mapping → preview → all-or-nothing commit.

A 10,000-row catalog is routine, so the commit uses ``bulk_create`` in one transaction. That bypasses
the per-object ledger signals on purpose: 10,000 hash-chained entries would take minutes and say
nothing more than the import does. Instead the import appends one summary entry plus one entry per
bulk batch listing the 档号 it created, in the same transaction (so a failure leaves neither units nor
entries behind).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from dangan.accounts.models import Organization
from dangan.ledger import services as ledger

from . import archive_no as archive_no_mod
from .models import ArchiveUnit, CustodyState, UnitLevel

BATCH_SIZE = 1000

# field -> (label, header synonyms). Order is the order of the mapping form.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "archive_no": ("档号", ("档号", "档案号", "archive_no")),
    "title": ("题名", ("题名", "文件题名", "案卷题名", "标题", "title")),
    "level": ("整理单位（卷/件）", ("整理单位", "层级", "著录层级", "level")),
    "fonds_no": ("全宗号", ("全宗号", "fonds")),
    "year": ("年度", ("年度", "year")),
    "retention": ("保管期限", ("保管期限", "retention")),
    "org_code": ("机构（问题）", ("机构（问题）", "机构(问题)", "机构问题", "机构", "问题")),
    "volume_no": ("案卷号", ("案卷号", "卷号")),
    "item_no": ("件号", ("件号", "顺序号")),
    "responsible": ("责任者", ("责任者", "责任人", "responsible")),
    "date": ("日期", ("日期", "文件日期", "成文日期", "date")),
    "pages": ("页数", ("页数", "pages")),
    "classification": ("密级", ("密级", "classification")),
    "declassified": ("已解密", ("已解密", "解密", "解密标识")),
    "repository": ("库房", ("库房",)),
    "row": ("排", ("排",)),
    "column": ("列", ("列",)),
    "section": ("节", ("节",)),
    "shelf": ("层", ("层",)),
    "box_no": ("盒号", ("盒号", "箱号")),
}
REQUIRED = ("archive_no", "title")
RETENTION_CODES = {"永久": "Y", "定期30年": "D30", "30年": "D30", "定期10年": "D10", "10年": "D10"}
TRUE_WORDS = {"是", "已解密", "1", "true", "yes", "y", "√"}
_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$")


class CatalogFileError(Exception):
    pass


def read_table(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as text) of an .xlsx or .csv file."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise CatalogFileError(f"无法读取 Excel 文件：{exc}") from exc
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    elif suffix in (".csv", ".txt"):
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise CatalogFileError("无法识别 CSV 文件的字符编码（支持 UTF-8 与 GB18030）")
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise CatalogFileError("只支持 .xlsx 与 .csv 目录文件")
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise CatalogFileError("文件为空")
    headers = [h.strip() for h in rows[0]]
    return headers, rows[1:]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    normalized = [h.replace(" ", "").lower() for h in headers]
    mapping: dict[str, int | None] = {}
    for key, (_label, synonyms) in FIELDS.items():
        mapping[key] = next((i for i, h in enumerate(normalized) if h in {s.lower() for s in synonyms}), None)
    return mapping


@dataclass
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    field: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 {self.field}：{self.message}"


@dataclass
class ImportPlan:
    units: list[ArchiveUnit] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.units)


def _normalize_date(value: str) -> str | None:
    m = _DATE.match(value)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    try:
        datetime(y, mo, d)
    except ValueError:
        return None
    return f"{y:04d}{mo:02d}{d:02d}"


def plan_import(
    owner: Organization, headers: list[str], rows: Iterable[list[str]], mapping: dict[str, int | None]
) -> ImportPlan:
    """Validates every row; nothing is written. Row errors carry spreadsheet row numbers."""
    plan = ImportPlan()
    for key in REQUIRED:
        if mapping.get(key) is None:
            plan.errors.append(RowError(1, FIELDS[key][0], "未指定对应的列"))
    if plan.errors:
        return plan
    existing = set(ArchiveUnit.objects.filter(owner=owner).values_list("archive_no", flat=True))
    seen: dict[str, int] = {}
    for offset, raw in enumerate(rows):
        row_no = offset + 2
        if not any(raw):
            continue
        plan.rows += 1

        def get(key: str, raw: list[str] = raw) -> str:
            index = mapping.get(key)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        errors: list[RowError] = []
        text = get("archive_no")
        parsed = archive_no_mod.parse(text) if text else None
        if not text:
            errors.append(RowError(row_no, "档号", "不能为空"))
        elif parsed is None:
            errors.append(RowError(row_no, "档号", archive_no_mod.refusal(text)))
        else:
            if parsed.canonical in seen:
                errors.append(RowError(row_no, "档号", f"与第 {seen[parsed.canonical]} 行重复"))
            elif parsed.canonical in existing:
                errors.append(RowError(row_no, "档号", "本单位已有此档号的档案"))
            seen.setdefault(parsed.canonical, row_no)
        title = get("title")
        if not title:
            errors.append(RowError(row_no, "题名", "不能为空"))
        values: dict[str, Any] = {}
        for key in ("fonds_no", "org_code", "volume_no", "item_no", "responsible", "classification"):
            values[key] = get(key)
        for key in ("repository", "row", "column", "section", "shelf", "box_no"):
            values[key] = get(key)
        date_text = get("date")
        if date_text:
            normalized = _normalize_date(date_text)
            if normalized is None:
                errors.append(RowError(row_no, "日期", f"“{date_text}”不是有效日期（应为 YYYYMMDD）"))
            values["date"] = normalized or ""
        pages_text = get("pages")
        pages = None
        if pages_text:
            if pages_text.isdigit():
                pages = int(pages_text)
            else:
                errors.append(RowError(row_no, "页数", f"“{pages_text}”不是非负整数"))
        year_text = get("year")
        year = None
        if year_text:
            if re.fullmatch(r"\d{4}", year_text):
                year = int(year_text)
            else:
                errors.append(RowError(row_no, "年度", f"“{year_text}”不是四位年度"))
        retention = get("retention")
        retention = RETENTION_CODES.get(retention, retention.upper())
        if retention and not re.fullmatch(r"Y|D\d{1,3}", retention):
            errors.append(RowError(row_no, "保管期限", f"“{retention}”应为 Y、D30、D10 等代码"))
        level_text = get("level")
        if level_text in ("卷", "案卷", "volume"):
            level = UnitLevel.VOLUME
        elif level_text in ("件", "文件", "item"):
            level = UnitLevel.ITEM
        elif level_text:
            errors.append(RowError(row_no, "整理单位", f"“{level_text}”应为“卷”或“件”"))
            level = UnitLevel.ITEM
        else:
            level = UnitLevel.VOLUME if parsed and "按卷" in parsed.scheme else UnitLevel.ITEM
        if parsed is not None:
            # The columns must agree with what the 档号 itself says.
            for key, label, from_no in (
                ("fonds_no", "全宗号", parsed.fonds),
                ("item_no", "件号", parsed.item),
                ("retention", "保管期限", parsed.retention),
            ):
                given = retention if key == "retention" else values[key]
                if given and from_no and given.lstrip("0") != from_no.lstrip("0"):
                    errors.append(RowError(row_no, label, f"“{given}”与档号中的“{from_no}”不一致"))
            if year and parsed.year and year != parsed.year:
                errors.append(RowError(row_no, "年度", f"“{year}”与档号中的“{parsed.year}”不一致"))
        plan.errors.extend(errors)
        if errors or parsed is None:
            continue
        plan.units.append(
            ArchiveUnit(
                owner=owner,
                level=level,
                archive_no=parsed.canonical,
                archive_no_scheme=parsed.scheme,
                fonds_no=values["fonds_no"] or parsed.fonds,
                category=parsed.category,
                year=year or parsed.year,
                retention=retention or parsed.retention,
                org_code=values["org_code"] or parsed.org_code,
                volume_no=values["volume_no"] or parsed.volume,
                item_no=values["item_no"] or parsed.item,
                title=title[:500],
                responsible=values["responsible"][:200],
                date=values.get("date", ""),
                pages=pages,
                classification=values["classification"][:30],
                declassified=get("declassified").lower() in TRUE_WORDS,
                repository=values["repository"][:50],
                row=values["row"][:10],
                column=values["column"][:10],
                section=values["section"][:10],
                shelf=values["shelf"][:10],
                box_no=values["box_no"][:30],
                custody_state=CustodyState.IN_STORAGE,
                holder=owner,
            )
        )
    return plan


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} 处错误，未导入任何档案")
        self.errors = errors


def commit_import(owner: Organization, plan: ImportPlan, source_name: str = "") -> int:
    """All or nothing: any row error refuses the whole file."""
    if plan.errors:
        raise ImportRefused(plan.errors)
    if not plan.units:
        raise ImportRefused([RowError(1, "文件", "没有可导入的行")])
    with transaction.atomic():
        for start in range(0, len(plan.units), BATCH_SIZE):
            chunk = plan.units[start : start + BATCH_SIZE]
            ArchiveUnit.objects.bulk_create(chunk)
            ledger.append(
                "custody_catalog_import_batch",
                obj=owner,
                object_repr=f"{owner.name} 目录导入 {source_name} 第 {start // BATCH_SIZE + 1} 批",
                after={
                    "from_row": start + 1,
                    "count": len(chunk),
                    "archive_nos": [u.archive_no for u in chunk],
                },
            )
        ledger.append(
            "custody_catalog_import",
            obj=owner,
            object_repr=f"{owner.name} 目录导入 {source_name}",
            after={
                "source": source_name,
                "count": len(plan.units),
                "batches": (len(plan.units) + BATCH_SIZE - 1) // BATCH_SIZE,
                "classified": sum(1 for u in plan.units if u.is_classified),
            },
        )
    return len(plan.units)
