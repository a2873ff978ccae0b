from django.core.management.base import BaseCommand

from common.accounts import any_editor_exists, create_or_update_user


class Command(BaseCommand):
    help = "For local use: create an editor account when there is none, and print its credentials once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username: str, **options):
        if any_editor_exists():
            self.stdout.write("An editor account exists; none created.")
        else:
            self._create_editor(username)
        self.stdout.write(
            "The admin site (/admin/) needs an administrator: "
            "`python manage.py add_user NAME --role admin` creates one and prints its password."
        )

    def _create_editor(self, username: str) -> None:
        account = create_or_update_user(username=username, role="editor")
        self.stdout.write(
            self.style.SUCCESS(
                "Created a local editor account (shown only now; reset with "
                f"`python manage.py add_user {username} --role editor --password NEW`):\n"
                f"  user:     {account.user.username}\n  password: {account.password}\n  token:    {account.token}"
            )
        )
