"""Check the maintained positions against a computation from scratch, or rebuild them."""

from django.core.management.base import BaseCommand, CommandError

from claims.services import check_positions, refresh_positions


class Command(BaseCommand):
    help = (
        "Compare the maintained positions and position changes with a computation from every stance "
        "(--check, exits 1 when they differ) or rebuild them from scratch (--fix)."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--check", action="store_true", help="Report pairs that differ; change nothing.")
        which.add_argument("--fix", action="store_true", help="Rebuild every position from the stances.")

    def handle(self, *args, check: bool = False, fix: bool = False, **options):
        if fix:
            moves = refresh_positions()
            self.stdout.write(f"Rebuilt the positions: {len(moves)} differed from what was stored.")
            return
        found = check_positions()
        for d in found[:50]:
            who = (
                f"stance {d.stance}"
                if d.stance is not None
                else f"actor {d.actor_id}"
                if d.actor_id is not None
                else "side count"
            )
            self.stdout.write(
                f"{who}, proposition {d.proposition_id}: stored {d.stored}; computed {d.computed}"
            )
        if found:
            raise CommandError(
                f"{len(found)} positions differ from the stances: run `manage.py positions --fix`."
            )
        self.stdout.write("The maintained positions agree with the stances.")
