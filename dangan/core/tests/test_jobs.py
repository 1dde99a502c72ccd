import threading

import pytest
from celery import shared_task
from django.test import override_settings

from dangan.core.jobs import dispatch

RAN: list[tuple[str, int]] = []


@shared_task(name="dangan.core.tests.record")
def record(value: int) -> None:
    RAN.append((threading.current_thread().name, value))


@pytest.fixture(autouse=True)
def clear():
    RAN.clear()


def test_eager_mode_runs_in_the_caller():
    with override_settings(INPROCESS_JOBS="eager"):
        dispatch(record, 1)
    assert RAN == [(threading.current_thread().name, 1)]


def test_thread_mode_returns_at_once_and_runs_beside_the_request():
    with override_settings(INPROCESS_JOBS="thread"):
        dispatch(record, 2)
    for thread in threading.enumerate():
        if thread.name.startswith("job-"):
            thread.join(timeout=10)
    assert RAN == [("job-dangan.core.tests.record", 2)]
