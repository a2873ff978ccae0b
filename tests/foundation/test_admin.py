"""The admin site: every registered model's list opens for a superuser; maintained records stay read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from common.admin import ReadOnlyAdmin

REGISTERED = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)
MAINTAINED = [
    ("claims", "actorposition"),
    ("claims", "positionchange"),
    ("claims", "reviewevent"),
    ("watches", "delivery"),
    ("watches", "event"),
    ("watches", "notification"),
    ("watches", "watch"),
    ("watches", "webhook"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_list_opens_for_a_superuser(client, admin_user, app, model):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


@pytest.mark.parametrize(("app", "model"), MAINTAINED)
def test_records_written_by_services_are_read_only_in_the_admin(app, model):
    registered = {(m._meta.app_label, m._meta.model_name): a for m, a in admin.site._registry.items()}
    assert isinstance(registered[(app, model)], ReadOnlyAdmin)


@pytest.mark.django_db
def test_a_superuser_cannot_add_a_position_by_hand(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:claims_actorposition_add")).status_code == 403


@pytest.mark.django_db
def test_an_editor_cannot_open_the_admin(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:watches_delivery_changelist"))
    assert response.status_code == 302
