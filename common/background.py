"""Sending a Celery task so that the request asking for it returns at once, broker or not.

With a broker, the task is queued for the workers. Without one (the embedded default, `make run`), tasks
run in-process; a long one (re-suggesting stances over every stored statement) then runs in a daemon
thread of the web process instead of inside the request, and reports its progress through its job row
as a worker would. A thread lost with its process (a restart) leaves a job whose lease runs out: the
page offers Resume. `TRACKER_BACKGROUND_THREADS=0` runs such tasks inside the request instead (tests).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)


def send_task(task: Any, *args: Any) -> None:
    """Queue `task(*args)` for a worker, or run it in a thread when there is no broker."""
    if not task.app.conf.task_always_eager:
        task.delay(*args)
    elif getattr(settings, "TRACKER_BACKGROUND_THREADS", True):
        threading.Thread(target=_run, args=(task, args), name=f"{task.name}{args}", daemon=True).start()
    else:
        task.apply(args=args)


def _run(task: Any, args: tuple) -> None:
    try:
        task.apply(args=args)
    except Exception:  # the task records failures on its job; this is a bug in the task itself
        log.exception("background task %s%s failed", task.name, args)
    finally:
        connections.close_all()  # this thread's own database connections
