"""A hand-over out and back in the browser, scanned unit by unit (keyboard-wedge input), in which one
unit is missing at return: the receiver's confirmation marks it missing and the incident shows."""

from __future__ import annotations

import pytest

from dangan.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.fixture
def scene(transactional_db):
    from dangan.core.testing import World
    from dangan.custody.testing import build

    return build(World(), units=3)


def login(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def scan(page, code: str, expect_ok: bool = True) -> str:
    page.evaluate("document.getElementById('scan-feedback').innerHTML = ''")
    page.fill("[data-testid=scan-input]", code)
    page.press("[data-testid=scan-input]", "Enter")
    result = page.wait_for_selector(f"[data-testid=scan-result][data-ok={'true' if expect_ok else 'false'}]")
    text = result.inner_text()
    assert code in text
    # the input is cleared and keeps the focus for the next scan
    assert page.eval_on_selector("[data-testid=scan-input]", "el => el.value") == ""
    assert page.evaluate("document.activeElement.name") == "code"
    return text


def test_handover_out_and_back_with_a_unit_missing_at_return(scene, live_server, browser, screenshot_dir):
    base = live_server.url
    nos = [u.archive_no for u in scene.units]
    client_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    provider_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        client, provider = client_ctx.new_page(), provider_ctx.new_page()
        client.on("dialog", lambda d: d.accept())
        provider.on("dialog", lambda d: d.accept())

        # the client lists the units going out
        login(client, base, scene.client_staff)
        client.goto(f"{base}/custody/projects/{scene.project.pk}/")
        client.click("[data-testid=create-out-batch]")
        client.wait_for_selector("[data-testid=scan-input]")
        for no in nos:
            assert "✓" in scan(client, no)
        assert "已在本交接单中" in scan(client, nos[0], expect_ok=False)
        assert client.inner_text("[data-count=total]") == "3"
        client.click("[data-testid=send-batch]")
        client.wait_for_selector("[data-testid=batch-status][data-status=sent]")
        out_url = client.url

        # the provider counts each unit in and confirms receipt
        login(provider, base, scene.provider_operator)
        provider.goto(out_url)
        for no in nos:
            assert "已清点" in scan(provider, no)
        provider.click("[data-testid=confirm-batch]")
        provider.wait_for_selector("[data-testid=batch-status][data-status=received]")

        # the provider sends all three back
        provider.goto(f"{base}/custody/projects/{scene.project.pk}/")
        provider.click("[data-testid=create-return-batch]")
        provider.wait_for_selector("[data-testid=scan-input]")
        for no in nos:
            scan(provider, no)
        provider.click("[data-testid=send-batch]")
        provider.wait_for_selector("[data-testid=batch-status][data-status=sent]")
        return_url = provider.url

        # the client finds only two of them
        client.goto(return_url)
        for no in nos[:2]:
            scan(client, no)
        client.click("[data-testid=confirm-batch]")
        client.wait_for_selector("[data-testid=batch-status][data-status=received]")
        assert "CUSTODY：1 卷（件）未清点到" in client.inner_text("main")
        assert client.get_attribute(f"tr[data-archive-no='{nos[2]}']", "data-received") == "missing"

        # the reconciliation dashboard shows the missing unit and its incident
        client.goto(f"{base}/custody/projects/{scene.project.pk}/")
        assert client.inner_text("[data-state-count=missing]") == "1"
        assert client.inner_text("[data-state-count=returned]") == "2"
        assert nos[2] in client.inner_text("[data-testid=missing-units]")
        incident = client.inner_text("[data-testid=project-incidents]")
        assert "交接缺失" in incident and nos[2] in incident
        assert "CUSTODY：尚有 1 卷（件）原件未归还或下落不明" in client.inner_text("[data-testid=close-problems]")
        client.screenshot(path=str(screenshot_dir / "custody_missing_at_return.png"), full_page=True)
    finally:
        client_ctx.close()
        provider_ctx.close()
