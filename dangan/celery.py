"""Celery app. Without DANGAN_CELERY_BROKER_URL tasks run in-process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangan.settings")

app = Celery("dangan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
