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
    """Each worker process loads the spaCy model once, before its first task, not during one.

    Imported here on purpose, not at the top (no cycle is dodged): this module is imported with the
    settings (tracker/__init__), before Django has set up the apps, and only worker processes need the
    extractor through it; web processes and commands do not pay for importing it here."""
    from django.conf import settings

    from claims.extraction import load_nlp

    try:
        load_nlp(settings.TRACKER_SPACY_MODEL)
    except Exception:  # the task that needs it will report the problem on the job
        logging.getLogger(__name__).exception(
            "could not preload spaCy model %s", settings.TRACKER_SPACY_MODEL
        )
