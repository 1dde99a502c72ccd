"""Custody API: the same scoping and rules as the pages."""

from __future__ import annotations

import pytest

from dangan.core.testing import api_client
from dangan.custody.models import ArchiveUnit, CustodyIncident
from dangan.custody.testing import make_units

pytestmark = pytest.mark.django_db


def test_archive_units_are_scoped(cw):
    w = cw.world
    assert api_client(w.client_a_manager).get("/api/archive-units/").json()["count"] == 5
    assert api_client(w.provider_a_manager).get("/api/archive-units/").json()["count"] == 5
    assert api_client(w.city_officer).get("/api/archive-units/").json()["count"] == 5
    for user in (w.client_b_manager, w.provider_b_manager, w.other_officer):
        assert api_client(user).get("/api/archive-units/").json()["count"] == 0
        assert api_client(user).get(f"/api/archive-units/{cw.units[0].pk}/").status_code == 404


def test_archive_unit_create_parses_the_archive_no_and_needs_the_capability(cw):
    w = cw.world
    api = api_client(w.client_a_manager)
    bad = api.post("/api/archive-units/", {"archive_no": "乱写", "title": "x"}, format="json")
    assert bad.status_code == 400 and "DAT22/13/18" in bad.json()["archive_no"][0]
    good = api.post(
        "/api/archive-units/", {"archive_no": "A439-WS·2015·D30·003-005", "title": "x"}, format="json"
    )
    assert (
        good.status_code == 201
        and good.json()["retention"] == "D30"
        and good.json()["custody_state"] == "in_storage"
    )
    assert api_client(w.provider_a_manager).post("/api/archive-units/", {}, format="json").status_code == 403
    patch = api_client(w.provider_a_manager).patch(
        f"/api/archive-units/{cw.units[0].pk}/", {"title": "y"}, format="json"
    )
    assert patch.status_code == 403


def test_project_units_refuse_classified_units(cw):
    [secret] = make_units(cw.world.client_a, 1, start=500, classification="机密")
    api = api_client(cw.world.client_a_manager)
    response = api.post("/api/project-units/", {"project": cw.project.pk, "unit": secret.pk}, format="json")
    assert response.status_code == 400 and response.json()["unit"][0].startswith("SX-3.1-c：")


def test_handover_flow_through_the_api_with_a_missing_unit(cw):
    w = cw.world
    client_api, provider_api = api_client(w.client_a_manager), api_client(w.provider_a_manager)
    batch = client_api.post(
        "/api/handover-batches/", {"project": cw.project.pk, "direction": "out"}, format="json"
    )
    assert batch.status_code == 201, batch.content
    bid = batch.json()["id"]
    for u in cw.units:
        assert (
            client_api.post(
                f"/api/handover-batches/{bid}/scan/", {"code": u.archive_no}, format="json"
            ).status_code
            == 200
        )
    refused = client_api.post(
        f"/api/handover-batches/{bid}/scan/", {"code": cw.units[0].archive_no}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "already"
    assert provider_api.post(f"/api/handover-batches/{bid}/send/").status_code == 400  # not the sender
    assert client_api.post(f"/api/handover-batches/{bid}/send/").json()["status"] == "sent"
    for u in cw.units[:-1]:
        provider_api.post(f"/api/handover-batches/{bid}/scan/", {"code": u.archive_no}, format="json")
    confirmed = provider_api.post(f"/api/handover-batches/{bid}/confirm/").json()
    assert confirmed["status"] == "received" and confirmed["confirmed_by_both"]
    assert [i["received_status"] for i in confirmed["items"]].count("missing") == 1
    assert ArchiveUnit.objects.get(pk=cw.units[-1].pk).custody_state == "missing"
    assert api_client(w.city_officer).get("/api/custody-incidents/").json()["count"] == 1
    assert api_client(w.other_officer).get("/api/custody-incidents/").json()["count"] == 0
    assert api_client(w.client_b_manager).get(f"/api/handover-batches/{bid}/").status_code == 404
    rec = api_client(w.city_officer).get(f"/api/custody-reconciliation/{cw.project.pk}/").json()
    assert rec["by_state"] == {"with_provider": 4, "missing": 1} and rec["close_problems"]
    assert CustodyIncident.objects.get().kind == "missing"


def test_regulators_cannot_act_on_batches(cw):
    w = cw.world
    response = api_client(w.city_officer).post(
        "/api/handover-batches/", {"project": cw.project.pk, "direction": "out"}, format="json"
    )
    assert response.status_code == 403
