from django.urls import path

from . import ingest_views, views

app_name = "sources"
urlpatterns = [
    path("", views.article_index, name="article-list"),
    path("<int:pk>/", views.article_page, name="article-detail"),
]

ingest_urlpatterns = (
    [
        path("", ingest_views.ingest_page, name="page"),
        path("jobs/", ingest_views.job_rows, name="jobs"),
        path("submit/<str:mode>/", ingest_views.submit, name="submit"),
        path("jobs/<int:pk>/retry/", ingest_views.retry, name="retry"),
    ],
    "ingest",
)
