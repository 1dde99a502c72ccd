"""Capabilities of the provider registry, on top of scoping (who sees which provider).

* A provider maintains its own registry (its project manager, and its system administrator for the
  account-like parts); nobody else changes it.
* Clients and regulators read it through scoping; they alone enter bad records (SX-2.1): clients about
  any active provider they may consider, regulators about providers in their jurisdiction. A provider
  never enters or removes a bad record about itself.
"""

from __future__ import annotations

from typing import Any

from dangan.accounts import roles
from dangan.core.permissions import can, register

MANAGE_REGISTRY = "provider.registry.manage"
ADD_BAD_RECORD = "provider.bad_record.add"


def register_capabilities() -> None:
    register(
        MANAGE_REGISTRY,
        "维护本单位服务方名录（概况、股东、人员、资质、设备、软件）",
        {roles.PROVIDER_MANAGER, roles.SYSADMIN},
        {roles.PROVIDER},
    )
    register(
        ADD_BAD_RECORD,
        "登记服务方不良记录",
        {roles.CLIENT_MANAGER, roles.CLIENT_STAFF, roles.REGULATOR_OFFICER},
        {roles.CLIENT, roles.REGULATOR},
    )


def bad_record_targets(user: Any):
    """Providers about which ``user`` may enter a bad record (active providers in the user's scope)."""
    from dangan.accounts.models import Organization

    if not can(user, ADD_BAD_RECORD):
        return Organization.objects.none()
    return Organization.objects.restrict(user).filter(kind=roles.PROVIDER, is_active=True)
