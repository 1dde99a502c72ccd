"""Celery tasks of the custody app (in-process when no broker is configured)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="dangan.custody.raise_overdue_incidents")
def raise_overdue_incidents() -> int:
    """Daily: one incident per original kept past its project's return date (idempotent)."""
    from dangan.core.audit_context import Actor, acting_as

    from .services import raise_overdue_incidents as run

    with acting_as(Actor.system("custody-overdue")):
        return run()
