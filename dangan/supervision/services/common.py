"""Helpers shared by the supervision services: refusals that name their rule, recipients, regulators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from dangan.accounts import roles
from dangan.accounts.models import Organization, User
from dangan.core.scoping import user_organization


class SupervisionError(Exception):
    """A refused action. The message starts with the RULES.md ID it serves (e.g. "LAW-44：…")."""

    def __init__(self, message: str, rule_id: str = "") -> None:
        super().__init__(message)
        self.rule_id = rule_id or message.split("：", 1)[0]
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"rule_id": self.rule_id, "detail": self.message}


def org_of(user: Any) -> Organization:
    org = user_organization(user)
    if org is None:
        raise SupervisionError(gettext("您不属于任何单位，不能办理此事项"), "SX-3.3-b")
    return org


def regulators_over(org: Organization) -> list[Organization]:
    """Regulators whose jurisdiction covers the organization, most local first."""
    candidates = Organization.objects.filter(kind=roles.REGULATOR, is_active=True)
    over = [r for r in candidates if org.region_code.startswith(r.jurisdiction_prefix) and r.pk != org.pk]
    return sorted(over, key=lambda r: -len(r.jurisdiction_prefix))


def local_regulator(project: Any) -> Organization | None:
    """Where a project's incidents are reported: the regulator it was filed with, else the most local one."""
    if getattr(project, "filed_with_id", None):
        return project.filed_with
    over = regulators_over(project.client)
    return over[0] if over else None


# Who acts for an organization on supervision matters.
ACTING_ROLES = {
    roles.REGULATOR: {roles.REGULATOR_OFFICER},
    roles.CLIENT: {roles.CLIENT_MANAGER, roles.CLIENT_STAFF},
    roles.PROVIDER: {roles.PROVIDER_MANAGER},
}


def acting_users(*orgs: Organization | None) -> list[User]:
    users: dict[int, User] = {}
    for org in orgs:
        if org is None:
            continue
        qs = User.objects.filter(
            organization=org, is_active=True, roles__code__in=ACTING_ROLES[org.kind]
        ).distinct()
        for user in qs:
            users[user.pk] = user
    return list(users.values())
