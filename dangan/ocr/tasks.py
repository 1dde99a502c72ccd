"""Background jobs. Without a broker (DANGAN_CELERY_BROKER_URL unset) they run in-process."""

from __future__ import annotations

from dangan.celery import app


# acks_late + reject_on_worker_lost: a worker killed mid-job leaves the message unacknowledged, the
# broker hands it to another worker, and services.run_job resumes from the recogniser's saved pages.
@app.task(name="dangan.ocr.run_job", acks_late=True, reject_on_worker_lost=True)
def run_ocr_job(job_id: int) -> str:
    from .services import run_job

    return run_job(job_id).status
