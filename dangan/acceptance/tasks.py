"""Background jobs, started through dangan.core.jobs.dispatch: Celery with a broker, otherwise a
background thread of the web process (tests run them at once)."""

from __future__ import annotations

from dangan.celery import app


@app.task(name="dangan.acceptance.run_round_check", acks_late=True, reject_on_worker_lost=True)
def run_round_check(round_pk: int) -> str:
    from .services import run_round

    return run_round(round_pk).status
