"""The JSONL row of one statement: what `manage.py extract_text --jsonl` prints and the scorer reads."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.slugs import slug_for

from .types import ActorRecord, ExtractionResult, StatementRecord


def date_to_json(value: date | None, precision: str) -> str | None:
    """An ISO date truncated to its precision: YYYY-MM-DD, YYYY-MM or YYYY (None when undated)."""
    if value is None or precision not in ("day", "month", "year"):
        return None
    iso = value.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[precision]


def statement_to_json(
    doc: str, record: StatementRecord, published: date | None = None, *, result: ExtractionResult
) -> dict[str, Any]:
    """One statement as a plain dict (keys: doc, speaker, speaker_slug, quote, parts, part_offsets, kind,
    cue, date, date_precision, via, start, end, confidence).

    Offsets index the text as given to the extractor (`result` maps them back from the cleaned text)
    and `quote` is its words as given: `text[start:end] == quote` for a one-piece statement; a split
    quotation ("...," X said, "...") lists its `parts` with their `part_offsets` (each
    `text[s:e] == part`) and `quote` is the parts joined by a space. `published` is printed when given."""
    dated = record.said_on is not None and record.date_precision in ("day", "month", "year")
    spans = record.parts or [(record.start, record.end)]
    given = result.input_text()
    offsets = [result.input_span(s, e) for s, e in spans]
    parts = [given[s:e] for s, e in offsets]
    row: dict[str, Any] = {
        "doc": doc,
        "speaker": record.speaker_name or record.speaker_mention or None,
        "speaker_slug": record.speaker_slug,
        "quote": " ".join(parts),
        "parts": parts,
        "part_offsets": [list(span) for span in offsets],
        "kind": record.kind,
        "cue": record.cue or None,
        "date": date_to_json(record.said_on, record.date_precision),
        "date_precision": record.date_precision if dated else None,
        "via": (record.via_name or record.via_mention) or None,
        "start": offsets[0][0],
        "end": offsets[-1][1],
        "confidence": record.confidence,
    }
    if published is not None:
        row["published"] = published.isoformat()
    return row


def actors_from_json(data: dict[str, Any]) -> list[ActorRecord]:
    """ActorRecords from an actors.json document ({"actors": [{name, kind, aliases, alias_kinds, ...}]})."""
    rows = data.get("actors", [])
    slugs = {row["name"]: slug_for(row["name"]) for row in rows}  # the slugs the database gives them
    out = []
    for row in rows:
        aliases = tuple(row.get("aliases", ()))
        kinds = row.get("alias_kinds", {})
        out.append(
            ActorRecord(
                slug=slugs[row["name"]],
                name=row["name"],
                kind=row.get("kind", "other"),
                aliases=aliases,
                alias_kinds=tuple(kinds.get(a, "name") for a in aliases),
                gender=row.get("gender", "") or "",
                role=row.get("role", "") or "",
                affiliation=slugs.get(row.get("affiliation") or ""),
            )
        )
    return out
