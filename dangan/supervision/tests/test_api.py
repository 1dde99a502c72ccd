from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dangan.core.testing import api_client
from dangan.supervision.models import InspectionTemplate, Notification
from dangan.supervision.services import incidents as inc

pytestmark = pytest.mark.django_db


def ids(user, url):
    response = api_client(user).get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_list_scoping(flow):
    for url, obj in (
        ("/api/inspections/", flow.inspection),
        ("/api/findings/", flow.finding),
        ("/api/rectifications/", flow.order),
    ):
        assert obj.pk in ids(flow.client_a_manager, url)
        assert obj.pk in ids(flow.provider_a_manager, url)
        assert obj.pk in ids(flow.city_officer, url)
        assert obj.pk not in ids(flow.client_b_manager, url)
        assert obj.pk not in ids(flow.other_officer, url)
        assert api_client(flow.client_b_manager).get(f"{url}{obj.pk}/").status_code == 404
        assert api_client(flow.other_officer).get(f"{url}{obj.pk}/").status_code == 404


def test_respond_and_verify_actions(flow):
    url = f"/api/rectifications/{flow.order.pk}/"
    assert api_client(flow.provider_b_manager).post(url + "respond/", {"response": "x"}).status_code == 404
    assert api_client(flow.provider_a_operator).post(url + "respond/", {"response": "x"}).status_code == 403
    r = api_client(flow.provider_a_manager).post(url + "respond/", {"response": "已整改"})
    assert r.status_code == 200 and r.json()["status"] == "responded"
    r = api_client(flow.provider_a_manager).post(url + "verify/", {"accepted": True, "note": "x"})
    assert r.status_code == 403
    r = api_client(flow.client_a_manager).post(url + "verify/", {"accepted": True, "note": "复查到位"})
    assert r.status_code == 200 and r.json()["status"] == "verified"


def test_create_inspection_finding_and_order(sw):
    template = InspectionTemplate.objects.get(code="regulator-enforcement")
    client = api_client(sw.city_officer)
    r = client.post(
        "/api/inspections/",
        {
            "kind": "regulator_enforcement",
            "project": sw.project.pk,
            "template": template.pk,
            "date": "2026-03-01",
            "inspectors": "周监管",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["target_org"] == sw.client_a.pk
    inspection = r.json()["id"]
    r = client.post(
        "/api/findings/",
        {
            "inspection": inspection,
            "severity": "major",
            "category": "client_responsibility",
            "description": "未建立工作台账",
            "rule_id": "SX-3.3-b",
        },
    )
    assert r.status_code == 201, r.content
    finding = r.json()["id"]
    deadline = (timezone.localdate() + timedelta(days=15)).isoformat()
    r = client.post(
        "/api/rectifications/",
        {"findings": [finding], "requirements": "建立台账", "deadline": deadline},
        format="json",
    )
    assert r.status_code == 201 and r.json()["addressed_to"] == sw.client_a.pk
    # Out of jurisdiction: the other province cannot inspect the project (not even see it).
    r = api_client(sw.other_officer).post(
        "/api/inspections/",
        {"kind": "regulator_enforcement", "project": sw.project.pk, "date": "2026-03-01", "inspectors": "x"},
    )
    assert r.status_code == 404
    # A provider has no inspection capability.
    assert api_client(sw.provider_a_manager).post("/api/inspections/", {}).status_code == 403


def test_incident_close_refused_with_rule_id(sw):
    client = api_client(sw.client_a_manager)
    r = client.post(
        "/api/incidents/",
        {"project": sw.project.pk, "kind": "unauthorized_copy", "title": "私自拷贝", "description": "U盘"},
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/incidents/{pk}/close/", {})
    assert r.status_code == 409 and r.json()["rule_id"] == "LAW-44"
    assert client.post(f"/api/incidents/{pk}/report/", {"text": "已报告"}).json()["status"] == "reported"
    assert client.post(f"/api/incidents/{pk}/close/", {}).json()["status"] == "closed"
    data = {"project": sw.project.pk, "kind": "loss", "title": "x", "description": "x"}
    assert api_client(sw.client_b_manager).post("/api/incidents/", data).status_code == 404
    assert api_client(sw.client_a_sysadmin).post("/api/incidents/", data).status_code == 403
    assert (
        api_client(sw.provider_b_manager)
        .post("/api/incidents/", {"project": sw.project.pk, "kind": "loss", "title": "x", "description": "x"})
        .status_code
        == 404
    )


def test_notices_notifications_negative_list(flow):
    r = api_client(flow.city_officer).post(
        "/api/notices/",
        {
            "title": "通报",
            "body": "正文",
            "recipients": [flow.provider_a.pk],
            "findings": [flow.finding.pk],
            "publish": True,
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["published"]
    assert api_client(flow.client_a_manager).post("/api/notices/", {}).status_code == 403
    assert r.json()["id"] in ids(flow.provider_a_manager, "/api/notices/")
    assert r.json()["id"] not in ids(flow.provider_b_manager, "/api/notices/")
    mine = Notification.objects.filter(user=flow.provider_a_manager).first()
    assert ids(flow.provider_a_manager, "/api/notifications/") >= {mine.pk}
    assert mine.pk not in ids(flow.provider_b_manager, "/api/notifications/")
    assert (
        api_client(flow.provider_b_manager).post(f"/api/notifications/{mine.pk}/mark-read/").status_code
        == 404
    )
    assert (
        api_client(flow.provider_a_manager).post(f"/api/notifications/{mine.pk}/mark-read/").json()["read"]
        is True
    )
    r = api_client(flow.city_officer).post(
        "/api/negative-list/", {"provider": flow.provider_a.pk, "reason": "x"}
    )
    assert r.status_code == 201
    assert r.json()["id"] not in ids(flow.client_b_manager, "/api/negative-list/")  # unpublished
    assert r.json()["id"] in ids(flow.provider_a_manager, "/api/negative-list/")
    assert (
        api_client(flow.other_officer)
        .post("/api/negative-list/", {"provider": flow.provider_a.pk, "reason": "x"})
        .status_code
        == 409
    )
    assert api_client(flow.client_a_manager).post("/api/negative-list/", {}).status_code == 403


def test_incident_opened_by_provider_visible_to_regulator(sw):
    incident = inc.open_incident(
        sw.provider_a_manager, sw.project, kind="damage", title="破损", description="x"
    )
    assert incident.pk in ids(sw.city_officer, "/api/incidents/")
    assert incident.pk not in ids(sw.other_officer, "/api/incidents/")
