"""Four indexes on statements that later ones made redundant, dropped on PostgreSQL: every stored
statement wrote each of them (an article's ~36 statements, 19 indexes each, in the ingest job), and the
planner weighed each of them for every query that reads statements.

- (speaker_id, said_on) and the speaker's foreign-key index (speaker_id): statement_speaker_all_latest
  (0016) is on (speaker_id, said_on DESC NULLS LAST, id DESC) and serves an equality on the speaker,
  with or without a range of dates, either way along it (the speaker's partial indexes of 0010 serve
  approved ones);
- said_on alone: statement_latest (0016) serves any range of dates;
- (article_id, status): the article's foreign-key index finds an article's few dozen statements, and the
  planner chose it for every such query.

SQLite keeps them (the model no longer declares them; 0006, 0010 and 0016's indexes are PostgreSQL's
only), so only the state changes there."""

from django.db import migrations, models

DROPPED = {
    "claims_stat_speaker_f0a61a_idx": "claims_statement (speaker_id, said_on)",
    "claims_statement_speaker_id_8de2da16": "claims_statement (speaker_id)",
    "claims_statement_said_on_9d961d33": "claims_statement (said_on)",
    "claims_stat_article_168afe_idx": "claims_statement (article_id, status)",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in DROPPED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in DROPPED.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("claims", "0016_statement_date_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, create)],
            state_operations=[
                migrations.RemoveIndex(model_name="statement", name="claims_stat_speaker_f0a61a_idx"),
                migrations.RemoveIndex(model_name="statement", name="claims_stat_article_168afe_idx"),
                migrations.AlterField(
                    model_name="statement",
                    name="said_on",
                    field=models.DateField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="speaker",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="statements",
                        to="actors.actor",
                    ),
                ),
            ],
        )
    ]
