"""Through the browser: a client manager searches recognised text in Chinese without spaces, sees 档号,
题名, the page and the highlighted hit, and opens the page text; another client finds nothing."""

from __future__ import annotations

import pytest

from dangan.accounts import roles
from dangan.core.testing import TEST_PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser]

TEXT = "根据档案法的有关规定，数字化加工场所须设在发包单位指定地点。"


@pytest.fixture
def data(transactional_db):
    from dangan.custody.testing import make_units
    from dangan.ocr.models import PageText

    client = make_org(roles.CLIENT, "140100", name="某市人民政府办公室")
    other = make_org(roles.CLIENT, "140100", name="某县档案馆", client_kind="national_archive")
    make_user(client, roles.CLIENT_MANAGER, username="ocr_manager")
    make_user(other, roles.CLIENT_MANAGER, username="ocr_other")
    unit = make_units(client, 1)[0]
    PageText.objects.create(unit=unit, page=2, text=TEXT, engine="rapidocr", confidence=0.97)
    foreign = make_units(other, 1, fonds="X001")[0]
    PageText.objects.create(unit=foreign, page=1, text=TEXT, engine="rapidocr", confidence=0.97)
    return unit


def login(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=dashboard-headline]")
    return context, page


def test_search_and_open_the_page(data, live_server, browser, screenshot_dir):
    context, page = login(browser, live_server.url, "ocr_manager")
    try:
        page.click("text=全文检索")
        page.fill("[data-testid=search-input]", "加工场所")
        page.click("[data-testid=search-submit]")
        hit = page.locator("[data-testid=search-hit]")
        assert hit.count() == 1
        assert hit.locator("[data-testid=hit-archive-no]").inner_text() == data.archive_no
        assert data.title in hit.inner_text()
        assert hit.locator("[data-testid=hit-page]").inner_text() == "第 2 页"
        assert hit.locator("mark").first.inner_text() == "加工场所"
        page.screenshot(path=str(screenshot_dir / "ocr_search.png"), full_page=True)
        hit.click()
        page.wait_for_selector("#p2 mark")
        assert page.locator("#p2 mark").first.inner_text() == "加工场所"
    finally:
        context.close()
    context, page = login(browser, live_server.url, "ocr_other")
    try:
        page.goto(f"{live_server.url}/ocr/?q=加工场所")
        assert data.archive_no not in page.inner_text("main")
        assert page.locator("[data-testid=search-hit]").count() == 1  # its own unit only
    finally:
        context.close()
