"""Every page of the sources app: articles under `sources:`, the ingest page under `ingest:`, outlets and
feeds under `manage:`."""

from django.urls import include, path

from .views import articles, ingest, manage

article_patterns = [
    path("", articles.article_index, name="article-list"),
    path("<int:pk>/", articles.article_page, name="article-detail"),
]

ingest_patterns = [
    path("", ingest.ingest_page, name="page"),
    path("jobs/", ingest.job_rows, name="jobs"),
    path("submit/<str:mode>/", ingest.submit, name="submit"),
    path("jobs/<int:pk>/retry/", ingest.retry, name="retry"),
]

manage_patterns = [
    path("", manage.index, name="index"),
    path("outlets/", manage.outlets, name="outlets"),
    path("outlets/<int:pk>/", manage.outlet_edit, name="outlet-edit"),
    path("outlets/<int:pk>/active/", manage.outlet_active, name="outlet-active"),
    path("feeds/", manage.feeds, name="feeds"),
    path("feeds/<int:pk>/", manage.feed_edit, name="feed-edit"),
    path("feeds/<int:pk>/active/", manage.feed_active, name="feed-active"),
    path("feeds/<int:pk>/poll/", manage.feed_poll, name="feed-poll"),
]

urlpatterns = [
    path("articles/", include((article_patterns, "sources"))),
    path("ingest/", include((ingest_patterns, "ingest"))),
    path("sources/", include((manage_patterns, "manage"))),
]
