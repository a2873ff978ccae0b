"""Indexes that serve each list's filter and order, so a page of a list reads its first rows instead of
sorting every match: an actor's timeline (speaker, newest first), the API's statements by speaker and by
proposition (newest id first, the cursor's order). PostgreSQL only, as 0006: SQLite has no NULLS LAST in
index definitions (and the embedded database is small)."""

from django.db import migrations

INDEXES = {
    "statement_speaker_latest": (
        "claims_statement (speaker_id, said_on DESC NULLS LAST, id DESC) WHERE status = 'approved'"
    ),
    "statement_speaker_newest": "claims_statement (speaker_id, id DESC) WHERE status = 'approved'",
    "stance_proposition_confirmed": "claims_stance (proposition_id, statement_id DESC) WHERE is_confirmed",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_positions_as_data"),
    ]

    operations = [migrations.RunPython(create, drop)]
