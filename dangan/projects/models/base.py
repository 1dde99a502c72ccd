"""Rows that belong to one project: read by whoever reads the project, changed only by its client."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from dangan.core.models import AuditedModel
from dangan.core.scoping import NOTHING, VIEW, organization_q, user_organization


class ProjectPart(AuditedModel):
    scope_paths = ("project__client", "project__provider")

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user: Any, action: str = VIEW) -> Q:
        if action == VIEW:
            return organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is None or not org.is_client:
            return NOTHING
        return Q(project__client=org)


class ClientOnlyProjectPart(ProjectPart):
    """比选 rows: a candidate provider must never see its competitors, so providers see none of them."""

    scope_paths = ("project__client",)

    class Meta:
        abstract = True
