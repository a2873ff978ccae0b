from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Registers the tasks in every process (web too), so services can queue them by name.
        from . import tasks  # noqa: F401
