"""Every demo user logs in through the real login page and lands on the dashboard of their role."""

from __future__ import annotations

import pytest

from dangan.accounts import roles
from dangan.core.demo import DEMO_PASSWORD, USERS, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture
def demo(transactional_db):
    load_demo()
    return USERS


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")


def test_each_demo_user_sees_the_dashboard_of_their_role(demo, live_server, browser, screenshot_dir):
    for spec in demo:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        try:
            login(page, live_server.url, spec.username, DEMO_PASSWORD)
            page.wait_for_selector("[data-testid=dashboard-headline]")
            headline = page.inner_text("[data-testid=dashboard-headline]")
            expected = roles.ROLE_BY_CODE[spec.roles[0]].name + "工作台"
            assert headline == expected, spec.username
            held = page.inner_text("[data-testid=held-roles]")
            for code in spec.roles:
                assert roles.ROLE_BY_CODE[code].name in held
            # Stylesheets and scripts come from the npm build, not a CDN: Bootstrap must have styled the page.
            navbar_display = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).display")
            assert navbar_display == "flex", "Bootstrap CSS not loaded: run scripts/build_assets.sh"
            page.screenshot(path=str(screenshot_dir / f"{spec.username}.png"), full_page=True)
        finally:
            context.close()


def test_wrong_password_is_refused_without_naming_the_account(demo, live_server, browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server.url, "auditor", "wrong-password")
        assert "用户名或口令错误" in page.inner_text("[data-testid=form-errors]")
        login(page, live_server.url, "nobody-here", "wrong-password")
        assert "用户名或口令错误" in page.inner_text("[data-testid=form-errors]")
    finally:
        context.close()


def test_auditor_verifies_the_ledger_with_htmx(demo, live_server, browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server.url, "auditor", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/ledger/")
        page.click("[data-testid=verify-button]")
        result = page.wait_for_selector("[data-testid=verify-result]")
        assert result.get_attribute("data-ok") == "true"
        assert "审计日志完整" in result.inner_text()
        assert page.url.endswith("/ledger/")  # swapped in place, no page load
    finally:
        context.close()
