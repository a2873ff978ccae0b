from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import feeds, views

patterns = [
    path("", views.notifications_page, name="notifications"),
    path("read/", views.mark_read, name="read"),
    path("feed/<str:token>/", login_not_required(feeds.NotificationFeed()), name="feed"),
    path("watches/", views.watches_page, name="watches"),
    path("watches/button/", views.watch_button, name="button"),
    path("watches/<int:pk>/", views.watch_kinds, name="kinds"),
    path("watches/email/", views.email_setting, name="email"),
    path("watches/feed/", views.feed_address, name="feed-address"),
    path("watches/webhooks/", views.webhook_action, name="webhook"),
]

urlpatterns = [path("notifications/", include((patterns, "watches")))]
