"""Web pages of accounts: who gets 200, who gets 404 (out of scope) and who gets 403 (no capability),
and what a user sees when a form is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangan.accounts import roles
from dangan.accounts.models import Organization, User
from dangan.core.testing import TEST_PASSWORD, make_uscc, make_user
from dangan.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Xq7!mVt#29pL"


def valid_id_number() -> str:
    from dangan.engines.identifiers import id_check_character

    first17 = "11010119900307451"
    return first17 + id_check_character(first17)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def status(user: User, name: str, *args: object) -> int:
    return client_for(user).get(reverse(name, args=args)).status_code


# ------------------------------------------------------------------------------------------ dashboard


def test_anonymous_visitor_is_sent_to_login():
    response = Client().get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("attr", "headline", "section"),
    [
        ("province_sysadmin", "系统管理员工作台", "section-sysadmin"),
        ("province_secadmin", "安全保密管理员工作台", "section-secadmin"),
        ("province_auditor", "安全审计员工作台", "section-auditor"),
        ("province_officer", "监管人员工作台", "section-jurisdiction"),
        ("client_a_manager", "项目负责人工作台", "section-own-organization"),
        ("provider_a_manager", "服务方项目经理工作台", "section-own-organization"),
    ],
)
def test_dashboard_headline_and_section_follow_the_role(world, attr, headline, section):
    response = client_for(getattr(world, attr)).get(reverse("dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="dashboard-headline">{headline}<' in html
    assert f'data-testid="{section}"' in html


def test_regulator_dashboard_counts_only_its_jurisdiction(world):
    response = client_for(world.province_officer).get(reverse("dashboard"))
    jurisdiction = response.context["jurisdiction"]
    counts = {k["code"]: k["count"] for k in jurisdiction["kinds"]}
    # province + city regulators, clients a and b, providers a and b; the 410000 province is not counted
    assert counts == {roles.REGULATOR: 2, roles.CLIENT: 2, roles.PROVIDER: 2}
    client_kinds = {k["code"]: k["count"] for k in jurisdiction["client_kinds"]}
    assert client_kinds["organ"] == 1 and client_kinds["national_archive"] == 1
    assert client_kinds["enterprise"] == 0
    assert [c.name for c in jurisdiction["children"]] == [world.city.name]


def test_sysadmin_dashboard_lists_locked_accounts_in_scope(world):
    User.objects.filter(pk=world.client_a_manager.pk).update(
        locked_until=timezone.now() + timedelta(minutes=9)
    )
    User.objects.filter(pk=world.client_far_manager.pk).update(
        locked_until=timezone.now() + timedelta(minutes=9)
    )
    response = client_for(world.province_sysadmin).get(reverse("dashboard"))
    locked = list(response.context["sysadmin"]["locked_users"])
    assert locked == [world.client_a_manager]


def test_secadmin_dashboard_shows_role_distribution(world):
    response = client_for(world.province_secadmin).get(reverse("dashboard"))
    distribution = {d["code"]: d["count"] for d in response.context["secadmin"]["distribution"]}
    assert distribution[roles.REGULATOR_OFFICER] == 2  # province and city officers, not the 410000 one
    assert distribution[roles.AUDITOR] == 1
    assert reverse("user_list") in response.content.decode()


def test_auditor_dashboard_shows_last_verification_and_security_events(world):
    auditor = client_for(world.province_auditor)
    auditor.post(reverse("ledger_verify"))
    Client().post(reverse("login"), {"username": world.province_officer.username, "password": "wrong"})
    response = auditor.get(reverse("dashboard"))
    data = response.context["auditor"]
    assert data["last_verify_result"]["ok"] is True
    assert "login_failure" in [e.event for e in data["recent"]]
    assert data["size"] == LedgerEntry.objects.restrict(world.province_auditor).count()


# -------------------------------------------------------------------------------------------- login


def test_wrong_password_and_unknown_user_get_the_same_message(world):
    wrong = Client().post(reverse("login"), {"username": world.client_a_manager.username, "password": "x"})
    unknown = Client().post(reverse("login"), {"username": "no-such-user", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert "用户名或口令错误" in wrong.content.decode()
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_lockout_is_named_with_minutes_left(world):
    username = world.client_a_manager.username
    client = Client()
    for _ in range(settings.LOCKOUT_THRESHOLD):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert f"账号已锁定，请{settings.LOCKOUT_MINUTES}分钟后再试" in response.content.decode()
    # The right password does not help while the account is locked.
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "账号已锁定" in response.content.decode()


def test_login_with_right_password_reaches_dashboard(world):
    response = Client().post(
        reverse("login"),
        {"username": world.province_auditor.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "安全审计员工作台" in response.content.decode()


def test_password_change_is_recorded(world):
    client = client_for(world.client_a_manager)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD},
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(event="password_change", actor_id=world.client_a_manager.pk).exists()


# ------------------------------------------------------------------------------------- organizations


def test_organization_list_is_scoped(world):
    names = {
        o.name
        for o in client_for(world.client_a_manager).get(reverse("organization_list")).context["table"].data
    }
    assert world.client_a.name in names and world.provider_a.name in names
    assert world.client_b.name not in names and world.province.name not in names
    far = client_for(world.other_officer).get(reverse("organization_list"), {"kind": roles.CLIENT})
    assert {o.name for o in far.context["table"].data} == {world.client_far.name}


def test_organization_list_filters(world):
    response = client_for(world.province_officer).get(
        reverse("organization_list"), {"kind": roles.CLIENT, "client_kind": "national_archive"}
    )
    assert [o.name for o in response.context["table"].data] == [world.client_b.name]
    response = client_for(world.province_officer).get(reverse("organization_list"), {"region_code": "1402"})
    assert [o.name for o in response.context["table"].data] == [world.provider_b.name]


def test_organization_detail_owner_other_and_regulators(world):
    assert status(world.client_a_manager, "organization_detail", world.client_a.pk) == 200
    assert status(world.client_a_manager, "organization_detail", world.client_b.pk) == 404
    assert status(world.provider_a_manager, "organization_detail", world.provider_b.pk) == 404
    assert status(world.province_officer, "organization_detail", world.client_a.pk) == 200
    assert status(world.other_officer, "organization_detail", world.client_a.pk) == 404
    assert status(world.city_officer, "organization_detail", world.province.pk) == 404


def test_organization_detail_lists_users_and_children(world):
    response = client_for(world.province_officer).get(
        reverse("organization_detail", args=[world.province.pk])
    )
    assert world.city in response.context["children"]
    assert world.province_sysadmin in response.context["users"]
    # a client looking at a provider sees the provider but not its people
    response = client_for(world.client_a_manager).get(
        reverse("organization_detail", args=[world.provider_a.pk])
    )
    assert response.status_code == 200
    assert list(response.context["users"]) == []


def test_only_regulator_sysadmin_manages_organizations(world):
    assert status(world.province_sysadmin, "organization_add") == 200
    assert status(world.province_sysadmin, "organization_edit", world.client_a.pk) == 200
    for user in (world.province_officer, world.province_secadmin, world.client_a_sysadmin):
        assert status(user, "organization_add") == 403, user.username
        assert status(user, "organization_edit", world.client_a.pk) == 403, user.username
    other_sysadmin = make_user(world.other_province, roles.SYSADMIN)
    assert status(other_sysadmin, "organization_edit", world.client_a.pk) == 404


def organization_payload(**overrides: object) -> dict[str, object]:
    data = {
        "name": "测试新服务方",
        "kind": roles.PROVIDER,
        "client_kind": "",
        "region_code": "140100",
        "parent": "",
        "uscc": make_uscc("140100", 9901),
        "address": "",
        "contact_person": "",
        "contact_phone": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_sysadmin_creates_organization_in_jurisdiction(world):
    response = client_for(world.province_sysadmin).post(reverse("organization_add"), organization_payload())
    created = Organization.objects.get(name="测试新服务方")
    assert response.status_code == 302
    assert response.url == reverse("organization_detail", args=[created.pk])
    assert LedgerEntry.objects.filter(
        event="create", object_type="accounts.organization", object_id=str(created.pk)
    )


def test_organization_outside_jurisdiction_is_refused_in_chinese(world):
    response = client_for(world.province_sysadmin).post(
        reverse("organization_add"),
        organization_payload(region_code="410100", uscc=make_uscc("410100", 9902)),
    )
    assert response.status_code == 200
    assert "不在本单位辖区" in str(response.context["form"].errors["region_code"])
    assert not Organization.objects.filter(name="测试新服务方").exists()


def test_organization_form_model_errors_are_chinese(world):
    response = client_for(world.province_sysadmin).post(
        reverse("organization_add"), organization_payload(kind=roles.CLIENT, uscc="")
    )
    assert "委托方必须选择类别" in str(response.context["form"].errors["client_kind"])


def test_sysadmin_cannot_change_own_region(world):
    client = client_for(world.province_sysadmin)
    payload = organization_payload(
        name=world.province.name, kind=roles.REGULATOR, region_code="140100", uscc="", address="新地址"
    )
    response = client.post(reverse("organization_edit", args=[world.province.pk]), payload)
    assert response.status_code == 302
    world.province.refresh_from_db()
    assert world.province.region_code == "140000"
    assert world.province.address == "新地址"


# --------------------------------------------------------------------------------------------- users


def test_user_pages_owner_other_and_regulators(world):
    target = world.client_a_manager
    assert status(world.client_a_sysadmin, "user_detail", target.pk) == 200
    assert status(world.client_b_manager, "user_detail", target.pk) == 404
    assert status(world.province_officer, "user_detail", target.pk) == 200
    assert status(world.other_officer, "user_detail", target.pk) == 404
    assert status(world.client_a_manager, "user_list") == 200


def test_id_number_is_only_ever_shown_masked(world):
    number = valid_id_number()
    user = world.client_a_manager
    user.id_number = number
    user.save()
    admin = client_for(world.client_a_sysadmin)
    for url in (
        reverse("user_list"),
        reverse("user_detail", args=[user.pk]),
        reverse("user_edit", args=[user.pk]),
    ):
        html = admin.get(url).content.decode()
        assert number not in html, url
        assert user.masked_id_number in html, url


def test_user_edit_with_blank_id_number_keeps_it(world):
    number = valid_id_number()
    user = world.client_a_manager
    user.id_number = number
    user.save()
    response = client_for(world.client_a_sysadmin).post(
        reverse("user_edit", args=[user.pk]),
        {
            "username": user.username,
            "full_name": "新名字",
            "organization": world.client_a.pk,
            "phone": "",
            "email": "",
            "is_active": "on",
            "id_number": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "新名字" and user.id_number == number


def user_payload(org: Organization, **overrides: object) -> dict[str, object]:
    data = {
        "username": "new-user",
        "full_name": "新用户",
        "organization": org.pk,
        "phone": "",
        "email": "",
        "is_active": "on",
        "id_number": "",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def test_client_sysadmin_creates_user_in_own_organization(world):
    response = client_for(world.client_a_sysadmin).post(reverse("user_add"), user_payload(world.client_a))
    created = User.objects.get(username="new-user")
    assert response.status_code == 302
    assert created.organization == world.client_a
    assert created.check_password(STRONG_PASSWORD)


def test_client_sysadmin_cannot_create_user_elsewhere(world):
    response = client_for(world.client_a_sysadmin).post(reverse("user_add"), user_payload(world.client_b))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not User.objects.filter(username="new-user").exists()


def test_weak_password_and_bad_id_number_are_refused_in_chinese(world):
    response = client_for(world.client_a_sysadmin).post(
        reverse("user_add"),
        user_payload(
            world.client_a, password1="abcdefghijkl", password2="abcdefghijkl", id_number="110101199003074510"
        ),
    )
    errors = response.context["form"].errors
    assert "口令" in str(errors["password1"])  # the complexity rule, in Chinese
    assert "居民身份证号码无效" in str(errors["id_number"])


def test_regulator_sysadmin_creates_users_in_jurisdiction_only(world):
    admin = client_for(world.province_sysadmin)
    assert admin.post(reverse("user_add"), user_payload(world.client_a)).status_code == 302
    response = admin.post(reverse("user_add"), user_payload(world.client_far, username="far-user"))
    assert response.status_code == 200 and "organization" in response.context["form"].errors


def test_user_management_needs_sysadmin(world):
    for user in (world.client_a_manager, world.province_secadmin, world.province_auditor):
        assert status(user, "user_add") == 403
        assert status(user, "user_edit", world.client_a_manager.pk) == 403
    assert status(world.client_a_sysadmin, "user_edit", world.client_b_manager.pk) == 404


def test_sysadmin_unlocks_account_and_ledger_records_it(world):
    target = world.client_a_manager
    User.objects.filter(pk=target.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    assert (
        client_for(world.province_secadmin).post(reverse("user_unlock", args=[target.pk])).status_code == 403
    )
    assert (
        client_for(world.client_b_manager).post(reverse("user_unlock", args=[target.pk])).status_code == 403
    )
    other = make_user(world.client_b, roles.SYSADMIN)
    assert client_for(other).post(reverse("user_unlock", args=[target.pk])).status_code == 404
    response = client_for(world.client_a_sysadmin).post(reverse("user_unlock", args=[target.pk]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_locked
    entry = LedgerEntry.objects.filter(event="account_unlocked").get()
    assert entry.object_id == str(target.pk) and entry.actor_id == world.client_a_sysadmin.pk


def test_unlock_is_post_only(world):
    assert status(world.client_a_sysadmin, "user_unlock", world.client_a_manager.pk) == 405


# ------------------------------------------------------------------------------------ role assignment


def test_secadmin_assigns_roles(world):
    target = make_user(world.province)
    response = client_for(world.province_secadmin).post(
        reverse("user_roles", args=[target.pk]), {"roles": [roles.REGULATOR_OFFICER]}
    )
    assert response.status_code == 302
    target.forget_roles()
    assert target.role_codes == {roles.REGULATOR_OFFICER}
    assert LedgerEntry.objects.filter(event="role_change", object_id=str(target.pk)).exists()


def test_three_officer_conflict_is_refused(world):
    target = make_user(world.province, roles.REGULATOR_OFFICER)
    response = client_for(world.province_secadmin).post(
        reverse("user_roles", args=[target.pk]), {"roles": [roles.SYSADMIN, roles.AUDITOR]}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["roles"])
    assert "三员分立" in errors and "不得由同一人兼任" in errors
    target.forget_roles()
    assert target.role_codes == {roles.REGULATOR_OFFICER}


def test_role_not_applicable_to_organization_kind_is_not_offered(world):
    response = client_for(world.province_secadmin).post(
        reverse("user_roles", args=[world.client_a_manager.pk]), {"roles": [roles.REGULATOR_OFFICER]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["roles"]


def test_role_assignment_needs_secadmin_and_scope(world):
    target = world.client_a_manager
    for user in (world.province_sysadmin, world.province_auditor, world.province_officer):
        assert status(user, "user_roles", target.pk) == 403, user.username
    assert status(world.province_secadmin, "user_roles", target.pk) == 200
    other_secadmin = make_user(world.other_province, roles.SECADMIN)
    assert status(other_secadmin, "user_roles", target.pk) == 404


def test_secadmin_cannot_change_own_roles(world):
    me = world.province_secadmin
    response = client_for(me).post(reverse("user_roles", args=[me.pk]), {"roles": [roles.SYSADMIN]})
    assert response.status_code == 200
    assert "不能修改自己的角色" in str(response.context["form"].non_field_errors())
    me.forget_roles()
    assert me.role_codes == {roles.SECADMIN}


# ------------------------------------------------------------------------------------------ language


def test_language_switch_to_english(world):
    from pathlib import Path

    mo = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo"
    if not mo.exists():
        pytest.skip("运行 manage.py compilemessages 后再测英文界面")
    client = client_for(world.province_auditor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert "Security auditor workspace" in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True)
    assert "安全审计员工作台" in response.content.decode()
