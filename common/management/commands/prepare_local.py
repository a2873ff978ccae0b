from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "What `make run` does before serving, in one process (Django starts once, not three times): "
        "migrate, load the seeds and extract their statements, make a local editor if there is none."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout, stderr=self.stderr)
        call_command("load_seeds", stdout=self.stdout, stderr=self.stderr)
        call_command("ensure_local_editor", stdout=self.stdout, stderr=self.stderr)
