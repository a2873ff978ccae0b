from django.core.management.base import BaseCommand

from ...services import queue_digests


class Command(BaseCommand):
    help = "Queue today's digest email for each user who chose a daily digest (beat does it at TRACKER_DIGEST_HOUR)."

    def handle(self, *args, **options):
        made = queue_digests()
        self.stdout.write(f"Queued {len(made)} digest(s).")
