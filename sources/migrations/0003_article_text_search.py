"""A GIN index for PostgreSQL full-text search of articles (nothing on other databases)."""

from django.db import migrations

INDEX = "sources_article_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON sources_article "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_ingestion")]
    operations = [migrations.RunPython(create, drop)]
