from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.parallel import default_processes
from claims.services import ExtractionOutcome, articles_to_extract, extract_articles
from common.progress import progress
from sources.selectors import missing_article_ids


class _Counted:
    """An iterator with a known length, for the progress bar."""

    def __init__(self, items: Iterator[ExtractionOutcome], total: int) -> None:
        self.items, self.total = items, total

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[ExtractionOutcome]:
        return self.items


class Command(BaseCommand):
    help = (
        "Extract stored articles' statements as pending candidates (reviewed statements are never touched). "
        "Articles are parsed on every core unless --processes says otherwise."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--article", type=int, action="append", metavar="ID", help="An article id (repeatable)."
        )
        which.add_argument(
            "--all", action="store_true", help="Every article not yet extracted by this version."
        )
        parser.add_argument("--rerun", action="store_true", help="Extract again even if already extracted.")
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            metavar="N",
            help=f"Worker processes (default: one per core, here {default_processes()}).",
        )

    def handle(
        self, *args, article: list[int] | None, all: bool, rerun: bool, processes: int | None, **options
    ):
        if processes is not None and processes < 1:
            raise CommandError("--processes must be at least 1.")
        if article:
            missing = missing_article_ids(article)
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
            ids = article
        else:
            ids = articles_to_extract(force=rerun)
        if not ids:
            self.stdout.write("Nothing to extract.")
            return
        totals = {"created": 0, "failed": 0, "skipped": 0}
        outcomes = extract_articles(article_ids=ids, force=rerun or bool(article), processes=processes)
        for outcome in progress(_Counted(outcomes, len(ids)), label="Extracting", stream=self.stderr):
            totals["created"] += outcome.created
            if outcome.status in ("failed", "skipped"):
                totals[outcome.status] += 1
                self.stderr.write(f"article {outcome.article_id}: {outcome.status}: {outcome.message}")
        self.stdout.write(
            f"{len(ids)} article(s): {totals['created']} candidate(s) written, "
            f"{totals['skipped']} skipped, {totals['failed']} failed."
        )
