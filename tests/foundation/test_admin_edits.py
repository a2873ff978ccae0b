"""Changes an administrator makes in the Django admin keep what review decisions keep: the maintained
positions follow the stances and speakers, the audit trail records the change, the version moves on
(so an editor's open card is told), and propositions are edited on the tracker's own pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from claims.models import ActorPosition, ReviewEvent, Stance, Statement
from claims.services import refresh_positions
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported():
    """An approved statement by Min Ister supporting a levy, with its position maintained."""
    levy = PropositionFactory(title="A levy on freight", kind="proposal", slug="levy")
    minister = ActorFactory(name="Min Ister")
    statement = StatementFactory(
        speaker=minister, status="approved", said_on=date(2026, 3, 1), date_precision="day", text="we back it"
    )
    StanceFactory(statement=statement, proposition=levy, polarity="supports", is_confirmed=True)
    refresh_positions()
    return statement


def form_data(response) -> dict:
    """What the admin's change form would post back unchanged: its fields and its inlines' forms."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def post_change(client, statement: Statement, **changes):
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_a_speaker_changed_in_the_admin_moves_the_position(client, admin_user, supported):
    other = ActorFactory(name="Eve Envoy")
    client.force_login(admin_user)
    response = post_change(client, supported, speaker=other.pk)
    assert response.status_code == 302
    assert list(ActorPosition.objects.values_list("actor__name", "polarity")) == [("Eve Envoy", "supports")]


def test_a_stance_flipped_in_the_admin_changes_the_position(client, admin_user, supported):
    stance = supported.stances.get()
    client.force_login(admin_user)
    response = post_change(client, supported, **{"stances-0-polarity": "opposes"})
    assert response.status_code == 302
    assert ActorPosition.objects.get(actor=supported.speaker).polarity == "opposes"
    assert Stance.objects.get(pk=stance.pk).polarity == "opposes"


def test_a_change_in_the_admin_is_in_the_audit_trail(client, admin_user, supported):
    client.force_login(admin_user)
    post_change(client, supported, text="we back it fully")
    event = ReviewEvent.objects.get(statement=supported)
    assert (event.action, event.user, event.before["text"], event.after["text"]) == (
        "edit",
        admin_user,
        "we back it",
        "we back it fully",
    )


def test_a_change_in_the_admin_moves_the_version_on(client, admin_user, supported):
    client.force_login(admin_user)
    post_change(client, supported, text="we back it fully")
    assert Statement.objects.get(pk=supported.pk).version == supported.version + 1


def test_saving_the_admin_form_unchanged_records_nothing(client, admin_user, supported):
    client.force_login(admin_user)
    assert post_change(client, supported).status_code == 302
    assert not ReviewEvent.objects.exists()


def test_a_stance_deleted_in_the_admin_takes_the_position_away(client, admin_user, supported):
    stance = supported.stances.get()
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_stance_delete", args=[stance.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ActorPosition.objects.exists()


def test_an_earlier_statement_deleted_in_the_admin_no_longer_counts(client, admin_user, supported):
    later = StatementFactory(
        speaker=supported.speaker, status="approved", said_on=date(2026, 4, 1), date_precision="day"
    )
    StanceFactory(
        statement=later,
        proposition=supported.stances.get().proposition,
        polarity="supports",
        is_confirmed=True,
    )
    refresh_positions()
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_statement_delete", args=[supported.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert ActorPosition.objects.get().stances == 1


def test_propositions_are_edited_on_the_tracker_pages_not_in_the_admin(client, admin_user, supported):
    client.force_login(admin_user)
    levy = supported.stances.get().proposition
    listing = client.get(reverse("admin:claims_proposition_changelist")).content.decode()
    assert reverse("propositions:edit", args=[levy.slug]) in listing
    assert client.get(reverse("admin:claims_proposition_add")).status_code == 403
