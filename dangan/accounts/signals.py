"""Security events of accounts go into the audit ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from dangan.core.audit_context import Actor, actor_for_user, current_actor
from dangan.ledger import services

from .models import User


def _ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    services.append("login_success", obj=user, actor=actor_for_user(user, _ip(request)))


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        services.append("logout", obj=user, actor=actor_for_user(user, _ip(request)))


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).select_related("organization").first()
    if user is not None:
        actor = actor_for_user(user, _ip(request))
        actor = Actor(
            None,
            username,
            actor.organization_id,
            actor.organization_name,
            actor.ip_address,
            actor.organization_region,
        )
        services.append("login_failure", obj=user, actor=actor, after={"reason": "口令错误或账号已锁定"})
    else:
        services.append(
            "login_failure",
            object_type="accounts.user",
            object_repr=username,
            actor=Actor(None, username or "anonymous", None, "", _ip(request)),
            after={"reason": "用户名不存在"},
        )


@receiver(m2m_changed, sender=User.roles.through)
def on_roles_changed(sender: Any, instance: Any, action: str, pk_set: set | None, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    from .models import Role

    instance.forget_roles()
    codes = sorted(instance.roles.values_list("code", flat=True))
    changed = sorted(Role.objects.filter(pk__in=pk_set or []).values_list("code", flat=True))
    services.append(
        "role_change",
        obj=instance,
        actor=current_actor(),
        after={"action": action.removeprefix("post_"), "changed": changed, "roles": codes},
    )
