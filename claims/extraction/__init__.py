"""Statement extraction: who said what, when, to whom -- from cleaned article text, with spaCy.

Public API (called from the Django services and commands; pure Python, no database):

- EXTRACTOR_VERSION: stored with each statement; bumped when the output changes.
- TextTooLong: raised (before any parsing) when a text is longer than max_chars.
- clean_text(raw): the text statements' offsets refer to (idempotent).
- load_nlp(model_name): the spaCy pipeline, loaded once per process.
- build_actor_index(actors): aliases -> actors; pass it as `actors=` to reuse it across calls.
- extract(text, published=..., actors=...): one article -> ExtractionResult.
- extract_many(items, actors=...): many articles through nlp.pipe, in input order.
"""

from __future__ import annotations

from .clean import clean_text
from .errors import TextTooLong
from .nlp import load_nlp
from .pipeline import extract, extract_many
from .speakers import ActorIndex, build_actor_index
from .types import ActorRecord, ExtractionResult, StatementRecord
from .version import EXTRACTOR_VERSION

__all__ = [
    "EXTRACTOR_VERSION",
    "ActorIndex",
    "ActorRecord",
    "ExtractionResult",
    "StatementRecord",
    "TextTooLong",
    "build_actor_index",
    "clean_text",
    "extract",
    "extract_many",
    "load_nlp",
]
