"""Every projects endpoint as the owner, another client, the assigned provider, another provider and
regulators inside and outside the jurisdiction; the three project refusals with their rule IDs."""

from __future__ import annotations

import pytest

from dangan.core.testing import api_client
from dangan.projects import services
from dangan.projects.models import Project, ProjectStatus

from .conftest import ALL_CLAUSES, make_project

pytestmark = pytest.mark.django_db
S = ProjectStatus


@pytest.fixture
def assigned(pw):
    project = make_project(pw.client_a)
    services.transition(project, S.SELECTING, pw.client_a_manager)
    services.add_candidate(project, pw.provider_a, price=300000)
    services.add_candidate(project, pw.provider_b, price=200000)
    services.select_provider(
        project,
        project.candidates.get(provider=pw.provider_a),
        pw.client_a_manager,
        reasons="得分最高",
        examined=["qualifications", "track_record", "staff", "equipment", "software", "bad_records"],
    )
    return project


def test_project_read_scoping(pw, assigned):
    url = f"/api/projects/{assigned.pk}/"
    for user in (
        pw.client_a_manager,
        pw.client_a_staff,
        pw.provider_a_manager,
        pw.city_officer,
        pw.province_officer,
    ):
        assert api_client(user).get(url).status_code == 200, user
    for user in (pw.client_b_manager, pw.provider_b_manager, pw.other_officer):
        assert api_client(user).get(url).status_code == 404, user
    names = [p["name"] for p in api_client(pw.client_b_manager).get("/api/projects/").json()["results"]]
    assert assigned.name not in names


def test_candidates_are_never_shown_to_providers(pw, assigned):
    url = f"/api/projects/{assigned.pk}/candidates/"
    rows = api_client(pw.client_a_manager).get(url).json()
    assert {r["provider_name"] for r in rows} == {pw.provider_a.name, pw.provider_b.name}
    assert all(r["eligibility"]["decision"] for r in rows)
    assert api_client(pw.city_officer).get(url).status_code == 200
    assert api_client(pw.provider_a_manager).get(url).status_code == 404
    assert api_client(pw.provider_b_manager).get(url).status_code == 404
    assert api_client(pw.client_b_manager).get(url).status_code == 404


def test_writes_need_the_capability_and_the_scope(pw, assigned):
    url = f"/api/projects/{assigned.pk}/transition/"
    body = {"to_status": "contracted"}
    assert api_client(pw.provider_a_manager).post(url, body, format="json").status_code == 403
    assert api_client(pw.client_a_staff).post(url, body, format="json").status_code == 403
    assert api_client(pw.city_officer).post(url, body, format="json").status_code == 403
    assert api_client(pw.client_b_manager).post(url, body, format="json").status_code == 404
    response = api_client(pw.client_a_manager).post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "contracted"


def test_client_creates_a_project_and_evidence(pw):
    api = api_client(pw.client_a_manager)
    response = api.post(
        "/api/projects/",
        {
            "name": "会计档案整理",
            "service_types": ["organizing"],
            "responsible_leader": "王某",
            "leader_duties": "第一责任",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    project = Project.objects.get(pk=response.json()["id"])
    assert project.client == pw.client_a and project.status == "draft"
    staff_api = api_client(pw.client_a_staff)
    r = staff_api.post(
        "/api/project-persons/",
        {"project": project.pk, "name": "李某", "department": "办公室", "duty": "监管"},
        format="json",
    )
    assert r.status_code == 201
    other = make_project(pw.client_b)
    r = staff_api.post("/api/project-archive-groups/", {"project": other.pk, "name": "x"}, format="json")
    assert r.status_code == 400
    assert (
        api_client(pw.provider_a_manager)
        .post("/api/projects/", {"name": "x", "service_types": []}, format="json")
        .status_code
        == 403
    )


def _refusal(api, project):
    response = api.post(f"/api/projects/{project.pk}/transition/", {"to_status": "selecting"}, format="json")
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.status == "draft"
    return response.json()


def test_the_three_project_refusals_through_the_api(pw):
    deposit = make_project(pw.client_a, ["deposit"])
    body = _refusal(api_client(pw.client_a_manager), deposit)
    assert "JG11-2" in body["refused_by"]
    assert any(r["id"] == "JG11-2" and "机关" in r["message"] for r in body["results"])

    classified = make_project(
        pw.client_a, groups=[{"name": "涉密文件", "classified": True, "declassified": False}]
    )
    body = _refusal(api_client(pw.client_a_manager), classified)
    assert body["refused_by"] == ["SX-3.1-c"]

    national = make_project(pw.client_far, ["deposit"])
    body = _refusal(api_client(pw.client_far_manager), national)
    assert body["refused_by"] == ["SX-3.1-d"]


def test_adding_a_classified_group_after_draft_is_refused_through_the_api(pw, assigned):
    api = api_client(pw.client_a_staff)
    body = {"project": assigned.pk, "name": "涉密会议记录", "classified": True, "declassified": False}
    response = api.post("/api/project-archive-groups/", body, format="json")
    assert response.status_code == 409
    assert response.json()["refused_by"] == ["SX-3.1-c"]
    assert not assigned.archive_groups.filter(name="涉密会议记录").exists()


def test_evaluate_endpoint_lists_every_rule(pw, assigned):
    data = api_client(pw.provider_a_manager).get(f"/api/projects/{assigned.pk}/evaluate/").json()
    ids = {r["id"] for r in data["results"]}
    assert {"SX-3.1-c", "JG11-2", "SX-3.2"} <= ids
    stage = (
        api_client(pw.client_a_manager).get(f"/api/projects/{assigned.pk}/evaluate/?stage=contract").json()
    )
    assert stage["stage"] == "contract"
    assert stage["decision"] == "incomplete"  # no contract yet
    assert (
        api_client(pw.client_a_manager).get(f"/api/projects/{assigned.pk}/evaluate/?stage=nope").status_code
        == 400
    )


def test_select_refuses_a_foreign_registered_candidate(pw):
    from dangan.providers.models import ProviderProfile

    project = make_project(pw.client_a)
    services.transition(project, S.SELECTING, pw.client_a_manager)
    ProviderProfile.objects.filter(provider=pw.provider_b).update(registered_in_prc=False)
    api = api_client(pw.client_a_manager)
    r = api.post(
        f"/api/projects/{project.pk}/candidates/",
        {"provider": pw.provider_b.pk, "price": "100000"},
        format="json",
    )
    assert r.status_code == 201
    assert "SX-3.1-b1" in r.json()["eligibility"]["refused_by"]
    r = api.post(
        f"/api/projects/{project.pk}/select/",
        {"candidate": r.json()["id"], "reasons": "最便宜"},
        format="json",
    )
    assert r.status_code == 409
    assert "SX-3.1-b1" in r.json()["refused_by"]


def test_contract_endpoint(pw, assigned):
    services.transition(assigned, S.CONTRACTED, pw.client_a_manager)
    api = api_client(pw.client_a_manager)
    url = f"/api/projects/{assigned.pk}/contract/"
    assert api.get(url).status_code == 404
    body = {
        "number": "HT-1",
        "signed_on": "2025-02-20",
        "security_agreement_signed": True,
        "clauses": ALL_CLAUSES,
    }
    r = api.put(url, body, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["clauses"]["price"] == "第五条"
    assert api_client(pw.provider_a_manager).get(url).json()["number"] == "HT-1"
    assert api_client(pw.provider_a_manager).put(url, body, format="json").status_code == 403
    assert api_client(pw.other_officer).get(url).status_code == 404


def test_staff_and_operating_rules_endpoints(pw, assigned):
    from dangan.providers.testing import add_staff

    services.transition(assigned, S.CONTRACTED, pw.client_a_manager)
    url = f"/api/projects/{assigned.pk}/staff/"
    member = pw.provider_a.staff_members.first()
    r = api_client(pw.provider_a_manager).post(url, {"staff": member.pk, "role": "扫描"}, format="json")
    assert r.status_code == 201, r.json()
    assert "*" in r.json()["id_number_masked"]
    assert api_client(pw.client_a_manager).get(url).json()[0]["staff_name"] == member.name
    assert api_client(pw.client_a_manager).post(url, {"staff": member.pk}, format="json").status_code == 403
    assert api_client(pw.provider_b_manager).post(url, {"staff": member.pk}, format="json").status_code == 404
    foreign = add_staff(pw.provider_a, "Jane Roe", nationality="US", id_type="passport", id_number="X7654321")
    r = api_client(pw.provider_a_manager).post(url, {"staff": foreign.pk}, format="json")
    assert r.status_code == 409
    assert r.json()["refused_by"] == ["SX-3.1-b2"]

    rules = f"/api/projects/{assigned.pk}/operating-rules/"
    r = api_client(pw.client_a_staff).put(
        rules, {"codes": ["original_handover", "storage_media"]}, format="json"
    )
    assert r.json() == {"codes": ["original_handover", "storage_media"]}
    assert api_client(pw.client_a_staff).put(rules, {"codes": ["nope"]}, format="json").status_code == 400
    assert api_client(pw.provider_a_manager).put(rules, {"codes": []}, format="json").status_code == 403


def test_filing_policy_endpoint(pw):
    api = api_client(pw.city_officer)
    r = api.post("/api/project-filing-policies/", {"filing_required": True, "kind": "block"}, format="json")
    assert r.status_code == 201
    assert r.json()["regulator"] == pw.city.pk
    assert (
        api_client(pw.client_a_manager).post("/api/project-filing-policies/", {}, format="json").status_code
        == 403
    )
    pk = r.json()["id"]
    assert (
        api_client(pw.other_officer)
        .patch(f"/api/project-filing-policies/{pk}/", {"kind": "warn"}, format="json")
        .status_code
        == 404
    )


def test_projects_schema_has_no_warnings():
    """The projects endpoints alone produce an OpenAPI schema without warnings or errors."""
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    from dangan.core.api import api_router

    ours = [p for p in api_router.urls if "project" in str(p.pattern)]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/", include(ours))]).get_schema(request=None, public=True)
    problems = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert problems == {}
    assert "/api/projects/{id}/transition/" in schema["paths"]
    assert "/api/projects/{id}/staff/" in schema["paths"]
