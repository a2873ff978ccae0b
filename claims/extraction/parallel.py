"""Extraction on every core: articles go to worker processes in small chunks, results come back in
input order. Each worker loads the spaCy model once (a forked worker shares the parent's copy)."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any

from .errors import TextTooLong
from .nlp import load_nlp
from .pipeline import DEFAULT_MAX_CHARS, DEFAULT_MODEL, extract_many
from .speakers import ActorIndex, build_actor_index
from .types import ActorRecord, ExtractionResult

Item = tuple[str, date | None] | tuple[str, date | None, str]  # (text, published[, headline])
Outcome = ExtractionResult | TextTooLong
_CHUNK = 4  # articles per task: small enough to keep both cores busy to the end
_AHEAD = 2  # chunks queued per process
_worker: dict[str, Any] = {}


def default_processes() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def extract_parallel(
    items: Iterable[Item],
    *,
    actors: Sequence[ActorRecord] | ActorIndex,
    processes: int | None = None,
    model_name: str = DEFAULT_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
    nlp: Any = None,
    propositions: Sequence[Any] = (),
) -> Iterator[Outcome]:
    """extract_many over `processes` processes (default: every core), in input order. A text over
    `max_chars` comes out as its TextTooLong error in its place, and the others go on. With
    `propositions` (stances.PropositionRecord), stances are suggested too."""
    index = actors if isinstance(actors, ActorIndex) else build_actor_index(actors)
    processes = processes or default_processes()
    if processes <= 1:
        for chunk in _chunks(iter(items), _CHUNK):
            yield from _extract_chunk_with(chunk, index, model_name, max_chars, nlp, propositions)
        return
    if nlp is None:
        load_nlp(model_name)  # loaded before forking: the workers share it
    context = multiprocessing.get_context("fork")
    with context.Pool(
        processes, initializer=_init_worker, initargs=(index, model_name, max_chars, nlp, propositions)
    ) as pool:
        # `items` is read here, in the caller's thread (it may read a database), a few chunks ahead
        pending: deque[AsyncResult[list[Outcome]]] = deque()
        for chunk in _chunks(iter(items), _CHUNK):
            pending.append(pool.apply_async(_extract_chunk, (chunk,)))
            if len(pending) >= _AHEAD * processes:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _init_worker(
    index: ActorIndex, model_name: str, max_chars: int, nlp: Any, propositions: Sequence[Any]
) -> None:
    _worker.update(
        index=index, model_name=model_name, max_chars=max_chars, nlp=nlp, propositions=propositions
    )


def _extract_chunk(chunk: list[Item]) -> list[Outcome]:
    return _extract_chunk_with(
        chunk,
        _worker["index"],
        _worker["model_name"],
        _worker["max_chars"],
        _worker["nlp"],
        _worker["propositions"],
    )


def _extract_chunk_with(
    chunk: list[Item],
    index: ActorIndex,
    model_name: str,
    max_chars: int,
    nlp: Any,
    propositions: Sequence[Any] = (),
) -> list[Outcome]:
    """One chunk in this process; a text that is too long is reported in its place."""
    out: list[Outcome] = []
    rest = chunk
    while rest:
        try:
            for result in extract_many(
                rest,
                actors=index,
                nlp=nlp,
                model_name=model_name,
                max_chars=max_chars,
                propositions=propositions,
            ):
                out.append(result)
            rest = []
        except TextTooLong as exc:
            out.append(exc)
            rest = chunk[len(out) :]
    return out
