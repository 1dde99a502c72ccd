"""A regulator's law-enforcement inspection in the browser: checklist → finding → rectification order →
notice (通报); the client then finds both in its notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dangan.core.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser]

CLIENT = "某市人民政府办公室"


@pytest.fixture
def demo(transactional_db):
    load_demo()


def login(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=dashboard-headline]")


def test_regulator_inspection_produces_finding_order_and_notice(demo, live_server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server.url, "inspector")
        page.goto(f"{live_server.url}/supervision/inspections/add/")
        page.select_option("#id_kind", "regulator_enforcement")
        page.select_option("#id_target_org", label=CLIENT)
        page.select_option("#id_template", label="档案业务外包行政执法检查表")
        page.fill("#id_date", timezone.localdate().isoformat())
        page.fill("#id_inspectors", "孙监管、钱执法")
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=inspection-heading]")
        assert CLIENT in page.inner_text("[data-testid=inspection-heading]")

        # Checklist: item 2 (client's primary responsibility, SX-2.2-a) has a problem.
        assert "SX-2.2-a" in page.inner_text("[data-testid=item-1]")
        page.check("[data-testid=item-2] input[value=problem]")
        page.fill("[data-testid=item-2] input[type=text]", "未建立工作台账")
        page.click("[data-testid=save-results]")
        page.wait_for_selector("[data-testid=finding-form]")

        page.select_option("[data-testid=finding-form] #id_item", index=2)
        page.select_option("#id_severity", "major")
        page.select_option("#id_category", "client_responsibility")
        page.fill("#id_rule_id", "SX-3.3-b")
        page.fill("[data-testid=finding-form] #id_description", "委托方未建立档案业务外包工作台账")
        page.click("[data-testid=add-finding]")
        findings = page.inner_text("[data-testid=findings]")
        assert "委托方未建立档案业务外包工作台账" in findings and "SX-3.3-b" in findings

        page.get_by_label("SX-3.3-b：委托方未建立档案业务外包工作台账").check()
        page.fill("#id_requirements", "十五日内建立工作台账并报送")
        page.fill("#id_deadline", (timezone.localdate() + timedelta(days=15)).isoformat())
        page.click("[data-testid=issue-order]")
        page.wait_for_selector("[data-testid=order-heading]")
        assert page.get_attribute("[data-status]", "data-status") == "issued"
        page.screenshot(path=str(screenshot_dir / "supervision-order.png"), full_page=True)

        page.click("[data-testid=notice-from-order]")
        page.fill("#id_title", "关于委托方未建立工作台账的通报")
        page.fill("#id_body", "检查发现某市人民政府办公室未建立工作台账，责令限期整改（SX-2.2-b）。")
        page.get_by_label(CLIENT, exact=True).check()
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=notice-published]")
        assert CLIENT in page.inner_text("[data-testid=notice-recipients]")
        page.screenshot(path=str(screenshot_dir / "supervision-notice.png"), full_page=True)
        context.clear_cookies()

        login(page, live_server.url, "organ_manager")
        page.goto(f"{live_server.url}/supervision/notifications/")
        notes = page.inner_text("[data-testid=notifications]")
        assert "关于委托方未建立工作台账的通报" in notes and "整改通知" in notes
        page.click("text=关于委托方未建立工作台账的通报")
        page.wait_for_selector("[data-testid=notice-title]")
    finally:
        context.close()
