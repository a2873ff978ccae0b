from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.seeds import DEFAULT_SEEDS_DIR, SeedError, load_seeds


class Command(BaseCommand):
    help = "Load the seed articles, outlets, actors and propositions (idempotent), then extract their statements."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DEFAULT_SEEDS_DIR, help="Seed folder (default: seeds/)")
        parser.add_argument("--no-extract", action="store_true", help="Load only; do not extract statements.")

    def handle(self, *args, dir: Path, no_extract: bool, **options):
        try:
            report = load_seeds(dir)
        except SeedError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from None
        self.stdout.write(f"Seeds: {report.summary()}.")
