"""The provider registry in a real browser: a client compares providers, a provider keeps its registry
(ID refused with its rule ID, Excel import all-or-nothing), expiry shown in amber."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from dangan.core import demo as core_demo
from dangan.core.demo import DEMO_PASSWORD
from dangan.engines.identifiers import id_check_character

pytestmark = [pytest.mark.browser]


@pytest.fixture
def demo(transactional_db, monkeypatch):
    # Only the base data and the registry: other apps' loaders may need rows that data migrations
    # seed, which transactional tests flush away between tests.
    monkeypatch.setattr(core_demo, "APP_DEMO_LOADERS", ("dangan.providers.demo:load_providers_demo",))
    core_demo.load_demo()


def login(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=dashboard-headline]")


@pytest.fixture
def page_for(browser):
    contexts = []

    def open_page(base_url: str, username: str):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        login(page, base_url, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_client_compares_providers_and_sees_bad_record_and_rules(demo, live_server, page_for, screenshot_dir):
    page = page_for(live_server.url, "enterprise_manager")
    page.goto(f"{live_server.url}/providers/")
    table = page.inner_text("[data-testid=provider-table]")
    assert "某某数字档案技术有限公司" in table and "某某档案管理服务有限公司" in table
    assert page.locator("[data-testid=bad-count]").count() == 1
    page.screenshot(path=str(screenshot_dir / "providers_list_client.png"), full_page=True)
    page.click("text=某某档案管理服务有限公司")
    page.click("[data-testid=tab-bad_records]")
    assert "逾期两个月交付" in page.inner_text("[data-testid=section-bad-records]")
    assert "某市档案局" in page.inner_text("[data-testid=section-bad-records]")
    page.click("[data-testid=tab-eligibility]")
    assert page.get_attribute("[data-testid=rule-SX-2\\.1]", "data-status") == "fail"
    page.screenshot(path=str(screenshot_dir / "providers_eligibility.png"), full_page=True)


def test_provider_sees_expiring_qualification_in_amber(demo, live_server, page_for):
    page = page_for(live_server.url, "provider2_manager")
    page.goto(f"{live_server.url}/providers/mine/")
    page.click("[data-testid=tab-qualifications]")
    row = page.locator("[data-testid=qualification-expiring]")
    assert "25 天后到期" in row.inner_text()
    assert "table-warning" in row.get_attribute("class")


def test_staff_form_refuses_invalid_id_with_rule_id(demo, live_server, page_for, screenshot_dir):
    page = page_for(live_server.url, "provider_manager")
    page.goto(f"{live_server.url}/providers/mine/?tab=staff")
    page.click("[data-testid=add-staff]")
    page.fill("input[name=name]", "新员工")
    page.fill("input[name=id_number]", "140105199001011230")  # wrong check digit
    page.click("[data-testid=save]")
    error = page.inner_text(".invalid-feedback")
    assert error.startswith("SX-3.1-b3：居民身份证号码无效")
    page.screenshot(path=str(screenshot_dir / "providers_staff_invalid_id.png"), full_page=True)


def _workbook(path, rows) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "国籍", "岗位", "专业技术人员", "培训日期"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def test_excel_import_refuses_a_file_with_one_bad_row_then_imports_the_fixed_file(
    demo, live_server, page_for, tmp_path, screenshot_dir
):
    good = [f"14010519910{i}0{i}123" for i in range(1, 4)]
    good = [n + id_check_character(n) for n in good]
    bad = good[1][:-1] + ("0" if good[1][-1] != "0" else "1")
    page = page_for(live_server.url, "provider_manager")
    page.goto(f"{live_server.url}/providers/mine/")
    page.click("[data-testid=import-staff]")
    rows = [[f"导入{i}", n, "中国", "扫描员", "是", "2024-05-06"] for i, n in enumerate(good)]
    rows[1][1] = bad
    page.set_input_files("input[name=file]", _workbook(tmp_path / "bad.xlsx", rows))
    page.click("[data-testid=upload]")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "第3行：SX-3.1-b3" in errors
    assert page.locator("[data-testid=commit]").count() == 0
    page.screenshot(path=str(screenshot_dir / "providers_import_errors.png"), full_page=True)
    rows[1][1] = good[1]
    page.goto(f"{live_server.url}/providers/mine/")
    page.click("[data-testid=import-staff]")
    page.set_input_files("input[name=file]", _workbook(tmp_path / "good.xlsx", rows))
    page.click("[data-testid=upload]")
    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=section-staff]")
    staff = page.inner_text("[data-testid=section-staff]")
    assert all(f"导入{i}" in staff for i in range(3))
    assert good[0] not in staff  # masked
