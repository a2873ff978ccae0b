from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Code every app shares: API base classes, roles and permissions, parameter parsing, upsert and
    progress helpers, accounts and their commands (`add_user`, `ensure_local_editor`)."""

    name = "common"
    verbose_name = "Common"
