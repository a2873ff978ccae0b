"""Statement exports shared by the web pages and the API: CSV (streamed) and JSON rows, each with its
source URL and offsets; and schema.org JSON-LD of an article's approved statements."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from itertools import chain

from django.http import StreamingHttpResponse

EXPORT_FIELDS = [
    "id",
    "speaker",
    "speaker_slug",
    "speaker_mention",
    "text",
    "kind",
    "cue",
    "said_on",
    "date_precision",
    "via",
    "status",
    "article_id",
    "article_title",
    "outlet",
    "source_url",
    "start",
    "end",
    "stances",
    "cluster_id",
]


def _stances(statement) -> str:
    return "; ".join(f"{s.proposition.slug}={s.polarity}" for s in statement.stances.all() if s.is_confirmed)


def export_row(statement) -> dict:
    article = statement.article
    return {
        "id": statement.pk,
        "speaker": statement.speaker.name if statement.speaker_id else "",
        "speaker_slug": statement.speaker.slug if statement.speaker_id else "",
        "speaker_mention": statement.speaker_mention,
        "text": statement.text,
        "kind": statement.kind,
        "cue": statement.cue,
        "said_on": statement.said_on.isoformat() if statement.said_on else "",
        "date_precision": statement.date_precision,
        "via": statement.via.name if statement.via_id else "",
        "status": statement.status,
        "article_id": article.pk,
        "article_title": article.display_title,
        "outlet": article.outlet.name if article.outlet_id else "",
        "source_url": article.url or article.canonical_url,
        "start": statement.start,
        "end": statement.end,
        "stances": _stances(statement),
        # Reports of the same words in other outlets share a cluster: count each cluster once.
        "cluster_id": statement.cluster_id or "",
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: prefix those with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _rows(statements) -> Iterator:
    """The statements, row by row, with the query already run: a query the database refuses fails
    here, before the response starts, instead of cutting off a 200 that a client saves as complete."""
    rows = statements.iterator(chunk_size=500)
    first = next(rows, None)
    return rows if first is None else chain([first], rows)


def csv_response(statements) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = _rows(statements)

    def lines():
        yield writer.writerow(EXPORT_FIELDS)
        for statement in rows:
            row = export_row(statement)
            yield writer.writerow([_safe_cell(row[name]) for name in EXPORT_FIELDS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statements.csv"'
    return response


def json_response(statements) -> StreamingHttpResponse:
    """`{"statements": [...], "count": N}`, streamed row by row like the CSV, so a large export never
    sits in memory whole."""

    rows = _rows(statements)

    def pieces():
        count = 0
        yield '{"statements": ['
        for statement in rows:
            yield ("," if count else "") + json.dumps(export_row(statement), ensure_ascii=False)
            count += 1
        yield f'], "count": {count}}}'

    response = StreamingHttpResponse(pieces(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="statements.json"'
    return response


def _actor_node(actor) -> dict:
    node = {
        "@type": "Person" if actor.kind == "person" else "Organization",
        "@id": f"#actor-{actor.slug}",
        "name": actor.name,
    }
    if actor.external_id:
        node["identifier"] = actor.external_id
        if re.fullmatch(r"Q[1-9][0-9]*", actor.external_id):
            node["sameAs"] = f"https://www.wikidata.org/wiki/{actor.external_id}"
    return node


def quotations_jsonld(article, statements) -> dict:
    """schema.org Quotations for fact-checkers' tools: the words, who said them, when, and the source.
    A person's quotation also names them as `spokenByCharacter`, by reference to the same `@id`."""
    source = article.url or article.canonical_url
    based_on = {
        "@type": "NewsArticle",
        "headline": article.display_title,
        **({"url": source} if source else {}),
        **(
            {"publisher": {"@type": "Organization", "name": article.outlet.name}} if article.outlet_id else {}
        ),
        **({"datePublished": article.published_at.date().isoformat()} if article.published_at else {}),
    }
    graph = []
    for statement in statements:
        quote = {"@type": "Quotation", "@id": f"#statement-{statement.pk}", "text": statement.text}
        if statement.speaker_id:
            quote["creator"] = _actor_node(statement.speaker)
            if statement.speaker.kind == "person":  # the person whose spoken words these are
                quote["spokenByCharacter"] = {"@id": quote["creator"]["@id"]}
        if statement.said_on:
            quote["dateCreated"] = statement.said_on.isoformat()
        quote["isBasedOn"] = based_on
        graph.append(quote)
    return {"@context": "https://schema.org", "@graph": graph}
