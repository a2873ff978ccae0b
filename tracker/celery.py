"""The Celery app. Configured from Django settings (CELERY_* names); tasks are found in each app's tasks.py."""

import logging
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _load_spacy_once(**_kwargs) -> None:
    """Each worker process loads the spaCy model once, before its first task, not during one."""
    from django.conf import settings

    from claims.extraction import load_nlp

    try:
        load_nlp(settings.TRACKER_SPACY_MODEL)
    except Exception:  # the task that needs it will report the problem on the job
        logging.getLogger(__name__).exception(
            "could not preload spaCy model %s", settings.TRACKER_SPACY_MODEL
        )


def runs_in_process() -> bool:
    """True when no broker is configured: tasks run inside the calling process (the embedded default)."""
    return bool(app.conf.task_always_eager)
