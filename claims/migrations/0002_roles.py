"""Create the analyst and editor groups with their model permissions.

Analysts read everything; editors also review statements, manage actors and add sources.
Superusers need no group. Permissions are created here (not only after migrate) so the groups are
complete on a fresh database.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("sources", "actors", "claims")
EDITOR_CHANGES = {
    "claims": {
        "change_statement",
        "add_statement",
        "add_stance",
        "change_stance",
        "delete_stance",
        "add_reviewevent",
        "add_statementcluster",
        "change_statementcluster",
    },
    "actors": {"add_actor", "change_actor", "add_alias", "change_alias", "delete_alias"},
    "sources": {
        "add_article",
        "add_ingestjob",
        "change_ingestjob",
        "add_feed",
        "change_feed",
        "add_outlet",
        "change_outlet",
    },
}


def create_roles(apps, schema_editor):
    for label in APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label__in=APPS, codename__startswith="view_")
    analyst, _ = Group.objects.get_or_create(name="analyst")
    analyst.permissions.add(*view)
    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.add(*view)
    for label, codenames in EDITOR_CHANGES.items():
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def drop_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["analyst", "editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0001_initial"),
        ("actors", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, drop_roles)]
