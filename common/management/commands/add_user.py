from django.core.management.base import BaseCommand, CommandError

from common.accounts import create_or_update_user
from common.roles import ROLES


class Command(BaseCommand):
    help = "Create or update a user in one role (analyst, editor, admin) and print their REST API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--password", help="Set this password (default: a random one for a new user).")

    def handle(self, *args, username: str, role: str, password: str | None, **options):
        try:
            account = create_or_update_user(username=username, role=role, password=password)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        verb = "Created" if account.created else "Updated"
        self.stdout.write(f"{verb} user {account.user.username!r} with role {role}.")
        if account.password and password is None:
            self.stdout.write(f"password: {account.password}")
        self.stdout.write(f"token: {account.token}")
