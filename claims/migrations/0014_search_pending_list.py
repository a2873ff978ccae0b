"""The statements' GIN index keeps a pending list of at most 64 kB (PostgreSQL only). GIN's fast update
queues new entries in a pending list, up to 4 MB by default, that every search reads whole before the
index proper: at 1,000,000 statements a list of 265 pages cost 1.1 ms of every search (a word that
matches nothing: 1.1 ms, 0.03 ms without it; "bad harbour": 4.8 ms, 2.7 ms without it), whatever the
words, and how long it is depends only on when it was last flushed. 64 kB (the least allowed) is a few
statements' words: the insert that fills it moves them into the index. The list there is flushed now."""

from django.db import migrations

INDEX = "statement_search_document"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} SET (gin_pending_list_limit = 64)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_side_counts")]
    operations = [migrations.RunPython(create, drop)]
