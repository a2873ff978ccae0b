"""The embedded default (no broker) runs a page's background work on one thread after the response.

With a broker, tasks go to the workers as always. Without one, Celery runs a task inside `.delay()`, so a
page that queues work would block until it is done; inside `tasks_in_background()` such a task runs on
this process's background thread instead, one at a time in order, and the page shows its progress.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from celery import current_app
from django.db import connections

log = logging.getLogger(__name__)

_requested: ContextVar[bool] = ContextVar("tasks_in_background", default=False)
_work: queue.Queue[Callable[[], Any]] = queue.Queue()
_lock = threading.Lock()
_thread: threading.Thread | None = None


@contextmanager
def tasks_in_background() -> Iterator[None]:
    """Tasks sent with `send_task` inside this block do not hold up the caller when there is no broker."""
    token = _requested.set(True)
    try:
        yield
    finally:
        _requested.reset(token)


def runs_in_process() -> bool:
    """True when no broker is configured: tasks run inside the calling process (the embedded default)."""
    return bool(current_app.conf.task_always_eager)


def send_task(task: Any, *args: Any, **kwargs: Any) -> None:
    """`task.delay(*args, **kwargs)`, or the background thread's job when in-process inside the block.

    `task` may be the name a task is registered under: an app's services queue its tasks by name, so they
    need not import the tasks module that imports them. Each app registers its tasks at start-up
    (AppConfig.ready), so an unknown name fails loudly here."""
    if isinstance(task, str):
        task = current_app.tasks[task]
    if runs_in_process() and _requested.get():
        run_in_background(lambda: task.apply(args=args, kwargs=kwargs, throw=True))
    else:
        task.delay(*args, **kwargs)


def run_in_background(work: Callable[[], Any]) -> None:
    """Run `work` on the process's one background thread (started on first use), after earlier work."""
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_worker, name="tracker-background", daemon=True)
            _thread.start()
    _work.put(work)


def wait_for_background() -> None:
    """Block until every piece of background work sent so far is finished (tests, commands)."""
    _work.join()


def _worker() -> None:
    while True:
        work = _work.get()
        try:
            work()
        except Exception:
            log.exception("background work failed")
        finally:
            connections.close_all()  # this thread's connections; a long-lived idle one would go stale
            _work.task_done()
