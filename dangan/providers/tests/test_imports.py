"""Excel import of staff and equipment: generated workbooks, row-level errors, all-or-nothing commit."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangan.ledger.models import LedgerEntry
from dangan.providers import imports
from dangan.providers.models import Equipment, StaffMember, TrainingRecord
from dangan.providers.testing import add_staff, invalid_id_number, valid_id_number

pytestmark = pytest.mark.django_db


def workbook(header: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


STAFF_HEADER = ["姓名", "公民身份号码", "国籍", "岗位", "专业技术人员", "培训日期", "证书编号"]


def staff_rows(n: int) -> list[list[object]]:
    return [
        [f"员工{i}", valid_id_number(), "中国", "扫描员", "是", "2024-05-06", f"ZS-{i}"] for i in range(n)
    ]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(user, provider, kind: str, data: bytes, name: str = "list.xlsx"):
    url = reverse("provider_import", args=[provider.pk, kind])
    return client_for(user).post(url, {"file": SimpleUploadedFile(name, data)})


def test_valid_staff_file_previews_then_commits_every_row_with_ledger(world):
    data = workbook(STAFF_HEADER, staff_rows(3))
    user = world.provider_a_manager
    client = client_for(user)
    url = reverse("provider_import", args=[world.provider_a.pk, "staff"])
    response = client.post(url, {"file": SimpleUploadedFile("staff.xlsx", data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-ok"' in page
    assert StaffMember.objects.count() == 0  # preview writes nothing
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    before = LedgerEntry.objects.count()
    commit_url = reverse("provider_import_commit", args=[world.provider_a.pk, "staff"])
    assert client.post(commit_url, {"token": token}).status_code == 302
    assert StaffMember.objects.filter(provider=world.provider_a).count() == 3
    assert TrainingRecord.objects.filter(staff__provider=world.provider_a).count() == 3
    summary = LedgerEntry.objects.get(event="import")
    assert summary.after["rows"] == 3 and summary.after["kind"] == "staff"
    # 3 staff + 3 training records + 1 summary
    assert LedgerEntry.objects.count() - before == 7
    # the token is single-use
    assert client.post(commit_url, {"token": token}).status_code == 403
    assert StaffMember.objects.count() == 3


def test_one_bad_row_reports_row_and_reason_and_nothing_is_saved(world):
    rows = staff_rows(3)
    rows[1][1] = invalid_id_number()
    response = upload(world.provider_a_manager, world.provider_a, "staff", workbook(STAFF_HEADER, rows))
    assert response.status_code == 422
    page = response.content.decode()
    assert "第3行：SX-3.1-b3：身份证号码校验位错误" in page
    assert 'data-testid="commit"' not in page
    assert StaffMember.objects.count() == 0
    assert rows[0][1] not in page  # the preview masks ID numbers


def test_row_errors_duplicates_missing_name_bad_date_and_already_registered(world):
    existing = add_staff(world.provider_a, "老员工")
    dup = valid_id_number()
    rows = [
        ["甲", dup, "中国", "", "是", "", ""],
        ["乙", dup, "中国", "", "否", "", ""],
        ["", valid_id_number(), "中国", "", "", "", ""],
        ["丙", existing.id_number, "中国", "", "", "", ""],
        ["丁", valid_id_number(), "中国", "", "也许", "2024-13-40", ""],
        ["戊", valid_id_number(), "中国", "", "", "", "ZS-9"],
    ]
    result = imports.parse(workbook(STAFF_HEADER, rows), "staff", world.provider_a)
    messages = result.messages()
    assert "第3行：身份证明号码与第2行重复" in messages
    assert "第4行：姓名为空" in messages
    assert "第5行：该身份证明号码已登记为本单位工作人员（老员工）" in messages
    assert any(m.startswith("第6行：“专业技术人员”应填“是”或“否”") for m in messages)
    assert any(m.startswith("第6行：培训日期“2024-13-40”不是有效日期") for m in messages)
    assert "第7行：填写了培训信息但缺少培训日期" in messages
    assert not result.ok
    with pytest.raises(imports.ImportRefused):
        imports.commit(workbook(STAFF_HEADER, rows), "staff", world.provider_a)
    assert StaffMember.objects.filter(provider=world.provider_a).count() == 1


def test_foreign_staff_without_basis_is_a_warning_not_an_error(world):
    rows = [["Anna", "C12345678", "DE", "", "", "", ""]]
    header = ["姓名", "证件号码", "国籍", "岗位", "专业技术人员", "培训日期", "证书编号"]
    data = workbook([*header, "证件类型"], [[*rows[0], "护照"]])
    result = imports.parse(data, "staff", world.provider_a)
    assert result.ok
    assert result.rows[0].warnings[0].startswith("SX-3.1-b2：国籍为DE")


def test_missing_required_column_and_non_xlsx_are_refused(world):
    result = imports.parse(workbook(["名字", "岗位"], [["甲", "x"]]), "staff", world.provider_a)
    assert any("缺少必填列“姓名”" in p for p in result.problems)
    assert not imports.parse(b"not a workbook", "staff", world.provider_a).ok
    response = upload(world.provider_a_manager, world.provider_a, "staff", b"a,b", name="list.csv")
    assert response.status_code == 400 and "请上传 .xlsx" in response.content.decode()


def test_equipment_import_all_or_nothing(world):
    header = ["设备名称", "规格型号", "数量", "序列号"]
    good = workbook(header, [["高速扫描仪", "S-1", 2, "SN1,SN2"], ["平板扫描仪", "F-1", 1, "SN3"]])
    result = imports.commit(good, "equipment", world.provider_a, filename="eq.xlsx")
    assert len(result.rows) == 2
    assert Equipment.objects.filter(provider=world.provider_a).count() == 2
    again = workbook(header, [["新扫描仪", "", 1, "SN9"], ["旧扫描仪", "", "两台", "SN1"]])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.commit(again, "equipment", world.provider_a)
    messages = refused.value.result.messages()
    assert "第3行：数量“两台”应为正整数" in messages
    assert "第3行：序列号SN1已登记（高速扫描仪）" in messages
    assert Equipment.objects.filter(provider=world.provider_a).count() == 2


def test_template_download_has_the_headers_the_parser_expects(world):
    for kind in ("staff", "equipment"):
        response = client_for(world.provider_a_manager).get(reverse("provider_import_template", args=[kind]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [c.value for c in sheet[1]]
        assert header == [c.title for c in imports.COLUMNS[kind]]
        # the template itself parses (header only → "no data rows", not a header problem)
        assert imports.parse(response.content, kind, world.provider_a).problems == ["文件中没有数据行"]


def test_import_pages_are_scoped(world):
    data = workbook(STAFF_HEADER, staff_rows(1))
    assert upload(world.provider_b_manager, world.provider_a, "staff", data).status_code == 404
    assert upload(world.client_a_manager, world.provider_a, "staff", data).status_code == 403
    assert upload(world.province_officer, world.provider_a, "staff", data).status_code == 403
    url = reverse("provider_import", args=[world.provider_a.pk, "unknown"])
    assert client_for(world.provider_a_manager).get(url).status_code == 404


def test_token_of_one_provider_cannot_commit_for_another(world):
    from dangan.accounts import roles
    from dangan.core.testing import make_user

    data = workbook(STAFF_HEADER, staff_rows(1))
    response = upload(world.provider_a_manager, world.provider_a, "staff", data)
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    # another provider's user, other session: the token is unknown there
    other = make_user(world.provider_b, roles.PROVIDER_MANAGER)
    url = reverse("provider_import_commit", args=[world.provider_b.pk, "staff"])
    assert client_for(other).post(url, {"token": token}).status_code == 403
    assert StaffMember.objects.count() == 0
