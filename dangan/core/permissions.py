"""Role-based capabilities, checked on top of scoping.

Scoping decides *which rows exist* for a user; a capability decides *what the user may do* with them.
Apps register their capabilities here so that views and API endpoints ask one question: ``can(user, code)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dangan.accounts import roles


@dataclass(frozen=True)
class Capability:
    code: str
    label: str
    roles: frozenset[str]
    organization_kinds: frozenset[str] = roles.ALL_KINDS


CAPABILITIES: dict[str, Capability] = {}


def register(code: str, label: str, role_codes: set[str], organization_kinds: set[str] | None = None) -> None:
    CAPABILITIES[code] = Capability(
        code, label, frozenset(role_codes), frozenset(organization_kinds or roles.ALL_KINDS)
    )


def can(user: Any, code: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    org = getattr(user, "organization", None)
    capability = CAPABILITIES.get(code)
    if capability is None or org is None or not org.is_active:
        return False
    return org.kind in capability.organization_kinds and user.has_role(*capability.roles)


register("organization.manage", "管理辖区内单位", {roles.SYSADMIN}, {roles.REGULATOR})
register("user.manage", "管理用户账号", {roles.SYSADMIN})
register("user.assign_roles", "分配角色与权限", {roles.SECADMIN})
register("ledger.view", "查阅审计日志", {roles.AUDITOR})
register("ledger.verify", "校验审计日志", {roles.AUDITOR})
# The export holds the whole chain (every organization), so only regulators' auditors may take it.
register("ledger.export", "导出审计日志", {roles.AUDITOR}, {roles.REGULATOR})
