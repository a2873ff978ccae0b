"""The words of each article as a stored tsvector (a generated column, PostgreSQL only), with its GIN
index in place of 0003's expression index, as claims 0011 did for statements: the search page reads an
article's newest matches in windows of ids (claims.search.search_articles), and a window the planner
reads by its ids tests the stored vector (microseconds) instead of parsing each article's text again
(a millisecond each: 131 ms for a window of 150 articles at 100,000 statements). Nothing on other
databases: claims.search matches by containment there."""

from django.db import migrations

DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(text, ''))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE sources_article ADD COLUMN IF NOT EXISTS search_document tsvector "
            f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_search_document ON sources_article USING gin (search_document) "
            "WITH (gin_pending_list_limit = 64)"  # as claims 0014 for statements: searches read it whole
        )
        schema_editor.execute("DROP INDEX IF EXISTS sources_article_text_fts")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS sources_article_text_fts ON sources_article USING gin ({DOCUMENT})"
        )
        schema_editor.execute("ALTER TABLE sources_article DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("sources", "0004_outlet_is_active")]
    operations = [migrations.RunPython(create, drop)]
