from django.apps import AppConfig


class WatchesConfig(AppConfig):
    name = "watches"
    verbose_name = "Watches and alerts"

    def ready(self) -> None:
        # Registers the delivery tasks in every process (web too), so services can queue them by name.
        from . import tasks  # noqa: F401
