import pytest

from dangan.core.testing import api_client

pytestmark = pytest.mark.django_db


def test_only_auditors_read_the_ledger(world):
    assert api_client(world.province_auditor).get("/api/ledger/entries/").status_code == 200
    for user in (
        world.province_sysadmin,
        world.province_secadmin,
        world.province_officer,
        world.client_a_manager,
    ):
        assert api_client(user).get("/api/ledger/entries/").status_code == 403, user.username


def test_auditor_sees_entries_of_its_jurisdiction_only(world):
    near = api_client(world.province_auditor).get("/api/ledger/entries/?limit=500").json()["results"]
    far = api_client(world.other_auditor).get("/api/ledger/entries/?limit=500").json()["results"]
    # role assignment entries were written while creating users: the actor was the system, so record
    # something as a user of each province and compare.
    api_client(world.province_sysadmin).patch(
        f"/api/users/{world.client_a_manager.pk}/", {"phone": "13800000000"}, format="json"
    )
    near = api_client(world.province_auditor).get("/api/ledger/entries/?limit=500").json()["results"]
    far = api_client(world.other_auditor).get("/api/ledger/entries/?limit=500").json()["results"]
    assert any(e["event"] == "update" and e["object_repr"] for e in near)
    assert not any(e["organization_name"] == world.province.name for e in far)
    seq = next(e["seq"] for e in near if e["event"] == "update")
    assert api_client(world.other_auditor).get(f"/api/ledger/entries/{seq}/").status_code == 404


def test_no_api_changes_or_deletes_entries(world):
    api = api_client(world.province_auditor)
    api.post("/api/ledger/entries/verify/")
    seq = api.get("/api/ledger/entries/").json()["results"][0]["seq"]
    assert api.put(f"/api/ledger/entries/{seq}/", {}, format="json").status_code == 405
    assert api.patch(f"/api/ledger/entries/{seq}/", {}, format="json").status_code == 405
    assert api.delete(f"/api/ledger/entries/{seq}/").status_code == 405


def test_verify_through_api_is_itself_recorded(world):
    api = api_client(world.province_auditor)
    result = api.post("/api/ledger/entries/verify/").json()
    assert result["ok"] is True
    assert "完整" in result["message"]
    latest = api.get("/api/ledger/entries/?event=ledger_verify").json()["results"]
    assert latest and latest[0]["actor_name"] == world.province_auditor.username


def test_export_needs_a_regulator_auditor(world):
    from dangan.accounts import roles
    from dangan.core.testing import make_user

    client_auditor = make_user(world.client_a, roles.AUDITOR)
    assert api_client(client_auditor).get("/api/ledger/entries/export/").status_code == 403
    response = api_client(world.province_auditor).get("/api/ledger/entries/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
