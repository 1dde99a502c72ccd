from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    """Unread in-app notifications of the current user, for the bell in the navbar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {"unread_notifications": Notification.objects.filter(user=user, read=False).count()}
