from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .audit_context import acting_as, actor_for_user


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Binds the logged-in user to every ledger entry written while the request runs.

    DRF authenticates token users inside the view, so the API base classes rebind the actor there too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(actor_for_user(getattr(request, "user", None), client_ip(request))):
            return self.get_response(request)
