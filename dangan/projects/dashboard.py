"""The projects panel of the dashboard: projects in the user's scope by lifecycle status."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from dangan.accounts import roles
from dangan.core.dashboard import DashboardPanel, register_panel

BUSINESS_ROLES = {
    roles.REGULATOR_OFFICER,
    roles.CLIENT_MANAGER,
    roles.CLIENT_STAFF,
    roles.PROVIDER_MANAGER,
    roles.PROVIDER_OPERATOR,
}


def does_business(user: Any) -> bool:
    # The 三员 keep accounts and the ledger; they do not work on projects.
    return bool(set(getattr(user, "role_codes", ())) & BUSINESS_ROLES)


def projects_panel(user: Any) -> dict[str, Any] | None:
    org = getattr(user, "organization", None)
    if org is None or not does_business(user):
        return None
    from .models import Project, ProjectStatus

    projects = Project.objects.restrict(user)
    counts = dict(projects.values_list("status").annotate(n=Count("pk")))
    return {
        "by_status": [
            {"code": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in ProjectStatus
        ],
        "recent": projects.select_related("client", "provider").order_by("-updated_at")[:5],
        "filings": projects.filter(filed_on__isnull=False).count() if org.is_regulator else None,
    }


def register_panels() -> None:
    register_panel(
        DashboardPanel("projects.overview", "projects/dashboard_projects.html", projects_panel, order=30)
    )
