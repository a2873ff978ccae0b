from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Registers the tasks in every process (web too), so services can queue them by name; an actor's
        # deletion takes its positions with it (cascade), and its side counts go in the same transaction.
        from django.db.models.signals import pre_delete

        from actors.models import Actor

        from . import tasks  # noqa: F401
        from .services.positions import actor_deleted

        pre_delete.connect(actor_deleted, sender=Actor, dispatch_uid="claims.positions.actor_deleted")

        from .listing import watch_statement_lists

        watch_statement_lists()
