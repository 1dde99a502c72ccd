"""Every projects page as the owner, another client, the assigned provider, another provider and
regulators in and out of the jurisdiction; the refusals on the page; the checklist and its PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client

from dangan.ledger.models import LedgerEntry
from dangan.projects import services
from dangan.projects.models import ArchiveGroup, Contract, ProjectStatus, RegionFilingPolicy

from .conftest import make_project

pytestmark = pytest.mark.django_db
S = ProjectStatus
EXAMINED = ["qualifications", "track_record", "staff", "equipment", "software", "bad_records"]


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chosen(pw):
    project = make_project(pw.client_a, name="市政府文书档案数字化")
    services.transition(project, S.SELECTING, pw.client_a_manager)
    services.add_candidate(project, pw.provider_a, price=300000)
    services.add_candidate(project, pw.provider_b, price=200000)
    return project


def pages(pk: int) -> list[str]:
    return [f"/projects/{pk}/", f"/projects/{pk}/checklist/", f"/projects/{pk}/contract/"]


def test_pages_are_scoped(pw, chosen):
    services.select_provider(
        chosen,
        chosen.candidates.get(provider=pw.provider_a),
        pw.client_a_manager,
        reasons="综合最优",
        examined=EXAMINED,
    )
    for url in pages(chosen.pk):
        for user in (
            pw.client_a_manager,
            pw.client_a_staff,
            pw.provider_a_manager,
            pw.city_officer,
            pw.province_officer,
        ):
            assert browser(user).get(url).status_code == 200, (url, user)
        for user in (pw.client_b_manager, pw.provider_b_manager, pw.other_officer):
            assert browser(user).get(url).status_code == 404, (url, user)
    selection = f"/projects/{chosen.pk}/selection/"
    assert browser(pw.client_a_manager).get(selection).status_code == 200
    assert browser(pw.city_officer).get(selection).status_code == 200
    for user in (pw.provider_a_manager, pw.provider_b_manager, pw.client_b_manager, pw.other_officer):
        assert browser(user).get(selection).status_code == 404, user
    # The chosen provider reads the project but never learns who else competed, or at what price.
    detail = browser(pw.provider_a_manager).get(f"/projects/{chosen.pk}/").content.decode()
    assert pw.provider_b.name not in detail
    assert "200000" not in detail
    listing = browser(pw.client_b_manager).get("/projects/").content.decode()
    assert chosen.name not in listing
    assert chosen.name in browser(pw.provider_a_manager).get("/projects/").content.decode()


def test_selection_page_shows_eligibility_and_scores(pw, chosen):
    html = browser(pw.client_a_manager).get(f"/projects/{chosen.pk}/selection/").content.decode()
    assert pw.provider_a.name in html and pw.provider_b.name in html
    assert "准予" in html
    assert "资质" in html and "价格" in html and "涉密资质" in html


def test_client_creates_a_project_through_the_form(pw):
    c = browser(pw.client_a_manager)
    assert browser(pw.provider_a_manager).get("/projects/add/").status_code == 403
    assert browser(pw.client_a_staff).get("/projects/add/").status_code == 403
    response = c.post(
        "/projects/add/",
        {
            "name": "会计档案整理",
            "service_types": ["organizing"],
            "responsible_leader": "王某",
            "leader_duties": "第一责任",
            "accepts_regulator_supervision": "on",
        },
    )
    assert response.status_code == 302
    detail = c.get(response["Location"]).content.decode()
    assert "会计档案整理" in detail and "立项" in detail


def post_transition(user, project, to):
    return browser(user).post(f"/projects/{project.pk}/transition/", {"to_status": to})


def test_organ_deposit_refusal_on_the_page(pw):
    project = make_project(pw.client_a, ["deposit"], name="机关档案寄存")
    response = post_transition(pw.client_a_manager, project, "selecting")
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-rule-id="JG11-2"' in html
    assert "机关" in html
    project.refresh_from_db()
    assert project.status == "draft"


def test_classified_refusal_on_the_page(pw):
    project = make_project(
        pw.client_a, groups=[{"name": "涉密文件", "classified": True, "declassified": False}]
    )
    html = post_transition(pw.client_a_manager, project, "selecting").content.decode()
    assert 'data-rule-id="SX-3.1-c"' in html


def test_national_scope_deposit_refusal_on_the_page(pw):
    project = make_project(pw.client_far, ["deposit"])
    html = post_transition(pw.client_far_manager, project, "selecting").content.decode()
    assert 'data-rule-id="SX-3.1-d"' in html


def test_transition_capability_and_scope(pw):
    project = make_project(pw.client_a)
    assert post_transition(pw.client_a_staff, project, "selecting").status_code == 403
    assert post_transition(pw.provider_a_manager, project, "selecting").status_code == 403
    assert post_transition(pw.client_b_manager, project, "selecting").status_code == 404
    assert post_transition(pw.client_a_manager, project, "selecting").status_code == 302
    project.refresh_from_db()
    assert project.status == "selecting"


def test_evidence_form_refuses_a_classified_group_after_draft(pw, chosen):
    c = browser(pw.client_a_staff)
    url = f"/projects/{chosen.pk}/archive-groups/add/"
    assert c.get(url).status_code == 200
    response = c.post(url, {"name": "涉密会议记录", "classified": "true", "declassified": "false"})
    assert response.status_code == 409
    assert 'data-rule-id="SX-3.1-c"' in response.content.decode()
    assert not ArchiveGroup.objects.filter(name="涉密会议记录").exists()
    assert browser(pw.provider_a_manager).get(url).status_code == 403
    assert browser(pw.client_b_manager).get(url).status_code == 404


def test_select_and_contract_through_the_pages(pw, chosen):
    c = browser(pw.client_a_manager)
    candidate = chosen.candidates.get(provider=pw.provider_a)
    response = c.post(
        f"/projects/{chosen.pk}/selection/",
        {
            "action": "select",
            "candidate": candidate.pk,
            "reasons": "综合得分最高",
            "examined": EXAMINED,
            "market_research": "on",
            "business_inspection": "on",
            "comparative_selection": "on",
        },
    )
    assert response.status_code == 302
    assert post_transition(pw.client_a_manager, chosen, "contracted").status_code == 302
    data = {
        "number": "HT-2025-7",
        "written": "on",
        "signed_on": "2025-02-20",
        "security_agreement_signed": "on",
        "clause_content": "第一条",
        "clause_price": "第五条",
    }
    assert c.post(f"/projects/{chosen.pk}/contract/", data).status_code == 302
    contract = Contract.objects.get(project=chosen)
    assert sorted(contract.clause_codes()) == ["content", "price"]
    logged = set(LedgerEntry.objects.filter(event="create").values_list("object_type", flat=True))
    assert {"projects.contract", "projects.contractclause", "projects.selectiondecision"} <= logged
    html = browser(pw.provider_a_manager).get(f"/projects/{chosen.pk}/contract/").content.decode()
    assert "HT-2025-7" in html and "未约定" in html
    response = post_transition(pw.client_a_manager, chosen, "in_progress")
    assert response.status_code == 409
    assert 'data-rule-id="SX-3.2"' in response.content.decode()


def test_checklist_lists_every_rule_with_its_wording(pw, chosen):
    html = browser(pw.city_officer).get(f"/projects/{chosen.pk}/checklist/").content.decode()
    for rule_id in ("SX-1", "JG11-2", "SX-3.1-c", "SX-3.1-d", "SX-3.2", "CUSTODY"):
        assert f'data-rule-id="{rule_id}"' in html
    assert "档案数字化和档案整理" in html  # SX-3.1-c's original wording
    assert browser(pw.city_officer).get(f"/projects/{chosen.pk}/checklist/?stage=bogus").status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils 的 pdftotext")
def test_checklist_pdf_contains_rule_ids_and_chinese(pw, tmp_path):
    project = make_project(pw.client_a, ["deposit"], name="机关档案寄存")
    response = browser(pw.client_a_manager).get(f"/projects/{project.pk}/checklist.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "合规检查表" in text
    assert "JG11-2" in text and "SX-3.1-d" in text
    assert "机关档案寄存" in text
    assert LedgerEntry.objects.filter(event="export", object_id=str(project.pk)).exists()
    assert browser(pw.client_b_manager).get(f"/projects/{project.pk}/checklist.pdf").status_code == 404


def test_regulator_sees_filings_and_sets_policy(pw):
    c = browser(pw.city_officer)
    assert (
        c.post("/projects/filing-policies/mine/", {"filing_required": "on", "kind": "block"}).status_code
        == 302
    )
    assert RegionFilingPolicy.objects.get(regulator=pw.city).filing_required
    assert browser(pw.client_a_manager).get("/projects/filing-policies/mine/").status_code == 403
    project = make_project(pw.client_a, name="备案项目")
    html = browser(pw.client_a_manager).get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="transition-filed"' in html and 'data-testid="transition-selecting"' not in html
    assert (
        browser(pw.client_a_manager)
        .post(f"/projects/{project.pk}/transition/", {"to_status": "filed", "filing_reference": "备-1"})
        .status_code
        == 302
    )
    assert "备案项目" in c.get("/projects/filings/").content.decode()
    assert "备案项目" not in browser(pw.other_officer).get("/projects/filings/").content.decode()
    assert browser(pw.client_a_manager).get("/projects/filings/").status_code == 404


def test_editing_a_running_project_into_a_refused_scope_is_rolled_back(pw, chosen):
    c = browser(pw.client_a_manager)
    data = {
        "name": chosen.name,
        "service_types": ["digitization", "deposit"],
        "responsible_leader": "王某",
        "leader_duties": "第一责任",
        "accepts_regulator_supervision": "on",
    }
    response = c.post(f"/projects/{chosen.pk}/edit/", data)
    assert response.status_code == 409
    assert 'data-rule-id="JG11-2"' in response.content.decode()
    chosen.refresh_from_db()
    assert chosen.service_types == ["digitization"]
    r = api_client_for(pw.client_a_manager).patch(
        f"/api/projects/{chosen.pk}/", {"service_types": ["deposit"]}, format="json"
    )
    assert r.status_code == 409
    assert "JG11-2" in r.json()["refused_by"]
    chosen.refresh_from_db()
    assert chosen.service_types == ["digitization"]


def api_client_for(user):
    from dangan.core.testing import api_client

    return api_client(user)


def test_dashboard_panel_counts_projects_in_scope(pw, chosen):
    html = browser(pw.client_a_manager).get("/").content.decode()
    assert 'data-testid="panel-projects"' in html and chosen.name in html
    assert chosen.name not in browser(pw.client_b_manager).get("/").content.decode()
    assert 'data-testid="panel-projects"' not in browser(pw.province_auditor).get("/").content.decode()
