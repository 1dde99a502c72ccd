from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from dangan.core.permissions import can
from dangan.core.scoping import VIEW
from dangan.projects.models import Project


def scoped_project(user: Any, pk: int, action: str = VIEW) -> Project:
    return get_object_or_404(
        Project.objects.restrict(user, action).select_related("client", "provider"), pk=pk
    )


def side_capability(project: Project, user: Any) -> str | None:
    """The hand-over capability the user needs for acting on this project's side (client or provider)."""
    org = getattr(user, "organization", None)
    if org is None:
        return None
    if org.pk == project.client_id:
        return "custody.handover_client"
    if org.pk == project.provider_id:
        return "custody.handover_provider"
    return None


def can_act(project: Project, user: Any) -> bool:
    cap = side_capability(project, user)
    return cap is not None and can(user, cap)


def require_side(project: Project, user: Any) -> None:
    if not can_act(project, user):
        raise PermissionDenied(gettext("您没有执行此操作的权限"))
