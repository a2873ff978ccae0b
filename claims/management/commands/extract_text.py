import json
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from actors.selectors import actor_records
from claims.extraction import clean_text, extract_many, load_nlp
from claims.extraction.jsonl import statement_to_json
from sources.models import Article
from sources.text import content_hash


class Command(BaseCommand):
    help = (
        "Run the extractor on text files against the actors in the database, writing nothing. "
        "Prints a table, or one JSON object per statement with --jsonl."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--published",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Publication date for relative dates (default: the stored article with the same text, "
            "else a dateline in the text).",
        )
        parser.add_argument("--jsonl", action="store_true", help="One JSON object per statement.")

    def handle(self, *args, files: list[Path], published: date | None, jsonl: bool, **options):
        if "actors_actor" not in connection.introspection.table_names():
            raise CommandError(
                "The database is not set up, so there are no actors to resolve speakers to: run "
                "`make run` once, or `python manage.py migrate && python manage.py load_seeds`."
            )
        texts, failures = [], []
        for path in files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                failures.append(f"{path}: cannot read: {exc.strerror or exc}")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                failures.append(f"{path}: not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first")
                continue
            if len(text) > settings.TRACKER_EXTRACTION_MAX_CHARS:
                failures.append(
                    f"{path}: {len(text):,} characters is over TRACKER_EXTRACTION_MAX_CHARS "
                    f"({settings.TRACKER_EXTRACTION_MAX_CHARS:,}); not extracted"
                )
                continue
            texts.append((path, text, published or self._stored_date(text)))
        for failure in failures:
            self.stderr.write(failure)
        if texts:
            self._extract(texts, jsonl)
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} file(s) could not be extracted (see above).")

    @staticmethod
    def _stored_date(text: str) -> date | None:
        """The publication date of the stored article with this text, when there is one."""
        article = (
            Article.objects.filter(content_hash=content_hash(clean_text(text))).only("published_at").first()
        )
        return article.published_at.date() if article and article.published_at else None

    def _extract(self, texts: list[tuple[Path, str, date | None]], jsonl: bool) -> None:
        results = extract_many(
            ((text, when) for _, text, when in texts),
            actors=actor_records(),
            nlp=load_nlp(settings.TRACKER_SPACY_MODEL),
            max_chars=settings.TRACKER_EXTRACTION_MAX_CHARS,
        )
        for (path, _, _), result in zip(texts, results, strict=True):
            if result.skipped_reason:
                self.stderr.write(f"{path}: skipped: {result.skipped_reason}")
            rows = [
                statement_to_json(path.name, record, result.published, result=result)
                for record in result.statements
            ]
            if jsonl:
                for row in rows:
                    self.stdout.write(json.dumps(row, ensure_ascii=False))
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{path.name}: {len(rows)} statement(s)"))
            for row in rows:
                self.stdout.write(_table_row(row))
        sys.stdout.flush()


def _table_row(row: dict) -> str:
    """One statement of the readable table; a missing speaker, cue or date shows as a dash."""
    via = f" via {row['via']}" if row.get("via") else ""
    quote = row["quote"] if len(row["quote"]) <= 100 else row["quote"][:99] + "…"
    return (
        f"  {row['speaker'] or '?':<28} {row['kind']:<8} {row['cue'] or '—':<14} "
        f"{row['date'] or '—':<10}{via}\n      {quote}"
    )
