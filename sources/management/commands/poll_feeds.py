from django.core.management.base import BaseCommand

from common.background import runs_in_process

from ...models import Feed
from ...services import due_feed_ids, poll_feed


class Command(BaseCommand):
    help = (
        "Poll every due feed now (all active feeds with --all) and queue a job per new item. Without a "
        "broker the items are ingested in-process before this returns."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Poll every active feed, due or not")

    def handle(self, *args, all: bool, **options):
        ids = (
            list(Feed.objects.filter(is_active=True).values_list("pk", flat=True)) if all else due_feed_ids()
        )
        if not ids:
            self.stdout.write("No feed is due.")
            return
        for feed_id in ids:
            poll = poll_feed(feed_id=feed_id, force=all)
            feed = Feed.objects.get(pk=feed_id)
            if not poll.polled:
                self.stdout.write(f"{feed.url}: skipped (another poll is under way)")
            elif poll.error:
                self.stderr.write(f"{feed.url}: {poll.error}")
            else:
                queued = "ingested" if runs_in_process() else "queued"
                self.stdout.write(f"{feed.url}: {feed.last_status}; {len(poll.new_jobs)} job(s) {queued}")
