from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import grouped, menu_for
from .permissions import CAPABILITIES, can


def _url_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "") if match else ""  # with the namespace, e.g. "custody:unit_list"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Capabilities of the current user, so templates show only the menu entries the user can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"caps": {}, "app_menu": []}
    return {
        "caps": {code.replace(".", "_"): can(user, code) for code in CAPABILITIES},
        "app_menu": grouped([(item, item.is_active(_url_name(request))) for item in menu_for(user)]),
    }
