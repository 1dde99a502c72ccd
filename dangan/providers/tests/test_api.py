"""API of the provider registry: scoping (404), capabilities (403), masking, refusals with rule IDs."""

from __future__ import annotations

from datetime import date

import pytest

from dangan.core.testing import api_client
from dangan.ledger.models import LedgerEntry
from dangan.providers.models import BadRecord, ProviderProfile, Shareholder, StaffMember
from dangan.providers.testing import invalid_id_number, make_eligible, valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(world):
    make_eligible(world.provider_a)
    return world


ENDPOINTS = [
    ("provider-profiles", ProviderProfile),
    ("provider-shareholders", Shareholder),
    ("provider-staff", StaffMember),
    ("provider-qualifications", None),
    ("provider-equipment", None),
    ("provider-software", None),
]


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_provider_list_carries_counts_and_eligibility(registry):
    w = registry
    data = api_client(w.client_far_manager).get("/api/providers/").json()["results"]
    by_id = {row["id"]: row for row in data}
    a = by_id[w.provider_a.pk]
    assert a["eligibility"]["decision"] == "allowed"
    assert a["counts"] == {
        "valid_qualifications": 1,
        "staff": 1,
        "open_bad_records": 0,
        "secrecy_qualification": 1,
    }
    assert a["profile"]["registered_in_prc"] is True
    assert by_id[w.provider_b.pk]["eligibility"]["decision"] == "incomplete"


def test_provider_scope(registry):
    w = registry
    assert ids(api_client(w.provider_b_manager).get("/api/providers/")) == {w.provider_b.pk}
    assert api_client(w.provider_b_manager).get(f"/api/providers/{w.provider_a.pk}/").status_code == 404
    assert api_client(w.other_officer).get(f"/api/providers/{w.provider_a.pk}/").status_code == 404
    assert api_client(w.city_officer).get(f"/api/providers/{w.provider_a.pk}/").status_code == 200
    assert api_client(w.client_far_manager).get(f"/api/providers/{w.provider_a.pk}/").status_code == 200


def test_eligibility_endpoint_returns_the_engine_result(registry):
    w = registry
    Shareholder.objects.create(provider=w.provider_a, name="Example Ltd.", nationality="US")
    body = api_client(w.client_a_manager).get(f"/api/providers/{w.provider_a.pk}/eligibility/").json()
    assert body["decision"] == "refused" and body["refused_by"] == ["SX-3.1-b2"]
    assert {r["id"] for r in body["results"]} >= {"SX-3.1-b1", "SX-3.1-b3", "REG-28", "SX-2.1"}
    assert (
        api_client(w.other_officer).get(f"/api/providers/{w.provider_a.pk}/eligibility/").status_code == 404
    )


@pytest.mark.parametrize(("endpoint", "model"), ENDPOINTS)
def test_registry_rows_read_in_scope_and_404_outside(registry, endpoint, model):
    w = registry
    own = api_client(w.provider_a_manager).get(f"/api/{endpoint}/")
    assert own.status_code == 200 and len(own.json()["results"]) >= 1
    row_id = own.json()["results"][0]["id"]
    assert api_client(w.client_far_manager).get(f"/api/{endpoint}/{row_id}/").status_code == 200
    assert api_client(w.province_officer).get(f"/api/{endpoint}/{row_id}/").status_code == 200
    assert api_client(w.other_officer).get(f"/api/{endpoint}/{row_id}/").status_code == 404
    assert api_client(w.provider_b_manager).get(f"/api/{endpoint}/{row_id}/").status_code == 404
    # change: owner may, a client may not (403), another provider does not see it (404)
    payload = {"name": "改名"} if endpoint != "provider-profiles" else {"premises": "新场地"}
    assert api_client(w.client_a_manager).patch(f"/api/{endpoint}/{row_id}/", payload).status_code == 403
    assert api_client(w.province_officer).patch(f"/api/{endpoint}/{row_id}/", payload).status_code == 403
    assert api_client(w.provider_b_manager).patch(f"/api/{endpoint}/{row_id}/", payload).status_code == 404
    assert api_client(w.provider_a_manager).patch(f"/api/{endpoint}/{row_id}/", payload).status_code == 200


def test_staff_id_number_is_write_only_and_masked(registry):
    w = registry
    number = valid_id_number()
    response = api_client(w.provider_a_manager).post(
        "/api/provider-staff/", {"name": "新员工", "id_number": number, "nationality": "CN"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "id_number" not in body and body["id_number_masked"] == number[:6] + "********" + number[-4:]
    assert body["provider"] == w.provider_a.pk
    listing = api_client(w.client_a_manager).get("/api/provider-staff/").content.decode()
    assert number not in listing
    entry = LedgerEntry.objects.filter(object_type="providers.staffmember", event="create").last()
    assert number not in str(entry.after)


def test_staff_with_invalid_id_is_refused_with_rule_id(registry):
    w = registry
    response = api_client(w.provider_a_manager).post(
        "/api/provider-staff/", {"name": "王五", "id_number": invalid_id_number()}
    )
    assert response.status_code == 400
    assert response.json()["id_number"][0].startswith("SX-3.1-b3：居民身份证号码无效")
    response = api_client(w.provider_a_manager).post("/api/provider-staff/", {"name": "无证"})
    assert response.status_code == 400 and "SX-3.1-b3" in response.json()["id_number"][0]


def test_foreign_shareholder_and_registration_refusals_through_the_api(registry):
    w = registry
    client = api_client(w.provider_a_manager)
    assert (
        client.post("/api/provider-shareholders/", {"name": "Foreign Co.", "nationality": "GB"}).status_code
        == 201
    )
    body = client.get(f"/api/providers/{w.provider_a.pk}/").json()
    assert body["eligibility"]["refused_by"] == ["SX-3.1-b2"]
    Shareholder.objects.filter(name="Foreign Co.").update(exception_basis="批准文件")
    profile = ProviderProfile.objects.get(provider=w.provider_a)
    response = client.patch(
        f"/api/provider-profiles/{profile.pk}/",
        {"registered_in_prc": False, "registration_country": "新加坡"},
    )
    assert response.status_code == 200
    body = client.get(f"/api/providers/{w.provider_a.pk}/").json()
    assert body["eligibility"]["refused_by"] == ["SX-3.1-b1"]


def test_second_profile_is_refused(registry):
    w = registry
    response = api_client(w.provider_a_manager).post("/api/provider-profiles/", {"premises": "x"})
    assert response.status_code == 400


def test_bad_records_api_create_scope_and_no_delete(registry):
    w = registry
    payload = {
        "provider": w.provider_a.pk,
        "kind": "breach",
        "occurred_on": "2025-03-01",
        "description": "泄露风险",
    }
    assert api_client(w.provider_a_manager).post("/api/provider-bad-records/", payload).status_code == 403
    response = api_client(w.client_a_manager).post("/api/provider-bad-records/", payload)
    assert response.status_code == 201, response.json()
    record_id = response.json()["id"]
    assert response.json()["recorded_by"] == w.client_a.pk
    # follows the provider: a client of another province sees it, as do the provider and its regulator
    for user in (w.client_far_manager, w.provider_a_manager, w.province_officer):
        assert api_client(user).get(f"/api/provider-bad-records/{record_id}/").status_code == 200
    assert api_client(w.other_officer).get(f"/api/provider-bad-records/{record_id}/").status_code == 404
    assert api_client(w.client_a_manager).delete(f"/api/provider-bad-records/{record_id}/").status_code == 405
    assert (
        api_client(w.client_a_manager).patch(f"/api/provider-bad-records/{record_id}/", {}).status_code == 405
    )
    assert BadRecord.objects.filter(pk=record_id).exists()
    # a regulator outside the provider's jurisdiction cannot target it
    refused = api_client(w.other_officer).post("/api/provider-bad-records/", payload)
    assert refused.status_code == 400 and "provider" in refused.json()
    body = api_client(w.client_a_manager).get(f"/api/providers/{w.provider_a.pk}/").json()
    assert body["counts"]["open_bad_records"] == 1


def test_bad_record_correction_must_concern_same_provider(registry):
    w = registry
    other = BadRecord.objects.create(
        provider=w.provider_b,
        kind="breach",
        occurred_on=date(2025, 1, 1),
        description="x",
        recorded_by=w.client_a,
    )
    payload = {
        "provider": w.provider_a.pk,
        "kind": "breach",
        "occurred_on": "2025-03-01",
        "description": "更正",
        "corrects": other.pk,
        "withdraws": True,
    }
    response = api_client(w.client_a_manager).post("/api/provider-bad-records/", payload)
    assert response.status_code == 400 and "只能更正同一服务方" in str(response.json())


def test_training_records_only_for_own_staff(registry):
    w = registry
    own = StaffMember.objects.get(provider=w.provider_a)
    foreign = StaffMember.objects.create(provider=w.provider_b, name="乙", id_number=valid_id_number())
    payload = {"course": "档案保密", "trained_on": "2025-01-01"}
    client = api_client(w.provider_a_manager)
    assert client.post("/api/provider-training/", {**payload, "staff": own.pk}).status_code == 201
    assert client.post("/api/provider-training/", {**payload, "staff": foreign.pk}).status_code == 400
    assert (
        api_client(w.client_a_manager)
        .post("/api/provider-training/", {**payload, "staff": own.pk})
        .status_code
        == 403
    )


def test_delete_registry_row_is_owner_only(registry):
    w = registry
    holder = Shareholder.objects.get(provider=w.provider_a)
    assert (
        api_client(w.client_a_manager).delete(f"/api/provider-shareholders/{holder.pk}/").status_code == 403
    )
    assert (
        api_client(w.provider_b_manager).delete(f"/api/provider-shareholders/{holder.pk}/").status_code == 404
    )
    assert (
        api_client(w.provider_a_manager).delete(f"/api/provider-shareholders/{holder.pk}/").status_code == 204
    )
