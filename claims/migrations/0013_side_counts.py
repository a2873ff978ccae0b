"""Side counts kept as data (SideCount: actors per side of each proposition), built once here from the
maintained positions; claims.services.positions keeps them right from then on. The index of a
proposition"s sides gains the latest statement as its last key (PostgreSQL only, as 0009), so a side"s
most recently active positions are its first index entries, ties included."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count

SIDES = "claims_actorposition (proposition_id, polarity, latest_on DESC NULLS LAST, latest_statement_id DESC)"
OLD_SIDES = "claims_actorposition (proposition_id, polarity, latest_on DESC NULLS LAST)"


def sides_index(definition: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS actorposition_sides")
            schema_editor.execute(f"CREATE INDEX actorposition_sides ON {definition}")

    return run


def count_sides(apps, schema_editor):
    ActorPosition = apps.get_model("claims", "ActorPosition")
    SideCount = apps.get_model("claims", "SideCount")
    rows = ActorPosition.objects.order_by().values_list("proposition_id", "polarity").annotate(n=Count("id"))
    SideCount.objects.bulk_create(
        [SideCount(proposition_id=p, polarity=polarity, actors=n) for p, polarity, n in rows], batch_size=5000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_statement_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="SideCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "polarity",
                    models.CharField(
                        choices=[
                            ("supports", "Supports"),
                            ("opposes", "Opposes"),
                            ("asserts", "Asserts"),
                            ("denies", "Denies"),
                            ("undecided", "Undecided"),
                            ("neutral", "Neutral"),
                        ],
                        max_length=10,
                    ),
                ),
                ("actors", models.IntegerField(default=0)),
                (
                    "proposition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="side_counts",
                        to="claims.proposition",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("proposition", "polarity"), name="sidecount_one_per_side")
                ],
            },
        ),
        migrations.RunPython(count_sides, migrations.RunPython.noop),
        migrations.RunPython(sides_index(SIDES), sides_index(OLD_SIDES)),
    ]
