from datetime import timedelta

from django.core.management.base import BaseCommand

from ...services import sweep_ingest_jobs


class Command(BaseCommand):
    help = "Queue again the ingest jobs that stopped moving (worker died, broker lost the message). Beat runs it every minute."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stalled-after",
            type=int,
            metavar="SECONDS",
            help="Re-send queued jobs not started after this long (default: the setting)",
        )

    def handle(self, *args, stalled_after: int | None, **options):
        delay = timedelta(seconds=stalled_after) if stalled_after is not None else None
        report = sweep_ingest_jobs(stalled_after=delay)
        self.stdout.write(
            f"Re-queued {report.requeued_lost} job(s) lost with a worker and "
            f"{report.requeued_stalled} stalled job(s); {report.failed_spent} failed "
            f"(no attempts left)."
        )
