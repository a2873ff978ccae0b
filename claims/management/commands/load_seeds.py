from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actors.selectors import actor_records
from claims.seeds import DEFAULT_SEEDS_DIR, SeedError, load_seeds
from claims.services import articles_to_extract, extract_article
from common.progress import progress


class Command(BaseCommand):
    help = "Load the seed articles, outlets, actors and propositions (idempotent), then extract their statements."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=DEFAULT_SEEDS_DIR, help="Seed folder (default: seeds/)"
        )
        parser.add_argument("--no-extract", action="store_true", help="Load only; do not extract statements.")

    def handle(self, *args, dir: Path, no_extract: bool, **options):
        try:
            report = load_seeds(dir)
        except SeedError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from None
        self.stdout.write(f"Seeds: {report.summary()}.")
        if no_extract:
            return
        seed_ids = {article.pk for article in report.articles}
        # Only articles this extractor version has not seen yet: a second run is quick and changes nothing.
        todo = [pk for pk in articles_to_extract() if pk in seed_ids]
        if not todo:
            self.stdout.write("Seed statements: already extracted.")
            return
        actors = actor_records()
        created = sum(
            extract_article(pk, actors=actors).created
            for pk in progress(todo, label="Extracting seed articles", stream=self.stderr)
        )
        self.stdout.write(f"Seed statements: {created} pending candidate(s) from {len(todo)} article(s).")
