"""Catalog import: header guessing, row errors with spreadsheet row numbers, all-or-nothing commit,
one summary ledger entry plus one per bulk batch; and the upload → mapping → preview → commit pages."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangan.custody.importer import ImportRefused, commit_import, guess_mapping, plan_import, read_table
from dangan.custody.models import ArchiveUnit, UnitLevel
from dangan.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

HEADER = ["档号", "题名", "责任者", "日期", "页数", "密级", "库房", "排", "列", "节", "层", "盒号"]


def row(i: int, **over) -> list[str]:
    base = {
        "档号": f"Z109-WS·2015-D30-BGS-{i:04d}",
        "题名": f"第{i}号文件",
        "责任者": "某市人民政府办公室",
        "日期": "2015-03-0" + str(1 + i % 9),
        "页数": str(3 + i % 7),
        "密级": "",
        "库房": "一号库",
        "排": "3",
        "列": "2",
        "节": "1",
        "层": "4",
        "盒号": f"{(i - 1) // 20 + 1:03d}",
    }
    base.update(over)
    return [base[h] for h in HEADER]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def test_a_clean_catalog_of_2500_rows_commits_in_bulk_with_one_summary_and_per_batch_ledger_entries(world):
    headers, rows = read_table("目录.csv", csv_bytes([row(i) for i in range(1, 2501)]))
    mapping = guess_mapping(headers)
    assert mapping["archive_no"] == 0 and mapping["box_no"] == 11
    plan = plan_import(world.client_a, headers, rows, mapping)
    assert plan.errors == [] and len(plan.units) == 2500
    assert commit_import(world.client_a, plan, "目录.csv") == 2500
    unit = ArchiveUnit.objects.get(archive_no="Z109-WS·2015-D30-BGS-0007")
    assert (unit.fonds_no, unit.year, unit.retention, unit.org_code, unit.item_no) == (
        "Z109",
        2015,
        "D30",
        "BGS",
        "0007",
    )
    assert unit.date == "20150308" and unit.location == "一号库3排2列1节4层 盒001"
    assert unit.level == UnitLevel.ITEM and unit.holder == world.client_a
    assert LedgerEntry.objects.filter(event="custody_catalog_import").count() == 1
    assert LedgerEntry.objects.filter(event="custody_catalog_import_batch").count() == 3


def test_row_errors_carry_row_numbers_and_nothing_is_written(world):
    ArchiveUnit.objects.create(owner=world.client_a, archive_no="Z109-WS·2015-D30-BGS-0009", title="已有")
    rows = [row(i) for i in range(1, 11)]
    rows[1] = row(2, 档号="Z109/2015/0002")  # sheet row 3
    rows[3] = row(3)  # sheet row 5 duplicates row 4
    rows[5] = row(6, 日期="2015-02-30", 页数="十")  # sheet row 7
    rows[6] = row(7, 题名="")  # sheet row 8
    headers, parsed_rows = read_table("目录.csv", csv_bytes(rows, "gb18030"))
    plan = plan_import(world.client_a, headers, parsed_rows, guess_mapping(headers))
    found = {(e.row, e.field) for e in plan.errors}
    assert found == {(3, "档号"), (5, "档号"), (7, "日期"), (7, "页数"), (8, "题名"), (10, "档号")}
    assert "DAT22/13/18" in next(str(e) for e in plan.errors if e.row == 3)
    assert "与第 4 行重复" in next(str(e) for e in plan.errors if e.row == 5)
    with pytest.raises(ImportRefused):
        commit_import(world.client_a, plan)
    assert ArchiveUnit.objects.filter(owner=world.client_a).count() == 1
    assert not LedgerEntry.objects.filter(event__startswith="custody_catalog_import").exists()


def test_columns_that_contradict_the_archive_no_are_row_errors(world):
    headers = ["档号", "题名", "全宗号", "年度"]
    rows = [["Z109-WS·2015-D30-BGS-0001", "甲", "Z110", "2014"]]
    plan = plan_import(world.client_a, headers, rows, guess_mapping(headers))
    assert {(e.row, e.field) for e in plan.errors} == {(2, "全宗号"), (2, "年度")}


def test_xlsx_volume_catalog_in_the_dat13_form(world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["档号", "案卷题名", "整理单位", "密级"])
    sheet.append(["J019-ZY·JC·CC·2019·D30-001-001", "基建项目卷一", "卷", "机密"])
    buffer = io.BytesIO()
    book.save(buffer)
    headers, rows = read_table("案卷目录.xlsx", buffer.getvalue())
    plan = plan_import(world.client_a, headers, rows, guess_mapping(headers))
    assert plan.errors == []
    [unit] = plan.units
    assert (
        unit.level == UnitLevel.VOLUME and unit.archive_no_scheme.startswith("DA/T 13") and unit.is_classified
    )


def test_import_pages_upload_map_preview_commit(world):
    client = Client()
    client.force_login(world.client_a_manager)
    upload = SimpleUploadedFile(
        "目录.csv", csv_bytes([row(i) for i in range(1, 31)]), content_type="text/csv"
    )
    response = client.post(reverse("custody:import_upload"), {"file": upload})
    assert response.status_code == 302
    mapping_url = response.url
    page = client.get(mapping_url)
    assert page.status_code == 200 and "表头对应" in page.content.decode()
    form = {f.name: f.value() or "" for f in page.context["form"]}
    preview = client.post(mapping_url, {**form, "action": "preview"})
    html = preview.content.decode()
    assert 'data-testid="import-ok"' in html and 'data-testid="import-preview"' in html
    assert ArchiveUnit.objects.count() == 0  # previewing writes nothing
    done = client.post(mapping_url, {**form, "action": "commit"})
    assert done.status_code == 302 and ArchiveUnit.objects.filter(owner=world.client_a).count() == 30


def test_import_page_shows_row_errors_and_refuses_commit(world):
    client = Client()
    client.force_login(world.client_a_manager)
    upload = SimpleUploadedFile(
        "目录.csv", csv_bytes([row(1), row(2, 档号="坏档号")]), content_type="text/csv"
    )
    mapping_url = client.post(reverse("custody:import_upload"), {"file": upload}).url
    form = {f.name: f.value() or "" for f in client.get(mapping_url).context["form"]}
    response = client.post(mapping_url, {**form, "action": "commit"})
    html = response.content.decode()
    assert 'data-row="3"' in html and "第 3 行 档号" in html and 'data-testid="commit"' not in html
    assert ArchiveUnit.objects.count() == 0


def test_import_needs_the_capability(world):
    client = Client()
    client.force_login(world.client_a_sysadmin)
    assert client.get(reverse("custody:import_upload")).status_code == 403
    client.force_login(world.provider_a_manager)
    assert client.get(reverse("custody:import_upload")).status_code == 403
