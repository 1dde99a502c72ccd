"""Background jobs. Without a broker (DANGAN_CELERY_BROKER_URL unset) the check runs in-process, inside
the request that submitted the delivery (acceptable for the embedded mode; see docs/acceptance.md)."""

from __future__ import annotations

from dangan.celery import app


@app.task(name="dangan.acceptance.run_round_check", acks_late=True, reject_on_worker_lost=True)
def run_round_check(round_pk: int) -> str:
    from .services import run_round

    return run_round(round_pk).status
