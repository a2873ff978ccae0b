from django.core.management.base import BaseCommand, CommandError

from actors.selectors import actor_records
from claims.services import articles_to_extract, extract_article
from common.progress import progress
from sources.models import Article


class Command(BaseCommand):
    help = (
        "Extract stored articles' statements as pending candidates (reviewed statements are never touched)."
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

    def handle(self, *args, article: list[int] | None, all: bool, rerun: bool, **options):
        if article:
            missing = set(article) - set(Article.objects.filter(pk__in=article).values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
            ids = article
        else:
            ids = articles_to_extract(force=rerun)
        if not ids:
            self.stdout.write("Nothing to extract.")
            return
        actors = actor_records()
        totals = {"created": 0, "failed": 0, "skipped": 0}
        for article_id in progress(ids, label="Extracting", stream=self.stderr):
            outcome = extract_article(article_id, actors=actors, force=rerun or bool(article))
            totals["created"] += outcome.created
            if outcome.status in ("failed", "skipped"):
                totals[outcome.status] += 1
                self.stderr.write(f"article {article_id}: {outcome.status}: {outcome.message}")
        self.stdout.write(
            f"{len(ids)} article(s): {totals['created']} candidate(s) written, "
            f"{totals['skipped']} skipped, {totals['failed']} failed."
        )
