"""Indexes that serve the search page without words for editors, who see every status: all statements
newest first (said_on DESC NULLS LAST, id DESC), the pending or rejected ones, and one speaker's (also the
editor's actor timeline), so a keyset page reads its first rows instead of sorting every match (at
1,000,000 statements an editor's `/search/` sorted them all: 2 s; a speaker's 2,000 took 12-18 ms).
Analysts' lists read `statement_approved_latest` (0006) and `statement_speaker_latest` (0010). PostgreSQL
only, as 0006 and 0010: SQLite has no NULLS LAST in index definitions (and the embedded database is
small)."""

from django.db import migrations

INDEXES = {
    "statement_latest": "claims_statement (said_on DESC NULLS LAST, id DESC)",
    # approved ones are statement_approved_latest's: this one holds the pending and rejected only
    "statement_status_latest": (
        "claims_statement (status, said_on DESC NULLS LAST, id DESC) WHERE status <> 'approved'"
    ),
    "statement_speaker_all_latest": "claims_statement (speaker_id, said_on DESC NULLS LAST, id DESC)",
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
        ("claims", "0015_stance_speaker"),
    ]

    operations = [migrations.RunPython(create, drop)]
