"""Through the browser: a delivery with a missing page is refused (DAT31-12, SX-3.3-c) with a
rectification order to the provider; the provider resubmits; the second round passes the machine check,
the client reviews the sample beside the page images and accepts; the history of both rounds stays."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dangan.accounts import roles
from dangan.core.testing import TEST_PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser]


@pytest.fixture
def setup(transactional_db, settings, tmp_path):
    from dangan.acceptance.tests.helpers import clean_delivery, defective_delivery
    from dangan.projects.models import Project

    root = tmp_path / "deliveries"
    root.mkdir()
    settings.DANGAN_DELIVERY_ROOT = str(root)
    settings.DATA_DIR = tmp_path / "data"
    settings.DANGAN_ACCEPTANCE_QC_WORKERS = 0
    client = make_org(roles.CLIENT, "140100", name="某市人民政府办公室", client_kind="organ")
    provider = make_org(roles.PROVIDER, "140100", name="某某数字档案技术有限公司")
    make_user(client, roles.CLIENT_MANAGER, username="organ_manager")
    make_user(provider, roles.PROVIDER_MANAGER, username="provider_manager")
    project = Project.objects.create(
        client=client, provider=provider, name="文书档案数字化", service_types=["digitization"], status="in_progress"
    )
    defective_delivery(root, "第一批", items=4)
    clean_delivery(root, "第一批-整改后", items=4)
    return project


def login(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=dashboard-headline]")
    return context, page


def submit(page, base: str, project, folder: str) -> None:
    page.goto(f"{base}/acceptance/projects/{project.pk}/")
    page.fill("#id_delivery_path", folder)
    page.select_option("#id_catalog_source", "auto")
    page.fill("#id_note", f"{folder}交付")
    page.click("[data-testid=submit-delivery]")
    page.wait_for_selector("[data-testid=round-heading]")


def review(page, outcome: str, reason: str = "") -> None:
    page.wait_for_selector("[data-testid=page-image]")
    # The page image is shown (decoded by the browser) beside its catalog entry, and zooms.
    assert page.evaluate("document.querySelector('[data-testid=page-image]').naturalWidth") > 0
    assert "Z109-WS·2011-Y-BGS" in page.inner_text("[data-testid=catalog-entry]")
    page.click("[data-testid=zoom-fit]")
    assert "fit" not in (page.get_attribute("[data-testid=viewer]", "class") or "")
    page.click("[data-testid=zoom-fit]")
    for code in ("correspondence", "image_quality", "completeness", "naming"):
        value = outcome if code == "correspondence" else "pass"
        page.check(f"[data-testid=check-{code}] input[value={value}]")
    if reason:
        page.fill("#id_reason", reason)
    page.click("[data-testid=save-review]")


def test_refused_then_rectified_then_accepted(setup, live_server, browser, screenshot_dir: Path):
    base = live_server.url
    project = setup
    provider_ctx, provider = login(browser, base, "provider_manager")
    client_ctx, client = login(browser, base, "organ_manager")
    try:
        # Round 1: the machine check finds the missing page.
        submit(provider, base, project, "第一批")
        assert provider.get_attribute("[data-testid=round-progress]", "data-status") == "reviewing"
        assert "未通过" in provider.inner_text("[data-testid=machine-verdict]")
        assert "PAGE_COUNT_MISMATCH" in provider.inner_text("[data-testid=finding-table]")
        round1 = provider.url

        client.goto(round1)
        client.click("[data-testid=review-1]")
        client.wait_for_selector("[data-testid=page-image]")
        client.screenshot(path=str(screenshot_dir / "acceptance-review.png"))
        review(client, "fail", "第 2 页缺失，目录页数与图像不符")
        client.goto(round1)
        assert "不合格" in client.inner_text("[data-testid=sample-1]")
        client.click("[data-testid=go-decide]")
        assert client.get_attribute("[data-testid=decide-preview]", "data-verdict") == "refused"
        assert "DAT31-12" in client.inner_text("[data-testid=decide-preview]")
        client.fill("#id_deadline", (timezone.localdate() + timedelta(days=15)).isoformat())
        client.fill("#id_comments", "补扫缺页后重新交付")
        client.click("[data-testid=decide]")
        client.wait_for_selector("[data-testid=decision]")
        assert client.get_attribute("[data-testid=decision]", "data-verdict") == "refused"
        decision = client.inner_text("[data-testid=decision]")
        assert "SX-3.3-c" in decision and "整改通知" in decision
        client.screenshot(path=str(screenshot_dir / "acceptance-refused.png"), full_page=True)

        # The provider sees the refusal and the order, rectifies and resubmits.
        provider.goto(f"{base}/acceptance/projects/{project.pk}/")
        assert "不予验收通过" in provider.inner_text("[data-testid=round-1-status]")
        submit(provider, base, project, "第一批-整改后")
        assert "第 2 轮" in provider.inner_text("[data-testid=round-heading]")
        assert "通过" in provider.inner_text("[data-testid=machine-verdict]")
        round2 = provider.url

        # Round 2: the client works through the sample and accepts.
        client.goto(round2)
        total = client.locator("[data-testid=sample-table] tbody tr").count()
        client.click("[data-testid=review-1]")
        for _ in range(total):
            review(client, "pass")
        client.wait_for_selector("[data-testid=round-heading]")
        assert client.inner_text("[data-testid=reviewed-count]") == str(total)
        assert client.inner_text("[data-testid=corr-rate]") == "100.0%"
        client.click("[data-testid=go-decide]")
        assert client.get_attribute("[data-testid=decide-preview]", "data-verdict") == "accepted"
        client.click("[data-testid=decide]")
        client.wait_for_selector("[data-testid=decision]")
        assert client.get_attribute("[data-testid=decision]", "data-verdict") == "accepted"
        assert client.locator("[data-testid=report-pdf]").count() == 1

        client.click("[data-testid=project-acceptance]")
        assert "不予验收通过" in client.inner_text("[data-testid=round-1-status]")
        assert "验收通过" in client.inner_text("[data-testid=round-2-status]")
        assert "已验证销号" in client.inner_text("[data-testid=round-1]")
        client.screenshot(path=str(screenshot_dir / "acceptance-history.png"), full_page=True)
    finally:
        provider_ctx.close()
        client_ctx.close()
