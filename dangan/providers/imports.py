"""Excel import of staff and equipment lists: parse, check every row, commit all rows or none.

The header row is matched against the usual Chinese column names (several spellings each); every
data row is checked and its problems reported with the Excel row number and a Chinese reason. A
commit re-parses the same file and writes nothing unless every row is clean, all in one transaction;
each created row is ledgered by the signals and the import itself by one summary entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dangan.core.fields import blind_index
from dangan.engines.compliance.vocab import ID_TYPES, PRC_NATIONALITY_VALUES
from dangan.engines.identifiers import mask_id_number, validate_id_number
from dangan.ledger import services as ledger

from .models import Equipment, StaffMember, TrainingRecord

MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]
    required: bool = False
    note: str = ""

    @property
    def title(self) -> str:
        return self.headers[0]


STAFF_COLUMNS: tuple[Column, ...] = (
    Column("name", ("姓名",), True),
    Column(
        "id_number",
        ("身份证号", "公民身份号码", "身份证号码", "身份证明号码", "证件号码"),
        True,
        "居民身份证18位，校验位须正确（SX-3.1-b3）",
    ),
    Column(
        "id_type",
        ("证件类型", "身份证明类型"),
        note="留空为居民身份证；可填：" + "、".join(ID_TYPES.values()),
    ),
    Column("nationality", ("国籍",), note="留空为中国（CN）"),
    Column("exception_basis", ("例外依据", "国家另有规定的依据"), note="非中国国籍时填写（SX-3.1-b2）"),
    Column("position", ("岗位", "职务")),
    Column("professional", ("专业技术人员", "是否专业技术人员"), note="是/否"),
    Column("confidentiality_undertaking", ("保密承诺", "已签保密承诺书", "保密承诺书"), note="是/否"),
    Column("political_review", ("政审材料", "已提供政审材料"), note="是/否"),
    Column("trained_on", ("培训日期",), note="YYYY-MM-DD"),
    Column("course", ("培训内容", "培训课程", "培训名称"), note="留空为“档案专业培训”"),
    Column("certificate_no", ("证书编号", "培训证书编号")),
    Column("issuer", ("培训机构", "发证机构", "发证/培训机构")),
)

EQUIPMENT_COLUMNS: tuple[Column, ...] = (
    Column("name", ("设备名称", "名称"), True),
    Column("model_name", ("型号", "规格型号")),
    Column("count", ("数量", "台数"), note="正整数，留空为1"),
    Column("serial_numbers", ("序列号", "出厂编号")),
    Column("offline", ("不连接互联网", "是否断网"), note="是/否，留空为是"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {"staff": STAFF_COLUMNS, "equipment": EQUIPMENT_COLUMNS}
SHEET_TITLES = {"staff": "工作人员", "equipment": "设备"}

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有", "已签", "已提供"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", "未签", "未提供"}
_ID_TYPE_BY_LABEL = {label: code for code, label in ID_TYPES.items()} | {code: code for code in ID_TYPES}
_ID_TYPE_BY_LABEL["身份证"] = "resident_id"


@dataclass
class Row:
    number: int  # the Excel row number, as the user sees it
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # as shown in the preview (ID numbers masked)

    def shown(self, fld: str) -> str:
        value = self.values.get(fld)
        if fld == "id_number" and value:
            return mask_id_number(str(value))
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dt.date):
            return value.isoformat()
        return "" if value is None else str(value)


@dataclass
class ImportResult:
    kind: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # file-level: unreadable, missing headers …
    sha256: str = ""

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(not r.errors for r in self.rows)

    def messages(self) -> list[str]:
        out = list(self.problems)
        for row in self.rows:
            out.extend(f"第{row.number}行：{e}" for e in row.errors)
        return out


# ----------------------------------------------------------------------------------------- cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _bool(value: Any, default: bool) -> bool | None:
    text = _text(value).lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _date(value: Any) -> dt.date | str | None:
    """A date, None for an empty cell, or the original text when it is not a date."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        return _text(value)


def _header_map(header: tuple[Any, ...], columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    normalized = [_text(h).replace(" ", "").replace("*", "") for h in header]
    mapping: dict[str, int] = {}
    problems: list[str] = []
    for column in columns:
        for i, title in enumerate(normalized):
            if title in column.headers:
                if column.field in mapping:
                    problems.append(f"表头中“{column.title}”列出现了不止一次")
                mapping[column.field] = i
        if column.required and column.field not in mapping:
            problems.append(f"缺少必填列“{column.title}”（可用列名：{'、'.join(column.headers)}）")
    return mapping, problems


# ------------------------------------------------------------------------------------------ rows


def _staff_row(row: Row, provider: Any, seen: dict[str, int], registered: dict[str, str]) -> None:
    v = row.values
    if not v.get("name"):
        row.errors.append("姓名为空")
    id_type = _ID_TYPE_BY_LABEL.get(v.get("id_type") or "居民身份证")
    if id_type is None:
        row.errors.append(f"证件类型“{v['id_type']}”无法识别，可填：{'、'.join(ID_TYPES.values())}")
        id_type = "resident_id"
    v["id_type"] = id_type
    number = (v.get("id_number") or "").upper()
    v["id_number"] = number
    if not number:
        row.errors.append("SX-3.1-b3：身份证明号码为空")
    else:
        if id_type == "resident_id":
            result = validate_id_number(number)
            if not result.ok:
                row.errors.append(f"SX-3.1-b3：{result.reason}")
        index = blind_index(number)
        if index in seen:
            row.errors.append(f"身份证明号码与第{seen[index]}行重复")
        else:
            seen[index] = row.number
        if index in registered:
            row.errors.append(f"该身份证明号码已登记为本单位工作人员（{registered[index]}）")
    nationality = v.get("nationality") or "CN"
    v["nationality"] = nationality
    if nationality.upper() not in PRC_NATIONALITY_VALUES and not v.get("exception_basis"):
        row.warnings.append(f"SX-3.1-b2：国籍为{nationality}且未填写国家另有规定的依据，资格审查将不予通过")
    for fld, label in (
        ("professional", "专业技术人员"),
        ("confidentiality_undertaking", "保密承诺"),
        ("political_review", "政审材料"),
    ):
        parsed = _bool(v.get(fld), False)
        if parsed is None:
            row.errors.append(f"“{label}”应填“是”或“否”，实际为“{v.get(fld)}”")
        v[fld] = bool(parsed)
    trained_on = _date(v.get("trained_on"))
    if isinstance(trained_on, str):
        row.errors.append(f"培训日期“{trained_on}”不是有效日期（应为 YYYY-MM-DD）")
        trained_on = None
    elif trained_on and trained_on > dt.date.today():
        row.errors.append(f"培训日期{trained_on.isoformat()}晚于今天")
    v["trained_on"] = trained_on
    if not trained_on and (v.get("certificate_no") or v.get("course") or v.get("issuer")):
        row.errors.append("填写了培训信息但缺少培训日期")
    if trained_on and not v.get("course"):
        v["course"] = "档案专业培训"


def _equipment_row(row: Row, provider: Any, seen: dict[str, int], registered: dict[str, str]) -> None:
    v = row.values
    if not v.get("name"):
        row.errors.append("设备名称为空")
    count_text = v.get("count") or "1"
    if not count_text.isdigit() or int(count_text) < 1:
        row.errors.append(f"数量“{count_text}”应为正整数")
        v["count"] = None
    else:
        v["count"] = int(count_text)
    offline = _bool(v.get("offline"), True)
    if offline is None:
        row.errors.append(f"“不连接互联网”应填“是”或“否”，实际为“{v.get('offline')}”")
    v["offline"] = bool(offline)
    for serial in [
        s.strip() for s in (v.get("serial_numbers") or "").replace("，", ",").split(",") if s.strip()
    ]:
        if serial in seen:
            row.errors.append(f"序列号{serial}与第{seen[serial]}行重复")
        else:
            seen[serial] = row.number
        if serial in registered:
            row.errors.append(f"序列号{serial}已登记（{registered[serial]}）")


def _registered(kind: str, provider: Any) -> dict[str, str]:
    if kind == "staff":
        return dict(StaffMember.objects.filter(provider=provider).values_list("id_number_index", "name"))
    out: dict[str, str] = {}
    for name, serials in Equipment.objects.filter(provider=provider).values_list("name", "serial_numbers"):
        for serial in serials.replace("，", ",").replace("\n", ",").split(","):
            if serial.strip():
                out[serial.strip()] = name
    return out


CHECKS: dict[str, Callable[[Row, Any, dict, dict], None]] = {"staff": _staff_row, "equipment": _equipment_row}


def parse(data: bytes, kind: str, provider: Any) -> ImportResult:
    """Read the first worksheet of an .xlsx file and check every row against the registry."""
    from openpyxl import load_workbook

    columns = COLUMNS[kind]
    result = ImportResult(kind, columns, sha256=hashlib.sha256(data).hexdigest())
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        result.problems.append("无法读取文件：请上传 Excel 2007 及以上版本的 .xlsx 文件")
        return result
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            result.problems.append("工作表为空：第1行应为表头")
            return result
        mapping, problems = _header_map(tuple(header), columns)
        result.problems.extend(problems)
        if problems:
            return result
        seen: dict[str, Any] = {}
        registered = _registered(kind, provider)
        for number, cells in enumerate(rows, start=2):
            if not any(_text(c) for c in cells):
                continue
            if len(result.rows) >= MAX_ROWS:
                result.problems.append(f"一次最多导入{MAX_ROWS}行，请拆分文件")
                break
            values = {
                col.field: (cells[mapping[col.field]] if mapping[col.field] < len(cells) else None)
                for col in columns
                if col.field in mapping
            }
            values = {k: (val if k == "trained_on" else _text(val)) for k, val in values.items()}
            row = Row(number, values)
            CHECKS[kind](row, provider, seen, registered)
            row.cells = [row.shown(col.field) for col in columns]
            result.rows.append(row)
    finally:
        workbook.close()
    if not result.rows and not result.problems:
        result.problems.append("文件中没有数据行")
    return result


class ImportRefused(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("；".join(result.messages()[:5]))
        self.result = result


def commit(data: bytes, kind: str, provider: Any, *, filename: str = "") -> ImportResult:
    """Re-check the file and create every row in one transaction, or nothing (raises ImportRefused)."""
    with transaction.atomic():
        # Checked inside the transaction so a row registered meanwhile is seen as a duplicate.
        result = parse(data, kind, provider)
        if not result.ok:
            raise ImportRefused(result)
        for row in result.rows:
            _create(kind, provider, row.values)
        ledger.append(
            "import",
            obj=provider,
            after={
                "kind": kind,
                "rows": len(result.rows),
                "file_sha256": result.sha256,
                "filename": filename,
            },
        )
    return result


def _create(kind: str, provider: Any, v: dict[str, Any]) -> None:
    if kind == "equipment":
        item = Equipment(
            provider=provider,
            name=v["name"],
            model_name=v.get("model_name", ""),
            count=v["count"],
            serial_numbers=v.get("serial_numbers", ""),
            offline=v["offline"],
        )
        item.full_clean()
        item.save()
        return
    member = StaffMember(
        provider=provider,
        name=v["name"],
        id_type=v["id_type"],
        id_number=v["id_number"],
        nationality=v["nationality"],
        exception_basis=v.get("exception_basis", ""),
        position=v.get("position", ""),
        professional=v["professional"],
        confidentiality_undertaking=v["confidentiality_undertaking"],
        political_review=v["political_review"],
    )
    member.full_clean()
    member.save()
    if v.get("trained_on"):
        record = TrainingRecord(
            staff=member,
            course=v["course"],
            trained_on=v["trained_on"],
            certificate_no=v.get("certificate_no", ""),
            issuer=v.get("issuer", ""),
        )
        record.full_clean()
        record.save()


def template_workbook(kind: str) -> bytes:
    """An empty import workbook: the header row, plus a sheet that explains every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLES[kind]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=column.title)
        cell.font = bold
        cell.fill = fill
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.title) * 3)
        if column.field == "id_number":
            # Text format keeps Excel from turning an 18-digit number into 1.1E+17.
            for row in range(2, 502):
                sheet.cell(row=row, column=i).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "必填", "可用的列名写法", "说明"])
    for c in notes[1]:
        c.font = bold
    for column in columns:
        notes.append([column.title, "是" if column.required else "", "、".join(column.headers), column.note])
    notes.append([])
    notes.append(["导入规则：第1行为表头；有任何一行出错时整份文件都不会导入，请按错误报告修改后重新上传。"])
    for letter, width in zip("ABCD", (16, 6, 40, 50), strict=True):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
