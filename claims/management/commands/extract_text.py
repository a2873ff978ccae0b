import json
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from actors.selectors import actor_records
from claims.extraction import clean_text, extract_many, load_nlp
from claims.extraction.jsonl import actors_from_json, statement_to_json
from claims.extraction.types import ActorRecord
from claims.seeds import DEFAULT_SEEDS_DIR, SeedError, read_seeds
from sources.selectors import published_date_of
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
        parser.add_argument(
            "--actors",
            type=Path,
            metavar="ACTORS_JSON",
            help="Resolve speakers against this actors.json instead of the database "
            "(default without a database: the bundled seeds/actors.json).",
        )

    def handle(
        self, *args, files: list[Path], published: date | None, jsonl: bool, actors: Path | None, **options
    ):
        self._has_database = "actors_actor" in connection.introspection.table_names()
        self._actors = self._actor_records(actors)
        self._seed_dates = {} if self._has_database or actors else _bundled_seed_dates()
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

    def _actor_records(self, path: Path | None) -> list[ActorRecord]:
        """The actors speakers resolve to: a given file, else the database's, else the bundled seeds'
        (so the command works on a fresh checkout before `make run`, saying so on stderr)."""
        if path is None and self._has_database:
            return actor_records()
        if path is None:
            path = DEFAULT_SEEDS_DIR / "actors.json"
            self.stderr.write(
                f"The database is not set up: resolving speakers against {path} "
                "(run `make run` once, or `python manage.py migrate && python manage.py load_seeds`)."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return actors_from_json(data)
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CommandError(
                f'{path}: not an actors file ({{"actors": [{{"name": ..., "aliases": [...]}}]}}): {exc}'
            ) from exc

    def _stored_date(self, text: str) -> date | None:
        """The publication date of the stored article with this text, when there is one."""
        if not self._has_database:
            return self._seed_dates.get(content_hash(clean_text(text)))
        return published_date_of(content_hash(clean_text(text)))

    def _extract(self, texts: list[tuple[Path, str, date | None]], jsonl: bool) -> None:
        results = extract_many(
            ((text, when) for _, text, when in texts),
            actors=self._actors,
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


def _bundled_seed_dates() -> dict[str, date]:
    """Publication dates of the bundled seed articles by text hash: what the database would hold
    once `load_seeds` has run, so a seed file reads the same before and after `make run`."""
    try:
        articles = read_seeds(DEFAULT_SEEDS_DIR)["articles"]
    except SeedError:
        return {}
    return {
        content_hash(article["text"]): article["published_at"].date()
        for article in articles
        if article["published_at"]
    }


def _table_row(row: dict) -> str:
    """One statement of the readable table; a missing speaker, cue or date shows as a dash."""
    via = f" via {row['via']}" if row.get("via") else ""
    quote = row["quote"] if len(row["quote"]) <= 100 else row["quote"][:99] + "…"
    return (
        f"  {row['speaker'] or '?':<28} {row['kind']:<8} {row['cue'] or '—':<14} "
        f"{row['date'] or '—':<10}{via}\n      {quote}"
    )
