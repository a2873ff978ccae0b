"""Each stance keeps a copy of its statement's speaker, with an index on (speaker, proposition): the
positions refresh of a review decision reads the stances of the pairs it touches through it, not every
statement of the speaker or every stance of the proposition. claims.services.positions keeps the copy
right from then on.

The record already stored is filled in one UPDATE ... FROM (PostgreSQL, and SQLite from 3.33), made as
cheap as one pass can be: the column is added without its foreign key and without the index, so the
update neither checks each row against the actors nor maintains the index row by row; the key is then
added (validated in one scan) and the index built in one sort. PostgreSQL analyzes the table after, so
the refresh's read is planned through the new index at once."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = (
    "UPDATE claims_stance SET speaker_id = claims_statement.speaker_id FROM claims_statement "
    "WHERE claims_statement.id = claims_stance.statement_id AND claims_statement.speaker_id IS NOT NULL"
)


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE claims_stance")


def speaker(*, constraint: bool) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_constraint=constraint,
        db_index=False,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to="actors.actor",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("claims", "0014_search_pending_list"),
    ]

    operations = [
        migrations.AddField(model_name="stance", name="speaker", field=speaker(constraint=False)),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(model_name="stance", name="speaker", field=speaker(constraint=True)),
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(fields=["speaker", "proposition"], name="stance_speaker_proposition"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
