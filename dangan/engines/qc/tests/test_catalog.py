from __future__ import annotations

import pytest
from openpyxl import Workbook

from dangan.engines.qc.archive_no import ArchiveNoParser
from dangan.engines.qc.catalog import CatalogError, check_catalog, read_catalog
from dangan.engines.qc.findings import FindingFactory
from dangan.engines.qc.profile import load_profile

COLUMNS = load_profile().section("catalog")["columns"]


def test_gb18030_csv_and_alias_columns(tmp_path):
    path = tmp_path / "目录.csv"
    path.write_bytes(
        "档案号,文件题名,责任者,成文日期,页数,保管期限\nZ109-WS·2011-Y-BGS-0001,通知,办公室,20110101,2,永久\n".encode(
            "gb18030"
        )
    )
    cat = read_catalog(path, COLUMNS)
    assert cat.rows[0].values["archive_no"] == "Z109-WS·2011-Y-BGS-0001"
    assert cat.rows[0].values["title"] == "通知" and cat.rows[0].values["date"] == "20110101"


def test_xlsx_with_title_row_dates_and_numbers(tmp_path):
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["某单位归档文件目录"])
    ws.append(["序号", "档号", "题名", "日期", "页数"])
    ws.append([1, "Z109-WS·2011-Y-BGS-0001", "通知", dt.datetime(2011, 3, 5), 3])
    path = tmp_path / "目录.xlsx"
    wb.save(path)
    cat = read_catalog(path, COLUMNS)
    assert cat.rows[0].line == 3
    assert cat.rows[0].values["date"] == "20110305" and cat.rows[0].values["pages"] == "3"


def test_column_mapping_override(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("编号,名称\nZ109-WS·2011-Y-BGS-0001,通知\n", "utf-8")
    with pytest.raises(CatalogError):
        read_catalog(path, COLUMNS)
    cat = read_catalog(path, COLUMNS, {"archive_no": "编号", "title": "名称"})
    assert cat.rows[0].values["title"] == "通知"


def _check(tmp_path, body: str):
    path = tmp_path / "c.csv"
    path.write_text("档号,题名,责任者,日期,页数,保管期限,密级,件号,全宗号,年度\n" + body, "utf-8")
    profile = load_profile()
    parser = ArchiveNoParser(profile.get("archive_no", "patterns"))
    return check_catalog(read_catalog(path, COLUMNS), profile, parser, FindingFactory())


def test_valid_rows_give_no_finding(tmp_path):
    body = (
        "Z109-WS·2011-Y-BGS-0001,通知,办公室,20110101,2,永久,,1,Z109,2011\n"
        "Z109-WS·2011-Y-BGS-0002,通知,办公室,20110200,2,Y,内部,2,Z109,2011\n"
        "Z109-WS·2011-D30-BGS-0001,通知,办公室,20110101,2,D30,,1,Z109,2011\n"
    )
    assert _check(tmp_path, body) == []


def test_unknown_month_and_day_written_as_zero_are_accepted(tmp_path):
    assert not _check(tmp_path, "Z109-WS·2011-Y-BGS-0001,通知,办公室,20110000,2,永久,,1,Z109,2011\n")


def test_page_count_and_item_number_must_be_numbers(tmp_path):
    findings = _check(tmp_path, "Z109-WS·2011-Y-BGS-0001,通知,办公室,20110101,两页,永久,,一,Z109,2011\n")
    assert sorted(f.details["field"] for f in findings if f.code == "CAT_FIELD_INVALID") == ["件号", "页数"]


def test_declassified_or_open_items_are_not_classified(tmp_path):
    findings = _check(
        tmp_path,
        "Z109-WS·2011-Y-BGS-0001,通知,办公室,20110101,2,永久,秘密,1,Z109,2011\n"
        "Z109-WS·2011-Y-BGS-0002,通知,办公室,20110101,2,永久,公开,2,Z109,2011\n",
    )
    assert [(f.code, f.archive_no) for f in findings] == [("CAT_CLASSIFIED", "Z109-WS·2011-Y-BGS-0001")]
    assert findings[0].rule == "SX-3.1-c"
