import sys
import time
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.background import runs_in_process
from common.progress import progress

from ...models import IngestJob
from ...selectors import job_summary
from ...services import submit_upload, submit_url


class Command(BaseCommand):
    help = (
        "Ingest web pages, .txt/.html files or standard input (-) as articles and extract their statements. "
        "Runs in-process when no broker is configured; otherwise queues jobs for the workers and waits for "
        "them unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="URL|FILE|-")
        parser.add_argument("--outlet", default="", help="Outlet name (default: found from the page's site)")
        parser.add_argument(
            "--published",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Publication date (default: page metadata, else the dateline)",
        )
        parser.add_argument("--title", default="", help="Title (default: the page's own)")
        parser.add_argument("--no-wait", action="store_true", help="Queue the jobs and return at once")
        parser.add_argument("--timeout", type=float, default=900, help="Seconds to wait for queued jobs")

    def handle(
        self,
        *args,
        sources: list[str],
        outlet: str,
        published: date | None,
        title: str,
        no_wait: bool,
        timeout: float,
        **options,
    ):
        jobs, refused = [], []
        for source in progress(sources, label="submitting", stream=self.stdout):
            try:
                jobs.append(self._submit(source, outlet=outlet, published=published, title=title))
            except (ValidationError, OSError) as exc:
                reason = (
                    "; ".join(exc.messages)
                    if isinstance(exc, ValidationError)
                    else (exc.strerror or str(exc))
                )
                refused.append(f"{source}: {reason}")
        for line in refused:
            self.stderr.write(f"refused: {line}")
        eager = runs_in_process()
        if jobs and not eager and no_wait:
            self.stdout.write(f"queued {len(jobs)} job(s): {', '.join(str(j.pk) for j in jobs)}")
            return
        if jobs and not eager:
            self._wait([j.pk for j in jobs], timeout)
        failed = self._report([j.pk for j in jobs])
        if refused or failed:
            raise CommandError(
                f"{len(refused) + failed} of {len(sources)} source(s) did not become articles."
            )

    def _submit(self, source: str, **options) -> IngestJob:
        if source.startswith(("http://", "https://")) or "://" in source:
            return submit_url(
                url=source,
                outlet_name=options["outlet"],
                title=options["title"],
                published=options["published"],
            )
        if source == "-":
            data, name = sys.stdin.buffer.read(), "stdin"
        else:
            path = Path(source)
            if not path.is_file():
                raise ValidationError(f"no such file: {path}")
            data, name = path.read_bytes(), path.name
        return submit_upload(
            data=data,
            filename=name,
            outlet_name=options["outlet"],
            title=options["title"],
            published=options["published"],
        )

    def _wait(self, job_ids: list[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        tty = self.stdout.isatty()
        while True:
            active = IngestJob.objects.filter(pk__in=job_ids, state__in=IngestJob.ACTIVE_STATES).count()
            if tty:
                self.stdout.write(
                    f"\rwaiting for workers: {len(job_ids) - active}/{len(job_ids)} done", ending=""
                )
                self.stdout.flush()
            if not active:
                if tty:
                    self.stdout.write("")
                return
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{active} job(s) still queued or running after {timeout:.0f} s; "
                    "is a worker running? (make worker)"
                )
            time.sleep(0.5)

    def _report(self, job_ids: list[int]) -> int:
        failed = 0
        for summary in job_summary(job_ids):
            if summary.state == IngestJob.State.DONE:
                self.stdout.write(self.style.SUCCESS(f"{summary.state:<7}") + summary.line)
            else:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{summary.state:<7}") + summary.line)
        return failed
