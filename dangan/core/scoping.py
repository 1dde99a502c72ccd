"""The one scoping mechanism: every view and API endpoint reads through ``restrict``.

A model says how it reaches organizations (``scope_paths``): a client sees rows that reach its own
organization, a provider rows that reach it (including projects it is assigned to), a regulator rows
that reach any organization whose region code lies in its jurisdiction (its region and below).
Rows outside the scope do not exist for the user: detail views answer 404, never 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from dangan.accounts.models import Organization

VIEW = "view"
CHANGE = "change"

NOTHING = Q(pk__in=[])


def jurisdiction_prefix(region_code: str) -> str:
    """'140000' -> '14' (province), '140100' -> '1401' (city), '140105' -> '140105' (county)."""
    code = (region_code or "").strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def user_organization(user: Any) -> Organization | None:
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organization", None)


def _lookup(path: str, suffix: str) -> str:
    return f"{path}__{suffix}" if path else suffix


def organization_q(paths: tuple[str, ...], user: Any) -> Q:
    """Rows whose organization paths reach the user's own organization or its jurisdiction."""
    org = user_organization(user)
    if org is None:
        return NOTHING
    q = NOTHING
    for path in paths:
        if org.is_regulator:
            q |= Q(**{_lookup(path, "region_code__startswith"): org.jurisdiction_prefix})
        else:
            q |= Q(**{_lookup(path, "pk"): org.pk})
    return q


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = VIEW) -> ScopedQuerySet:
        model = self.model
        q = model.scope_q(user, action)
        qs = self.filter(q)
        return qs.distinct() if getattr(model, "scope_needs_distinct", False) else qs


class ScopedModel(models.Model):
    """Mixin for every model a user can reach through a view or the API."""

    # Lookups from this model to an Organization; "" when the row *is* an organization.
    scope_paths: tuple[str, ...] = ()
    scope_needs_distinct = False

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        """Override to widen (e.g. a public registry) or narrow (e.g. read-only for regulators)."""
        return organization_q(cls.scope_paths, user)
