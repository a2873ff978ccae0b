"""The Celery app. Configured from Django settings (CELERY_* names); tasks are found in each app's tasks.py."""

import logging
import os

from celery import Celery
from celery.signals import task_prerun, worker_process_init

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


@task_prerun.connect
def _drop_broken_connections(task=None, **_kwargs) -> None:
    """Before a worker's task, close a kept database connection that had an error and no longer answers
    (the database restarted, the network dropped it), as Django does between requests; the task then
    connects anew. With CELERY_DB_REUSE_MAX the connections are kept from task to task."""
    if task is None or getattr(task.request, "is_eager", False):
        return
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block:
            continue
        if conn.errors_occurred:
            if conn.is_usable():
                conn.errors_occurred = False
            else:
                conn.close()
