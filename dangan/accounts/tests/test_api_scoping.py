"""Every accounts API endpoint as the owner, as another organization of the same kind (404) and as a
regulator inside and outside its jurisdiction."""

import pytest

from dangan.accounts import roles
from dangan.core.testing import TEST_PASSWORD, api_client, make_user

pytestmark = pytest.mark.django_db


def test_client_sees_own_organization_and_not_another_client(world):
    api = api_client(world.client_a_manager)
    assert api.get(f"/api/organizations/{world.client_a.pk}/").status_code == 200
    assert api.get(f"/api/organizations/{world.client_b.pk}/").status_code == 404
    names = {o["name"] for o in api.get("/api/organizations/").json()["results"]}
    assert world.client_a.name in names
    assert world.client_b.name not in names
    assert world.province.name not in names


def test_client_can_see_providers_to_compare_them(world):
    api = api_client(world.client_a_manager)
    assert api.get(f"/api/organizations/{world.provider_a.pk}/").status_code == 200


def test_provider_does_not_see_another_provider(world):
    api = api_client(world.provider_a_manager)
    assert api.get(f"/api/organizations/{world.provider_a.pk}/").status_code == 200
    assert api.get(f"/api/organizations/{world.provider_b.pk}/").status_code == 404
    assert api.get(f"/api/organizations/{world.client_a.pk}/").status_code == 404


def test_regulator_sees_its_jurisdiction_only(world):
    province = api_client(world.province_officer)
    for org in (world.client_a, world.provider_b, world.city):
        assert province.get(f"/api/organizations/{org.pk}/").status_code == 200
    assert province.get(f"/api/organizations/{world.client_far.pk}/").status_code == 404

    city = api_client(world.city_officer)
    assert city.get(f"/api/organizations/{world.client_a.pk}/").status_code == 200
    # 140200 lies in the province but outside the city's jurisdiction 1401xx
    assert city.get(f"/api/organizations/{world.provider_b.pk}/").status_code == 404
    assert city.get(f"/api/organizations/{world.province.pk}/").status_code == 404

    far = api_client(world.other_officer)
    assert far.get(f"/api/organizations/{world.client_far.pk}/").status_code == 200
    assert far.get(f"/api/organizations/{world.client_a.pk}/").status_code == 404


def test_users_endpoint_scoped_the_same_way(world):
    owner = api_client(world.client_a_manager)
    assert owner.get(f"/api/users/{world.client_a_sysadmin.pk}/").status_code == 200
    assert owner.get(f"/api/users/{world.client_b_manager.pk}/").status_code == 404
    assert (
        api_client(world.province_officer).get(f"/api/users/{world.client_a_manager.pk}/").status_code == 200
    )
    assert api_client(world.other_officer).get(f"/api/users/{world.client_a_manager.pk}/").status_code == 404
    other_provider = api_client(world.provider_b_manager)
    assert other_provider.get(f"/api/users/{world.provider_a_manager.pk}/").status_code == 404


def test_me_returns_the_caller_with_roles(world):
    data = api_client(world.province_auditor).get("/api/me/").json()
    assert data["username"] == world.province_auditor.username
    assert data["roles"] == [roles.AUDITOR]


def test_anonymous_gets_401_or_403(world, client):
    assert client.get("/api/organizations/").status_code in (401, 403)


def test_token_authentication(world):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=world.client_a_manager)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/organizations/{world.client_a.pk}/").status_code == 200
    assert api.get(f"/api/organizations/{world.client_b.pk}/").status_code == 404


def test_regulator_sysadmin_creates_organization_inside_jurisdiction_only(world):
    api = api_client(world.province_sysadmin)
    ok = api.post(
        "/api/organizations/",
        {
            "name": "新建委托方",
            "kind": "client",
            "client_kind": "enterprise",
            "region_code": "140300",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.content
    refused = api.post(
        "/api/organizations/",
        {
            "name": "辖区外委托方",
            "kind": "client",
            "client_kind": "enterprise",
            "region_code": "410100",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "辖区" in refused.json()["region_code"][0]


def test_organization_management_needs_regulator_sysadmin(world):
    for user in (world.province_officer, world.client_a_sysadmin, world.province_secadmin):
        response = api_client(user).patch(
            f"/api/organizations/{world.client_a.pk}/", {"address": "x"}, format="json"
        )
        assert response.status_code in (403, 404), user.username


def test_client_kind_required_for_clients(world):
    api = api_client(world.province_sysadmin)
    response = api.post(
        "/api/organizations/", {"name": "缺类别", "kind": "client", "region_code": "140100"}, format="json"
    )
    assert response.status_code == 400
    assert "类别" in str(response.json())


def test_provider_needs_valid_uscc(world):
    api = api_client(world.province_sysadmin)
    response = api.post(
        "/api/organizations/",
        {
            "name": "坏代码公司",
            "kind": "provider",
            "region_code": "140100",
            "uscc": "91140100MA0000000X",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "统一社会信用代码" in str(response.json())


def test_sysadmin_creates_user_with_masked_id_number(world):
    api = api_client(world.client_a_sysadmin)
    response = api.post(
        "/api/users/",
        {
            "username": "newclerk",
            "full_name": "新档案员",
            "organization": world.client_a.pk,
            "password": "Str0ng-Passw0rd!",
            "id_number": "11010519491231002X",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert "id_number" not in data
    assert data["id_number_masked"] == "110105********002X"
    listed = api.get("/api/users/").json()["results"]
    assert all("11010519491231002X" not in str(row) for row in listed)


def test_user_creation_refuses_weak_password_and_bad_id(world):
    api = api_client(world.client_a_sysadmin)
    weak = api.post(
        "/api/users/",
        {"username": "weak", "organization": world.client_a.pk, "password": "abcdefghij"},
        format="json",
    )
    assert weak.status_code == 400
    assert "口令" in str(weak.json()["password"])
    bad_id = api.post(
        "/api/users/",
        {
            "username": "badid",
            "organization": world.client_a.pk,
            "password": TEST_PASSWORD,
            "id_number": "110105194912310021",
        },
        format="json",
    )
    assert bad_id.status_code == 400
    assert "身份证" in str(bad_id.json())


def test_client_sysadmin_cannot_create_users_in_another_organization(world):
    api = api_client(world.client_a_sysadmin)
    response = api.post(
        "/api/users/",
        {"username": "intruder", "organization": world.client_b.pk, "password": TEST_PASSWORD},
        format="json",
    )
    assert response.status_code == 400


def test_only_secadmin_assigns_roles_and_three_officers_stay_separate(world):
    target = make_user(world.province)
    url = f"/api/users/{target.pk}/roles/"
    assert (
        api_client(world.province_sysadmin).post(url, {"roles": ["auditor"]}, format="json").status_code
        == 403
    )
    secadmin = api_client(world.province_secadmin)
    ok = secadmin.post(url, {"roles": ["regulator_officer"]}, format="json")
    assert ok.status_code == 200 and ok.json()["roles"] == ["regulator_officer"]
    conflict = secadmin.post(url, {"roles": ["sysadmin", "auditor"]}, format="json")
    assert conflict.status_code == 400
    assert "三员分立" in str(conflict.json())
    wrong_kind = secadmin.post(url, {"roles": ["provider_operator"]}, format="json")
    assert wrong_kind.status_code == 400


def test_secadmin_cannot_assign_roles_outside_jurisdiction(world):
    far_user = make_user(world.other_province)
    response = api_client(world.province_secadmin).post(
        f"/api/users/{far_user.pk}/roles/", {"roles": ["regulator_officer"]}, format="json"
    )
    assert response.status_code == 404


def test_schema_and_docs_are_served(world, client):
    client.force_login(world.client_a_manager)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/organizations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content.lower()
    assert b"cdn" not in docs.content.lower()
