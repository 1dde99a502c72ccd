"""Who is acting right now: set by the web middleware, the API and the CLI, read by the ledger."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    organization_id: int | None
    organization_name: str
    ip_address: str | None = None
    organization_region: str = ""

    @classmethod
    def system(cls, reason: str = "system") -> Actor:
        return cls(user_id=None, username=reason, organization_id=None, organization_name="")


_current_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("dangan_actor", default=None)


def current_actor() -> Actor:
    return _current_actor.get() or Actor.system()


def actor_for_user(user, ip_address: str | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(None, "anonymous", None, "", ip_address)
    org = getattr(user, "organization", None)
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        organization_id=org.pk if org else None,
        organization_name=org.name if org else "",
        ip_address=ip_address,
        organization_region=org.region_code if org else "",
    )


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)
