from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        # Registers the tasks in every process (web too), so services can queue them by name.
        from . import tasks  # noqa: F401
