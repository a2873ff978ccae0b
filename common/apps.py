from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Code every app shares: API base classes, roles and permissions, parameter parsing, upsert and
    progress helpers, accounts and their commands (`add_user`, `ensure_local_editor`), deployment checks."""

    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        # Registers the deployment checks, as Django intends (checks are found by registration).
        from . import checks, listcache  # noqa: F401

        listcache.install()  # every database write is looked at: does it change a cached API list?
