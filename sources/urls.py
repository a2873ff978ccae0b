"""Every page of the sources app: articles under `sources:`, the ingest page under `ingest:`."""

from django.urls import include, path

from .views import articles, ingest

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

urlpatterns = [
    path("articles/", include((article_patterns, "sources"))),
    path("ingest/", include((ingest_patterns, "ingest"))),
]
