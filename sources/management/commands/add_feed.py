from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...services import add_feed


class Command(BaseCommand):
    help = "Register an RSS or Atom feed; beat (or poll_feeds) polls it and ingests each new item."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--outlet", default="", help="Outlet the feed's articles belong to")
        parser.add_argument("--every", type=int, metavar="MINUTES", help="Polling interval (default: 30)")

    def handle(self, *args, url: str, outlet: str, every: int | None, **options):
        try:
            result = add_feed(url=url, outlet_name=outlet, every_minutes=every)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        feed = result.obj
        verb = "Added" if result.created else ("Updated" if result.changed else "Unchanged:")
        self.stdout.write(
            f"{verb} feed {feed.pk} {feed.url} (every {feed.poll_interval_minutes} min"
            f"{', outlet ' + feed.outlet.name if feed.outlet else ''})."
        )
