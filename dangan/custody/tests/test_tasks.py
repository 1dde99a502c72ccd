import pytest

from dangan.celery import app

pytestmark = pytest.mark.django_db


def test_periodic_duties_are_scheduled_and_registered():
    from django.conf import settings

    import dangan.custody.tasks
    import dangan.supervision.tasks  # noqa: F401

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_overdue_task_runs_in_process_without_a_broker():
    from dangan.custody.tasks import raise_overdue_incidents

    assert raise_overdue_incidents.delay().get() == 0
