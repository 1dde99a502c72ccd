"""Celery tasks of the supervision app (in-process when no broker is configured)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="dangan.supervision.check_deadlines")
def check_deadlines() -> str:
    from .services.deadlines import check_deadlines as run

    return str(run())
