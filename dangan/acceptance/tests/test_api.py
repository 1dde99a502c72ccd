"""API: /api/acceptance/rounds/ and /api/acceptance/samples/ — scoping, capabilities, the workflow."""

from __future__ import annotations

import pytest

from dangan.acceptance.models import AcceptanceRound, SampleItem
from dangan.core.testing import api_client

from .helpers import clean_delivery, defective_delivery

ROUNDS = "/api/acceptance/rounds/"
ALL_PASS = {"correspondence": "pass", "image_quality": "pass", "completeness": "pass", "naming": "pass"}


@pytest.fixture
def submitted(aw, django_capture_on_commit_callbacks) -> AcceptanceRound:
    folder = defective_delivery(aw.root)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(aw.world.provider_a_manager).post(
            ROUNDS, {"project": aw.project.pk, "delivery_path": folder.name}, format="json"
        )
    assert response.status_code == 201, response.content
    return AcceptanceRound.objects.get(pk=response.json()["id"])


def test_submit_refusals(aw):
    w = aw.world
    folder = clean_delivery(aw.root)
    body = {"project": aw.project.pk, "delivery_path": folder.name}
    assert api_client(w.client_a_manager).post(ROUNDS, body, format="json").status_code == 403
    assert api_client(w.provider_b_manager).post(ROUNDS, body, format="json").status_code == 404
    outside = api_client(w.provider_a_manager).post(ROUNDS, {**body, "delivery_path": "/etc"}, format="json")
    assert outside.status_code == 400 and "交付根目录" in outside.json()["detail"]
    assert not AcceptanceRound.objects.exists()


def test_scoping_of_rounds_findings_and_sample(aw, submitted):
    w = aw.world
    pk = submitted.pk
    for user, visible in (
        (w.client_a_manager, True),
        (w.provider_a_manager, True),
        (w.city_officer, True),
        (w.client_b_manager, False),
        (w.provider_b_manager, False),
        (w.other_officer, False),
    ):
        c = api_client(user)
        assert [r["id"] for r in c.get(ROUNDS).json()["results"]] == ([pk] if visible else [])
        code = 200 if visible else 404
        detail = c.get(f"{ROUNDS}{pk}/")
        assert detail.status_code == code
        assert c.get(f"{ROUNDS}{pk}/findings/").status_code == code
        assert c.get(f"{ROUNDS}{pk}/sample/").status_code == code
        if visible:
            assert detail.json()["percent"] == 100 and detail.json()["machine_check"] == "fail"
    findings = api_client(w.client_a_manager).get(f"{ROUNDS}{pk}/findings/?code=PAGE_COUNT_MISMATCH").json()
    assert findings["count"] == 1 and findings["results"][0]["rule"] == "DAT31-11"


def test_review_and_decide(aw, submitted):
    w = aw.world
    item = SampleItem.objects.filter(round=submitted).first()
    url = f"/api/acceptance/samples/{item.pk}/review/"
    assert api_client(w.provider_a_manager).post(url, ALL_PASS, format="json").status_code == 403
    assert api_client(w.client_b_manager).post(url, ALL_PASS, format="json").status_code == 404
    ok = api_client(aw.client_staff).post(url, ALL_PASS, format="json")
    assert ok.status_code == 200 and ok.json()["correspondence"] == "pass"
    decide = f"{ROUNDS}{submitted.pk}/decide/"
    assert api_client(w.provider_a_manager).post(decide, {}, format="json").status_code == 403
    assert api_client(w.city_officer).post(decide, {}, format="json").status_code == 403
    assert api_client(w.client_b_manager).post(decide, {}, format="json").status_code == 404
    response = api_client(w.client_a_manager).post(decide, {"comments": "缺页"}, format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["verdict"] == "refused" and data["rule_ids"] == ["DAT31-12", "SX-3.3-c"]
    assert data["rectification_order_number"]
    again = api_client(w.client_a_manager).post(decide, {}, format="json")
    assert again.status_code == 403 and "SX-3.3-c" in again.json()["detail"]
