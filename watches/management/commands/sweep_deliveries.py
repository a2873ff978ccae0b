from datetime import timedelta

from django.core.management.base import BaseCommand

from ...services import sweep_deliveries


class Command(BaseCommand):
    help = (
        "Send again the deliveries that stopped moving (worker died, broker lost the message, a retry came "
        "due without a worker to run it). Beat runs it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stalled-after",
            type=int,
            metavar="SECONDS",
            help="Re-send queued deliveries not started after this long (default: the setting)",
        )

    def handle(self, *args, stalled_after: int | None, **options):
        delay = timedelta(seconds=stalled_after) if stalled_after is not None else None
        report = sweep_deliveries(stalled_after=delay)
        self.stdout.write(
            f"Re-queued {report.requeued_lost} deliveries lost with a worker and "
            f"{report.requeued_stalled} stalled ones; {report.failed_spent} failed (no attempts left)."
        )
