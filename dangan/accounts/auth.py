"""Authentication with lockout after repeated failures; each lockout is a ledger event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from dangan.core.audit_context import actor_for_user
from dangan.ledger import services

from .models import User


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked:
            return None  # wrong or right, a locked account does not log in; the failure signal records it
        authenticated = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return authenticated
        if authenticated is not None:
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            return authenticated
        self._register_failure(request, user)
        return None

    def _register_failure(self, request: Any, user: User) -> None:
        count = user.failed_login_count + 1
        locked_until = None
        if count >= settings.LOCKOUT_THRESHOLD:
            locked_until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
            count = 0
        User.objects.filter(pk=user.pk).update(failed_login_count=count, locked_until=locked_until)
        if locked_until is not None:
            ip = request.META.get("REMOTE_ADDR") if request is not None else None
            services.append(
                "account_locked",
                obj=user,
                actor=actor_for_user(user, ip),
                after={"locked_until": locked_until, "threshold": settings.LOCKOUT_THRESHOLD},
            )
