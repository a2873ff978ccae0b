"""The notifications page, the unread count in the header, marking read, the watch buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services as review
from watches import services
from watches.models import Notification, Watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    new = record["new"]
    new.refresh_from_db()
    review.approve_statement(statement_id=new.pk, user=editor, version=new.version)
    return analyst


def test_the_header_shows_the_unread_count(client, told):
    client.force_login(told)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="1 unread"' in page


def test_the_notifications_page_shows_what_changed_with_the_words(client, told, record):
    client.force_login(told)
    page = client.get(reverse("watches:notifications")).content.decode()
    assert "Dana Reyes changed position on" in page
    assert "Scrapping the toll would be a mistake" in page
    assert f'href="/articles/{record["new"].article_id}/#s{record["new"].pk}"' in page


def test_marking_one_read_clears_the_count(client, told):
    client.force_login(told)
    notification = Notification.objects.get()
    client.post(reverse("watches:read"), {"notification": notification.pk})
    assert 'aria-label="1 unread"' not in client.get(reverse("home")).content.decode()


def test_mark_all_read(client, told):
    client.force_login(told)
    client.post(reverse("watches:read"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_one_cannot_mark_another_users_notification(client, told, make_user):
    other = make_user("olga", "analyst")
    client.force_login(other)
    client.post(reverse("watches:read"), {"notification": Notification.objects.get().pk})
    assert Notification.objects.get().read_at is None


def test_a_bad_notification_id_is_a_message_not_an_error(client, told):
    client.force_login(told)
    response = client.post(reverse("watches:read"), {"notification": "²"}, follow=True)
    assert "No such notification." in response.content.decode()


def test_the_watch_button_on_the_actor_page_watches_it(client, analyst, record):
    client.force_login(analyst)
    page = client.get(reverse("actors:actor-detail", args=[record["actor"].slug])).content.decode()
    assert "☆ Watch this actor" in page
    response = client.post(reverse("watches:button"), {"actor": record["actor"].pk}, HTTP_HX_REQUEST="true")
    assert "★ Watching this actor" in response.content.decode()
    assert Watch.objects.filter(user=analyst, actor=record["actor"], proposition=None).exists()


def test_the_pair_button_watches_the_actor_on_that_proposition(client, analyst, record):
    client.force_login(analyst)
    client.post(
        reverse("watches:button"), {"actor": record["actor"].pk, "proposition": record["proposition"].pk}
    )
    assert Watch.objects.get().proposition == record["proposition"]


def test_the_button_again_stops_watching(client, analyst, record):
    client.force_login(analyst)
    client.post(reverse("watches:button"), {"proposition": record["proposition"].pk})
    client.post(reverse("watches:button"), {"proposition": record["proposition"].pk, "action": "unwatch"})
    assert Watch.objects.count() == 0


def test_the_proposition_page_has_a_watch_button(client, analyst, record):
    client.force_login(analyst)
    page = client.get(reverse("propositions:detail", args=[record["proposition"].slug])).content.decode()
    assert "☆ Watch this proposition" in page


def test_an_unknown_actor_is_a_404(client, analyst):
    client.force_login(analyst)
    assert client.post(reverse("watches:button"), {"actor": "99999"}).status_code == 404


def test_the_watches_page_lists_them(client, told):
    client.force_login(told)
    page = client.get(reverse("watches:watches")).content.decode()
    assert "Dana Reyes" in page


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("watches:notifications"))
    assert response.status_code == 302
