"""Through the browser: a client creates a project, compares two providers, chooses one and records the
contract; and the two refusals that matter most at 立项 (机关 deposit JG11-2; classified archives not
declassified sent for digitization SX-3.1-c) appear on the page with their rule IDs."""

from __future__ import annotations

import pytest

from dangan.accounts import roles
from dangan.core.testing import TEST_PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser]

PROVIDER_1 = "某某数字档案技术有限公司"
PROVIDER_2 = "某某档案管理服务有限公司"


@pytest.fixture
def demo(transactional_db):
    # Only what this test needs (not the whole demo): a 机关 client with its manager and two providers.
    from dangan.providers.testing import make_eligible

    organ = make_org(roles.CLIENT, "140100", name="某市人民政府办公室", client_kind="organ")
    make_user(organ, roles.CLIENT_MANAGER, username="organ_manager")
    make_eligible(make_org(roles.PROVIDER, "140100", name=PROVIDER_1))
    make_eligible(make_org(roles.PROVIDER, "140105", name=PROVIDER_2), secrecy=False)


@pytest.fixture
def page(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "organ_manager")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=dashboard-headline]")
    yield page
    context.close()


def create_project(page, base: str, name: str, service: str, group: dict[str, str]) -> None:
    page.goto(f"{base}/projects/add/")
    page.fill("input[name=name]", name)
    page.check(f"input[name=service_types][value={service}]")
    page.fill("input[name=responsible_leader]", "王某（分管副主任）")
    page.fill("textarea[name=leader_duties]", "对外包档案安全负第一责任")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=project-name]")
    page.click("[data-testid=add-person]")
    page.fill("input[name=name]", "李某")
    page.fill("input[name=department]", "办公室（档案室）")
    page.fill("input[name=duty]", "现场监管、档案交接")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=project-name]")
    page.click("[data-testid=add-archive-group]")
    page.fill("input[name=name]", group["name"])
    for field in ("classified", "declassified", "in_national_archive_scope"):
        if field in group:
            page.select_option(f"select[name={field}]", group[field])
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=project-name]")
    page.click("[data-testid=add-site]")
    page.fill("input[name=name]", "委托方数字化用房")
    page.select_option("select[name=purpose]", "processing")
    page.select_option("select[name=in_prc]", "true")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=project-name]")


def test_main_path_create_compare_choose_contract(page, live_server, screenshot_dir):
    base = live_server.url
    create_project(
        page,
        base,
        "浏览器测试文书档案数字化",
        "digitization",
        {"name": "1990—2010年文书档案", "classified": "false"},
    )
    page.click("[data-testid=transition-selecting]")
    assert page.get_attribute("[data-testid=project-status]", "data-status") == "selecting"

    page.click("[data-testid=selection-link]")
    for provider, price in ((PROVIDER_1, "386000"), (PROVIDER_2, "352000")):
        page.select_option("[data-testid=candidate-form] select[name=provider]", label=provider)
        page.fill("[data-testid=candidate-form] input[name=price]", price)
        page.click("[data-testid=add-candidate]")
        page.wait_for_selector(f"[data-testid=candidate-row][data-provider='{provider}']")
    rows = page.query_selector_all("[data-testid=candidate-row]")
    assert len(rows) == 2
    assert all(r.get_attribute("data-decision") == "allowed" for r in rows)
    assert all(float(r.query_selector("[data-testid=candidate-total]").inner_text()) > 0 for r in rows)

    form = "[data-testid=selection-form]"
    page.select_option(f"{form} select[name=candidate]", label=PROVIDER_1)
    page.fill(f"{form} textarea[name=reasons]", "资格审查全部符合，具有涉密资质，综合得分最高")
    for box in page.query_selector_all(f"{form} input[name=examined]"):
        box.check()
    page.check(f"{form} input[name=market_research]")
    page.check(f"{form} input[name=business_inspection]")
    page.check(f"{form} input[name=qualifications_reviewed]")
    page.check(f"{form} input[name=security_capability_reviewed]")
    page.click("[data-testid=select-provider]")
    assert PROVIDER_1 in page.inner_text("[data-testid=selection-decision]")
    page.screenshot(path=str(screenshot_dir / "projects_selection.png"), full_page=True)

    page.click("text=浏览器测试文书档案数字化")
    page.click("[data-testid=transition-contracted]")
    assert page.get_attribute("[data-testid=project-status]", "data-status") == "contracted"
    assert PROVIDER_1 in page.inner_text("[data-testid=project-provider]")

    page.click("[data-testid=contract-link]")
    page.fill("input[name=number]", "HT-2025-BROWSER")
    page.fill("input[name=signed_on]", "2025-02-20")
    page.check("input[name=security_agreement_signed]")
    page.check("input[name=staff_security_education]")
    for field in page.query_selector_all("input[name^=clause_]"):
        field.fill("第三条")
    page.click("[data-testid=save-contract]")
    record = page.inner_text("[data-testid=contract-record]")
    assert "HT-2025-BROWSER" in record
    assert "未约定" not in page.inner_text("[data-testid=clause-table]")
    page.screenshot(path=str(screenshot_dir / "projects_contract.png"), full_page=True)


def test_organ_deposit_is_refused_with_jg11_2(page, live_server, screenshot_dir):
    create_project(
        page,
        live_server.url,
        "浏览器测试档案寄存托管",
        "deposit",
        {"name": "2000年以前文书档案", "in_national_archive_scope": "false"},
    )
    page.click("[data-testid=transition-selecting]")
    refusal = page.wait_for_selector("[data-testid=refusal]")
    assert refusal.query_selector("[data-rule-id='JG11-2']") is not None
    assert "JG11-2" in refusal.inner_text()
    assert page.get_attribute("[data-testid=project-status]", "data-status") == "draft"
    page.screenshot(path=str(screenshot_dir / "projects_refusal_jg11_2.png"), full_page=True)


def test_classified_not_declassified_is_refused_with_sx_3_1_c(page, live_server):
    create_project(
        page,
        live_server.url,
        "浏览器测试涉密档案数字化",
        "digitization",
        {"name": "2012年涉密文件", "classified": "true", "declassified": "false"},
    )
    page.click("[data-testid=transition-selecting]")
    refusal = page.wait_for_selector("[data-testid=refusal]")
    assert refusal.query_selector("[data-rule-id='SX-3.1-c']") is not None
    assert "2012年涉密文件" in refusal.inner_text()
    assert page.get_attribute("[data-testid=project-status]", "data-status") == "draft"
