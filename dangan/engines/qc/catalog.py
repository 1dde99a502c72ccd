"""Catalog (归档文件目录 / 案卷目录) reading and the catalog-only checks.

CSV is tried as UTF-8 (with or without BOM), then GB18030, the encodings Chinese archive software
exports. XLSX is read with openpyxl in read-only mode. The header row is the first row, among the
first 20, that contains the 档号 column, so title rows above the table are tolerated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive_no import ArchiveNo, ArchiveNoParser, canonical
from .findings import Finding, FindingFactory
from .profile import Profile

FIELD_LABELS = {
    "archive_no": "档号",
    "title": "题名",
    "author": "责任者",
    "date": "日期",
    "pages": "页数",
    "classification": "密级",
    "retention": "保管期限",
    "item_no": "件号",
    "fonds": "全宗号",
    "year": "年度",
    "org": "机构(问题)",
    "volume_no": "案卷号",
}


class CatalogError(ValueError):
    pass


@dataclass
class CatalogRow:
    line: int  # 1-based row number in the sheet, as a reviewer sees it
    values: dict[str, str]
    archive_no: ArchiveNo | None = None

    @property
    def key(self) -> str:
        """Canonical 档号 used to link images, even when it does not parse."""
        return canonical(self.values.get("archive_no", ""))

    @property
    def display_no(self) -> str | None:
        return self.values.get("archive_no") or None


@dataclass
class Catalog:
    source: str
    rows: list[CatalogRow]
    columns: dict[str, str] = field(default_factory=dict)  # key → header actually found

    def by_key(self) -> dict[str, CatalogRow]:
        out: dict[str, CatalogRow] = {}
        for row in self.rows:
            if row.key:
                out.setdefault(row.key, row)
        return out


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types on bad files
            raise CatalogError(f"无法读取目录文件 {path.name}：{exc}") from exc
        try:
            ws = wb.worksheets[0]
            return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CatalogError(f"目录文件 {path.name} 的编码无法识别（支持 UTF-8、GB18030）")
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    raise CatalogError(f"不支持的目录格式：{path.name}（支持 .xlsx、.csv）")


def _norm_header(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "").replace("（", "(").replace("）", ")")


def read_catalog(
    path: str | Path, columns: Mapping[str, list[str]], override: Mapping[str, str] | None = None
) -> Catalog:
    path = Path(path)
    rows = _read_rows(path)
    wanted: dict[str, list[str]] = {k: [_norm_header(n) for n in v] for k, v in columns.items()}
    for key, header in (override or {}).items():
        wanted[key] = [_norm_header(header)]
    header_idx = None
    for i, row in enumerate(rows[:20]):
        normed = [_norm_header(c) for c in row]
        if any(name in normed for name in wanted.get("archive_no", [])):
            header_idx = i
            break
    if header_idx is None:
        names = "、".join(wanted.get("archive_no", []))
        raise CatalogError(f"目录文件 {path.name} 中找不到档号列（{names}）；可用 --map archive_no=列名 指定")
    header = [_norm_header(c) for c in rows[header_idx]]
    found: dict[str, int] = {}
    for key, names in wanted.items():
        for name in names:
            if name in header:
                found[key] = header.index(name)
                break
    out: list[CatalogRow] = []
    for offset, row in enumerate(rows[header_idx + 1 :], start=header_idx + 2):
        if not any(c.strip() for c in row):
            continue
        values = {key: (row[idx].strip() if idx < len(row) else "") for key, idx in found.items()}
        out.append(CatalogRow(line=offset, values=values))
    catalog = Catalog(source=path.name, rows=out, columns={k: rows[header_idx][i] for k, i in found.items()})
    return catalog


def _valid_date(text: str, allow_zero: bool) -> bool:
    if len(text) != 8 or not text.isdigit():
        return False
    y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
    if allow_zero and m == 0 and d == 0:
        return 1000 <= y <= 9999
    if allow_zero and d == 0:
        return 1 <= m <= 12
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def normalize_retention(value: str, profile: Profile) -> str:
    aliases = profile.get("catalog", "retention_aliases", {}) or {}
    v = value.strip().upper()
    return str(aliases.get(value.strip(), v))


def classification_level(value: str) -> str:
    """'机密★10年' → '机密'."""
    return value.split("★")[0].split("*")[0].strip()


def check_catalog(
    catalog: Catalog, profile: Profile, parser: ArchiveNoParser, ff: FindingFactory
) -> list[Finding]:
    cfg = profile.section("catalog")
    findings: list[Finding] = []
    src = catalog.source
    required = [k for k in cfg.get("required", []) if k]
    retention_codes = set(cfg.get("retention_codes", []))
    class_values = set(cfg.get("classification_values", []))
    classified = set(cfg.get("classified_values", []))
    allow_zero = bool(cfg.get("allow_zero_month_day", True))
    field_columns: dict[str, str] = profile.get("archive_no", "field_columns", {}) or {}

    def label(key: str) -> str:
        return catalog.columns.get(key) or FIELD_LABELS.get(key, key)

    for key in required:
        if key not in catalog.columns:
            findings.append(
                ff("CAT_FIELD_MISSING", f"目录缺少必填列「{label(key)}」", file=src, field=label(key))
            )
    seen: dict[str, CatalogRow] = {}
    for row in catalog.rows:
        v = row.values
        no = row.display_no
        where = {"file": src, "archive_no": no}
        for key in required:
            if key in catalog.columns and not v.get(key):
                findings.append(
                    ff(
                        "CAT_FIELD_MISSING",
                        f"第 {row.line} 行「{label(key)}」为空",
                        **where,
                        row=row.line,
                        field=label(key),
                    )
                )
        date = v.get("date", "")
        if date and not _valid_date(date, allow_zero):
            findings.append(
                ff(
                    "CAT_FIELD_INVALID",
                    f"第 {row.line} 行日期「{date}」不是有效的 YYYYMMDD 日期",
                    **where,
                    row=row.line,
                    field=label("date"),
                    value=date,
                )
            )
        pages = v.get("pages", "")
        if pages and not (pages.isdigit() and int(pages) > 0):
            findings.append(
                ff(
                    "CAT_FIELD_INVALID",
                    f"第 {row.line} 行页数「{pages}」不是正整数",
                    **where,
                    row=row.line,
                    field=label("pages"),
                    value=pages,
                )
            )
        retention = v.get("retention", "")
        if retention and normalize_retention(retention, profile) not in retention_codes:
            findings.append(
                ff(
                    "CAT_FIELD_INVALID",
                    f"第 {row.line} 行保管期限「{retention}」不在允许值"
                    f"（{'、'.join(sorted(retention_codes))}）内",
                    **where,
                    row=row.line,
                    field=label("retention"),
                    value=retention,
                )
            )
        secrecy = v.get("classification", "")
        level = classification_level(secrecy)
        if secrecy and level not in class_values:
            findings.append(
                ff(
                    "CAT_FIELD_INVALID",
                    f"第 {row.line} 行密级「{secrecy}」无法识别",
                    **where,
                    row=row.line,
                    field=label("classification"),
                    value=secrecy,
                )
            )
        if level in classified and cfg.get("outsourced", True):
            findings.append(
                ff(
                    "CAT_CLASSIFIED",
                    f"第 {row.line} 行密级为「{secrecy}」：未解密的涉密档案不得外包数字化或整理",
                    **where,
                    row=row.line,
                    value=secrecy,
                )
            )
        item_no = v.get("item_no", "")
        if item_no and not item_no.isdigit():
            findings.append(
                ff(
                    "CAT_FIELD_INVALID",
                    f"第 {row.line} 行件号「{item_no}」不是数字",
                    **where,
                    row=row.line,
                    field=label("item_no"),
                    value=item_no,
                )
            )
        if not no:
            continue
        parsed = parser.parse(no)
        row.archive_no = parsed
        if parsed is None:
            findings.append(
                ff(
                    "CAT_ARCHIVE_NO_INVALID",
                    f"第 {row.line} 行档号「{no}」不符合档号编制规则",
                    **where,
                    row=row.line,
                    value=no,
                )
            )
        else:
            for part, col in field_columns.items():
                have = parsed.fields.get(part)
                given = v.get(col, "")
                if not have or not given:
                    continue
                if not _field_agrees(part, have, given, profile):
                    findings.append(
                        ff(
                            "CAT_ARCHIVE_NO_INVALID",
                            f"第 {row.line} 行档号「{no}」中的{label(col)}「{have}」"
                            f"与著录项「{given}」不一致",
                            **where,
                            row=row.line,
                            field=label(col),
                            value=given,
                            in_archive_no=have,
                        )
                    )
        if row.key in seen:
            findings.append(
                ff(
                    "CAT_ARCHIVE_NO_DUPLICATE",
                    f"第 {row.line} 行档号「{no}」与第 {seen[row.key].line} 行重复",
                    **where,
                    row=row.line,
                    first_row=seen[row.key].line,
                )
            )
        else:
            seen[row.key] = row
    findings.extend(_item_gaps(catalog, ff))
    return findings


def _field_agrees(part: str, have: str, given: str, profile: Profile) -> bool:
    # A catalog value that is itself invalid is reported as CAT_FIELD_INVALID, not twice.
    if part in ("item", "volume", "year"):
        return not given.isdigit() or int(given) == int(have)
    if part == "retention":
        norm = normalize_retention(given, profile)
        return norm not in set(profile.get("catalog", "retention_codes", [])) or norm == have.upper()
    if part == "org":
        # A catalog may hold the name (办公室) where the 档号 holds the code (BGS): only codes compare.
        g = canonical(given)
        return g == have or not g.isascii()
    return canonical(given) == have


def _item_gaps(catalog: Catalog, ff: FindingFactory) -> list[Finding]:
    groups: dict[str, dict[int, CatalogRow]] = defaultdict(dict)
    for row in catalog.rows:
        parsed = row.archive_no
        if parsed is None or parsed.item is None:
            continue
        groups[parsed.class_key].setdefault(parsed.item, row)
    out: list[Finding] = []
    for class_key, items in sorted(groups.items()):
        numbers = sorted(items)
        for prev, nxt in itertools.pairwise(numbers):
            if nxt - prev > 1:
                missing = list(range(prev + 1, nxt))
                shown = "、".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
                row = items[nxt]
                out.append(
                    ff(
                        "CAT_ITEM_NO_GAP",
                        f"分类「{class_key}」中件号不连续：缺 {shown}",
                        archive_no=row.display_no,
                        file=catalog.source,
                        row=row.line,
                        missing=missing,
                        class_key=class_key,
                    )
                )
    return out
