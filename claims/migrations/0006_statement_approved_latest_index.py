"""Approved statements newest first (said_on DESC NULLS LAST, id DESC), so the dashboard and the record's
lists read the first rows of an index instead of sorting every statement. PostgreSQL only: SQLite has
no NULLS LAST in index definitions (and the embedded database is small)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS statement_approved_latest ON claims_statement "
    "(said_on DESC NULLS LAST, id DESC) WHERE status = 'approved'"
)
DROP = "DROP INDEX IF EXISTS statement_approved_latest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_review_event_user_protect_undo_refused"),
    ]

    operations = [migrations.RunPython(create, drop)]
