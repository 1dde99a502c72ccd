"""Starting background jobs the same way whether or not a broker is configured.

* With ``DANGAN_CELERY_BROKER_URL``: the job goes to Celery (``dangan worker`` runs it).
* Without a broker, in the embedded installation: the job runs in a background thread of the web
  process, so the request returns at once and the page can show live progress.
* In tests (or with ``DANGAN_INPROCESS_JOBS=eager``): the job runs at once, inside the caller.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)


def inprocess_mode() -> str:
    return getattr(settings, "INPROCESS_JOBS", "eager")


def dispatch(task: Any, *args: Any) -> None:
    if getattr(settings, "CELERY_BROKER_URL", None):
        task.delay(*args)
        return
    if inprocess_mode() == "eager":
        task.apply(args=args)
        return
    thread = threading.Thread(target=_run_in_thread, args=(task, args), daemon=True, name=f"job-{task.name}")
    thread.start()


def _run_in_thread(task: Any, args: tuple[Any, ...]) -> None:
    try:
        task.apply(args=args)
    except Exception:  # the task records its own failure; this only keeps the thread from dying silently
        log.exception("background job %s%r failed", task.name, args)
    finally:
        connections.close_all()
