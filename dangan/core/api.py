"""API base classes: the same scoping and capabilities as the web UI."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, routers, viewsets

from .audit_context import _current_actor, actor_for_user
from .permissions import can
from .scoping import CHANGE, VIEW

api_router = routers.DefaultRouter()

SAFE_ACTIONS = {"list", "retrieve", "metadata"}


class CapabilityPermission(permissions.BasePermission):
    """Reads need only scope; writes need the view's capability for that action."""

    message = _("您没有执行此操作的权限")

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        required = view.required_capability()
        return required is None or can(request.user, required)


class ScopedViewSetMixin:
    """Querysets restricted by organization, role and jurisdiction; out-of-scope objects are 404."""

    queryset_model: Any = None
    # action name -> capability code; actions not listed need only scope (reads) or are not offered.
    capabilities: dict[str, str] = {}
    read_capability: str | None = None
    permission_classes = [permissions.IsAuthenticated, CapabilityPermission]

    def required_capability(self) -> str | None:
        action = getattr(self, "action", None)
        if action in SAFE_ACTIONS:
            return self.read_capability
        return self.capabilities.get(action, self.read_capability)

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Token users are authenticated here, after the middleware: bind them to ledger entries now.
        self._actor_token = _current_actor.set(actor_for_user(request.user, request.META.get("REMOTE_ADDR")))

    def finalize_response(self, request, response, *args: Any, **kwargs: Any):
        token = getattr(self, "_actor_token", None)
        if token is not None:
            _current_actor.reset(token)
            self._actor_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        action = VIEW if getattr(self, "action", None) in SAFE_ACTIONS else CHANGE
        return self.queryset_model.objects.restrict(self.request.user, action)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
