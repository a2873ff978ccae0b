"""A user's private Atom feed of notifications (Django's syndication framework). The token in the
address is the only credential, so a feed reader needs no login; revoking the token ends it (404)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Notification
from .selectors import feed_owner, notifications_of
from .services import absolute, describe

FEED_ENTRIES = 100


class NotificationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, token: str):  # type: ignore[override]
        user = feed_owner(token)
        if user is None:
            raise Http404("This feed address is not valid (revoked or mistyped).")
        return user

    def title(self, obj) -> str:
        return f"Claim tracker: what {obj.get_username()} watches"

    def link(self, obj) -> str:
        return reverse("watches:notifications")

    def subtitle(self, obj) -> str:
        return "Position changes, new statements and stances on the actors and propositions you watch."

    def items(self, obj) -> list[Notification]:
        return list(notifications_of(obj)[:FEED_ENTRIES])

    def item_title(self, item: Notification) -> str:
        return item.event.summary

    def item_description(self, item: Notification) -> str:
        return describe(item)

    def item_link(self, item: Notification) -> str:
        return absolute(item.event.details.get("statement_url") or reverse("watches:notifications"))

    def item_guid(self, item: Notification) -> str:
        return f"{absolute('/notifications/')}#n{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Notification):
        return item.created_at

    def item_updateddate(self, item: Notification):
        return item.created_at

    def item_author_name(self, item: Notification) -> str:
        return item.event.details.get("speaker", "")
