"""A progress bar for management commands that stays out of the way when output is not a terminal."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.core.management.base import OutputWrapper

T = TypeVar("T")


def progress(items: Sequence[T], *, label: str, stream: OutputWrapper, width: int = 30) -> Iterator[T]:
    total = len(items)
    tty = hasattr(stream, "isatty") and stream.isatty()
    started = time.monotonic()
    for done, item in enumerate(items, 1):
        yield item
        if tty or done == total:
            filled = int(width * done / total)
            rate = done / max(time.monotonic() - started, 1e-9)
            line = f"{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.1f}/s)"
            stream.write(("\r" + line) if tty else line, ending="" if tty and done < total else "\n")
            stream.flush()
