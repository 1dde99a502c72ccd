"""Factories shared by every app's tests: organizations, users with roles, API clients."""

from __future__ import annotations

import itertools

from rest_framework.test import APIClient

from dangan.accounts import roles
from dangan.accounts.models import Organization, User
from dangan.accounts.services import ensure_roles, set_roles
from dangan.engines.identifiers import uscc_check_character

TEST_PASSWORD = "Test-Passw0rd!"
_counter = itertools.count(1)


def make_uscc(region_code: str, serial: int) -> str:
    first17 = f"91{region_code}MA{serial:07d}"[:17]
    return first17 + uscc_check_character(first17)


def make_org(
    kind: str,
    region_code: str = "140100",
    *,
    name: str | None = None,
    client_kind: str = "",
    parent: Organization | None = None,
) -> Organization:
    n = next(_counter)
    if kind == roles.CLIENT and not client_kind:
        client_kind = "organ"
    org = Organization(
        name=name or f"测试{dict(roles.ORGANIZATION_KINDS)[kind]}{n}",
        kind=kind,
        client_kind=client_kind,
        region_code=region_code,
        parent=parent,
        uscc=make_uscc(region_code, n) if kind == roles.PROVIDER else "",
    )
    org.full_clean()
    org.save()
    return org


def make_user(org: Organization, *role_codes: str, username: str | None = None) -> User:
    ensure_roles()
    user = User(username=username or f"user{next(_counter)}", organization=org, full_name="测试用户")
    user.set_password(TEST_PASSWORD)
    user.save()
    if role_codes:
        set_roles(user, set(role_codes))
    return user


def api_client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class World:
    """Two provinces: everything needed to test owner / same-kind other / regulator in and out."""

    def __init__(self) -> None:
        self.province = make_org(roles.REGULATOR, "140000", name="测试甲省档案局")
        self.city = make_org(roles.REGULATOR, "140100", name="测试甲市档案局", parent=self.province)
        self.other_province = make_org(roles.REGULATOR, "410000", name="测试乙省档案局")
        self.client_a = make_org(roles.CLIENT, "140100", client_kind="organ")
        self.client_b = make_org(roles.CLIENT, "140100", client_kind="national_archive")
        self.client_far = make_org(roles.CLIENT, "410100", client_kind="enterprise")
        self.provider_a = make_org(roles.PROVIDER, "140100")
        self.provider_b = make_org(roles.PROVIDER, "140200")
        self.province_officer = make_user(self.province, roles.REGULATOR_OFFICER)
        self.city_officer = make_user(self.city, roles.REGULATOR_OFFICER)
        self.other_officer = make_user(self.other_province, roles.REGULATOR_OFFICER)
        self.province_sysadmin = make_user(self.province, roles.SYSADMIN)
        self.province_secadmin = make_user(self.province, roles.SECADMIN)
        self.province_auditor = make_user(self.province, roles.AUDITOR)
        self.other_auditor = make_user(self.other_province, roles.AUDITOR)
        self.client_a_manager = make_user(self.client_a, roles.CLIENT_MANAGER)
        self.client_a_sysadmin = make_user(self.client_a, roles.SYSADMIN)
        self.client_b_manager = make_user(self.client_b, roles.CLIENT_MANAGER)
        self.client_far_manager = make_user(self.client_far, roles.CLIENT_MANAGER)
        self.provider_a_manager = make_user(self.provider_a, roles.PROVIDER_MANAGER)
        self.provider_b_manager = make_user(self.provider_b, roles.PROVIDER_MANAGER)


def tamper_ledger(sql: str, params: list) -> None:
    """Change ledger rows behind the application's back, as an attacker with database access would.

    On PostgreSQL the append-only trigger must be disabled first (as a superuser could), so that the
    tests show verification catches what the trigger would otherwise have stopped.
    """
    from django.db import connection

    trigger = "dangan_ledger_no_update_delete"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE ledger_ledgerentry DISABLE TRIGGER {trigger}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE ledger_ledgerentry ENABLE TRIGGER {trigger}")
